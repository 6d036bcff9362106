//! Everything Festplan holds about one person, found by their address (and account), and its
//! erasure: names, addresses and free text go; the rows stay, so every count stays right.

use serde::Serialize;

use super::Conn;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AccountData {
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub is_admin: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RsvpData {
    pub id: i64,
    pub event: String,
    pub event_title: String,
    pub name: String,
    pub email: String,
    pub answer: String,
    pub party_size: i64,
    pub dietary: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub checked_in_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AnswerData {
    pub rsvp_id: i64,
    pub question: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct EventLink {
    pub event: String,
    pub what: String,
    pub at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SignupData {
    pub event: String,
    pub name: String,
    pub email: String,
    pub job: String,
    pub shift_starts_at: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct VoteData {
    pub event: String,
    pub name: String,
    pub session: String,
    pub dots: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MailData {
    pub subject: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SecurityData {
    pub kind: String,
    pub at: i64,
    pub client: Option<String>,
}

/// One person's data: the download they get.
#[derive(Debug, Clone, Serialize)]
pub struct PersonalData {
    pub email: String,
    pub account: Option<AccountData>,
    pub rsvps: Vec<RsvpData>,
    pub answers: Vec<AnswerData>,
    /// Roles held, invitations received and removals from events: (event, what, when). A
    /// removal's reason stays with the event's responders.
    pub events: Vec<EventLink>,
    pub packing_signups: Vec<SignupData>,
    pub open_space_votes: Vec<VoteData>,
    pub mail: Vec<MailData>,
    pub security_log: Vec<SecurityData>,
}

/// Everything about `email` (and the account `user_id`, when there is one).
pub async fn export(conn: &mut Conn, email: &str, user_id: Option<i64>) -> Result<PersonalData, sqlx::Error> {
    let account = super::query_as("SELECT email, display_name, language, is_admin, created_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut *conn)
        .await?;
    let rsvps = super::query_as(
        "SELECT r.id, e.slug AS event, e.title AS event_title, r.name, r.email, r.answer, r.party_size, r.dietary, r.status,
                r.created_at, r.updated_at, r.checked_in_at
         FROM rsvps r JOIN events e ON e.id = r.event_id WHERE r.email = $1 COLLATE NOCASE OR r.user_id = $2 ORDER BY r.id",
    )
    .bind(email)
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let answers = super::query_as(
        "SELECT a.rsvp_id, q.label AS question, a.value FROM rsvp_answers a JOIN event_questions q ON q.id = a.question_id
         JOIN rsvps r ON r.id = a.rsvp_id WHERE r.email = $1 COLLATE NOCASE OR r.user_id = $2 ORDER BY a.rsvp_id, q.id",
    )
    .bind(email)
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let events = super::query_as(
        "SELECT e.slug AS event, 'role ' || r.role AS what, r.created_at AS at FROM event_roles r JOIN events e ON e.id = r.event_id
         WHERE r.user_id = $2
         UNION ALL
         SELECT e.slug, 'invited', i.created_at FROM invitations i JOIN events e ON e.id = i.event_id WHERE i.email = $1 COLLATE NOCASE
         UNION ALL
         SELECT e.slug, 'removed from the event after a code-of-conduct report', x.created_at
         FROM event_removals x JOIN events e ON e.id = x.event_id WHERE x.email = $1 COLLATE NOCASE
         ORDER BY 3",
    )
    .bind(email)
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let packing_signups = super::query_as(
        "SELECT e.slug AS event, s.name, s.email, s.job, h.starts_at AS shift_starts_at, s.created_at
         FROM packing_signups s JOIN packing_shifts h ON h.id = s.shift_id JOIN events e ON e.id = h.event_id
         WHERE s.email = $1 COLLATE NOCASE OR s.user_id = $2 ORDER BY s.id",
    )
    .bind(email)
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let open_space_votes = super::query_as(
        "SELECT e.slug AS event, p.name, s.title AS session, v.dots
         FROM open_space_votes v JOIN open_space_participants p ON p.id = v.participant_id
         JOIN open_space_sessions s ON s.id = v.session_id JOIN events e ON e.id = p.event_id
         WHERE p.email = $1 COLLATE NOCASE OR p.user_id = $2 OR p.rsvp_id IN (SELECT id FROM rsvps WHERE email = $1 COLLATE NOCASE)
         ORDER BY p.id, s.id",
    )
    .bind(email)
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await?;
    let mail = super::query_as("SELECT subject, created_at, sent_at FROM outbox WHERE envelope_to = $1 COLLATE NOCASE ORDER BY id")
        .bind(email)
        .fetch_all(&mut *conn)
        .await?;
    let security_log =
        super::query_as("SELECT kind, at, client FROM security_log WHERE email = $1 COLLATE NOCASE OR user_id = $2 ORDER BY id")
            .bind(email)
            .bind(user_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(PersonalData { email: email.to_string(), account, rsvps, answers, events, packing_signups, open_space_votes, mail, security_log })
}

/// What an erasure changed, table by table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Erased {
    pub rsvps: u64,
    pub packing_signups: u64,
    pub open_space_participants: u64,
    pub invitations: u64,
    pub mail: u64,
    pub security_log: u64,
}

/// Erases what identifies the RSVPs `ids`, their answers and what hangs on them; statuses,
/// party sizes and check-ins stay, so every count stays right.
async fn erase_rsvps(conn: &mut Conn, ids: &[i64]) -> Result<u64, sqlx::Error> {
    let ids = serde_json::to_string(ids).expect("integers serialize");
    super::query(super::sql::translated(
        "DELETE FROM rsvp_answers WHERE rsvp_id IN (SELECT value FROM json_each($1))",
        &[super::sql::JSON_IDS],
    ))
    .bind(&ids)
    .execute(&mut *conn)
    .await?;
    super::query(super::sql::translated(
        "UPDATE open_space_participants SET name = '(erased)', email = NULL, external_id = NULL
         WHERE rsvp_id IN (SELECT value FROM json_each($1))",
        &[super::sql::JSON_IDS],
    ))
    .bind(&ids)
    .execute(&mut *conn)
    .await?;
    super::query(super::sql::translated(
        "UPDATE rsvps SET name = '(erased)', email = 'erased-' || id || '@erased.invalid', dietary = '', user_id = NULL
         WHERE id IN (SELECT value FROM json_each($1))",
        &[super::sql::JSON_IDS],
    ))
    .bind(ids)
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// Erases the name and address of the packing sign-ups `ids`.
async fn erase_signups(conn: &mut Conn, ids: &[i64]) -> Result<u64, sqlx::Error> {
    super::query(super::sql::translated(
        "UPDATE packing_signups SET name = '(erased)', email = 'erased-' || id || '@erased.invalid', user_id = NULL
         WHERE id IN (SELECT value FROM json_each($1))",
        &[super::sql::JSON_IDS],
    ))
    .bind(serde_json::to_string(ids).expect("integers serialize"))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
}

/// Erases `email`'s (and account `user_id`'s) personal data everywhere but the account itself.
pub async fn erase(conn: &mut Conn, email: &str, user_id: Option<i64>) -> Result<Erased, sqlx::Error> {
    let mut erased = Erased::default();
    let rsvps: Vec<i64> = super::query_scalar(
        "SELECT id FROM rsvps WHERE email = $1 COLLATE NOCASE OR user_id = (SELECT id FROM users WHERE email = $1 COLLATE NOCASE)",
    )
    .bind(email)
    .fetch_all(&mut *conn)
    .await?;
    erased.rsvps = erase_rsvps(conn, &rsvps).await?;
    let signups: Vec<i64> = super::query_scalar("SELECT id FROM packing_signups WHERE email = $1 COLLATE NOCASE OR user_id = $2")
        .bind(email)
        .bind(user_id)
        .fetch_all(&mut *conn)
        .await?;
    erased.packing_signups = erase_signups(conn, &signups).await?;
    erased.open_space_participants = super::query(
        "UPDATE open_space_participants SET name = '(erased)', email = NULL, external_id = NULL, user_id = NULL
         WHERE email = $1 COLLATE NOCASE OR user_id = $2",
    )
    .bind(email)
    .bind(user_id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    erased.invitations =
        super::query("DELETE FROM invitations WHERE email = $1 COLLATE NOCASE").bind(email).execute(&mut *conn).await?.rows_affected();
    erased.mail = super::query(super::sql::translated(
        "UPDATE outbox SET message = x'', envelope_to = '', subject = '(not kept)' WHERE envelope_to = $1 COLLATE NOCASE AND sent_at IS NOT NULL",
        &[super::sql::EMPTY_BLOB],
    ))
    .bind(email)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    erased.security_log =
        super::query("UPDATE security_log SET email = NULL, client = NULL WHERE email = $1 COLLATE NOCASE OR user_id = $2")
            .bind(email)
            .bind(user_id)
            .execute(conn)
            .await?
            .rows_affected();
    Ok(erased)
}

/// An event whose guests' data retention would erase: (slug, title, ended at, RSVPs still named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Expiring {
    pub slug: String,
    pub title: String,
    pub ends_at: i64,
    pub rsvps: i64,
}

/// The events that ended before `cutoff` and still hold guests' names.
pub async fn expiring(conn: &mut Conn, cutoff: i64) -> Result<Vec<Expiring>, sqlx::Error> {
    super::query_as(
        "SELECT e.slug, e.title, e.ends_at, COUNT(r.id) AS rsvps FROM events e JOIN rsvps r ON r.event_id = e.id
         WHERE e.ends_at < $1 AND r.name <> '(erased)' GROUP BY e.id ORDER BY e.ends_at",
    )
    .bind(cutoff)
    .fetch_all(conn)
    .await
}

/// Erases the guests' data of every event that ended before `cutoff`.
pub async fn erase_ended(conn: &mut Conn, cutoff: i64) -> Result<u64, sqlx::Error> {
    let rsvps: Vec<i64> =
        super::query_scalar("SELECT r.id FROM rsvps r JOIN events e ON e.id = r.event_id WHERE e.ends_at < $1 AND r.name <> '(erased)'")
            .bind(cutoff)
            .fetch_all(&mut *conn)
            .await?;
    let erased = erase_rsvps(&mut *conn, &rsvps).await?;
    let signups: Vec<i64> = super::query_scalar(
        "SELECT s.id FROM packing_signups s JOIN packing_shifts h ON h.id = s.shift_id JOIN events e ON e.id = h.event_id
         WHERE e.ends_at < $1 AND s.name <> '(erased)'",
    )
    .bind(cutoff)
    .fetch_all(&mut *conn)
    .await?;
    erase_signups(&mut *conn, &signups).await?;
    super::query("DELETE FROM invitations WHERE event_id IN (SELECT id FROM events WHERE ends_at < $1)").bind(cutoff).execute(conn).await?;
    Ok(erased)
}
