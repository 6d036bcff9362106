//! The responders' pages: the event's reports, urgent first, and one report with its
//! timeline, the forms to move it on, reply, note, act and recuse, and its read log.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn as _;

use super::api::{ActOnConductReport, RecuseFromConductReport, StepConductReport, WriteOnConductReport, conduct_report, conduct_reports};
use super::model::{ReportDetail, ReportList};
use crate::events::pages::slug_param;
use crate::html::TextArea;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

/// `/events/<slug>/conduct/reports`
#[component]
pub fn ReportsPage() -> impl IntoView {
    let slug = slug_param();
    let list = Resource::new(slug, conduct_reports);
    view! {
        <Title text="Reports"/>
        <section class="conduct">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move { list.await.map(|list| view! { <ListView list/> }) })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn ListView(list: ReportList) -> impl IntoView {
    let slug = list.slug.clone();
    let rows = list
        .reports
        .iter()
        .map(|r| {
            let label = format!("Report {} · sent {}", r.id, r.sent);
            let body = if r.recused {
                view! { <span>{label}" · you are recused from this report"</span> }.into_any()
            } else {
                view! { <a href=format!("/events/{slug}/conduct/reports/{}", r.id)>{label}</a>" · "{r.status.label()} }.into_any()
            };
            view! { <li class:urgent=r.urgent>{r.urgent.then(|| view! { <strong>"Urgent: "</strong> })}{body}</li> }
        })
        .collect_view();
    view! {
        <Title text=format!("Reports: {}", list.event_title)/>
        <h1>"Code-of-conduct reports: " {list.event_title.clone()}</h1>
        <nav class="os-links" aria-label="Reports">
            <a href=format!("/events/{}/conduct", list.slug)>"The code of conduct"</a>
        </nav>
        {if list.reports.is_empty() {
            view! { <p class="muted">"No reports."</p> }.into_any()
        } else {
            view! { <ul class="report-list">{rows}</ul> }.into_any()
        }}
    }
}

/// `/events/<slug>/conduct/reports/<id>`
#[component]
pub fn ReportPage() -> impl IntoView {
    let slug = slug_param();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let report = Resource::new(move || (slug(), id()), |(slug, id)| conduct_report(slug, id));
    view! {
        <Title text="Report"/>
        <section class="conduct">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move { report.await.map(|report| view! { <ReportView report/> }) })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn ReportView(report: ReportDetail) -> impl IntoView {
    let r = &report.report;
    let fact = |term: &'static str, text: &str| {
        (!text.is_empty()).then(|| view! { <dt>{term}</dt><dd class="entry-text">{text.to_string()}</dd> })
    };
    let contact = match r.contact {
        super::model::ContactWay::Email => format!("By email: {}", r.email),
        super::model::ContactWay::Phone => format!("By phone: {}", r.phone),
        super::model::ContactWay::None => "Not to be contacted: replies are read with the follow-up code.".into(),
    };
    let entries = report
        .entries
        .iter()
        .map(|e| view! { <li class="entry"><p class="muted">{format!("{} · {} · {}", e.when, e.who, e.kind)}</p>{(!e.text.is_empty()).then(|| view! { <p class="entry-text">{e.text.clone()}</p> })}</li> })
        .collect_view();
    let reads = report.reads.iter().map(|r| view! { <li>{format!("{} · {} · {}", r.when, r.who, r.what)}</li> }).collect_view();
    view! {
        <Title text=format!("Report {}: {}", report.id, report.event_title)/>
        <p><a href=format!("/events/{}/conduct/reports", report.slug)>"All reports"</a></p>
        <h1>{format!("Report {}", report.id)}</h1>
        <p id="report-status" class="status-line">
            {report.urgent.then_some("Urgent: someone was in danger. ")}{format!("Sent {}. Status: {}.", report.sent, report.status.label())}
        </p>
        <dl class="facts">
            {fact("What happened", &r.what)}
            {fact("When and where", &r.when_where)}
            {fact("Who was involved", &r.involved)}
            {fact("Witnesses", &r.witnesses)}
            {fact("Reporter", &r.name)}
            <dt>"Contact"</dt>
            <dd>{contact}</dd>
        </dl>
        <p><a href=format!("/events/{}/conduct/reports/{}/export.txt", report.slug, report.id)>"Export for the record (logged)"</a></p>
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">"Timeline"</h2>
            {if report.entries.is_empty() { view! { <p class="muted">"Nothing yet."</p> }.into_any() } else { view! { <ul class="timeline">{entries}</ul> }.into_any() }}
        </section>
        <Respond report=report.clone()/>
        <section aria-labelledby="reads-heading">
            <h2 id="reads-heading">"Read log"</h2>
            <ul class="read-log">{reads}</ul>
        </section>
    }
}

#[component]
fn Respond(report: ReportDetail) -> impl IntoView {
    let step = ServerAction::<StepConductReport>::new();
    let write = ServerAction::<WriteOnConductReport>::new();
    let act = ServerAction::<ActOnConductReport>::new();
    let recuse = ServerAction::<RecuseFromConductReport>::new();
    let id = report.id.to_string();
    let (id2, id3) = (id.clone(), id.clone());
    // One form per step: a plain form sends only its own fields, not which button was pressed.
    let steps = report
        .status
        .next()
        .iter()
        .map(|&s| {
            view! {
                <Enhance><ActionForm action=step attr:class="inline">
                    <input type="hidden" name="report_id" value=report.id.to_string()/>
                    <input type="hidden" name="status" value=s.as_str()/>
                    <button type="submit">{format!("Mark {}", s.as_str())}</button>
                </ActionForm></Enhance>
            }
        })
        .collect_view();
    let responders =
        report.recusable.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view();
    view! {
        {(!report.status.next().is_empty()).then(|| view! {
            <div class="os-links" role="group" aria-label="Move the report on">{steps}</div>
            <FormError result=step.value()/>
        })}
        <section aria-labelledby="write-heading">
            <h2 id="write-heading">"Reply or note"</h2>
            <FormNotice action=WriteOnConductReport::PATH/>
            <Enhance><ActionForm action=write attr:class="stack">
                <input type="hidden" name="report_id" value=id2/>
                <label for="write-text">"Text"</label>
                <TextArea id="write-text" name="text" rows=4 required=true maxlength=10_000/>
                <div class="choice">
                    <input type="checkbox" id="write-internal" name="internal" value="1"/>
                    <label for="write-internal">"Internal note: the reporter does not see it"</label>
                </div>
                <FormError result=write.value()/>
                <button type="submit" class="primary">"Send"</button>
            </ActionForm></Enhance>
        </section>
        <section aria-labelledby="act-heading">
            <h2 id="act-heading">"Action taken"</h2>
            <FormNotice action=ActOnConductReport::PATH/>
            <Enhance><ActionForm action=act attr:class="stack">
                <input type="hidden" name="report_id" value=id3/>
                <label for="act-kind">"Action"</label>
                <select id="act-kind" name="kind">
                    <option value="warning">"Warning"</option>
                    <option value="removal">"Removal from the event"</option>
                    <option value="other">"Other"</option>
                </select>
                <label for="act-person">"The person's email address (for a removal: their RSVP is cancelled)"</label>
                <input id="act-person" name="person" type="email" maxlength="200"/>
                <label for="act-reason">"Reason (responders only)"</label>
                <TextArea id="act-reason" name="reason" rows=3 required=true maxlength=10_000/>
                <FormError result=act.value()/>
                <button type="submit">"Record the action"</button>
            </ActionForm></Enhance>
        </section>
        <section aria-labelledby="recuse-heading">
            <h2 id="recuse-heading">"Recusal"</h2>
            <p>"A responder who is named in this report or otherwise conflicted is recused: they can no longer read it."</p>
            <p id="recused">{if report.recused.is_empty() { "Nobody is recused.".to_string() } else { format!("Recused: {}.", report.recused.join(", ")) }}</p>
            <FormNotice action=RecuseFromConductReport::PATH/>
            <Enhance><ActionForm action=recuse attr:class="stack narrow">
                <input type="hidden" name="report_id" value=id/>
                <label for="recuse-who">"Responder"</label>
                <select id="recuse-who" name="user_id">{responders}</select>
                <FormError result=recuse.value()/>
                <button type="submit">"Recuse"</button>
            </ActionForm></Enhance>
        </section>
    }
}
