//! Before the day: the leads set the bag target, enter sponsors and their items, check boxes in
//! against what was expected, lay out the stations in walking order and the shifts; volunteers
//! sign up for a shift.

use jiff::tz::TimeZone;

use super::model::StationKind;
use super::service::{announce, station_path};
use super::views::ItemInput;
use crate::auth::model::{Email, Permission};
use crate::auth::rate_limit::Limit;
use crate::auth::service::Actor;
use crate::db::{self, packing::NewItem, packing_taps::NewSignup};
use crate::error::{AppError, AppResult};
use crate::events::rules::{local_time, one_line};
use crate::i18n::td_string;
use crate::mail::templates;
use crate::state::AppState;

/// More than any conference's bags, stations or shifts; a bound on what one line may hold.
const MAX_TARGET: i64 = 1_000_000;
const MAX_STATIONS: usize = 200;

fn number(field: &str, value: &str, range: std::ops::RangeInclusive<i64>) -> AppResult<i64> {
    value.trim().replace([',', '.', ' '], "").parse::<i64>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
        AppError::invalid(
            field,
            td_string!(crate::locale::current(), packing.err.number_range, from = range.start(), to = range.end()).to_string(),
        )
    })
}

/// The line's event for a lead, its line set up.
async fn line_of(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<(db::WriteTx, db::events::EventRow, i64)> {
    crate::auth::roles::require(&state.db, actor, event_id, Permission::Pack).await?;
    let by = actor.user()?.id;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    db::packing::line(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("packing line"))?;
    Ok((tx, event, by))
}

/// Sets up the line, or changes its target and tables.
pub async fn save_line(state: &AppState, actor: &Actor, event_id: i64, bag_target: &str, tables: &str) -> AppResult<()> {
    let bag_target = number("bag_target", bag_target, 1..=MAX_TARGET)?;
    let tables = one_line("tables", tables, 200, false)?;
    crate::auth::roles::require(&state.db, actor, event_id, Permission::Pack).await?;
    let mut tx = state.db.begin_write().await?;
    db::packing::save_line(&mut tx, event_id, bag_target, &tables, db::now()).await?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

pub async fn add_sponsor(state: &AppState, actor: &Actor, event_id: i64, name: &str, contact: &str, tier: &str) -> AppResult<()> {
    let name = one_line("name", name, 120, true)?;
    let contact = one_line("contact", contact, 200, false)?;
    let tier = one_line("tier", tier, 40, false)?;
    let (mut tx, ..) = line_of(state, actor, event_id).await?;
    db::packing::insert_sponsor(&mut tx, event_id, &name, &contact, &tier)
        .await?
        .ok_or_else(|| AppError::invalid("name", td_string!(crate::locale::current(), packing.err.sponsor_exists)))?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_item(state: &AppState, actor: &Actor, event_id: i64, input: &ItemInput) -> AppResult<()> {
    let name = one_line("name", &input.name, 120, true)?;
    let per_bag = if input.per_bag.trim().is_empty() { 1 } else { number("per_bag", &input.per_bag, 1..=100)? };
    let expected = if input.expected.trim().is_empty() { 0 } else { number("expected", &input.expected, 0..=100_000_000)? };
    let notes = one_line("notes", &input.notes, 200, false)?;
    let (mut tx, ..) = line_of(state, actor, event_id).await?;
    let item = NewItem { sponsor_id: input.sponsor_id, name: &name, per_bag, expected, notes: &notes };
    db::packing::insert_item(&mut tx, event_id, &item)
        .await?
        .ok_or_else(|| AppError::invalid("name", td_string!(crate::locale::current(), packing.err.item_sponsor)))?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

/// A box checked in: how many pieces of the item it held, and a note on what did not match.
pub async fn check_in(state: &AppState, actor: &Actor, event_id: i64, item_id: i64, received: &str, note: &str) -> AppResult<()> {
    let received = number("received", received, 0..=100_000_000)?;
    let note = one_line("note", note, 300, false)?;
    let (mut tx, _, by) = line_of(state, actor, event_id).await?;
    if !db::packing::insert_shipment(&mut tx, event_id, item_id, received, &note, by, db::now()).await? {
        return Err(AppError::invalid("item_id", td_string!(crate::locale::current(), packing.err.choose_item)));
    }
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

/// Adds a station at the end of the line: a dispensing one hands out `item_id`; the folding one closes bags.
pub async fn add_station(state: &AppState, actor: &Actor, event_id: i64, name: &str, kind: &str, item_id: Option<i64>) -> AppResult<()> {
    let name = one_line("name", name, 80, true)?;
    let kind = StationKind::parse(kind.trim())
        .ok_or_else(|| AppError::invalid("kind", td_string!(crate::locale::current(), packing.err.choose_kind)))?;
    if kind == StationKind::Dispense && item_id.is_none() {
        return Err(AppError::invalid("item_id", td_string!(crate::locale::current(), packing.err.choose_station_item)));
    }
    let (mut tx, ..) = line_of(state, actor, event_id).await?;
    if db::packing::stations(&mut tx, event_id).await?.len() >= MAX_STATIONS {
        return Err(AppError::invalid(
            "name",
            td_string!(crate::locale::current(), packing.err.max_stations, n = MAX_STATIONS).to_string(),
        ));
    }
    let item = if kind == StationKind::Fold { None } else { item_id };
    db::packing::insert_station(&mut tx, event_id, &name, kind, item)
        .await?
        .ok_or_else(|| AppError::invalid("name", td_string!(crate::locale::current(), packing.err.station_exists)))?;
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

pub async fn remove_station(state: &AppState, actor: &Actor, event_id: i64, station_id: i64) -> AppResult<()> {
    let (mut tx, ..) = line_of(state, actor, event_id).await?;
    if !db::packing::delete_station(&mut tx, event_id, station_id).await? {
        return Err(AppError::not_found("station"));
    }
    tx.commit().await?;
    announce(state, event_id);
    Ok(())
}

/// A time block that needs `needed` volunteers; times are local in the event's zone.
pub async fn add_shift(state: &AppState, actor: &Actor, event_id: i64, starts: &str, ends: &str, needed: &str) -> AppResult<()> {
    let (mut tx, event, _) = line_of(state, actor, event_id).await?;
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let (starts_at, ends_at) = (local_time("starts", starts, &tz)?, local_time("ends", ends, &tz)?);
    if ends_at <= starts_at {
        return Err(AppError::invalid("ends", td_string!(crate::locale::current(), packing.err.shift_order)));
    }
    let needed = number("needed", needed, 1..=1000)?;
    db::packing::insert_shift(&mut tx, event_id, starts_at, ends_at, needed).await?;
    tx.commit().await?;
    Ok(())
}

/// A volunteer signs up for a shift, at a station, walking bags, or folding; with or without an
/// account. The mail carries their station's screen.
pub async fn sign_up(
    state: &AppState,
    actor: &Actor,
    shift_id: i64,
    job: &str,
    station_id: Option<i64>,
    name: &str,
    email: &str,
) -> AppResult<String> {
    let name = one_line("name", name, 80, true)?;
    let email = Email::parse(email)?;
    // Each sign-up sends a mail to the address given: limited per client and per address, like
    // guests' answers, before any work.
    state.limits.take(state, Limit::GuestAnswersPerClient, &actor.client).await?;
    state.limits.take(state, Limit::AnswerLinkPerAddress, email.as_str()).await?;
    let job = match job.trim() {
        "station" if station_id.is_some() => "station",
        "station" => return Err(AppError::invalid("station_id", td_string!(crate::locale::current(), packing.err.choose_station))),
        "walker" => "walker",
        "folder" => "folder",
        _ => return Err(AppError::invalid("job", td_string!(crate::locale::current(), packing.err.choose_job))),
    };
    let mut conn = state.db.read().await?;
    let event_id = db::packing::shift_event(&mut conn, shift_id).await?.ok_or_else(|| AppError::not_found("shift"))?;
    let event = db::events::by_id(&mut conn, event_id).await?.ok_or_else(|| AppError::not_found("shift"))?;
    drop(conn);
    let (event, _) = crate::events::service::visible_event(state, actor, &event.slug, None).await?;
    let mut tx = state.db.begin_write().await?;
    let signup = NewSignup {
        shift_id,
        job,
        station_id: station_id.filter(|_| job == "station"),
        user_id: actor.user.as_ref().map(|u| u.id),
        name: &name,
        email: email.as_str(),
    };
    db::packing_taps::upsert_signup(&mut tx, event.id, &signup, db::now()).await?.ok_or_else(|| AppError::not_found("shift"))?;
    let shift =
        db::packing::shifts(&mut tx, event.id).await?.into_iter().find(|s| s.id == shift_id).ok_or_else(|| AppError::not_found("shift"))?;
    let l = crate::locale::current();
    let when = super::service::shift_words(l, shift.starts_at, shift.ends_at, &event.time_zone);
    let station = match signup.station_id {
        Some(id) => db::packing::station(&mut tx, id).await?.filter(|s| s.event_id == event.id),
        None => None,
    };
    let job_words = match &station {
        Some(s) => td_string!(l, packing.job.at_the_station, station = &s.name).to_string(),
        None if job == "walker" => td_string!(l, packing.job.walking_line).into(),
        None => td_string!(l, packing.job.folding_stacking).into(),
    };
    let link = station.as_ref().map(|s| state.settings.link(&station_path(&state.settings, &event.slug, s.id)));
    let to = templates::To::new(email.as_str(), Some(&name), l);
    let mail = templates::volunteer_signed_up(to, event.title_in(l), &when, &job_words, link.as_deref());
    let event_link = state.settings.link(&format!("/events/{}", event.slug));
    state.outbox.enqueue(&mut tx, &templates::with_conduct_links(mail, l, &event_link).replying_to(event.reply_to.as_deref())).await?;
    tx.commit().await?;
    state.outbox.wake();
    announce(state, event.id);
    Ok(td_string!(l, packing.volunteer.thanks, name = &name, when = &when, job = &job_words).to_string())
}
