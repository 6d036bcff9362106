use super::Conn;

use super::Db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub kind: String,
    pub label: String,
    pub options: String,
    pub required: bool,
}

pub async fn for_event(conn: &mut Conn, event_id: i64) -> Result<Vec<QuestionRow>, sqlx::Error> {
    super::query_as("SELECT id, kind, label, options, required FROM event_questions WHERE event_id = $1 ORDER BY position, id")
        .bind(event_id)
        .fetch_all(conn)
        .await
}

pub async fn insert(conn: &mut Conn, event_id: i64, kind: &str, label: &str, options: &str, required: bool) -> Result<i64, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO event_questions (event_id, position, kind, label, options, required)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM event_questions WHERE event_id = $1), $2, $3, $4, $5)
         RETURNING id",
    )
    .bind(event_id)
    .bind(kind)
    .bind(label)
    .bind(options)
    .bind(required)
    .fetch_one(conn)
    .await
}

pub async fn delete(db: &Db, event_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    super::query("DELETE FROM event_questions WHERE event_id = $1 AND id = $2")
        .bind(event_id)
        .bind(id)
        .execute(db.pool())
        .await
        .map(|r| r.rows_affected() == 1)
}

/// Replaces the answers of one RSVP.
pub async fn save_answers(conn: &mut Conn, rsvp_id: i64, answers: &[(i64, String)]) -> Result<(), sqlx::Error> {
    super::query("DELETE FROM rsvp_answers WHERE rsvp_id = $1").bind(rsvp_id).execute(&mut *conn).await?;
    for (question_id, value) in answers {
        super::query("INSERT INTO rsvp_answers (rsvp_id, question_id, value) VALUES ($1, $2, $3)")
            .bind(rsvp_id)
            .bind(question_id)
            .bind(value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// (rsvp id, question id, value) of every answer to an event's questions.
pub async fn answers_for_event(db: &Db, event_id: i64) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    super::query_as(
        "SELECT a.rsvp_id, a.question_id, a.value FROM rsvp_answers a JOIN rsvps r ON r.id = a.rsvp_id
         WHERE r.event_id = $1 ORDER BY a.rsvp_id, a.question_id",
    )
    .bind(event_id)
    .fetch_all(db.pool())
    .await
}

/// (question id, value) of one RSVP's answers.
pub async fn answers_of(conn: &mut Conn, rsvp_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    super::query_as("SELECT question_id, value FROM rsvp_answers WHERE rsvp_id = $1 ORDER BY question_id")
        .bind(rsvp_id)
        .fetch_all(conn)
        .await
}
