//! Pages that several modules fill: the event page (its facts, then the RSVP section) and the
//! editor (the event's forms, then its questions). They sit above every domain module, so each
//! module below stays unaware of those above it; the open space, the packing line and the
//! conduct reports add their sections here.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::ui::Auth;
use crate::events::api::{event_to_edit, get_event};
use crate::events::pages::{EventArticle, EventEditorEnd, EventEditorForms, slug_param};
use crate::i18n::td_string;
use crate::locale;
use crate::openspace::api::{open_space_exists, open_space_for_guest};
use crate::packing::api::packing_exists;
use crate::rsvp::api::rsvp_panel;
use crate::rsvp::sections::{QuestionsEditor, RsvpSection};
use crate::rsvp::ui::ManageRsvpPage;
use crate::ui::ErrorView;

/// What, when, where, how many places are left, and the RSVP form.
#[component]
pub fn EventPage() -> impl IntoView {
    let slug = slug_param();
    // A private event opens for the holder of a personal invitation link (`?invitation=…`).
    let query = leptos_router::hooks::use_query_map();
    let invitation = move || query.read().get("invitation");
    let event = Resource::new(move || (slug(), invitation()), |(slug, invitation)| get_event(slug, invitation));
    let panel = Resource::new(move || (slug(), invitation()), |(slug, invitation)| rsvp_panel(slug, invitation));
    let open_space = Resource::new(slug, open_space_exists);
    let packing = Resource::new(slug, packing_exists);
    let auth = expect_context::<Auth>();
    let l = locale::current();
    view! {
        <Suspense fallback=move || view! { <p class="muted">{td_string!(l, frame.loading)}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                {move || Suspend::new(async move {
                    let me = auth.me.await.ok().flatten();
                    let invitation = invitation();
                    let (event, panel) = (event.await?, panel.await?);
                    let open_space = open_space.await.unwrap_or(false).then(|| view! {
                        <p class="open-space-link"><a href=format!("/events/{}/open-space", event.slug)>{td_string!(l, event.open_space)}</a></p>
                    });
                    let packing = packing.await.unwrap_or(false).then(|| view! {
                        <p class="packing-link"><a href=format!("/events/{}/packing/volunteer", event.slug)>{td_string!(l, event.packing)}</a></p>
                    });
                    Ok::<_, crate::error::AppError>(view! {
                        <EventArticle event=event.clone()>
                            <crate::events::publish::PublishBanner event=event.clone()/>
                            <RsvpSection event=event.clone() panel=panel.clone() me=me.clone() invitation=invitation.clone()/>
                            {open_space}
                            {packing}
                            <p class="conduct-link">
                                <a href=format!("/events/{}/conduct", event.slug)>{td_string!(l, event.conduct)}</a>
                                " · "
                                <a href=format!("/events/{}/conduct/report", event.slug)>{td_string!(l, event.report)}</a>
                            </p>
                            <crate::events::team::TeamSection event=event.clone()/>
                        </EventArticle>
                    })
                })}
            </ErrorBoundary>
        </Suspense>
    }
}

/// The organizer's editor: the event's forms, its questions, then copying and cancelling.
#[component]
pub fn EditEventPage() -> impl IntoView {
    let slug = slug_param();
    let event = Resource::new(slug, event_to_edit);
    let panel = Resource::new(slug, |slug| rsvp_panel(slug, None));
    let l = locale::current();
    view! {
        <Title text=td_string!(l, editor.edit_title)/>
        <section class="narrow">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, frame.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        let event = event.await?;
                        let panel = panel.await?;
                        Ok::<_, crate::error::AppError>(view! {
                            <h1>{td_string!(l, editor.edit_heading, title = event.title.clone())}</h1>
                            <p><a href=format!("/events/{}", event.slug)>{td_string!(l, editor.back)}</a></p>
                            <EventEditorForms event=event.clone()/>
                            <QuestionsEditor event_id=event.id questions=panel.questions.clone()/>
                            <h2>{td_string!(l, editor.more)}</h2>
                            <ul class="more-links">
                                <li><a href=format!("/events/{}/open-space/setup", event.slug)>{td_string!(l, editor.more_open_space)}</a></li>
                                <li><a href=format!("/events/{}/packing", event.slug)>{td_string!(l, editor.more_packing)}</a></li>
                                <li><a href=format!("/events/{}/webhooks", event.slug)>{td_string!(l, editor.more_webhooks)}</a></li>
                                <li><a href=format!("/events/{}/conduct", event.slug)>{td_string!(l, editor.more_conduct)}</a></li>
                            </ul>
                            <EventEditorEnd event=event.clone()/>
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// A guest's personal page: their RSVP, then the way into the event's open space, if it has one.
#[component]
pub fn PersonalRsvpPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let open_space = Resource::new(token, open_space_for_guest);
    let l = locale::current();
    view! {
        <ManageRsvpPage/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                open_space.await.ok().flatten().map(|href| view! {
                    <section class="narrow open-space-link">
                        <h2>{td_string!(l, personal.open_space)}</h2>
                        <p><a href=href>{td_string!(l, personal.open_space_link)}</a></p>
                    </section>
                })
            })}
        </Suspense>
        <section class="narrow">
            <crate::privacy::GuestData token=token()/>
        </section>
    }
}

/// `/account`: the account's forms, then, signed in, its calendar feed and its data.
#[component]
pub fn AccountWithCalendar() -> impl IntoView {
    let auth = expect_context::<crate::auth::ui::Auth>();
    view! {
        <crate::auth::ui::AccountPage/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                auth.me.await.ok().flatten().map(|_| view! {
                    <crate::events::feeds::PersonalFeed/>
                    <crate::privacy::YourData/>
                })
            })}
        </Suspense>
    }
}
