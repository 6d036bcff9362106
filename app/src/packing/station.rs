//! A station's phone screen: huge buttons for one thumb at arm's length, the line's progress,
//! and how many taps still wait for the hall's Wi-Fi. Taps are kept on the phone first
//! (`station_sync`), so nothing is lost while offline, asleep or reloaded.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::packing_station;
use super::line::StationStatus;
use super::model::{StationKind, TapKind};
use super::views::StationScreen;
use crate::events::pages::slug_param;
use crate::i18n::td_string;
use crate::locale::{Locale, decimal, number};
use crate::ui::{ErrorView, IslandBundle};

/// `/events/<slug>/packing/stations/<id>?key=…`: the link the volunteer at that table opens.
#[component]
pub fn StationPage() -> impl IntoView {
    let slug = slug_param();
    let params = use_params_map();
    let query = use_query_map();
    // An id that is no number finds no station, as an unknown one does.
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let key = move || query.read().get("key").unwrap_or_default();
    let screen = Resource::new(move || (slug(), id(), key()), |(slug, id, key)| packing_station(slug, id, key));
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, packing.station.title)/>
        <IslandBundle name="station"/>
        <section class="station-page">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, packing.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        screen.await.map(|screen| view! {
                            <Title text=td_string!(l, packing.station.title_of, name = &screen.name).to_string()/>
                            <h1 class="station-name">{screen.name.clone()}</h1>
                            <StationTapper screen/>
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// What the screen shows, as signals the tapper and its sender share.
#[derive(Clone, Copy)]
// The server renders with it; only the browser's sender reads every field.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) struct Screen {
    pub station_id: i64,
    pub slug: StoredValue<String>,
    pub key: StoredValue<String>,
    /// The server's bags done when last read, and this phone's bag taps acknowledged since.
    pub base_bags: RwSignal<u64>,
    pub acked_bags: RwSignal<u64>,
    /// Taps on this phone not yet acknowledged, and the finished bags among them.
    pub waiting: RwSignal<usize>,
    pub waiting_bags: RwSignal<u64>,
    pub target: RwSignal<u64>,
    pub per_minute: RwSignal<f64>,
    pub stock_left: RwSignal<i64>,
    pub status: RwSignal<StationStatus>,
    /// "10:42:13" when everything was last on the server.
    pub synced: RwSignal<Option<String>>,
    /// Why taps are waiting (no connection, a busy server); empty when all is well.
    pub note: RwSignal<String>,
    /// Taps the server refused for good.
    pub error: RwSignal<String>,
    /// The buttons work once the screen's code runs; before, a tap would go nowhere.
    pub ready: RwSignal<bool>,
    pub busy: StoredValue<bool>,
    pub debounce: StoredValue<Option<TimeoutHandle>>,
    /// The batch that was on its way when the page loaded: its bags may be in `base_bags` already.
    pub carried: StoredValue<Option<String>>,
}

impl Screen {
    fn new(screen: &StationScreen) -> Self {
        Self {
            station_id: screen.station_id,
            slug: StoredValue::new(screen.slug.clone()),
            key: StoredValue::new(screen.key.clone()),
            base_bags: RwSignal::new(screen.bags_done),
            acked_bags: RwSignal::new(0),
            waiting: RwSignal::new(0),
            waiting_bags: RwSignal::new(0),
            target: RwSignal::new(screen.target),
            per_minute: RwSignal::new(screen.per_minute),
            stock_left: RwSignal::new(screen.stock_left),
            status: RwSignal::new(screen.status),
            synced: RwSignal::new(None),
            note: RwSignal::new(td_string!(crate::locale::current(), packing.station.getting_ready).into()),
            error: RwSignal::new(String::new()),
            ready: RwSignal::new(false),
            busy: StoredValue::new(false),
            debounce: StoredValue::new(None),
            carried: StoredValue::new(None),
        }
    }

    /// Bags done as this phone knows them: the server's, plus its own taps on their way.
    fn bags(self) -> u64 {
        self.base_bags.get() + self.acked_bags.get() + self.waiting_bags.get()
    }
}

/// "1 tap waiting to sync", "0 taps waiting to sync".
pub fn waiting_words(l: Locale, n: usize) -> String {
    if n == 1 { td_string!(l, packing.station.waiting_one).into() } else { td_string!(l, packing.station.waiting_n, n = n).to_string() }
}

fn tap(s: Screen, kind: TapKind) {
    #[cfg(feature = "hydrate")]
    super::station_sync::tap(s, kind);
    #[cfg(not(feature = "hydrate"))]
    let _ = (s, kind);
}

#[cfg_attr(any(feature = "ssr", feature = "station"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "station")), component)]
fn StationTapper(screen: StationScreen) -> impl IntoView {
    let s = Screen::new(&screen);
    let l = crate::locale::current();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| untrack(move || super::station_sync::start(s)));
    let folding = screen.kind == StationKind::Fold;
    let item = screen.item.clone().unwrap_or_default();
    let kinds: &[TapKind] = if folding { &[TapKind::Bag] } else { &[TapKind::Refill, TapKind::Low, TapKind::Out] };
    let buttons = kinds
        .iter()
        .map(|&kind| {
            view! {
                <button
                    type="button"
                    class=format!("tap tap-{}", kind.as_str())
                    disabled=move || !s.ready.get()
                    on:click=move |_| tap(s, kind)
                >
                    {kind.label(l)}
                </button>
            }
        })
        .collect_view();
    let per_minute = move || td_string!(l, packing.station.per_minute, n = decimal(l, s.per_minute.get(), 1)).to_string();
    view! {
        <div class=if folding { "station station-fold" } else { "station station-dispense" }>
            {if folding {
                view! { <p class="station-does">{td_string!(l, packing.station.folding_does)}</p> }.into_any()
            } else {
                let item_words = item.clone();
                view! {
                    <p class="station-does">{td_string!(l, packing.station.hands_out)} <strong id="station-item">{item.clone()}</strong></p>
                    <p class="station-stock">
                        {td_string!(l, packing.station.stock_left)}
                        <strong id="stock-left">{move || number(l, s.stock_left.get().max(0) as u64)}</strong>
                        " " {item_words}
                        {move || {
                            (s.stock_left.get() < 0)
                                .then(|| td_string!(l, packing.station.short, n = number(l, s.stock_left.get().unsigned_abs())).to_string())
                        }}
                    </p>
                    <p class="station-status">
                        {td_string!(l, packing.station.last_report)}
                        <strong id="station-status">{move || s.status.get().label_in(l)}</strong>
                    </p>
                }
                .into_any()
            }}
            <div class=if folding { "tap-buttons one" } else { "tap-buttons three" }>{buttons}</div>
            <p id="pending" class="pending" aria-live="polite">{move || waiting_words(l, s.waiting.get())}</p>
            <p id="synced" class="synced">
                {move || match s.synced.get() {
                    Some(at) => td_string!(l, packing.station.last_synced, at = at).to_string(),
                    None => td_string!(l, packing.station.not_synced).to_string(),
                }}
            </p>
            <p id="sync-note" class="sync-note" role="status">{move || s.note.get()}</p>
            <p id="tap-error" class="form-error" role="alert">{move || s.error.get()}</p>
            <div class="station-line">
                <p id="line-bags">
                    {td_string!(l, packing.station.bags_done)}
                    <strong>{move || number(l, s.bags())}</strong>
                    {td_string!(l, packing.station.of)}
                    {move || number(l, s.target.get())}
                </p>
                <p id="line-rate">{per_minute}</p>
            </div>
        </div>
    }
}
