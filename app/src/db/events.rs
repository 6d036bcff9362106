use super::Conn;

use super::Db;
use crate::events::model::{EventKind, EventStatus, Visibility};

/// A published event as the listing pages need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventListRow {
    pub slug: String,
    pub kind: EventKind,
    pub title: String,
    pub title_de: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub venue_name: String,
}

/// The columns of [`EventListRow`].
pub(super) const LIST_COLUMNS: &str = "slug, kind, title, title_de, starts_at, ends_at, time_zone, venue_name";

/// Published public events that have not ended by `now`, soonest first; only of `kind` when given.
pub async fn list_upcoming_public(db: &Db, now: i64, kind: Option<EventKind>, limit: i64) -> Result<Vec<EventListRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LIST_COLUMNS}
         FROM events
         WHERE status = 'published' AND visibility = 'public' AND ends_at >= $1
           AND ($2 IS NULL OR kind = $2)
         ORDER BY starts_at, id
         LIMIT $3"
    )))
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
    let row: (i64,) = super::query_as(
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
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM events WHERE id = $1)").bind(id).fetch_one(db.pool()).await
}

pub async fn title(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    super::query_scalar("SELECT title FROM events WHERE id = $1").bind(id).fetch_optional(db.pool()).await
}

/// Everything stored about an event.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub slug: String,
    pub kind: EventKind,
    pub title: String,
    pub description_md: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub capacity: Option<i64>,
    pub visibility: Visibility,
    pub status: EventStatus,
    pub rsvp_deadline: Option<i64>,
    pub cancelled_reason: Option<String>,
    pub updated_at: i64,
    pub reminder_hours: i64,
    pub title_de: Option<String>,
    pub description_de: Option<String>,
    pub series_slug: Option<String>,
    pub series_title: Option<String>,
    /// Each "yes" waits for an organizer's approval.
    pub requires_approval: bool,
    /// Where replies to the event's mail go (Reply-To), if the organizers set it.
    pub reply_to: Option<String>,
}

impl EventRow {
    /// The title in `locale`: the German one when German is asked for and the event has one.
    pub fn title_in(&self, locale: crate::locale::Locale) -> &str {
        crate::locale::text_in(locale, &self.title, self.title_de.as_deref())
    }

    /// Where it is, as one line: "Hof am Werk, Forsterstr. 29", or what of it is known.
    pub fn place(&self) -> String {
        [self.venue_name.as_str(), self.venue_address.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
    }
}

/// Every event column, with the series' slug and title joined in; callers add `WHERE e.…`.
const SELECT_EVENTS: &str = "SELECT e.id, e.slug, e.kind, e.title, e.description_md, e.starts_at, e.ends_at, e.time_zone, \
     e.venue_name, e.venue_address, e.capacity, e.visibility, e.status, e.rsvp_deadline, e.cancelled_reason, e.updated_at, \
     e.reminder_hours, e.title_de, e.description_de, e.requires_approval, e.reply_to, s.slug AS series_slug, s.title AS series_title \
     FROM events e LEFT JOIN series s ON s.id = e.series_id";

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<EventRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{SELECT_EVENTS} WHERE e.slug = $1"))).bind(slug).fetch_optional(db.pool()).await
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<EventRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{SELECT_EVENTS} WHERE e.id = $1"))).bind(id).fetch_optional(conn).await
}

/// The validated fields an organizer edits.
#[derive(Debug, Clone)]
pub struct EventFields<'a> {
    pub kind: EventKind,
    pub title: &'a str,
    pub description_md: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: &'a str,
    pub venue_name: &'a str,
    pub venue_address: &'a str,
    pub capacity: Option<i64>,
    pub visibility: Visibility,
    pub rsvp_deadline: Option<i64>,
    pub reminder_hours: i64,
    pub title_de: Option<&'a str>,
    pub description_de: Option<&'a str>,
    pub series_id: Option<i64>,
    pub requires_approval: bool,
    pub reply_to: Option<&'a str>,
}

pub async fn create(conn: &mut Conn, slug: &str, f: &EventFields<'_>, created_by: i64, now: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO events (slug, kind, title, description_md, starts_at, ends_at, time_zone, venue_name, venue_address,
                             capacity, visibility, rsvp_deadline, reminder_hours, title_de, description_de, series_id,
                             requires_approval, reply_to, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $15, $16, $17, $18, $19, $20, 'draft', $13, $14, $14) RETURNING id",
    )
    .bind(slug)
    .bind(f.kind)
    .bind(f.title)
    .bind(f.description_md)
    .bind(f.starts_at)
    .bind(f.ends_at)
    .bind(f.time_zone)
    .bind(f.venue_name)
    .bind(f.venue_address)
    .bind(f.capacity)
    .bind(f.visibility)
    .bind(f.rsvp_deadline)
    .bind(created_by)
    .bind(now)
    .bind(f.reminder_hours)
    .bind(f.title_de)
    .bind(f.description_de)
    .bind(f.series_id)
    .bind(f.requires_approval)
    .bind(f.reply_to)
    .fetch_one(conn)
    .await
}

pub async fn update(conn: &mut Conn, id: i64, f: &EventFields<'_>, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "UPDATE events SET kind = $2, title = $3, description_md = $4, starts_at = $5, ends_at = $6, time_zone = $7,
                venue_name = $8, venue_address = $9, capacity = $10, visibility = $11, rsvp_deadline = $12, updated_at = $13,
                reminder_hours = $14, title_de = $15, description_de = $16, series_id = $17,
                requires_approval = $18, reply_to = $19
         WHERE id = $1",
    )
    .bind(id)
    .bind(f.kind)
    .bind(f.title)
    .bind(f.description_md)
    .bind(f.starts_at)
    .bind(f.ends_at)
    .bind(f.time_zone)
    .bind(f.venue_name)
    .bind(f.venue_address)
    .bind(f.capacity)
    .bind(f.visibility)
    .bind(f.rsvp_deadline)
    .bind(now)
    .bind(f.reminder_hours)
    .bind(f.title_de)
    .bind(f.description_de)
    .bind(f.series_id)
    .bind(f.requires_approval)
    .bind(f.reply_to)
    .execute(conn)
    .await
    .map(|_| ())
}

pub async fn set_status(conn: &mut Conn, id: i64, status: EventStatus, reason: Option<&str>, now: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE events SET status = $2, cancelled_reason = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(status)
        .bind(reason)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn slug_taken(conn: &mut Conn, slug: &str) -> Result<bool, sqlx::Error> {
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM events WHERE slug = $1)").bind(slug).fetch_one(conn).await
}

/// Moves the event to a new address.
pub async fn set_slug(conn: &mut Conn, id: i64, slug: &str) -> Result<(), sqlx::Error> {
    super::query("UPDATE events SET slug = $2 WHERE id = $1").bind(id).bind(slug).execute(conn).await.map(|_| ())
}

/// Public, published events for the calendar feed: from a month ago on.
pub async fn public_for_feed(db: &Db, since: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_EVENTS} WHERE e.visibility = 'public' AND e.status IN ('published', 'cancelled') AND e.ends_at >= $1 ORDER BY e.starts_at"
    )))
    .bind(since)
    .fetch_all(db.pool())
    .await
}

/// The series at `slug`'s public dates from `since` on; `None` if there is no such series.
pub async fn series_for_feed(db: &Db, slug: &str, since: i64) -> Result<Option<Vec<EventRow>>, sqlx::Error> {
    let exists: bool = super::query_scalar("SELECT EXISTS (SELECT 1 FROM series WHERE slug = $1)").bind(slug).fetch_one(db.pool()).await?;
    if !exists {
        return Ok(None);
    }
    super::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_EVENTS} WHERE s.slug = $1 AND e.visibility = 'public' AND e.status IN ('published', 'cancelled') AND e.ends_at >= $2
         ORDER BY e.starts_at"
    )))
    .bind(slug)
    .bind(since)
    .fetch_all(db.pool())
    .await
    .map(Some)
}

/// The public events `user_id` owns or co-organizes, from `since` on.
pub async fn organized_for_feed(db: &Db, user_id: i64, since: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_EVENTS} WHERE e.visibility = 'public' AND e.status IN ('published', 'cancelled') AND e.ends_at >= $2
           AND e.id IN (SELECT event_id FROM event_roles WHERE user_id = $1 AND role IN ('owner', 'co_organizer'))
         ORDER BY e.starts_at"
    )))
    .bind(user_id)
    .bind(since)
    .fetch_all(db.pool())
    .await
}

/// The events `user_id` is going to (answered signed in, or with the account's address), from `since` on.
pub async fn going_for_feed(db: &Db, user_id: i64, since: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT_EVENTS} WHERE e.status IN ('published', 'cancelled') AND e.ends_at >= $2
           AND e.id IN (SELECT r.event_id FROM rsvps r WHERE r.status = 'going'
                        AND (r.user_id = $1 OR r.email = (SELECT email FROM users WHERE id = $1)))
         ORDER BY e.starts_at"
    )))
    .bind(user_id)
    .bind(since)
    .fetch_all(db.pool())
    .await
}

pub async fn slug_of(conn: &mut Conn, id: i64) -> Result<Option<String>, sqlx::Error> {
    super::query_scalar("SELECT slug FROM events WHERE id = $1").bind(id).fetch_optional(conn).await
}
