//! Event pages and components.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{get_series, list_upcoming_events};
use super::model::{EventCard, EventKind};
use crate::i18n::td_string;
use crate::locale;
use crate::ui::ErrorView;

/// Upcoming public events with a filter by kind (`/?kind=bbq`), or a friendly word when there are none.
#[component]
pub fn UpcomingEvents() -> impl IntoView {
    let query = use_query_map();
    let kind = Memo::new(move |_| query.read().get("kind").and_then(|k| EventKind::parse(&k)));
    let events = Resource::new(move || kind.get(), list_upcoming_events);
    let l = locale::current();
    view! {
        <section class="upcoming" aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">{td_string!(l, home.upcoming)}</h2>
            <KindFilter selected=kind/>
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, home.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        events.await.map(|list| {
                            if list.is_empty() {
                                view! { <EmptyState kind=kind.get_untracked()/> }.into_any()
                            } else {
                                view! {
                                    <ul class="event-list">
                                        {list.into_iter().map(|event| view! { <EventCardView event/> }).collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// Links rather than buttons: the filter works before the wasm has loaded and can be bookmarked.
#[component]
fn KindFilter(selected: Memo<Option<EventKind>>) -> impl IntoView {
    let l = locale::current();
    let option = move |kind: Option<EventKind>, label: &'static str| {
        let href = kind.map_or_else(|| "/".to_string(), |k| format!("/?kind={}", k.as_str()));
        let current = move || (selected.get() == kind).then_some("true");
        view! {
            <li>
                <a href=href aria-current=current class="chip">
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <nav class="kind-filter" aria-label=td_string!(l, home.filter)>
            <ul>
                {option(None, td_string!(l, home.all))}
                {EventKind::ALL.into_iter().map(|k| option(Some(k), k.label_in(l))).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
fn EmptyState(kind: Option<EventKind>) -> impl IntoView {
    let l = locale::current();
    let title = match kind {
        Some(kind) => td_string!(l, home.nothing_of_kind, kind = kind.label_in(l)).to_string(),
        None => td_string!(l, home.nothing).to_string(),
    };
    view! {
        <div class="empty-state">
            <p class="empty-title">{title}</p>
            <p class="muted">{td_string!(l, home.appears_here)}</p>
        </div>
    }
}

#[component]
fn EventCardView(event: EventCard) -> impl IntoView {
    let href = format!("/events/{}", event.slug);
    view! {
        <li class="event-card">
            <span class="event-kind">{event.kind.label_in(locale::current())}</span>
            <h3>
                <a href=href>{event.title}</a>
            </h3>
            <p>
                <time datetime=event.starts_at_iso>{event.when}</time>
            </p>
            {(!event.venue.is_empty()).then(|| view! { <p class="muted">{event.venue}</p> })}
        </li>
    }
}

/// Every public date of a series (`/series/:slug`): the coming ones, then the past ones.
#[component]
pub fn SeriesDatesPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let series = Resource::new(slug, get_series);
    let list = |events: Vec<EventCard>| view! { <ul class="event-list">{events.into_iter().map(|event| view! { <EventCardView event/> }).collect_view()}</ul> };
    let l = locale::current();
    view! {
        <Suspense fallback=move || view! { <p class="muted">{td_string!(l, frame.loading)}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                {move || Suspend::new(async move {
                    series.await.map(|page| view! {
                        <Title text=page.title.clone()/>
                        <section class="series" aria-labelledby="series-heading">
                            <p class="event-kind">{td_string!(l, editor.series_label)}</p>
                            <h1 id="series-heading">{page.title}</h1>
                            <p><a href=format!("/series/{}/calendar.ics", slug())>{td_string!(l, editor.subscribe)}</a></p>
                            <h2>{td_string!(l, editor.coming_up)}</h2>
                            {if page.upcoming.is_empty() {
                                view! { <p class="muted">{td_string!(l, editor.no_date)}</p> }.into_any()
                            } else {
                                list(page.upcoming).into_any()
                            }}
                            {(!page.past.is_empty()).then(|| view! { <h2>{td_string!(l, editor.past)}</h2> {list(page.past)} })}
                        </section>
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}
