//! Group commit for the hot write path (RSVPs).
//!
//! SQLite has one writer at a time, and with `synchronous = FULL` every commit waits for
//! the disk: one transaction per request caps the rate at the disk's syncs per second.
//! The writer task takes every request that queued up while it was committing, runs
//! each in its own savepoint inside one `BEGIN IMMEDIATE` transaction, commits once,
//! and only then answers them. So an answer still means "on disk", each request still
//! sees the ones before it (capacity and arrival order are decided exactly as with one
//! transaction each), and a request that fails rolls back alone to its savepoint.

use std::io;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures::FutureExt as _;
use tokio::sync::{mpsc, oneshot};

use super::{Pool, WriteTx};

pub use futures::future::BoxFuture;

/// Requests sharing one commit at most: bounds how long the first of them waits.
const MAX_BATCH: usize = 512;
/// Requests waiting beyond this make their senders wait too (back pressure).
const QUEUE: usize = 4 * MAX_BATCH;

/// Runs one request's work in the batch's transaction.
type Job = Box<dyn for<'t> FnOnce(&'t mut WriteTx) -> BoxFuture<'t, Ran> + Send>;

/// A request that has run: whether to keep its writes, and how to answer it once the
/// batch's fate is known (`Some` error: the commit failed, so nothing was kept).
struct Ran {
    ok: bool,
    answer: Answer,
}

/// Tells the waiting request how its batch ended.
type Answer = Box<dyn FnOnce(Option<&sqlx::Error>) + Send>;

#[derive(Clone)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
    commits: Arc<AtomicU64>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer(..)")
    }
}

impl Writer {
    /// Starts the writer task; it ends when the last `Writer` is dropped.
    pub fn spawn(pool: Pool) -> io::Result<Self> {
        let (jobs, queue) = mpsc::channel(QUEUE);
        let commits = Arc::new(AtomicU64::new(0));
        match pool {
            Pool::Sqlite(_) => drop(tokio::spawn(run(pool, queue, commits.clone()))),
            Pool::Postgres(shared) => spawn_own_thread(&shared, queue, commits.clone())?,
        }
        Ok(Self { jobs, commits })
    }

    /// How many group commits have succeeded: what was read before a change sees a smaller number.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Acquire)
    }

    /// Runs `work` in a write transaction shared with concurrent requests and returns its
    /// result once that transaction is committed. An `Err` from `work` undoes its writes only.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
        F: for<'t> FnOnce(&'t mut WriteTx) -> BoxFuture<'t, Result<T, E>> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<Result<T, E>>();
        let job = job(move |tx| {
            Box::pin(async move {
                let result = work(tx).await;
                let ok = result.is_ok();
                let answer = move |failed: Option<&sqlx::Error>| {
                    let result = match (result, failed) {
                        (Ok(_), Some(e)) => Err(E::from(group_error(&format!("the commit failed: {e}")))),
                        (result, _) => result,
                    };
                    let _ = reply.send(result);
                };
                Ran { ok, answer: Box::new(answer) }
            })
        });
        self.jobs.send(job).await.map_err(|_| E::from(group_error("the writer has stopped")))?;
        // A dropped reply means the job never ran or did not finish (the batch could not start, or it panicked).
        answer.await.map_err(|_| E::from(group_error("the write was not carried out")))?
    }
}

/// Names the closure's higher-ranked signature for the compiler.
fn job<F>(f: F) -> Job
where
    F: for<'t> FnOnce(&'t mut WriteTx) -> BoxFuture<'t, Ran> + Send + 'static,
{
    Box::new(f)
}

fn group_error(what: &str) -> sqlx::Error {
    sqlx::Error::Io(io::Error::other(format!("group commit: {what}")))
}

/// On PostgreSQL every statement of a batch is a network round trip made while the other
/// instances' writers wait for the lock, so the batch goes as fast as its replies are picked up.
/// On the shared runtime a reply waited behind the HTTP tasks that were ready before it; on a
/// thread of its own, with a connection of its own, the writer runs as soon as its reply arrives.
/// Measured with `cargo xtask bench --postgres` (10,000 RSVPs): see the README's table.
fn spawn_own_thread(shared: &sqlx::PgPool, queue: mpsc::Receiver<Job>, commits: Arc<AtomicU64>) -> io::Result<()> {
    let options = shared.connect_options().as_ref().clone();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::Builder::new().name("festplan-writer".into()).spawn(move || {
        runtime.block_on(async move {
            // Created on this thread's runtime, so this runtime alone drives its socket.
            let own = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect_lazy_with(options);
            run(Pool::Postgres(own.clone()), queue, commits).await;
            own.close().await;
        })
    })?;
    Ok(())
}

async fn run(pool: Pool, mut queue: mpsc::Receiver<Job>, commits: Arc<AtomicU64>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit_batch(&pool, &mut batch, &commits).await;
        batch.clear();
    }
}

async fn commit_batch(pool: &Pool, batch: &mut Vec<Job>, commits: &AtomicU64) {
    let mut tx = match pool.begin_write().await {
        Ok(tx) => tx,
        Err(e) => {
            tracing::error!(error = %e, requests = batch.len(), "group commit could not begin");
            return; // Dropping the jobs answers each with an error.
        }
    };
    // Each statement is a round trip to the connection's thread, which costs more than the
    // statement itself: so one savepoint is opened ahead and each job's end opens the next
    // one in the same round trip. A rolled-back savepoint stays open and is reused.
    let (requests, started) = (batch.len(), std::time::Instant::now());
    let mut ran = Vec::with_capacity(batch.len());
    let mut healthy = execute(&mut tx, "SAVEPOINT job").await.is_ok();
    for work in batch.drain(..) {
        if !healthy {
            continue;
        }
        let outcome = AssertUnwindSafe(work(&mut tx)).catch_unwind().await;
        let keep = matches!(&outcome, Ok(r) if r.ok);
        let end = if keep { "RELEASE job; SAVEPOINT job" } else { "ROLLBACK TO job" };
        if let Err(e) = execute(&mut tx, end).await {
            // The transaction itself is broken (e.g. the disk failed): keep none of the batch.
            tracing::error!(error = %e, "group commit: a savepoint could not be closed");
            healthy = false;
        }
        match outcome {
            Ok(r) => ran.push(r),
            Err(_) => tracing::error!("a request panicked inside a group commit; its writes were undone"),
        }
    }
    // COMMIT also releases the savepoint that is still open.
    let worked = started.elapsed();
    let committed = if healthy {
        tx.commit().await
    } else {
        let _ = tx.rollback().await;
        Err(group_error("the batch was rolled back"))
    };
    if committed.is_ok() {
        // Before anyone is answered, so a reader that hears of the change also sees it counted.
        commits.fetch_add(1, Ordering::AcqRel);
    }
    match &committed {
        Ok(()) => tracing::debug!(
            requests,
            work_us = worked.as_micros() as u64,
            commit_us = (started.elapsed() - worked).as_micros() as u64,
            "group commit"
        ),
        Err(e) => tracing::error!(error = %e, requests, "group commit failed"),
    }
    for r in ran {
        (r.answer)(committed.as_ref().err());
    }
}

/// Runs `sql`, which may hold several statements, in one round trip.
async fn execute(tx: &mut WriteTx, sql: &'static str) -> Result<(), sqlx::Error> {
    super::sql::raw(sql, tx).await
}
