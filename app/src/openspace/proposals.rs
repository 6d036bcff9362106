//! What participants do: join, propose, vote with dots, star, and what facilitators do with
//! their sessions (edit, notes, merge, move). Each change is one write transaction, announced
//! on the board's live stream after the commit.

use super::model::{
    Format, MAX_CO_FACILITATORS, MAX_SESSION_DESCRIPTION, MAX_SESSION_NOTES, MAX_SESSION_TITLE, ProposalInput, merged_dots,
};
use super::service::{Access, Caller, access, access_to_session, participant_for, participant_of, phase, space_of_event};
use crate::auth::model::Email;
use crate::auth::rate_limit::Limit;
use crate::db::openspace_sessions::{self as sessions, SessionFields, SessionRow};
use crate::db::{self, openspace::ParticipantRow};
use crate::error::{AppError, AppResult};
use crate::events::rules::{bounded, one_line};
use crate::i18n::td_string;
use crate::live::Topic;
use crate::rsvp::model::Status;
use crate::state::AppState;

fn announce(state: &AppState, event_id: i64) {
    state.live.changed_topic(event_id, Topic::OpenSpace);
}

/// The RSVP behind a guest's personal link, when it is for `event_id` and says going.
pub(super) async fn going_rsvp(state: &AppState, token: &str, event_id: i64) -> AppResult<Option<db::rsvps::RsvpRow>> {
    let Some(id) = crate::rsvp::service::verify_manage_token(&state.settings.secret_key, token) else { return Ok(None) };
    let mut conn = state.db.read().await?;
    Ok(db::rsvps::by_id(&mut conn, id).await?.filter(|r| r.event_id == event_id && r.status == Status::Going))
}

/// Takes part without an account: through a guest's personal link (`rsvp`), or under `name`
/// when anyone with the link may. Returns the participant's name and their cookie's token.
pub async fn join(state: &AppState, caller: &Caller, event_id: i64, name: &str, rsvp: &str) -> AppResult<(String, String)> {
    // Each join makes a participant: limited per client before any work, like guests' answers.
    state.limits.take(state, Limit::GuestAnswersPerClient, &caller.actor.client).await?;
    let guest = if rsvp.trim().is_empty() { None } else { going_rsvp(state, rsvp.trim(), event_id).await? };
    // Only where the caller can see the event; otherwise it does not exist for them.
    access(state, caller, event_id).await?;
    let mut tx = state.db.begin_write().await?;
    let (_, space) = space_of_event(&mut tx, event_id).await?;
    if let Some(found) = participant_of(state, &mut tx, caller, event_id).await? {
        return Ok((found.name.clone(), super::service::participant_token(&state.settings, found.id)));
    }
    let now = db::now();
    let id = match &guest {
        Some(rsvp) => match db::openspace::participant_of_rsvp(&mut tx, event_id, rsvp.id).await? {
            Some(found) => found.id,
            None => {
                let email = rsvp.email.to_lowercase();
                let new = db::openspace::NewParticipant {
                    event_id,
                    rsvp_id: Some(rsvp.id),
                    name: &rsvp.name,
                    email: Some(&email),
                    ..Default::default()
                };
                let id = db::openspace::insert_participant(&mut tx, &new, now).await?;
                sessions::claim_facilitator_invites(&mut tx, event_id, id, &email).await?;
                id
            }
        },
        None if space.participation == super::model::Participation::Link => {
            let name = one_line("name", name, 80, true)?;
            db::openspace::insert_participant(&mut tx, &db::openspace::NewParticipant { event_id, name: &name, ..Default::default() }, now)
                .await?
        }
        None if !rsvp.trim().is_empty() => {
            return Err(AppError::invalid("rsvp", td_string!(crate::locale::current(), openspace.err.not_going_link)));
        }
        None => return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.sign_in).into())),
    };
    let participant = db::openspace::participant(&mut tx, id).await?.ok_or_else(|| AppError::internal("participant vanished"))?;
    tx.commit().await?;
    Ok((participant.name, super::service::participant_token(&state.settings, id)))
}

/// A proposal's fields, checked.
pub(super) fn checked(input: &ProposalInput) -> AppResult<(String, String, Format, i64)> {
    let title = one_line("title", &input.title, MAX_SESSION_TITLE, true)?;
    let description = bounded("description", &input.description, MAX_SESSION_DESCRIPTION, false)?;
    let format = Format::parse(input.format.trim())
        .ok_or_else(|| AppError::invalid("format", td_string!(crate::locale::current(), openspace.err.choose_format)))?;
    let length = match input.length.trim() {
        "" | "1" => 1,
        "2" => 2,
        _ => return Err(AppError::invalid("length", td_string!(crate::locale::current(), openspace.err.length))),
    };
    Ok((title, description, format, length))
}

/// Co-facilitators' addresses: one per line or separated by commas; errors name the entry by number.
pub(super) fn co_facilitators(text: &str) -> AppResult<Vec<String>> {
    let mut emails = Vec::new();
    for (n, entry) in text.split(['\n', ',', ';']).map(str::trim).filter(|e| !e.is_empty()).enumerate() {
        let email = Email::parse(entry).map_err(|_| {
            AppError::invalid("co_facilitators", td_string!(crate::locale::current(), openspace.err.not_email, n = n + 1).to_string())
        })?;
        if !emails.contains(&email.as_str().to_string()) {
            emails.push(email.as_str().to_string());
        }
    }
    if emails.len() > MAX_CO_FACILITATORS {
        return Err(AppError::invalid(
            "co_facilitators",
            td_string!(crate::locale::current(), openspace.err.too_many_co, n = MAX_CO_FACILITATORS).to_string(),
        ));
    }
    Ok(emails)
}

/// Names co-facilitators: those taking part already facilitate at once, the others once they join.
async fn add_co_facilitators(tx: &mut db::WriteTx, event_id: i64, session_id: i64, emails: &[String]) -> AppResult<()> {
    for email in emails {
        match db::openspace::participant_by_email(tx, event_id, email).await? {
            Some(p) => sessions::add_facilitator(tx, session_id, p.id).await?,
            None => sessions::invite_facilitator(tx, session_id, email).await?,
        }
    }
    Ok(())
}

/// Proposes a session; the proposer facilitates it.
pub async fn propose(state: &AppState, caller: &Caller, event_id: i64, input: &ProposalInput) -> AppResult<i64> {
    let (title, description, format, length) = checked(input)?;
    let emails = co_facilitators(&input.co_facilitators)?;
    state.limits.take(state, Limit::GuestAnswersPerClient, &caller.actor.client).await?;
    let access = access(state, caller, event_id).await?;
    let mut tx = state.db.begin_write().await?;
    let (event, space) = space_of_event(&mut tx, event_id).await?;
    if !phase(&event, &space, db::now()).proposals_open {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.proposals_closed).into()));
    }
    let me = participant_for(state, &mut tx, caller, &access, &space).await?;
    let fields = SessionFields { title: &title, description_md: &description, format, length };
    let id = sessions::insert_session(&mut tx, event_id, &fields, db::now()).await?;
    sessions::add_facilitator(&mut tx, id, me.id).await?;
    add_co_facilitators(&mut tx, event_id, id, &emails).await?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(id)
}

/// The session `id` with its event and space, and the caller as one who may change it: a
/// facilitator, or an organizer of the event. To anyone else it reads as not found.
async fn facilitated(
    state: &AppState,
    tx: &mut db::WriteTx,
    caller: &Caller,
    access: &Access,
    id: i64,
) -> AppResult<(SessionRow, crate::db::events::EventRow, crate::db::openspace::SpaceRow, Option<ParticipantRow>, bool)> {
    let session = sessions::session(tx, id).await?.ok_or_else(|| AppError::not_found("session"))?;
    let (event, space) = space_of_event(tx, session.event_id).await?;
    let me = participant_of(state, tx, caller, event.id).await?;
    let facilitates = match &me {
        Some(me) => sessions::facilitates(tx, id, me.id).await?,
        None => false,
    };
    let organizes = access.organizes && access.event.id == event.id;
    if !facilitates && !organizes {
        return Err(AppError::not_found("session"));
    }
    Ok((session, event, space, me, organizes))
}

/// Changes a session's title, description, format or length.
pub async fn edit(state: &AppState, caller: &Caller, id: i64, input: &ProposalInput) -> AppResult<()> {
    let (title, description, format, length) = checked(input)?;
    let emails = co_facilitators(&input.co_facilitators)?;
    let access = access_to_session(state, caller, id).await?;
    let mut tx = state.db.begin_write().await?;
    let (session, event, space, _, _) = facilitated(state, &mut tx, caller, &access, id).await?;
    if length != session.length && session.slot_id.is_some() {
        if space.locked || session.pinned {
            return Err(AppError::invalid("length", td_string!(crate::locale::current(), openspace.err.length_fixed)));
        }
        // A longer or shorter session may no longer fit its cell: it waits for the next placement.
        sessions::set_cell(&mut tx, id, None, false).await?;
    }
    sessions::update_session(&mut tx, id, &SessionFields { title: &title, description_md: &description, format, length }, db::now())
        .await?;
    add_co_facilitators(&mut tx, event.id, id, &emails).await?;
    tx.commit().await?;
    announce(state, event.id);
    Ok(())
}

/// What came out of a session, written by its facilitators.
pub async fn save_notes(state: &AppState, caller: &Caller, id: i64, notes: &str) -> AppResult<()> {
    let notes = bounded("notes", notes, MAX_SESSION_NOTES, false)?;
    let access = access_to_session(state, caller, id).await?;
    let mut tx = state.db.begin_write().await?;
    let (_, event, ..) = facilitated(state, &mut tx, caller, &access, id).await?;
    sessions::set_notes(&mut tx, id, &notes, db::now()).await?;
    tx.commit().await?;
    announce(state, event.id);
    Ok(())
}

/// Adds or takes back one dot. The budget is checked inside the write transaction, so no number
/// of parallel clicks takes a voter past it. Returns the dots the voter has left.
pub async fn vote(state: &AppState, caller: &Caller, session_id: i64, delta: i32) -> AppResult<u32> {
    if delta != 1 && delta != -1 {
        return Err(AppError::invalid("delta", td_string!(crate::locale::current(), openspace.err.one_dot)));
    }
    let access = access_to_session(state, caller, session_id).await?;
    let mut tx = state.db.begin_write().await?;
    sessions::session(&mut tx, session_id).await?.ok_or_else(|| AppError::not_found("session"))?;
    let (event, space) = space_of_event(&mut tx, access.event.id).await?;
    if !phase(&event, &space, db::now()).voting_open {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.voting_not_open).into()));
    }
    let me = participant_for(state, &mut tx, caller, &access, &space).await?;
    let on_this = sessions::dots_on(&mut tx, session_id, me.id).await?;
    let used = sessions::dots_used(&mut tx, me.id).await?;
    let wanted = on_this + i64::from(delta);
    if wanted < 0 {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.no_dot_here).into()));
    }
    if wanted > space.max_dots_per_session {
        return Err(AppError::Conflict(
            td_string!(crate::locale::current(), openspace.err.max_dots, n = space.max_dots_per_session).to_string(),
        ));
    }
    if used - on_this + wanted > space.dots_per_voter {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.no_dots_left).into()));
    }
    sessions::set_dots(&mut tx, session_id, me.id, wanted).await?;
    tx.commit().await?;
    announce(state, event.id);
    Ok((space.dots_per_voter - (used - on_this + wanted)).max(0) as u32)
}

/// Stars a session for the personal agenda, or takes the star away.
pub async fn star(state: &AppState, caller: &Caller, session_id: i64, starred: bool) -> AppResult<()> {
    let access = access_to_session(state, caller, session_id).await?;
    let mut tx = state.db.begin_write().await?;
    sessions::session(&mut tx, session_id).await?.ok_or_else(|| AppError::not_found("session"))?;
    let space = space_of_event(&mut tx, access.event.id).await?.1;
    let me = participant_for(state, &mut tx, caller, &access, &space).await?;
    sessions::set_star(&mut tx, session_id, me.id, starred).await?;
    tx.commit().await?;
    Ok(())
}

/// A facilitator asks to fold their session into `into_id` (a duplicate); returns that one's title.
pub async fn request_merge(state: &AppState, caller: &Caller, session_id: i64, into_id: i64) -> AppResult<String> {
    let access = access_to_session(state, caller, session_id).await?;
    let mut tx = state.db.begin_write().await?;
    let (session, _, space, me, _) = facilitated(state, &mut tx, caller, &access, session_id).await?;
    let into = sessions::session(&mut tx, into_id)
        .await?
        .filter(|s| s.event_id == session.event_id && s.id != session.id)
        .ok_or_else(|| AppError::invalid("into_id", td_string!(crate::locale::current(), openspace.err.choose_other)))?;
    let by = match me {
        Some(me) => me.id,
        None => participant_for(state, &mut tx, caller, &access, &space).await?.id,
    };
    sessions::insert_merge(&mut tx, session.id, into.id, by, db::now()).await?;
    tx.commit().await?;
    Ok(into.title)
}

/// The facilitators of the session asked to take in another accept (votes, facilitators and
/// stars carry over; dots over the per-session limit go back to their voters) or decline.
pub async fn answer_merge(state: &AppState, caller: &Caller, merge_id: i64, accept: bool) -> AppResult<String> {
    let mut conn = state.db.read().await?;
    let into_id = sessions::merge(&mut conn, merge_id).await?.ok_or_else(|| AppError::not_found("merge request"))?.into_session;
    drop(conn);
    let access = access_to_session(state, caller, into_id).await?;
    let mut tx = state.db.begin_write().await?;
    let merge = sessions::merge(&mut tx, merge_id).await?.ok_or_else(|| AppError::not_found("merge request"))?;
    let (into, event, space, ..) = facilitated(state, &mut tx, caller, &access, merge.into_session).await?;
    let from = sessions::session(&mut tx, merge.from_session).await?.ok_or_else(|| AppError::not_found("merge request"))?;
    if !accept {
        sessions::delete_merge(&mut tx, merge_id).await?;
        tx.commit().await?;
        return Ok(td_string!(crate::locale::current(), openspace.said.merge_declined, from = &from.title).to_string());
    }
    let mut returned = 0;
    for (voter, dots) in sessions::votes_on(&mut tx, from.id).await? {
        let on_into = sessions::dots_on(&mut tx, into.id, voter).await?;
        let (kept, back) = merged_dots(dots as u32, on_into as u32, space.max_dots_per_session as u32);
        sessions::set_dots(&mut tx, into.id, voter, i64::from(kept)).await?;
        returned += back;
    }
    sessions::fold_session(&mut tx, from.id, into.id, db::now()).await?;
    tx.commit().await?;
    announce(state, event.id);
    let back = match returned {
        0 => String::new(),
        1 => td_string!(crate::locale::current(), openspace.said.back_one).into(),
        n => td_string!(crate::locale::current(), openspace.said.back_n, n = n).to_string(),
    };
    Ok(td_string!(crate::locale::current(), openspace.said.merged, from = &from.title, into = &into.title, back = &back).to_string())
}

/// A facilitator moves their session to a free cell, or swaps it with the session there, within
/// the organizers' rules: not after the schedule is locked, never a pinned session or cell.
pub async fn move_session(state: &AppState, caller: &Caller, session_id: i64, slot_id: i64, room_id: i64) -> AppResult<String> {
    let access = access_to_session(state, caller, session_id).await?;
    let mut tx = state.db.begin_write().await?;
    let (session, event, space, ..) = facilitated(state, &mut tx, caller, &access, session_id).await?;
    if space.locked {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.locked).into()));
    }
    if session.pinned {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.pinned).into()));
    }
    let grid = super::schedule::load(&mut tx, event.id).await?;
    let options = super::schedule::move_options(&grid, &event, session_id);
    let option = options
        .iter()
        .find(|o| o.slot_id == slot_id && o.room_id == room_id)
        .ok_or_else(|| AppError::invalid("slot_id", td_string!(crate::locale::current(), openspace.err.choose_cell)))?;
    if let Some(refusal) = option.refusal {
        return Err(AppError::Conflict(
            td_string!(crate::locale::current(), openspace.err.cannot_go, why = refusal.words(crate::locale::current())).to_string(),
        ));
    }
    let occupant = option.swap_with_id;
    let from = session.slot_id.zip(session.room_id);
    sessions::set_cell(&mut tx, session_id, None, false).await?;
    if let Some(other) = occupant {
        sessions::set_cell(&mut tx, other, from, false).await?;
    }
    sessions::set_cell(&mut tx, session_id, Some((slot_id, room_id)), false).await?;
    super::service::schedule_changed(state, &mut tx, event.id, "moved").await?;
    tx.commit().await?;
    announce(state, event.id);
    Ok(match option.swap_with.as_deref() {
        Some(other) => td_string!(crate::locale::current(), openspace.said.moved_swap, other = &other).to_string(),
        None => td_string!(crate::locale::current(), openspace.said.moved).into(),
    })
}
