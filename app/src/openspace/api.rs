//! Server functions of the open space: who is calling, then the service. Participants without
//! an account (a guest through their personal link, or anyone with the link when the organizers
//! allow it) are known by a cookie per event, so their endpoints are public.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use super::model::{Board, OpenSpacePage, PlacementFigures, ProposalInput, SessionPage, SettingsInput, SetupPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::td_string;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
#[cfg(feature = "ssr")]
use server_fn::ServerFn as _;

/// The caller and their participant cookies.
#[cfg(feature = "ssr")]
fn caller() -> Result<(crate::state::AppState, super::service::Caller), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let parts = use_context::<http::request::Parts>();
    let tokens = parts.as_ref().map(|p| super::service::participant_tokens(&p.headers)).unwrap_or_default();
    Ok((state, super::service::Caller { actor, tokens }))
}

/// The participants' page. `rsvp` is a guest's personal link, which lets them take part without an account.
#[server(endpoint = "openspace/page", input = GetUrl)]
pub async fn get_open_space(slug: String, #[server(default)] rsvp: Option<String>) -> Result<OpenSpacePage, AppError> {
    let (state, caller) = caller()?;
    super::service::page(&state, &caller, &slug, rsvp.as_deref()).await
}

#[server(endpoint = "openspace/session", input = GetUrl)]
pub async fn open_space_session(slug: String, id: i64) -> Result<SessionPage, AppError> {
    let (state, caller) = caller()?;
    super::service::session_page(&state, &caller, &slug, id).await
}

/// The wall screen's data: for public events anyone; else with the kiosk key or the right to see the event.
#[server(endpoint = "openspace/board", input = GetUrl)]
pub async fn open_space_board(slug: String, #[server(default)] kiosk: Option<String>) -> Result<Board, AppError> {
    let (state, caller) = caller()?;
    super::service::board(&state, &caller.actor, &slug, kiosk.as_deref()).await
}

/// Whether the event at `slug` has an open space, for the event page's link. Someone who may
/// not see the event learns nothing: the answer is no.
#[server(endpoint = "openspace/exists", input = GetUrl)]
pub async fn open_space_exists(slug: String) -> Result<bool, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    // Visitors' event pages come from the public pages' cache, so this costs them one query.
    let Ok(event) = crate::events::service::details_for(&state, &actor, &slug, crate::locale::Locale::en, None).await else {
        return Ok(false);
    };
    super::service::has_open_space(&state, event.id).await
}

/// For a guest's personal page: the address of the event's open space with their link, if it has one.
#[server(endpoint = "openspace/for-guest", input = GetUrl)]
pub async fn open_space_for_guest(token: String) -> Result<Option<String>, AppError> {
    let state = crate::state::app_state()?;
    super::service::guest_link(&state, &token).await
}

/// The organizer's page. Organizers only: to others it does not exist.
#[server(endpoint = "openspace/setup", input = GetUrl)]
pub async fn open_space_setup(slug: String) -> Result<SetupPage, AppError> {
    let (state, caller) = caller()?;
    super::service::setup_page(&state, &caller, &slug).await
}

/// Takes part under `name` (anyone with the link), or through a guest's personal link (`rsvp`).
#[server(endpoint = "public/openspace/join")]
pub async fn join_open_space(event_id: i64, #[server(default)] name: String, #[server(default)] rsvp: String) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    let (participant, token) = super::service::join(&state, &caller, event_id, &name, &rsvp).await?;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Some(cookie) = super::service::participant_cookie(event_id, &token, &state.settings)
    {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
    say(JoinOpenSpace::PATH, &td_string!(crate::locale::current(), openspace.said.welcome, name = &participant));
    Ok(())
}

#[server(endpoint = "public/openspace/propose")]
pub async fn propose_session(event_id: i64, input: ProposalInput) -> Result<i64, AppError> {
    let (state, caller) = caller()?;
    let id = super::service::propose(&state, &caller, event_id, &input).await?;
    say(ProposeSession::PATH, td_string!(crate::locale::current(), openspace.said.proposed));
    Ok(id)
}

/// Adds (`delta` 1) or takes back (`delta` -1) one dot; returns the dots left.
#[server(endpoint = "public/openspace/vote")]
pub async fn vote(session_id: i64, delta: i32) -> Result<u32, AppError> {
    let (state, caller) = caller()?;
    let left = super::service::vote(&state, &caller, session_id, delta).await?;
    say(Vote::PATH, &td_string!(crate::locale::current(), openspace.said.dots_left, left = left));
    Ok(left)
}

#[server(endpoint = "public/openspace/star")]
pub async fn star_session(session_id: i64, starred: bool) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::star(&state, &caller, session_id, starred).await
}

#[server(endpoint = "public/openspace/edit")]
pub async fn edit_session(session_id: i64, input: ProposalInput) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::edit(&state, &caller, session_id, &input).await?;
    say(EditSession::PATH, td_string!(crate::locale::current(), openspace.said.saved));
    Ok(())
}

#[server(endpoint = "public/openspace/notes")]
pub async fn save_notes(session_id: i64, notes: String) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::save_notes(&state, &caller, session_id, &notes).await?;
    say(SaveNotes::PATH, td_string!(crate::locale::current(), openspace.said.notes_saved));
    Ok(())
}

/// A facilitator asks to fold their session into `into_id`; that session's facilitators decide.
#[server(endpoint = "public/openspace/merge")]
pub async fn request_merge(session_id: i64, into_id: i64) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    let into = super::service::request_merge(&state, &caller, session_id, into_id).await?;
    say(RequestMerge::PATH, &td_string!(crate::locale::current(), openspace.said.merge_asked, into = &into));
    Ok(())
}

#[server(endpoint = "public/openspace/answer-merge")]
pub async fn answer_merge(merge_id: i64, accept: bool) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    let said = super::service::answer_merge(&state, &caller, merge_id, accept).await?;
    say(AnswerMerge::PATH, said);
    Ok(())
}

/// A facilitator moves their session to a free cell, or swaps it with the session there.
#[server(endpoint = "public/openspace/move")]
pub async fn move_session(session_id: i64, slot_id: i64, room_id: i64) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    let said = super::service::move_session(&state, &caller, session_id, slot_id, room_id).await?;
    say(MoveSession::PATH, said);
    Ok(())
}

/// Turns the open space on, or changes its settings. Organizers only.
#[server(endpoint = "openspace/settings")]
pub async fn save_open_space(event_id: i64, input: SettingsInput) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::save_settings(&state, &caller.actor, event_id, &input).await?;
    say(SaveOpenSpace::PATH, td_string!(crate::locale::current(), openspace.said.saved));
    Ok(())
}

#[server(endpoint = "openspace/add-room")]
pub async fn add_room(event_id: i64, name: String, capacity: String, #[server(default)] notes: String) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::add_room(&state, &caller.actor, event_id, &name, &capacity, &notes).await
}

#[server(endpoint = "openspace/remove-room")]
pub async fn remove_room(event_id: i64, room_id: i64) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::remove_room(&state, &caller.actor, event_id, room_id).await
}

/// Adds a slot; `starts` and `ends` are local date-times in the event's zone.
#[server(endpoint = "openspace/add-slot")]
pub async fn add_slot(event_id: i64, starts: String, ends: String) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::add_slot(&state, &caller.actor, event_id, &starts, &ends).await
}

#[server(endpoint = "openspace/remove-slot")]
pub async fn remove_slot(event_id: i64, slot_id: i64) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::remove_slot(&state, &caller.actor, event_id, slot_id).await
}

/// Keeps a cell free (`blocked`), e.g. for lunch, or frees it again.
#[server(endpoint = "openspace/block")]
pub async fn block_cell(
    event_id: i64,
    slot_id: i64,
    room_id: i64,
    blocked: bool,
    #[server(default)] label: String,
) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::block_cell(&state, &caller.actor, event_id, slot_id, room_id, blocked, &label).await
}

/// Pins a session to a cell (`cell` is "slot_id:room_id"), or unpins it (`cell` empty).
#[server(endpoint = "openspace/pin")]
pub async fn pin_session(session_id: i64, #[server(default)] cell: String) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    let said = super::service::pin(&state, &caller.actor, session_id, &cell).await?;
    say(PinSession::PATH, said);
    Ok(())
}

/// Places the sessions into rooms and slots; `seed` makes a run repeatable.
#[server(endpoint = "openspace/place")]
pub async fn place_sessions(
    event_id: i64,
    #[server(default)] seed: String,
    #[server(default)] keep_announced: bool,
) -> Result<PlacementFigures, AppError> {
    let (state, caller) = caller()?;
    let figures = super::service::place(&state, &caller.actor, event_id, &seed, keep_announced).await?;
    let l = crate::locale::current();
    let decimal = |n: f64| crate::locale::decimal(l, n, 1);
    say(
        PlaceSessions::PATH,
        &td_string!(
            l,
            openspace.said.placed,
            missed = decimal(figures.missed_percent()),
            greedy = decimal(figures.baseline_percent()),
            bound = decimal(figures.bound_percent()),
            moved = figures.moved
        ),
    );
    Ok(figures)
}

#[server(endpoint = "openspace/lock")]
pub async fn lock_schedule(event_id: i64, locked: bool) -> Result<(), AppError> {
    let (state, caller) = caller()?;
    super::service::lock(&state, &caller.actor, event_id, locked).await?;
    let l = crate::locale::current();
    say(LockSchedule::PATH, if locked { td_string!(l, openspace.said.locked) } else { td_string!(l, openspace.said.unlocked) });
    Ok(())
}
