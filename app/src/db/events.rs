use super::Db;
use crate::events::model::EventKind;

/// A published event as the listing pages need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventListRow {
    pub slug: String,
    pub kind: String,
    pub title: String,
    pub title_de: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub venue_name: String,
}

/// Published public events that have not ended by `now`, soonest first; only of `kind` when given.
pub async fn list_upcoming_public(
    db: &Db,
    now: i64,
    kind: Option<EventKind>,
    limit: i64,
) -> Result<Vec<EventListRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT slug, kind, title, title_de, starts_at, ends_at, time_zone, venue_name
         FROM events
         WHERE status = 'published' AND visibility = 'public' AND ends_at >= $1
           AND ($2 IS NULL OR kind = $2)
         ORDER BY starts_at, id
         LIMIT $3",
    )
    .bind(now)
    .bind(kind.map(EventKind::as_str))
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// What a new event needs before the editor exists; used by seeding and tests.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub slug: String,
    pub kind: EventKind,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub venue_name: String,
    pub published: bool,
}

pub async fn insert(db: &Db, event: &NewEvent) -> Result<i64, sqlx::Error> {
    let now = super::now();
    let row: (i64,) = sqlx::query_as(
        "INSERT INTO events (slug, kind, title, starts_at, ends_at, time_zone, venue_name, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
         RETURNING id",
    )
    .bind(&event.slug)
    .bind(event.kind.as_str())
    .bind(&event.title)
    .bind(event.starts_at)
    .bind(event.ends_at)
    .bind(&event.time_zone)
    .bind(&event.venue_name)
    .bind(if event.published { "published" } else { "draft" })
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    Ok(row.0)
}

pub async fn exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM events WHERE id = $1)").bind(id).fetch_one(db.pool()).await
}

pub async fn title(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT title FROM events WHERE id = $1").bind(id).fetch_optional(db.pool()).await
}
