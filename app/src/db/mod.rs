//! The only place with SQL. One file per area; services call these functions
//! and never see a query string, so a PostgreSQL backend replaces this module
//! without touching them.

pub mod api_tokens;
pub mod check_in;
pub mod conduct;
pub mod email_tokens;
pub mod embeds;
pub mod events;
pub mod invitations;
pub mod mine;
pub mod openspace;
pub mod openspace_sessions;
pub mod outbox;
pub mod packing;
pub mod packing_taps;
pub mod privacy;
pub mod questions;
pub mod roles;
pub mod roster;
pub mod rsvps;
pub mod security_log;
pub mod series;
pub mod sessions;
pub mod users;
pub mod webhooks;
pub mod writer;

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

/// A write transaction. Started `IMMEDIATE`, so it holds the write lock from
/// its first statement and never fails half-way with SQLITE_BUSY on upgrade.
pub type WriteTx = sqlx::Transaction<'static, Sqlite>;
/// A connection for reads that belong together; db functions take `&mut Conn`.
pub type Conn = sqlx::SqliteConnection;
/// A pooled connection, from [`Db::read`].
pub type ReadConn = sqlx::pool::PoolConnection<Sqlite>;

#[derive(Clone, Debug)]
pub struct Db {
    pool: SqlitePool,
    writer: writer::Writer,
}

impl Db {
    /// Opens (creating if missing) the database at `url` and applies migrations.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
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
        let writer = writer::Writer::spawn(pool.clone());
        Ok(Self { pool, writer })
    }

    /// Runs `work` in a write transaction committed together with concurrent ones (see
    /// [`writer`]); for the paths that take bursts. Returns once the commit is on disk.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<sqlx::Error> + Send + 'static,
        F: for<'t> FnOnce(&'t mut WriteTx) -> writer::BoxFuture<'t, Result<T, E>> + Send + 'static,
    {
        self.writer.write(work).await
    }

    /// Counts the group commits (see [`writer::Writer::commits`]); caches compare it to notice changes.
    pub fn commits(&self) -> u64 {
        self.writer.commits()
    }

    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// A connection for several reads in a row; services never name the pool.
    pub async fn read(&self) -> Result<ReadConn, sqlx::Error> {
        self.pool.acquire().await
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Seconds since the Unix epoch: how every timestamp is stored.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
