//! Event pages and components.

use leptos::prelude::*;

use super::api::list_upcoming_events;
use super::model::EventCard;
use crate::ui::ErrorView;

/// The list of upcoming public events, or a friendly word when there are none.
#[component]
pub fn UpcomingEvents() -> impl IntoView {
    let events = Resource::new(|| (), |_| list_upcoming_events());
    view! {
        <section class="upcoming" aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">"Upcoming events"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading events…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        events.await.map(|list| {
                            if list.is_empty() {
                                view! {
                                    <div class="empty-state">
                                        <p class="empty-title">"Nothing planned yet."</p>
                                        <p class="muted">
                                            "When an organizer publishes a BBQ, sprint, party or meetup, it shows up here."
                                        </p>
                                    </div>
                                }
                                    .into_any()
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

#[component]
fn EventCardView(event: EventCard) -> impl IntoView {
    let href = format!("/events/{}", event.slug);
    view! {
        <li class="event-card">
            <span class="event-kind">{event.kind.label()}</span>
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
