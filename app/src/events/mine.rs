//! "My events": where organizers land after signing in. Their drafts, published and past
//! events with each one's answers at a glance, and the events they help at (the door, the
//! packing line, conduct reports) with the way to their page.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

use super::model::{EventKind, EventStatus};
use crate::auth::model::EventRole;
use crate::error::AppError;
use crate::i18n::td_string;
use crate::locale;
use crate::ui::ErrorView;

/// One event on the page, as its viewer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEvent {
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    pub when: String,
    pub status: EventStatus,
    /// Places taken, parties waiting for a place, parties waiting for approval: organizers only.
    pub counts: Option<(i64, i64, i64)>,
    /// The helper's roles (empty for organizers, who reach everything from the event's page).
    pub helps_as: Vec<EventRole>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEvents {
    pub drafts: Vec<MyEvent>,
    pub published: Vec<MyEvent>,
    /// Most recent first.
    pub past: Vec<MyEvent>,
    /// Events not over yet where the caller has a role but does not organize.
    pub helping: Vec<MyEvent>,
}

/// The caller's events. Needs an account.
#[server(endpoint = "events/mine", input = GetUrl)]
pub async fn list_my_events() -> Result<MyEvents, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::my_events(&state.db, &actor, crate::locale::current()).await
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::{MyEvent, MyEvents};
    use crate::auth::model::EventRole;
    use crate::auth::service::Actor;
    use crate::db::{self, Db};
    use crate::error::AppResult;
    use crate::events::model::EventStatus;
    use crate::locale::Locale;

    /// The signed-in caller's events in the page's groups; only their own roles count (an
    /// administrator sees here what they organize, not every event).
    pub async fn my_events(db: &Db, actor: &Actor, locale: Locale) -> AppResult<MyEvents> {
        let user = actor.user()?;
        let now = db::now();
        let mut mine = MyEvents::default();
        for row in db::mine::events_of(db, user.id).await? {
            let roles: Vec<EventRole> = row.roles.split(',').filter_map(EventRole::parse).collect();
            let organizes = roles.iter().any(|r| matches!(r, EventRole::Owner | EventRole::CoOrganizer));
            let over = row.ends_at < now;
            if !organizes && over {
                continue;
            }
            let event = MyEvent {
                title: crate::locale::text_in(locale, &row.title, row.title_de.as_deref()).to_string(),
                when: crate::events::service::describe_span_in(locale, row.starts_at, row.ends_at, &row.time_zone),
                counts: organizes.then_some((row.going, row.waitlisted, row.pending)),
                helps_as: if organizes { Vec::new() } else { roles },
                slug: row.slug,
                kind: row.kind,
                status: row.status,
            };
            let group = if !organizes {
                &mut mine.helping
            } else if event.status == EventStatus::Draft {
                &mut mine.drafts
            } else if over {
                &mut mine.past
            } else {
                &mut mine.published
            };
            group.push(event);
        }
        mine.past.reverse();
        Ok(mine)
    }
}

/// `/my-events`. Signed out, the sign-in page instead.
#[component]
pub fn MyEventsPage() -> impl IntoView {
    let auth = expect_context::<crate::auth::ui::Auth>();
    let events = Resource::new(|| (), |_| list_my_events());
    let l = locale::current();
    view! {
        <Title text=td_string!(l, mine.title).to_string()/>
        <section class="my-events">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, mine.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        if auth.me.await.ok().flatten().is_none() {
                            // The server answers with the redirect; the link is for a page already in the browser.
                            #[cfg(feature = "ssr")]
                            leptos_axum::redirect("/sign-in");
                            return Ok::<_, AppError>(view! {
                                <p><a href="/sign-in">{td_string!(l, mine.sign_in)}</a></p>
                            }.into_any());
                        }
                        let groups = events.await?;
                        Ok(view! { <Groups groups/> }.into_any())
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn Groups(groups: MyEvents) -> impl IntoView {
    let l = locale::current();
    let MyEvents { drafts, published, past, helping } = groups;
    let nothing = drafts.is_empty() && published.is_empty() && past.is_empty();
    let (n_drafts, n_published, n_past, n_helping) = (drafts.len(), published.len(), past.len(), helping.len());
    let helping = (n_helping > 0).then(|| {
        view! { <Group id="helping" heading=td_string!(l, mine.helping, count = n_helping).to_string() events=helping/> }
    });
    view! {
        <h1>{td_string!(l, mine.title)}</h1>
        <p class="lead">{td_string!(l, mine.lead)}</p>
        <p><a class="button primary" href="/events/new">{td_string!(l, mine.new_event)}</a></p>
        {nothing.then(|| view! { <p class="muted">{td_string!(l, mine.nothing_yet)}</p> })}
        <Group id="drafts" heading=td_string!(l, mine.drafts, count = n_drafts).to_string() events=drafts/>
        <p class="muted">{td_string!(l, mine.drafts_hint)}</p>
        <Group id="published" heading=td_string!(l, mine.published, count = n_published).to_string() events=published/>
        <Group id="past" heading=td_string!(l, mine.past, count = n_past).to_string() events=past/>
        {helping}
    }
}

/// One heading and its events; "None." when there are none.
#[component]
fn Group(id: &'static str, heading: String, events: Vec<MyEvent>) -> impl IntoView {
    let l = locale::current();
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let body = if events.is_empty() {
        view! { <p class="muted">{td_string!(l, mine.none)}</p> }.into_any()
    } else {
        view! { <ul class="my-event-list">{events.into_iter().map(|event| view! { <Row event/> }).collect_view()}</ul> }.into_any()
    };
    view! {
        <section id=id aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading}</h2>
            {body}
        </section>
    }
}

#[component]
fn Row(event: MyEvent) -> impl IntoView {
    let l = locale::current();
    let base = format!("/events/{}", event.slug);
    let counts = event.counts.map(|(going, waitlisted, pending)| {
        let mut parts =
            vec![td_string!(l, mine.going, count = going).to_string(), td_string!(l, mine.waitlisted, count = waitlisted).to_string()];
        if pending > 0 {
            parts.push(td_string!(l, mine.pending, count = pending).to_string());
        }
        view! { <p class="counts"><span class="visually-hidden">{td_string!(l, mine.counts)} ": "</span>{parts.join(" · ")}</p> }
    });
    let tools = event
        .helps_as
        .iter()
        .filter_map(|role| match role {
            EventRole::CheckIn => Some((format!("{base}/check-in"), td_string!(l, mine.open_door).to_string())),
            EventRole::Packing => Some((format!("{base}/packing"), td_string!(l, mine.open_packing).to_string())),
            EventRole::ConductResponder => Some((format!("{base}/conduct/reports"), td_string!(l, mine.open_reports).to_string())),
            _ => None,
        })
        .map(|(href, label)| view! { " · " <a href=href>{label}</a> })
        .collect_view();
    view! {
        <li class="my-event">
            <a href=base.clone() class="my-event-title">{event.title}</a>
            {(event.status == EventStatus::Cancelled).then(|| view! { " " <span class="tag">{td_string!(l, mine.cancelled)}</span> })}
            <p class="muted">{event.kind.label_in(l)} " · " {event.when} {tools}</p>
            {counts}
        </li>
    }
}
