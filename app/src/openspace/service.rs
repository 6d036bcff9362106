//! Open-space use cases: who takes part, and the pages as each viewer sees them. Proposing,
//! voting and facilitating are in `proposals`, the organizer's set-up and placement in `setup`.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::model::{
    BlockedCell, Board, BoardSession, OpenSpacePage, Participation, Phase, PlacementFigures, RoomView, SessionCard, SessionPage, SlotView,
    Viewer,
};
pub use super::proposals::{answer_merge, edit, join, move_session, propose, request_merge, save_notes, star, vote};
use super::schedule::{self, Grid};
pub use super::setup::{add_room, add_slot, block_cell, lock, pin, place, remove_room, remove_slot, save_settings, setup_page};
use crate::auth::service::Actor;
use crate::db::events::EventRow;
use crate::db::openspace::{ParticipantRow, SpaceRow};
use crate::db::{self, Conn};
use crate::error::{AppError, AppResult};
use crate::i18n::td_string;
use crate::locale::Locale;
use crate::rsvp::model::Status;
use crate::state::{AppState, Settings};

/// The caller of an open-space request: their account, if any, and the participant cookies
/// their browser sent (one per event they joined without an account).
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub tokens: Vec<String>,
}

/// What the HMAC of a participant cookie is bound to.
const PARTICIPANT: &str = "open-space-participant";
/// What the HMAC of a wall screen's kiosk key is bound to.
const KIOSK: &str = "open-space-kiosk";
const COOKIE_PREFIX: &str = "festplan_os_";
/// A participant cookie lasts past any multi-day event.
const COOKIE_DAYS: i64 = 120;

/// The participant cookies of a request.
pub fn participant_tokens(headers: &http::HeaderMap) -> Vec<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, value)| name.starts_with(COOKIE_PREFIX) && !value.is_empty())
        .map(|(_, value)| value.to_string())
        .collect()
}

/// The `Set-Cookie` that lets a participant without an account come back to event `event_id`.
pub fn participant_cookie(event_id: i64, token: &str, settings: &Settings) -> Option<http::HeaderValue> {
    crate::cookies::header(&format!("{COOKIE_PREFIX}{event_id}"), token, COOKIE_DAYS * 86_400, settings)
}

pub(super) fn participant_token(settings: &Settings, participant_id: i64) -> String {
    crate::auth::tokens::sign(&settings.secret_key, PARTICIPANT, participant_id, 16)
}

/// The wall screen's address with its read-only key.
pub fn kiosk_path(settings: &Settings, event: &EventRow) -> String {
    format!("/events/{}/board?kiosk={}", event.slug, crate::auth::tokens::sign(&settings.secret_key, KIOSK, event.id, 16))
}

/// The caller's participant record on the event, if they take part already.
pub(super) async fn participant_of(state: &AppState, conn: &mut Conn, caller: &Caller, event_id: i64) -> AppResult<Option<ParticipantRow>> {
    if let Some(user) = &caller.actor.user
        && let Some(found) = db::openspace::participant_of_user(conn, event_id, user.id).await?
    {
        return Ok(Some(found));
    }
    for token in &caller.tokens {
        if let Some(id) = crate::auth::tokens::verify_signed(&state.settings.secret_key, PARTICIPANT, token, 16)
            && let Some(found) = db::openspace::participant(conn, id).await?.filter(|p| p.event_id == event_id)
        {
            return Ok(Some(found));
        }
    }
    Ok(None)
}

/// Why a signed-in caller may not take part, if so; `None`: they may.
pub(super) async fn account_may_not(
    conn: &mut Conn,
    caller: &Caller,
    event_id: i64,
    space: &SpaceRow,
    organizes: bool,
) -> AppResult<Option<String>> {
    let l = crate::locale::current();
    let Some(user) = &caller.actor.user else {
        return Ok(Some(
            match space.participation {
                Participation::Going => td_string!(l, openspace.cannot.going),
                Participation::Link => td_string!(l, openspace.cannot.link),
                Participation::Accounts => td_string!(l, openspace.cannot.accounts),
            }
            .into(),
        ));
    };
    if space.participation != Participation::Going {
        return Ok(None);
    }
    let going = db::rsvps::by_email(conn, event_id, &user.email).await?.is_some_and(|r| r.status == Status::Going);
    Ok((!going && !organizes && !user.is_admin).then(|| td_string!(l, openspace.cannot.rsvp_first).into()))
}

/// The event as the caller may see it, and whether they organize it. Decided before a write
/// transaction starts: the checks read through the pool, and a transaction holding a
/// connection while it waits for another could starve the pool under a burst of votes.
pub(super) struct Access {
    pub event: EventRow,
    pub organizes: bool,
}

pub(super) async fn access(state: &AppState, caller: &Caller, event_id: i64) -> AppResult<Access> {
    let mut conn = state.db.read().await?;
    let event = db::events::by_id(&mut conn, event_id).await?.ok_or_else(|| AppError::not_found("open space"))?;
    drop(conn);
    let (event, organizes) = crate::events::service::visible_event(state, &caller.actor, &event.slug, None).await?;
    Ok(Access { event, organizes })
}

/// [`access`] to the event of session `id`.
pub(super) async fn access_to_session(state: &AppState, caller: &Caller, id: i64) -> AppResult<Access> {
    let mut conn = state.db.read().await?;
    let session = db::openspace_sessions::session(&mut conn, id).await?.ok_or_else(|| AppError::not_found("session"))?;
    drop(conn);
    access(state, caller, session.event_id).await
}

/// The caller's participant record, made on first use for a signed-in caller who may take part.
pub(super) async fn participant_for(
    state: &AppState,
    tx: &mut db::WriteTx,
    caller: &Caller,
    access: &Access,
    space: &SpaceRow,
) -> AppResult<ParticipantRow> {
    let event_id = access.event.id;
    if let Some(found) = participant_of(state, tx, caller, event_id).await? {
        return Ok(found);
    }
    let organizes = access.organizes;
    if let Some(why) = account_may_not(tx, caller, event_id, space, organizes).await? {
        return Err(if caller.actor.user.is_none() { AppError::Unauthenticated } else { AppError::Conflict(why) });
    }
    let user = caller.actor.user()?;
    let email = user.email.to_lowercase();
    let new = db::openspace::NewParticipant {
        event_id,
        user_id: Some(user.id),
        name: &user.display_name,
        email: Some(&email),
        ..Default::default()
    };
    let id = db::openspace::insert_participant(tx, &new, db::now()).await?;
    db::openspace_sessions::claim_facilitator_invites(tx, event_id, id, &email).await?;
    db::openspace::participant(tx, id).await?.ok_or_else(|| AppError::internal("participant vanished"))
}

/// The event at `slug` with its open space, if the caller may see the event; and whether they organize it.
pub(super) async fn space_at(state: &AppState, actor: &Actor, slug: &str) -> AppResult<(EventRow, SpaceRow, bool)> {
    let (event, organizes) = crate::events::service::visible_event(state, actor, slug, None).await?;
    let mut conn = state.db.read().await?;
    let space = db::openspace::space(&mut conn, event.id).await?.ok_or_else(|| AppError::not_found("open space"))?;
    Ok((event, space, organizes))
}

/// The event and open space a session belongs to, inside a transaction.
pub(super) async fn space_of_event(conn: &mut Conn, event_id: i64) -> AppResult<(EventRow, SpaceRow)> {
    let event = db::events::by_id(conn, event_id).await?.ok_or_else(|| AppError::not_found("open space"))?;
    let space = db::openspace::space(conn, event_id).await?.ok_or_else(|| AppError::not_found("open space"))?;
    Ok((event, space))
}

pub(super) fn phase(event: &EventRow, space: &SpaceRow, now: i64) -> Phase {
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let l = crate::locale::current();
    let at = |t: i64| format!("{}, {}", local_day(l, t, &tz), local(t, &tz, "%H:%M"));
    let proposals_until = space.proposals_close_at.unwrap_or(event.ends_at);
    let voting_from = space.voting_opens_at.unwrap_or(i64::MIN);
    let voting_until = space.voting_closes_at.unwrap_or(event.ends_at);
    let mut words = Vec::new();
    let proposals_open = now < proposals_until;
    words.push(if proposals_open {
        td_string!(l, openspace.phase.proposals_until, at = at(proposals_until)).to_string()
    } else {
        td_string!(l, openspace.phase.proposals_closed).into()
    });
    let voting_open = now >= voting_from && now < voting_until;
    words.push(if now < voting_from {
        td_string!(l, openspace.phase.voting_opens, at = at(voting_from)).to_string()
    } else if voting_open {
        td_string!(l, openspace.phase.voting_until, at = at(voting_until)).to_string()
    } else {
        td_string!(l, openspace.phase.voting_closed).into()
    });
    if space.locked {
        words.push(td_string!(l, openspace.phase.is_final).into());
    }
    Phase { proposals_open, voting_open, locked: space.locked, words }
}

pub(super) fn local(t: i64, tz: &TimeZone, format: &str) -> String {
    Timestamp::from_second(t).map(|t| t.to_zoned(tz.clone()).strftime(format).to_string()).unwrap_or_default()
}

/// The day without its year, in the page's language: "Sat 4 Jul", "Sa., 4. Juli".
pub(super) fn local_day(l: Locale, t: i64, tz: &TimeZone) -> String {
    let Ok(at) = Timestamp::from_second(t).map(|t| t.to_zoned(tz.clone())) else { return String::new() };
    let date = crate::locale::date(l, &at);
    // `locale::date` ends with the year in both languages.
    date.rsplit_once(' ').map_or(date.clone(), |(day, _)| day.to_string())
}

fn iso(t: i64) -> String {
    Timestamp::from_second(t).map(|t| t.to_string()).unwrap_or_default()
}

fn slot_views(grid: &Grid, zone: &str) -> Vec<SlotView> {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    grid.slots
        .iter()
        .map(|s| SlotView {
            id: s.id,
            day: local_day(crate::locale::current(), s.starts_at, &tz),
            time: format!("{}–{}", local(s.starts_at, &tz, "%H:%M"), local(s.ends_at, &tz, "%H:%M")),
            starts_at_iso: iso(s.starts_at),
            ends_at_iso: iso(s.ends_at),
        })
        .collect()
}

fn room_views(grid: &Grid) -> Vec<RoomView> {
    grid.rooms
        .iter()
        .map(|r| RoomView { id: r.id, name: r.name.clone(), capacity: r.capacity.max(0) as u32, notes: r.notes.clone() })
        .collect()
}

fn blocked_views(grid: &Grid) -> Vec<BlockedCell> {
    grid.blocked
        .iter()
        .map(|(slot_id, room_id, label)| BlockedCell { slot_id: *slot_id, room_id: *room_id, label: label.clone() })
        .collect()
}

/// The slot running at `now` and the next one to start.
fn now_and_next(grid: &Grid, now: i64) -> (Option<i64>, Option<i64>) {
    let current = grid.slots.iter().find(|s| s.starts_at <= now && now < s.ends_at).map(|s| s.id);
    let next = grid.slots.iter().find(|s| s.starts_at > now).map(|s| s.id);
    (current, next)
}

/// The open space as `me` (a participant, or nobody yet) sees it.
pub(super) async fn assemble(
    conn: &mut Conn,
    event: &EventRow,
    space: &SpaceRow,
    me: Option<&ParticipantRow>,
    viewer: Viewer,
) -> AppResult<(OpenSpacePage, Grid)> {
    let grid = schedule::load(conn, event.id).await?;
    let (mine, stars, my_votes) = match me {
        Some(me) => (
            grid.facilitators.iter().filter(|f| f.1 == me.id).map(|f| f.0).collect::<Vec<_>>(),
            db::openspace_sessions::stars(conn, me.id).await?,
            db::openspace_sessions::votes_of(conn, me.id).await?,
        ),
        None => Default::default(),
    };
    let sessions = grid
        .sessions
        .iter()
        .map(|s| SessionCard {
            id: s.id,
            title: s.title.clone(),
            format: s.format,
            length: s.length.clamp(1, 2) as u8,
            facilitators: grid.facilitators.iter().filter(|f| f.0 == s.id).map(|f| f.2.clone()).collect(),
            dots: s.dots.max(0) as u32,
            voters: s.voters.max(0) as u32,
            my_dots: my_votes.iter().find(|v| v.0 == s.id).map_or(0, |v| v.1.max(0) as u32),
            starred: stars.contains(&s.id),
            mine: mine.contains(&s.id),
            slot_id: s.slot_id,
            room_id: s.room_id,
            pinned: s.pinned,
        })
        .collect();
    let now = db::now();
    let (now_slot, next_slot) = now_and_next(&grid, now);
    let page = OpenSpacePage {
        event_id: event.id,
        slug: event.slug.clone(),
        event_title: event.title_in(crate::locale::current()).to_string(),
        time_zone: event.time_zone.clone(),
        participation: space.participation,
        dots_per_voter: space.dots_per_voter as u32,
        max_dots_per_session: space.max_dots_per_session as u32,
        phase: phase(event, space, now),
        viewer,
        rooms: room_views(&grid),
        slots: slot_views(&grid, &event.time_zone),
        blocked: blocked_views(&grid),
        sessions,
        now_slot,
        next_slot,
        figures: space.figures_json.as_deref().and_then(|json| serde_json::from_str::<PlacementFigures>(json).ok()),
    };
    Ok((page, grid))
}

/// Who the caller is here, and what they may do.
pub(super) async fn viewer(
    state: &AppState,
    conn: &mut Conn,
    caller: &Caller,
    event: &EventRow,
    space: &SpaceRow,
    organizes: bool,
    rsvp: Option<&str>,
) -> AppResult<(Viewer, Option<ParticipantRow>)> {
    let me = participant_of(state, conn, caller, event.id).await?;
    let mut viewer = Viewer { organizes, ..Default::default() };
    match &me {
        Some(me) => {
            viewer.name = Some(me.name.clone());
            let used = db::openspace_sessions::dots_used(conn, me.id).await?;
            viewer.dots_left = (space.dots_per_voter - used).max(0) as u32;
        }
        None => {
            viewer.dots_left = space.dots_per_voter as u32;
            let guest_link = match rsvp {
                Some(token) => super::proposals::going_rsvp(state, token, event.id).await?.is_some(),
                None => false,
            };
            if !guest_link {
                viewer.cannot_take_part = account_may_not(conn, caller, event.id, space, organizes).await?;
            }
            viewer.may_join_by_name = guest_link || (caller.actor.user.is_none() && space.participation == Participation::Link);
        }
    }
    Ok((viewer, me))
}

/// The participants' page.
pub async fn page(state: &AppState, caller: &Caller, slug: &str, rsvp: Option<&str>) -> AppResult<OpenSpacePage> {
    let (event, space, organizes) = space_at(state, &caller.actor, slug).await?;
    let mut conn = state.db.read().await?;
    let (viewer, me) = viewer(state, &mut conn, caller, &event, &space, organizes, rsvp).await?;
    Ok(assemble(&mut conn, &event, &space, me.as_ref(), viewer).await?.0)
}

/// One session's page; facilitators also get the move screen's costs.
pub async fn session_page(state: &AppState, caller: &Caller, slug: &str, id: i64) -> AppResult<SessionPage> {
    let (event, space, organizes) = space_at(state, &caller.actor, slug).await?;
    let mut conn = state.db.read().await?;
    let row = db::openspace_sessions::session(&mut conn, id)
        .await?
        .filter(|s| s.event_id == event.id)
        .ok_or_else(|| AppError::not_found("session"))?;
    let (viewer, me) = viewer(state, &mut conn, caller, &event, &space, organizes, None).await?;
    let (space_page, grid) = assemble(&mut conn, &event, &space, me.as_ref(), viewer).await?;
    let card = space_page.sessions.iter().find(|s| s.id == id).cloned().ok_or_else(|| AppError::not_found("session"))?;
    let may_edit = organizes || card.mine;
    let title_of = |id: i64| grid.sessions.iter().find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_default();
    let merges = db::openspace_sessions::merges(&mut conn, event.id).await?;
    let merge_view = |m: &db::openspace_sessions::MergeRow| super::model::MergeRequest {
        id: m.id,
        from_id: m.from_session,
        from_title: title_of(m.from_session),
        into_id: m.into_session,
        into_title: title_of(m.into_session),
    };
    let moves = if may_edit && !space.locked && !row.pinned { schedule::move_options(&grid, &event, id) } else { Vec::new() };
    Ok(SessionPage {
        description_html: crate::html::markdown(&row.description_md),
        notes_html: crate::html::markdown(&row.notes_md),
        description_md: row.description_md,
        notes_md: row.notes_md,
        invited: if may_edit { grid.invites.iter().filter(|i| i.0 == id).map(|i| i.1.clone()).collect() } else { Vec::new() },
        may_edit,
        merges_in: if may_edit { merges.iter().filter(|m| m.into_session == id).map(merge_view).collect() } else { Vec::new() },
        merges_out: if may_edit { merges.iter().filter(|m| m.from_session == id).map(merge_view).collect() } else { Vec::new() },
        moves,
        session: card,
        space: space_page,
    })
}

/// Whether `kiosk` is the wall-screen key of `event_id`.
fn kiosk_ok(state: &AppState, kiosk: Option<&str>, event_id: i64) -> bool {
    kiosk.and_then(|k| crate::auth::tokens::verify_signed(&state.settings.secret_key, KIOSK, k, 16)) == Some(event_id)
}

/// The event behind a board: visible to the caller, or opened with its kiosk key.
async fn board_event(state: &AppState, actor: &Actor, slug: &str, kiosk: Option<&str>) -> AppResult<(EventRow, SpaceRow)> {
    let event = match crate::events::service::visible_event(state, actor, slug, None).await {
        Ok((event, _)) => event,
        Err(AppError::NotFound { .. }) => {
            let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
            if !kiosk_ok(state, kiosk, event.id) {
                return Err(AppError::not_found("event"));
            }
            event
        }
        Err(other) => return Err(other),
    };
    let mut conn = state.db.read().await?;
    let space = db::openspace::space(&mut conn, event.id).await?.ok_or_else(|| AppError::not_found("open space"))?;
    Ok((event, space))
}

/// The wall screen's grid.
pub async fn board(state: &AppState, actor: &Actor, slug: &str, kiosk: Option<&str>) -> AppResult<Board> {
    let (event, space) = board_event(state, actor, slug, kiosk).await?;
    let mut conn = state.db.read().await?;
    let grid = schedule::load(&mut conn, event.id).await?;
    let (now_slot, next_slot) = now_and_next(&grid, db::now());
    Ok(Board {
        slug: event.slug.clone(),
        event_title: event.title_in(crate::locale::current()).to_string(),
        rooms: room_views(&grid),
        slots: slot_views(&grid, &event.time_zone),
        blocked: blocked_views(&grid),
        sessions: grid
            .sessions
            .iter()
            .map(|s| BoardSession {
                id: s.id,
                title: s.title.clone(),
                facilitators: grid.facilitators.iter().filter(|f| f.0 == s.id).map(|f| f.2.clone()).collect(),
                dots: s.dots.max(0) as u32,
                length: s.length.clamp(1, 2) as u8,
                slot_id: s.slot_id,
                room_id: s.room_id,
            })
            .collect(),
        now_slot,
        next_slot,
        locked: space.locked,
    })
}

/// Follows the board live: for whoever may see it.
pub async fn follow(state: &AppState, actor: &Actor, slug: &str, kiosk: Option<&str>) -> AppResult<crate::live::Follow> {
    let (event, _) = board_event(state, actor, slug, kiosk).await?;
    Ok(state.live.follow_topic(event.id, crate::live::Topic::OpenSpace))
}

/// Where a guest going to the event takes part in its open space through their personal link
/// (`token`), if the event has one.
pub async fn guest_link(state: &AppState, token: &str) -> AppResult<Option<String>> {
    let Some(id) = crate::rsvp::service::verify_manage_token(&state.settings.secret_key, token) else { return Ok(None) };
    let mut conn = state.db.read().await?;
    let Some(rsvp) = db::rsvps::by_id(&mut conn, id).await?.filter(|r| r.status == Status::Going) else { return Ok(None) };
    if !db::openspace::exists(&mut conn, rsvp.event_id).await? {
        return Ok(None);
    }
    let event = db::events::by_id(&mut conn, rsvp.event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    Ok(Some(format!("/events/{}/open-space?rsvp={token}", event.slug)))
}

/// The placement's input as stored for `event_id`, to measure the placement on real data.
pub async fn placement_input(state: &AppState, event_id: i64) -> AppResult<super::placement::Instance> {
    let people_going = db::rsvps::places_going(&state.db, event_id).await?;
    let mut conn = state.db.read().await?;
    let event = db::events::by_id(&mut conn, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let grid = schedule::load(&mut conn, event_id).await?;
    Ok(schedule::instance(&grid, &event, people_going))
}

/// Whether the event at `event_id` has an open space (the event page links to it).
pub async fn has_open_space(state: &AppState, event_id: i64) -> AppResult<bool> {
    let mut conn = state.db.read().await?;
    Ok(db::openspace::exists(&mut conn, event_id).await?)
}

/// Queues the "schedule changed" webhook of `event_id` (`why`: "placed", "moved"); its
/// subscribers fetch the schedule itself from the calendar file it names.
pub(super) async fn schedule_changed(state: &AppState, tx: &mut crate::db::WriteTx, event_id: i64, why: &str) -> AppResult<()> {
    let slug = crate::db::events::slug_of(tx, event_id).await?.unwrap_or_default();
    let data = serde_json::json!({
        "event": { "slug": slug },
        "why": why,
        "schedule": state.settings.link(&format!("/events/{slug}/open-space/schedule.ics")),
    });
    crate::webhooks::enqueue(tx, event_id, crate::webhooks::Kind::OpenSpaceScheduleChanged, data).await?;
    Ok(())
}
