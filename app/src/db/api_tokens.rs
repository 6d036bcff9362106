use super::Db;
use super::users::UserRow;

pub async fn insert(db: &Db, token_hash: &str, user_id: i64, name: &str, now: i64) -> Result<(), sqlx::Error> {
    super::query("INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(name)
        .bind(now)
        .execute(db.pool())
        .await
        .map(|_| ())
}

/// The user a token belongs to.
pub async fn user_of(db: &Db, token_hash: &str) -> Result<Option<UserRow>, sqlx::Error> {
    super::query_as(
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.language, u.is_admin
         FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await
}

pub async fn delete_all_of(db: &Db, user_id: i64) -> Result<u64, sqlx::Error> {
    super::query("DELETE FROM api_tokens WHERE user_id = $1").bind(user_id).execute(db.pool()).await.map(|r| r.rows_affected())
}
