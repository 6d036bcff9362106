//! Reading and bending the database the way only tests need: looking at the outbox and the
//! security log, ageing sessions and links, changing a capacity behind the app's back.

use app::db::Db;

/// Counts of the outbox by state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct OutboxCounts {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

pub async fn outbox_counts(db: &Db) -> OutboxCounts {
    app::db::query_as(
        "SELECT COUNT(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL) AS pending,
                COUNT(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
                COUNT(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
         FROM outbox",
    )
    .fetch_one(db.pool())
    .await
    .expect("outbox counts")
}

/// (attempts, last error) of every mail, oldest first.
pub async fn outbox_attempts(db: &Db) -> Vec<(i64, Option<String>)> {
    app::db::query_as("SELECT attempts, last_error FROM outbox ORDER BY id").fetch_all(db.pool()).await.expect("outbox attempts")
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SecurityLogRow {
    pub at: i64,
    pub kind: String,
    pub user_id: Option<i64>,
    pub email: Option<String>,
    pub client: Option<String>,
    pub detail: String,
}

/// The newest `limit` entries of the security log, newest first.
pub async fn security_log(db: &Db, limit: i64) -> Vec<SecurityLogRow> {
    app::db::query_as("SELECT at, kind, user_id, email, client, detail FROM security_log ORDER BY id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(db.pool())
        .await
        .expect("security log")
}

/// Sets `last_seen_at` of every session of `user_id`, as if they had been idle since.
pub async fn backdate_sessions(db: &Db, user_id: i64, last_seen_at: i64) {
    app::db::query("UPDATE sessions SET last_seen_at = $2 WHERE user_id = $1")
        .bind(user_id)
        .bind(last_seen_at)
        .execute(db.pool())
        .await
        .unwrap();
}

/// Makes every outstanding emailed link expire now.
pub async fn expire_links(db: &Db) {
    app::db::query("UPDATE email_tokens SET expires_at = $1").bind(app::db::now()).execute(db.pool()).await.unwrap();
}

/// Changes an event's capacity without the app's rules (no promotion of the waitlist).
pub async fn set_capacity(db: &Db, id: i64, capacity: Option<i64>) {
    app::db::query("UPDATE events SET capacity = $2 WHERE id = $1").bind(id).bind(capacity).execute(db.pool()).await.unwrap();
}

/// Gives an event a German title, as its editor would.
pub async fn set_german_title(db: &Db, id: i64, title: &str) {
    app::db::query("UPDATE events SET title_de = $2 WHERE id = $1").bind(id).bind(title).execute(db.pool()).await.expect("German title");
}

/// Everything the database holds, as bytes to search: the SQLite files whole (free pages and
/// the log included), or on PostgreSQL every value of every table (text as stored, blobs raw).
pub async fn database_bytes(app: &crate::TestApp) -> Vec<u8> {
    let mut all = Vec::new();
    if app.state.db.backend() == app::db::Backend::Sqlite {
        for entry in std::fs::read_dir(&app.data_dir).unwrap().flatten() {
            if entry.file_name().to_string_lossy().starts_with("festplan.db") {
                all.extend(std::fs::read(entry.path()).unwrap());
            }
        }
        return all;
    }
    let columns: Vec<(String, String, String)> = app::db::query_as(
        "SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = 'public'",
    )
    .fetch_all(app.state.db.pool())
    .await
    .expect("columns");
    for (table, column, kind) in columns {
        let values: Vec<Option<Vec<u8>>> = if kind == "bytea" {
            app::db::query_scalar(sqlx::AssertSqlSafe(format!("SELECT \"{column}\" FROM \"{table}\"")))
                .fetch_all(app.state.db.pool())
                .await
                .expect("blobs")
        } else {
            let texts: Vec<Option<String>> =
                app::db::query_scalar(sqlx::AssertSqlSafe(format!("SELECT CAST(\"{column}\" AS text) FROM \"{table}\"")))
                    .fetch_all(app.state.db.pool())
                    .await
                    .expect("values");
            texts.into_iter().map(|t| t.map(String::into_bytes)).collect()
        };
        all.extend(values.into_iter().flatten().flatten());
    }
    all
}
