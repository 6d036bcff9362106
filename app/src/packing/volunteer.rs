//! The volunteers' sign-up, shift by shift, and the sponsors' report after the day.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn as _;

use super::api::{SignUpToPack, packing_report, packing_volunteer};
use super::views::{ShiftView, SponsorReport, VolunteerPage};
use crate::events::pages::slug_param;
use crate::i18n::td_string;
use crate::locale::number;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

/// `/events/<slug>/packing/volunteer`: for whoever may see the event, with or without an account.
#[component]
pub fn VolunteerSignUpPage() -> impl IntoView {
    let slug = slug_param();
    let page = Resource::new(slug, packing_volunteer);
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, packing.volunteer.title)/>
        <section class="packing">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, packing.loading)}</p> }>
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
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, packing.volunteer.title_of, event = &page.event_title).to_string()/>
        <h1>{td_string!(l, packing.volunteer.heading)} {page.event_title.clone()}</h1>
        <nav class="os-links" aria-label=td_string!(l, packing.nav_label)>
            <a href=format!("/events/{}", page.slug)>{td_string!(l, packing.back_to_event)}</a>
        </nav>
        <p>{td_string!(l, packing.volunteer.intro)}</p>
        <FormNotice action=SignUpToPack::PATH/>
        {if page.shifts.is_empty() {
            view! { <p class="muted">{td_string!(l, packing.volunteer.no_shifts)}</p> }.into_any()
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
    let l = crate::locale::current();
    let who = if shift.volunteers.is_empty() {
        view! { <p class="muted">{td_string!(l, packing.volunteer.nobody)}</p> }.into_any()
    } else {
        view! { <ul>{shift.volunteers.iter().map(|v| view! { <li>{format!("{}, {}", v.name, v.job)}</li> }).collect_view()}</ul> }
            .into_any()
    };
    let stations = page.stations.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view();
    view! {
        <li class="shift-card">
            <h2 id=heading.clone()>{shift.when.clone()}</h2>
            <p>{td_string!(l, packing.volunteer.needed, needed = shift.needed, signed = shift.volunteers.len()).to_string()}</p>
            {who}
            <Enhance><ActionForm action=sign_up attr:class="stack narrow" attr:aria-labelledby=heading>
                <input type="hidden" name="shift_id" value=id.to_string()/>
                <label for=field("job")>{td_string!(l, packing.volunteer.job)}</label>
                <select id=field("job") name="job">
                    <option value="station">{td_string!(l, packing.volunteer.at_station)}</option>
                    <option value="walker">{td_string!(l, packing.volunteer.walking)}</option>
                    <option value="folder">{td_string!(l, packing.volunteer.folding)}</option>
                </select>
                <label for=field("station")>{td_string!(l, packing.volunteer.station)}</label>
                <select id=field("station") name="station_id">
                    <option value="">{td_string!(l, packing.volunteer.no_station)}</option>
                    {stations}
                </select>
                <label for=field("name")>{td_string!(l, packing.volunteer.name)}</label>
                <input id=field("name") name="name" required maxlength="80" autocomplete="name" value=page.name.clone()/>
                <label for=field("email")>{td_string!(l, packing.volunteer.email)}</label>
                <input id=field("email") name="email" type="email" required autocomplete="email" value=page.email.clone()/>
                <FormError result=sign_up.value()/>
                <button type="submit" class="primary">{td_string!(l, packing.volunteer.sign_up, when = &shift.when).to_string()}</button>
            </ActionForm></Enhance>
        </li>
    }
}

/// `/events/<slug>/packing/report`: per sponsor, what went into the bags.
#[component]
pub fn SponsorReportPage() -> impl IntoView {
    let slug = slug_param();
    let report = Resource::new(slug, packing_report);
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, packing.report.title)/>
        <section class="packing">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, packing.loading)}</p> }>
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
    let l = crate::locale::current();
    let sponsors = report
        .sponsors
        .iter()
        .map(|(sponsor, lines)| {
            view! {
                <section class="report-sponsor">
                    <h2>{sponsor.clone()}</h2>
                    <ul>{lines.iter().map(|line| view! { <li>{sentence(line)}</li> }).collect_view()}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=td_string!(l, packing.report.title_of, event = &report.event_title).to_string()/>
        <h1>{td_string!(l, packing.report.heading)} {report.event_title.clone()}</h1>
        <nav class="os-links" aria-label=td_string!(l, packing.nav_label)>
            <a href=format!("/events/{slug}/packing")>{td_string!(l, packing.report.back)}</a>
        </nav>
        <p id="report-bags" class="status-line">{td_string!(l, packing.report.bags_done, n = number(l, report.bags_done)).to_string()}</p>
        {if report.sponsors.is_empty() {
            view! { <p class="muted">{td_string!(l, packing.report.no_items)}</p> }.into_any()
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
