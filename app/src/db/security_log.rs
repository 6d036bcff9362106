use super::sql::Exec;

#[derive(Debug, Clone, Default)]
pub struct SecurityEvent<'a> {
    pub kind: &'a str,
    pub user_id: Option<i64>,
    pub email: Option<&'a str>,
    pub client: Option<&'a str>,
    pub detail: &'a str,
}

/// Records inside a transaction (`&mut tx`) or on its own (`db.pool()`).
pub async fn record<'e>(conn: impl Exec<'e>, event: &SecurityEvent<'_>, now: i64) -> Result<(), sqlx::Error> {
    super::query("INSERT INTO security_log (at, kind, user_id, email, client, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(now)
        .bind(event.kind)
        .bind(event.user_id)
        .bind(event.email)
        .bind(event.client)
        .bind(event.detail)
        .execute(conn)
        .await
        .map(|_| ())
}
