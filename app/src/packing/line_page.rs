//! The live line, for the leads' phones and a wall screen: bags against the target, the rate,
//! when the target is reached, the station holding the line back, and a chart. The island
//! takes the figures the server pushes on `/events/<slug>/packing/live` as they are, with no
//! read of its own.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::packing_line;
use super::line::{ChartPoint, LineFigures, StationFigure};
use super::model::StationKind;
use crate::events::pages::slug_param;
use crate::i18n::td_string;
use crate::locale::{Locale, decimal, number};
use crate::ui::{ErrorView, IslandBundle};

/// `/events/<slug>/packing/line`; `?kiosk=…` opens it on a screen nobody signs in on.
#[component]
pub fn LinePage() -> impl IntoView {
    let slug = slug_param();
    let query = use_query_map();
    let kiosk = move || query.read().get("kiosk");
    let page = Resource::new(move || (slug(), kiosk()), |(slug, kiosk)| packing_line(slug, kiosk));
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, packing.line.title)/>
        <IslandBundle name="line"/>
        <section class="line-page">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, packing.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        page.await.map(|page| view! {
                            <Title text=td_string!(l, packing.line.title_of, event = &page.event_title).to_string()/>
                            <h1>{td_string!(l, packing.line.heading)} {page.event_title.clone()}</h1>
                            <LiveLine figures=page.figures slug=page.slug kiosk=page.kiosk/>
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[cfg_attr(any(feature = "ssr", feature = "line"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "line")), component)]
fn LiveLine(figures: LineFigures, slug: String, kiosk: Option<String>) -> impl IntoView {
    let figures = RwSignal::new(figures);
    let l = crate::locale::current();
    let status = RwSignal::new(td_string!(l, packing.line.live).to_string());
    // Clock times need the viewer's zone: the server writes minutes from now, the browser
    // switches to clock times once it runs (the first render must match the server's).
    let in_browser = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        in_browser.set(true);
        follow(&slug, kiosk.as_deref(), figures, status);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (&slug, &kiosk);
    view! {
        <p id="line-updated" class="line-status" aria-live="polite">{move || status.get()}</p>
        {move || figures.with(|f| line_view(l, f, in_browser.get()))}
    }
}

fn line_view(l: Locale, f: &LineFigures, in_browser: bool) -> impl IntoView + use<> {
    let share = if f.target == 0 { 0.0 } else { (f.bags_done as f64 / f.target as f64 * 100.0).min(100.0) };
    let finish = match (f.finish_in_minutes, f.finish_at_ms) {
        (Some(minutes), Some(at)) if in_browser => {
            td_string!(l, packing.line.finish_at, at = clock(at), minutes = minutes_words(l, minutes)).to_string()
        }
        (Some(minutes), _) => td_string!(l, packing.line.finish_in, minutes = minutes_words(l, minutes)).to_string(),
        _ if f.bags_done >= f.target && f.target > 0 => td_string!(l, packing.line.reached).to_string(),
        _ => td_string!(l, packing.line.no_finish).to_string(),
    };
    let slowest = match &f.slowest {
        Some(b) => view! {
            <p id="line-slowest" class="line-slowest">
                {td_string!(l, packing.line.slowest)} <strong>{b.name.clone()}</strong> " — " {b.words(l)}
            </p>
        }
        .into_any(),
        None => view! { <p id="line-slowest" class="line-slowest">{td_string!(l, packing.line.no_slowest)}</p> }.into_any(),
    };
    let rows = f.stations.iter().map(|s| station_row(l, s)).collect_view();
    let dispensing: Vec<&StationFigure> = f.stations.iter().filter(|s| s.kind == StationKind::Dispense).collect();
    let remaining = f.target.saturating_sub(f.bags_done);
    view! {
        <div class="line-top">
            <div class="line-count">
                <p id="line-bags" class="big-number">
                    <strong>{number(l, f.bags_done)}</strong>
                    <span class="of">{td_string!(l, packing.line.of_bags, n = number(l, f.target)).to_string()}</span>
                </p>
                <progress
                    id="line-progress"
                    max=f.target.max(1).to_string()
                    value=f.bags_done.min(f.target).to_string()
                    aria-label=td_string!(l, packing.line.progress)
                >
                    {format!("{share:.0}%")}
                </progress>
            </div>
            <p id="line-rate" class="line-rate"><strong>{decimal(l, f.per_minute, 1)}</strong> {td_string!(l, packing.line.rate)}</p>
            <p id="line-finish" class="line-finish">{finish}</p>
            {slowest}
        </div>
        <h2>{td_string!(l, packing.line.over_time)}</h2>
        {chart(l, &f.chart, f.target, in_browser)}
        {(!dispensing.is_empty()).then(|| view! {
            <h2>{td_string!(l, packing.line.stock_to_go)}</h2>
            <ul class="stock-bars">{dispensing.into_iter().map(|s| stock_bar(l, s, f.bags_done, remaining)).collect_view()}</ul>
        })}
        <h2 id="stations-heading">{td_string!(l, packing.line.stations)}</h2>
        <div class="grid-wrap" tabindex="0" role="region" aria-labelledby="stations-heading">
            <table class="line-table">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(l, packing.line.station)}</th>
                        <th scope="col">{td_string!(l, packing.line.item)}</th>
                        <th scope="col">{td_string!(l, packing.line.stock_left)}</th>
                        <th scope="col">{td_string!(l, packing.line.runs_out)}</th>
                        <th scope="col">{td_string!(l, packing.line.status)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn station_row(l: Locale, s: &StationFigure) -> impl IntoView + use<> {
    let folding = s.kind == StationKind::Fold;
    let stock = if folding { "—".to_string() } else { number(l, s.stock_left.max(0) as u64) };
    let runs_out = match s.runs_out_at_bag {
        Some(n) => td_string!(l, packing.line.at_bag, n = number(l, n)).to_string(),
        None if folding => "—".into(),
        None => td_string!(l, packing.line.not_before).into(),
    };
    view! {
        <tr class=format!("status-{}", s.status.label().to_lowercase().replace(' ', "-"))>
            <th scope="row">{s.name.clone()}</th>
            <td>{s.item.clone().unwrap_or_else(|| td_string!(l, packing.line.folding).into())}</td>
            <td>{stock}</td>
            <td>{runs_out}</td>
            <td>{s.status.label_in(l)}</td>
        </tr>
    }
}

const W: f64 = 600.0;
const H: f64 = 240.0;
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 12.0;
const RIGHT: f64 = 16.0;

/// Bags done over time, scaled into a fixed viewBox; the target is the top line.
fn chart(l: Locale, points: &[ChartPoint], target: u64, in_browser: bool) -> impl IntoView + use<> {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return view! { <p class="muted">{td_string!(l, packing.line.no_chart)}</p> }.into_any();
    };
    let top = target.max(last.bags).max(1) as f64;
    let span = (last.at_ms - first.at_ms).max(1) as f64;
    let x = |at: i64| LEFT + (at - first.at_ms) as f64 / span * (W - LEFT - RIGHT);
    let y = |bags: u64| H - BOTTOM - bags as f64 / top * (H - BOTTOM - TOP);
    let line: String = points.iter().map(|p| format!("{:.1},{:.1}", x(p.at_ms), y(p.bags))).collect::<Vec<_>>().join(" ");
    let start = if in_browser {
        td_string!(l, packing.line.start_at, at = clock(first.at_ms)).to_string()
    } else {
        td_string!(l, packing.line.start).to_string()
    };
    let label = td_string!(l, packing.line.chart_label, last = number(l, last.bags), target = number(l, target)).to_string();
    let target_y = format!("{:.1}", y(target));
    view! {
        <svg class="line-chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=label>
            <line class="axis" x1=LEFT.to_string() y1=(H - BOTTOM).to_string() x2=(W - RIGHT).to_string() y2=(H - BOTTOM).to_string()/>
            <line class="axis" x1=LEFT.to_string() y1=TOP.to_string() x2=LEFT.to_string() y2=(H - BOTTOM).to_string()/>
            <line class="target" x1=LEFT.to_string() y1=target_y.clone() x2=(W - RIGHT).to_string() y2=target_y.clone()/>
            <polyline class="bags" points=line/>
            <text x=(LEFT - 6.0).to_string() y=(H - BOTTOM).to_string() text-anchor="end">"0"</text>
            <text x=(LEFT - 6.0).to_string() y=target_y text-anchor="end" dominant-baseline="middle">{number(l, target)}</text>
            <text x=LEFT.to_string() y=(H - 6.0).to_string()>{start}</text>
            <text x=(W - RIGHT).to_string() y=(H - 6.0).to_string() text-anchor="end">{td_string!(l, packing.line.now)}</text>
        </svg>
    }
    .into_any()
}

/// A dispensing station's stock in bags it still fills, against the bags to go.
fn stock_bar(l: Locale, s: &StationFigure, bags_done: u64, remaining: u64) -> impl IntoView + use<> {
    let fills = match s.runs_out_at_bag {
        Some(n) => n.saturating_sub(bags_done).min(remaining),
        None => remaining,
    };
    let share = if remaining == 0 { 100.0 } else { fills as f64 / remaining as f64 * 100.0 };
    let words = if fills >= remaining {
        td_string!(l, packing.line.enough, n = number(l, remaining)).to_string()
    } else {
        td_string!(l, packing.line.stock_for, fills = number(l, fills), n = number(l, remaining)).to_string()
    };
    let item = s.item.clone().map(|i| format!(" ({i})")).unwrap_or_default();
    view! {
        <li class:short=fills < remaining>
            <span class="bar-label"><strong>{s.name.clone()}</strong>{item}": " {words}</span>
            <svg class="stock-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                <rect class="need" x="0" y="0" width="100" height="8"/>
                <rect class="have" x="0" y="0" width=format!("{share:.1}") height="8"/>
            </svg>
        </li>
    }
}

/// "42 min", "1 h 5 min".
fn minutes_words(l: Locale, minutes: f64) -> String {
    let m = minutes.ceil().max(1.0) as u64;
    if m < 60 {
        td_string!(l, packing.line.minutes, m = m).to_string()
    } else {
        td_string!(l, packing.line.hours, h = m / 60, m = m % 60).to_string()
    }
}

/// "14:35" in the viewer's zone (the browser's clock); only called in the browser.
fn clock(at_ms: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
        format!("{:02}:{:02}", at.get_hours(), at.get_minutes())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = at_ms;
        String::new()
    }
}

/// Follows the line's stream: each `line` event carries the figures. The browser reconnects
/// by itself after a network hiccup; once the island is gone, the next message closes it.
#[cfg(feature = "hydrate")]
fn follow(slug: &str, kiosk: Option<&str>, figures: RwSignal<LineFigures>, status: RwSignal<String>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    let query = kiosk.map(|k| format!("?kiosk={}", enc(k))).unwrap_or_default();
    let Ok(source) = web_sys::EventSource::new(&format!("/events/{}/packing/live{query}", enc(slug))) else { return };
    let closer = source.clone();
    let on_line = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(json) = event.data().as_string() else { return };
        let Ok(now) = serde_json::from_str::<LineFigures>(&json) else { return };
        if figures.try_set(now).is_some() {
            closer.close();
            return;
        }
        let at = js_sys::Date::new_0();
        let time = format!("{:02}:{:02}:{:02}", at.get_hours(), at.get_minutes(), at.get_seconds());
        status.try_set(td_string!(crate::locale::current(), packing.line.updated, at = time).to_string());
    });
    let on_error = Closure::<dyn Fn()>::new(move || {
        status.try_set(td_string!(crate::locale::current(), packing.line.reconnecting).to_string());
    });
    let _ = source.add_event_listener_with_callback("line", on_line.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    // The listeners live as long as the connection, which outlives this function.
    on_line.forget();
    on_error.forget();
}
