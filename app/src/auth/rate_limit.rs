//! Every rate limit of the app, per key (an account, an address, a client).
//!
//! Each attempt takes its cell *before* the work it guards (an Argon2 check, a mail, a code
//! lookup), atomically, through the GCRA: N parallel attempts can never do more than the
//! allowance, which a check-then-count pair could not promise. Keys expire on their own
//! once their cells have refilled.
//!
//! On SQLite (one process) the cells live in memory (governor). Several instances on one
//! PostgreSQL database count in the database with the same quotas and the same algorithm,
//! so an attacker does not get one allowance per instance (`db::rate_limits`); the key is
//! stored only as a keyed hash, so the table names no address or account.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::db::{self, Backend};
use crate::error::AppError;
use crate::state::AppState;

/// What is being limited, with its allowance per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Emailed links requested for one address.
    LinkPerEmail,
    /// Emailed links requested from one client address.
    LinkPerClient,
    /// Password attempts on one account.
    PasswordPerAccount,
    /// Password attempts from one client address.
    PasswordPerClient,
    /// Sign-in and confirmation links followed from one client address (guessing tokens).
    TokenPerClient,
    /// Answers without an account from one client address: generous, as a whole office may
    /// answer for its summer party from one address, but each answer can send a mail.
    GuestAnswersPerClient,
    /// "This address has already answered" mails with its personal link, per address.
    AnswerLinkPerAddress,
    /// Check-in codes tried by one staff account: a busy door checks in a party every few
    /// seconds, so this is far above any door and far below guessing a 40-bit code.
    CheckInPerAccount,
    /// Code-of-conduct reports from one client address: a flood of reports must not bury real ones.
    ConductReportsPerClient,
    /// Follow-up codes tried from one client address: 30 guesses per quarter hour against
    /// 2^123 codes is no way in.
    ConductCodesPerClient,
}

const ALL: [Limit; 10] = [
    Limit::LinkPerEmail,
    Limit::LinkPerClient,
    Limit::PasswordPerAccount,
    Limit::PasswordPerClient,
    Limit::TokenPerClient,
    Limit::GuestAnswersPerClient,
    Limit::AnswerLinkPerAddress,
    Limit::CheckInPerAccount,
    Limit::ConductReportsPerClient,
    Limit::ConductCodesPerClient,
];

impl Limit {
    /// Attempts allowed per window: all at once, then refilled evenly over the window.
    pub fn allowance(self) -> (u32, Duration) {
        const WINDOW: Duration = Duration::from_secs(15 * 60);
        match self {
            Self::LinkPerEmail => (5, WINDOW),
            Self::LinkPerClient => (20, WINDOW),
            Self::PasswordPerAccount => (5, WINDOW),
            Self::PasswordPerClient => (30, WINDOW),
            Self::TokenPerClient => (30, WINDOW),
            Self::GuestAnswersPerClient => (300, WINDOW),
            Self::AnswerLinkPerAddress => (3, WINDOW),
            Self::CheckInPerAccount => (900, WINDOW),
            Self::ConductReportsPerClient => (10, WINDOW),
            Self::ConductCodesPerClient => (30, WINDOW),
        }
    }

    fn quota(self) -> Quota {
        let (max, window) = self.allowance();
        let max = NonZeroU32::new(max).expect("allowances are positive");
        Quota::with_period(window / max.get()).expect("a positive period").allow_burst(max)
    }
}

/// Forget keys after this many attempts in all: each pass walks every key once.
const SWEEP_EVERY: u64 = 10_000;

pub struct RateLimiter {
    limiters: Vec<DefaultKeyedRateLimiter<String>>,
    attempts: AtomicU64,
}

impl Default for RateLimiter {
    fn default() -> Self {
        Self { limiters: ALL.iter().map(|l| governor::RateLimiter::keyed(l.quota())).collect(), attempts: AtomicU64::new(0) }
    }
}

impl RateLimiter {
    /// Takes one attempt of `key`'s allowance for `limit`, or refuses with the wait: in
    /// memory on SQLite, in the database every instance shares on PostgreSQL.
    pub async fn take(&self, state: &AppState, limit: Limit, key: &str) -> Result<(), AppError> {
        match state.db.backend() {
            Backend::Sqlite => self.take_here(limit, key),
            Backend::Postgres => self.take_shared(state, limit, key).await,
        }
    }

    async fn take_shared(&self, state: &AppState, limit: Limit, key: &str) -> Result<(), AppError> {
        let (max, window) = limit.allowance();
        let interval = (window / max).as_millis() as i64;
        // Burst: `max` attempts at once, the GCRA's tolerance is the window less one interval.
        let tolerance = window.as_millis() as i64 - interval;
        let now = jiff::Timestamp::now().as_millisecond();
        if self.attempts.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            db::rate_limits::sweep(&state.db, now).await?;
        }
        let hashed = hashed_key(&state.settings.secret_key.0, limit, key);
        match db::rate_limits::take(&state.db, &hashed, now, interval, tolerance).await? {
            None => Ok(()),
            Some(wait_ms) => Err(AppError::RateLimited { retry_after_secs: (wait_ms.max(0) as u64).div_ceil(1000).max(1) }),
        }
    }

    /// The in-memory limiter of one process.
    fn take_here(&self, limit: Limit, key: &str) -> Result<(), AppError> {
        // `ALL` lists the limits in declaration order, so a limit's number is its place there.
        let limiter = &self.limiters[limit as usize];
        if self.attempts.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            for limiter in &self.limiters {
                limiter.retain_recent();
            }
        }
        limiter.check_key(&key.to_string()).map_err(|not_until| AppError::RateLimited {
            retry_after_secs: not_until.wait_time_from(limiter.clock().now()).as_secs().max(1),
        })
    }
}

/// `limit` and `key` under HMAC-SHA256 with the instances' shared secret: the same on every
/// instance, and no address can be read back from it (not even by trying every IPv4 address).
fn hashed_key(secret: &[u8; 32], limit: Limit, key: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(format!("rate-limit\0{limit:?}\0{key}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_attempt_on_one_account_is_refused_but_other_accounts_are_not() {
        let limiter = RateLimiter::default();
        for _ in 0..5 {
            limiter.take_here(Limit::PasswordPerAccount, "ada@example.org").unwrap();
        }
        let err = limiter.take_here(Limit::PasswordPerAccount, "ada@example.org").unwrap_err();
        assert!(matches!(err, AppError::RateLimited { retry_after_secs } if retry_after_secs > 60), "{err:?}");
        assert!(limiter.take_here(Limit::PasswordPerAccount, "grace@example.org").is_ok());
        assert!(limiter.take_here(Limit::PasswordPerClient, "ada@example.org").is_ok());
    }

    #[test]
    fn every_limit_has_its_own_limiter() {
        for (place, limit) in ALL.iter().enumerate() {
            assert_eq!(*limit as usize, place, "{limit:?}");
        }
    }

    #[test]
    fn parallel_attempts_never_exceed_the_allowance() {
        let limiter = std::sync::Arc::new(RateLimiter::default());
        let granted: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..60)
                .map(|_| {
                    let limiter = limiter.clone();
                    scope.spawn(move || limiter.take_here(Limit::PasswordPerAccount, "ada@example.org").is_ok() as usize)
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(granted, 5);
    }
}
