//! The RSVP form on an event page and the page behind a personal RSVP link.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn as _;

use super::api::{ChangeRsvp, Respond, rsvp_by_link};
use super::cancel::CancelRsvp;
use super::model::{Answer, MAX_PARTY, MyRsvp, RsvpPage, Status};
use super::questions::{Question, QuestionKind};
use crate::auth::model::Me;
use crate::events::model::CalendarLinks;
use crate::i18n::td_string;
use crate::locale;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};
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

/// The caller's own answer, in words.
fn my_answer(l: crate::i18n::Locale, mine: &MyRsvp) -> String {
    match (mine.status, mine.waitlist_position) {
        (Status::Waitlisted, Some(position)) => {
            td_string!(l, rsvp.mine_waitlisted, position = position, party = mine.party_size).to_string()
        }
        (Status::Going, _) => td_string!(l, rsvp.mine_going, party = mine.party_size).to_string(),
        (other, _) => td_string!(l, rsvp.mine_other, status = other.label_in(l)).to_string(),
    }
}

/// "Add to calendar": the event's `.ics` file, and the event prefilled in Google or Outlook.
#[component]
pub fn AddToCalendar(slug: String, links: CalendarLinks) -> impl IntoView {
    let l = locale::current();
    view! {
        <p class="add-to-calendar">
            {td_string!(l, rsvp.add_to_calendar)} " "
            <a href=format!("/events/{slug}/calendar.ics") download="" rel="external">{td_string!(l, rsvp.calendar_file)}</a>
            " · "
            <a href=links.google rel="noopener noreferrer">"Google"</a>
            " · "
            <a href=links.outlook rel="noopener noreferrer">"Outlook"</a>
        </p>
    }
}

/// Yes / maybe / no with a party size and a dietary note; guests also give name and email.
/// Once sent (the page loads again, with or without the wasm), or when the signed-in caller has
/// answered before, the answer shows in its place and the form waits folded away.
#[component]
pub fn RsvpForm(
    slug: String,
    me: Option<Me>,
    questions: Vec<Question>,
    invitation: Option<String>,
    full: bool,
    /// The caller's own answer so far (signed in).
    #[prop(default = None)]
    mine: Option<MyRsvp>,
    /// The event in web calendars, for the answer's "Add to calendar".
    #[prop(optional)]
    calendar: Option<CalendarLinks>,
) -> impl IntoView {
    let l = locale::current();
    let respond = ServerAction::<Respond>::new();
    let party = crate::ui::FieldErrors::new(respond.value());
    let guest = me.is_none();
    let name = me.as_ref().map(|m| m.display_name.clone()).unwrap_or_default();
    let said = crate::ui::notice::said(Respond::PATH);
    let failed = respond.value().get_untracked().is_some_and(|r| r.is_err());
    let answered = said.is_some() || mine.is_some();
    let has_place = mine.as_ref().is_none_or(|m| !matches!(m.status, Status::NotGoing | Status::Declined));
    let form_slug = slug.clone();
    let form = view! {
        <Enhance>
        <ActionForm action=respond attr:class="stack rsvp-form">
            <input type="hidden" name="event" value=form_slug/>
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
            <input id="rsvp-party" type="number" name="party_size" value="1" min="1" max=MAX_PARTY.to_string() required
                aria-invalid=party.invalid("party_size") aria-describedby=party.described_by("party_size", "rsvp-party", Some("rsvp-party-hint"))/>
            <p class="hint" id="rsvp-party-hint">{td_string!(l, rsvp.party_hint, max = MAX_PARTY)}</p>
            <crate::ui::FieldError errors=party field="party_size" id="rsvp-party"/>
            <label for="rsvp-dietary">{td_string!(l, rsvp.dietary)}</label>
            <input id="rsvp-dietary" name="dietary" maxlength="500" placeholder=td_string!(l, rsvp.dietary_example)/>
            <QuestionFields questions/>
            <FormError result=respond.value()/>
            <button type="submit" class="primary">{if full { td_string!(l, rsvp.join_waitlist) } else { td_string!(l, rsvp.send) }}</button>
        </ActionForm>
        </Enhance>
    };
    if !answered {
        return form.into_any();
    }
    let status_line = mine.as_ref().filter(|_| said.is_none()).map(|m| my_answer(l, m));
    let again = if mine.is_some() { td_string!(l, rsvp.change_answer) } else { td_string!(l, rsvp.answer_again) };
    // Just sent: the page loaded again, and the focus goes to what came of it, not to the top.
    let just_sent = said.is_some();
    view! {
        <div class="rsvp-result" tabindex=just_sent.then_some("-1") autofocus=just_sent>
            {said.map(|text| view! { <p class="notice" role="status">{text}</p> })}
            {status_line.map(|text| view! { <p class="status-line">{text}</p> })}
            {mine.map(|m| view! { <p><a href=m.personal_page>{td_string!(l, rsvp.your_page)}</a></p> })}
            {calendar.filter(|_| has_place).map(|links| view! { <AddToCalendar slug=slug.clone() links/> })}
        </div>
        <details class="rsvp-change" open=failed>
            <summary>{again}</summary>
            {form}
        </details>
    }
    .into_any()
}

/// The page behind a personal RSVP link: the answer and the event's facts; change the answer,
/// or cancel it.
#[component]
pub fn ManageRsvpPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let change = ServerAction::<ChangeRsvp>::new();
    let cancel = ServerAction::<CancelRsvp>::new();
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
                            let has_place = !matches!(page.status, Status::NotGoing | Status::Declined);
                            let cancellable = matches!(page.status, Status::Going | Status::Waitlisted | Status::Maybe | Status::Pending);
                            // After a cancellation: whether answering again gets a place.
                            let room = match (page.status, page.places_left) {
                                (Status::NotGoing, Some(0)) => Some(td_string!(l, personal.full).to_string()),
                                (Status::NotGoing, Some(count)) => Some(td_string!(l, personal.places_left, count = count).to_string()),
                                _ => None,
                            };
                            view! {
                                <h1>{page.event_title.clone()}</h1>
                                <p class="muted">{page.when.clone()}</p>
                                <FormNotice action=CancelRsvp::PATH/>
                                <p class="status-line" role="status">{status}</p>
                                <FormNotice action=ChangeRsvp::PATH/>
                                <dl class="facts">
                                    {(!page.venue_name.is_empty() || !page.venue_address.is_empty()).then(|| view! {
                                        <dt>{td_string!(l, personal.where_)}</dt>
                                        <dd class="venue">
                                            {page.venue_name.clone()}
                                            {(!page.venue_address.is_empty()).then(|| view! { <br/>{page.venue_address.clone()} })}
                                            {page.map_url.clone().map(|url| view! { <br/><a href=url target="_blank" rel="noopener noreferrer">{td_string!(l, personal.map)}</a> })}
                                        </dd>
                                    })}
                                    <dt>{td_string!(l, personal.your_answers)}</dt>
                                    <dd><AnswersGiven page=page.clone()/></dd>
                                </dl>
                                {has_place.then(|| view! { <AddToCalendar slug=page.event_slug.clone() links=page.calendar.clone()/> })}
                                {page.check_in_code.clone().map(|code| view! {
                                    <div class="ticket">
                                        <img src=page.check_in_qr.clone().unwrap_or_default() alt=td_string!(l, personal.qr_alt, code = &code).to_string() width="200" height="200"/>
                                        <p>{td_string!(l, personal.check_in_code)} <strong class="code">{code}</strong></p>
                                    </div>
                                })}
                                {(page.status != Status::Declined).then(|| view! {
                                <h2>{if page.status == Status::NotGoing { td_string!(l, rsvp.answer_again) } else { td_string!(l, personal.change) }}</h2>
                                {room.map(|text| view! { <p class="hint">{text}</p> })}
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
                                {cancellable.then(|| view! {
                                    <h2>{td_string!(l, personal.cancel_heading)}</h2>
                                    <p id="cancel-what">{td_string!(l, personal.cancel_text)}</p>
                                    <Enhance><ActionForm action=cancel attr:class="stack">
                                        <input type="hidden" name="token" value=token()/>
                                        <FormError result=cancel.value()/>
                                        <button type="submit" class="danger" aria-describedby="cancel-what">{td_string!(l, personal.cancel_button)}</button>
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

/// The dietary note and the answers to the event's questions, as the guest gave them.
#[component]
fn AnswersGiven(page: RsvpPage) -> impl IntoView {
    let l = locale::current();
    let dietary = if page.dietary.is_empty() { td_string!(l, personal.none_given).to_string() } else { page.dietary.clone() };
    let answers = page
        .questions
        .iter()
        .map(|q| {
            let values: Vec<String> = page
                .answers
                .get(&q.id)
                .into_iter()
                .flatten()
                .filter(|v| !v.is_empty())
                .map(|v| match (q.kind, v.as_str()) {
                    (QuestionKind::YesNo, "yes") => td_string!(l, rsvp.yes).to_string(),
                    (QuestionKind::YesNo, "no") => td_string!(l, rsvp.no).to_string(),
                    _ => v.clone(),
                })
                .collect();
            let text = if values.is_empty() { td_string!(l, personal.no_answer).to_string() } else { values.join(", ") };
            view! { <li>{format!("{}: {text}", q.label)}</li> }
        })
        .collect_view();
    view! {
        <ul class="answers-given">
            <li>{format!("{}: {dietary}", td_string!(l, personal.dietary))}</li>
            {answers}
        </ul>
    }
}
