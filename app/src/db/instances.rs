//! Work that one instance does for all: with several instances on one PostgreSQL database,
//! a periodic pass (reminders, retention) runs on whichever takes its advisory lock first,
//! and the others skip that round. SQLite has one process, which simply runs it.

use futures::FutureExt as _;

use super::{Db, Pool};

/// The periodic passes, each with its own advisory lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    Reminders,
    Retention,
}

impl Pass {
    /// The pass's advisory lock key (arbitrary, fixed numbers).
    fn lock(self) -> i64 {
        match self {
            Self::Reminders => 0x0046_7065_7201,
            Self::Retention => 0x0046_7065_7202,
        }
    }
}

/// Runs `work` unless another instance is running the same pass right now (`None` then).
///
/// The lock is a session lock on a connection of its own, held through `work` (which uses
/// other connections as it likes) and released after it; if that connection dies, PostgreSQL
/// releases the lock, so a crashed instance never blocks the pass for good.
pub async fn run_alone<T>(db: &Db, pass: Pass, work: impl Future<Output = T>) -> Result<Option<T>, sqlx::Error> {
    let Pool::Postgres(pool) = db.pool() else {
        return Ok(Some(work.await));
    };
    let mut holder = pool.acquire().await?;
    let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)").bind(pass.lock()).fetch_one(&mut *holder).await?;
    if !taken {
        return Ok(None);
    }
    // A panic must not return the connection to the pool with the lock still held.
    let done = match std::panic::AssertUnwindSafe(work).catch_unwind().await {
        Ok(done) => done,
        Err(panic) => {
            holder.close_on_drop();
            std::panic::resume_unwind(panic);
        }
    };
    let released: Result<bool, _> = sqlx::query_scalar("SELECT pg_advisory_unlock($1)").bind(pass.lock()).fetch_one(&mut *holder).await;
    if !matches!(released, Ok(true)) {
        // Never hand a connection that may still hold the lock back to the pool.
        holder.close_on_drop();
    }
    Ok(Some(done))
}
