//! The packing line: its target, sponsors, items, shipments, stations and shifts (taps and
//! volunteers are in `packing_taps`).

use super::Conn;

use crate::packing::model::StationKind;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub event_id: i64,
    pub bag_target: i64,
    pub tables: String,
}

pub async fn line(conn: &mut Conn, event_id: i64) -> Result<Option<LineRow>, sqlx::Error> {
    super::query_as("SELECT event_id, bag_target, tables FROM packing_lines WHERE event_id = $1").bind(event_id).fetch_optional(conn).await
}

pub async fn save_line(conn: &mut Conn, event_id: i64, bag_target: i64, tables: &str, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO packing_lines (event_id, bag_target, tables, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (event_id) DO UPDATE SET bag_target = $2, tables = $3, updated_at = $4",
    )
    .bind(event_id)
    .bind(bag_target)
    .bind(tables)
    .bind(now)
    .execute(conn)
    .await
    .map(drop)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SponsorRow {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub tier: String,
    /// Shipments of its items checked in.
    pub shipments: i64,
}

pub async fn sponsors(conn: &mut Conn, event_id: i64) -> Result<Vec<SponsorRow>, sqlx::Error> {
    super::query_as(
        "SELECT s.id, s.name, s.contact, s.tier,
                (SELECT COUNT(*) FROM packing_shipments sh JOIN packing_items i ON i.id = sh.item_id WHERE i.sponsor_id = s.id) AS shipments
         FROM packing_sponsors s WHERE s.event_id = $1 ORDER BY s.name",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

/// Adds a sponsor; `None` when the line has one of that name.
pub async fn insert_sponsor(conn: &mut Conn, event_id: i64, name: &str, contact: &str, tier: &str) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO packing_sponsors (event_id, name, contact, tier) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(event_id)
    .bind(name)
    .bind(contact)
    .bind(tier)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub sponsor_id: i64,
    pub sponsor: String,
    pub name: String,
    pub per_bag: i64,
    pub expected: i64,
    pub notes: String,
    /// Everything checked in so far.
    pub received: i64,
    pub shipments: i64,
}

pub async fn items(conn: &mut Conn, event_id: i64) -> Result<Vec<ItemRow>, sqlx::Error> {
    super::query_as(
        "SELECT i.id, i.sponsor_id, s.name AS sponsor, i.name, i.per_bag, i.expected, i.notes,
                CAST(COALESCE((SELECT SUM(received) FROM packing_shipments sh WHERE sh.item_id = i.id), 0) AS BIGINT) AS received,
                (SELECT COUNT(*) FROM packing_shipments sh WHERE sh.item_id = i.id) AS shipments
         FROM packing_items i JOIN packing_sponsors s ON s.id = i.sponsor_id
         WHERE i.event_id = $1 ORDER BY s.name, i.name",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

/// The fields of a new item.
pub struct NewItem<'a> {
    pub sponsor_id: i64,
    pub name: &'a str,
    pub per_bag: i64,
    pub expected: i64,
    pub notes: &'a str,
}

/// Adds an item of one of the line's sponsors; `None` when that sponsor has one of that name.
pub async fn insert_item(conn: &mut Conn, event_id: i64, item: &NewItem<'_>) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO packing_items (event_id, sponsor_id, name, per_bag, expected, notes)
         SELECT $1, id, $3, $4, $5, $6 FROM packing_sponsors WHERE id = $2 AND event_id = $1
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(event_id)
    .bind(item.sponsor_id)
    .bind(item.name)
    .bind(item.per_bag)
    .bind(item.expected)
    .bind(item.notes)
    .fetch_optional(conn)
    .await
}

/// Records a box checked in; `false` when the item is not the line's.
pub async fn insert_shipment(
    conn: &mut Conn,
    event_id: i64,
    item_id: i64,
    received: i64,
    note: &str,
    by: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    super::query(
        "INSERT INTO packing_shipments (item_id, received, note, received_by, received_at)
         SELECT id, $3, $4, $5, $6 FROM packing_items WHERE id = $2 AND event_id = $1",
    )
    .bind(event_id)
    .bind(item_id)
    .bind(received)
    .bind(note)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShipmentRow {
    pub sponsor: String,
    pub item: String,
    pub expected: i64,
    pub received: i64,
    pub note: String,
    pub received_at: i64,
}

/// Every box checked in, oldest first.
pub async fn shipments(conn: &mut Conn, event_id: i64) -> Result<Vec<ShipmentRow>, sqlx::Error> {
    super::query_as(
        "SELECT s.name AS sponsor, i.name AS item, i.expected, sh.received, sh.note, sh.received_at
         FROM packing_shipments sh JOIN packing_items i ON i.id = sh.item_id JOIN packing_sponsors s ON s.id = i.sponsor_id
         WHERE i.event_id = $1 ORDER BY sh.received_at, sh.id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StationRow {
    pub id: i64,
    pub event_id: i64,
    pub position: i64,
    pub name: String,
    pub kind: StationKind,
    pub item_id: Option<i64>,
    pub item: Option<String>,
    pub per_bag: Option<i64>,
    pub received: i64,
}

const STATION: &str = "SELECT st.id, st.event_id, st.position, st.name, st.kind, st.item_id, i.name AS item, i.per_bag,
        CAST(COALESCE((SELECT SUM(received) FROM packing_shipments sh WHERE sh.item_id = st.item_id), 0) AS BIGINT) AS received
    FROM packing_stations st LEFT JOIN packing_items i ON i.id = st.item_id";

/// The stations in walking order.
pub async fn stations(conn: &mut Conn, event_id: i64) -> Result<Vec<StationRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{STATION} WHERE st.event_id = $1 ORDER BY st.position, st.id")))
        .bind(event_id)
        .fetch_all(conn)
        .await
}

pub async fn station(conn: &mut Conn, id: i64) -> Result<Option<StationRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{STATION} WHERE st.id = $1"))).bind(id).fetch_optional(conn).await
}

/// A station's event and what it does: all a tap needs to know.
pub async fn station_kind(conn: &mut Conn, id: i64) -> Result<Option<(i64, StationKind)>, sqlx::Error> {
    super::query_as("SELECT event_id, kind FROM packing_stations WHERE id = $1").bind(id).fetch_optional(conn).await
}

/// Adds a station at the end of the line; `None` when one of that name exists.
pub async fn insert_station(
    conn: &mut Conn,
    event_id: i64,
    name: &str,
    kind: StationKind,
    item_id: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO packing_stations (event_id, position, name, kind, item_id)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM packing_stations WHERE event_id = $1), $2, $3,
                 (SELECT id FROM packing_items WHERE id = $4 AND event_id = $1))
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(event_id)
    .bind(name)
    .bind(kind)
    .bind(item_id)
    .fetch_optional(conn)
    .await
}

pub async fn delete_station(conn: &mut Conn, event_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    super::query("DELETE FROM packing_stations WHERE event_id = $1 AND id = $2")
        .bind(event_id)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShiftRow {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub needed: i64,
    pub signed_up: i64,
}

pub async fn shifts(conn: &mut Conn, event_id: i64) -> Result<Vec<ShiftRow>, sqlx::Error> {
    super::query_as(
        "SELECT sh.id, sh.starts_at, sh.ends_at, sh.needed, (SELECT COUNT(*) FROM packing_signups s WHERE s.shift_id = sh.id) AS signed_up
         FROM packing_shifts sh WHERE sh.event_id = $1 ORDER BY sh.starts_at, sh.id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

pub async fn insert_shift(conn: &mut Conn, event_id: i64, starts_at: i64, ends_at: i64, needed: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar("INSERT INTO packing_shifts (event_id, starts_at, ends_at, needed) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(event_id)
        .bind(starts_at)
        .bind(ends_at)
        .bind(needed)
        .fetch_one(conn)
        .await
}

/// The event a shift belongs to.
pub async fn shift_event(conn: &mut Conn, shift_id: i64) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar("SELECT event_id FROM packing_shifts WHERE id = $1").bind(shift_id).fetch_optional(conn).await
}

/// Whether the line of `event_id` has been set up (the event page links to it).
pub async fn exists(conn: &mut Conn, event_id: i64) -> Result<bool, sqlx::Error> {
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM packing_lines WHERE event_id = $1)").bind(event_id).fetch_one(conn).await
}
