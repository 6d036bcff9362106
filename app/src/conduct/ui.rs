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
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

/// Loads `fetch` for the page's slug and shows it with `show`, or the error.
macro_rules! page {
    ($title:expr, $fetch:ident, $show:expr) => {{
        let slug = slug_param();
        let data = Resource::new(slug, $fetch);
        view! {
            <Title text=$title/>
            <section class="conduct">
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
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
    page!("Code of conduct", get_conduct_page, |page| view! { <CodeView page/> })
}

#[component]
fn CodeView(page: ConductPage) -> impl IntoView {
    let slug = page.slug.clone();
    view! {
        <Title text=format!("Code of conduct: {}", page.event_title)/>
        <h1>"Code of conduct: " {page.event_title.clone()}</h1>
        <nav class="os-links" aria-label="Code of conduct">
            <a href=format!("/events/{slug}")>"Back to the event"</a>
            <a href=format!("/events/{slug}/conduct/report")>"Report an incident"</a>
            <a href=format!("/events/{slug}/conduct/follow-up")>"Follow up on your report"</a>
            {page.responder.then(|| view! { <a href=format!("/events/{slug}/conduct/reports")>"Reports"</a> })}
        </nav>
        <Emergency page=page.clone()/>
        <div class="description code-of-conduct" inner_html=page.code_html.clone()></div>
        {page.report_count.map(|n| view! {
            <p id="report-count" class="status-line">{match n { 0 => "No reports so far.".to_string(), 1 => "1 report so far.".to_string(), n => format!("{n} reports so far.") }}</p>
        })}
        {page.may_edit.then(|| view! { <SettingsForm page=page.clone()/> })}
        {page.may_edit_default.then(|| view! { <InstanceCodeForm page=page.clone()/> })}
    }
}

/// Who to call when someone is in danger: first on the report form, before anything else.
#[component]
fn Emergency(page: ConductPage) -> impl IntoView {
    view! {
        <aside class="emergency" aria-labelledby="emergency-heading">
            <h2 id="emergency-heading">"Is anyone in danger right now?"</h2>
            <p>"Call the emergency number " <strong class="emergency-number">{page.emergency_number.clone()}</strong> " first."</p>
            {(!page.emergency_contact.is_empty()).then(|| view! {
                <p>"On site: " <strong class="emergency-contact">{page.emergency_contact.clone()}</strong></p>
            })}
        </aside>
    }
}

#[component]
fn SettingsForm(page: ConductPage) -> impl IntoView {
    let save = ServerAction::<SaveConductSettings>::new();
    view! {
        <section aria-labelledby="conduct-settings-heading">
            <h2 id="conduct-settings-heading">"This event's code and emergency contact"</h2>
            <Enhance><ActionForm action=save attr:class="stack">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <label for="conduct-code">"The event's own code of conduct (Markdown; leave empty for the instance's)"</label>
                <TextArea id="conduct-code" name="code_md" value=page.own_code_md.clone() rows=8/>
                <label for="conduct-contact">"On-site emergency contact (name and phone)"</label>
                <input id="conduct-contact" name="emergency_contact" maxlength="300" value=page.emergency_contact.clone()/>
                <label for="conduct-number">"Local emergency number"</label>
                <input id="conduct-number" name="emergency_number" required maxlength="30" value=page.emergency_number.clone()/>
                <FormError result=save.value()/>
                <FormNotice action=SaveConductSettings::PATH/>
                <button type="submit" class="primary">"Save"</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn InstanceCodeForm(page: ConductPage) -> impl IntoView {
    let save = ServerAction::<SaveInstanceConductCode>::new();
    view! {
        <section aria-labelledby="instance-code-heading">
            <h2 id="instance-code-heading">"The instance's code of conduct (administrators)"</h2>
            <Enhance><ActionForm action=save attr:class="stack">
                <label for="instance-language">"Language"</label>
                <select id="instance-language" name="language">
                    <option value="en">"English"</option>
                    <option value="de">"Deutsch"</option>
                </select>
                <label for="instance-code">"Code of conduct (Markdown)"</label>
                <TextArea id="instance-code" name="code_md" value=page.default_code_md.clone() rows=8 required=true/>
                <FormError result=save.value()/>
                <FormNotice action=SaveInstanceConductCode::PATH/>
                <button type="submit">"Save the instance's code"</button>
            </ActionForm></Enhance>
        </section>
    }
}

/// `/events/<slug>/conduct/report`: the form, for anyone, with or without an account.
#[component]
pub fn ReportFormPage() -> impl IntoView {
    page!("Report an incident", conduct_form, |page| view! { <ReportForm page/> })
}

#[component]
fn ReportForm(page: ConductPage) -> impl IntoView {
    let send = ServerAction::<SendConductReport>::new();
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
        <Title text=format!("Report an incident: {}", page.event_title)/>
        <h1>"Report an incident: " {page.event_title.clone()}</h1>
        <Emergency page=page.clone()/>
        <p>
            "Only this event's code-of-conduct responders read what you write. You need not give your name: "
            "this form does not know who you are, even when you are signed in, and nothing ties the report to your "
            "account or your device. Afterwards you get a code to read the responders' replies and add to your report."
        </p>
        <Enhance><ActionForm action=send attr:class="stack report-form">
            <input type="hidden" name="event_id" value=page.event_id.to_string()/>
            <input type="hidden" name="slug" value=page.slug.clone()/>
            <fieldset>
                <legend>"Is anyone in danger right now?"</legend>
                {radio("danger", "yes", "Yes: please call the number above too", true)}
                {radio("danger", "no", "No", true)}
            </fieldset>
            <label for="report-what">"What happened?"</label>
            <TextArea id="report-what" name="input[what]" rows=6 required=true maxlength=10_000/>
            <label for="report-when">"When and where? (optional)"</label>
            <TextArea id="report-when" name="input[when_where]" rows=2 maxlength=10_000/>
            <label for="report-involved">"Who was involved? (optional)"</label>
            <TextArea id="report-involved" name="input[involved]" rows=2 maxlength=10_000/>
            <label for="report-witnesses">"Witnesses (optional)"</label>
            <TextArea id="report-witnesses" name="input[witnesses]" rows=2 maxlength=10_000/>
            <fieldset>
                <legend>"May we contact you?"</legend>
                {radio("contact", "none", "No: I will follow up with my code", true)}
                {radio("contact", "email", "Yes, by email", true)}
                {radio("contact", "phone", "Yes, by phone", true)}
            </fieldset>
            <label for="report-name">"Your name (optional)"</label>
            <input id="report-name" name="input[name]" maxlength="200" autocomplete="off"/>
            <label for="report-email">"Email address (if we may write)"</label>
            <input id="report-email" name="input[email]" type="email" maxlength="200" autocomplete="off"/>
            <label for="report-phone">"Phone number (if we may call)"</label>
            <input id="report-phone" name="input[phone]" type="tel" maxlength="200" autocomplete="off"/>
            <p class="danger-reminder">
                {format!("Someone is in danger: please call {} now", page.emergency_number)}
                {(!page.emergency_contact.is_empty()).then(|| format!(", and the on-site contact: {}", page.emergency_contact))}
                "."
            </p>
            <FormError result=send.value()/>
            <button type="submit" class="primary">"Send the report"</button>
        </ActionForm></Enhance>
    }
}

/// `/events/<slug>/conduct/sent`: the follow-up code, shown this once.
#[component]
pub fn ReportSentPage() -> impl IntoView {
    let slug = slug_param();
    let code = crate::ui::notice::said(SendConductReport::PATH);
    view! {
        <Title text="Report sent"/>
        <section class="conduct">
            <h1>"Thank you: your report is in"</h1>
            {match code {
                Some(code) => view! {
                    <p>"The event's responders have been told that a report came in. This is your follow-up code:"</p>
                    <p class="follow-up-code" id="follow-up-code">{code}</p>
                    <p>"Write it down or take a picture of it: it is shown only this once. With it you read the responders' replies and add to your report. If you gave an email address, we have mailed it to you too."</p>
                }.into_any(),
                None => view! {
                    <p>"Your follow-up code was shown once, when you sent the report. If you gave an email address, you find it in your mail."</p>
                }.into_any(),
            }}
            <p><a href=move || format!("/events/{}/conduct/follow-up", slug())>"Follow up on your report"</a></p>
        </section>
    }
}

/// `/events/<slug>/conduct/follow-up`: with the code, the report, its replies and a form to add to it.
#[component]
pub fn FollowUpPage() -> impl IntoView {
    let slug = slug_param();
    let data = Resource::new(slug, conduct_follow_up);
    view! {
        <Title text="Follow up on your report"/>
        <section class="conduct">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
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
    view! {
        <h1>"Follow up on your report"</h1>
        <p>"Enter the code you got when you sent your report. The report stays open on this device for half an hour."</p>
        <Enhance><ActionForm action=open attr:class="stack narrow">
            <input type="hidden" name="slug" value=slug.clone()/>
            <label for="follow-up-code-input">"Follow-up code"</label>
            <input id="follow-up-code-input" name="code" required autocomplete="off" autocapitalize="characters" spellcheck="false"/>
            <FormError result=open.value()/>
            <button type="submit" class="primary">"Open my report"</button>
        </ActionForm></Enhance>
        <p><a href=back>"The code of conduct"</a></p>
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
    view! {
        <Title text=format!("Your report: {}", view.event_title)/>
        <h1>"Your report: " {view.event_title.clone()}</h1>
        <p id="report-status" class="status-line">{format!("Sent {}. Status: {}.", view.sent, view.status.label())}</p>
        <h2>"What you reported"</h2>
        <p class="entry-text">{r.what.clone()}</p>
        {(!r.when_where.is_empty()).then(|| view! { <p class="entry-text">{format!("When and where: {}", r.when_where)}</p> })}
        <h2>"Replies"</h2>
        {if view.entries.is_empty() {
            view! { <p class="muted">"No replies yet."</p> }.into_any()
        } else {
            view! { <ul class="timeline">{entries}</ul> }.into_any()
        }}
        <FormNotice action=AddToConductReport::PATH/>
        <Enhance><ActionForm action=add attr:class="stack">
            <input type="hidden" name="slug" value=slug/>
            <label for="add-text">"Add to your report"</label>
            <TextArea id="add-text" name="text" rows=4 required=true maxlength=10_000/>
            <FormError result=add.value()/>
            <button type="submit" class="primary">"Send"</button>
        </ActionForm></Enhance>
        <ActionForm action=close attr:class="inline">
            <input type="hidden" name="slug" value=slug_close/>
            <button type="submit">"Close my report on this device"</button>
        </ActionForm>
    }
}
