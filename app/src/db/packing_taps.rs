//! The packing line on the day: the taps stations send (in batches, each counted once) and the
//! volunteers signed up for shifts.

use super::Conn;

use crate::packing::model::TapKind;

/// Stores a batch of `taps` (kind, when) from station `station_id`, unless a batch with this id
/// was stored already: a phone that retries after a lost answer sends the same id. Returns
/// whether the batch was new.
pub async fn insert_batch(
    conn: &mut Conn,
    batch_id: &str,
    station_id: i64,
    taps: &[(TapKind, i64)],
    now: i64,
) -> Result<bool, sqlx::Error> {
    let new =
        super::query("INSERT INTO packing_batches (id, station_id, taps, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(batch_id)
            .bind(station_id)
            .bind(taps.len() as i64)
            .bind(now)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1;
    if !new {
        return Ok(false);
    }
    for (kind, at_ms) in taps {
        super::query("INSERT INTO packing_taps (station_id, kind, at_ms, batch_id) VALUES ($1, $2, $3, $4)")
            .bind(station_id)
            .bind(kind)
            .bind(at_ms)
            .bind(batch_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Which station sent the batch `batch_id`, if it was stored.
pub async fn batch_station(conn: &mut Conn, batch_id: &str) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar("SELECT station_id FROM packing_batches WHERE id = $1").bind(batch_id).fetch_optional(conn).await
}

/// Every tap of the line's stations: (station, kind, when), in time order.
pub async fn taps(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, TapKind, i64)>, sqlx::Error> {
    super::query_as(
        "SELECT t.station_id, t.kind, t.at_ms FROM packing_taps t JOIN packing_stations s ON s.id = t.station_id
         WHERE s.event_id = $1 ORDER BY t.at_ms, t.id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

/// Taps per station and kind: (station, kind, count).
pub async fn counts(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, TapKind, i64)>, sqlx::Error> {
    super::query_as(
        "SELECT t.station_id, t.kind, COUNT(*) FROM packing_taps t JOIN packing_stations s ON s.id = t.station_id
         WHERE s.event_id = $1 GROUP BY t.station_id, t.kind ORDER BY t.station_id, t.kind",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignupRow {
    pub id: i64,
    pub shift_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub job: String,
    pub station_id: Option<i64>,
    pub station: Option<String>,
    pub name: String,
    pub email: String,
}

pub async fn signups(conn: &mut Conn, event_id: i64) -> Result<Vec<SignupRow>, sqlx::Error> {
    super::query_as(
        "SELECT s.id, s.shift_id, sh.starts_at, sh.ends_at, s.job, s.station_id, st.name AS station, s.name, s.email
         FROM packing_signups s JOIN packing_shifts sh ON sh.id = s.shift_id LEFT JOIN packing_stations st ON st.id = s.station_id
         WHERE sh.event_id = $1 ORDER BY sh.starts_at, s.job, st.position, s.name",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

/// A volunteer for a shift.
pub struct NewSignup<'a> {
    pub shift_id: i64,
    pub job: &'a str,
    pub station_id: Option<i64>,
    pub user_id: Option<i64>,
    pub name: &'a str,
    pub email: &'a str,
}

/// Signs a volunteer up (again: their job changes); `None` when the shift is not the event's.
pub async fn upsert_signup(conn: &mut Conn, event_id: i64, s: &NewSignup<'_>, now: i64) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO packing_signups (shift_id, station_id, job, user_id, name, email, created_at)
         SELECT id, (SELECT id FROM packing_stations WHERE id = $3 AND event_id = $1), $4, $5, $6, $7, $8
         FROM packing_shifts WHERE id = $2 AND event_id = $1
         ON CONFLICT (shift_id, email) DO UPDATE SET station_id = excluded.station_id, job = excluded.job, name = excluded.name
         RETURNING id",
    )
    .bind(event_id)
    .bind(s.shift_id)
    .bind(s.station_id)
    .bind(s.job)
    .bind(s.user_id)
    .bind(s.name)
    .bind(s.email)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// The line's finished bags, its target and its event's slug.
pub async fn bags_and_target(conn: &mut Conn, event_id: i64) -> Result<(i64, i64, String), sqlx::Error> {
    super::query_as(
        "SELECT (SELECT COUNT(*) FROM packing_taps t JOIN packing_stations s ON s.id = t.station_id WHERE s.event_id = $1 AND t.kind = 'bag'),
                COALESCE((SELECT bag_target FROM packing_lines WHERE event_id = $1), 0),
                (SELECT slug FROM events WHERE id = $1)",
    )
    .bind(event_id)
    .fetch_one(conn)
    .await
}
