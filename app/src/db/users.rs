use super::Conn;

use super::Db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub language: String,
    pub is_admin: bool,
}

const COLUMNS: &str = "id, email, display_name, password_hash, language, is_admin";

pub async fn by_email(db: &Db, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM users WHERE email = $1")))
        .bind(email)
        .fetch_optional(db.pool())
        .await
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM users WHERE id = $1"))).bind(id).fetch_optional(db.pool()).await
}

pub async fn by_email_tx(conn: &mut Conn, email: &str) -> Result<Option<UserRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM users WHERE email = $1"))).bind(email).fetch_optional(conn).await
}

pub async fn insert(conn: &mut Conn, email: &str, display_name: &str, is_admin: bool, now: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar("INSERT INTO users (email, display_name, is_admin, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(email)
        .bind(display_name)
        .bind(is_admin)
        .bind(now)
        .fetch_one(conn)
        .await
}

pub async fn set_admin(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE users SET is_admin = TRUE WHERE id = $1").bind(id).execute(conn).await.map(|_| ())
}

pub async fn any_admin(conn: &mut Conn) -> Result<bool, sqlx::Error> {
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE is_admin = TRUE)").fetch_one(conn).await
}

/// A new account's language, inside the transaction that made it.
pub async fn set_language(conn: &mut Conn, id: i64, language: &str) -> Result<(), sqlx::Error> {
    super::query("UPDATE users SET language = $2 WHERE id = $1").bind(id).bind(language).execute(conn).await.map(|_| ())
}

pub async fn update_profile(db: &Db, id: i64, display_name: &str, language: &str) -> Result<(), sqlx::Error> {
    super::query("UPDATE users SET display_name = $2, language = $3 WHERE id = $1")
        .bind(id)
        .bind(display_name)
        .bind(language)
        .execute(db.pool())
        .await
        .map(|_| ())
}

pub async fn set_password_hash(conn: &mut Conn, id: i64, hash: Option<&str>) -> Result<(), sqlx::Error> {
    super::query("UPDATE users SET password_hash = $2 WHERE id = $1").bind(id).bind(hash).execute(conn).await.map(|_| ())
}

pub async fn set_email(conn: &mut Conn, id: i64, email: &str) -> Result<(), sqlx::Error> {
    super::query("UPDATE users SET email = $2 WHERE id = $1").bind(id).bind(email).execute(conn).await.map(|_| ())
}

pub async fn delete(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    super::query("DELETE FROM users WHERE id = $1").bind(id).execute(conn).await.map(|_| ())
}

/// The number the account's calendar address is signed with; `None` without such an account.
pub async fn feed_generation(db: &Db, id: i64) -> Result<Option<i64>, sqlx::Error> {
    super::query_scalar("SELECT feed_generation FROM users WHERE id = $1").bind(id).fetch_optional(db.pool()).await
}

pub async fn bump_feed_generation(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE users SET feed_generation = feed_generation + 1 WHERE id = $1").bind(id).execute(conn).await.map(|_| ())
}
