//! Fixed-window counters in memory, per key (an account, a client address).
//! One process serves one database, so memory is the right place.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::AppError;

/// What is being limited, with its allowance per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Emailed links requested for one address.
    LinkPerEmail,
    /// Emailed links requested from one client address.
    LinkPerClient,
    /// Failed password attempts on one account.
    PasswordPerAccount,
    /// Failed password attempts from one client address.
    PasswordPerClient,
    /// Sign-in links followed from one client address (guessing tokens).
    TokenPerClient,
    /// Answers without an account from one client address: generous, as a whole office may
    /// answer for its summer party from one address, but each answer can send a mail.
    GuestAnswersPerClient,
    /// "This address has already answered" mails with its personal link, per address.
    AnswerLinkPerAddress,
}

impl Limit {
    fn allowance(self) -> (u32, Duration) {
        const WINDOW: Duration = Duration::from_secs(15 * 60);
        match self {
            Self::LinkPerEmail => (5, WINDOW),
            Self::LinkPerClient => (20, WINDOW),
            Self::PasswordPerAccount => (5, WINDOW),
            Self::PasswordPerClient => (30, WINDOW),
            Self::TokenPerClient => (30, WINDOW),
            Self::GuestAnswersPerClient => (300, WINDOW),
            Self::AnswerLinkPerAddress => (3, WINDOW),
        }
    }
}

#[derive(Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<(Limit, String), (Instant, u32)>>,
}

impl RateLimiter {
    /// Refuses when `key` has used up its allowance for `limit`; does not count.
    pub fn check(&self, limit: Limit, key: &str) -> Result<(), AppError> {
        let (max, window) = limit.allowance();
        let windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        match windows.get(&(limit, key.to_string())) {
            Some((start, count)) if start.elapsed() < window && *count >= max => {
                Err(AppError::RateLimited { retry_after_secs: (window - start.elapsed()).as_secs().max(1) })
            }
            _ => Ok(()),
        }
    }

    /// Counts one use, starting a new window when the old one is over.
    pub fn hit(&self, limit: Limit, key: &str) {
        let (_, window) = limit.allowance();
        let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| start.elapsed() < window);
        }
        let entry = windows.entry((limit, key.to_string())).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= window {
            *entry = (Instant::now(), 0);
        }
        entry.1 += 1;
    }

    /// Checks and counts in one step.
    pub fn take(&self, limit: Limit, key: &str) -> Result<(), AppError> {
        self.check(limit, key)?;
        self.hit(limit, key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_failure_on_one_account_is_refused_but_other_accounts_are_not() {
        let limiter = RateLimiter::default();
        for _ in 0..5 {
            limiter.check(Limit::PasswordPerAccount, "ada@example.org").unwrap();
            limiter.hit(Limit::PasswordPerAccount, "ada@example.org");
        }
        let err = limiter.check(Limit::PasswordPerAccount, "ada@example.org").unwrap_err();
        assert!(matches!(err, AppError::RateLimited { retry_after_secs } if retry_after_secs > 0));
        assert!(limiter.check(Limit::PasswordPerAccount, "grace@example.org").is_ok());
        assert!(limiter.check(Limit::PasswordPerClient, "ada@example.org").is_ok());
    }
}
