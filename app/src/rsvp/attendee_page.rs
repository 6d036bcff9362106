//! The organizer's attendee list page: counts, who comes and waits, approvals, moving a party
//! on the waitlist, messages and invitations; it follows the event live.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{ApproveRsvp, DeclineRsvp, MessageAttendees, MoveOnWaitlist, list_attendees};
use super::model::Status;
use crate::events::api::InviteGuests;
use crate::events::model::Attendee;
use crate::events::pages::slug_param;
use crate::html::TextArea;
use crate::ui::{ErrorView, FormError, FormSuccess};

#[component]
pub fn AttendeesPage() -> impl IntoView {
    let slug = slug_param();
    let message = ServerAction::<MessageAttendees>::new();
    let invite = ServerAction::<InviteGuests>::new();
    let move_party = ServerAction::<MoveOnWaitlist>::new();
    let approve = ServerAction::<ApproveRsvp>::new();
    let decline = ServerAction::<DeclineRsvp>::new();
    // Bumped whenever the server says who comes has changed (an RSVP, a check-in at the door).
    let changes = RwSignal::new(0u32);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        follow_live(&slug(), changes);
    });
    let decided = move || approve.version().get() + decline.version().get();
    let list = Resource::new(move || (slug(), move_party.version().get() + decided(), changes.get()), |(slug, _, _)| list_attendees(slug));
    view! {
        <Title text="Attendees"/>
        <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                {move || Suspend::new(async move {
                    list.await.map(|list| {
                        let c = list.counts.clone();
                        let capacity = list.capacity.map_or_else(|| "no limit".to_string(), |cap| format!("{cap} places"));
                        view! {
                            <h1>"Attendees: " {list.title.clone()}</h1>
                            <p><a href=format!("/events/{}", list.slug)>"Back to the event page"</a></p>
                            <ul class="counts">
                                <li><strong>{c.going_people}</strong>" going in " {parties(c.going_parties)} " (" {capacity} ")"</li>
                                <li><strong>{c.waitlisted_people}</strong>" waiting in " {parties(c.waitlisted_parties)}</li>
                                <li><strong>{c.maybe}</strong>" maybe"</li>
                                <li><strong>{c.not_going}</strong>" not going"</li>
                                <li><strong>{c.checked_in_people}</strong>" checked in (" {parties(c.checked_in_parties)} ")"</li>
                                {(c.pending_parties > 0).then(|| view! {
                                    <li><strong>{c.pending_people}</strong>" awaiting approval in " {parties(c.pending_parties)}</li>
                                })}
                                {(c.declined > 0).then(|| view! { <li><strong>{c.declined}</strong>" declined"</li> })}
                            </ul>
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
                                <ActionForm action=move_party attr:class="stack narrow">
                                    <input type="hidden" name="event_id" value=list.event_id.to_string()/>
                                    <label for="move-email">"Whose RSVP (email)"</label>
                                    <input id="move-email" type="email" name="email" required/>
                                    <label for="move-position">"New place in line"</label>
                                    <input id="move-position" type="number" name="position" min="1" required/>
                                    <label for="move-reason">"Reason (kept with the change)"</label>
                                    <input id="move-reason" name="reason" required maxlength="500"/>
                                    <FormError result=move_party.value()/>
                                    <button type="submit">"Move"</button>
                                </ActionForm>
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
                            <ActionForm action=message attr:class="stack narrow">
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
                                <FormSuccess result=message.value() message=|n: usize| format!("Sent to {n} people.")/>
                                <button type="submit" class="primary">"Send"</button>
                            </ActionForm>
                            <h2>"Invite people"</h2>
                            <ActionForm action=invite attr:class="stack narrow">
                                <input type="hidden" name="event_id" value=list.event_id.to_string()/>
                                <label for="invite-addresses">"Email addresses, one per line (each gets a personal link; for private events, only they can see and answer)"</label>
                                <TextArea id="invite-addresses" name="addresses" rows=4 required=true/>
                                <FormError result=invite.value()/>
                                <FormSuccess result=invite.value() message=|n: usize| format!("Invited {n} people.")/>
                                <button type="submit" class="primary">"Send invitations"</button>
                            </ActionForm>
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
                                <ActionForm action=approve>
                                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                                    <input type="hidden" name="email" value=email/>
                                    <button type="submit" class="primary" aria-label=approve_label>"Approve"</button>
                                </ActionForm>
                                <ActionForm action=decline attr:class="decline">
                                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                                    <input type="hidden" name="email" value=a.email/>
                                    <label for=note_id.clone()>"Note to them (optional)"</label>
                                    <input id=note_id name="note" maxlength="500"/>
                                    <button type="submit" class="danger" aria-label=decline_label>"Decline"</button>
                                </ActionForm>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// Listens to `/events/<slug>/live` and bumps `changes` on each announcement. The browser
/// reconnects by itself after a network hiccup; once the page is gone, the next message closes it.
#[cfg(feature = "hydrate")]
fn follow_live(slug: &str, changes: RwSignal<u32>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new(&format!("/events/{slug}/live")) else { return };
    let closer = source.clone();
    let on_change = Closure::<dyn Fn()>::new(move || {
        if changes.try_update(|n| *n += 1).is_none() {
            closer.close();
        }
    });
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    // The listener lives as long as the connection, which outlives this function.
    on_change.forget();
}
