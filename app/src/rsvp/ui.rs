//! The RSVP form on an event page and the page behind a personal RSVP link.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn as _;

use super::api::{ChangeRsvp, CheckIn, Respond, rsvp_by_link};
#[cfg(feature = "hydrate")]
use super::model::CheckInResult;
use super::model::{Answer, MAX_PARTY, Status};
use super::questions::{Question, QuestionKind};
use super::scan::CameraScanner;
use crate::auth::model::Me;
use crate::i18n::td_string;
use crate::locale;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice, StaffIslands};
use std::collections::BTreeMap;

/// The event's own questions as form fields, filled with `given` answers (question id → values).
#[component]
pub fn QuestionFields(questions: Vec<Question>, #[prop(optional)] given: BTreeMap<i64, Vec<String>>) -> impl IntoView {
    let l = locale::current();
    questions
        .into_iter()
        .map(|q| {
            let chosen = given.get(&q.id).cloned().unwrap_or_default();
            let id = q.id;
            let required = q.required;
            let label = if required { td_string!(l, rsvp.required, label = &q.label).to_string() } else { q.label.clone() };
            match q.kind {
                QuestionKind::Text => view! {
                    <label for=format!("q{id}")>{label}</label>
                    <input id=format!("q{id}") name=format!("answers[{id}][0]") value=chosen.first().cloned().unwrap_or_default() maxlength="500" required=required/>
                }
                    .into_any(),
                kind => {
                    let options = if kind == QuestionKind::YesNo { vec!["yes".to_string(), "no".to_string()] } else { q.options.clone() };
                    let multiple = kind == QuestionKind::Multiple;
                    view! {
                        <fieldset class="answers question">
                            <legend>{label}</legend>
                            {options
                                .into_iter()
                                .enumerate()
                                .map(|(i, option)| {
                                    let name = if multiple { format!("answers[{id}][{i}]") } else { format!("answers[{id}][0]") };
                                    let checked = chosen.contains(&option);
                                    let text = match option.as_str() { "yes" if !multiple => td_string!(l, rsvp.yes).to_string(), "no" if !multiple => td_string!(l, rsvp.no).to_string(), o => o.to_string() };
                                    view! {
                                        <label>
                                            <input type=if multiple { "checkbox" } else { "radio" } name=name value=option checked=checked/>
                                            " " {text}
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                    }
                        .into_any()
                }
            }
        })
        .collect_view()
}

/// Yes / maybe / no with a party size and a dietary note; guests also give name and email.
#[component]
pub fn RsvpForm(slug: String, me: Option<Me>, questions: Vec<Question>, invitation: Option<String>, full: bool) -> impl IntoView {
    let l = locale::current();
    let respond = ServerAction::<Respond>::new();
    let guest = me.is_none();
    let name = me.as_ref().map(|m| m.display_name.clone()).unwrap_or_default();
    view! {
        <Enhance>
        <ActionForm action=respond attr:class="stack rsvp-form">
            <input type="hidden" name="event" value=slug/>
            {invitation.map(|token| view! { <input type="hidden" name="invitation" value=token/> })}
            <fieldset class="answers">
                <legend>{td_string!(l, rsvp.coming)}</legend>
                <label><input type="radio" name="answer" value="yes" checked=true/>" " {td_string!(l, rsvp.yes)}</label>
                <label><input type="radio" name="answer" value="maybe"/>" " {td_string!(l, rsvp.maybe)}</label>
                <label><input type="radio" name="answer" value="no"/>" " {td_string!(l, rsvp.no)}</label>
            </fieldset>
            <label for="rsvp-name">{td_string!(l, rsvp.name)}</label>
            <input id="rsvp-name" name="name" value=name required maxlength="80" autocomplete="name"/>
            {guest.then(|| view! {
                <label for="rsvp-email">{td_string!(l, rsvp.email)}</label>
                <input id="rsvp-email" type="email" name="email" required autocomplete="email" aria-describedby="rsvp-email-hint"/>
                <p class="hint" id="rsvp-email-hint">{td_string!(l, rsvp.email_hint)}</p>
            })}
            <label for="rsvp-party">{td_string!(l, rsvp.party)}</label>
            <input id="rsvp-party" type="number" name="party_size" value="1" min="1" max=MAX_PARTY.to_string() required aria-describedby="rsvp-party-hint"/>
            <p class="hint" id="rsvp-party-hint">{td_string!(l, rsvp.party_hint, max = MAX_PARTY)}</p>
            <label for="rsvp-dietary">{td_string!(l, rsvp.dietary)}</label>
            <input id="rsvp-dietary" name="dietary" maxlength="500" placeholder=td_string!(l, rsvp.dietary_example)/>
            <QuestionFields questions/>
            <FormError result=respond.value()/>
            <FormNotice action=Respond::PATH/>
            <button type="submit" class="primary">{if full { td_string!(l, rsvp.join_waitlist) } else { td_string!(l, rsvp.send) }}</button>
        </ActionForm>
        </Enhance>
    }
}

/// The page behind a personal RSVP link: see and change the answer, or cancel it.
#[component]
pub fn ManageRsvpPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let change = ServerAction::<ChangeRsvp>::new();
    let rsvp = Resource::new(token, rsvp_by_link);
    let l = locale::current();
    view! {
        <Title text=td_string!(l, personal.title)/>
        <section class="narrow">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, frame.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        rsvp.await.map(|page| {
                            let status = match (page.status, page.waitlist_position) {
                                (Status::Waitlisted, Some(position)) => td_string!(l, rsvp.mine_waitlisted, position = position, party = page.party_size).to_string(),
                                (Status::Going, _) => td_string!(l, rsvp.mine_going, party = page.party_size).to_string(),
                                (other, _) => format!("{}.", other.label_in(l)),
                            };
                            view! {
                                <h1>{page.event_title.clone()}</h1>
                                <p class="muted">{page.when.clone()}</p>
                                <p class="status-line" role="status">{status}</p>
                                <FormNotice action=ChangeRsvp::PATH/>
                                {page.check_in_code.clone().map(|code| view! {
                                    <div class="ticket">
                                        <img src=page.check_in_qr.clone().unwrap_or_default() alt=td_string!(l, personal.qr_alt, code = &code).to_string() width="200" height="200"/>
                                        <p>{td_string!(l, personal.check_in_code)} <strong class="code">{code}</strong></p>
                                    </div>
                                })}
                                {(page.status != Status::Declined).then(|| view! {
                                <h2>{td_string!(l, personal.change)}</h2>
                                <Enhance><ActionForm action=change attr:class="stack">
                                    <input type="hidden" name="token" value=token()/>
                                    <fieldset class="answers">
                                        <legend>{td_string!(l, rsvp.coming)}</legend>
                                        <label><input type="radio" name="answer" value="yes" checked=page.answer == Answer::Yes/>" " {td_string!(l, rsvp.yes)}</label>
                                        <label><input type="radio" name="answer" value="maybe" checked=page.answer == Answer::Maybe/>" " {td_string!(l, rsvp.maybe)}</label>
                                        <label><input type="radio" name="answer" value="no" checked=page.answer == Answer::No/>" " {td_string!(l, rsvp.no)}</label>
                                    </fieldset>
                                    <label for="manage-name">{td_string!(l, rsvp.name)}</label>
                                    <input id="manage-name" name="name" value=page.name.clone() required maxlength="80"/>
                                    <label for="manage-party">{td_string!(l, rsvp.party)}</label>
                                    <input id="manage-party" type="number" name="party_size" value=page.party_size.to_string() min="1" max=MAX_PARTY.to_string() required aria-describedby="manage-party-hint"/>
                                    <p class="hint" id="manage-party-hint">{td_string!(l, rsvp.party_hint, max = MAX_PARTY)}</p>
                                    <label for="manage-dietary">{td_string!(l, personal.dietary)}</label>
                                    <input id="manage-dietary" name="dietary" value=page.dietary.clone() maxlength="500"/>
                                    <QuestionFields questions=page.questions.clone() given=page.answers.clone()/>
                                    <FormError result=change.value()/>
                                    <button type="submit" class="primary">{td_string!(l, personal.save)}</button>
                                </ActionForm></Enhance>
                                })}
                                <p><a href=format!("/events/{}", page.event_slug)>{td_string!(l, personal.see_event)}</a></p>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// The entrance: scan or type a code, see who arrived.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let event = Resource::new(slug, crate::events::api::event_at_door);
    // What the last check-in sent without the wasm (a plain form post) came back with.
    let failed = ServerAction::<CheckIn>::new().value().get_untracked().and_then(Result::err);
    let said_at_door = match failed {
        Some(error) => Some(Said { ok: false, text: error.message() }),
        None => crate::ui::notice::said(CheckIn::PATH).map(|text| Said { ok: true, text }),
    };
    view! {
        <Title text="Check-in"/>
        <StaffIslands/>
        <section class="narrow">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || {
                        let said = said_at_door.clone();
                        Suspend::new(async move {
                        event.await.map(|event| view! {
                            <h1>"Check-in: " {event.title.clone()}</h1>
                            <CheckInDesk event_id=event.id said/>
                            {event.can_organize.then(|| view! { <p><a href=format!("/events/{}/attendees", event.slug)>"Attendee list"</a></p> })}
                        })
                    })}}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// What the desk shows about the last code: a welcome, or why not.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Said {
    ok: bool,
    text: String,
}

/// The camera and the code field; each check-in answers in place, so the next guest follows at
/// once. In the staff bundle only.
#[cfg_attr(any(feature = "ssr", feature = "staff"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff")), component)]
fn CheckInDesk(event_id: i64, said: Option<Said>) -> impl IntoView {
    let said = RwSignal::new(said);
    let code_field = NodeRef::<leptos::html::Input>::new();
    let check = move |code: String| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let fields = web_sys::UrlSearchParams::new().expect("URLSearchParams");
            fields.append("event_id", &event_id.to_string());
            fields.append("code", &code);
            let answer = match crate::browser::post_form(CheckIn::PATH, &fields, crate::browser::Then::Stay).await {
                Ok(reply) => match serde_json::from_str::<CheckInResult>(&reply.body) {
                    Ok(result) => Said { ok: true, text: result.message() },
                    Err(_) => Said { ok: false, text: "The answer could not be read. Try again.".into() },
                },
                Err(error) => Said { ok: false, text: error.message() },
            };
            said.try_set(Some(answer));
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (code, event_id);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(field) = code_field.get_untracked() {
            check(field.value());
        }
    };
    view! {
        <CameraScanner on_code=check/>
        <form method="post" action=CheckIn::PATH class="stack" on:submit=submit>
            <input type="hidden" name="event_id" value=event_id.to_string()/>
            <label for="check-in-code">"Code (scan or type)"</label>
            <input id="check-in-code" name="code" node_ref=code_field required autocomplete="off" autocapitalize="off" spellcheck="false"/>
            <p class="form-error" role="alert">{move || said.get().filter(|s| !s.ok).map(|s| s.text)}</p>
            <p class="notice" role="status">{move || said.get().filter(|s| s.ok).map(|s| s.text)}</p>
            <button type="submit" class="primary">"Check in"</button>
        </form>
    }
}
