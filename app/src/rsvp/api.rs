//! Server functions for RSVPs.
// `respond` takes one argument per form field, as the form posts them (and its browser stub too).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::model::Answer;
use super::model::{CheckInResult, RsvpOutcome};
use crate::error::AppError;

#[cfg(feature = "ssr")]
fn parse_answer(answer: &str) -> Result<Answer, AppError> {
    Answer::parse(answer).ok_or_else(|| AppError::invalid("answer", "choose yes, maybe or no"))
}

/// Answers for an event, with or without an account. The event is named by its address
/// (slug), never by its number: an unlisted event is reached only through its link.
#[server(endpoint = "rsvp/respond")]
pub async fn respond(
    event: String,
    name: String,
    #[server(default)] email: String,
    answer: String,
    party_size: i64,
    #[server(default)] dietary: String,
    #[server(default)] answers: std::collections::BTreeMap<String, Vec<String>>,
    #[server(default)] invitation: Option<String>,
) -> Result<RsvpOutcome, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let answer = parse_answer(&answer)?;
    let event_id = super::service::event_at(&state, &event).await?;
    let request = super::service::RsvpRequest { event_id, name, email, answer, party_size, dietary, answers, invitation };
    super::service::answer(&state, &actor, request).await
}

/// What a personal RSVP link shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RsvpPage {
    pub event_title: String,
    pub event_slug: String,
    pub when: String,
    pub name: String,
    pub answer: super::model::Answer,
    pub party_size: u32,
    pub dietary: String,
    pub status: super::model::Status,
    pub waitlist_position: Option<i64>,
    /// For a confirmed party: the code to show at the entrance, and as a QR code image.
    pub check_in_code: Option<String>,
    pub check_in_qr: Option<String>,
    pub questions: Vec<super::questions::Question>,
    /// question id → the values given
    pub answers: std::collections::BTreeMap<i64, Vec<String>>,
}

#[server(endpoint = "rsvp/by-link", input = GetUrl)]
pub async fn rsvp_by_link(token: String) -> Result<RsvpPage, AppError> {
    let (state, _) = crate::auth::api::context()?;
    let view = super::service::view_by_link(&state, &token).await?;
    let going = view.row.status == super::model::Status::Going;
    let check_in_code = going.then(|| super::service::check_in_code(&state.settings.secret_key, view.row.id));
    let mut conn = state.db.pool().acquire().await?;
    let questions = super::service::questions_of(&mut conn, view.event.id).await?;
    let answers = crate::db::questions::answers_of(&mut conn, view.row.id)
        .await?
        .into_iter()
        .map(|(id, value)| (id, value.lines().map(String::from).collect()))
        .collect();
    drop(conn);
    Ok(RsvpPage {
        questions,
        answers,
        check_in_qr: check_in_code.as_deref().map(super::ticket::qr_data_url),
        check_in_code,
        when: crate::events::service::describe_span(view.event.starts_at, view.event.ends_at, &view.event.time_zone),
        event_title: view.event.title,
        event_slug: view.event.slug,
        name: view.row.name,
        answer: view.row.answer,
        party_size: view.row.party_size as u32,
        dietary: view.row.dietary,
        status: view.row.status,
        waitlist_position: view.waitlist_position,
    })
}

#[server(endpoint = "rsvp/change")]
pub async fn change_rsvp(
    token: String,
    name: String,
    answer: String,
    party_size: i64,
    #[server(default)] dietary: String,
    #[server(default)] answers: std::collections::BTreeMap<String, Vec<String>>,
) -> Result<RsvpOutcome, AppError> {
    let (state, _) = crate::auth::api::context()?;
    super::service::change_by_link(&state, &token, &name, parse_answer(&answer)?, party_size, &dietary, &answers).await
}

/// Check-in staff scan or type a code at the entrance.
#[server(endpoint = "rsvp/check-in")]
pub async fn check_in(event_id: i64, code: String) -> Result<CheckInResult, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::check_in(&state, &actor, event_id, &code).await
}

/// Organizers move a waitlisted party; the reason is kept in the event's audit trail.
#[server(endpoint = "rsvp/move")]
pub async fn move_on_waitlist(event_id: i64, email: String, position: i64, reason: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::move_on_waitlist(&state, &actor, event_id, &email, position, &reason).await
}

/// Organizers let in a party that asked to come (events that approve each RSVP); returns
/// where it landed: going, or waitlisted when the event is full.
#[server(endpoint = "rsvp/approve")]
pub async fn approve_rsvp(event_id: i64, email: String) -> Result<super::model::Status, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::approve(&state, &actor, event_id, &email).await
}

/// Organizers turn down a party that asked to come, with an optional note mailed to it.
#[server(endpoint = "rsvp/decline")]
pub async fn decline_rsvp(event_id: i64, email: String, #[server(default)] note: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::decline(&state, &actor, event_id, &email, &note).await
}
