use super::Conn;

use super::Db;

/// A formatted mail ready for the wire.
#[derive(Debug, Clone)]
pub struct NewOutboxMail<'a> {
    pub envelope_from: &'a str,
    pub envelope_to: &'a str,
    pub subject: &'a str,
    pub message: &'a [u8],
    /// Wipe the message once it is delivered (see the migration of conduct reports).
    pub forget_when_sent: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub envelope_from: String,
    pub envelope_to: String,
    pub subject: String,
    pub message: Vec<u8>,
    pub attempts: i64,
}

/// Inserts inside the caller's transaction, so the mail exists exactly when the change does.
pub async fn insert(conn: &mut Conn, mail: &NewOutboxMail<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let row: (i64,) = super::query_as(
        "INSERT INTO outbox (envelope_from, envelope_to, subject, message, created_at, next_attempt_at, forget_when_sent)
         VALUES ($1, $2, $3, $4, $5, $5, $6)
         RETURNING id",
    )
    .bind(mail.envelope_from)
    .bind(mail.envelope_to)
    .bind(mail.subject)
    .bind(mail.message)
    .bind(now)
    .bind(mail.forget_when_sent)
    .fetch_one(conn)
    .await?;
    Ok(row.0)
}

/// Mails due for a delivery attempt, oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
    super::query_as(
        "SELECT id, envelope_from, envelope_to, subject, message, attempts
         FROM outbox
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
         ORDER BY next_attempt_at, id
         LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Takes the mails due for a delivery attempt, oldest first, for this worker alone.
///
/// SQLite has one process and one worker, which simply reads them. Instances sharing a
/// PostgreSQL database claim them: the due rows are locked (skipping those another instance
/// is claiming this instant) and their next attempt moved to `lease_until`, in one statement,
/// so no other instance takes them; the delivery marks end the lease, and a crashed worker's
/// mail becomes due again when it runs out.
pub async fn claim_due(db: &Db, now: i64, lease_until: i64, limit: i64) -> Result<Vec<OutboxRow>, sqlx::Error> {
    let super::Pool::Postgres(pool) = db.pool() else {
        return due(db, now, limit).await;
    };
    let mut rows: Vec<OutboxRow> = sqlx::query_as(
        "UPDATE outbox SET next_attempt_at = $2
         WHERE id IN (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id
                      LIMIT $3
                      FOR UPDATE SKIP LOCKED)
         RETURNING id, envelope_from, envelope_to, subject, message, attempts",
    )
    .bind(now)
    .bind(lease_until)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

/// Ends the claim on mail a pass took but did not try (it stopped when the server went
/// down): due again at `at`. Nothing is claimed on SQLite.
pub async fn release(conn: &mut Conn, ids: &[i64], at: i64) -> Result<(), sqlx::Error> {
    if ids.is_empty() || conn.backend() == super::Backend::Sqlite {
        return Ok(());
    }
    let ids = serde_json::to_string(ids).expect("integers serialize");
    super::query(super::sql::translated(
        "UPDATE outbox SET next_attempt_at = $2 WHERE sent_at IS NULL AND failed_at IS NULL AND id IN (SELECT value FROM json_each($1))",
        &[super::sql::JSON_IDS],
    ))
    .bind(ids)
    .bind(at)
    .execute(conn)
    .await
    .map(|_| ())
}

/// When the next pending mail becomes due, if any.
pub async fn next_due_at(db: &Db) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar("SELECT MIN(next_attempt_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL").fetch_one(db.pool()).await
}

/// Marks delivered mail, many at once (`ids` of one delivery pass); returns how many of them
/// were wiped (queued to be forgotten once sent).
pub async fn mark_sent(conn: &mut Conn, ids: &[i64], now: i64) -> Result<u64, sqlx::Error> {
    let ids = serde_json::to_string(ids).expect("integers serialize");
    let wiped: i64 = super::query_scalar(super::sql::translated(
        "SELECT COUNT(*) FROM outbox WHERE forget_when_sent = TRUE AND id IN (SELECT value FROM json_each($1))",
        &[super::sql::JSON_IDS],
    ))
    .bind(&ids)
    .fetch_one(&mut *conn)
    .await?;
    super::query(super::sql::translated(
        "UPDATE outbox SET sent_at = $2, attempts = attempts + 1, last_error = NULL,
                message = CASE WHEN forget_when_sent = TRUE THEN x'' ELSE message END,
                envelope_to = CASE WHEN forget_when_sent = TRUE THEN '' ELSE envelope_to END,
                subject = CASE WHEN forget_when_sent = TRUE THEN '(not kept)' ELSE subject END
         WHERE id IN (SELECT value FROM json_each($1))",
        &[super::sql::JSON_IDS, super::sql::EMPTY_BLOB],
    ))
    .bind(ids)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(wiped.max(0) as u64)
}

/// Moves the write-ahead log into the database file and empties it, so that the earlier
/// versions of wiped rows are gone from disk too (`secure_delete` zeroes them in the file).
/// PostgreSQL's VACUUM reclaims them on its own schedule.
pub async fn checkpoint(db: &Db) -> Result<(), sqlx::Error> {
    match db.backend() {
        super::Backend::Sqlite => super::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(db.pool()).await.map(|_| ()),
        super::Backend::Postgres => Ok(()),
    }
}

/// Records a failed attempt; `retry_at = None` gives the mail up for good.
pub async fn mark_failed(conn: &mut Conn, id: i64, error: &str, retry_at: Option<i64>, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "UPDATE outbox
         SET attempts = attempts + 1, last_error = $2,
             next_attempt_at = COALESCE($3, next_attempt_at),
             failed_at = CASE WHEN $3 IS NULL THEN $4 ELSE NULL END
         WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(retry_at)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}
