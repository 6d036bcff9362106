//! The reporter's pages: the event's code of conduct, the report form (a plain form that
//! works without the wasm), the follow-up code shown once, and the follow-up page.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn as _;

use super::api::{
    AddToConductReport, CloseConductFollowUp, OpenConductFollowUp, SaveConductSettings, SaveInstanceConductCode, SendConductReport,
    conduct_follow_up, conduct_form, get_conduct_page,
};
use super::model::{ConductPage, FollowUpView};
use crate::error::AppError;
use crate::events::pages::slug_param;
use crate::html::TextArea;
use crate::i18n::td_string;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

/// Loads `fetch` for the page's slug and shows it with `show`, or the error.
macro_rules! page {
    ($title:expr, $fetch:ident, $show:expr) => {{
        let slug = slug_param();
        let data = Resource::new(slug, $fetch);
        let l = crate::locale::current();
        let title: &'static str = ($title)(l);
        view! {
            <Title text=title/>
            <section class="conduct">
                <Suspense fallback=move || view! { <p class="muted">{td_string!(l, conduct.loading)}</p> }>
                    <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                        {move || Suspend::new(async move { data.await.map($show) })}
                    </ErrorBoundary>
                </Suspense>
            </section>
        }
    }};
}

/// `/events/<slug>/conduct`: the code, how to report, and for the event's people what they may do.
#[component]
pub fn ConductCodePage() -> impl IntoView {
    page!(|l: crate::locale::Locale| td_string!(l, conduct.code_title), get_conduct_page, |page| view! { <CodeView page/> })
}

#[component]
fn CodeView(page: ConductPage) -> impl IntoView {
    let slug = page.slug.clone();
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, conduct.code_title_of, event = &page.event_title).to_string()/>
        <h1>{td_string!(l, conduct.code_heading)} {page.event_title.clone()}</h1>
        <nav class="os-links" aria-label=td_string!(l, conduct.code_title)>
            <a href=format!("/events/{slug}")>{td_string!(l, conduct.back_to_event)}</a>
            <a href=format!("/events/{slug}/conduct/report")>{td_string!(l, conduct.report_link)}</a>
            <a href=format!("/events/{slug}/conduct/follow-up")>{td_string!(l, conduct.follow_up_link)}</a>
            {page.responder.then(|| view! { <a href=format!("/events/{slug}/conduct/reports")>{td_string!(l, conduct.reports_link)}</a> })}
        </nav>
        <Emergency page=page.clone()/>
        <div class="description code-of-conduct" inner_html=page.code_html.clone()></div>
        {page.report_count.map(|n| view! {
            <p id="report-count" class="status-line">
                {match n {
                    0 => td_string!(l, conduct.count_none).to_string(),
                    1 => td_string!(l, conduct.count_one).to_string(),
                    n => td_string!(l, conduct.count_n, n = n).to_string(),
                }}
            </p>
        })}
        {page.may_edit.then(|| view! { <SettingsForm page=page.clone()/> })}
        {page.may_edit_default.then(|| view! { <InstanceCodeForm page=page.clone()/> })}
    }
}

/// Who to call when someone is in danger: first on the report form, before anything else.
#[component]
fn Emergency(page: ConductPage) -> impl IntoView {
    let l = crate::locale::current();
    view! {
        <aside class="emergency" aria-labelledby="emergency-heading">
            <h2 id="emergency-heading">{td_string!(l, conduct.danger_heading)}</h2>
            <p>
                {td_string!(l, conduct.call_first)}
                <strong class="emergency-number">{page.emergency_number.clone()}</strong>
                {td_string!(l, conduct.call_first_end)}
            </p>
            {(!page.emergency_contact.is_empty()).then(|| view! {
                <p>{td_string!(l, conduct.on_site)} <strong class="emergency-contact">{page.emergency_contact.clone()}</strong></p>
            })}
        </aside>
    }
}

#[component]
fn SettingsForm(page: ConductPage) -> impl IntoView {
    let save = ServerAction::<SaveConductSettings>::new();
    let l = crate::locale::current();
    view! {
        <section aria-labelledby="conduct-settings-heading">
            <h2 id="conduct-settings-heading">{td_string!(l, conduct.settings_heading)}</h2>
            <Enhance><ActionForm action=save attr:class="stack">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <label for="conduct-code">{td_string!(l, conduct.own_code)}</label>
                <TextArea id="conduct-code" name="code_md" value=page.own_code_md.clone() rows=8/>
                <label for="conduct-contact">{td_string!(l, conduct.contact_field)}</label>
                <input id="conduct-contact" name="emergency_contact" maxlength="300" value=page.emergency_contact.clone()/>
                <label for="conduct-number">{td_string!(l, conduct.number_field)}</label>
                <input id="conduct-number" name="emergency_number" required maxlength="30" value=page.emergency_number.clone()/>
                <FormError result=save.value()/>
                <FormNotice action=SaveConductSettings::PATH/>
                <button type="submit" class="primary">{td_string!(l, conduct.save)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn InstanceCodeForm(page: ConductPage) -> impl IntoView {
    let save = ServerAction::<SaveInstanceConductCode>::new();
    let l = crate::locale::current();
    view! {
        <section aria-labelledby="instance-code-heading">
            <h2 id="instance-code-heading">{td_string!(l, conduct.instance_heading)}</h2>
            <Enhance><ActionForm action=save attr:class="stack">
                <label for="instance-language">{td_string!(l, conduct.language)}</label>
                <select id="instance-language" name="language">
                    <option value="en">"English"</option>
                    <option value="de">"Deutsch"</option>
                </select>
                <label for="instance-code">{td_string!(l, conduct.code_field)}</label>
                <TextArea id="instance-code" name="code_md" value=page.default_code_md.clone() rows=8 required=true/>
                <FormError result=save.value()/>
                <FormNotice action=SaveInstanceConductCode::PATH/>
                <button type="submit">{td_string!(l, conduct.save_instance)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

/// `/events/<slug>/conduct/report`: the form, for anyone, with or without an account.
#[component]
pub fn ReportFormPage() -> impl IntoView {
    page!(|l: crate::locale::Locale| td_string!(l, conduct.report_title), conduct_form, |page| view! { <ReportForm page/> })
}

#[component]
fn ReportForm(page: ConductPage) -> impl IntoView {
    let send = ServerAction::<SendConductReport>::new();
    let l = crate::locale::current();
    let radio = |name: &'static str, value: &'static str, label: &'static str, required: bool| {
        let id = format!("{name}-{value}");
        view! {
            <div class="choice">
                <input type="radio" id=id.clone() name=format!("input[{name}]") value=value required=required/>
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <Title text=td_string!(l, conduct.report_title_of, event = &page.event_title).to_string()/>
        <h1>{td_string!(l, conduct.report_heading)} {page.event_title.clone()}</h1>
        <Emergency page=page.clone()/>
        <p>{td_string!(l, conduct.report_intro)}</p>
        <Enhance><ActionForm action=send attr:class="stack report-form">
            <input type="hidden" name="event_id" value=page.event_id.to_string()/>
            <input type="hidden" name="slug" value=page.slug.clone()/>
            <fieldset>
                <legend>{td_string!(l, conduct.danger_heading)}</legend>
                {radio("danger", "yes", td_string!(l, conduct.danger_yes), true)}
                {radio("danger", "no", td_string!(l, conduct.danger_no), true)}
            </fieldset>
            <label for="report-what">{td_string!(l, conduct.what)}</label>
            <TextArea id="report-what" name="input[what]" rows=6 required=true maxlength=10_000/>
            <label for="report-when">{td_string!(l, conduct.when_where)}</label>
            <TextArea id="report-when" name="input[when_where]" rows=2 maxlength=10_000/>
            <label for="report-involved">{td_string!(l, conduct.involved)}</label>
            <TextArea id="report-involved" name="input[involved]" rows=2 maxlength=10_000/>
            <label for="report-witnesses">{td_string!(l, conduct.witnesses)}</label>
            <TextArea id="report-witnesses" name="input[witnesses]" rows=2 maxlength=10_000/>
            <fieldset>
                <legend>{td_string!(l, conduct.may_contact)}</legend>
                {radio("contact", "none", td_string!(l, conduct.contact_none), true)}
                {radio("contact", "email", td_string!(l, conduct.contact_email), true)}
                {radio("contact", "phone", td_string!(l, conduct.contact_phone), true)}
            </fieldset>
            <label for="report-name">{td_string!(l, conduct.your_name)}</label>
            <input id="report-name" name="input[name]" maxlength="200" autocomplete="off"/>
            <label for="report-email">{td_string!(l, conduct.email_field)}</label>
            <input id="report-email" name="input[email]" type="email" maxlength="200" autocomplete="off"/>
            <label for="report-phone">{td_string!(l, conduct.phone_field)}</label>
            <input id="report-phone" name="input[phone]" type="tel" maxlength="200" autocomplete="off"/>
            <p class="danger-reminder">
                {td_string!(l, conduct.danger_reminder, number = &page.emergency_number).to_string()}
                {(!page.emergency_contact.is_empty())
                    .then(|| td_string!(l, conduct.danger_reminder_contact, contact = &page.emergency_contact).to_string())}
                "."
            </p>
            <FormError result=send.value()/>
            <button type="submit" class="primary">{td_string!(l, conduct.send_report)}</button>
        </ActionForm></Enhance>
    }
}

/// `/events/<slug>/conduct/sent`: the follow-up code, shown this once.
#[component]
pub fn ReportSentPage() -> impl IntoView {
    let slug = slug_param();
    let code = crate::ui::notice::said(SendConductReport::PATH);
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, conduct.sent_title)/>
        <section class="conduct">
            <h1>{td_string!(l, conduct.sent_heading)}</h1>
            {match code {
                Some(code) => view! {
                    <p>{td_string!(l, conduct.sent_code_intro)}</p>
                    <p class="follow-up-code" id="follow-up-code">{code}</p>
                    <p>{td_string!(l, conduct.sent_code_keep)}</p>
                }.into_any(),
                None => view! {
                    <p>{td_string!(l, conduct.sent_code_gone)}</p>
                }.into_any(),
            }}
            <p><a href=move || format!("/events/{}/conduct/follow-up", slug())>{td_string!(l, conduct.follow_up_link)}</a></p>
        </section>
    }
}

/// `/events/<slug>/conduct/follow-up`: with the code, the report, its replies and a form to add to it.
#[component]
pub fn FollowUpPage() -> impl IntoView {
    let slug = slug_param();
    let data = Resource::new(slug, conduct_follow_up);
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, conduct.follow_up_title)/>
        <section class="conduct">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, conduct.loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <FollowUpView view/> }.into_any(),
                        Err(AppError::NotFound { .. }) => view! { <CodeForm slug=slug()/> }.into_any(),
                        Err(error) => view! { <p class="form-error" role="alert">{error.message()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CodeForm(slug: String) -> impl IntoView {
    let open = ServerAction::<OpenConductFollowUp>::new();
    let back = format!("/events/{slug}/conduct");
    let l = crate::locale::current();
    view! {
        <h1>{td_string!(l, conduct.follow_up_title)}</h1>
        <p>{td_string!(l, conduct.follow_up_intro)}</p>
        <Enhance><ActionForm action=open attr:class="stack narrow">
            <input type="hidden" name="slug" value=slug.clone()/>
            <label for="follow-up-code-input">{td_string!(l, conduct.code_input)}</label>
            <input id="follow-up-code-input" name="code" required autocomplete="off" autocapitalize="characters" spellcheck="false"/>
            <FormError result=open.value()/>
            <button type="submit" class="primary">{td_string!(l, conduct.open_report)}</button>
        </ActionForm></Enhance>
        <p><a href=back>{td_string!(l, conduct.the_code)}</a></p>
    }
}

#[component]
fn FollowUpView(view: FollowUpView) -> impl IntoView {
    let add = ServerAction::<AddToConductReport>::new();
    let close = ServerAction::<CloseConductFollowUp>::new();
    let entries = view
        .entries
        .iter()
        .map(|e| view! { <li class=format!("entry entry-{}", e.kind)><p class="muted">{format!("{} · {}", e.who, e.when)}</p><p class="entry-text">{e.text.clone()}</p></li> })
        .collect_view();
    let r = &view.report;
    let (slug, slug_close) = (view.slug.clone(), view.slug.clone());
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, conduct.your_report_of, event = &view.event_title).to_string()/>
        <h1>{td_string!(l, conduct.your_report)} {view.event_title.clone()}</h1>
        <p id="report-status" class="status-line">
            {td_string!(l, conduct.sent_status, sent = &view.sent, status = view.status.label(l)).to_string()}
        </p>
        <h2>{td_string!(l, conduct.what_you_reported)}</h2>
        <p class="entry-text">{r.what.clone()}</p>
        {(!r.when_where.is_empty()).then(|| view! { <p class="entry-text">{td_string!(l, conduct.when_where_text, text = &r.when_where).to_string()}</p> })}
        <h2>{td_string!(l, conduct.replies)}</h2>
        {if view.entries.is_empty() {
            view! { <p class="muted">{td_string!(l, conduct.no_replies)}</p> }.into_any()
        } else {
            view! { <ul class="timeline">{entries}</ul> }.into_any()
        }}
        <FormNotice action=AddToConductReport::PATH/>
        <Enhance><ActionForm action=add attr:class="stack">
            <input type="hidden" name="slug" value=slug/>
            <label for="add-text">{td_string!(l, conduct.add_text)}</label>
            <TextArea id="add-text" name="text" rows=4 required=true maxlength=10_000/>
            <FormError result=add.value()/>
            <button type="submit" class="primary">{td_string!(l, conduct.send)}</button>
        </ActionForm></Enhance>
        <ActionForm action=close attr:class="inline">
            <input type="hidden" name="slug" value=slug_close/>
            <button type="submit">{td_string!(l, conduct.close)}</button>
        </ActionForm>
    }
}
