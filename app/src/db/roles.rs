use super::Conn;

use super::Db;
use crate::auth::model::EventRole;

/// The roles `user_id` holds on `event_id`.
pub async fn of_user(db: &Db, event_id: i64, user_id: i64) -> Result<Vec<EventRole>, sqlx::Error> {
    super::query_scalar("SELECT role FROM event_roles WHERE event_id = $1 AND user_id = $2")
        .bind(event_id)
        .bind(user_id)
        .fetch_all(db.pool())
        .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoleHolderRow {
    pub email: String,
    pub display_name: Option<String>,
    pub role: EventRole,
    /// false: an invitation to an address without an account yet.
    pub has_account: bool,
}

/// Everyone holding or invited to a role on `event_id`.
pub async fn holders(db: &Db, event_id: i64) -> Result<Vec<RoleHolderRow>, sqlx::Error> {
    super::query_as(
        "SELECT u.email, u.display_name, r.role, TRUE AS has_account
         FROM event_roles r JOIN users u ON u.id = r.user_id WHERE r.event_id = $1
         UNION ALL
         SELECT i.email, NULL, i.role, FALSE FROM role_invitations i WHERE i.event_id = $1
         ORDER BY 3, 1",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await
}

pub async fn grant(conn: &mut Conn, event_id: i64, user_id: i64, role: EventRole, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    super::query(
        "INSERT INTO event_roles (event_id, user_id, role, granted_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
    )
    .bind(event_id)
    .bind(user_id)
    .bind(role)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1)
}

pub async fn invite(conn: &mut Conn, event_id: i64, email: &str, role: EventRole, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    super::query(
        "INSERT INTO role_invitations (event_id, email, role, invited_by, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING",
    )
    .bind(event_id)
    .bind(email)
    .bind(role)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await
    .map(|r| r.rows_affected() == 1)
}

/// Removes the role from the account or the pending invitation for `email`; returns whether anything was removed.
pub async fn revoke(conn: &mut Conn, event_id: i64, email: &str, role: EventRole) -> Result<bool, sqlx::Error> {
    let granted =
        super::query("DELETE FROM event_roles WHERE event_id = $1 AND role = $3 AND user_id = (SELECT id FROM users WHERE email = $2)")
            .bind(event_id)
            .bind(email)
            .bind(role)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    let invited = super::query("DELETE FROM role_invitations WHERE event_id = $1 AND email = $2 AND role = $3")
        .bind(event_id)
        .bind(email)
        .bind(role)
        .execute(conn)
        .await?
        .rows_affected();
    Ok(granted + invited > 0)
}

pub async fn count_with_role(conn: &mut Conn, event_id: i64, role: EventRole) -> Result<i64, sqlx::Error> {
    super::query_scalar("SELECT COUNT(*) FROM event_roles WHERE event_id = $1 AND role = $2")
        .bind(event_id)
        .bind(role)
        .fetch_one(conn)
        .await
}

/// Turns invitations for `email` into roles of `user_id`.
pub async fn claim_invitations(conn: &mut Conn, email: &str, user_id: i64, now: i64) -> Result<u64, sqlx::Error> {
    let moved = super::query(
        "INSERT INTO event_roles (event_id, user_id, role, granted_by, created_at)
         SELECT event_id, $2, role, invited_by, $3 FROM role_invitations WHERE email = $1
         ON CONFLICT DO NOTHING",
    )
    .bind(email)
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    super::query("DELETE FROM role_invitations WHERE email = $1").bind(email).execute(conn).await?;
    Ok(moved)
}
