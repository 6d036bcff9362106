//! Server functions for RSVPs.
// `respond` takes one argument per form field, as the form posts them (and its browser stub too).
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::model::Answer;
use super::model::{RsvpOutcome, RsvpPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::td_string;
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
#[server(endpoint = "public/rsvp/respond")]
pub async fn respond(
    event: String,
    name: String,
    #[server(default)] email: String,
    answer: String,
    #[server(default)] party_size: crate::ui::FormNumber,
    #[server(default)] dietary: String,
    #[server(default)] answers: std::collections::BTreeMap<String, Vec<String>>,
    #[server(default)] invitation: Option<String>,
) -> Result<RsvpOutcome, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let answer = parse_answer(&answer)?;
    let party_size = party_size.read("party_size")?;
    let event_id = super::service::event_at(&state, &event).await?;
    let language = crate::locale::current();
    let request = super::service::RsvpRequest { event_id, name, email, answer, party_size, dietary, answers, invitation, language };
    let outcome = super::service::answer(&state, &actor, request).await?;
    say(Respond::PATH, outcome.message_in(crate::locale::current()));
    Ok(outcome)
}

#[server(endpoint = "rsvp/by-link", input = GetUrl)]
pub async fn rsvp_by_link(token: String) -> Result<RsvpPage, AppError> {
    let (state, _) = crate::auth::api::context()?;
    super::service::page_by_link(&state, &token).await
}

#[server(endpoint = "public/rsvp/change")]
pub async fn change_rsvp(
    token: String,
    name: String,
    answer: String,
    #[server(default)] party_size: crate::ui::FormNumber,
    #[server(default)] dietary: String,
    #[server(default)] answers: std::collections::BTreeMap<String, Vec<String>>,
) -> Result<RsvpOutcome, AppError> {
    let (state, _) = crate::auth::api::context()?;
    let change = super::service::LinkChange {
        name,
        answer: parse_answer(&answer)?,
        party_size: party_size.read("party_size")?,
        dietary,
        answers,
        language: crate::locale::current(),
    };
    let outcome = super::service::change_by_link(&state, &token, change).await?;
    say(ChangeRsvp::PATH, outcome.message_in(crate::locale::current()));
    Ok(outcome)
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
pub async fn list_attendees(slug: String) -> Result<super::roster::AttendeeList, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::attendees::attendees_at(&state, &actor, &slug).await
}

/// The counts of the organizer's attendee list, which its page keeps current.
#[server(endpoint = "events/attendee-counts", input = GetUrl)]
pub async fn attendee_counts(slug: String) -> Result<super::roster::AttendeeCounts, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::attendees::counts_at(&state, &actor, &slug).await
}

/// Mails one group of attendees (or the invited who have not answered); organizers only.
/// Returns how many parties it reached; the notice also says how many people.
#[server(endpoint = "events/message")]
pub async fn message_attendees(event_id: i64, audience: String, subject: String, text: String) -> Result<usize, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let l = crate::locale::current();
    let reach = if audience == "invited" {
        super::row_actions::message_invited(&state, &actor, event_id, &subject, &text).await?
    } else {
        let audience = super::model::Audience::parse(&audience)
            .ok_or_else(|| AppError::invalid("audience", td_string!(l, attendees.error_audience).to_string()))?;
        super::attendees::message_attendees(&state, &actor, event_id, audience, &subject, &text).await?
    };
    let parties = super::listing::parties(reach.parties as u32);
    let people = super::listing::people(reach.people as u32);
    say(MessageAttendees::PATH, &td_string!(l, attendees.sent, parties = parties, people = people));
    Ok(reach.parties)
}

/// The organizer's attendee page: the list searched (`q`: name or email) and sorted (`sort`:
/// status, name, answered, party), the invited who have not answered, the dietary notes.
#[server(endpoint = "events/attendee-view", input = GetUrl)]
pub async fn attendee_view(
    slug: String,
    #[server(default)] q: String,
    #[server(default)] sort: String,
) -> Result<super::listing::AttendeeView, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::attendees::attendee_view(&state, &actor, &slug, &q, super::listing::SortBy::parse(&sort)).await
}

/// Organizers cancel a party's RSVP from its line of the list; the party is told by mail.
#[server(endpoint = "rsvp/cancel-party")]
pub async fn cancel_party(event_id: i64, email: String, #[server(default)] reason: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let name = super::row_actions::cancel_party(&state, &actor, event_id, &email, &reason).await?;
    say(CancelParty::PATH, &td_string!(crate::locale::current(), attendees.cancelled, name = name));
    Ok(())
}

/// Organizers move a waitlisted party one place (`direction`: up or down); returns its new place.
#[server(endpoint = "rsvp/nudge")]
pub async fn nudge_on_waitlist(event_id: i64, email: String, direction: String) -> Result<i64, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let l = crate::locale::current();
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::invalid("direction", td_string!(l, attendees.error_direction).to_string())),
    };
    let position = super::row_actions::nudge_on_waitlist(&state, &actor, event_id, &email, up).await?;
    say(NudgeOnWaitlist::PATH, &td_string!(l, attendees.moved, position = position));
    Ok(position)
}

/// Check-in staff and organizers check a party in from its line of the list.
#[server(endpoint = "rsvp/check-in-party")]
pub async fn check_in_party(event_id: i64, email: String) -> Result<super::door_model::CheckInResult, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let result = super::row_actions::check_in_party(&state, &actor, event_id, &email).await?;
    say(CheckInParty::PATH, result.message_in(crate::locale::current()));
    Ok(result)
}

/// Organizers send an invitation again to an address that has not answered.
#[server(endpoint = "events/invitations/resend")]
pub async fn resend_invitation(event_id: i64, email: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let email = super::row_actions::resend_invitation(&state, &actor, event_id, &email).await?;
    say(ResendInvitation::PATH, &td_string!(crate::locale::current(), attendees.resent, email = email));
    Ok(())
}

/// The event page's RSVP section for the caller: their own answer and the questions.
#[server(endpoint = "rsvp/panel", input = GetUrl)]
pub async fn rsvp_panel(slug: String, #[server(default)] invitation: Option<String>) -> Result<super::model::RsvpPanel, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::panel::panel(&state, &actor, &slug, invitation.as_deref()).await
}

// The questions asked with each RSVP, as the event's editor sets them (the paths keep their first names).

#[server(endpoint = "events/questions/add")]
pub async fn add_question(
    event_id: i64,
    kind: String,
    label: String,
    #[server(default)] options: String,
    #[server(default)] required: Option<String>,
) -> Result<i64, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let kind = super::questions::QuestionKind::parse(&kind)
        .ok_or_else(|| AppError::invalid("kind", td_string!(crate::locale::current(), questions.error_kind).to_string()))?;
    super::question_edits::add_question(&state, &actor, event_id, kind, &label, &options, required.is_some()).await
}

#[server(endpoint = "events/questions/delete")]
pub async fn delete_question(event_id: i64, question_id: i64) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::question_edits::delete_question(&state, &actor, event_id, question_id).await
}
