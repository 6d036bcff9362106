//! The only place with SQL. One file per area; services call these functions
//! and never see a query string, so a PostgreSQL backend replaces this module
//! without touching them.

pub mod api_tokens;
pub mod check_in;
pub mod conduct;
pub mod copy;
pub mod email_tokens;
pub mod embeds;
pub mod events;
pub mod instances;
pub mod invitations;
pub mod mine;
pub mod notify;
pub mod openspace;
pub mod openspace_sessions;
pub mod outbox;
pub mod packing;
pub mod packing_taps;
pub mod privacy;
pub mod questions;
pub mod rate_limits;
pub mod roles;
pub mod roster;
pub mod rsvps;
pub mod security_log;
pub mod series;
pub mod sessions;
pub mod stats;
pub mod users;
pub mod webhooks;
pub mod writer;

pub mod sql;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, Postgres};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

pub use sql::{Backend, either, query, query_as, query_scalar};

/// The database: an embedded SQLite file, or a PostgreSQL server shared by several instances.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(sqlx::PgPool),
}

/// A connection from the pool, or one inside a transaction; db functions take `&mut Conn`.
#[derive(Debug)]
pub enum Conn {
    Sqlite(sqlx::pool::PoolConnection<Sqlite>),
    SqliteTx(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::pool::PoolConnection<Postgres>),
    PostgresTx(sqlx::Transaction<'static, Postgres>),
}

/// A write transaction. On SQLite it is started `IMMEDIATE`, so it holds the write lock from
/// its first statement and never fails half-way with SQLITE_BUSY on upgrade; on PostgreSQL
/// the rows that decide (an event's totals) are locked where they are read.
pub type WriteTx = Conn;
/// A pooled connection, from [`Db::read`].
pub type ReadConn = Conn;

impl Conn {
    /// Commits a transaction; on a plain connection there is nothing to commit.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::SqliteTx(t) => t.commit().await,
            Self::PostgresTx(t) => t.commit().await,
            Self::Sqlite(_) | Self::Postgres(_) => Ok(()),
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Self::SqliteTx(t) => t.rollback().await,
            Self::PostgresTx(t) => t.rollback().await,
            Self::Sqlite(_) | Self::Postgres(_) => Ok(()),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) | Self::SqliteTx(_) => Backend::Sqlite,
            Self::Postgres(_) | Self::PostgresTx(_) => Backend::Postgres,
        }
    }
}

impl Pool {
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        match self {
            Self::Sqlite(p) => p.begin_with("BEGIN IMMEDIATE").await.map(Conn::SqliteTx),
            Self::Postgres(p) => {
                let mut tx = p.begin().await?;
                // One writer at a time across every instance, as SQLite has one: what a write
                // transaction reads (places left, dots used, a participant's row) stays true
                // until it commits. The group commit keeps this from costing a sync per request.
                sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
                Ok(Conn::PostgresTx(tx))
            }
        }
    }

    async fn acquire(&self) -> Result<Conn, sqlx::Error> {
        match self {
            Self::Sqlite(p) => p.acquire().await.map(Conn::Sqlite),
            Self::Postgres(p) => p.acquire().await.map(Conn::Postgres),
        }
    }
}

/// The advisory lock every PostgreSQL write transaction holds (an arbitrary, fixed number).
const WRITE_LOCK: i64 = 0x0046_6573_7470_6c61;

/// Whether `url` names a PostgreSQL server rather than a SQLite file.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    writer: writer::Writer,
    /// What this instance tells the others sharing its PostgreSQL database, and hears from them.
    notices: Option<notify::Notices>,
}

impl Db {
    /// Opens the database at `url` (a SQLite file, created if missing, or `postgres://…`) and
    /// applies migrations.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let pool = if is_postgres(url) { Pool::Postgres(connect_postgres(url).await?) } else { Pool::Sqlite(connect_sqlite(url).await?) };
        let writer = writer::Writer::spawn(pool.clone())?;
        let notices = match &pool {
            Pool::Postgres(p) => Some(notify::Notices::start(p.clone())),
            Pool::Sqlite(_) => None,
        };
        Ok(Self { pool, writer, notices })
    }

    /// Runs `work` in a write transaction committed together with concurrent ones (see
    /// [`writer`]); for the paths that take bursts. Returns once the commit is on disk.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
        F: for<'t> FnOnce(&'t mut WriteTx) -> writer::BoxFuture<'t, Result<T, E>> + Send + 'static,
    {
        let result = self.writer.write(work).await;
        if let (Ok(_), Some(notices)) = (&result, &self.notices) {
            notices.committed();
        }
        result
    }

    /// Counts the group commits (see [`writer::Writer::commits`]), and on PostgreSQL those the
    /// other instances announced; caches compare it to notice changes.
    pub fn commits(&self) -> u64 {
        self.writer.commits() + self.notices.as_ref().map_or(0, notify::Notices::heard)
    }

    /// The channel to the other instances on the same PostgreSQL database; `None` on SQLite.
    pub fn notices(&self) -> Option<&notify::Notices> {
        self.notices.as_ref()
    }

    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        self.pool.begin_write().await
    }

    /// A connection for several reads in a row; services never name the pool.
    pub async fn read(&self) -> Result<ReadConn, sqlx::Error> {
        self.pool.acquire().await
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.pool.backend()
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

async fn connect_sqlite(url: &str) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: an acknowledged write survives power loss, not just a crash.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // Deleted rows (reports past retention, wiped mail) are overwritten, not left in free pages.
        .pragma("secure_delete", "on")
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(8).acquire_timeout(Duration::from_secs(10)).connect_with(options).await?;
    sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

async fn connect_postgres(url: &str) -> Result<sqlx::PgPool, sqlx::Error> {
    let options = PgConnectOptions::from_str(url)?;
    let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect_with(options).await?;
    // Instances starting together migrate one after the other: sqlx takes an advisory lock.
    sqlx::migrate!("../migrations/postgres").run(&pool).await?;
    Ok(pool)
}

/// Seconds since the Unix epoch: how every timestamp is stored.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
