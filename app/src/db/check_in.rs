//! The door: who of a party has arrived, the event's arrived / expected counter, and the
//! confirmed guests a door helper finds by name.

use super::Conn;

/// A party's arrival so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Arrival {
    /// People of the party in so far.
    pub arrived: i64,
    /// When the first of them arrived.
    pub checked_in_at: Option<i64>,
}

pub async fn arrival(conn: &mut Conn, rsvp_id: i64) -> Result<Option<Arrival>, sqlx::Error> {
    super::query_as("SELECT arrived, checked_in_at FROM rsvps WHERE id = $1").bind(rsvp_id).fetch_optional(conn).await
}

/// Lets `people` more of a party in, never more than the party; the first arrival's time and
/// helper are kept. Returns the arrival after the change, or `None` when it did not fit.
pub async fn arrive(conn: &mut Conn, rsvp_id: i64, people: i64, by: i64, now: i64) -> Result<Option<Arrival>, sqlx::Error> {
    super::query_as(
        "UPDATE rsvps SET arrived = CASE WHEN arrived < party_size THEN arrived ELSE party_size END + $2,
                          checked_in_at = COALESCE(checked_in_at, $4),
                          checked_in_by = CASE WHEN checked_in_at IS NULL THEN $3 ELSE checked_in_by END
         WHERE id = $1 AND $2 > 0 AND CASE WHEN arrived < party_size THEN arrived ELSE party_size END + $2 <= party_size
         RETURNING arrived, checked_in_at",
    )
    .bind(rsvp_id)
    .bind(people)
    .bind(by)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// (people arrived, people expected) among the event's confirmed parties. A party that shrank
/// after arriving counts no more than its size.
pub async fn counts(conn: &mut Conn, event_id: i64) -> Result<(i64, i64), sqlx::Error> {
    super::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN arrived < party_size THEN arrived ELSE party_size END), 0) AS BIGINT), CAST(COALESCE(SUM(party_size), 0) AS BIGINT)
         FROM rsvps WHERE event_id = $1 AND status = 'going'",
    )
    .bind(event_id)
    .fetch_one(conn)
    .await
}

/// A confirmed party as the door's search lists it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GoingParty {
    pub id: i64,
    pub name: String,
    pub party_size: i64,
    pub arrived: i64,
    pub checked_in_at: Option<i64>,
}

/// The event's confirmed parties, by name; the door filters them by what the helper typed
/// (in Rust: SQLite folds the case of ASCII letters only, and names are not only ASCII).
pub async fn going_parties(conn: &mut Conn, event_id: i64) -> Result<Vec<GoingParty>, sqlx::Error> {
    super::query_as(
        "SELECT id, name, party_size, arrived, checked_in_at FROM rsvps
         WHERE event_id = $1 AND status = 'going' ORDER BY name COLLATE NOCASE, id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}
