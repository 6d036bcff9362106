//! The packing line's files for spreadsheets, for its leads: per-station counts, shipments
//! against what was expected, and volunteers' hours. Headings in the page's language; the
//! cells stay as stored (codes, dates, hours with a decimal point).

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::model::TapKind;
use super::service::led;
use crate::auth::service::Actor;
use crate::csv::row;
use crate::db;
use crate::error::AppResult;
use crate::i18n::td_string;
use crate::state::AppState;

fn local(t: i64, zone: &str) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    Timestamp::from_second(t).map(|t| t.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

/// Per station: its item, bags (folding), refills opened, "low" and "out" reports.
pub async fn stations_csv(state: &AppState, actor: &Actor, slug: &str) -> AppResult<String> {
    let event = led(state, actor, slug).await?;
    let mut conn = state.db.read().await?;
    let counts = db::packing_taps::counts(&mut conn, event.id).await?;
    let count = |station: i64, kind: TapKind| counts.iter().find(|c| c.0 == station && c.1 == kind).map_or(0, |c| c.2).to_string();
    let l = crate::locale::current();
    let mut out = row([
        td_string!(l, csv.stations.position),
        td_string!(l, csv.stations.station),
        td_string!(l, csv.stations.does),
        td_string!(l, csv.stations.item),
        td_string!(l, csv.stations.bags),
        td_string!(l, csv.stations.refills),
        td_string!(l, csv.stations.low),
        td_string!(l, csv.stations.out),
    ]);
    for s in db::packing::stations(&mut conn, event.id).await? {
        out.push_str(&row([
            s.position.to_string(),
            s.name.clone(),
            s.kind.as_str().to_string(),
            s.item.clone().unwrap_or_default(),
            count(s.id, TapKind::Bag),
            count(s.id, TapKind::Refill),
            count(s.id, TapKind::Low),
            count(s.id, TapKind::Out),
        ]));
    }
    Ok(out)
}

/// Every box checked in, next to what the sponsor announced.
pub async fn shipments_csv(state: &AppState, actor: &Actor, slug: &str) -> AppResult<String> {
    let event = led(state, actor, slug).await?;
    let mut conn = state.db.read().await?;
    let l = crate::locale::current();
    let mut out = row([
        td_string!(l, csv.shipments.received_at),
        td_string!(l, csv.shipments.sponsor),
        td_string!(l, csv.shipments.item),
        td_string!(l, csv.shipments.expected),
        td_string!(l, csv.shipments.received),
        td_string!(l, csv.shipments.note),
    ]);
    for s in db::packing::shipments(&mut conn, event.id).await? {
        out.push_str(&row([
            local(s.received_at, &event.time_zone),
            s.sponsor,
            s.item,
            s.expected.to_string(),
            s.received.to_string(),
            s.note,
        ]));
    }
    Ok(out)
}

/// Each volunteer's shifts and hours.
pub async fn volunteers_csv(state: &AppState, actor: &Actor, slug: &str) -> AppResult<String> {
    let event = led(state, actor, slug).await?;
    let mut conn = state.db.read().await?;
    let l = crate::locale::current();
    let mut out = row([
        td_string!(l, csv.volunteers.name),
        td_string!(l, csv.volunteers.email),
        td_string!(l, csv.volunteers.shift_starts),
        td_string!(l, csv.volunteers.shift_ends),
        td_string!(l, csv.volunteers.job),
        td_string!(l, csv.volunteers.station),
        td_string!(l, csv.volunteers.hours),
    ]);
    for s in db::packing_taps::signups(&mut conn, event.id).await? {
        let hours = format!("{:.2}", (s.ends_at - s.starts_at) as f64 / 3600.0);
        out.push_str(&row([
            s.name,
            s.email,
            local(s.starts_at, &event.time_zone),
            local(s.ends_at, &event.time_zone),
            s.job,
            s.station.unwrap_or_default(),
            hours,
        ]));
    }
    Ok(out)
}
