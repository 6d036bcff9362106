//! The websites each event's RSVP card may be framed by.

use super::Conn;

use super::Db;

/// The origins allowed to frame `event_id`'s card, space-separated; empty when none.
pub async fn origins(db: &Db, event_id: i64) -> Result<String, sqlx::Error> {
    Ok(super::query_scalar("SELECT origins FROM event_embeds WHERE event_id = $1")
        .bind(event_id)
        .fetch_optional(db.pool())
        .await?
        .unwrap_or_default())
}

pub async fn set_origins(conn: &mut Conn, event_id: i64, origins: &str, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO event_embeds (event_id, origins, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO UPDATE SET origins = $2, updated_at = $3",
    )
    .bind(event_id)
    .bind(origins)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}
