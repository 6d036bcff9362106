//! The organizer's attendee list page: counts, approvals, what those going asked for, the rows
//! (searched and sorted by a plain GET form, each with its actions), the invited who have not
//! answered, moves, messages and invitations; its counts follow the event live.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::api::{ApproveRsvp, DeclineRsvp, MessageAttendees, MoveOnWaitlist, attendee_view};
use super::attendee_rows::{AttendeeRows, InvitedList, Summaries};
use super::listing::parties;
use super::roster::{Attendee, AttendeeCounts};
use crate::events::api::InviteGuests;
use crate::events::pages::slug_param;
use crate::html::TextArea;
use crate::i18n::td_string;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice, StaffIslands};
use server_fn::ServerFn as _;

#[component]
pub fn AttendeesPage() -> impl IntoView {
    let l = crate::locale::current();
    let slug = slug_param();
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let sort = move || query.read().get("sort").unwrap_or_default();
    let list = Resource::new(move || (slug(), search(), sort()), |(slug, q, sort)| attendee_view(slug, q, sort));
    view! {
        <Title text=td_string!(l, attendees.title)/>
        <StaffIslands/>
        <Transition fallback=move || view! { <p class="muted">{td_string!(l, attendees.loading)}</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                {move || Suspend::new(async move {
                    list.await.map(|page| {
                        let list = page.list.clone();
                        let (event_id, slug) = (list.event_id, list.slug.clone());
                        view! {
                            <h1>{td_string!(l, attendees.heading, event = list.title.clone())}</h1>
                            <p class="roster-links">
                                <a href=format!("/events/{slug}")>{td_string!(l, attendees.back)}</a>
                                <a href=format!("/events/{slug}/attendees.csv") download=format!("{slug}-attendees.csv")>{td_string!(l, attendees.csv)}</a>
                            </p>
                            <LiveCounts slug=slug.clone() counts=list.counts.clone() capacity=list.capacity/>
                            <PendingApprovals event_id pending=page.pending.clone()/>
                            <Summaries summary=list.summary.clone() dietary=page.dietary.clone()/>
                            <AttendeeRows page=page.clone()/>
                            <InvitedList event_id invited=page.invited.clone()/>
                            <MoveForm event_id waiting=list.counts.waitlisted_parties/>
                            {(!list.audit.is_empty()).then(|| view! {
                                <h2>{td_string!(l, attendees.audit_heading)}</h2>
                                <ul class="audit">
                                    {list.audit.clone().into_iter().map(|a| view! {
                                        <li>{a.when} ": " {a.by} " — " {a.attendee} ", " {a.change} ". " <em>{a.reason}</em></li>
                                    }).collect_view()}
                                </ul>
                            })}
                            <MessageForm event_id/>
                            <InviteForm event_id/>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Moving a party to any place in line, with a reason; when two or more wait.
#[component]
fn MoveForm(event_id: i64, waiting: u32) -> impl IntoView {
    let l = crate::locale::current();
    let move_party = ServerAction::<MoveOnWaitlist>::new();
    (waiting > 1).then(|| {
        view! {
            <h2>{td_string!(l, attendees.move_heading)}</h2>
            <Enhance><ActionForm action=move_party attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="move-email">{td_string!(l, attendees.move_email)}</label>
                <input id="move-email" type="email" name="email" required/>
                <label for="move-position">{td_string!(l, attendees.move_position)}</label>
                <input id="move-position" type="number" name="position" min="1" required/>
                <label for="move-reason">{td_string!(l, attendees.move_reason)}</label>
                <input id="move-reason" name="reason" required maxlength="500"/>
                <FormError result=move_party.value()/>
                <button type="submit">{td_string!(l, attendees.move_submit)}</button>
            </ActionForm></Enhance>
        }
    })
}

/// A message to one group: those going, waiting, maybe, all of them, or the invited who have
/// not answered (a reminder with their personal link).
#[component]
fn MessageForm(event_id: i64) -> impl IntoView {
    let l = crate::locale::current();
    let message = ServerAction::<MessageAttendees>::new();
    view! {
        <h2>{td_string!(l, attendees.message_heading)}</h2>
        <Enhance><ActionForm action=message attr:class="stack narrow">
            <input type="hidden" name="event_id" value=event_id.to_string()/>
            <label for="msg-audience">{td_string!(l, attendees.message_to)}</label>
            <select id="msg-audience" name="audience">
                <option value="going">{td_string!(l, attendees.audience_going)}</option>
                <option value="waitlisted">{td_string!(l, attendees.audience_waitlisted)}</option>
                <option value="maybe">{td_string!(l, attendees.audience_maybe)}</option>
                <option value="everyone">{td_string!(l, attendees.audience_everyone)}</option>
                <option value="invited">{td_string!(l, attendees.audience_invited)}</option>
            </select>
            <label for="msg-subject">{td_string!(l, attendees.message_subject)}</label>
            <input id="msg-subject" name="subject" required maxlength="150"/>
            <label for="msg-text">{td_string!(l, attendees.message_text)}</label>
            <TextArea id="msg-text" name="text" rows=5 required=true/>
            <FormError result=message.value()/>
            <FormNotice action=MessageAttendees::PATH/>
            <button type="submit" class="primary">{td_string!(l, attendees.send)}</button>
        </ActionForm></Enhance>
    }
}

#[component]
fn InviteForm(event_id: i64) -> impl IntoView {
    let l = crate::locale::current();
    let invite = ServerAction::<InviteGuests>::new();
    view! {
        <h2>{td_string!(l, attendees.invite_heading)}</h2>
        <Enhance><ActionForm action=invite attr:class="stack narrow">
            <input type="hidden" name="event_id" value=event_id.to_string()/>
            <label for="invite-addresses">{td_string!(l, attendees.invite_addresses)}</label>
            <TextArea id="invite-addresses" name="addresses" rows=4 required=true/>
            <FormError result=invite.value()/>
            <FormNotice action=InviteGuests::PATH/>
            <button type="submit" class="primary">{td_string!(l, attendees.invite_send)}</button>
        </ActionForm></Enhance>
    }
}

/// The parties asking to come, each with approve and decline; nothing when none waits.
#[component]
fn PendingApprovals(event_id: i64, pending: Vec<Attendee>) -> impl IntoView {
    let l = crate::locale::current();
    let approve = ServerAction::<ApproveRsvp>::new();
    let decline = ServerAction::<DeclineRsvp>::new();
    (!pending.is_empty()).then(|| view! {
        <section class="approvals" aria-labelledby="approvals-heading">
            <h2 id="approvals-heading">{td_string!(l, attendees.approvals_heading)}</h2>
            <p class="muted">{td_string!(l, attendees.approvals_hint)}</p>
            <FormError result=approve.value()/>
            <FormError result=decline.value()/>
            <ul class="approvals-list">
                {pending.into_iter().enumerate().map(|(i, a)| {
                    let note_id = format!("decline-note-{i}");
                    let approve_label = td_string!(l, attendees.approve_label, name = &a.name).to_string();
                    let decline_label = td_string!(l, attendees.decline_label, name = &a.name).to_string();
                    let mut who = td_string!(l, attendees.approval_who, name = &a.name, email = &a.email, party = a.party_size).to_string();
                    if !a.dietary.is_empty() {
                        who.push_str(&format!(", {}", a.dietary));
                    }
                    let email = a.email.clone();
                    view! {
                        <li>
                            <p>{who}</p>
                            <div class="actions">
                                <Enhance><ActionForm action=approve>
                                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                                    <input type="hidden" name="email" value=email/>
                                    <button type="submit" class="primary" aria-label=approve_label>{td_string!(l, attendees.approve)}</button>
                                </ActionForm></Enhance>
                                <Enhance><ActionForm action=decline attr:class="decline">
                                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                                    <input type="hidden" name="email" value=a.email/>
                                    <label for=note_id.clone()>{td_string!(l, attendees.decline_note)}</label>
                                    <input id=note_id name="note" maxlength="500"/>
                                    <button type="submit" class="danger" aria-label=decline_label>{td_string!(l, attendees.decline)}</button>
                                </ActionForm></Enhance>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// The counts at the top of the list, kept current while the page is open: each announcement
/// on `/events/<slug>/live` (an RSVP, a check-in at the door) reads them again, and the list
/// below offers a reload. In the staff bundle only.
#[cfg_attr(any(feature = "ssr", feature = "staff"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff")), component)]
fn LiveCounts(slug: String, counts: AttendeeCounts, capacity: Option<u32>) -> impl IntoView {
    let l = crate::locale::current();
    let counts = RwSignal::new(counts);
    let changed = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let slug = slug.clone();
        Effect::new(move |_| follow_live(&slug, counts, changed));
    }
    let capacity = capacity.map_or_else(
        || td_string!(l, attendees.capacity_none).to_string(),
        |cap| td_string!(l, attendees.capacity_places, count = cap).to_string(),
    );
    let c = move || counts.get();
    view! {
        <ul class="counts" aria-live="polite">
            <li><strong>{move || c().going_people}</strong>{move || td_string!(l, attendees.count_going, parties = parties(c().going_parties), capacity = capacity.clone()).to_string()}</li>
            <li><strong>{move || c().waitlisted_people}</strong>{move || td_string!(l, attendees.count_waiting, parties = parties(c().waitlisted_parties)).to_string()}</li>
            <li><strong>{move || c().maybe}</strong>{td_string!(l, attendees.count_maybe)}</li>
            <li><strong>{move || c().not_going}</strong>{td_string!(l, attendees.count_not_going)}</li>
            <li><strong>{move || c().checked_in_people}</strong>{move || td_string!(l, attendees.count_checked_in, parties = parties(c().checked_in_parties)).to_string()}</li>
            {move || (c().pending_parties > 0).then(|| view! {
                <li><strong>{c().pending_people}</strong>{td_string!(l, attendees.count_pending, parties = parties(c().pending_parties)).to_string()}</li>
            })}
            {move || (c().declined > 0).then(|| view! { <li><strong>{c().declined}</strong>{td_string!(l, attendees.count_declined)}</li> })}
        </ul>
        {move || changed.get().then(|| view! {
            <p class="notice">{td_string!(l, attendees.changed)} " " <a href=format!("/events/{slug}/attendees")>{td_string!(l, attendees.reload)}</a></p>
        })}
    }
}

/// Listens to `/events/<slug>/live` and reads the counts again on each announcement. The
/// browser reconnects by itself after a network hiccup; once the page is gone, the next
/// message closes it.
#[cfg(feature = "hydrate")]
fn follow_live(slug: &str, counts: RwSignal<AttendeeCounts>, changed: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new(&format!("/events/{slug}/live")) else { return };
    let closer = source.clone();
    let slug = slug.to_string();
    let on_change = Closure::<dyn Fn()>::new(move || {
        if changed.try_set(true).is_some() {
            closer.close();
            return;
        }
        let slug = slug.clone();
        leptos::task::spawn_local(async move {
            let url = format!("{}?slug={}", <super::api::AttendeeCounts as server_fn::ServerFn>::PATH, js_sys::encode_uri_component(&slug));
            if let Some(now) = crate::browser::get(&url).await.ok().and_then(|reply| serde_json::from_str(&reply.body).ok()) {
                counts.try_set(now);
            }
        });
    });
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    // The listener lives as long as the connection, which outlives this function.
    on_change.forget();
}
