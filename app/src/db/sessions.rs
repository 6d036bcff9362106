use super::Conn;

use super::Db;
use super::users::UserRow;

pub async fn insert(conn: &mut Conn, id_hash: &str, user_id: i64, now: i64, expires_at: i64) -> Result<(), sqlx::Error> {
    super::query("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)")
        .bind(id_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The session's user, if the session exists, is before its absolute expiry and was seen after `idle_since`.
pub async fn user_of(db: &Db, id_hash: &str, now: i64, idle_since: i64) -> Result<Option<(UserRow, i64)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct SessionUser {
        #[sqlx(flatten)]
        user: UserRow,
        last_seen_at: i64,
    }
    let row: Option<SessionUser> = super::query_as(
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.language, u.is_admin, s.last_seen_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3",
    )
    .bind(id_hash)
    .bind(now)
    .bind(idle_since)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|row| (row.user, row.last_seen_at)))
}

pub async fn touch(db: &Db, id_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1").bind(id_hash).bind(now).execute(db.pool()).await.map(|_| ())
}

pub async fn delete(db: &Db, id_hash: &str) -> Result<(), sqlx::Error> {
    super::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(db.pool()).await.map(|_| ())
}

pub async fn delete_all_of(conn: &mut Conn, user_id: i64) -> Result<u64, sqlx::Error> {
    super::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await.map(|r| r.rows_affected())
}

pub async fn delete_expired(db: &Db, now: i64, idle_since: i64) -> Result<u64, sqlx::Error> {
    super::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
        .bind(now)
        .bind(idle_since)
        .execute(db.pool())
        .await
        .map(|r| r.rows_affected())
}
