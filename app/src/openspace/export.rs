//! What leaves Festplan as files: the schedule and a participant's agenda as iCalendar, and the
//! sessions with their votes and cells as CSV for the organizers.

use super::schedule::Grid;
use super::service::{Caller, participant_of, space_at};
use crate::auth::model::Permission;
use crate::auth::service::Actor;
use crate::db::{self, events::EventRow};
use crate::error::{AppError, AppResult};
use crate::events::ics::{Entry, calendar_of};
use crate::i18n::td_string;
use crate::state::AppState;

/// Calendar entries for the placed sessions among `ids` (all of them when `None`).
fn entries(state: &AppState, event: &EventRow, grid: &Grid, ids: Option<&[i64]>) -> Vec<Entry> {
    let base = state.settings.public_base_url.as_str();
    grid.sessions
        .iter()
        .filter(|s| ids.is_none_or(|ids| ids.contains(&s.id)))
        .filter_map(|s| {
            let index = grid.slots.iter().position(|slot| Some(slot.id) == s.slot_id)?;
            let room = grid.rooms.iter().find(|r| Some(r.id) == s.room_id)?;
            let last = grid.slots.get(index + s.length.clamp(1, 2) as usize - 1).unwrap_or(&grid.slots[index]);
            let facilitators: Vec<&str> = grid.facilitators.iter().filter(|f| f.0 == s.id).map(|f| f.2.as_str()).collect();
            let mut description = {
                let l = crate::locale::current();
                crate::i18n::td_string!(l, openspace.ics_description, format = s.format.label(l), names = facilitators.join(", "))
                    .to_string()
            };
            if !s.description_md.is_empty() {
                description.push_str("\n\n");
                description.push_str(&s.description_md);
            }
            let location = if event.venue_name.is_empty() { room.name.clone() } else { format!("{}, {}", room.name, event.venue_name) };
            Some(Entry {
                uid: format!("open-space-session-{}", s.id),
                updated_at: db::now(),
                starts_at: grid.slots[index].starts_at,
                ends_at: last.ends_at,
                time_zone: event.time_zone.clone(),
                summary: s.title.clone(),
                description,
                location,
                url: format!("{base}events/{}/open-space/sessions/{}", event.slug, s.id),
                cancelled: false,
            })
        })
        .collect()
}

/// The whole schedule, for anyone who may see the event.
pub async fn schedule_ics(state: &AppState, actor: &Actor, slug: &str) -> AppResult<String> {
    let (event, _, _) = space_at(state, actor, slug).await?;
    let mut conn = state.db.read().await?;
    let grid = super::schedule::load(&mut conn, event.id).await?;
    Ok(calendar_of(&entries(state, &event, &grid, None), state.settings.public_base_url.as_str(), "PUBLISH"))
}

/// A participant's agenda: the sessions they starred, facilitate, or put dots on.
pub async fn agenda_ics(state: &AppState, caller: &Caller, slug: &str) -> AppResult<String> {
    let (event, _, _) = space_at(state, &caller.actor, slug).await?;
    let mut conn = state.db.read().await?;
    let me = participant_of(state, &mut conn, caller, event.id).await?.ok_or_else(|| AppError::not_found("agenda"))?;
    let grid = super::schedule::load(&mut conn, event.id).await?;
    let mut ids = db::openspace_sessions::stars(&mut conn, me.id).await?;
    ids.extend(db::openspace_sessions::votes_of(&mut conn, me.id).await?.into_iter().map(|v| v.0));
    ids.extend(grid.facilitators.iter().filter(|f| f.1 == me.id).map(|f| f.0));
    Ok(calendar_of(&entries(state, &event, &grid, Some(&ids)), state.settings.public_base_url.as_str(), "PUBLISH"))
}

/// Every session with its votes and cell. Organizers only.
pub async fn sessions_csv(state: &AppState, actor: &Actor, slug: &str) -> AppResult<String> {
    let (event, _, organizes) = space_at(state, actor, slug).await?;
    if !organizes {
        return Err(AppError::not_found("event"));
    }
    crate::auth::roles::require(&state.db, actor, event.id, Permission::Organize).await?;
    let mut conn = state.db.read().await?;
    let grid = super::schedule::load(&mut conn, event.id).await?;
    let tz = jiff::tz::TimeZone::get(&event.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let l = crate::locale::current();
    let mut out = crate::csv::row([
        td_string!(l, csv.sessions.id),
        td_string!(l, csv.sessions.title),
        td_string!(l, csv.sessions.format),
        td_string!(l, csv.sessions.slots),
        td_string!(l, csv.sessions.facilitators),
        td_string!(l, csv.sessions.dots),
        td_string!(l, csv.sessions.voters),
        td_string!(l, csv.sessions.room),
        td_string!(l, csv.sessions.starts),
        td_string!(l, csv.sessions.pinned),
    ]);
    for s in &grid.sessions {
        let room = grid.rooms.iter().find(|r| Some(r.id) == s.room_id).map(|r| r.name.clone()).unwrap_or_default();
        let starts = grid
            .slots
            .iter()
            .find(|slot| Some(slot.id) == s.slot_id)
            .and_then(|slot| jiff::Timestamp::from_second(slot.starts_at).ok())
            .map(|t| t.to_zoned(tz.clone()).strftime("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let facilitators: Vec<&str> = grid.facilitators.iter().filter(|f| f.0 == s.id).map(|f| f.2.as_str()).collect();
        out.push_str(&crate::csv::row([
            s.id.to_string(),
            s.title.clone(),
            s.format.as_str().to_string(),
            s.length.to_string(),
            facilitators.join("; "),
            s.dots.to_string(),
            s.voters.to_string(),
            room,
            starts,
            if s.pinned { "yes" } else { "no" }.to_string(),
        ]));
    }
    Ok(out)
}
