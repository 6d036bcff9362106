use super::Conn;

/// Records the invitation (again, if it exists) and returns its id.
pub async fn upsert(conn: &mut Conn, event_id: i64, email: &str, invited_by: i64, now: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO invitations (event_id, email, invited_by, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id, email) DO UPDATE SET invited_by = excluded.invited_by, created_at = excluded.created_at
         RETURNING id",
    )
    .bind(event_id)
    .bind(email)
    .bind(invited_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// The (event id, email) an invitation was sent for.
pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<(i64, String)>, sqlx::Error> {
    super::query_as("SELECT event_id, email FROM invitations WHERE id = $1").bind(id).fetch_optional(conn).await
}

pub async fn is_invited(conn: &mut Conn, event_id: i64, email: &str) -> Result<bool, sqlx::Error> {
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM invitations WHERE event_id = $1 AND email = $2)")
        .bind(event_id)
        .bind(email)
        .fetch_one(conn)
        .await
}

/// Invitations of an event whose address has not answered, oldest first: (id, email, invited at).
pub async fn unanswered(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    super::query_as(
        "SELECT i.id, i.email, i.created_at FROM invitations i
         WHERE i.event_id = $1 AND NOT EXISTS (SELECT 1 FROM rsvps r WHERE r.event_id = i.event_id AND r.email = i.email)
         ORDER BY i.created_at, i.id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}
