//! Open-space sessions: proposals, facilitators, votes, stars and merge requests.

use super::Conn;

use crate::openspace::model::Format;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub event_id: i64,
    pub title: String,
    pub description_md: String,
    pub format: Format,
    pub length: i64,
    pub notes_md: String,
    pub slot_id: Option<i64>,
    pub room_id: Option<i64>,
    pub pinned: bool,
    pub dots: i64,
    pub voters: i64,
}

const SESSION: &str = "SELECT s.id, s.event_id, s.title, s.description_md, s.format, s.length, s.notes_md, s.slot_id, s.room_id, s.pinned,
        CAST(COALESCE((SELECT SUM(v.dots) FROM open_space_votes v WHERE v.session_id = s.id), 0) AS BIGINT) AS dots,
        (SELECT COUNT(*) FROM open_space_votes v WHERE v.session_id = s.id) AS voters
    FROM open_space_sessions s";

/// The event's sessions still standing (not merged into another), most dots first.
pub async fn sessions(conn: &mut Conn, event_id: i64) -> Result<Vec<SessionRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{SESSION} WHERE s.event_id = $1 AND s.merged_into IS NULL ORDER BY dots DESC, s.id")))
        .bind(event_id)
        .fetch_all(conn)
        .await
}

/// A session still standing.
pub async fn session(conn: &mut Conn, id: i64) -> Result<Option<SessionRow>, sqlx::Error> {
    super::query_as(sqlx::AssertSqlSafe(format!("{SESSION} WHERE s.id = $1 AND s.merged_into IS NULL"))).bind(id).fetch_optional(conn).await
}

pub struct SessionFields<'a> {
    pub title: &'a str,
    pub description_md: &'a str,
    pub format: Format,
    pub length: i64,
}

pub async fn insert_session(conn: &mut Conn, event_id: i64, f: &SessionFields<'_>, now: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar(
        "INSERT INTO open_space_sessions (event_id, title, description_md, format, length, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(event_id)
    .bind(f.title)
    .bind(f.description_md)
    .bind(f.format)
    .bind(f.length)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn update_session(conn: &mut Conn, id: i64, f: &SessionFields<'_>, now: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE open_space_sessions SET title = $2, description_md = $3, format = $4, length = $5, updated_at = $6 WHERE id = $1")
        .bind(id)
        .bind(f.title)
        .bind(f.description_md)
        .bind(f.format)
        .bind(f.length)
        .bind(now)
        .execute(conn)
        .await
        .map(drop)
}

pub async fn set_notes(conn: &mut Conn, id: i64, notes_md: &str, now: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE open_space_sessions SET notes_md = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(notes_md)
        .bind(now)
        .execute(conn)
        .await
        .map(drop)
}

/// Puts a session into a cell (or none), pinned or not.
pub async fn set_cell(conn: &mut Conn, id: i64, cell: Option<(i64, i64)>, pinned: bool) -> Result<(), sqlx::Error> {
    super::query("UPDATE open_space_sessions SET slot_id = $2, room_id = $3, pinned = $4 WHERE id = $1")
        .bind(id)
        .bind(cell.map(|c| c.0))
        .bind(cell.map(|c| c.1))
        .bind(pinned && cell.is_some())
        .execute(conn)
        .await
        .map(drop)
}

/// Takes every unpinned session of the event out of its cell, so a new placement can fill them
/// without tripping over the one-session-per-cell index half-way.
pub async fn clear_unpinned_cells(conn: &mut Conn, event_id: i64) -> Result<(), sqlx::Error> {
    super::query("UPDATE open_space_sessions SET slot_id = NULL, room_id = NULL WHERE event_id = $1 AND pinned = FALSE")
        .bind(event_id)
        .execute(conn)
        .await
        .map(drop)
}

/// (session, participant id, name, email) of every facilitator of the event's sessions.
pub async fn facilitators(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, i64, String, Option<String>)>, sqlx::Error> {
    super::query_as(
        "SELECT f.session_id, p.id, p.name, p.email FROM open_space_facilitators f
         JOIN open_space_participants p ON p.id = f.participant_id
         WHERE p.event_id = $1 ORDER BY f.session_id, p.name",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

pub async fn add_facilitator(conn: &mut Conn, session_id: i64, participant_id: i64) -> Result<(), sqlx::Error> {
    super::query("INSERT INTO open_space_facilitators (session_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(session_id)
        .bind(participant_id)
        .execute(conn)
        .await
        .map(drop)
}

/// Whether the participant facilitates the session.
pub async fn facilitates(conn: &mut Conn, session_id: i64, participant_id: i64) -> Result<bool, sqlx::Error> {
    super::query_scalar("SELECT EXISTS (SELECT 1 FROM open_space_facilitators WHERE session_id = $1 AND participant_id = $2)")
        .bind(session_id)
        .bind(participant_id)
        .fetch_one(conn)
        .await
}

/// (session, email) of co-facilitators named by address.
pub async fn facilitator_invites(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    super::query_as(
        "SELECT i.session_id, i.email FROM open_space_facilitator_invites i JOIN open_space_sessions s ON s.id = i.session_id
         WHERE s.event_id = $1 ORDER BY i.session_id, i.email",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

pub async fn invite_facilitator(conn: &mut Conn, session_id: i64, email: &str) -> Result<(), sqlx::Error> {
    super::query("INSERT INTO open_space_facilitator_invites (session_id, email) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(session_id)
        .bind(email)
        .execute(conn)
        .await
        .map(drop)
}

/// Makes the participant a facilitator of every session that named their address.
pub async fn claim_facilitator_invites(conn: &mut Conn, event_id: i64, participant_id: i64, email: &str) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO open_space_facilitators (session_id, participant_id)
         SELECT i.session_id, $2 FROM open_space_facilitator_invites i JOIN open_space_sessions s ON s.id = i.session_id
         WHERE s.event_id = $1 AND i.email = $3
         ON CONFLICT DO NOTHING",
    )
    .bind(event_id)
    .bind(participant_id)
    .bind(email)
    .execute(&mut *conn)
    .await?;
    super::query(
        "DELETE FROM open_space_facilitator_invites WHERE email = $2
         AND session_id IN (SELECT id FROM open_space_sessions WHERE event_id = $1)",
    )
    .bind(event_id)
    .bind(email)
    .execute(conn)
    .await
    .map(drop)
}

/// Every vote of the event: (session, participant, dots).
pub async fn votes(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    super::query_as(
        "SELECT v.session_id, v.participant_id, v.dots FROM open_space_votes v JOIN open_space_sessions s ON s.id = v.session_id
         WHERE s.event_id = $1 AND s.merged_into IS NULL ORDER BY v.session_id, v.participant_id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

/// The votes on one session: (participant, dots).
pub async fn votes_on(conn: &mut Conn, session_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    super::query_as("SELECT participant_id, dots FROM open_space_votes WHERE session_id = $1").bind(session_id).fetch_all(conn).await
}

/// The dots each participant of the event has placed in all: (participant, dots).
pub async fn dots_used_by_all(conn: &mut Conn, event_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    super::query_as(
        "SELECT v.participant_id, CAST(SUM(v.dots) AS BIGINT) FROM open_space_votes v JOIN open_space_participants p ON p.id = v.participant_id
         WHERE p.event_id = $1 GROUP BY v.participant_id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

/// Sets many votes at once: (session, participant, dots), dots above 0.
pub async fn set_many_dots(conn: &mut Conn, votes: &[(i64, i64, i64)]) -> Result<(), sqlx::Error> {
    // 3 parameters a row, well under SQLite's 32,766 a statement.
    for chunk in votes.chunks(1_000) {
        let rows: Vec<String> = (0..chunk.len()).map(|i| format!("(${}, ${}, ${})", 3 * i + 1, 3 * i + 2, 3 * i + 3)).collect();
        let sql = format!(
            "INSERT INTO open_space_votes (session_id, participant_id, dots) VALUES {}
             ON CONFLICT (session_id, participant_id) DO UPDATE SET dots = excluded.dots",
            rows.join(", ")
        );
        let mut query = super::query(sqlx::AssertSqlSafe(sql));
        for (session, participant, dots) in chunk {
            query = query.bind(*session).bind(*participant).bind(*dots);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The dots a participant has placed in all.
pub async fn dots_used(conn: &mut Conn, participant_id: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar("SELECT CAST(COALESCE(SUM(dots), 0) AS BIGINT) FROM open_space_votes WHERE participant_id = $1")
        .bind(participant_id)
        .fetch_one(conn)
        .await
}

pub async fn dots_on(conn: &mut Conn, session_id: i64, participant_id: i64) -> Result<i64, sqlx::Error> {
    super::query_scalar("SELECT COALESCE(MAX(dots), 0) FROM open_space_votes WHERE session_id = $1 AND participant_id = $2")
        .bind(session_id)
        .bind(participant_id)
        .fetch_one(conn)
        .await
}

/// Sets a participant's dots on a session (0 removes the vote).
pub async fn set_dots(conn: &mut Conn, session_id: i64, participant_id: i64, dots: i64) -> Result<(), sqlx::Error> {
    if dots <= 0 {
        return super::query("DELETE FROM open_space_votes WHERE session_id = $1 AND participant_id = $2")
            .bind(session_id)
            .bind(participant_id)
            .execute(conn)
            .await
            .map(drop);
    }
    super::query(
        "INSERT INTO open_space_votes (session_id, participant_id, dots) VALUES ($1, $2, $3)
         ON CONFLICT (session_id, participant_id) DO UPDATE SET dots = $3",
    )
    .bind(session_id)
    .bind(participant_id)
    .bind(dots)
    .execute(conn)
    .await
    .map(drop)
}

/// The sessions a participant starred.
pub async fn stars(conn: &mut Conn, participant_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    super::query_scalar("SELECT session_id FROM open_space_stars WHERE participant_id = $1").bind(participant_id).fetch_all(conn).await
}

pub async fn set_star(conn: &mut Conn, session_id: i64, participant_id: i64, starred: bool) -> Result<(), sqlx::Error> {
    let sql = if starred {
        "INSERT INTO open_space_stars (session_id, participant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    } else {
        "DELETE FROM open_space_stars WHERE session_id = $1 AND participant_id = $2"
    };
    super::query(sql).bind(session_id).bind(participant_id).execute(conn).await.map(drop)
}

/// A participant's votes: (session, dots).
pub async fn votes_of(conn: &mut Conn, participant_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    super::query_as("SELECT session_id, dots FROM open_space_votes WHERE participant_id = $1").bind(participant_id).fetch_all(conn).await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MergeRow {
    pub id: i64,
    pub from_session: i64,
    pub into_session: i64,
}

pub async fn merges(conn: &mut Conn, event_id: i64) -> Result<Vec<MergeRow>, sqlx::Error> {
    super::query_as(
        "SELECT m.id, m.from_session, m.into_session FROM open_space_merges m JOIN open_space_sessions s ON s.id = m.from_session
         WHERE s.event_id = $1 ORDER BY m.id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await
}

pub async fn merge(conn: &mut Conn, id: i64) -> Result<Option<MergeRow>, sqlx::Error> {
    super::query_as("SELECT id, from_session, into_session FROM open_space_merges WHERE id = $1").bind(id).fetch_optional(conn).await
}

pub async fn insert_merge(conn: &mut Conn, from: i64, into: i64, by: i64, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO open_space_merges (from_session, into_session, requested_by, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await
    .map(drop)
}

pub async fn delete_merge(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    super::query("DELETE FROM open_space_merges WHERE id = $1").bind(id).execute(conn).await.map(drop)
}

/// Folds session `from` into `into`: its facilitators and stars join `into`, its votes are
/// already moved by the caller; `from` leaves the grid and every pending merge of it goes.
pub async fn fold_session(conn: &mut Conn, from: i64, into: i64, now: i64) -> Result<(), sqlx::Error> {
    super::query(
        "INSERT INTO open_space_facilitators (session_id, participant_id)
         SELECT $2, participant_id FROM open_space_facilitators WHERE session_id = $1 ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *conn)
    .await?;
    super::query(
        "INSERT INTO open_space_facilitator_invites (session_id, email)
         SELECT $2, email FROM open_space_facilitator_invites WHERE session_id = $1 ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *conn)
    .await?;
    super::query(
        "INSERT INTO open_space_stars (session_id, participant_id)
         SELECT $2, participant_id FROM open_space_stars WHERE session_id = $1 ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *conn)
    .await?;
    super::query("DELETE FROM open_space_votes WHERE session_id = $1").bind(from).execute(&mut *conn).await?;
    super::query("DELETE FROM open_space_merges WHERE from_session = $1 OR into_session = $1").bind(from).execute(&mut *conn).await?;
    super::query(
        "UPDATE open_space_sessions SET merged_into = $2, slot_id = NULL, room_id = NULL, pinned = FALSE, updated_at = $3 WHERE id = $1",
    )
    .bind(from)
    .bind(into)
    .bind(now)
    .execute(conn)
    .await
    .map(drop)
}
