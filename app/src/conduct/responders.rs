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
use crate::i18n::td_string;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

/// `/events/<slug>/conduct/reports`
#[component]
pub fn ReportsPage() -> impl IntoView {
    let slug = slug_param();
    let list = Resource::new(slug, conduct_reports);
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, conduct.reports_title)/>
        <section class="conduct">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, conduct.loading)}</p> }>
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
    let l = crate::locale::current();
    let rows = list
        .reports
        .iter()
        .map(|r| {
            let label = td_string!(l, conduct.report_label, id = r.id, sent = &r.sent).to_string();
            let body = if r.recused {
                view! { <span>{label}{td_string!(l, conduct.recused_here)}</span> }.into_any()
            } else {
                view! { <a href=format!("/events/{slug}/conduct/reports/{}", r.id)>{label}</a>" · "{r.status.label(l)} }.into_any()
            };
            view! { <li class:urgent=r.urgent>{r.urgent.then(|| view! { <strong>{td_string!(l, conduct.urgent)}</strong> })}{body}</li> }
        })
        .collect_view();
    view! {
        <Title text=td_string!(l, conduct.reports_title_of, event = &list.event_title).to_string()/>
        <h1>{td_string!(l, conduct.reports_heading)} {list.event_title.clone()}</h1>
        <nav class="os-links" aria-label=td_string!(l, conduct.reports_title)>
            <a href=format!("/events/{}/conduct", list.slug)>{td_string!(l, conduct.the_code)}</a>
        </nav>
        {if list.reports.is_empty() {
            view! { <p class="muted">{td_string!(l, conduct.no_reports)}</p> }.into_any()
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
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, conduct.report)/>
        <section class="conduct">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, conduct.loading)}</p> }>
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
    let l = crate::locale::current();
    let fact = |term: &'static str, text: &str| {
        (!text.is_empty()).then(|| view! { <dt>{term}</dt><dd class="entry-text">{text.to_string()}</dd> })
    };
    let contact = match r.contact {
        super::model::ContactWay::Email => td_string!(l, conduct.by_email, to = &r.email).to_string(),
        super::model::ContactWay::Phone => td_string!(l, conduct.by_phone, to = &r.phone).to_string(),
        super::model::ContactWay::None => td_string!(l, conduct.not_contacted).into(),
    };
    let entries = report
        .entries
        .iter()
        .map(|e| view! { <li class="entry"><p class="muted">{format!("{} · {} · {}", e.when, e.who, e.kind)}</p>{(!e.text.is_empty()).then(|| view! { <p class="entry-text">{e.text.clone()}</p> })}</li> })
        .collect_view();
    let reads = report.reads.iter().map(|r| view! { <li>{format!("{} · {} · {}", r.when, r.who, r.what)}</li> }).collect_view();
    view! {
        <Title text=td_string!(l, conduct.report_of, id = report.id, event = &report.event_title).to_string()/>
        <p><a href=format!("/events/{}/conduct/reports", report.slug)>{td_string!(l, conduct.all_reports)}</a></p>
        <h1>{td_string!(l, conduct.report_n, id = report.id).to_string()}</h1>
        <p id="report-status" class="status-line">
            {report.urgent.then_some(td_string!(l, conduct.urgent_danger))}
            {td_string!(l, conduct.sent_status, sent = &report.sent, status = report.status.label(l)).to_string()}
        </p>
        <dl class="facts">
            {fact(td_string!(l, conduct.fact_what), &r.what)}
            {fact(td_string!(l, conduct.fact_when), &r.when_where)}
            {fact(td_string!(l, conduct.fact_involved), &r.involved)}
            {fact(td_string!(l, conduct.fact_witnesses), &r.witnesses)}
            {fact(td_string!(l, conduct.fact_reporter), &r.name)}
            <dt>{td_string!(l, conduct.fact_contact)}</dt>
            <dd>{contact}</dd>
        </dl>
        <p><a href=format!("/events/{}/conduct/reports/{}/export.txt", report.slug, report.id)>{td_string!(l, conduct.export)}</a></p>
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{td_string!(l, conduct.timeline)}</h2>
            {if report.entries.is_empty() {
                view! { <p class="muted">{td_string!(l, conduct.nothing_yet)}</p> }.into_any()
            } else {
                view! { <ul class="timeline">{entries}</ul> }.into_any()
            }}
        </section>
        <Respond report=report.clone()/>
        <section aria-labelledby="reads-heading">
            <h2 id="reads-heading">{td_string!(l, conduct.read_log)}</h2>
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
    let l = crate::locale::current();
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
                    <button type="submit">{s.mark(l)}</button>
                </ActionForm></Enhance>
            }
        })
        .collect_view();
    let responders =
        report.recusable.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view();
    view! {
        {(!report.status.next().is_empty()).then(|| view! {
            <div class="os-links" role="group" aria-label=td_string!(l, conduct.move_on)>{steps}</div>
            <FormError result=step.value()/>
        })}
        <section aria-labelledby="write-heading">
            <h2 id="write-heading">{td_string!(l, conduct.write_heading)}</h2>
            <FormNotice action=WriteOnConductReport::PATH/>
            <Enhance><ActionForm action=write attr:class="stack">
                <input type="hidden" name="report_id" value=id2/>
                <label for="write-text">{td_string!(l, conduct.text)}</label>
                <TextArea id="write-text" name="text" rows=4 required=true maxlength=10_000/>
                <div class="choice">
                    <input type="checkbox" id="write-internal" name="internal" value="1"/>
                    <label for="write-internal">{td_string!(l, conduct.internal)}</label>
                </div>
                <FormError result=write.value()/>
                <button type="submit" class="primary">{td_string!(l, conduct.send)}</button>
            </ActionForm></Enhance>
        </section>
        <section aria-labelledby="act-heading">
            <h2 id="act-heading">{td_string!(l, conduct.act_heading)}</h2>
            <FormNotice action=ActOnConductReport::PATH/>
            <Enhance><ActionForm action=act attr:class="stack">
                <input type="hidden" name="report_id" value=id3/>
                <label for="act-kind">{td_string!(l, conduct.act_kind)}</label>
                <select id="act-kind" name="kind">
                    <option value="warning">{td_string!(l, conduct.act_warning)}</option>
                    <option value="removal">{td_string!(l, conduct.act_removal)}</option>
                    <option value="other">{td_string!(l, conduct.act_other)}</option>
                </select>
                <label for="act-person">{td_string!(l, conduct.act_person)}</label>
                <input id="act-person" name="person" type="email" maxlength="200"/>
                <label for="act-reason">{td_string!(l, conduct.act_reason)}</label>
                <TextArea id="act-reason" name="reason" rows=3 required=true maxlength=10_000/>
                <FormError result=act.value()/>
                <button type="submit">{td_string!(l, conduct.act_record)}</button>
            </ActionForm></Enhance>
        </section>
        <section aria-labelledby="recuse-heading">
            <h2 id="recuse-heading">{td_string!(l, conduct.recusal)}</h2>
            <p>{td_string!(l, conduct.recusal_intro)}</p>
            <p id="recused">
                {if report.recused.is_empty() {
                    td_string!(l, conduct.nobody_recused).to_string()
                } else {
                    td_string!(l, conduct.recused_list, names = report.recused.join(", ")).to_string()
                }}
            </p>
            <FormNotice action=RecuseFromConductReport::PATH/>
            <Enhance><ActionForm action=recuse attr:class="stack narrow">
                <input type="hidden" name="report_id" value=id/>
                <label for="recuse-who">{td_string!(l, conduct.responder)}</label>
                <select id="recuse-who" name="user_id">{responders}</select>
                <FormError result=recuse.value()/>
                <button type="submit">{td_string!(l, conduct.recuse)}</button>
            </ActionForm></Enhance>
        </section>
    }
}
