//! The wall screen and the dot counts that follow the open space live. Both islands listen to
//! `/events/<slug>/open-space/live` and read the data again on each announcement; they are in
//! the staff bundle, as the attendee list's counts are.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::open_space_board;
use super::model::Board;
use super::parts::dots_words;
use crate::events::pages::slug_param;
use crate::i18n::td_string;
use crate::ui::{ErrorView, IslandBundle};

/// `/events/<slug>/board`, for a screen in the hall; `?kiosk=…` opens a private event's board.
#[component]
pub fn BoardPage() -> impl IntoView {
    let slug = slug_param();
    let query = use_query_map();
    let kiosk = move || query.read().get("kiosk");
    let board = Resource::new(move || (slug(), kiosk()), |(slug, kiosk)| open_space_board(slug, kiosk));
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, openspace.board)/>
        <IslandBundle name="openspace"/>
        <section class="board">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, openspace.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        let kiosk = kiosk();
                        board.await.map(|board| view! {
                            <Title text=td_string!(l, openspace.board_of, event = &board.event_title).to_string()/>
                            <h1>{board.event_title.clone()}</h1>
                            <LiveBoard board kiosk/>
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// Now, next, and the whole grid, redrawn whenever the open space changes.
#[cfg_attr(any(feature = "ssr", feature = "openspace"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "openspace")), component)]
fn LiveBoard(board: Board, kiosk: Option<String>) -> impl IntoView {
    let l = crate::locale::current();
    let final_words =
        move |locked: bool| if locked { td_string!(l, openspace.phase.is_final) } else { td_string!(l, openspace.phase.may_change) };
    let status = RwSignal::new(final_words(board.locked).to_string());
    let board = RwSignal::new(board);
    #[cfg(feature = "hydrate")]
    {
        let slug = board.with_untracked(|b| b.slug.clone());
        Effect::new(move |_| {
            let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
            let key = kiosk.as_deref().map(|k| format!("kiosk={}", enc(k)));
            let live = format!("/events/{}/open-space/live{}", enc(&slug), key.as_ref().map(|k| format!("?{k}")).unwrap_or_default());
            let url = format!(
                "{}?slug={}{}",
                <super::api::OpenSpaceBoard as server_fn::ServerFn>::PATH,
                enc(&slug),
                key.as_ref().map(|k| format!("&{k}")).unwrap_or_default()
            );
            follow(&live, status, move || {
                let url = url.clone();
                leptos::task::spawn_local(async move {
                    if let Some(now) = read::<Board>(&url).await {
                        let words = final_words(now.locked);
                        board.try_set(now);
                        status.try_set(td_string!(l, openspace.phase.updated, words = words, at = clock()).to_string());
                    }
                });
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &kiosk;
    view! {
        <p class="board-status" aria-live="polite">{move || status.get()}</p>
        {move || board.with(board_view)}
    }
}

fn board_view(b: &Board) -> impl IntoView + use<> {
    let l = crate::locale::current();
    let part = |heading: &'static str, slot_id: Option<i64>| {
        let slot = slot_id.and_then(|id| b.slots.iter().find(|s| s.id == id));
        let items: Vec<_> = slot
            .map(|slot| {
                b.rooms
                    .iter()
                    .filter_map(|room| {
                        b.session_in(slot.id, room.id).map(|s| (room.name.clone(), s.title.clone(), s.facilitators.join(", ")))
                    })
                    .collect()
            })
            .unwrap_or_default();
        view! {
            <div class="board-part">
                <h2>{heading} {slot.map(|s| format!(" · {}", s.time))}</h2>
                {if items.is_empty() {
                    view! { <p class="muted">"—"</p> }.into_any()
                } else {
                    view! {
                        <ul class="board-now">
                            {items.into_iter().map(|(room, title, who)| view! {
                                <li><span class="room">{room}</span>" " <strong>{title}</strong>" " <span class="muted">{who}</span></li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            </div>
        }
    };
    let header = b.rooms.iter().map(|r| view! { <th scope="col">{r.name.clone()}</th> }).collect_view();
    let rows = b
        .slots
        .iter()
        .map(|slot| {
            let now = Some(slot.id) == b.now_slot;
            let cells = b
                .rooms
                .iter()
                .map(|room| {
                    let content = if let Some(s) = b.session_in(slot.id, room.id) {
                        view! {
                            <strong>{s.title.clone()}</strong>
                            <span class="who">{s.facilitators.join(", ")}</span>
                            <span class="dots">{dots_words(l, s.dots)}</span>
                        }
                        .into_any()
                    } else if let Some(blocked) = b.blocked.iter().find(|c| c.slot_id == slot.id && c.room_id == room.id) {
                        view! { <span class="kept-free">{blocked.label.clone()}</span> }.into_any()
                    } else {
                        ().into_any()
                    };
                    view! { <td>{content}</td> }
                })
                .collect_view();
            view! {
                <tr class:now=now>
                    <th scope="row">{slot.day.clone()}<br/>{slot.time.clone()}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="board-now-next">
            {part(td_string!(l, openspace.now), b.now_slot)}
            {part(td_string!(l, openspace.next), b.next_slot)}
        </div>
        <div class="grid-wrap" tabindex="0" role="region" aria-label=td_string!(l, openspace.board_grid_label)>
            <table class="os-grid board-grid">
                <thead><tr><th scope="col">{td_string!(l, openspace.time)}</th>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Keeps every `[data-dots-for]` and `[data-voters-for]` count on the page current.
#[cfg_attr(any(feature = "ssr", feature = "openspace"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "openspace")), component)]
pub fn LiveTallies(slug: String) -> impl IntoView {
    let l = crate::locale::current();
    let status = RwSignal::new(td_string!(l, openspace.live_dots).to_string());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
        let live = format!("/events/{}/open-space/live", enc(&slug));
        let url = format!("{}?slug={}", <super::api::GetOpenSpace as server_fn::ServerFn>::PATH, enc(&slug));
        follow(&live, status, move || {
            let url = url.clone();
            leptos::task::spawn_local(async move {
                if let Some(page) = read::<super::model::OpenSpacePage>(&url).await {
                    for s in &page.sessions {
                        set_text(&format!("[data-dots-for=\"{}\"]", s.id), &s.dots.to_string());
                        set_text(&format!("[data-voters-for=\"{}\"]", s.id), &s.voters.to_string());
                    }
                    status.try_set(td_string!(l, openspace.live_dots_updated, at = clock()).to_string());
                }
            });
        });
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = &slug;
    view! { <p class="muted live-status" aria-live="polite">{move || status.get()}</p> }
}

/// Calls `refresh` on each announcement of the stream at `live`. The browser reconnects by
/// itself after a network hiccup; once the island is gone (`status` disposed), the next
/// message closes the stream.
#[cfg(feature = "hydrate")]
fn follow(live: &str, status: RwSignal<String>, refresh: impl Fn() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new(live) else { return };
    let closer = source.clone();
    let on_change = Closure::<dyn Fn()>::new(move || {
        if status.try_get_untracked().is_none() {
            closer.close();
            return;
        }
        refresh();
    });
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    // The listener lives as long as the connection, which outlives this function.
    on_change.forget();
}

/// A GET server function's answer, or `None` when it failed (the next change tries again).
#[cfg(feature = "hydrate")]
async fn read<T: serde::de::DeserializeOwned>(url: &str) -> Option<T> {
    crate::browser::get(url).await.ok().and_then(|reply| serde_json::from_str(&reply.body).ok())
}

#[cfg(feature = "hydrate")]
fn set_text(selector: &str, text: &str) {
    let Ok(nodes) = document().query_selector_all(selector) else { return };
    for i in 0..nodes.length() {
        if let Some(node) = nodes.item(i) {
            node.set_text_content(Some(text));
        }
    }
}

/// "10:42", the browser's local time.
#[cfg(feature = "hydrate")]
fn clock() -> String {
    let now = js_sys::Date::new_0();
    format!("{:02}:{:02}", now.get_hours(), now.get_minutes())
}
