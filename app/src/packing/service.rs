//! Packing-line use cases: the leads set up sponsors, items, shipments, stations and shifts;
//! volunteers sign up; stations send their taps; everyone watches the line. Leads are the
//! event's organizers and its "packing" role; a station's phone needs only the station's link.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::line::{LineFigures, StationStock, line_figures};
use super::model::{ItemStock, StationKind, Tap, TapBatch, TapKind, shortfalls, sponsor_report, sponsors_not_shipped};
pub use super::setup::{add_item, add_shift, add_sponsor, add_station, check_in, remove_station, save_line, sign_up};
use super::views::{
    ItemView, LinePage, LineSettings, PackingSetup, ShiftView, SponsorReport, SponsorView, StationScreen, StationView, TapAck, Volunteer,
    VolunteerPage,
};
use crate::auth::model::Permission;
use crate::auth::service::Actor;
use crate::db::{self, Conn, events::EventRow};
use crate::error::{AppError, AppResult};
use crate::i18n::td_string;
use crate::live::Topic;
use crate::locale::Locale;
use crate::state::{AppState, Settings};

const STATION: &str = "packing-station";
const KIOSK: &str = "packing-kiosk";

/// The key in a station screen's link: whoever holds the phone at that table may tap.
pub fn station_key(settings: &Settings, station_id: i64) -> String {
    crate::auth::tokens::sign(&settings.secret_key, STATION, station_id, 16)
}

pub(super) fn station_path(settings: &Settings, slug: &str, station_id: i64) -> String {
    format!("/events/{slug}/packing/stations/{station_id}?key={}", station_key(settings, station_id))
}

pub(super) fn kiosk_path(settings: &Settings, event: &EventRow) -> String {
    format!("/events/{}/packing/line?kiosk={}", event.slug, crate::auth::tokens::sign(&settings.secret_key, KIOSK, event.id, 16))
}

/// The event at `slug` for one of its leads; to anyone else it does not exist.
pub(super) async fn led(state: &AppState, actor: &Actor, slug: &str) -> AppResult<EventRow> {
    let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
    crate::auth::roles::require(&state.db, actor, event.id, Permission::Pack).await?;
    Ok(event)
}

/// After a commit that changed the line: open screens hear of it.
pub(super) fn announce(state: &AppState, event_id: i64) {
    state.packing.touch(event_id);
    state.live.changed_topic(event_id, Topic::Packing);
}

/// "Fri 3 Jul, 09:00–12:00" in the event's zone.
pub(super) fn shift_words(l: Locale, starts_at: i64, ends_at: i64, zone: &str) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    let zoned = |t: i64| Timestamp::from_second(t).map(|t| t.to_zoned(tz.clone())).ok();
    let day = zoned(starts_at).map(|at| {
        // `locale::date` ends with the year in both languages; a shift leaves it out.
        let date = crate::locale::date(l, &at);
        let day = date.rsplit_once(' ').map_or(date.as_str(), |(day, _)| day).to_string();
        format!("{day}, {}", at.strftime("%H:%M"))
    });
    let end = zoned(ends_at).map(|at| at.strftime("%H:%M").to_string());
    format!("{}–{}", day.unwrap_or_default(), end.unwrap_or_default())
}

fn item_stock(row: &db::packing::ItemRow) -> ItemStock {
    ItemStock {
        item_id: row.id,
        sponsor: row.sponsor.clone(),
        name: row.name.clone(),
        per_bag: row.per_bag.max(0) as u32,
        expected: row.expected.max(0) as u64,
        received: row.received.max(0) as u64,
        shipments: row.shipments.max(0) as u32,
    }
}

async fn shift_views(conn: &mut Conn, event: &EventRow) -> AppResult<Vec<ShiftView>> {
    let l = crate::locale::current();
    let signups = db::packing_taps::signups(conn, event.id).await?;
    Ok(db::packing::shifts(conn, event.id)
        .await?
        .into_iter()
        .map(|shift| ShiftView {
            id: shift.id,
            when: shift_words(l, shift.starts_at, shift.ends_at, &event.time_zone),
            needed: shift.needed.max(0) as u32,
            volunteers: signups
                .iter()
                .filter(|s| s.shift_id == shift.id)
                .map(|s| Volunteer {
                    name: s.name.clone(),
                    job: match (s.job.as_str(), &s.station) {
                        ("station", Some(station)) => td_string!(l, packing.job.at, station = station).to_string(),
                        ("walker", _) => td_string!(l, packing.job.walking).into(),
                        ("folder", _) => td_string!(l, packing.job.folding).into(),
                        _ => td_string!(l, packing.job.at_a_station).into(),
                    },
                })
                .collect(),
        })
        .collect())
}

/// The leads' page: the line, the stock against the target, stations with their links, shifts.
pub async fn setup_page(state: &AppState, actor: &Actor, slug: &str) -> AppResult<PackingSetup> {
    let event = led(state, actor, slug).await?;
    let l = crate::locale::current();
    let mut conn = state.db.read().await?;
    let line = db::packing::line(&mut conn, event.id).await?;
    let sponsors = db::packing::sponsors(&mut conn, event.id).await?;
    let items = db::packing::items(&mut conn, event.id).await?;
    let stocks: Vec<ItemStock> = items.iter().map(item_stock).collect();
    let target = line.as_ref().map_or(0, |l| l.bag_target.max(0) as u64);
    let (short, missing): (Vec<_>, Vec<_>) = shortfalls(&stocks, target).into_iter().partition(|s| s.received > 0);
    let stations = db::packing::stations(&mut conn, event.id).await?;
    Ok(PackingSetup {
        event_id: event.id,
        slug: event.slug.clone(),
        event_title: event.title_in(crate::locale::current()).to_string(),
        line: line.map(|l| LineSettings { bag_target: l.bag_target.max(0) as u64, tables: l.tables }),
        not_shipped: sponsors_not_shipped(&sponsors.iter().map(|s| (s.name.clone(), s.shipments.max(0) as u32)).collect::<Vec<_>>()),
        sponsors: sponsors
            .into_iter()
            .map(|s| SponsorView { id: s.id, name: s.name, contact: s.contact, tier: s.tier, shipments: s.shipments.max(0) as u32 })
            .collect(),
        items: items
            .iter()
            .zip(stocks)
            .map(|(row, stock)| ItemView { stock, sponsor_id: row.sponsor_id, notes: row.notes.clone() })
            .collect(),
        short: short.iter().map(|s| s.words(l)).collect(),
        missing: missing.iter().map(|s| s.words(l)).collect(),
        stations: stations
            .into_iter()
            .map(|s| StationView {
                screen: station_path(&state.settings, &event.slug, s.id),
                id: s.id,
                position: s.position,
                name: s.name,
                kind: s.kind,
                item: s.item,
            })
            .collect(),
        shifts: shift_views(&mut conn, &event).await?,
        kiosk_path: kiosk_path(&state.settings, &event),
    })
}

/// The line's figures now.
async fn figures(state: &AppState, event_id: i64) -> AppResult<LineFigures> {
    let mut conn = state.db.read().await?;
    let line = db::packing::line(&mut conn, event_id).await?.ok_or_else(|| AppError::not_found("packing line"))?;
    let stations: Vec<StationStock> = db::packing::stations(&mut conn, event_id)
        .await?
        .into_iter()
        .map(|s| StationStock {
            station_id: s.id,
            name: s.name,
            position: s.position,
            kind: s.kind,
            item: s.item,
            per_bag: s.per_bag.unwrap_or(0).max(0) as u32,
            received: s.received.max(0) as u64,
        })
        .collect();
    let taps: Vec<Tap> = db::packing_taps::taps(&mut conn, event_id)
        .await?
        .into_iter()
        .map(|(station_id, kind, at_ms)| Tap { station_id, kind, at_ms })
        .collect();
    Ok(line_figures(line.bag_target.max(0) as u64, &stations, &taps, Timestamp::now().as_millisecond()))
}

/// The figures as the live line's feed sends them.
pub async fn figures_json(state: &AppState, event_id: i64) -> AppResult<String> {
    serde_json::to_string(&figures(state, event_id).await?).map_err(AppError::internal)
}

fn kiosk_ok(state: &AppState, kiosk: Option<&str>, event_id: i64) -> bool {
    kiosk.and_then(|k| crate::auth::tokens::verify_signed(&state.settings.secret_key, KIOSK, k, 16)) == Some(event_id)
}

/// The event whose line the caller may watch: its leads, or a wall screen with the kiosk key.
pub async fn watched(state: &AppState, actor: &Actor, slug: &str, kiosk: Option<&str>) -> AppResult<EventRow> {
    let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
    if !kiosk_ok(state, kiosk, event.id) {
        crate::auth::roles::require(&state.db, actor, event.id, Permission::Pack).await?;
    }
    let mut conn = state.db.read().await?;
    db::packing::line(&mut conn, event.id).await?.ok_or_else(|| AppError::not_found("packing line"))?;
    Ok(event)
}

/// The live line as first shown.
pub async fn line_page(state: &AppState, actor: &Actor, slug: &str, kiosk: Option<&str>) -> AppResult<LinePage> {
    let event = watched(state, actor, slug, kiosk).await?;
    Ok(LinePage {
        event_title: event.title_in(crate::locale::current()).to_string(),
        slug: event.slug,
        figures: figures(state, event.id).await?,
        kiosk: kiosk.map(str::to_string),
    })
}

/// The station `station_id` of the event at `slug`, for the holder of its `key`.
async fn keyed_station(state: &AppState, slug: &str, station_id: i64, key: &str) -> AppResult<(db::packing::StationRow, EventRow)> {
    let keyed = crate::auth::tokens::verify_signed(&state.settings.secret_key, STATION, key, 16) == Some(station_id);
    let mut conn = state.db.read().await?;
    let station = db::packing::station(&mut conn, station_id).await?.filter(|_| keyed).ok_or_else(|| AppError::not_found("station"))?;
    let event = db::events::by_id(&mut conn, station.event_id).await?.ok_or_else(|| AppError::not_found("station"))?;
    if slug != event.slug {
        return Err(AppError::not_found("station"));
    }
    Ok((station, event))
}

/// A station's phone screen: its item, stock left, and the line's progress.
pub async fn station_screen(state: &AppState, slug: &str, station_id: i64, key: &str) -> AppResult<StationScreen> {
    let (station, event) = keyed_station(state, slug, station_id, key).await?;
    let figures = figures(state, event.id).await?;
    let mine = figures.stations.iter().find(|s| s.station_id == station_id);
    Ok(StationScreen {
        event_id: event.id,
        event_title: event.title_in(crate::locale::current()).to_string(),
        slug: event.slug,
        station_id,
        name: station.name,
        kind: station.kind,
        item: station.item,
        stock_left: mine.map_or(0, |s| s.stock_left),
        bags_done: figures.bags_done,
        target: figures.target,
        per_minute: figures.per_minute,
        status: mine.map(|s| s.status).unwrap_or_default(),
        key: key.to_string(),
    })
}

/// Stores a batch of a station's taps, once: a batch sent again (its answer lost on the way)
/// is acknowledged without counting its taps twice. Goes through the group commit, as forty
/// stations tapping at once make a burst.
pub async fn record_taps(state: &AppState, batch: TapBatch, key: &str) -> AppResult<TapAck> {
    let now_ms = Timestamp::now().as_millisecond();
    batch.check(now_ms).map_err(|e| AppError::invalid("taps", e.message_in(crate::locale::current())))?;
    // Two columns, not the station's stock: a tap is the hot path, forty stations twice a second.
    let keyed = crate::auth::tokens::verify_signed(&state.settings.secret_key, STATION, key, 16) == Some(batch.station_id);
    let mut conn = state.db.read().await?;
    let (event_id, kind) =
        db::packing::station_kind(&mut conn, batch.station_id).await?.filter(|_| keyed).ok_or_else(|| AppError::not_found("station"))?;
    drop(conn);
    if kind != StationKind::Fold && batch.taps.iter().any(|t| t.kind == TapKind::Bag) {
        return Err(AppError::invalid("taps", td_string!(crate::locale::current(), packing.err.fold_only)));
    }
    let taps: Vec<(TapKind, i64)> = batch.taps.iter().map(|t| (t.kind, t.at_ms)).collect();
    let count = taps.len() as u32;
    let (id, station_id) = (batch.id.clone(), batch.station_id);
    let new = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                if let Some(other) = db::packing_taps::batch_station(tx, &id).await?
                    && other != station_id
                {
                    return Err(AppError::invalid("id", td_string!(crate::locale::current(), packing.err.batch_id_used)));
                }
                let new = db::packing_taps::insert_batch(tx, &id, station_id, &taps, now_ms / 1000).await?;
                let bags = taps.iter().filter(|(kind, _)| *kind == TapKind::Bag).count() as i64;
                if new && bags > 0 {
                    finished(tx, event_id, bags).await?;
                }
                Ok::<_, AppError>(new)
            })
        })
        .await?;
    if new {
        announce(state, event_id);
        state.webhooks.wake();
    }
    Ok(TapAck { new, taps: count })
}

/// When the batch just counted (`bags` of them) took the line to its target: the
/// "packing.finished" webhook, once, as only this batch crosses it.
async fn finished(tx: &mut db::WriteTx, event_id: i64, bags: i64) -> AppResult<()> {
    // A tap is the hot path: count the line's bags only when someone listens for the end.
    if !db::webhooks::wanted(tx, event_id, crate::webhooks::Kind::PackingFinished.as_str()).await? {
        return Ok(());
    }
    let (done, target, slug) = db::packing_taps::bags_and_target(tx, event_id).await?;
    if done >= target && done - bags < target {
        let data = serde_json::json!({ "event": { "slug": slug }, "bags_done": done, "bag_target": target });
        crate::webhooks::enqueue(tx, event_id, crate::webhooks::Kind::PackingFinished, data).await?;
    }
    Ok(())
}

/// The volunteers' page: shifts and who is in them, stations to choose.
pub async fn volunteer_page(state: &AppState, actor: &Actor, slug: &str) -> AppResult<VolunteerPage> {
    let (event, _) = crate::events::service::visible_event(state, actor, slug, None).await?;
    let mut conn = state.db.read().await?;
    db::packing::line(&mut conn, event.id).await?.ok_or_else(|| AppError::not_found("packing line"))?;
    let stations = db::packing::stations(&mut conn, event.id).await?.into_iter().map(|s| (s.id, s.name)).collect();
    Ok(VolunteerPage {
        event_id: event.id,
        slug: event.slug.clone(),
        event_title: event.title_in(crate::locale::current()).to_string(),
        shifts: shift_views(&mut conn, &event).await?,
        stations,
        name: actor.user.as_ref().map(|u| u.display_name.clone()).unwrap_or_default(),
        email: actor.user.as_ref().map(|u| u.email.clone()).unwrap_or_default(),
    })
}

/// Whether the event has a packing line (its page links to the sign-up).
pub async fn has_line(state: &AppState, event_id: i64) -> AppResult<bool> {
    let mut conn = state.db.read().await?;
    Ok(db::packing::exists(&mut conn, event_id).await?)
}

/// Per sponsor, what went into the bags, for the leads to send on.
pub async fn sponsor_report_page(state: &AppState, actor: &Actor, slug: &str) -> AppResult<SponsorReport> {
    let event = led(state, actor, slug).await?;
    let bags_done = figures(state, event.id).await?.bags_done;
    let mut conn = state.db.read().await?;
    let mut sponsors: Vec<(String, Vec<String>)> = Vec::new();
    for row in db::packing::items(&mut conn, event.id).await? {
        let line = sponsor_report(crate::locale::current(), &item_stock(&row), bags_done);
        match sponsors.last_mut() {
            Some((name, lines)) if *name == row.sponsor => lines.push(line),
            _ => sponsors.push((row.sponsor.clone(), vec![line])),
        }
    }
    Ok(SponsorReport { event_title: event.title_in(crate::locale::current()).to_string(), bags_done, sponsors })
}
