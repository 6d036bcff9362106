//! The outbox: mail is written in the same transaction as the change that
//! caused it, and a single background worker delivers it with retries. An SMTP
//! outage delays mail and never loses it; a Message-ID fixed at enqueue time makes
//! the rare resend after a crash recognisable as the same mail.

use std::sync::Arc;
use std::time::Duration;

use lettre::address::Envelope;
use tokio::sync::{Notify, watch};

use super::{MailError, Mailer, OutgoingMail, Sender};
use crate::db::{self, Db, WriteTx, outbox::NewOutboxMail};

/// After this many failed attempts a mail is given up (and stays visible with its last error).
pub const MAX_ATTEMPTS: i64 = 20;
/// The longest wait between two attempts.
const MAX_BACKOFF_SECS: i64 = 3600;
/// How long a pass's claim on its mail lasts (PostgreSQL): far longer than a pass of `BATCH`
/// mails takes, as another instance sends a mail again once its claim has run out.
const CLAIM_SECS: i64 = 15 * 60;

#[derive(Clone)]
pub struct Outbox {
    sender: Arc<Sender>,
    wake: Arc<Notify>,
    /// Held through each delivery pass, so the worker and `deliver_now` never send a mail twice.
    pass: Arc<tokio::sync::Mutex<()>>,
    retry_base_secs: i64,
}

impl Outbox {
    pub fn new(sender: Sender, retry_base_secs: u64) -> Self {
        Self {
            sender: Arc::new(sender),
            wake: Arc::new(Notify::new()),
            pass: Default::default(),
            retry_base_secs: retry_base_secs.max(1) as i64,
        }
    }

    /// Formats `mail` and stores it inside `tx`. Call [`Outbox::wake`] after the commit.
    pub async fn enqueue(&self, tx: &mut WriteTx, mail: &OutgoingMail) -> Result<i64, EnqueueError> {
        self.enqueue_as(tx, mail, false).await
    }

    /// Queues a mail whose text is wiped from the outbox once it is delivered: a secret the
    /// database must not keep, such as a reporter's follow-up code.
    pub async fn enqueue_forgotten(&self, tx: &mut WriteTx, mail: &OutgoingMail) -> Result<i64, EnqueueError> {
        self.enqueue_as(tx, mail, true).await
    }

    async fn enqueue_as(&self, tx: &mut WriteTx, mail: &OutgoingMail, forget_when_sent: bool) -> Result<i64, EnqueueError> {
        let formatted = self.sender.format(mail)?;
        let id = db::outbox::insert(
            tx,
            &NewOutboxMail {
                envelope_from: &formatted.envelope_from,
                envelope_to: &formatted.envelope_to,
                subject: &formatted.subject,
                message: &formatted.bytes,
                forget_when_sent,
            },
            db::now(),
        )
        .await?;
        Ok(id)
    }

    /// Tells the worker there is new mail. Harmless when there is none.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Seconds to wait after the `attempts`-th failure: doubling, capped.
    pub fn backoff_secs(&self, attempts: i64) -> i64 {
        let exp = attempts.clamp(1, 20) - 1;
        (self.retry_base_secs.saturating_mul(1 << exp)).min(MAX_BACKOFF_SECS)
    }

    /// Delivers due mail until `shutdown` turns true. One per process: instances sharing a
    /// PostgreSQL database each run one, and their claims keep them from sending a mail twice.
    pub async fn run_worker(self, db: Db, mailer: Mailer, mut shutdown: watch::Receiver<bool>) {
        tracing::info!(transport = %mailer.describe(), "outbox worker started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            let delivered_full_batch = match self.deliver_due(&db, &mailer).await {
                Ok(full) => full,
                Err(err) => {
                    tracing::warn!(%err, "outbox: could not read pending mail");
                    false
                }
            };
            if delivered_full_batch {
                continue;
            }
            let wait = match db::outbox::next_due_at(&db).await {
                Ok(Some(at)) => (at - db::now()).clamp(0, 60),
                _ => 60,
            };
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(wait as u64)) => {}
                _ = shutdown.changed() => {}
            }
        }
        tracing::info!("outbox worker stopped");
    }

    /// Delivers every mail that is due now and returns when that is done (or the mail server
    /// refused): what an operator's "send now" and the tests use, instead of waiting for the worker.
    pub async fn deliver_now(&self, db: &Db, mailer: &Mailer) -> Result<(), sqlx::Error> {
        while self.deliver_due(db, mailer).await? {}
        Ok(())
    }

    /// One pass over the due mail. Returns whether the batch was full (more may be waiting).
    ///
    /// The pass's outcomes are recorded together at its end, in one write that shares the group
    /// commit with RSVPs: during a registration burst, one write per mail would compete with them.
    /// The price: a crash in the middle of a pass sends that pass's mail again (at most `BATCH`).
    async fn deliver_due(&self, db: &Db, mailer: &Mailer) -> Result<bool, sqlx::Error> {
        const BATCH: i64 = 50;
        let _pass = self.pass.lock().await;
        let now = db::now();
        let due = db::outbox::claim_due(db, now, now + CLAIM_SECS, BATCH).await?;
        let mut sent = Vec::new();
        let mut failed = Vec::new();
        let mut server_down = false;
        for mail in &due {
            let envelope = match envelope(&mail.envelope_from, &mail.envelope_to) {
                Ok(envelope) => envelope,
                Err(err) => {
                    failed.push((mail.id, err.to_string(), None));
                    continue;
                }
            };
            match mailer.send_raw(&envelope, &mail.message).await {
                Ok(()) => {
                    sent.push(mail.id);
                    tracing::info!(id = mail.id, to = %mail.envelope_to, subject = %mail.subject, "mail delivered");
                }
                Err(err) => {
                    let attempts = mail.attempts + 1;
                    let retry_at = (!err.permanent && attempts < MAX_ATTEMPTS).then(|| db::now() + self.backoff_secs(attempts));
                    tracing::warn!(id = mail.id, attempts, permanent = err.permanent, retry_at, error = %err, "mail delivery failed");
                    failed.push((mail.id, err.message, retry_at));
                    if retry_at.is_some() {
                        // The server is likely down: stop this pass and let the backoff run.
                        server_down = true;
                        break;
                    }
                }
            }
        }
        // Claimed but not tried: the pass stopped at a server that is down.
        let untried: Vec<i64> = due.iter().map(|m| m.id).filter(|id| !sent.contains(id) && !failed.iter().any(|f| f.0 == *id)).collect();
        if !sent.is_empty() || !failed.is_empty() {
            let wiped = db
                .write(move |tx| {
                    Box::pin(async move {
                        let now = db::now();
                        db::outbox::release(tx, &untried, now).await?;
                        let wiped = db::outbox::mark_sent(tx, &sent, now).await?;
                        for (id, error, retry_at) in &failed {
                            db::outbox::mark_failed(tx, *id, error, *retry_at, now).await?;
                        }
                        Ok::<_, sqlx::Error>(wiped)
                    })
                })
                .await?;
            if wiped > 0 {
                db::outbox::checkpoint(db).await?;
            }
        }
        Ok(!server_down && due.len() as i64 == BATCH)
    }
}

fn envelope(from: &str, to: &str) -> Result<Envelope, MailError> {
    let from = from.parse().map_err(|_| MailError::InvalidAddress(from.to_string()))?;
    let to = to.parse().map_err(|_| MailError::InvalidAddress(to.to_string()))?;
    Envelope::new(Some(from), vec![to]).map_err(|e| MailError::Build(e.to_string()))
}

#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<EnqueueError> for crate::error::AppError {
    fn from(err: EnqueueError) -> Self {
        match err {
            EnqueueError::Mail(e) => e.into(),
            EnqueueError::Db(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let outbox = Outbox::new(Sender::new("f@example.org").unwrap(), 5);
        let waits: Vec<i64> = (1..=5).map(|n| outbox.backoff_secs(n)).collect();
        assert_eq!(waits, vec![5, 10, 20, 40, 80]);
        assert_eq!(outbox.backoff_secs(19), MAX_BACKOFF_SECS);
    }
}
