//! Code-of-conduct reports, their timeline, recusals, the read log and removals. Texts arrive
//! and leave sealed: nothing here sees a report in the clear.

use super::Conn;
use crate::conduct::model::{ActionKind, Status};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SettingsRow {
    pub code_md: Option<String>,
    pub emergency_contact: String,
    pub emergency_number: String,
}

pub async fn settings(conn: &mut Conn, event_id: i64) -> Result<Option<SettingsRow>, sqlx::Error> {
    super::query_as("SELECT code_md, emergency_contact, emergency_number FROM conduct_settings WHERE event_id = $1")
        .bind(event_id)
        .fetch_optional(conn)
        .await
}

pub async fn save_settings(conn: &mut Conn, event_id: i64, row: &SettingsRow, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO conduct_settings (event_id, code_md, emergency_contact, emergency_number, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (event_id) DO UPDATE SET code_md = $2, emergency_contact = $3, emergency_number = $4, updated_at = $5",
    )
    .bind(event_id)
    .bind(&row.code_md)
    .bind(&row.emergency_contact)
    .bind(&row.emergency_number)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// The instance's code in `language`, as the administrators last saved it.
pub async fn instance_code(conn: &mut Conn, language: &str) -> Result<Option<String>, sqlx::Error> {
    super::query_scalar("SELECT code_md FROM conduct_codes WHERE language = $1").bind(language).fetch_optional(conn).await
}

pub async fn save_instance_code(conn: &mut Conn, language: &str, code_md: &str, by: i64, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO conduct_codes (language, code_md, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (language) DO UPDATE SET code_md = $2, updated_by = $3, updated_at = $4",
    )
    .bind(language)
    .bind(code_md)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub event_id: i64,
    pub urgent: bool,
    pub status: String,
    pub sealed: Vec<u8>,
    pub created_at: i64,
}

impl ReportRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::New)
    }
}

const REPORT: &str = "SELECT id, event_id, urgent, status, sealed, created_at FROM conduct_reports";

/// A new report with no text yet (its sealed text is bound to its id, see [`seal_report`]).
pub async fn insert_report(conn: &mut Conn, event_id: i64, urgent: bool, code_hash: &[u8], now: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar(super::sql::translated(
        "INSERT INTO conduct_reports (event_id, urgent, sealed, code_hash, created_at) VALUES ($1, $2, x'', $3, $4) RETURNING id",
        &[super::sql::EMPTY_BLOB],
    ))
    .bind(event_id)
    .bind(urgent)
    .bind(code_hash)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn seal_report(conn: &mut Conn, id: i64, sealed: &[u8]) -> Result<(), sqlx::Error> {
    super::query("UPDATE conduct_reports SET sealed = $2 WHERE id = $1").bind(id).bind(sealed).execute(conn).await.map(|_| ())
}

pub async fn report(conn: &mut Conn, id: i64) -> Result<Option<ReportRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{REPORT} WHERE id = $1"))).bind(id).fetch_optional(conn).await
}

pub async fn report_by_code(conn: &mut Conn, event_id: i64, code_hash: &[u8]) -> Result<Option<ReportRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{REPORT} WHERE code_hash = $1 AND event_id = $2")))
        .bind(code_hash)
        .bind(event_id)
        .fetch_optional(conn)
        .await
}

/// The event's reports, urgent ones first, then the newest.
pub async fn reports(conn: &mut Conn, event_id: i64) -> Result<Vec<ReportRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{REPORT} WHERE event_id = $1 ORDER BY urgent DESC, created_at DESC, id DESC")))
        .bind(event_id)
        .fetch_all(conn)
        .await
}

/// Reports there are and were for `event_id`, for those who may know only that.
pub async fn count(conn: &mut Conn, event_id: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar(
        "SELECT (SELECT COUNT(*) FROM conduct_reports WHERE event_id = $1)
              + COALESCE((SELECT deleted FROM conduct_counts WHERE event_id = $1), 0)",
    )
    .bind(event_id)
    .fetch_one(conn)
    .await
}

pub async fn set_status(conn: &mut Conn, id: i64, from: Status, to: Status, now: i64) -> Result<bool, sqlx::Error> {
    let closed_at = to.is_final().then_some(now);
    super::query("UPDATE conduct_reports SET status = $3, closed_at = COALESCE(closed_at, $4) WHERE id = $1 AND status = $2")
        .bind(id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(closed_at)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EntryRow {
    pub id: i64,
    pub kind: String,
    pub by_user: Option<i64>,
    pub by_name: Option<String>,
    pub status: Option<String>,
    pub action: Option<String>,
    pub sealed: Option<Vec<u8>>,
    pub created_at: i64,
}

pub struct NewEntry<'a> {
    pub report_id: i64,
    pub kind: &'a str,
    pub by_user: Option<i64>,
    pub status: Option<Status>,
    pub action: Option<ActionKind>,
}

/// A timeline entry; its text, if any, is sealed afterwards (bound to the entry's id).
pub async fn insert_entry(conn: &mut Conn, entry: &NewEntry<'_>, now: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO conduct_entries (report_id, kind, by_user, status, action, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(entry.report_id)
    .bind(entry.kind)
    .bind(entry.by_user)
    .bind(entry.status.map(Status::as_str))
    .bind(entry.action.map(ActionKind::as_str))
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn seal_entry(conn: &mut Conn, id: i64, sealed: &[u8]) -> Result<(), sqlx::Error> {
    super::query("UPDATE conduct_entries SET sealed = $2 WHERE id = $1").bind(id).bind(sealed).execute(conn).await.map(|_| ())
}

/// The report's timeline, oldest first; `kinds` limits it (the reporter sees replies and their own).
pub async fn entries(conn: &mut Conn, report_id: i64, kinds: &[&str]) -> Result<Vec<EntryRow>, sqlx::Error> {
    let kinds = serde_json::to_string(kinds).expect("strings serialize");
    super::query_as(super::sql::translated(
        "SELECT e.id, e.kind, e.by_user, u.display_name AS by_name, e.status, e.action, e.sealed, e.created_at
         FROM conduct_entries e LEFT JOIN users u ON u.id = e.by_user
         WHERE e.report_id = $1 AND e.kind IN (SELECT value FROM json_each($2)) ORDER BY e.id",
        &[("SELECT value FROM json_each($2)", "SELECT value FROM json_array_elements_text(CAST($2 AS json))")],
    ))
    .bind(report_id)
    .bind(kinds)
    .fetch_all(conn)
    .await
}

pub async fn is_recused(conn: &mut Conn, report_id: i64, user_id: i64) -> Result<bool, sqlx::Error> {
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM conduct_recusals WHERE report_id = $1 AND user_id = $2)")
        .bind(report_id)
        .bind(user_id)
        .fetch_one(conn)
        .await
}

/// The reports of `event_id` that `user_id` is recused from.
pub async fn recused_from(conn: &mut Conn, event_id: i64, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    super::query_scalar(
        "SELECT r.report_id FROM conduct_recusals r JOIN conduct_reports c ON c.id = r.report_id WHERE c.event_id = $1 AND r.user_id = $2",
    )
    .bind(event_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn recuse(conn: &mut Conn, report_id: i64, user_id: i64, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    super::query("INSERT INTO conduct_recusals (report_id, user_id, by_user, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(report_id)
        .bind(user_id)
        .bind(by)
        .bind(now)
        .execute(conn)
        .await
        .map(|r| r.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ResponderRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub recused: bool,
    /// "en" or "de": the account's language, which their mails speak.
    pub language: String,
}

/// The event's responders with accounts, and whether each is recused from `report_id`.
pub async fn responders(conn: &mut Conn, event_id: i64, report_id: i64) -> Result<Vec<ResponderRow>, sqlx::Error> {
    super::query_as(
        "SELECT u.id AS user_id, u.display_name AS name, u.email, u.language,
                EXISTS (SELECT 1 FROM conduct_recusals x WHERE x.report_id = $2 AND x.user_id = u.id) AS recused
         FROM event_roles r JOIN users u ON u.id = r.user_id
         WHERE r.event_id = $1 AND r.role = 'conduct_responder' ORDER BY u.display_name, u.id",
    )
    .bind(event_id)
    .bind(report_id)
    .fetch_all(conn)
    .await
}

pub async fn log_read(conn: &mut Conn, report_id: i64, user_id: i64, what: &str, now: i64) -> Result<(), sqlx::Error> {
    super::query("INSERT INTO conduct_reads (report_id, user_id, what, at) VALUES ($1, $2, $3, $4)")
        .bind(report_id)
        .bind(user_id)
        .bind(what)
        .bind(now)
        .execute(conn)
        .await
        .map(|_| ())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReadRow {
    pub name: Option<String>,
    pub what: String,
    pub at: i64,
}

pub async fn reads(conn: &mut Conn, report_id: i64) -> Result<Vec<ReadRow>, sqlx::Error> {
    super::query_as(
        "SELECT u.display_name AS name, r.what, r.at FROM conduct_reads r LEFT JOIN users u ON u.id = r.user_id
         WHERE r.report_id = $1 ORDER BY r.id",
    )
    .bind(report_id)
    .fetch_all(conn)
    .await
}

pub async fn insert_removal(
    conn: &mut Conn,
    event_id: i64,
    email: &str,
    report_id: i64,
    sealed: &[u8],
    by: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO event_removals (event_id, email, report_id, sealed, by_user, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id, email) DO UPDATE SET report_id = $3, sealed = $4, by_user = $5, created_at = $6",
    )
    .bind(event_id)
    .bind(email)
    .bind(report_id)
    .bind(sealed)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Whether `email` was removed from `event_id`.
pub async fn is_removed(conn: &mut Conn, event_id: i64, email: &str) -> Result<bool, sqlx::Error> {
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM event_removals WHERE event_id = $1 AND email = $2)")
        .bind(event_id)
        .bind(email)
        .fetch_one(conn)
        .await
}

/// Deletes the reports closed before `before`, their log with them, and counts them per
/// event: that count is all that stays.
pub async fn purge_closed(conn: &mut Conn, before: i64) -> Result<u64, sqlx::Error> {
    super::query(
        "INSERT INTO conduct_counts (event_id, deleted)
         SELECT event_id, COUNT(*) FROM conduct_reports WHERE closed_at IS NOT NULL AND closed_at < $1 GROUP BY event_id
         ON CONFLICT (event_id) DO UPDATE SET deleted = conduct_counts.deleted + excluded.deleted",
    )
    .bind(before)
    .execute(&mut *conn)
    .await?;
    let ids: Vec<i64> = super::query_scalar("DELETE FROM conduct_reports WHERE closed_at IS NOT NULL AND closed_at < $1 RETURNING id")
        .bind(before)
        .fetch_all(&mut *conn)
        .await?;
    let ids_json = serde_json::to_string(&ids).expect("integers serialize");
    super::query(super::sql::translated(
        "DELETE FROM conduct_reads WHERE report_id IN (SELECT value FROM json_each($1))",
        &[super::sql::JSON_IDS],
    ))
    .bind(ids_json)
    .execute(conn)
    .await?;
    Ok(ids.len() as u64)
}
