//! Server functions for RSVPs.
// `respond` takes one argument per form field, as the form posts them (and its browser stub too).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::model::Answer;
use super::model::{CheckInResult, RsvpOutcome, RsvpPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
#[cfg(feature = "ssr")]
use server_fn::ServerFn as _;

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
    let outcome = super::service::answer(&state, &actor, request).await?;
    say(Respond::PATH, outcome.message());
    Ok(outcome)
}

#[server(endpoint = "rsvp/by-link", input = GetUrl)]
pub async fn rsvp_by_link(token: String) -> Result<RsvpPage, AppError> {
    let (state, _) = crate::auth::api::context()?;
    super::service::page_by_link(&state, &token).await
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
    let outcome = super::service::change_by_link(&state, &token, &name, parse_answer(&answer)?, party_size, &dietary, &answers).await?;
    say(ChangeRsvp::PATH, outcome.message());
    Ok(outcome)
}

/// Check-in staff scan or type a code at the entrance.
#[server(endpoint = "rsvp/check-in")]
pub async fn check_in(event_id: i64, code: String) -> Result<CheckInResult, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let result = super::service::check_in(&state, &actor, event_id, &code).await?;
    say(CheckIn::PATH, result.message());
    Ok(result)
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

/// The organizer's attendee list (the path keeps its first name).
#[server(endpoint = "events/attendees", input = GetUrl)]
pub async fn list_attendees(slug: String) -> Result<crate::events::model::AttendeeList, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::attendees::attendees_at(&state, &actor, &slug).await
}

/// The counts of the organizer's attendee list, which its page keeps current.
#[server(endpoint = "events/attendee-counts", input = GetUrl)]
pub async fn attendee_counts(slug: String) -> Result<crate::events::model::AttendeeCounts, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    Ok(super::attendees::attendees_at(&state, &actor, &slug).await?.counts)
}

/// Mails one group of attendees; organizers only.
#[server(endpoint = "events/message")]
pub async fn message_attendees(event_id: i64, audience: String, subject: String, text: String) -> Result<usize, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let audience = super::model::Audience::parse(&audience)
        .ok_or_else(|| AppError::invalid("audience", "choose going, maybe, waitlisted or everyone"))?;
    let sent = super::attendees::message_attendees(&state, &actor, event_id, audience, &subject, &text).await?;
    say(MessageAttendees::PATH, format!("Sent to {sent} people."));
    Ok(sent)
}
