//! "My events": every event an account holds a role on, with its answer counts.

use super::Db;
use crate::events::model::{EventKind, EventStatus};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MyEventRow {
    pub slug: String,
    pub kind: EventKind,
    pub title: String,
    pub title_de: Option<String>,
    pub status: EventStatus,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    /// The account's roles on the event, comma-separated.
    pub roles: String,
    /// Places taken by parties that are going.
    pub going: i64,
    /// Parties on the waitlist.
    pub waitlisted: i64,
    /// Parties whose yes waits for an organizer's approval.
    pub pending: i64,
}

/// The events `user_id` holds any role on, soonest first.
pub async fn events_of(db: &Db, user_id: i64) -> Result<Vec<MyEventRow>, sqlx::Error> {
    super::query_as(super::sql::translated(
        "SELECT e.slug, e.kind, e.title, e.title_de, e.status, e.starts_at, e.ends_at, e.time_zone,
                (SELECT group_concat(role) FROM event_roles WHERE event_id = e.id AND user_id = $1) AS roles,
                CAST(COALESCE((SELECT SUM(party_size) FROM rsvps WHERE event_id = e.id AND status = 'going'), 0) AS BIGINT) AS going,
                (SELECT COUNT(*) FROM rsvps WHERE event_id = e.id AND status = 'waitlisted') AS waitlisted,
                (SELECT COUNT(*) FROM rsvps WHERE event_id = e.id AND status = 'pending') AS pending
         FROM events e
         WHERE e.id IN (SELECT event_id FROM event_roles WHERE user_id = $1)
         ORDER BY e.starts_at, e.id",
        &[("group_concat(role)", "string_agg(role, ',')")],
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await
}
