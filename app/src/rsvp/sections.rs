//! The RSVP module's parts of the event's pages: the RSVP section of the event page and the
//! questions part of the editor.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{AddDietaryQuestion, AddQuestion, DeleteQuestion};
use super::model::{RsvpPanel, Status};
use super::questions::{Question, QuestionKind};
use super::ui::RsvpForm;
use crate::auth::model::Me;
use crate::events::model::{EventDetails, EventStatus};
use crate::html::TextArea;
use crate::ui::{Enhance, FormError};

/// The caller's answer so far, the approval hint and the form; or why the event takes none.
#[component]
pub fn RsvpSection(event: EventDetails, panel: RsvpPanel, me: Option<Me>, invitation: Option<String>) -> impl IntoView {
    let open = event.status == EventStatus::Published;
    let mine = panel.mine.map(|r| match (r.status, r.waitlist_position) {
        (Status::Waitlisted, Some(pos)) => format!("You're number {pos} on the waitlist (party of {}).", r.party_size),
        (Status::Going, _) => format!("You're going (party of {}).", r.party_size),
        (other, _) => format!("Your answer: {}.", other.label()),
    });
    view! {
        <section class="rsvp" aria-labelledby="rsvp-heading">
            <h2 id="rsvp-heading">"RSVP"</h2>
            {mine.map(|text| view! { <p class="status-line">{text}</p> })}
            {(open && event.requires_approval).then(|| view! {
                <p class="hint">"The organizers approve each RSVP: a yes holds a place once they have accepted it, and we mail you their decision."</p>
            })}
            {if open {
                view! { <RsvpForm slug=event.slug.clone() me questions=panel.questions invitation/> }.into_any()
            } else {
                view! { <p class="muted">"This event does not take answers."</p> }.into_any()
            }}
        </section>
    }
}

/// The editor's questions: the list with a remove button each, the ready-made dietary
/// question, and a form for a new one.
#[component]
pub fn QuestionsEditor(event_id: i64, questions: Vec<Question>) -> impl IntoView {
    let add_question = ServerAction::<AddQuestion>::new();
    let add_dietary = ServerAction::<AddDietaryQuestion>::new();
    let delete_question = ServerAction::<DeleteQuestion>::new();
    let id = event_id;
    view! {
        <h2>"Questions with each RSVP"</h2>
        <ul class="questions">
            {questions.into_iter().map(|q| view! {
                <li>
                    <span>{q.label.clone()} " (" {q.kind.label()} {(!q.options.is_empty()).then(|| format!(": {}", q.options.join(", ")))} ")"</span>
                    <Enhance><ActionForm action=delete_question attr:class="inline-form">
                        <input type="hidden" name="event_id" value=id.to_string()/>
                        <input type="hidden" name="question_id" value=q.id.to_string()/>
                        <button type="submit" class="link-button">"Remove"</button>
                    </ActionForm></Enhance>
                </li>
            }).collect_view()}
        </ul>
        <Enhance><ActionForm action=add_dietary attr:class="stack">
            <input type="hidden" name="event_id" value=id.to_string()/>
            <FormError result=add_dietary.value()/>
            <button type="submit">"Add the dietary needs question"</button>
        </ActionForm></Enhance>
        <Enhance><ActionForm action=add_question attr:class="stack">
            <input type="hidden" name="event_id" value=id.to_string()/>
            <label for="q-label">"Question"</label>
            <input id="q-label" name="label" required maxlength="200"/>
            <label for="q-kind">"Kind of answer"</label>
            <select id="q-kind" name="kind">
                {[QuestionKind::Text, QuestionKind::Single, QuestionKind::Multiple, QuestionKind::YesNo]
                    .map(|k| view! { <option value=k.as_str()>{k.label()}</option> })}
            </select>
            <label for="q-options">"Choices, one per line (for single and multiple choice)"</label>
            <TextArea id="q-options" name="options" rows=3/>
            <label class="check"><input type="checkbox" name="required" value="on"/>" An answer is required"</label>
            <FormError result=add_question.value()/>
            <button type="submit">"Add question"</button>
        </ActionForm></Enhance>
    }
}
