//! Figures for `/metrics`, read at scrape time.

use super::{Db, Pool, query_scalar};

/// Mail waiting to go out: neither sent nor given up.
pub async fn outbox_pending(db: &Db) -> Result<i64, sqlx::Error> {
    query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL").fetch_one(db).await
}

/// The connection pool of this instance.
#[derive(Clone, Copy, Debug)]
pub struct PoolUse {
    /// Connections open, idle or in use.
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

pub fn pool_use(db: &Db) -> PoolUse {
    match db.pool() {
        Pool::Sqlite(p) => PoolUse { size: p.size(), idle: p.num_idle() as u32, max: p.options().get_max_connections() },
        Pool::Postgres(p) => PoolUse { size: p.size(), idle: p.num_idle() as u32, max: p.options().get_max_connections() },
    }
}
