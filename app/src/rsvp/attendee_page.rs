//! The organizer's attendee list page: counts, who comes and waits, approvals, moving a party
//! on the waitlist, messages and invitations; it follows the event live.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{ApproveRsvp, DeclineRsvp, MessageAttendees, MoveOnWaitlist, list_attendees};
use super::model::Status;
use super::roster::{Attendee, AttendeeCounts};
use crate::events::api::InviteGuests;
use crate::events::pages::slug_param;
use crate::html::TextArea;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice, StaffIslands};
use server_fn::ServerFn as _;

#[component]
pub fn AttendeesPage() -> impl IntoView {
    let slug = slug_param();
    let message = ServerAction::<MessageAttendees>::new();
    let invite = ServerAction::<InviteGuests>::new();
    let move_party = ServerAction::<MoveOnWaitlist>::new();
    let approve = ServerAction::<ApproveRsvp>::new();
    let decline = ServerAction::<DeclineRsvp>::new();
    let list = Resource::new(slug, list_attendees);
    view! {
        <Title text="Attendees"/>
        <StaffIslands/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                {move || Suspend::new(async move {
                    list.await.map(|list| {
                        view! {
                            <h1>"Attendees: " {list.title.clone()}</h1>
                            <p><a href=format!("/events/{}", list.slug)>"Back to the event page"</a></p>
                            <LiveCounts slug=list.slug.clone() counts=list.counts.clone() capacity=list.capacity/>
                            <PendingApprovals event_id=list.event_id attendees=list.attendees.clone() approve decline/>
                            {list.summary.clone().into_iter().map(|summary| view! {
                                <h2>{summary.question.clone()}</h2>
                                <ul class="counts">
                                    {summary.counts.into_iter().map(|(answer, parties, people)| view! {
                                        <li><strong>{people}</strong> " " {answer} " (" {parties} " RSVPs)"</li>
                                    }).collect_view()}
                                </ul>
                            }).collect_view()}
                            <table class="attendees">
                                <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Answer"</th><th scope="col">"Party"</th><th scope="col">"Dietary needs"</th><th scope="col">"Arrived"</th><th scope="col">"Answers"</th></tr></thead>
                                <tbody>
                                    {list.attendees.into_iter().map(|a| {
                                        let status = match a.waitlist_position {
                                            Some(pos) => format!("Waitlist #{pos}"),
                                            None => match a.status {
                                                Status::Going => "Going".into(),
                                                Status::Maybe => "Maybe".into(),
                                                Status::Pending => "Awaiting approval".into(),
                                                Status::Declined => "Declined".into(),
                                                _ => "Not going".into(),
                                            },
                                        };
                                        let arrived = if a.checked_in { "Yes" } else { "" };
                                        let answers = a.answers.iter().filter(|(_, v)| !v.is_empty()).map(|(q, v)| format!("{q}: {v}")).collect::<Vec<_>>().join("; ");
                                        view! { <tr><td>{a.name}</td><td>{a.email}</td><td>{status}</td><td>{a.party_size}</td><td>{a.dietary}</td><td>{arrived}</td><td>{answers}</td></tr> }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {(list.counts.waitlisted_parties > 1).then(|| view! {
                                <h2>"Move a party on the waitlist"</h2>
                                <Enhance><ActionForm action=move_party attr:class="stack narrow">
                                    <input type="hidden" name="event_id" value=list.event_id.to_string()/>
                                    <label for="move-email">"Whose RSVP (email)"</label>
                                    <input id="move-email" type="email" name="email" required/>
                                    <label for="move-position">"New place in line"</label>
                                    <input id="move-position" type="number" name="position" min="1" required/>
                                    <label for="move-reason">"Reason (kept with the change)"</label>
                                    <input id="move-reason" name="reason" required maxlength="500"/>
                                    <FormError result=move_party.value()/>
                                    <button type="submit">"Move"</button>
                                </ActionForm></Enhance>
                            })}
                            {(!list.audit.is_empty()).then(|| view! {
                                <h2>"Changes made by hand"</h2>
                                <ul class="audit">
                                    {list.audit.clone().into_iter().map(|a| view! {
                                        <li>{a.when} ": " {a.by} " — " {a.attendee} ", " {a.change} ". " <em>{a.reason}</em></li>
                                    }).collect_view()}
                                </ul>
                            })}
                            <h2>"Message attendees"</h2>
                            <Enhance><ActionForm action=message attr:class="stack narrow">
                                <input type="hidden" name="event_id" value=list.event_id.to_string()/>
                                <label for="msg-audience">"To"</label>
                                <select id="msg-audience" name="audience">
                                    <option value="going">"Everyone going"</option>
                                    <option value="waitlisted">"The waitlist"</option>
                                    <option value="maybe">"Those who said maybe"</option>
                                    <option value="everyone">"All of them"</option>
                                </select>
                                <label for="msg-subject">"Subject"</label>
                                <input id="msg-subject" name="subject" required maxlength="150"/>
                                <label for="msg-text">"Message"</label>
                                <TextArea id="msg-text" name="text" rows=5 required=true/>
                                <FormError result=message.value()/>
                                <FormNotice action=MessageAttendees::PATH/>
                                <button type="submit" class="primary">"Send"</button>
                            </ActionForm></Enhance>
                            <h2>"Invite people"</h2>
                            <Enhance><ActionForm action=invite attr:class="stack narrow">
                                <input type="hidden" name="event_id" value=list.event_id.to_string()/>
                                <label for="invite-addresses">"Email addresses, one per line (each gets a personal link; for private events, only they can see and answer)"</label>
                                <TextArea id="invite-addresses" name="addresses" rows=4 required=true/>
                                <FormError result=invite.value()/>
                                <FormNotice action=InviteGuests::PATH/>
                                <button type="submit" class="primary">"Send invitations"</button>
                            </ActionForm></Enhance>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// "1 party", "3 parties".
fn parties(n: u32) -> String {
    if n == 1 { "1 party".into() } else { format!("{n} parties") }
}

/// The parties asking to come, each with approve and decline; nothing when none waits.
#[component]
fn PendingApprovals(
    event_id: i64,
    attendees: Vec<Attendee>,
    approve: ServerAction<ApproveRsvp>,
    decline: ServerAction<DeclineRsvp>,
) -> impl IntoView {
    let pending: Vec<Attendee> = attendees.into_iter().filter(|a| a.status == Status::Pending).collect();
    (!pending.is_empty()).then(|| view! {
        <section class="approvals" aria-labelledby="approvals-heading">
            <h2 id="approvals-heading">"Waiting for your approval"</h2>
            <p class="muted">"Approved parties take places if enough are free, otherwise they join the waitlist. Everyone hears your decision by mail."</p>
            <FormError result=approve.value()/>
            <FormError result=decline.value()/>
            <ul class="approvals-list">
                {pending.into_iter().enumerate().map(|(i, a)| {
                    let note_id = format!("decline-note-{i}");
                    let (approve_label, decline_label) = (format!("Approve {}", a.name), format!("Decline {}", a.name));
                    let email = a.email.clone();
                    let who = format!("{} ({}), party of {}{}", a.name, a.email, a.party_size, if a.dietary.is_empty() { String::new() } else { format!(", {}", a.dietary) });
                    view! {
                        <li>
                            <p>{who}</p>
                            <div class="actions">
                                <Enhance><ActionForm action=approve>
                                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                                    <input type="hidden" name="email" value=email/>
                                    <button type="submit" class="primary" aria-label=approve_label>"Approve"</button>
                                </ActionForm></Enhance>
                                <Enhance><ActionForm action=decline attr:class="decline">
                                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                                    <input type="hidden" name="email" value=a.email/>
                                    <label for=note_id.clone()>"Note to them (optional)"</label>
                                    <input id=note_id name="note" maxlength="500"/>
                                    <button type="submit" class="danger" aria-label=decline_label>"Decline"</button>
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
    let counts = RwSignal::new(counts);
    let changed = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let slug = slug.clone();
        Effect::new(move |_| follow_live(&slug, counts, changed));
    }
    let capacity = capacity.map_or_else(|| "no limit".to_string(), |cap| format!("{cap} places"));
    let c = move || counts.get();
    view! {
        <ul class="counts" aria-live="polite">
            <li><strong>{move || c().going_people}</strong>" going in " {move || parties(c().going_parties)} " (" {capacity} ")"</li>
            <li><strong>{move || c().waitlisted_people}</strong>" waiting in " {move || parties(c().waitlisted_parties)}</li>
            <li><strong>{move || c().maybe}</strong>" maybe"</li>
            <li><strong>{move || c().not_going}</strong>" not going"</li>
            <li><strong>{move || c().checked_in_people}</strong>" checked in (" {move || parties(c().checked_in_parties)} ")"</li>
            {move || (c().pending_parties > 0).then(|| view! {
                <li><strong>{c().pending_people}</strong>" awaiting approval in " {parties(c().pending_parties)}</li>
            })}
            {move || (c().declined > 0).then(|| view! { <li><strong>{c().declined}</strong>" declined"</li> })}
        </ul>
        {move || changed.get().then(|| view! {
            <p class="notice">"Answers or arrivals came in since this page opened. " <a href=format!("/events/{slug}/attendees")>"Reload the list"</a></p>
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
