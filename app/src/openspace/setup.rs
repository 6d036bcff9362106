//! What organizers do: turn the open space on and set its rules, lay out rooms and slots, keep
//! cells free, pin sessions, place them all, and lock the schedule.

use jiff::tz::TimeZone;

use super::model::{MAX_ROOM_NAME, MAX_ROOM_NOTES, Participation, PlacementFigures, SettingsInput, SetupPage};
use super::service::{Caller, assemble, kiosk_path, local, viewer};
use crate::auth::model::Permission;
use crate::auth::roles::require;
use crate::auth::service::Actor;
use crate::db::openspace::SpaceFields;
use crate::db::{self, openspace_sessions as sessions};
use crate::error::{AppError, AppResult};
use crate::events::rules::{local_time, one_line};
use crate::i18n::td_string;
use crate::live::Topic;
use crate::state::AppState;

/// Rooms and slots one open space may have: far beyond an unconference's grid, and a bound on
/// the work one placement does.
const MAX_ROOMS: usize = 40;
const MAX_SLOTS: usize = 60;

fn optional_time(field: &str, value: &str, tz: &TimeZone) -> AppResult<Option<i64>> {
    if value.trim().is_empty() { Ok(None) } else { local_time(field, value, tz).map(Some) }
}

fn number(field: &str, value: &str, range: std::ops::RangeInclusive<i64>) -> AppResult<i64> {
    value.trim().parse::<i64>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
        AppError::invalid(
            field,
            td_string!(crate::locale::current(), openspace.err.number_range, from = range.start(), to = range.end()).to_string(),
        )
    })
}

/// Organizers of `event_id` only; the event's row for its zone.
async fn organized(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<(db::WriteTx, db::events::EventRow)> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    Ok((tx, event))
}

/// Like [`organized`], for an open space that is on.
async fn organized_space(
    state: &AppState,
    actor: &Actor,
    event_id: i64,
) -> AppResult<(db::WriteTx, db::events::EventRow, db::openspace::SpaceRow)> {
    let (mut tx, event) = organized(state, actor, event_id).await?;
    let space = db::openspace::space(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("open space"))?;
    Ok((tx, event, space))
}

fn announce(state: &AppState, event_id: i64) {
    state.live.changed_topic(event_id, Topic::OpenSpace);
}

/// Turns the open space on, or changes its rules.
pub async fn save_settings(state: &AppState, actor: &Actor, event_id: i64, input: &SettingsInput) -> AppResult<()> {
    let (mut tx, event) = organized(state, actor, event_id).await?;
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let participation = Participation::parse(input.participation.trim())
        .ok_or_else(|| AppError::invalid("participation", td_string!(crate::locale::current(), openspace.err.choose_who)))?;
    let fields = SpaceFields {
        participation,
        proposals_close_at: optional_time("proposals_close", &input.proposals_close, &tz)?,
        voting_opens_at: optional_time("voting_opens", &input.voting_opens, &tz)?,
        voting_closes_at: optional_time("voting_closes", &input.voting_closes, &tz)?,
        dots_per_voter: number("dots_per_voter", &input.dots_per_voter, 1..=50)?,
        max_dots_per_session: number("max_dots_per_session", &input.max_dots_per_session, 1..=50)?,
    };
    if fields.max_dots_per_session > fields.dots_per_voter {
        return Err(AppError::invalid("max_dots_per_session", td_string!(crate::locale::current(), openspace.err.max_over_dots)));
    }
    if let (Some(opens), Some(closes)) = (fields.voting_opens_at, fields.voting_closes_at)
        && closes <= opens
    {
        return Err(AppError::invalid("voting_closes", td_string!(crate::locale::current(), openspace.err.voting_order)));
    }
    db::openspace::save_space(&mut tx, event_id, &fields, db::now()).await?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

pub async fn add_room(state: &AppState, actor: &Actor, event_id: i64, name: &str, capacity: &str, notes: &str) -> AppResult<()> {
    let name = one_line("name", name, MAX_ROOM_NAME, true)?;
    let notes = one_line("notes", notes, MAX_ROOM_NOTES, false)?;
    let capacity = number("capacity", capacity, 1..=100_000)?;
    let (mut tx, ..) = organized_space(state, actor, event_id).await?;
    if db::openspace::rooms(&mut tx, event_id).await?.len() >= MAX_ROOMS {
        return Err(AppError::invalid("name", td_string!(crate::locale::current(), openspace.err.max_rooms, n = MAX_ROOMS).to_string()));
    }
    db::openspace::insert_room(&mut tx, event_id, &name, capacity, &notes)
        .await?
        .ok_or_else(|| AppError::invalid("name", td_string!(crate::locale::current(), openspace.err.room_exists)))?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

pub async fn remove_room(state: &AppState, actor: &Actor, event_id: i64, room_id: i64) -> AppResult<()> {
    let (mut tx, ..) = organized_space(state, actor, event_id).await?;
    if !db::openspace::delete_room(&mut tx, event_id, room_id).await? {
        return Err(AppError::not_found("room"));
    }
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

pub async fn add_slot(state: &AppState, actor: &Actor, event_id: i64, starts: &str, ends: &str) -> AppResult<()> {
    let (mut tx, event, _) = organized_space(state, actor, event_id).await?;
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let starts_at = local_time("starts", starts, &tz)?;
    let ends_at = local_time("ends", ends, &tz)?;
    if ends_at <= starts_at {
        return Err(AppError::invalid("ends", td_string!(crate::locale::current(), openspace.err.slot_order)));
    }
    let slots = db::openspace::slots(&mut tx, event_id).await?;
    if slots.len() >= MAX_SLOTS {
        return Err(AppError::invalid("starts", td_string!(crate::locale::current(), openspace.err.max_slots, n = MAX_SLOTS).to_string()));
    }
    if slots.iter().any(|s| s.starts_at < ends_at && starts_at < s.ends_at) {
        return Err(AppError::invalid("starts", td_string!(crate::locale::current(), openspace.err.overlap)));
    }
    db::openspace::insert_slot(&mut tx, event_id, starts_at, ends_at)
        .await?
        .ok_or_else(|| AppError::invalid("starts", td_string!(crate::locale::current(), openspace.err.slot_exists)))?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

pub async fn remove_slot(state: &AppState, actor: &Actor, event_id: i64, slot_id: i64) -> AppResult<()> {
    let (mut tx, ..) = organized_space(state, actor, event_id).await?;
    if !db::openspace::delete_slot(&mut tx, event_id, slot_id).await? {
        return Err(AppError::not_found("slot"));
    }
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

/// Checks that (slot, room) is a cell of this open space.
async fn cell_of_event(tx: &mut db::WriteTx, event_id: i64, slot_id: i64, room_id: i64) -> AppResult<()> {
    let slots = db::openspace::slots(tx, event_id).await?;
    let rooms = db::openspace::rooms(tx, event_id).await?;
    if !slots.iter().any(|s| s.id == slot_id) || !rooms.iter().any(|r| r.id == room_id) {
        return Err(AppError::invalid("cell", td_string!(crate::locale::current(), openspace.err.choose_cell)));
    }
    Ok(())
}

/// Keeps a cell free (a session in it leaves it) or frees it again.
pub async fn block_cell(
    state: &AppState,
    actor: &Actor,
    event_id: i64,
    slot_id: i64,
    room_id: i64,
    blocked: bool,
    label: &str,
) -> AppResult<()> {
    let label = one_line("label", label, 60, false)?;
    let (mut tx, ..) = organized_space(state, actor, event_id).await?;
    cell_of_event(&mut tx, event_id, slot_id, room_id).await?;
    if blocked && let Some(held) = super::schedule::load(&mut tx, event_id).await?.start_cell_holder(slot_id, room_id) {
        sessions::set_cell(&mut tx, held.id, None, false).await?;
    }
    db::openspace::set_blocked(&mut tx, slot_id, room_id, blocked, &label).await?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

/// Pins a session to a cell ("slot:room"), or unpins it (empty). A session not pinned that
/// held the cell gives it up and waits for the next placement.
pub async fn pin(state: &AppState, actor: &Actor, session_id: i64, cell: &str) -> AppResult<String> {
    let mut conn = state.db.read().await?;
    let session = sessions::session(&mut conn, session_id).await?.ok_or_else(|| AppError::not_found("session"))?;
    drop(conn);
    let (mut tx, _, space) = organized_space(state, actor, session.event_id).await?;
    if space.locked {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.locked_pin).into()));
    }
    let Some((slot, room)) = cell.split_once(':') else {
        sessions::set_cell(&mut tx, session_id, session.slot_id.zip(session.room_id), false).await?;
        tx.commit().await?;
        announce(state, session.event_id);
        return Ok(td_string!(crate::locale::current(), openspace.said.unpinned, title = &session.title).to_string());
    };
    let invalid = || AppError::invalid("cell", td_string!(crate::locale::current(), openspace.err.choose_cell));
    let (slot_id, room_id) = (slot.parse::<i64>().map_err(|_| invalid())?, room.parse::<i64>().map_err(|_| invalid())?);
    cell_of_event(&mut tx, session.event_id, slot_id, room_id).await?;
    let grid = super::schedule::load(&mut tx, session.event_id).await?;
    if grid.blocked.iter().any(|b| b.0 == slot_id && b.1 == room_id) {
        return Err(AppError::invalid("cell", td_string!(crate::locale::current(), openspace.err.cell_kept_free)));
    }
    if let Some(held) = grid.start_cell_holder(slot_id, room_id).filter(|s| s.id != session_id) {
        if held.pinned {
            return Err(AppError::invalid(
                "cell",
                td_string!(crate::locale::current(), openspace.err.pinned_there, title = &held.title).to_string(),
            ));
        }
        sessions::set_cell(&mut tx, held.id, None, false).await?;
    }
    sessions::set_cell(&mut tx, session_id, None, false).await?;
    sessions::set_cell(&mut tx, session_id, Some((slot_id, room_id)), true).await?;
    tx.commit().await?;
    announce(state, session.event_id);
    Ok(td_string!(crate::locale::current(), openspace.said.pinned, title = &session.title).to_string())
}

/// Places every session that is not pinned. Runs inside the write transaction, so what it
/// places is what is stored: the search takes tens of milliseconds even on a large grid.
pub async fn place(state: &AppState, actor: &Actor, event_id: i64, seed: &str, keep_announced: bool) -> AppResult<PlacementFigures> {
    let seed = match seed.trim() {
        "" => rand::random::<u32>() as u64,
        text => text.parse::<u64>().map_err(|_| AppError::invalid("seed", td_string!(crate::locale::current(), openspace.err.seed)))?,
    };
    let people_going = db::rsvps::places_going(&state.db, event_id).await?;
    let (mut tx, event, space) = organized_space(state, actor, event_id).await?;
    if space.locked {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.locked_place).into()));
    }
    let grid = super::schedule::load(&mut tx, event_id).await?;
    if grid.rooms.is_empty() || grid.slots.is_empty() {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), openspace.err.rooms_first).into()));
    }
    // Off the async workers: the search is CPU work.
    let (grid, (cells, figures)) = tokio::task::spawn_blocking(move || {
        let result = super::schedule::run(&grid, &event, seed, keep_announced, people_going);
        (grid, result)
    })
    .await
    .map_err(AppError::internal)?;
    db::openspace_sessions::clear_unpinned_cells(&mut tx, event_id).await?;
    for (session, pinned) in grid.sessions.iter().map(|s| (s.id, s.pinned)) {
        if let Some((_, Some(cell))) = cells.iter().find(|c| c.0 == session).filter(|_| !pinned) {
            sessions::set_cell(&mut tx, session, Some(*cell), false).await?;
        }
    }
    let json = serde_json::to_string(&figures).map_err(AppError::internal)?;
    db::openspace::save_figures(&mut tx, event_id, seed as i64, &json, db::now()).await?;
    super::service::schedule_changed(state, &mut tx, event_id, "placed").await?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(figures)
}

pub async fn lock(state: &AppState, actor: &Actor, event_id: i64, locked: bool) -> AppResult<()> {
    let (mut tx, ..) = organized_space(state, actor, event_id).await?;
    db::openspace::set_locked(&mut tx, event_id, locked, db::now()).await?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

/// The organizer's page; before the open space is on, its settings form with defaults.
pub async fn setup_page(state: &AppState, caller: &Caller, slug: &str) -> AppResult<SetupPage> {
    let details = crate::events::service::details_requiring(state, &caller.actor, slug, Permission::Organize).await?;
    let mut conn = state.db.read().await?;
    let event = db::events::by_id(&mut conn, details.id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let space = db::openspace::space(&mut conn, event.id).await?;
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let field = |t: Option<i64>| t.map(|t| local(t, &tz, "%Y-%m-%dT%H:%M")).unwrap_or_default();
    let settings = match &space {
        Some(s) => SettingsInput {
            participation: s.participation.as_str().into(),
            proposals_close: field(s.proposals_close_at),
            voting_opens: field(s.voting_opens_at),
            voting_closes: field(s.voting_closes_at),
            dots_per_voter: s.dots_per_voter.to_string(),
            max_dots_per_session: s.max_dots_per_session.to_string(),
        },
        None => SettingsInput {
            participation: Participation::Going.as_str().into(),
            dots_per_voter: "5".into(),
            max_dots_per_session: "3".into(),
            ..Default::default()
        },
    };
    let (space_page, warnings) = match &space {
        Some(space) => {
            let (viewer, me) = viewer(state, &mut conn, caller, &event, space, true, None).await?;
            let (page, grid) = assemble(&mut conn, &event, space, me.as_ref(), viewer).await?;
            (Some(page), super::schedule::warnings(&grid, &event))
        }
        None => (None, Vec::new()),
    };
    Ok(SetupPage {
        event_id: event.id,
        slug: event.slug.clone(),
        event_title: event.title_in(crate::locale::current()).to_string(),
        time_zone: event.time_zone.clone(),
        enabled: space.is_some(),
        settings,
        space: space_page,
        warnings,
        kiosk_path: kiosk_path(&state.settings, &event),
    })
}
