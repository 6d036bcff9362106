//! The station screen's sender (browser only). Every tap is written to `localStorage` before
//! anything else happens; a sender moves up to 500 of them into a batch with a fresh id, stores
//! that, and only then posts it. An answer removes the batch; no answer leaves it to be sent
//! again under the same id, which the server counts once. A service worker keeps the page and
//! its bundle, so a reload without a network finds the queue and goes on sending.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use server_fn::ServerFn as _;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::api::{PackingStation, SendTaps};
use super::line::StationStatus;
use super::model::{TapBatch, TapKind};
use super::queue::{Queue, storage_key};
use super::station::Screen;
use super::views::{StationScreen, TapAck};
use crate::error::AppError;
use crate::i18n::td_string;

const EVERY: Duration = Duration::from_secs(3);
const DEBOUNCE: Duration = Duration::from_millis(300);
/// Every this many ticks (with nothing waiting) the line's figures are read again.
const REFRESH_TICKS: u32 = 5;

thread_local! {
    /// Queues `localStorage` would not take (private mode, full): kept for this page view at least.
    static MEMORY: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

fn load(key: &str) -> Queue {
    if let Some(json) = MEMORY.with(|m| m.borrow().get(key).cloned()) {
        return Queue::parse(Some(&json));
    }
    let stored = window().local_storage().ok().flatten().and_then(|s| s.get_item(key).ok().flatten());
    Queue::parse(stored.as_deref())
}

fn save(key: &str, queue: &Queue) {
    let json = queue.to_json();
    let stored = window().local_storage().ok().flatten().is_some_and(|s| s.set_item(key, &json).is_ok());
    MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        if stored {
            m.remove(key);
        } else {
            m.insert(key.to_string(), json);
        }
    });
}

/// The `localStorage` key of the line's bags this phone last knew: the server's count and its own
/// acknowledged taps. A page from the worker's copy shows the count of when it was kept.
fn known_key(station_id: i64) -> String {
    format!("festplan-bags-{station_id}")
}

fn remember(s: Screen) {
    let known = s.base_bags.get_untracked() + s.acked_bags.get_untracked();
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(&known_key(s.station_id), &known.to_string());
    }
}

/// Bags are only ever added: a page older than what this phone last knew starts from that.
fn recall(s: Screen) {
    let storage = window().local_storage().ok().flatten();
    let known = storage.and_then(|st| st.get_item(&known_key(s.station_id)).ok().flatten()).and_then(|k| k.parse::<u64>().ok());
    if let Some(known) = known
        && known > s.base_bags.get_untracked()
    {
        s.base_bags.set(known);
    }
}

fn show(s: Screen, queue: &Queue) {
    s.waiting.set(queue.waiting());
    s.waiting_bags.set(queue.waiting_bags());
}

/// Once, when the island comes to life: picks up what a previous page view left, starts the
/// sender's clock and the offline copy of the page.
pub(super) fn start(s: Screen) {
    let key = storage_key(s.station_id);
    let queue = load(&key);
    s.carried.set_value(queue.inflight.as_ref().map(|b| b.id.clone()));
    show(s, &queue);
    recall(s);
    s.note.set(String::new());
    s.ready.set(true);
    pump(s);
    refresh(s);
    let ticks = Rc::new(Cell::new(0u32));
    set_interval(
        move || {
            ticks.set(ticks.get().wrapping_add(1));
            pump(s);
            if ticks.get().is_multiple_of(REFRESH_TICKS) && !s.busy.get_value() && load(&storage_key(s.station_id)).waiting() == 0 {
                refresh(s);
            }
        },
        EVERY,
    );
    let _ = window_event_listener_untyped("online", move |_| pump(s));
    keep_offline_copy();
}

pub(super) fn tap(s: Screen, kind: TapKind) {
    let key = storage_key(s.station_id);
    let mut queue = load(&key);
    queue.push(kind, js_sys::Date::now() as i64);
    save(&key, &queue);
    show(s, &queue);
    match kind {
        TapKind::Bag => {}
        TapKind::Refill => s.status.set(StationStatus::Ok),
        TapKind::Low => s.status.set(StationStatus::Low),
        TapKind::Out => s.status.set(StationStatus::Out),
    }
    let _ = window().navigator().vibrate_with_duration(30);
    if let Some(earlier) = s.debounce.get_value() {
        earlier.clear();
    }
    s.debounce.set_value(set_timeout_with_handle(move || pump(s), DEBOUNCE).ok());
}

/// Sends what waits, one batch after another, unless a sender is already at it.
fn pump(s: Screen) {
    if s.busy.get_value() {
        return;
    }
    // Known to be offline: no request that can only fail; the `online` event sends at once.
    if !window().navigator().on_line() {
        s.note.set(td_string!(crate::locale::current(), packing.station.offline).into());
        return;
    }
    s.busy.set_value(true);
    leptos::task::spawn_local(async move {
        let sent = send_all(s).await;
        s.busy.set_value(false);
        if sent {
            refresh(s);
        }
    });
}

/// Whether a batch went through.
async fn send_all(s: Screen) -> bool {
    let key = storage_key(s.station_id);
    let mut sent = false;
    loop {
        let mut queue = load(&key);
        let Some(batch) = queue.batch(new_id) else { break };
        // Stored before it leaves: a reload mid-way sends it again under the same id.
        save(&key, &queue);
        show(s, &queue);
        let body = serde_json::json!({
            "batch": TapBatch { id: batch.id.clone(), station_id: s.station_id, taps: batch.taps.clone() },
            "key": s.key.get_value(),
        });
        let answer = crate::browser::post_json(SendTaps::PATH, &body.to_string()).await;
        let mut queue = load(&key);
        match answer {
            Err(_) => {
                s.note.set(td_string!(crate::locale::current(), packing.station.offline).into());
                break;
            }
            Ok(answer) if (200..300).contains(&answer.status) => {
                let ack = serde_json::from_str::<TapAck>(&answer.body).ok();
                queue.settle(&batch.id);
                save(&key, &queue);
                // A batch from before the page loaded that the server already had is in its count.
                let counted = ack.is_some_and(|a| !a.new) && s.carried.get_value().as_deref() == Some(batch.id.as_str());
                if !counted {
                    s.acked_bags.update(|n| *n += batch.bags());
                }
                remember(s);
                s.note.set(String::new());
                s.synced.set(Some(clock()));
                sent = true;
            }
            Ok(answer) if matches!(answer.status, 408 | 429) || answer.status >= 500 => {
                s.note.set(td_string!(crate::locale::current(), packing.station.busy).into());
                break;
            }
            Ok(answer) => {
                // Refused for good (a wrong link, a removed station, a phone clock far off):
                // sending it again would be refused again, so the volunteer is told instead.
                let error = AppError::de(answer.body.into());
                queue.settle(&batch.id);
                save(&key, &queue);
                let taps = batch.taps.len();
                let (l, why) = (crate::locale::current(), error.message());
                s.error.set(if taps == 1 {
                    td_string!(l, packing.station.not_counted_one, why = why).to_string()
                } else {
                    td_string!(l, packing.station.not_counted_n, n = taps, why = why).to_string()
                });
            }
        }
        show(s, &queue);
    }
    sent
}

/// Reads the station's screen again: the line's bags, rate and this station's stock.
fn refresh(s: Screen) {
    let enc = |v: &str| String::from(js_sys::encode_uri_component(v));
    let url = format!("{}?slug={}&id={}&key={}", PackingStation::PATH, enc(&s.slug.get_value()), s.station_id, enc(&s.key.get_value()));
    let acked_before = s.acked_bags.get_untracked();
    if !window().navigator().on_line() {
        return;
    }
    leptos::task::spawn_local(async move {
        let Ok(reply) = crate::browser::get(&url).await else { return };
        let Ok(screen) = serde_json::from_str::<StationScreen>(&reply.body) else { return };
        s.base_bags.set(screen.bags_done);
        // Bags acknowledged while the read was on its way may not be in its count yet.
        s.acked_bags.update(|n| *n = n.saturating_sub(acked_before));
        remember(s);
        s.target.set(screen.target);
        s.per_minute.set(screen.per_minute);
        if load(&storage_key(s.station_id)).waiting() == 0 {
            // Nothing of this phone's is missing from the server's figures.
            s.stock_left.set(screen.stock_left);
            s.status.set(screen.status);
            s.synced.set(Some(clock()));
        }
    });
}

/// A batch id: a random UUID, or 128 random bits in hex where `randomUUID` is missing (pages
/// served over plain http on the hall's network are no secure context).
fn new_id() -> String {
    let crypto = window().crypto().ok();
    if let Some(crypto) = &crypto
        && js_sys::Reflect::has(crypto, &JsValue::from_str("randomUUID")).unwrap_or(false)
    {
        return crypto.random_uuid();
    }
    let mut bytes = [0u8; 16];
    if crypto.is_none_or(|c| c.get_random_values_with_u8_array(&mut bytes).is_err()) {
        bytes.iter_mut().for_each(|b| *b = (js_sys::Math::random() * 256.0) as u8);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// "10:42:13", the phone's local time.
fn clock() -> String {
    let now = js_sys::Date::new_0();
    format!("{:02}:{:02}:{:02}", now.get_hours(), now.get_minutes(), now.get_seconds())
}

/// Registers `/sw.js`, which keeps this page and its bundle for a reload without a network.
/// A page loaded before the worker existed is fetched again through it once it takes over.
fn keep_offline_copy() {
    let navigator = window().navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let workers = navigator.service_worker();
    let controlled = workers.controller().is_some();
    let registered = workers.register("/sw.js");
    leptos::task::spawn_local(async move {
        let _ = JsFuture::from(registered).await;
    });
    if !controlled {
        let warm = wasm_bindgen::closure::Closure::once_into_js(fetch_again);
        let _ = workers.add_event_listener_with_callback("controllerchange", warm.unchecked_ref());
    }
}

/// The page, its styles and its bundle, through the worker that now keeps them.
fn fetch_again() {
    let window = window();
    let Ok(origin) = window.location().origin() else { return };
    let mut urls: Vec<String> = window.location().href().ok().into_iter().collect();
    if let Some(performance) = window.performance() {
        for entry in performance.get_entries_by_type("resource").iter() {
            let name = entry.unchecked_into::<web_sys::PerformanceEntry>().name();
            let path = name.strip_prefix(&origin).unwrap_or_default();
            if path.starts_with("/pkg/") || path.starts_with("/favicon") {
                urls.push(name);
            }
        }
    }
    for url in urls {
        let fetched = window.fetch_with_str(&url);
        leptos::task::spawn_local(async move {
            let _ = JsFuture::from(fetched).await;
        });
    }
}
