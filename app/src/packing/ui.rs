//! The packing line's pages. The leads' page is here: the line's settings, the links to share,
//! and the stock against the target; its lists and forms are in `leads`.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn as _;

use super::api::{SavePackingLine, get_packing_setup};
use super::leads::{CheckIn, Items, Shifts, Sponsors, Stations};
pub use super::line_page::LinePage;
pub use super::station::StationPage;
use super::views::{LineSettings, PackingSetup};
pub use super::volunteer::{SponsorReportPage, VolunteerSignUpPage};
use crate::events::pages::slug_param;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

/// `/events/<slug>/packing`, for the line's leads.
#[component]
pub fn LeadsPage() -> impl IntoView {
    let slug = slug_param();
    let page = Resource::new(slug, get_packing_setup);
    view! {
        <Title text="Packing line"/>
        <section class="packing">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move { page.await.map(|page| view! { <LeadsView page/> }) })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn LeadsView(page: PackingSetup) -> impl IntoView {
    let base = format!("/events/{}", page.slug);
    let Some(line) = page.line.clone() else {
        return view! {
            <Title text=format!("Packing line: {}", page.event_title)/>
            <h1>"Packing line: " {page.event_title.clone()}</h1>
            <nav class="os-links" aria-label="Packing line">
                <a href=base>"Back to the event"</a>
            </nav>
            <LineForm event_id=page.event_id line=None/>
        }
        .into_any();
    };
    view! {
        <Title text=format!("Packing line: {}", page.event_title)/>
        <h1>"Packing line: " {page.event_title.clone()}</h1>
        <Links page=page.clone()/>
        <LineForm event_id=page.event_id line=Some(line)/>
        <Stock page=page.clone()/>
        <Sponsors page=page.clone()/>
        <Items page=page.clone()/>
        <CheckIn page=page.clone()/>
        <Stations page=page.clone()/>
        <Shifts page=page.clone()/>
    }
    .into_any()
}

/// The pages to open or share, and the files to download.
#[component]
fn Links(page: PackingSetup) -> impl IntoView {
    let base = format!("/events/{}", page.slug);
    view! {
        <nav class="os-links" aria-label="Packing line">
            <a href=base.clone()>"Back to the event"</a>
            <a href=format!("{base}/packing/line")>"The live line"</a>
            <a href=format!("{base}/packing/volunteer")>"Volunteer sign-up"</a>
            <a href=format!("{base}/packing/report")>"Sponsor report"</a>
        </nav>
        <nav class="os-links" aria-label="Downloads">
            <a href=format!("{base}/packing/stations.csv") download="" rel="external">"Stations as CSV"</a>
            <a href=format!("{base}/packing/shipments.csv") download="" rel="external">"Shipments as CSV"</a>
            <a href=format!("{base}/packing/volunteers.csv") download="" rel="external">"Volunteers as CSV"</a>
        </nav>
        <div class="stack narrow">
            <label for="kiosk-link">"The live line's address for a wall screen nobody signs in on (read-only key)"</label>
            <input id="kiosk-link" readonly value=page.kiosk_path.clone()/>
        </div>
    }
}

/// Sets the line up, or changes its target and tables.
#[component]
fn LineForm(event_id: i64, line: Option<LineSettings>) -> impl IntoView {
    let save = ServerAction::<SavePackingLine>::new();
    let new = line.is_none();
    let (target, tables) = line.map(|l| (l.bag_target.to_string(), l.tables)).unwrap_or_default();
    view! {
        <section aria-labelledby="line-heading">
            <h2 id="line-heading">{if new { "Set up the packing line" } else { "The line" }}</h2>
            <Enhance><ActionForm action=save attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="line-target">"Bags to pack"</label>
                <input id="line-target" name="bag_target" inputmode="numeric" required value=target/>
                <label for="line-tables">"Where the tables stand (optional)"</label>
                <input id="line-tables" name="tables" maxlength="200" value=tables placeholder="e.g. two long tables in hall B"/>
                <FormError result=save.value()/>
                <FormNotice action=SavePackingLine::PATH/>
                <button type="submit" class="primary">{if new { "Set up the packing line" } else { "Save the line" }}</button>
            </ActionForm></Enhance>
        </section>
    }
}

/// Items that will not stretch to the target, items never shipped, sponsors who sent nothing.
#[component]
fn Stock(page: PackingSetup) -> impl IntoView {
    let part = |id: &'static str, heading: &'static str, lines: Vec<String>| {
        view! {
            <h3 id=id>{heading}</h3>
            {if lines.is_empty() {
                view! { <p class="muted">"None."</p> }.into_any()
            } else {
                view! { <ul class="stock-list" aria-labelledby=id>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }
                    .into_any()
            }}
        }
    };
    view! {
        <section aria-labelledby="stock-heading">
            <h2 id="stock-heading">"Stock against the target"</h2>
            {part("short-heading", "Short of the target", page.short)}
            {part("missing-heading", "Nothing shipped yet", page.missing)}
            {part("not-shipped-heading", "Sponsors who have not shipped", page.not_shipped)}
        </section>
    }
}
