//! The packing line's files for spreadsheets, for its leads: per-station counts, shipments
//! against what was expected, and volunteers' hours.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::model::TapKind;
use super::service::led;
use crate::auth::service::Actor;
use crate::csv::row;
use crate::db;
use crate::error::AppResult;
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
    let mut out = row(["position", "station", "does", "item", "bags", "refills", "low", "out"]);
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
    let mut out = row(["received_at", "sponsor", "item", "expected", "received", "note"]);
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
    let mut out = row(["name", "email", "shift_starts", "shift_ends", "job", "station", "hours"]);
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
