//! The event page, the editor and the organizer's attendee list.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{
    AddDietaryQuestion, AddQuestion, CancelEvent, CloneEvent, CreateEvent, DeleteQuestion, PublishEvent, UpdateEvent, event_to_edit,
    get_event,
};
use super::model::{EventDetails, EventInput, EventKind, EventStatus, Visibility};
use crate::auth::ui::Auth;
use crate::html::TextArea;
use crate::rsvp::model::Status;
use crate::rsvp::questions::QuestionKind;
use crate::rsvp::ui::RsvpForm;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};
use server_fn::ServerFn as _;

pub(crate) fn slug_param() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("slug").unwrap_or_default()
}

/// What, when, where, how many places are left, and the RSVP form.
#[component]
pub fn EventPage() -> impl IntoView {
    let slug = slug_param();
    // A private event opens for the holder of a personal invitation link (`?invitation=…`).
    let query = leptos_router::hooks::use_query_map();
    let invitation = move || query.read().get("invitation");
    let event = Resource::new(move || (slug(), invitation()), |(slug, invitation)| get_event(slug, invitation));
    let auth = expect_context::<Auth>();
    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                {move || Suspend::new(async move {
                    let me = auth.me.await.ok().flatten();
                    let invitation = invitation();
                    event.await.map(|event| view! { <EventView event me invitation/> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn EventView(event: EventDetails, me: Option<crate::auth::model::Me>, invitation: Option<String>) -> impl IntoView {
    let open = event.status == EventStatus::Published;
    let places = match (event.capacity, event.places_left) {
        (Some(_), Some(0)) => "Full: new answers join the waitlist.".to_string(),
        (Some(cap), Some(left)) => format!("{left} of {cap} places left"),
        _ => "No limit on places".to_string(),
    };
    let mine = event.my_rsvp.clone().map(|r| match (r.status, r.waitlist_position) {
        (Status::Waitlisted, Some(pos)) => format!("You're number {pos} on the waitlist (party of {}).", r.party_size),
        (Status::Going, _) => format!("You're going (party of {}).", r.party_size),
        (other, _) => format!("Your answer: {}.", other.label()),
    });
    let base = format!("/events/{}", event.slug);
    view! {
        <Title text=event.title.clone()/>
        <article class="event">
            <p class="event-kind">{event.kind.label()}</p>
            <h1 lang=event.language.clone()>{event.title.clone()}</h1>
            {(event.status == EventStatus::Draft).then(|| view! { <p class="notice">"Draft: only organizers see this page until it is published."</p> })}
            {event.cancelled_reason.clone().map(|reason| view! {
                <div class="error-box" role="alert"><p class="error-title">"This event has been cancelled."</p><p>{reason}</p></div>
            })}
            <dl class="facts">
                <dt>"When"</dt>
                <dd>
                    <time datetime=event.starts_at_iso.clone()>{event.when.clone()}</time>
                    <ViewerTime iso=event.starts_at_iso.clone() zone=event.time_zone.clone()/>
                </dd>
                {(!event.venue_name.is_empty() || !event.venue_address.is_empty()).then(|| view! {
                    <dt>"Where"</dt>
                    <dd>
                        {event.venue_name.clone()}
                        {(!event.venue_address.is_empty()).then(|| view! { <br/>{event.venue_address.clone()} })}
                        {event.map_url.clone().map(|url| view! { " " <a href=url rel="noopener noreferrer">"(map)"</a> })}
                    </dd>
                })}
                <dt>"Places"</dt>
                <dd class="places">{places}</dd>
                {event.series.clone().map(|series| view! {
                    <dt>"Series"</dt>
                    <dd><a href=format!("/series/{}", series.slug)>{series.title}</a>" (all dates)"</dd>
                })}
            </dl>
            <div class="description" lang=event.language.clone() inner_html=event.description_html.clone()></div>
            {event.can_organize.then(|| view! {
                <nav class="organizer-tools" aria-label="Organizer tools">
                    <a href=format!("{base}/edit")>"Edit event"</a>
                    <a href=format!("{base}/attendees")>"Attendees"</a>
                    <a href=format!("{base}/check-in")>"Check-in"</a>
                    <a href=format!("{base}/attendees.csv") download="" rel="external">"Attendees as CSV"</a>
                    <a href=format!("{base}/calendar.ics") download="" rel="external">"Calendar file"</a>
                </nav>
            })}
            <section class="rsvp" aria-labelledby="rsvp-heading">
                <h2 id="rsvp-heading">"RSVP"</h2>
                {mine.map(|text| view! { <p class="status-line">{text}</p> })}
                {(open && event.requires_approval).then(|| view! {
                    <p class="hint">"The organizers approve each RSVP: a yes holds a place once they have accepted it, and we mail you their decision."</p>
                })}
                {if open {
                    view! { <RsvpForm slug=event.slug.clone() me questions=event.questions.clone() invitation/> }.into_any()
                } else {
                    view! { <p class="muted">"This event does not take answers."</p> }.into_any()
                }}
            </section>
        </article>
    }
}

/// The start in the viewer's own time zone, when it differs from the event's. Worked out in
/// the browser (the server does not know the viewer's zone), so it appears once the island runs.
#[island]
fn ViewerTime(iso: String, zone: String) -> impl IntoView {
    let text = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(local) = crate::browser::local_time_if_other_zone(&iso, &zone) {
            text.set(Some(local));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&iso, &zone, text);
    });
    move || text.get().map(|t| view! { <br/><span class="muted">"Your time: " {t}</span> })
}

/// The editor's fields; `values` fills them when editing.
#[component]
fn EventFields(values: EventInput) -> impl IntoView {
    let kinds = EventKind::ALL.map(|k| {
        let selected = values.kind == k.as_str();
        view! { <option value=k.as_str() selected=selected>{k.label()}</option> }
    });
    let visibility = [
        (Visibility::Public, "Public: listed on the home page"),
        (Visibility::Unlisted, "Unlisted: anyone with the link"),
        (Visibility::Private, "Private: organizers and invited people only"),
    ]
    .map(|(value, label)| view! { <option value=value.as_str() selected=values.visibility == value.as_str()>{label}</option> });
    let zone = if values.time_zone.is_empty() { "Europe/Berlin".to_string() } else { values.time_zone.clone() };
    view! {
        <label for="ev-title">"Title"</label>
        <input id="ev-title" name="input[title]" value=values.title.clone() required maxlength="120"/>
        <label for="ev-kind">"Kind"</label>
        <select id="ev-kind" name="input[kind]">{kinds}</select>
        <label for="ev-start">"Starts (local time at the venue)"</label>
        <input id="ev-start" type="datetime-local" name="input[starts_at]" value=values.starts_at.clone() required/>
        <label for="ev-end">"Ends"</label>
        <input id="ev-end" type="datetime-local" name="input[ends_at]" value=values.ends_at.clone() required/>
        <label for="ev-tz">"Time zone"</label>
        <input id="ev-tz" name="input[time_zone]" value=zone required/>
        <label for="ev-venue">"Venue"</label>
        <input id="ev-venue" name="input[venue_name]" value=values.venue_name.clone() maxlength="200"/>
        <label for="ev-address">"Address"</label>
        <input id="ev-address" name="input[venue_address]" value=values.venue_address.clone() maxlength="500"/>
        <label for="ev-capacity">"Places (empty: no limit)"</label>
        <input id="ev-capacity" type="number" min="0" name="input[capacity]" value=values.capacity.clone()/>
        <label for="ev-deadline">"RSVP deadline (optional)"</label>
        <input id="ev-deadline" type="datetime-local" name="input[rsvp_deadline]" value=values.rsvp_deadline.clone()/>
        <label for="ev-reminder">"Reminder mail, hours before the start (0: none)"</label>
        <input id="ev-reminder" type="number" min="0" max="336" name="input[reminder_hours]" value=if values.reminder_hours.is_empty() { "24".to_string() } else { values.reminder_hours.clone() }/>
        <label for="ev-visibility">"Who can see it"</label>
        <select id="ev-visibility" name="input[visibility]">{visibility}</select>
        <label class="check">
            <input type="checkbox" name="input[requires_approval]" value="on" checked=values.requires_approval == "on"/>
            " Approve each RSVP: a yes holds no place until an organizer accepts it"
        </label>
        <label for="ev-description">"Description (Markdown)"</label>
        <TextArea id="ev-description" name="input[description]" rows=8 value=values.description.clone()/>
        <label for="ev-series">"Series (optional: events with the same series name are listed together)"</label>
        <input id="ev-series" name="input[series]" value=values.series.clone() maxlength="80"/>
        <label for="ev-title-de">"German title (optional)"</label>
        <input id="ev-title-de" name="input[title_de]" lang="de" value=values.title_de.clone() maxlength="120"/>
        <label for="ev-description-de">"German description (optional, Markdown)"</label>
        <TextArea id="ev-description-de" name="input[description_de]" lang="de" rows=6 value=values.description_de.clone()/>
    }
}

#[component]
pub fn NewEventPage() -> impl IntoView {
    let create = ServerAction::<CreateEvent>::new();
    view! {
        <Title text="New event"/>
        <section class="narrow">
            <h1>"New event"</h1>
            <p class="muted">"It starts as a draft; publish it from its page when it is ready."</p>
            <Enhance>
                <ActionForm action=create attr:class="stack">
                    <EventFields values=EventInput::default()/>
                    <FormError result=create.value()/>
                    <button type="submit" class="primary">"Create draft"</button>
                </ActionForm>
            </Enhance>
        </section>
    }
}

#[component]
pub fn EditEventPage() -> impl IntoView {
    let slug = slug_param();
    let update = ServerAction::<UpdateEvent>::new();
    let publish = ServerAction::<PublishEvent>::new();
    let cancel = ServerAction::<CancelEvent>::new();
    let clone = ServerAction::<CloneEvent>::new();
    let add_question = ServerAction::<AddQuestion>::new();
    let add_dietary = ServerAction::<AddDietaryQuestion>::new();
    let delete_question = ServerAction::<DeleteQuestion>::new();
    let event = Resource::new(slug, event_to_edit);
    view! {
        <Title text="Edit event"/>
        <section class="narrow">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        event.await.map(|event| {
                            let id = event.id;
                            let published = event.status == EventStatus::Published;
                            view! {
                                <h1>"Edit: " {event.title.clone()}</h1>
                                <p><a href=format!("/events/{}", event.slug)>"Back to the event page"</a></p>
                                {(event.status != EventStatus::Cancelled).then(|| view! {
                                    <Enhance><ActionForm action=publish attr:class="stack">
                                        <input type="hidden" name="event_id" value=id.to_string()/>
                                        <input type="hidden" name="published" value=(!published).to_string()/>
                                        <FormError result=publish.value()/>
                                        <button type="submit" class="primary">{if published { "Unpublish" } else { "Publish" }}</button>
                                    </ActionForm></Enhance>
                                })}
                                <Enhance><ActionForm action=update attr:class="stack">
                                    <input type="hidden" name="event_id" value=id.to_string()/>
                                    <input type="hidden" name="was" value=event.slug.clone()/>
                                    <EventFields values=event.input.clone().unwrap_or_default()/>
                                    <FormError result=update.value()/>
                                    <FormNotice action=UpdateEvent::PATH/>
                                    <button type="submit" class="primary">"Save changes"</button>
                                </ActionForm></Enhance>
                                <h2>"Questions with each RSVP"</h2>
                                <ul class="questions">
                                    {event.questions.clone().into_iter().map(|q| view! {
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
                                <h2>"Next time"</h2>
                                <Enhance><ActionForm action=clone attr:class="stack">
                                    <input type="hidden" name="event_id" value=id.to_string()/>
                                    <p class="muted">"Copy this event into a new draft, for the next one of a series."</p>
                                    <FormError result=clone.value()/>
                                    <button type="submit">"Copy into a new draft"</button>
                                </ActionForm></Enhance>
                                {(event.status != EventStatus::Cancelled).then(|| view! {
                                    <h2>"Cancel the event"</h2>
                                    <Enhance><ActionForm action=cancel attr:class="stack danger-zone">
                                        <input type="hidden" name="event_id" value=id.to_string()/>
                                        <label for="cancel-reason">"Why? Everyone who answered gets this by mail."</label>
                                        <TextArea id="cancel-reason" name="reason" rows=3 required=true/>
                                        <FormError result=cancel.value()/>
                                        <FormNotice action=CancelEvent::PATH/>
                                        <button type="submit" class="danger">"Cancel event"</button>
                                    </ActionForm></Enhance>
                                })}
                            }
                        })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}
