use super::Conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EmailTokenRow {
    pub purpose: String,
    pub email: String,
    pub user_id: Option<i64>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn insert(
    conn: &mut Conn,
    token_hash: &str,
    purpose: &str,
    email: &str,
    user_id: Option<i64>,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    super::query("INSERT INTO email_tokens (token_hash, purpose, email, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(token_hash)
        .bind(purpose)
        .bind(email)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn find(conn: &mut Conn, token_hash: &str) -> Result<Option<EmailTokenRow>, sqlx::Error> {
    super::query_as("SELECT purpose, email, user_id, expires_at, used_at FROM email_tokens WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_optional(conn)
        .await
}

pub async fn mark_used(conn: &mut Conn, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE email_tokens SET used_at = $2 WHERE token_hash = $1").bind(token_hash).bind(now).execute(conn).await.map(|_| ())
}
