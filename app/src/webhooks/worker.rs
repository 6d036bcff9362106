//! Sends queued webhook deliveries: each subscription's oldest first, and its next only once
//! that one went through or was given up, so a receiver sees its events in order. A failed
//! attempt (no answer in ten seconds, or a status other than 2xx) is retried after a wait
//! that doubles, eight attempts in all; every attempt is signed afresh with its own time.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, watch};

use super::target;
use crate::db::webhooks::DueDelivery;
use crate::db::{self, Db};
use crate::state::Settings;

const ATTEMPTS: i64 = 8;
const MAX_WAIT_SECS: i64 = 3600;
const TIMEOUT: Duration = Duration::from_secs(10);

/// The handle use cases wake after queueing, and the worker's loop.
#[derive(Clone)]
pub struct Webhooks {
    wake: Arc<Notify>,
    retry_base_secs: i64,
}

impl Webhooks {
    pub fn new(retry_base_secs: u64) -> Self {
        Self { wake: Arc::new(Notify::new()), retry_base_secs: retry_base_secs.max(1) as i64 }
    }

    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub async fn run_worker(self, db: Db, settings: Arc<Settings>, mut shutdown: watch::Receiver<bool>) {
        loop {
            if *shutdown.borrow() {
                break;
            }
            if let Err(err) = self.deliver_due(&db, &settings).await {
                tracing::warn!(%err, "webhooks: could not read pending deliveries");
            }
            let wait = match db::webhooks::next_due_at(&db).await {
                Ok(Some(at)) => (at - db::now()).clamp(1, 60),
                _ => 60,
            };
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(wait as u64)) => {}
                _ = shutdown.changed() => {}
            }
        }
    }

    /// Sends what is due until nothing is: for tests and the operator, instead of the clock.
    pub async fn deliver_now(&self, db: &Db, settings: &Settings) -> Result<(), sqlx::Error> {
        while self.deliver_due(db, settings).await? {}
        Ok(())
    }

    /// One attempt at the head of each subscription's queue that is due; whether any went through.
    async fn deliver_due(&self, db: &Db, settings: &Settings) -> Result<bool, sqlx::Error> {
        let secrets = super::Secrets::new(settings);
        let mut any = false;
        for delivery in db::webhooks::due(db, db::now()).await? {
            // An attempt takes at most TIMEOUT; the claim lasts longer, so no one sends it twice.
            let now = db::now();
            if !db::webhooks::claim(db, delivery.id, now, now + 2 * TIMEOUT.as_secs() as i64).await? {
                continue;
            }
            let outcome = attempt(&secrets, settings, &delivery).await;
            let now = db::now();
            let mut tx = db.begin_write().await?;
            match outcome {
                Ok(status) => {
                    db::webhooks::delivered(&mut tx, delivery.id, status, now).await?;
                    any = true;
                }
                Err((status, error)) => {
                    let attempts = delivery.attempts + 1;
                    let wait = (self.retry_base_secs << (attempts - 1).min(20)).min(MAX_WAIT_SECS);
                    let retry_at = (attempts < ATTEMPTS).then_some(now + wait);
                    tracing::warn!(delivery = delivery.id, attempts, status, error = %error, "webhook delivery failed");
                    db::webhooks::failed(&mut tx, delivery.id, status, &error, retry_at, now).await?;
                }
            }
            tx.commit().await?;
        }
        Ok(any)
    }
}

/// One signed POST; the receiver's status, or the status (if any) and what went wrong.
async fn attempt(secrets: &super::Secrets, settings: &Settings, delivery: &DueDelivery) -> Result<i64, (Option<i64>, String)> {
    let secret = secrets
        .open(delivery.subscription_id, &delivery.secret)
        .map_err(|_| (None, "the signing secret does not open with this instance's key".to_string()))?;
    let (url, addr) = target::resolve(&delivery.url, settings.allow_private_webhooks).await.map_err(|refused| (None, refused.0))?;
    let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_string();
    let client = reqwest::Client::builder()
        .resolve(&host, addr)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .user_agent("Festplan-Webhooks/1")
        .build()
        .map_err(|e| (None, e.to_string()))?;
    let timestamp = db::now();
    let signature =
        super::signature(&secret, &delivery.message_id, timestamp, &delivery.payload).ok_or((None, "bad secret".to_string()))?;
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.payload.clone())
        .send()
        .await
        .map_err(|e| (None, without_url(&e)))?;
    let status = i64::from(response.status().as_u16());
    if response.status().is_success() { Ok(status) } else { Err((Some(status), format!("the receiver answered {status}"))) }
}

/// An error's words without the URL (which may carry a token of the receiver's).
fn without_url(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer within 10 seconds".into()
    } else if error.is_connect() {
        "could not connect".into()
    } else {
        "the request failed".into()
    }
}
