//! The event's facts and its editor's forms, for the pages above every module to compose.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{CancelEvent, CloneEvent, CreateEvent, PublishEvent, UpdateEvent};
use super::model::{EventDetails, EventInput, EventKind, EventStatus, Visibility};
use crate::html::TextArea;
use crate::i18n::td_string;
use crate::locale;
use crate::ui::{Enhance, FieldError, FieldErrors, FormError, FormNotice};
use server_fn::ServerFn as _;

pub(crate) fn slug_param() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("slug").unwrap_or_default()
}

/// The event's facts: what, when, where, how many places are left; `children` (the sections of
/// the modules above, the RSVP form first) follow inside the article.
#[component]
pub fn EventArticle(event: EventDetails, children: Children) -> impl IntoView {
    let l = locale::current();
    let places = match (event.capacity, event.places_left) {
        (Some(_), Some(0)) => td_string!(l, event.full).to_string(),
        (Some(capacity), Some(left)) => td_string!(l, event.places_left, left = left, capacity = capacity).to_string(),
        _ => td_string!(l, event.no_limit).to_string(),
    };
    let base = format!("/events/{}", event.slug);
    view! {
        <Title text=event.title.clone()/>
        <article class="event">
            <p class="event-kind">{event.kind.label_in(l)}</p>
            <h1 lang=event.language.clone()>{event.title.clone()}</h1>
            {(event.status == EventStatus::Draft).then(|| view! { <p class="notice">{td_string!(l, event.draft)}</p> })}
            {event.cancelled_reason.clone().map(|reason| view! {
                <div class="error-box" role="alert"><p class="error-title">{td_string!(l, event.cancelled)}</p><p>{reason}</p></div>
            })}
            <dl class="facts">
                <dt>{td_string!(l, event.when)}</dt>
                <dd>
                    <time datetime=event.starts_at_iso.clone()>{event.when.clone()}</time>
                    <ViewerTime iso=event.starts_at_iso.clone() zone=event.time_zone.clone() label=td_string!(l, event.your_time).to_string()/>
                </dd>
                {(!event.venue_name.is_empty() || !event.venue_address.is_empty()).then(|| view! {
                    <dt>{td_string!(l, event.venue)}</dt>
                    <dd>
                        {event.venue_name.clone()}
                        {(!event.venue_address.is_empty()).then(|| view! { <br/>{event.venue_address.clone()} })}
                        {event.map_url.clone().map(|url| view! { " " <a href=url rel="noopener noreferrer">{td_string!(l, event.map)}</a> })}
                    </dd>
                })}
                <dt>{td_string!(l, event.places)}</dt>
                <dd class="places">{places}</dd>
                {event.rsvp_deadline.clone().map(|deadline| view! {
                    <dt>{td_string!(l, event.deadline)}</dt>
                    <dd class="deadline">{deadline}</dd>
                })}
                {event.series.clone().map(|series| view! {
                    <dt>{td_string!(l, event.series)}</dt>
                    <dd><a href=format!("/series/{}", series.slug)>{series.title}</a>{td_string!(l, event.all_dates)}</dd>
                })}
                <dt>{td_string!(l, event.calendar)}</dt>
                <dd class="add-to-calendar">
                    <a href=format!("{base}/calendar.ics") download="" rel="external">{td_string!(l, event.calendar_file)}</a>
                    " · "
                    <a href=event.calendar.google.clone() rel="noopener noreferrer">"Google"</a>
                    " · "
                    <a href=event.calendar.outlook.clone() rel="noopener noreferrer">"Outlook"</a>
                </dd>
            </dl>
            <div class="description" lang=event.language.clone() inner_html=event.description_html.clone()></div>
            {event.can_organize.then(|| view! {
                <nav class="organizer-tools" aria-label=td_string!(l, event.organizer_tools)>
                    <a href=format!("{base}/edit")>{td_string!(l, editor.tool_edit)}</a>
                    <a href=format!("{base}/attendees")>{td_string!(l, editor.tool_attendees)}</a>
                    <a href=format!("{base}/check-in")>{td_string!(l, editor.tool_check_in)}</a>
                    <a href=format!("{base}/attendees.csv") download="" rel="external">{td_string!(l, editor.tool_csv)}</a>
                </nav>
            })}
            {children()}
        </article>
    }
}

/// The start in the viewer's own time zone, when it differs from the event's. Worked out in
/// the browser (the server does not know the viewer's zone), so it appears once the island runs.
#[island]
fn ViewerTime(iso: String, zone: String, label: String) -> impl IntoView {
    let text = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(local) = crate::browser::local_time_if_other_zone(&iso, &zone) {
            text.set(Some(local));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&iso, &zone, text);
    });
    move || text.get().map(|t| view! { <br/><span class="muted">{label.clone()} {t}</span> })
}

/// The editor's fields; `values` fills them when editing. `errors`: the form's last error, said
/// beside the field it is about.
#[component]
pub fn EventFields(values: EventInput, errors: FieldErrors) -> impl IntoView {
    let l = locale::current();
    let kinds = EventKind::ALL.map(|k| {
        let selected = values.kind == k.as_str();
        view! { <option value=k.as_str() selected=selected>{k.label_in(l)}</option> }
    });
    let visibility = [
        (Visibility::Public, td_string!(l, editor.public)),
        (Visibility::Unlisted, td_string!(l, editor.unlisted)),
        (Visibility::Private, td_string!(l, editor.private)),
    ]
    .map(|(value, label)| view! { <option value=value.as_str() selected=values.visibility == value.as_str()>{label}</option> });
    let zone = if values.time_zone.is_empty() { "Europe/Berlin".to_string() } else { values.time_zone.clone() };
    view! {
        <label for="ev-title">{td_string!(l, editor.title)}</label>
        <input id="ev-title" name="input[title]" value=values.title.clone() required maxlength="120"
            aria-invalid=errors.invalid("title") aria-describedby=errors.described_by("title", "ev-title", None)/>
        <FieldError errors field="title" id="ev-title"/>
        <label for="ev-kind">{td_string!(l, editor.kind)}</label>
        <select id="ev-kind" name="input[kind]" aria-invalid=errors.invalid("kind") aria-describedby=errors.described_by("kind", "ev-kind", None)>{kinds}</select>
        <FieldError errors field="kind" id="ev-kind"/>
        <label for="ev-start">{td_string!(l, editor.starts)}</label>
        <input id="ev-start" type="datetime-local" name="input[starts_at]" value=values.starts_at.clone() required
            aria-invalid=errors.invalid("starts_at") aria-describedby=errors.described_by("starts_at", "ev-start", None)/>
        <FieldError errors field="starts_at" id="ev-start"/>
        <label for="ev-end">{td_string!(l, editor.ends)}</label>
        <input id="ev-end" type="datetime-local" name="input[ends_at]" value=values.ends_at.clone() required
            aria-invalid=errors.invalid("ends_at") aria-describedby=errors.described_by("ends_at", "ev-end", None)/>
        <FieldError errors field="ends_at" id="ev-end"/>
        <label for="ev-tz">{td_string!(l, editor.time_zone)}</label>
        <input id="ev-tz" name="input[time_zone]" value=zone required
            aria-invalid=errors.invalid("time_zone") aria-describedby=errors.described_by("time_zone", "ev-tz", None)/>
        <FieldError errors field="time_zone" id="ev-tz"/>
        <label for="ev-venue">{td_string!(l, editor.venue)}</label>
        <input id="ev-venue" name="input[venue_name]" value=values.venue_name.clone() maxlength="200"
            aria-invalid=errors.invalid("venue_name") aria-describedby=errors.described_by("venue_name", "ev-venue", None)/>
        <FieldError errors field="venue_name" id="ev-venue"/>
        <label for="ev-address">{td_string!(l, editor.address)}</label>
        <input id="ev-address" name="input[venue_address]" value=values.venue_address.clone() maxlength="500"
            aria-invalid=errors.invalid("venue_address") aria-describedby=errors.described_by("venue_address", "ev-address", None)/>
        <FieldError errors field="venue_address" id="ev-address"/>
        <label for="ev-capacity">{td_string!(l, editor.capacity)}</label>
        <input id="ev-capacity" type="number" min="0" name="input[capacity]" value=values.capacity.clone()
            aria-invalid=errors.invalid("capacity") aria-describedby=errors.described_by("capacity", "ev-capacity", None)/>
        <FieldError errors field="capacity" id="ev-capacity"/>
        <label for="ev-deadline">{td_string!(l, editor.deadline)}</label>
        <input id="ev-deadline" type="datetime-local" name="input[rsvp_deadline]" value=values.rsvp_deadline.clone()
            aria-invalid=errors.invalid("rsvp_deadline") aria-describedby=errors.described_by("rsvp_deadline", "ev-deadline", None)/>
        <FieldError errors field="rsvp_deadline" id="ev-deadline"/>
        <label for="ev-reminder">{td_string!(l, editor.reminder)}</label>
        <input id="ev-reminder" type="number" min="0" max="336" name="input[reminder_hours]" value=if values.reminder_hours.is_empty() { "24".to_string() } else { values.reminder_hours.clone() }
            aria-invalid=errors.invalid("reminder_hours") aria-describedby=errors.described_by("reminder_hours", "ev-reminder", None)/>
        <FieldError errors field="reminder_hours" id="ev-reminder"/>
        <label for="ev-reply-to">{crate::i18n::td_string!(crate::locale::current(), rsvp.reply_to_label)}</label>
        <input id="ev-reply-to" type="email" name="input[reply_to]" value=values.reply_to.clone() maxlength="254" autocomplete="email"/>
        <label for="ev-visibility">{td_string!(l, editor.visibility)}</label>
        <select id="ev-visibility" name="input[visibility]"
            aria-invalid=errors.invalid("visibility") aria-describedby=errors.described_by("visibility", "ev-visibility", None)>{visibility}</select>
        <FieldError errors field="visibility" id="ev-visibility"/>
        <label class="check">
            <input type="checkbox" name="input[requires_approval]" value="on" checked=values.requires_approval == "on"/>
            {td_string!(l, editor.approval)}
        </label>
        <label for="ev-description">{td_string!(l, editor.description)}</label>
        <TextArea id="ev-description" name="input[description]" rows=8 value=values.description.clone()
            attr:aria-invalid=errors.invalid("description") attr:aria-describedby=errors.described_by("description", "ev-description", None)/>
        <FieldError errors field="description" id="ev-description"/>
        <label for="ev-series">{td_string!(l, editor.series)}</label>
        <input id="ev-series" name="input[series]" value=values.series.clone() maxlength="80"
            aria-invalid=errors.invalid("series") aria-describedby=errors.described_by("series", "ev-series", None)/>
        <FieldError errors field="series" id="ev-series"/>
        <label for="ev-title-de">{td_string!(l, editor.title_de)}</label>
        <input id="ev-title-de" name="input[title_de]" lang="de" value=values.title_de.clone() maxlength="120"
            aria-invalid=errors.invalid("title_de") aria-describedby=errors.described_by("title_de", "ev-title-de", None)/>
        <FieldError errors field="title_de" id="ev-title-de"/>
        <label for="ev-description-de">{td_string!(l, editor.description_de)}</label>
        <TextArea id="ev-description-de" name="input[description_de]" lang="de" rows=6 value=values.description_de.clone()
            attr:aria-invalid=errors.invalid("description_de") attr:aria-describedby=errors.described_by("description_de", "ev-description-de", None)/>
        <FieldError errors field="description_de" id="ev-description-de"/>
    }
}

/// The questions a new event asks from the start, one per line (the editor adds choices later).
#[component]
fn FirstQuestions(errors: FieldErrors) -> impl IntoView {
    let l = locale::current();
    view! {
        <label for="ev-questions">{td_string!(l, editor.first_questions)}</label>
        <TextArea id="ev-questions" name="questions" rows=3
            attr:aria-invalid=errors.invalid("questions")
            attr:aria-describedby=errors.described_by("questions", "ev-questions", Some("ev-questions-hint"))/>
        <p class="hint" id="ev-questions-hint">{td_string!(l, editor.first_questions_hint)}</p>
        <FieldError errors field="questions" id="ev-questions"/>
    }
}

#[component]
pub fn NewEventPage() -> impl IntoView {
    let create = ServerAction::<CreateEvent>::new();
    let l = locale::current();
    view! {
        <Title text=td_string!(l, editor.new_title)/>
        <section class="narrow">
            <h1>{td_string!(l, editor.new_title)}</h1>
            <p class="muted">{td_string!(l, editor.new_lead)}</p>
            <Enhance>
                <ActionForm action=create attr:class="stack">
                    <EventFields values=EventInput::default() errors=FieldErrors::new(create.value())/>
                    <FirstQuestions errors=FieldErrors::new(create.value())/>
                    <FormError result=create.value()/>
                    <button type="submit" class="primary">{td_string!(l, editor.create)}</button>
                </ActionForm>
            </Enhance>
        </section>
    }
}

/// The editor's own forms: publish or unpublish, then every field of the event.
#[component]
pub fn EventEditorForms(event: EventDetails) -> impl IntoView {
    let update = ServerAction::<UpdateEvent>::new();
    let publish = ServerAction::<PublishEvent>::new();
    let id = event.id;
    let published = event.status == EventStatus::Published;
    let l = locale::current();
    view! {
        {(event.status != EventStatus::Cancelled).then(|| view! {
            <Enhance><ActionForm action=publish attr:class="stack">
                <input type="hidden" name="event_id" value=id.to_string()/>
                <input type="hidden" name="published" value=(!published).to_string()/>
                <FormError result=publish.value()/>
                <button type="submit" class="primary">{if published { td_string!(l, editor.unpublish) } else { td_string!(l, editor.publish) }}</button>
            </ActionForm></Enhance>
        })}
        <Enhance><ActionForm action=update attr:class="stack">
            <input type="hidden" name="event_id" value=id.to_string()/>
            <input type="hidden" name="was" value=event.slug.clone()/>
            <EventFields values=event.input.clone().unwrap_or_default() errors=FieldErrors::new(update.value())/>
            <FormError result=update.value()/>
            <FormNotice action=UpdateEvent::PATH/>
            <button type="submit" class="primary">{td_string!(l, editor.save)}</button>
        </ActionForm></Enhance>
    }
}

/// The editor's last forms: copy the event for the next date, or cancel it.
#[component]
pub fn EventEditorEnd(event: EventDetails) -> impl IntoView {
    let cancel = ServerAction::<CancelEvent>::new();
    let clone = ServerAction::<CloneEvent>::new();
    let id = event.id;
    let l = locale::current();
    let reason = FieldErrors::new(cancel.value());
    view! {
        <h2>{td_string!(l, editor.next_time)}</h2>
        <Enhance><ActionForm action=clone attr:class="stack">
            <input type="hidden" name="event_id" value=id.to_string()/>
            <p class="muted">{td_string!(l, editor.copy_lead)}</p>
            <FormError result=clone.value()/>
            <button type="submit">{td_string!(l, editor.copy)}</button>
        </ActionForm></Enhance>
        {(event.status != EventStatus::Cancelled).then(|| view! {
            <h2>{td_string!(l, editor.cancel_heading)}</h2>
            <Enhance><ActionForm action=cancel attr:class="stack danger-zone">
                <input type="hidden" name="event_id" value=id.to_string()/>
                <label for="cancel-reason">{td_string!(l, editor.cancel_reason)}</label>
                <TextArea id="cancel-reason" name="reason" rows=3 required=true
                    attr:aria-invalid=reason.invalid("reason") attr:aria-describedby=reason.described_by("reason", "cancel-reason", None)/>
                <FieldError errors=reason field="reason" id="cancel-reason"/>
                <FormError result=cancel.value()/>
                <FormNotice action=CancelEvent::PATH/>
                <button type="submit" class="danger">{td_string!(l, editor.cancel)}</button>
            </ActionForm></Enhance>
        })}
    }
}
