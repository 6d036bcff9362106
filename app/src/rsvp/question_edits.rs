//! The organizer's side of an event's questions: adding, removing, carrying them into a copy,
//! and reading them for the RSVP form.

use crate::auth::model::Permission;
use crate::auth::roles::require;
use crate::auth::service::Actor;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

use super::questions::{QuestionKind, check_question, dietary_question};

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

/// Adds the ready-made dietary question (vegetarian, vegan, …).
pub async fn add_dietary_question(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<i64> {
    let (kind, label, options) = dietary_question();
    add_question(state, actor, event_id, kind, &label, &options.join("\n"), false).await
}

pub async fn delete_question(state: &AppState, actor: &Actor, event_id: i64, question_id: i64) -> AppResult<()> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    if !db::questions::delete(&state.db, event_id, question_id).await? {
        return Err(AppError::not_found("question"));
    }
    Ok(())
}

/// Carries the questions of event `from` into its copy `to`: the next BBQ asks what this one
/// asked (the dietary question above all).
pub async fn copy_questions(tx: &mut db::WriteTx, from: i64, to: i64) -> AppResult<()> {
    for q in db::questions::for_event(tx, from).await? {
        db::questions::insert(tx, to, &q.kind, &q.label, &q.options, q.required).await?;
    }
    Ok(())
}
