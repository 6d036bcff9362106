//! The volunteers' sign-up, shift by shift, and the sponsors' report after the day.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn as _;

use super::api::{SignUpToPack, packing_report, packing_volunteer};
use super::model::thousands;
use super::views::{ShiftView, SponsorReport, VolunteerPage};
use crate::events::pages::slug_param;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

/// `/events/<slug>/packing/volunteer`: for whoever may see the event, with or without an account.
#[component]
pub fn VolunteerSignUpPage() -> impl IntoView {
    let slug = slug_param();
    let page = Resource::new(slug, packing_volunteer);
    view! {
        <Title text="Help pack the bags"/>
        <section class="packing">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move { page.await.map(|page| view! { <VolunteerView page/> }) })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn VolunteerView(page: VolunteerPage) -> impl IntoView {
    let shifts = page.shifts.iter().map(|shift| view! { <ShiftCard shift=shift.clone() page=page.clone()/> }).collect_view();
    view! {
        <Title text=format!("Help pack the bags: {}", page.event_title)/>
        <h1>"Help pack the bags: " {page.event_title.clone()}</h1>
        <nav class="os-links" aria-label="Packing line">
            <a href=format!("/events/{}", page.slug)>"Back to the event"</a>
        </nav>
        <p>"Pick a shift and what you would like to do. We mail you the details, and the link to your station's screen."</p>
        <FormNotice action=SignUpToPack::PATH/>
        {if page.shifts.is_empty() {
            view! { <p class="muted">"No shifts yet: come back soon."</p> }.into_any()
        } else {
            view! { <ul class="shift-list">{shifts}</ul> }.into_any()
        }}
    }
}

#[component]
fn ShiftCard(shift: ShiftView, page: VolunteerPage) -> impl IntoView {
    let sign_up = ServerAction::<SignUpToPack>::new();
    let id = shift.id;
    let field = move |name: &str| format!("{name}-{id}");
    let heading = field("shift");
    let who = if shift.volunteers.is_empty() {
        view! { <p class="muted">"Nobody has signed up yet."</p> }.into_any()
    } else {
        view! { <ul>{shift.volunteers.iter().map(|v| view! { <li>{format!("{}, {}", v.name, v.job)}</li> }).collect_view()}</ul> }
            .into_any()
    };
    let stations = page.stations.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view();
    view! {
        <li class="shift-card">
            <h2 id=heading.clone()>{shift.when.clone()}</h2>
            <p>{format!("{} needed, {} signed up.", shift.needed, shift.volunteers.len())}</p>
            {who}
            <Enhance><ActionForm action=sign_up attr:class="stack narrow" attr:aria-labelledby=heading>
                <input type="hidden" name="shift_id" value=id.to_string()/>
                <label for=field("job")>"What you would like to do"</label>
                <select id=field("job") name="job">
                    <option value="station">"At a station"</option>
                    <option value="walker">"Walking bags"</option>
                    <option value="folder">"Folding and stacking"</option>
                </select>
                <label for=field("station")>"Station (when at a station)"</label>
                <select id=field("station") name="station_id">
                    <option value="">"No station"</option>
                    {stations}
                </select>
                <label for=field("name")>"Your name"</label>
                <input id=field("name") name="name" required maxlength="80" autocomplete="name" value=page.name.clone()/>
                <label for=field("email")>"Your email address"</label>
                <input id=field("email") name="email" type="email" required autocomplete="email" value=page.email.clone()/>
                <FormError result=sign_up.value()/>
                <button type="submit" class="primary">{format!("Sign up for {}", shift.when)}</button>
            </ActionForm></Enhance>
        </li>
    }
}

/// `/events/<slug>/packing/report`: per sponsor, what went into the bags.
#[component]
pub fn SponsorReportPage() -> impl IntoView {
    let slug = slug_param();
    let report = Resource::new(slug, packing_report);
    view! {
        <Title text="Sponsor report"/>
        <section class="packing">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        let slug = slug();
                        report.await.map(|report| view! { <ReportView report slug/> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn ReportView(report: SponsorReport, slug: String) -> impl IntoView {
    let sponsors = report
        .sponsors
        .iter()
        .map(|(sponsor, lines)| {
            view! {
                <section class="report-sponsor">
                    <h2>{sponsor.clone()}</h2>
                    <ul>{lines.iter().map(|l| view! { <li>{sentence(l)}</li> }).collect_view()}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("Sponsor report: {}", report.event_title)/>
        <h1>"Sponsor report: " {report.event_title.clone()}</h1>
        <nav class="os-links" aria-label="Packing line">
            <a href=format!("/events/{slug}/packing")>"Back to the packing line"</a>
        </nav>
        <p id="report-bags" class="status-line">{format!("Bags done: {}", thousands(report.bags_done))}</p>
        {if report.sponsors.is_empty() {
            view! { <p class="muted">"No sponsor items on this line."</p> }.into_any()
        } else {
            sponsors.into_any()
        }}
    }
}

/// "your 3,000 flyers went …" as a sentence: "Your 3,000 flyers went ….".
fn sentence(line: &str) -> String {
    let mut chars = line.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
