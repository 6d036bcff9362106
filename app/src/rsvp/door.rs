//! The door's use cases: check a party in by its code (all of it, or some now and the rest
//! later), find confirmed guests by name, count arrivals. Check-in staff and organizers only;
//! to anyone else the event does not exist.

use super::door_code::{check_in_code, verify_check_in_code};
use super::door_model::{CheckInResult, DoorCounts, DoorGuest, DoorPage, DoorSearch, SEARCH_LIMIT, name_matches};
use super::model::Status;
use crate::auth::model::Permission;
use crate::auth::rate_limit::Limit;
use crate::auth::service::Actor;
use crate::db::rsvps::RsvpRow;
use crate::db::{self, Conn};
use crate::error::{AppError, AppResult};
use crate::i18n::td_string;
use crate::locale;
use crate::state::AppState;
use crate::webhooks::Kind;

/// Lets a confirmed party in: `people` of it (the rest of it when `None`). The first arrival
/// is the party's check-in (the `rsvp.checked_in` webhook); once all are in, another scan says
/// when the first arrived.
pub async fn check_in(state: &AppState, actor: &Actor, event_id: i64, code: &str, people: Option<u32>) -> AppResult<CheckInResult> {
    let staff = crate::auth::roles::require(&state.db, actor, event_id, Permission::CheckIn).await?;
    state.limits.take(state, Limit::CheckInPerAccount, &staff.id.to_string()).await?;
    let l = locale::current();
    let unknown = || AppError::invalid("code", td_string!(l, checkin.unknown_code).to_string());
    let id = verify_check_in_code(&state.settings.secret_key, code).ok_or_else(unknown)?;
    let mut tx = state.db.begin_write().await?;
    let row = db::rsvps::by_id(&mut tx, id).await?.filter(|r| r.event_id == event_id).ok_or_else(unknown)?;
    if row.status != Status::Going {
        let status = status_word(l, row.status);
        return Err(AppError::Conflict(td_string!(l, checkin.no_place, name = &row.name, status = status).to_string()));
    }
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let before = db::check_in::arrival(&mut tx, id).await?.ok_or_else(unknown)?;
    let party = row.party_size.max(0);
    let remaining = (party - before.arrived.min(party)).max(0);
    let at = |instant: i64| clock(instant, &event.time_zone);
    if remaining == 0 {
        // Nothing to write: the transaction ends unused.
        let counts = door_counts_in(&mut tx, event_id).await?;
        return Ok(CheckInResult {
            name: row.name,
            party_size: party as u32,
            arrived: party as u32,
            people: 0,
            already_checked_in: true,
            at: at(before.checked_in_at.unwrap_or_else(db::now)),
            counts,
        });
    }
    let people = i64::from(people.unwrap_or(remaining as u32));
    if people < 1 || people > remaining {
        let message = td_string!(l, checkin.too_many, remaining = remaining, party = party).to_string();
        return Err(AppError::invalid("people", message));
    }
    let now = db::now();
    let after = db::check_in::arrive(&mut tx, id, people, staff.id, now).await?.ok_or_else(unknown)?;
    if before.checked_in_at.is_none() {
        let arrived = RsvpRow { checked_in_at: Some(now), ..row.clone() };
        super::hooks::tell(&mut tx, &event, &arrived, Kind::CheckedIn).await?;
    }
    let counts = door_counts_in(&mut tx, event_id).await?;
    tx.commit().await?;
    state.live.changed(event_id);
    state.webhooks.wake();
    Ok(CheckInResult {
        name: row.name,
        party_size: party as u32,
        arrived: after.arrived as u32,
        people: people as u32,
        already_checked_in: false,
        at: at(now),
        counts,
    })
}

/// The check-in page: the event as its staff see it, the counter, and the confirmed parties
/// whose names match `query` (none for an empty one).
pub async fn page(state: &AppState, actor: &Actor, slug: &str, query: &str) -> AppResult<DoorPage> {
    let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
    crate::auth::roles::require(&state.db, actor, event.id, Permission::CheckIn).await?;
    let can_organize = crate::auth::roles::standing(&state.db, actor, event.id).await?.organizes;
    let search = search_in(state, event.id, query).await?;
    Ok(DoorPage {
        event_id: event.id,
        slug: event.slug.clone(),
        title: event.title_in(locale::current()).to_string(),
        can_organize,
        search,
    })
}

/// The confirmed parties whose names match `query`, with the counter (what the desk re-reads).
pub async fn search(state: &AppState, actor: &Actor, event_id: i64, query: &str) -> AppResult<DoorSearch> {
    crate::auth::roles::require(&state.db, actor, event_id, Permission::CheckIn).await?;
    search_in(state, event_id, query).await
}

async fn search_in(state: &AppState, event_id: i64, query: &str) -> AppResult<DoorSearch> {
    let query: String = query.trim().chars().take(80).collect();
    let mut conn = state.db.read().await?;
    let counts = door_counts_in(&mut conn, event_id).await?;
    let mut guests = Vec::new();
    let mut more = false;
    if !query.is_empty() {
        let key = &state.settings.secret_key;
        for party in db::check_in::going_parties(&mut conn, event_id).await?.into_iter().filter(|p| name_matches(&p.name, &query)) {
            if guests.len() == SEARCH_LIMIT {
                more = true;
                break;
            }
            guests.push(DoorGuest {
                code: check_in_code(key, party.id),
                party_size: party.party_size.max(0) as u32,
                arrived: party.arrived.clamp(0, party.party_size.max(0)) as u32,
                name: party.name,
            });
        }
    }
    Ok(DoorSearch { query, guests, more, counts })
}

async fn door_counts_in(conn: &mut Conn, event_id: i64) -> AppResult<DoorCounts> {
    let (arrived, expected) = db::check_in::counts(conn, event_id).await?;
    Ok(DoorCounts { arrived: arrived.max(0) as u32, expected: expected.max(0) as u32 })
}

/// `instant` as the venue's clock shows it, "16:05".
fn clock(instant: i64, time_zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(instant).map(|t| t.to_zoned(tz).strftime("%H:%M").to_string()).unwrap_or_default()
}

/// Why a party has no place, in a word for the door.
fn status_word(l: locale::Locale, status: Status) -> &'static str {
    match status {
        Status::Going => td_string!(l, checkin.status.going),
        Status::Waitlisted => td_string!(l, checkin.status.waitlisted),
        Status::Maybe => td_string!(l, checkin.status.maybe),
        Status::NotGoing => td_string!(l, checkin.status.not_going),
        Status::Pending => td_string!(l, checkin.status.pending),
        Status::Declined => td_string!(l, checkin.status.declined),
    }
}
