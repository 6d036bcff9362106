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
use crate::i18n::td_string;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

/// `/events/<slug>/packing`, for the line's leads.
#[component]
pub fn LeadsPage() -> impl IntoView {
    let slug = slug_param();
    let page = Resource::new(slug, get_packing_setup);
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, packing.leads.title)/>
        <section class="packing">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, packing.loading)}</p> }>
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
    let l = crate::locale::current();
    let title = td_string!(l, packing.line.title_of, event = &page.event_title).to_string();
    let Some(line) = page.line.clone() else {
        return view! {
            <Title text=title.clone()/>
            <h1>{td_string!(l, packing.line.heading)} {page.event_title.clone()}</h1>
            <nav class="os-links" aria-label=td_string!(l, packing.nav_label)>
                <a href=base>{td_string!(l, packing.back_to_event)}</a>
            </nav>
            <LineForm event_id=page.event_id line=None/>
        }
        .into_any();
    };
    view! {
        <Title text=title/>
        <h1>{td_string!(l, packing.line.heading)} {page.event_title.clone()}</h1>
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
    let l = crate::locale::current();
    view! {
        <nav class="os-links" aria-label=td_string!(l, packing.nav_label)>
            <a href=base.clone()>{td_string!(l, packing.back_to_event)}</a>
            <a href=format!("{base}/packing/line")>{td_string!(l, packing.leads.live)}</a>
            <a href=format!("{base}/packing/volunteer")>{td_string!(l, packing.leads.signup)}</a>
            <a href=format!("{base}/packing/report")>{td_string!(l, packing.leads.report)}</a>
        </nav>
        <nav class="os-links" aria-label=td_string!(l, packing.leads.downloads)>
            <a href=format!("{base}/packing/stations.csv") download="" rel="external">{td_string!(l, packing.leads.stations_csv)}</a>
            <a href=format!("{base}/packing/shipments.csv") download="" rel="external">{td_string!(l, packing.leads.shipments_csv)}</a>
            <a href=format!("{base}/packing/volunteers.csv") download="" rel="external">{td_string!(l, packing.leads.volunteers_csv)}</a>
        </nav>
        <div class="stack narrow">
            <label for="kiosk-link">{td_string!(l, packing.leads.kiosk)}</label>
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
    let l = crate::locale::current();
    let set_up = td_string!(l, packing.leads.set_up);
    view! {
        <section aria-labelledby="line-heading">
            <h2 id="line-heading">{if new { set_up } else { td_string!(l, packing.leads.the_line) }}</h2>
            <Enhance><ActionForm action=save attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="line-target">{td_string!(l, packing.leads.target)}</label>
                <input id="line-target" name="bag_target" inputmode="numeric" required value=target/>
                <label for="line-tables">{td_string!(l, packing.leads.tables)}</label>
                <input id="line-tables" name="tables" maxlength="200" value=tables placeholder=td_string!(l, packing.leads.tables_example)/>
                <FormError result=save.value()/>
                <FormNotice action=SavePackingLine::PATH/>
                <button type="submit" class="primary">{if new { set_up } else { td_string!(l, packing.leads.save_line) }}</button>
            </ActionForm></Enhance>
        </section>
    }
}

/// Items that will not stretch to the target, items never shipped, sponsors who sent nothing.
#[component]
fn Stock(page: PackingSetup) -> impl IntoView {
    let l = crate::locale::current();
    let part = |id: &'static str, heading: &'static str, lines: Vec<String>| {
        view! {
            <h3 id=id>{heading}</h3>
            {if lines.is_empty() {
                view! { <p class="muted">{td_string!(l, packing.leads.none)}</p> }.into_any()
            } else {
                view! { <ul class="stock-list" aria-labelledby=id>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul> }
                    .into_any()
            }}
        }
    };
    view! {
        <section aria-labelledby="stock-heading">
            <h2 id="stock-heading">{td_string!(l, packing.leads.stock)}</h2>
            {part("short-heading", td_string!(l, packing.leads.short), page.short)}
            {part("missing-heading", td_string!(l, packing.leads.missing), page.missing)}
            {part("not-shipped-heading", td_string!(l, packing.leads.not_shipped), page.not_shipped)}
        </section>
    }
}
