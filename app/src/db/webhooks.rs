//! Webhook subscriptions and their delivery queue.

use super::{Conn, Db};

/// The subscriptions `s` that hear of kind `$2` about event `$1`: the event's own, its series',
/// and the instance-wide ones.
const LISTENING: &str =
    "(s.event_id = $1 OR s.series_id = (SELECT series_id FROM events WHERE id = $1) OR (s.event_id IS NULL AND s.series_id IS NULL))
     AND EXISTS (SELECT 1 FROM json_each(s.kinds) WHERE value = $2)";

/// PostgreSQL's words for the SQLite functions used here.
const IN_POSTGRES: &[(&str, &str)] = &[
    ("json_each(s.kinds)", "json_array_elements_text(CAST(s.kinds AS json))"),
    ("lower(hex(randomblob(16)))", "replace(CAST(gen_random_uuid() AS text), '-', '')"),
];

/// Queues `body` for every subscription of `event_id` (and every instance-wide one) that wants
/// `kind`; returns how many deliveries were queued.
pub async fn enqueue(conn: &mut Conn, event_id: i64, kind: &str, body: &str, now: i64) -> Result<u64, sqlx::Error> {
    super::query(super::sql::translated(
        format!(
            "INSERT INTO webhook_deliveries (subscription_id, message_id, kind, payload, created_at, next_attempt_at)
             SELECT s.id, 'msg_' || lower(hex(randomblob(16))), $2, $3, $4, $4 FROM webhook_subscriptions s WHERE {LISTENING} ORDER BY s.id"
        ),
        IN_POSTGRES,
    ))
    .bind(event_id)
    .bind(kind)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// Whether any subscription would hear of `kind` about `event_id` (see [`enqueue`]).
pub async fn wanted(conn: &mut Conn, event_id: i64, kind: &str) -> Result<bool, sqlx::Error> {
    super::query_scalar(super::sql::translated(
        format!("SELECT EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE {LISTENING})"),
        IN_POSTGRES,
    ))
    .bind(event_id)
    .bind(kind)
    .fetch_one(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueDelivery {
    pub id: i64,
    pub subscription_id: i64,
    pub message_id: String,
    pub payload: String,
    pub attempts: i64,
    pub url: String,
    pub secret: Vec<u8>,
}

/// The head of each subscription's queue, if it is due: deliveries go out in order.
pub async fn due(db: &Db, now: i64) -> Result<Vec<DueDelivery>, sqlx::Error> {
    super::query_as(
        "SELECT d.id, d.subscription_id, d.message_id, d.payload, d.attempts, s.url, s.secret
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.id IN (SELECT MIN(id) FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL GROUP BY subscription_id)
           AND d.next_attempt_at <= $1
         ORDER BY d.id",
    )
    .bind(now)
    .fetch_all(db.pool())
    .await
}

/// Takes delivery `id` for one attempt, unless another worker (or instance) already has:
/// its next attempt moves to `until`, so nobody else picks it up meanwhile.
pub async fn claim(db: &Db, id: i64, now: i64, until: i64) -> Result<bool, sqlx::Error> {
    super::query("UPDATE webhook_deliveries SET next_attempt_at = $3 WHERE id = $1 AND next_attempt_at <= $2 AND delivered_at IS NULL AND failed_at IS NULL")
        .bind(id)
        .bind(now)
        .bind(until)
        .execute(db.pool())
        .await
        .map(|r| r.rows_affected() == 1)
}

pub async fn next_due_at(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar("SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE delivered_at IS NULL AND failed_at IS NULL")
        .fetch_one(db.pool())
        .await
}

pub async fn delivered(conn: &mut Conn, id: i64, status: i64, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "UPDATE webhook_deliveries SET delivered_at = $2, attempts = attempts + 1, last_status = $3, last_error = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .bind(status)
    .execute(conn)
    .await
    .map(|_| ())
}

/// A failed attempt; `retry_at = None` gives the delivery up.
pub async fn failed(
    conn: &mut Conn,
    id: i64,
    status: Option<i64>,
    error: &str,
    retry_at: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    super::query(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $2, last_error = $3,
                next_attempt_at = COALESCE($4, next_attempt_at), failed_at = CASE WHEN $4 IS NULL THEN $5 END
         WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(error)
    .bind(retry_at)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub id: i64,
    pub event_id: Option<i64>,
    pub series_id: Option<i64>,
    pub url: String,
    pub kinds: String,
}

/// Where a subscription listens: one event, a series' events, or (neither) every event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub event_id: Option<i64>,
    pub series_id: Option<i64>,
}

pub async fn insert_subscription(
    conn: &mut Conn,
    scope: Scope,
    url: &str,
    kinds_json: &str,
    by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    super::query_scalar(super::sql::translated(
        "INSERT INTO webhook_subscriptions (event_id, series_id, url, kinds, secret, created_by, created_at)
         VALUES ($1, $6, $2, $3, x'', $4, $5) RETURNING id",
        &[super::sql::EMPTY_BLOB],
    ))
    .bind(scope.event_id)
    .bind(url)
    .bind(kinds_json)
    .bind(by)
    .bind(now)
    .bind(scope.series_id)
    .fetch_one(conn)
    .await
}

pub async fn seal_secret(conn: &mut Conn, id: i64, sealed: &[u8]) -> Result<(), sqlx::Error> {
    super::query("UPDATE webhook_subscriptions SET secret = $2 WHERE id = $1").bind(id).bind(sealed).execute(conn).await.map(|_| ())
}

/// The subscriptions that hear of `event_id`: its own, its series' and, when `instance_wide`,
/// those of every event.
pub async fn subscriptions(
    conn: &mut Conn,
    event_id: i64,
    series_id: Option<i64>,
    instance_wide: bool,
) -> Result<Vec<SubscriptionRow>, sqlx::Error> {
    super::query_as(
        "SELECT id, event_id, series_id, url, kinds FROM webhook_subscriptions
         WHERE event_id = $1 OR series_id = $2 OR ($3 AND event_id IS NULL AND series_id IS NULL) ORDER BY id",
    )
    .bind(event_id)
    .bind(series_id)
    .bind(instance_wide)
    .fetch_all(conn)
    .await
}

pub async fn subscription(conn: &mut Conn, id: i64) -> Result<Option<SubscriptionRow>, sqlx::Error> {
    super::query_as("SELECT id, event_id, series_id, url, kinds FROM webhook_subscriptions WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Whether `user_id` owns or co-organizes an event of `series_id`.
pub async fn organizes_in_series(conn: &mut Conn, user_id: i64, series_id: i64) -> Result<bool, sqlx::Error> {
    super::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM event_roles r JOIN events e ON e.id = r.event_id
                        WHERE r.user_id = $1 AND e.series_id = $2 AND r.role IN ('owner', 'co_organizer'))",
    )
    .bind(user_id)
    .bind(series_id)
    .fetch_one(conn)
    .await
}

pub async fn delete_subscription(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    super::query("DELETE FROM webhook_subscriptions WHERE id = $1").bind(id).execute(conn).await.map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub subscription_id: i64,
    pub kind: String,
    pub created_at: i64,
    pub attempts: i64,
    pub delivered_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

/// The newest deliveries of `subscription_id`.
pub async fn recent(conn: &mut Conn, subscription_id: i64, limit: i64) -> Result<Vec<DeliveryRow>, sqlx::Error> {
    super::query_as(
        "SELECT id, subscription_id, kind, created_at, attempts, delivered_at, failed_at, last_status, last_error
         FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(subscription_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

pub async fn delivery(conn: &mut Conn, id: i64) -> Result<Option<DeliveryRow>, sqlx::Error> {
    super::query_as(
        "SELECT id, subscription_id, kind, created_at, attempts, delivered_at, failed_at, last_status, last_error
         FROM webhook_deliveries WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Sends a delivery again, under its own message id (receivers recognise it), as soon as it
/// is the oldest pending one of its subscription.
pub async fn redeliver(conn: &mut Conn, id: i64, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "UPDATE webhook_deliveries SET delivered_at = NULL, failed_at = NULL, attempts = 0, next_attempt_at = $2, last_error = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}
