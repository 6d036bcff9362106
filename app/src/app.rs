//! The document shell, the root component and the route table.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::auth::ui::{Auth, ConfirmEmailPage, LinkPage, SetupPage, SignInPage};
use crate::conduct::ui::{ConductCodePage, FollowUpPage, ReportFormPage, ReportSentPage};
use crate::conduct::{ReportPage, ReportsPage};
use crate::events::EventWebhooksPage;
use crate::events::pages::NewEventPage;
use crate::events::ui::{SeriesDatesPage, UpcomingEvents};
use crate::layout::Layout;
use crate::openspace::ui::{BoardPage, OpenSpaceAttendeePage, OpenSpaceSetupPage, SessionDetailPage};
use crate::packing::ui::{LeadsPage, LinePage, SponsorReportPage, StationPage, VolunteerSignUpPage};
use crate::pages::{AccountWithCalendar, EditEventPage, EventPage, PersonalRsvpPage};
use crate::rsvp::attendee_page::AttendeesPage;
use crate::rsvp::door_page::CheckInPage;
use crate::ui::NotFound;

/// The full HTML document, rendered on the server around `<App/>`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::security::apply_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang=crate::locale::code(crate::locale::current())>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="description" content="Festplan: events, RSVPs, open spaces and swag-bag packing for community events."/>
                <link rel="icon" href="/favicon.ico" sizes="32x32"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=format!("/pkg/{}.css", options.output_name)/>
                <IslandScript options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// This build's fingerprint of the app's sources (see `app/build.rs`); the bundle carries the same.
pub const BUILD_ID: &str = env!("FESTPLAN_BUILD_ID");

/// Loads the browser bundle on pages that have islands (`islands.js`). Leptos' own loader
/// would fetch the wasm on every page, and accept a bundle of another build.
#[component]
fn IslandScript(options: LeptosOptions) -> impl IntoView {
    // Outside islands the server renders static HTML: nothing of it is kept for hydration.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let bundle = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    let script = format!("{}({bundle:?}, {BUILD_ID:?});", include_str!("islands.js").trim_end());
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Auth::provide();
    crate::ui::notice::provide();
    view! {
        <Title formatter=crate::html::page_title/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    // Async: the event list is in the first HTML, not streamed in later.
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage/>
                    <Route path=path!("/auth/link") view=LinkPage/>
                    <Route path=path!("/auth/confirm-email") view=ConfirmEmailPage/>
                    <Route path=path!("/account") view=AccountWithCalendar ssr=SsrMode::Async/>
                    <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/my-events") view=crate::events::mine::MyEventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/new") view=NewEventPage/>
                    <Route path=path!("/events/:slug") view=EventPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/edit") view=EditEventPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/attendees") view=AttendeesPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/check-in") view=CheckInPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/open-space") view=OpenSpaceAttendeePage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/open-space/setup") view=OpenSpaceSetupPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/open-space/sessions/:id") view=SessionDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/board") view=BoardPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/packing") view=LeadsPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/packing/line") view=LinePage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/packing/stations/:id") view=StationPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/packing/volunteer") view=VolunteerSignUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/packing/report") view=SponsorReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/webhooks") view=EventWebhooksPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/conduct") view=ConductCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/conduct/report") view=ReportFormPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/conduct/sent") view=ReportSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/conduct/follow-up") view=FollowUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/conduct/reports") view=ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:slug/conduct/reports/:id") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/series/:slug") view=SeriesDatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/rsvp/:token") view=PersonalRsvpPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

#[component]
fn HomePage() -> impl IntoView {
    let l = crate::locale::current();
    view! {
        <Title text=""/>
        <section class="hero">
            <h1>"Festplan"</h1>
            <p class="lead">{crate::i18n::td_string!(l, home.lead)}</p>
        </section>
        <UpcomingEvents/>
    }
}
