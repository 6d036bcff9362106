use sqlx::SqliteExecutor;

use super::Db;

#[derive(Debug, Clone, Default)]
pub struct SecurityEvent<'a> {
    pub kind: &'a str,
    pub user_id: Option<i64>,
    pub email: Option<&'a str>,
    pub client: Option<&'a str>,
    pub detail: &'a str,
}

/// Records inside a transaction (`&mut *tx`) or on its own (`db.pool()`).
pub async fn record<'e>(conn: impl SqliteExecutor<'e>, event: &SecurityEvent<'_>, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO security_log (at, kind, user_id, email, client, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(now)
        .bind(event.kind)
        .bind(event.user_id)
        .bind(event.email)
        .bind(event.client)
        .bind(event.detail)
        .execute(conn)
        .await
        .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SecurityLogRow {
    pub at: i64,
    pub kind: String,
    pub user_id: Option<i64>,
    pub email: Option<String>,
    pub client: Option<String>,
    pub detail: String,
}

pub async fn recent(db: &Db, limit: i64) -> Result<Vec<SecurityLogRow>, sqlx::Error> {
    sqlx::query_as("SELECT at, kind, user_id, email, client, detail FROM security_log ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(db.pool())
        .await
}
