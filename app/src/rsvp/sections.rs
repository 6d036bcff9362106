//! The RSVP module's parts of the event's pages: the RSVP section of the event page and the
//! questions part of the editor.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{AddQuestion, DeleteQuestion};
use super::model::{RsvpPanel, Status};
use super::questions::{Question, QuestionKind};
use super::ui::RsvpForm;
use crate::auth::model::Me;
use crate::events::model::{EventDetails, EventStatus};
use crate::html::TextArea;
use crate::i18n::td_string;
use crate::locale;
use crate::ui::{Enhance, FormError};

/// The caller's answer so far, the approval hint and the form; or why the event takes none.
#[component]
pub fn RsvpSection(event: EventDetails, panel: RsvpPanel, me: Option<Me>, invitation: Option<String>) -> impl IntoView {
    let l = locale::current();
    let open = event.status == EventStatus::Published;
    let mine = panel.mine.as_ref().map(|r| match (r.status, r.waitlist_position) {
        (Status::Waitlisted, Some(position)) => td_string!(l, rsvp.mine_waitlisted, position = position, party = r.party_size).to_string(),
        (Status::Going, _) => td_string!(l, rsvp.mine_going, party = r.party_size).to_string(),
        (other, _) => td_string!(l, rsvp.mine_other, status = other.label_in(l)).to_string(),
    });
    let full = event.places_left == Some(0);
    view! {
        <section class="rsvp" aria-labelledby="rsvp-heading">
            <h2 id="rsvp-heading">{td_string!(l, rsvp.heading)}</h2>
            // An open event's form shows the answer itself, with the links that go with it.
            {mine.filter(|_| !open).map(|text| view! { <p class="status-line">{text}</p> })}
            {(open && event.requires_approval).then(|| view! {
                <p class="hint">{td_string!(l, rsvp.approval_hint)}</p>
            })}
            {if open {
                view! { <RsvpForm slug=event.slug.clone() me questions=panel.questions invitation full mine=panel.mine.clone() calendar=event.calendar.clone()/> }.into_any()
            } else {
                view! { <p class="muted">{td_string!(l, rsvp.closed)}</p> }.into_any()
            }}
        </section>
    }
}

/// The editor's questions: the list with a remove button each, and a form for a new one. Dietary
/// needs are not among them: every RSVP form asks for them in its own note.
#[component]
pub fn QuestionsEditor(event_id: i64, questions: Vec<Question>) -> impl IntoView {
    let l = locale::current();
    let add_question = ServerAction::<AddQuestion>::new();
    let delete_question = ServerAction::<DeleteQuestion>::new();
    let id = event_id;
    view! {
        <h2>{td_string!(l, questions.heading)}</h2>
        <p class="hint">{td_string!(l, questions.dietary_builtin)}</p>
        <FormError result=delete_question.value()/>
        <ul class="questions">
            {questions.into_iter().map(|q| {
                let remove_label = td_string!(l, questions.remove_label, label = &q.label).to_string();
                view! {
                    <li>
                        <span>{q.label.clone()} " (" {q.kind.label()} {(!q.options.is_empty()).then(|| format!(": {}", q.options.join(", ")))} ")"</span>
                        <Enhance><ActionForm action=delete_question attr:class="inline-form">
                            <input type="hidden" name="event_id" value=id.to_string()/>
                            <input type="hidden" name="question_id" value=q.id.to_string()/>
                            <button type="submit" class="link-button" aria-label=remove_label>{td_string!(l, questions.remove)}</button>
                        </ActionForm></Enhance>
                    </li>
                }
            }).collect_view()}
        </ul>
        <Enhance><ActionForm action=add_question attr:class="stack">
            <input type="hidden" name="event_id" value=id.to_string()/>
            <label for="q-label">{td_string!(l, questions.question)}</label>
            <input id="q-label" name="label" required maxlength="200"/>
            <label for="q-kind">{td_string!(l, questions.kind)}</label>
            <select id="q-kind" name="kind">
                {[QuestionKind::Text, QuestionKind::Single, QuestionKind::Multiple, QuestionKind::YesNo]
                    .map(|k| view! { <option value=k.as_str()>{k.label()}</option> })}
            </select>
            <label for="q-options">{td_string!(l, questions.options)}</label>
            <TextArea id="q-options" name="options" rows=3/>
            <label class="check"><input type="checkbox" name="required" value="on"/>" " {td_string!(l, questions.required)}</label>
            <FormError result=add_question.value()/>
            <button type="submit">{td_string!(l, questions.add)}</button>
        </ActionForm></Enhance>
    }
}
