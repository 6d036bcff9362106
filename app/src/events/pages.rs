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
use crate::ui::{Enhance, FormError, FormNotice};
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
                    <a href=format!("{base}/edit")>"Edit event"</a>
                    <a href=format!("{base}/attendees")>"Attendees"</a>
                    <a href=format!("{base}/check-in")>"Check-in"</a>
                    <a href=format!("{base}/attendees.csv") download="" rel="external">"Attendees as CSV"</a>
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

/// The editor's fields; `values` fills them when editing.
#[component]
pub fn EventFields(values: EventInput) -> impl IntoView {
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

/// The editor's own forms: publish or unpublish, then every field of the event.
#[component]
pub fn EventEditorForms(event: EventDetails) -> impl IntoView {
    let update = ServerAction::<UpdateEvent>::new();
    let publish = ServerAction::<PublishEvent>::new();
    let id = event.id;
    let published = event.status == EventStatus::Published;
    view! {
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
    }
}

/// The editor's last forms: copy the event for the next date, or cancel it.
#[component]
pub fn EventEditorEnd(event: EventDetails) -> impl IntoView {
    let cancel = ServerAction::<CancelEvent>::new();
    let clone = ServerAction::<CloneEvent>::new();
    let id = event.id;
    view! {
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
}
