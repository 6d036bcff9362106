use super::Conn;

use super::Db;
use super::events::{EventListRow, LIST_COLUMNS};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SeriesRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
}

/// The series at `slug`, created with `title` when there is none: organizers name a series
/// and the events that give the same name share it.
pub async fn find_or_create(conn: &mut Conn, slug: &str, title: &str, now: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO series (slug, title, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug
         RETURNING id",
    )
    .bind(slug)
    .bind(title)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<SeriesRow>, sqlx::Error> {
    super::query_as("SELECT id, slug, title FROM series WHERE slug = $1").bind(slug).fetch_optional(db.pool()).await
}

/// The series' published public events (cancelled ones too, marked so), in date order.
pub async fn public_events(db: &Db, series_id: i64) -> Result<Vec<EventListRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LIST_COLUMNS}
         FROM events
         WHERE series_id = $1 AND visibility = 'public' AND status IN ('published', 'cancelled')
         ORDER BY starts_at, id"
    )))
    .bind(series_id)
    .fetch_all(db.pool())
    .await
}
