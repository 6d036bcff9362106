//! What the organizer's attendee list reads beside the RSVPs themselves.

use super::Db;

/// (email, last answered at) of each RSVP of an event: the list sorts by it.
pub async fn answered_at(db: &Db, event_id: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    super::query_as("SELECT email, updated_at FROM rsvps WHERE event_id = $1").bind(event_id).fetch_all(db.pool()).await
}
