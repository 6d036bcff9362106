use super::Conn;

use super::Db;
use crate::rsvp::model::{Answer, Status, Tally};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RsvpRow {
    pub id: i64,
    pub event_id: i64,
    pub user_id: Option<i64>,
    pub email: String,
    pub name: String,
    pub answer: Answer,
    pub party_size: i64,
    pub dietary: String,
    pub status: Status,
    pub waitlist_seq: Option<i64>,
    pub checked_in_at: Option<i64>,
    /// When the person was first let in; from then on their answers need no approval.
    pub approved_at: Option<i64>,
    /// "en" or "de": the language the guest answered in, which their mails speak.
    pub language: String,
}

const COLUMNS: &str =
    "id, event_id, user_id, email, name, answer, party_size, dietary, status, waitlist_seq, checked_in_at, approved_at, language";

/// What an answer from `email` checks first, in one round trip: whether the organizers removed
/// the address from the event, and the id of its RSVP if it has one.
pub async fn address(conn: &mut Conn, event_id: i64, email: &str) -> Result<(bool, Option<i64>), sqlx::Error> {
    super::query_as(
        "SELECT EXISTS (SELECT 1 FROM event_removals WHERE event_id = $1 AND email = $2),
                (SELECT id FROM rsvps WHERE event_id = $1 AND email = $2)",
    )
    .bind(event_id)
    .bind(email)
    .fetch_one(conn)
    .await
}

pub async fn by_email(conn: &mut Conn, event_id: i64, email: &str) -> Result<Option<RsvpRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM rsvps WHERE event_id = $1 AND email = $2")))
        .bind(event_id)
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// The language the guest of RSVP `id` answered in.
pub async fn language(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    let mut conn = db.read().await?;
    super::query_scalar("SELECT language FROM rsvps WHERE id = $1").bind(id).fetch_optional(&mut conn).await
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<RsvpRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM rsvps WHERE id = $1"))).bind(id).fetch_optional(conn).await
}

/// Places held by parties that are going, leaving out the RSVP `except` (the one being changed).
/// Read from the totals the triggers of `rsvp_totals` keep, so it costs the same at any size.
pub async fn places_taken(conn: &mut Conn, event_id: i64, except: Option<i64>) -> Result<i64, sqlx::Error> {
    Ok(line(conn, event_id, except).await?.taken)
}

/// What deciding an answer reads: the places taken (leaving out the RSVP `except`) and the end
/// of the waitlist. One round trip for both: on PostgreSQL each statement of a group commit is
/// one, and every other writer waits for it.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Line {
    pub taken: i64,
    #[sqlx(flatten)]
    pub tail: WaitlistTail,
}

pub async fn line(conn: &mut Conn, event_id: i64, except: Option<i64>) -> Result<Line, sqlx::Error> {
    super::query_as(
        // `ORDER BY … DESC LIMIT 1` rather than MAX: one step down the index whatever the
        // planner believes of the event's size (PostgreSQL summed every waiting row for MAX).
        "SELECT COALESCE((SELECT going_places FROM rsvp_totals WHERE event_id = $1), 0)
              - COALESCE((SELECT party_size FROM rsvps WHERE id = $2 AND event_id = $1 AND status = 'going'), 0) AS taken,
                COALESCE((SELECT waitlist_seq FROM rsvps WHERE event_id = $1 AND status = 'waitlisted'
                          ORDER BY waitlist_seq DESC LIMIT 1), 0) + 1 AS next_seq,
                COALESCE((SELECT waiting FROM rsvp_totals WHERE event_id = $1), 0) AS waiting",
    )
    .bind(event_id)
    .bind(except)
    .fetch_one(conn)
    .await
}

/// The waitlist in order, as (id, party size).
pub async fn waitlist(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    super::query_as("SELECT id, party_size FROM rsvps WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq")
        .bind(event_id)
        .fetch_all(conn)
        .await
}

/// Up to `limit` waitlisted parties of at most `max_size` people behind sequence `after`, in
/// order, as (id, party size, sequence): a walk along the index from the head of the line.
pub async fn waitlist_fitting(
    conn: &mut Conn,
    event_id: i64,
    after: i64,
    max_size: i64,
    limit: i64,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    super::query_as(
        "SELECT id, party_size, waitlist_seq FROM rsvps
         WHERE event_id = $1 AND status = 'waitlisted' AND waitlist_seq > $2 AND party_size <= $3
         ORDER BY waitlist_seq LIMIT $4",
    )
    .bind(event_id)
    .bind(after)
    .bind(max_size)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The end of an event's waitlist: the sequence number a new entry gets (after every
/// waiting one) and how many are waiting; neither grows with the event.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct WaitlistTail {
    pub next_seq: i64,
    pub waiting: i64,
}

/// The event's RSVPs summed up per status: what the attendee list's counts need, without its rows.
pub async fn tallies(db: &Db, event_id: i64) -> Result<Vec<Tally>, sqlx::Error> {
    let rows: Vec<(Status, i64, i64, i64, i64)> = super::query_as(
        "SELECT status, COUNT(*), CAST(COALESCE(SUM(party_size), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN checked_in_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN arrived < party_size THEN arrived ELSE party_size END), 0) AS BIGINT)
         FROM rsvps WHERE event_id = $1 GROUP BY status",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(status, parties, people, checked_in_parties, checked_in_people)| Tally {
            status,
            parties: parties as u32,
            people: people as u32,
            checked_in_parties: checked_in_parties as u32,
            checked_in_people: checked_in_people as u32,
        })
        .collect())
}

/// 1-based place of a waitlisted RSVP in its event's waitlist.
pub async fn waitlist_position(conn: &mut Conn, rsvp_id: i64) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar(
        // The buckets before the party's own, then the parties up to it inside its bucket
        // (see migrations/sqlite/0012_waitlist_buckets.sql): flat in the line's length.
        "SELECT (SELECT CAST(COALESCE(SUM(b.waiting), 0) AS BIGINT) FROM waitlist_buckets b WHERE b.event_id = r.event_id AND b.bucket < (r.waitlist_seq >> 10))
              + (SELECT COUNT(*) FROM rsvps o WHERE o.event_id = r.event_id AND o.status = 'waitlisted'
                 AND o.waitlist_seq >= ((r.waitlist_seq >> 10) << 10) AND o.waitlist_seq <= r.waitlist_seq)
         FROM rsvps r WHERE r.id = $1 AND r.status = 'waitlisted'",
    )
    .bind(rsvp_id)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, Clone)]
pub struct NewRsvp<'a> {
    pub event_id: i64,
    pub user_id: Option<i64>,
    pub email: &'a str,
    pub name: &'a str,
    pub answer: Answer,
    pub party_size: i64,
    pub dietary: &'a str,
    pub status: Status,
    pub waitlist_seq: Option<i64>,
    pub language: &'a str,
}

/// Stores a new RSVP and returns it as stored. A party that gets or waits for a place counts as let in.
pub async fn insert(conn: &mut Conn, rsvp: &NewRsvp<'_>, now: i64) -> Result<RsvpRow, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "INSERT INTO rsvps (event_id, user_id, email, name, answer, party_size, dietary, status, waitlist_seq, created_at, updated_at, approved_at, language)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, CASE WHEN $8 IN ('going', 'waitlisted') THEN $10 END, $11) RETURNING {COLUMNS}"
    )))
    .bind(rsvp.event_id)
    .bind(rsvp.user_id)
    .bind(rsvp.email)
    .bind(rsvp.name)
    .bind(rsvp.answer)
    .bind(rsvp.party_size)
    .bind(rsvp.dietary)
    .bind(rsvp.status)
    .bind(rsvp.waitlist_seq)
    .bind(now)
    .bind(rsvp.language)
    .fetch_one(conn)
    .await
}

#[derive(Debug, Clone)]
pub struct RsvpChange<'a> {
    pub name: &'a str,
    pub answer: Answer,
    pub party_size: i64,
    pub dietary: &'a str,
    pub status: Status,
    pub waitlist_seq: Option<i64>,
    pub language: &'a str,
}

/// Changes an RSVP and returns it as stored.
pub async fn update(conn: &mut Conn, id: i64, change: &RsvpChange<'_>, now: i64) -> Result<RsvpRow, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE rsvps SET name = $2, answer = $3, party_size = $4, dietary = $5, status = $6, waitlist_seq = $7, updated_at = $8,
                approved_at = COALESCE(approved_at, CASE WHEN $6 IN ('going', 'waitlisted') THEN $8 END), language = $9
         WHERE id = $1 RETURNING {COLUMNS}"
    )))
    .bind(id)
    .bind(change.name)
    .bind(change.answer)
    .bind(change.party_size)
    .bind(change.dietary)
    .bind(change.status)
    .bind(change.waitlist_seq)
    .bind(now)
    .bind(change.language)
    .fetch_one(conn)
    .await
}

/// Sets an RSVP's status and returns it as stored; it keeps a waitlist place (its own, or the
/// new `seq`) only while it waits.
pub async fn set_status(conn: &mut Conn, id: i64, status: Status, seq: Option<i64>, now: i64) -> Result<RsvpRow, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE rsvps SET status = $2, updated_at = $3,
                waitlist_seq = CASE WHEN $2 = 'waitlisted' THEN COALESCE($4, waitlist_seq) END,
                approved_at = COALESCE(approved_at, CASE WHEN $2 IN ('going', 'waitlisted') THEN $3 END)
         WHERE id = $1 RETURNING {COLUMNS}"
    )))
    .bind(id)
    .bind(status)
    .bind(now)
    .bind(seq)
    .fetch_one(conn)
    .await
}

/// Every RSVP of an event: going first, then the waitlist in order, those awaiting approval, then the rest.
pub async fn for_event(db: &Db, event_id: i64) -> Result<Vec<RsvpRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rsvps WHERE event_id = $1
         ORDER BY CASE status WHEN 'going' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'pending' THEN 2 WHEN 'maybe' THEN 3 ELSE 4 END, waitlist_seq, id"
    )))
    .bind(event_id)
    .fetch_all(db.pool())
    .await
}

/// RSVPs that hold, wait for or ask for a place or might come: the people to tell when the event is cancelled.
pub async fn interested(conn: &mut Conn, event_id: i64) -> Result<Vec<RsvpRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rsvps WHERE event_id = $1 AND status IN ('going', 'waitlisted', 'pending', 'maybe') ORDER BY id"
    )))
    .bind(event_id)
    .fetch_all(conn)
    .await
}

/// The RSVPs waiting for an organizer's approval, in the order they came.
pub async fn pending(conn: &mut Conn, event_id: i64) -> Result<Vec<RsvpRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM rsvps WHERE event_id = $1 AND status = 'pending' ORDER BY id")))
        .bind(event_id)
        .fetch_all(conn)
        .await
}

pub async fn places_going(db: &Db, event_id: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar("SELECT COALESCE((SELECT going_places FROM rsvp_totals WHERE event_id = $1), 0)")
        .bind(event_id)
        .fetch_one(db.pool())
        .await
}

// Arrivals at the door (a party in parts): `db::check_in`.

/// Undoes a check-in (a person removed from the event).
pub async fn clear_check_in(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE rsvps SET checked_in_at = NULL, checked_in_by = NULL, arrived = 0 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Gives the waitlisted RSVPs `ids` (in this order) the sequence numbers 1, 2, 3, …
pub async fn renumber_waitlist(conn: &mut Conn, ids: &[i64]) -> Result<(), sqlx::Error> {
    for (i, id) in ids.iter().enumerate() {
        super::query("UPDATE rsvps SET waitlist_seq = $2 WHERE id = $1").bind(id).bind(i as i64 + 1).execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn record_audit(
    conn: &mut Conn,
    rsvp_id: i64,
    actor_user_id: i64,
    change: &str,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    super::query("INSERT INTO rsvp_audit (rsvp_id, at, actor_user_id, change, reason) VALUES ($1, $2, $3, $4, $5)")
        .bind(rsvp_id)
        .bind(now)
        .bind(actor_user_id)
        .bind(change)
        .bind(reason)
        .execute(conn)
        .await
        .map(|_| ())
}

/// (when, who, whose RSVP, change, reason) for an event, newest first.
pub async fn audit_for_event(db: &Db, event_id: i64) -> Result<Vec<(i64, Option<String>, String, String, String)>, sqlx::Error> {
    super::query_as(
        "SELECT a.at, u.display_name, r.name, a.change, a.reason
         FROM rsvp_audit a JOIN rsvps r ON r.id = a.rsvp_id LEFT JOIN users u ON u.id = a.actor_user_id
         WHERE r.event_id = $1 ORDER BY a.id DESC",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await
}

/// Going RSVPs whose event starts within its reminder window and who have no reminder yet: (rsvp id, event id).
pub async fn due_reminders(conn: &mut Conn, now: i64, limit: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    super::query_as(
        "SELECT r.id, e.id FROM rsvps r JOIN events e ON e.id = r.event_id
         WHERE r.status = 'going' AND r.reminded_at IS NULL AND e.status = 'published' AND e.reminder_hours > 0
           AND e.starts_at > $1 AND e.starts_at - e.reminder_hours * 3600 <= $1
         ORDER BY e.starts_at, r.id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await
}

pub async fn mark_reminded(conn: &mut Conn, id: i64, now: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE rsvps SET reminded_at = $2 WHERE id = $1").bind(id).bind(now).execute(conn).await.map(|_| ())
}
