//! Instances sharing one PostgreSQL database tell each other what changed, over one
//! LISTEN/NOTIFY channel: "an event's page changed" (for the live pages) and "something
//! was committed" (for the public page cache). On SQLite there is one process and nothing
//! to tell, so none of this runs there.
//!
//! Each instance sends from one task, so the code that announces a change never waits for
//! the database, and listens on one connection. A notice names its sender, so an instance
//! skips its own (it has already acted on them locally).

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::mpsc;

/// The one channel every instance of one database uses.
pub const CHANNEL: &str = "festplan_live";
/// Notices waiting to be sent at most; beyond it they are dropped (pages refetch on the next).
const QUEUE: usize = 4096;
/// NOTIFYs sent in one statement at most.
const BATCH: usize = 256;

/// What another instance told this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// Something was committed: cached reads may be stale.
    Committed,
    /// `topic` (a number the live hub chose) of event `event_id` changed.
    Changed { event_id: i64, topic: u8 },
    /// The listener lost its connection and may have missed notices: treat everything as changed.
    Missed,
}

/// This instance's side of the channel (PostgreSQL only).
#[derive(Clone, Debug)]
pub struct Notices {
    pool: PgPool,
    /// Tells this instance's notices from the others'.
    instance: u64,
    outgoing: mpsc::Sender<String>,
    /// Commits other instances announced: added to the local count the page cache compares.
    heard: Arc<AtomicU64>,
}

impl Notices {
    /// Starts the sending task; it ends when the last handle is dropped.
    pub(super) fn start(pool: PgPool) -> Self {
        let (outgoing, queue) = mpsc::channel(QUEUE);
        tokio::spawn(send_all(pool.clone(), queue));
        Self { pool, instance: rand::random(), outgoing, heard: Arc::new(AtomicU64::new(0)) }
    }

    /// Commits announced by other instances (and missed stretches) so far.
    pub fn heard(&self) -> u64 {
        self.heard.load(Ordering::Acquire)
    }

    /// Tells the other instances that something was committed here.
    pub fn committed(&self) {
        self.send(format!("{:x} commit", self.instance));
    }

    /// Tells the other instances that `topic` of `event_id` changed. Call after the commit.
    pub fn changed(&self, event_id: i64, topic: u8) {
        self.send(format!("{:x} {event_id} {topic}", self.instance));
    }

    fn send(&self, payload: String) {
        if self.outgoing.try_send(payload).is_err() {
            tracing::debug!("notices: queue full, one dropped");
        }
    }

    /// Listens until `stop` completes (or the pool closes), handing every other instance's
    /// notice to `heard`; reconnects after a lost connection, and says so with [`Notice::Missed`].
    pub async fn listen(self, heard: impl Fn(Notice) + Send + 'static, stop: impl Future<Output = ()> + Send) {
        tokio::select! {
            () = self.listen_forever(&heard) => {}
            () = stop => {}
        }
    }

    async fn listen_forever(&self, heard: &impl Fn(Notice)) {
        let mut first = true;
        loop {
            match self.subscribe().await {
                Ok(mut listener) => {
                    // Whatever was announced while nobody listened is lost: refetch everything.
                    if !std::mem::take(&mut first) {
                        self.hear(Notice::Missed, heard);
                    }
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(notification)) => {
                                if let Some(notice) = parse(notification.payload(), self.instance) {
                                    self.hear(notice, heard);
                                }
                            }
                            // The connection was lost and is back (sqlx listens again by itself).
                            Ok(None) => self.hear(Notice::Missed, heard),
                            Err(sqlx::Error::PoolClosed) => return,
                            Err(e) => {
                                tracing::warn!(error = %e, "notices: the listening connection failed");
                                break;
                            }
                        }
                    }
                }
                Err(sqlx::Error::PoolClosed) => return,
                Err(e) => tracing::warn!(error = %e, "notices: cannot listen"),
            }
            first = false;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    async fn subscribe(&self) -> Result<PgListener, sqlx::Error> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.listen(CHANNEL).await?;
        Ok(listener)
    }

    fn hear(&self, notice: Notice, heard: &impl Fn(Notice)) {
        // Any notice means a commit elsewhere; counted before it is acted on, so a page
        // re-read because of it is not served from the cache.
        self.heard.fetch_add(1, Ordering::AcqRel);
        heard(notice);
    }
}

/// `"<instance> commit"` or `"<instance> <event> <topic>"`; `None` for this instance's own.
fn parse(payload: &str, own: u64) -> Option<Notice> {
    let mut words = payload.split(' ');
    let sender = u64::from_str_radix(words.next()?, 16).ok()?;
    if sender == own {
        return None;
    }
    match (words.next()?, words.next()) {
        ("commit", None) => Some(Notice::Committed),
        (event, Some(topic)) => Some(Notice::Changed { event_id: event.parse().ok()?, topic: topic.parse().ok()? }),
        _ => None,
    }
}

/// Sends queued notices, those that queued up together in one statement and each once.
async fn send_all(pool: PgPool, mut queue: mpsc::Receiver<String>) {
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        let payloads: Vec<String> = batch.drain(..).collect::<BTreeSet<_>>().into_iter().collect();
        let sent = sqlx::query("SELECT pg_notify($1, payload) FROM unnest(CAST($2 AS text[])) AS payload")
            .bind(CHANNEL)
            .bind(&payloads)
            .execute(&pool)
            .await;
        if let Err(e) = sent {
            if pool.is_closed() {
                return;
            }
            tracing::warn!(error = %e, notices = payloads.len(), "notices: could not send");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_are_read_back_and_an_instance_skips_its_own() {
        assert_eq!(parse("ff commit", 1), Some(Notice::Committed));
        assert_eq!(parse("ff 42 1", 1), Some(Notice::Changed { event_id: 42, topic: 1 }));
        assert_eq!(parse("ff 42 1", 0xff), None);
        assert_eq!(parse("ff 42", 1), None);
        assert_eq!(parse("garbage", 1), None);
    }
}
