//! Open space: settings, rooms, slots, blocked cells and participants (sessions, votes and
//! merges are in `openspace_sessions`).

use super::Conn;

use crate::openspace::model::Participation;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SpaceRow {
    pub event_id: i64,
    pub participation: Participation,
    pub proposals_close_at: Option<i64>,
    pub voting_opens_at: Option<i64>,
    pub voting_closes_at: Option<i64>,
    pub dots_per_voter: i64,
    pub max_dots_per_session: i64,
    pub locked: bool,
    pub figures_json: Option<String>,
}

pub async fn space(conn: &mut Conn, event_id: i64) -> Result<Option<SpaceRow>, sqlx::Error> {
    super::query_as(
        "SELECT event_id, participation, proposals_close_at, voting_opens_at, voting_closes_at, dots_per_voter,
                max_dots_per_session, locked, figures_json
         FROM open_spaces WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_optional(conn)
    .await
}

/// The settings an organizer saves.
#[derive(Debug, Clone)]
pub struct SpaceFields {
    pub participation: Participation,
    pub proposals_close_at: Option<i64>,
    pub voting_opens_at: Option<i64>,
    pub voting_closes_at: Option<i64>,
    pub dots_per_voter: i64,
    pub max_dots_per_session: i64,
}

pub async fn save_space(conn: &mut Conn, event_id: i64, f: &SpaceFields, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO open_spaces (event_id, participation, proposals_close_at, voting_opens_at, voting_closes_at, dots_per_voter,
                                  max_dots_per_session, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (event_id) DO UPDATE SET participation = $2, proposals_close_at = $3, voting_opens_at = $4,
             voting_closes_at = $5, dots_per_voter = $6, max_dots_per_session = $7, updated_at = $8",
    )
    .bind(event_id)
    .bind(f.participation)
    .bind(f.proposals_close_at)
    .bind(f.voting_opens_at)
    .bind(f.voting_closes_at)
    .bind(f.dots_per_voter)
    .bind(f.max_dots_per_session)
    .bind(now)
    .execute(conn)
    .await
    .map(drop)
}

pub async fn set_locked(conn: &mut Conn, event_id: i64, locked: bool, now: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE open_spaces SET locked = $2, updated_at = $3 WHERE event_id = $1")
        .bind(event_id)
        .bind(locked)
        .bind(now)
        .execute(conn)
        .await
        .map(drop)
}

pub async fn save_figures(conn: &mut Conn, event_id: i64, seed: i64, figures_json: &str, now: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE open_spaces SET placement_seed = $2, figures_json = $3, placed_at = $4, updated_at = $4 WHERE event_id = $1")
        .bind(event_id)
        .bind(seed)
        .bind(figures_json)
        .bind(now)
        .execute(conn)
        .await
        .map(drop)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoomRow {
    pub id: i64,
    pub name: String,
    pub capacity: i64,
    pub notes: String,
}

pub async fn rooms(conn: &mut Conn, event_id: i64) -> Result<Vec<RoomRow>, sqlx::Error> {
    super::query_as("SELECT id, name, capacity, notes FROM open_space_rooms WHERE event_id = $1 ORDER BY capacity DESC, id")
        .bind(event_id)
        .fetch_all(conn)
        .await
}

/// Adds a room; `None` when the event already has a room of that name.
pub async fn insert_room(conn: &mut Conn, event_id: i64, name: &str, capacity: i64, notes: &str) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO open_space_rooms (event_id, name, capacity, notes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(event_id)
    .bind(name)
    .bind(capacity)
    .bind(notes)
    .fetch_optional(conn)
    .await
}

/// Removes a room; the sessions in it lose their cell (and pin). Returns whether it existed.
pub async fn delete_room(conn: &mut Conn, event_id: i64, room_id: i64) -> Result<bool, sqlx::Error> {
    super::query("UPDATE open_space_sessions SET slot_id = NULL, room_id = NULL, pinned = FALSE WHERE event_id = $1 AND room_id = $2")
        .bind(event_id)
        .bind(room_id)
        .execute(&mut *conn)
        .await?;
    let gone =
        super::query("DELETE FROM open_space_rooms WHERE event_id = $1 AND id = $2").bind(event_id).bind(room_id).execute(conn).await?;
    Ok(gone.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SlotRow {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// The slots in time order.
pub async fn slots(conn: &mut Conn, event_id: i64) -> Result<Vec<SlotRow>, sqlx::Error> {
    super::query_as("SELECT id, starts_at, ends_at FROM open_space_slots WHERE event_id = $1 ORDER BY starts_at, id")
        .bind(event_id)
        .fetch_all(conn)
        .await
}

/// Adds a slot; `None` when one starts at the same time.
pub async fn insert_slot(conn: &mut Conn, event_id: i64, starts_at: i64, ends_at: i64) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO open_space_slots (event_id, starts_at, ends_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(event_id)
    .bind(starts_at)
    .bind(ends_at)
    .fetch_optional(conn)
    .await
}

/// Removes a slot; the sessions in it lose their cell (and pin).
pub async fn delete_slot(conn: &mut Conn, event_id: i64, slot_id: i64) -> Result<bool, sqlx::Error> {
    super::query("UPDATE open_space_sessions SET slot_id = NULL, room_id = NULL, pinned = FALSE WHERE event_id = $1 AND slot_id = $2")
        .bind(event_id)
        .bind(slot_id)
        .execute(&mut *conn)
        .await?;
    let gone =
        super::query("DELETE FROM open_space_slots WHERE event_id = $1 AND id = $2").bind(event_id).bind(slot_id).execute(conn).await?;
    Ok(gone.rows_affected() == 1)
}

/// (slot, room, label) of every blocked cell.
pub async fn blocked(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    super::query_as(
        "SELECT b.slot_id, b.room_id, b.label FROM open_space_blocked b JOIN open_space_slots s ON s.id = b.slot_id
         WHERE s.event_id = $1",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

pub async fn set_blocked(conn: &mut Conn, slot_id: i64, room_id: i64, blocked: bool, label: &str) -> Result<(), sqlx::Error> {
    if blocked {
        super::query("INSERT INTO open_space_blocked (slot_id, room_id, label) VALUES ($1, $2, $3) ON CONFLICT (slot_id, room_id) DO UPDATE SET label = $3")
            .bind(slot_id)
            .bind(room_id)
            .bind(label)
            .execute(conn)
            .await
            .map(drop)
    } else {
        super::query("DELETE FROM open_space_blocked WHERE slot_id = $1 AND room_id = $2")
            .bind(slot_id)
            .bind(room_id)
            .execute(conn)
            .await
            .map(drop)
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipantRow {
    pub id: i64,
    pub event_id: i64,
    pub user_id: Option<i64>,
    pub rsvp_id: Option<i64>,
    pub name: String,
    pub email: Option<String>,
}

const PARTICIPANT: &str = "SELECT id, event_id, user_id, rsvp_id, name, email FROM open_space_participants";

pub async fn participant(conn: &mut Conn, id: i64) -> Result<Option<ParticipantRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{PARTICIPANT} WHERE id = $1"))).bind(id).fetch_optional(conn).await
}

pub async fn participant_of_user(conn: &mut Conn, event_id: i64, user_id: i64) -> Result<Option<ParticipantRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{PARTICIPANT} WHERE event_id = $1 AND user_id = $2")))
        .bind(event_id)
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

pub async fn participant_of_rsvp(conn: &mut Conn, event_id: i64, rsvp_id: i64) -> Result<Option<ParticipantRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{PARTICIPANT} WHERE event_id = $1 AND rsvp_id = $2")))
        .bind(event_id)
        .bind(rsvp_id)
        .fetch_optional(conn)
        .await
}

pub async fn participant_by_external(conn: &mut Conn, event_id: i64, external_id: &str) -> Result<Option<ParticipantRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{PARTICIPANT} WHERE event_id = $1 AND external_id = $2")))
        .bind(event_id)
        .bind(external_id)
        .fetch_optional(conn)
        .await
}

/// The participant known by `email` (lower-cased), if any.
pub async fn participant_by_email(conn: &mut Conn, event_id: i64, email: &str) -> Result<Option<ParticipantRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{PARTICIPANT} WHERE event_id = $1 AND email = $2 ORDER BY id LIMIT 1")))
        .bind(event_id)
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// Every participant of the event as (id, external id, email), to find many people in one query.
pub async fn participant_keys(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, Option<String>, Option<String>)>, sqlx::Error> {
    super::query_as("SELECT id, external_id, email FROM open_space_participants WHERE event_id = $1 ORDER BY id")
        .bind(event_id)
        .fetch_all(conn)
        .await
}

/// Who takes part; at most one of `user_id`, `rsvp_id` and `external_id` is usually set.
#[derive(Debug, Clone, Default)]
pub struct NewParticipant<'a> {
    pub event_id: i64,
    pub user_id: Option<i64>,
    pub rsvp_id: Option<i64>,
    pub external_id: Option<&'a str>,
    pub name: &'a str,
    pub email: Option<&'a str>,
}

pub async fn insert_participant(conn: &mut Conn, p: &NewParticipant<'_>, now: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO open_space_participants (event_id, user_id, rsvp_id, external_id, name, email, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(p.event_id)
    .bind(p.user_id)
    .bind(p.rsvp_id)
    .bind(p.external_id)
    .bind(p.name)
    .bind(p.email)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Whether the event has an open space (the event page links to it).
pub async fn exists(conn: &mut Conn, event_id: i64) -> Result<bool, sqlx::Error> {
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM open_spaces WHERE event_id = $1)").bind(event_id).fetch_one(conn).await
}
