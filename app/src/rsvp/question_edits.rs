//! The organizer's side of an event's questions: adding, removing, carrying them into a copy,
//! and reading them for the RSVP form.

use crate::auth::model::Permission;
use crate::auth::roles::require;
use crate::auth::service::Actor;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

use super::questions::{QuestionKind, check_question};

/// An event's questions, in order.
pub async fn questions_of(conn: &mut db::Conn, event_id: i64) -> AppResult<Vec<super::questions::Question>> {
    Ok(db::questions::for_event(conn, event_id)
        .await?
        .into_iter()
        .filter_map(|q| {
            Some(super::questions::Question {
                id: q.id,
                kind: super::questions::QuestionKind::parse(&q.kind)?,
                options: q.options.lines().map(String::from).collect(),
                label: q.label,
                required: q.required,
            })
        })
        .collect())
}

/// Adds a question to the event's RSVP form.
pub async fn add_question(
    state: &AppState,
    actor: &Actor,
    event_id: i64,
    kind: QuestionKind,
    label: &str,
    options: &str,
    required: bool,
) -> AppResult<i64> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let (label, options) = check_question(kind, label, options)?;
    let mut tx = state.db.begin_write().await?;
    let id = db::questions::insert(&mut tx, event_id, kind.as_str(), &label, &options.join("\n"), required).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn delete_question(state: &AppState, actor: &Actor, event_id: i64, question_id: i64) -> AppResult<()> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    if !db::questions::delete(&state.db, event_id, question_id).await? {
        return Err(AppError::not_found("question"));
    }
    Ok(())
}

/// The questions a new event asks from the start: each non-empty line a free-text question,
/// checked like the editor's; a refusal names the `questions` field it came from.
pub async fn first_questions(tx: &mut db::WriteTx, event_id: i64, questions: &str) -> AppResult<()> {
    for line in questions.lines().filter(|line| !line.trim().is_empty()) {
        let (label, _) = check_question(QuestionKind::Text, line, "").map_err(|e| AppError::invalid("questions", e.message()))?;
        db::questions::insert(tx, event_id, QuestionKind::Text.as_str(), &label, "", false).await?;
    }
    Ok(())
}

/// Carries the questions of event `from` into its copy `to`: the next BBQ asks what this one
/// asked.
pub async fn copy_questions(tx: &mut db::WriteTx, from: i64, to: i64) -> AppResult<()> {
    for q in db::questions::for_event(tx, from).await? {
        db::questions::insert(tx, to, &q.kind, &q.label, &q.options, q.required).await?;
    }
    Ok(())
}
