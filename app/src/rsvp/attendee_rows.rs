//! Parts of the organizer's attendee page: the rows with their search, sort and actions, the
//! invited who have not answered, and what those going asked for.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{CancelParty, CheckInParty, NudgeOnWaitlist, ResendInvitation};
use super::listing::{AttendeeView, DietarySummary, Invitee, SortBy, people, rsvps};
use super::model::Status;
use super::questions::AnswerSummary;
use super::roster::Attendee;
use crate::i18n::td_string;
use crate::locale::Locale;
use crate::ui::{Enhance, FormError, FormNotice};
use server_fn::ServerFn as _;

/// The row actions' server functions, made once for the whole table.
#[derive(Clone, Copy)]
struct RowActions {
    cancel: ServerAction<CancelParty>,
    nudge: ServerAction<NudgeOnWaitlist>,
    check_in: ServerAction<CheckInParty>,
}

/// The search form (a plain GET: `?q=…&sort=…`, without scripts too) and the rows it finds.
#[component]
pub fn AttendeeRows(page: AttendeeView) -> impl IntoView {
    let l = crate::locale::current();
    let actions = RowActions { cancel: ServerAction::new(), nudge: ServerAction::new(), check_in: ServerAction::new() };
    let event_id = page.list.event_id;
    let waiting = page.list.counts.waitlisted_parties;
    let shown = page.list.attendees.len();
    let searching = !page.query.is_empty();
    let current = page.sort;
    let sort_label = |k: SortBy| match k {
        SortBy::Status => td_string!(l, attendees.sort_status),
        SortBy::Name => td_string!(l, attendees.sort_name),
        SortBy::Answered => td_string!(l, attendees.sort_answered),
        SortBy::Party => td_string!(l, attendees.sort_party),
    };
    view! {
        <section class="roster-section" aria-labelledby="roster-heading">
            <h2 id="roster-heading">{td_string!(l, attendees.search_heading)}</h2>
            <form method="get" role="search" class="roster-search">
                <div class="field">
                    <label for="roster-q">{td_string!(l, attendees.search)}</label>
                    <input id="roster-q" type="search" name="q" value=page.query.clone() maxlength="100"/>
                </div>
                <div class="field">
                    <label for="roster-sort">{td_string!(l, attendees.sort)}</label>
                    <select id="roster-sort" name="sort">
                        {SortBy::ALL.map(|k| view! { <option value=k.as_str() selected={k == current}>{sort_label(k)}</option> })}
                    </select>
                </div>
                <button type="submit">{td_string!(l, attendees.apply)}</button>
            </form>
            <p class="muted" role="status">
                {td_string!(l, attendees.showing, shown = shown, total = page.total).to_string()}
                {searching.then(|| view! { " " <a href="?">{td_string!(l, attendees.clear)}</a> })}
            </p>
            <FormNotice action=CancelParty::PATH/>
            <FormNotice action=NudgeOnWaitlist::PATH/>
            <FormNotice action=CheckInParty::PATH/>
            <FormError result=actions.cancel.value()/>
            <FormError result=actions.nudge.value()/>
            <FormError result=actions.check_in.value()/>
            {if shown == 0 {
                let empty = if searching { td_string!(l, attendees.no_match) } else { td_string!(l, attendees.none_yet) };
                view! { <p>{empty}</p> }.into_any()
            } else {
                view! {
                    <table class="attendees roster">
                        <thead><tr>
                            <th scope="col">{td_string!(l, attendees.col_name)}</th>
                            <th scope="col">{td_string!(l, attendees.col_email)}</th>
                            <th scope="col">{td_string!(l, attendees.col_status)}</th>
                            <th scope="col">{td_string!(l, attendees.col_party)}</th>
                            <th scope="col">{td_string!(l, attendees.col_dietary)}</th>
                            <th scope="col">{td_string!(l, attendees.col_arrived)}</th>
                            <th scope="col">{td_string!(l, attendees.col_answers)}</th>
                            <th scope="col">{td_string!(l, attendees.col_actions)}</th>
                        </tr></thead>
                        <tbody>
                            {page.list.attendees.into_iter().map(|a| view! { <Row l a event_id waiting actions/> }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// A yes/no question's stored answer in the page's language; other answers as given.
fn yes_no(l: Locale, answer: String) -> String {
    match answer.as_str() {
        "yes" => td_string!(l, attendees.answer_yes).to_string(),
        "no" => td_string!(l, attendees.answer_no).to_string(),
        _ => answer,
    }
}

/// What an organizer reads for a status in the list.
fn status_words(l: Locale, a: &Attendee) -> String {
    match (a.waitlist_position, a.status) {
        (Some(position), _) => td_string!(l, attendees.status_waitlist, position = position).to_string(),
        (None, Status::Going) => td_string!(l, attendees.status_going).to_string(),
        (None, Status::Maybe) => td_string!(l, attendees.status_maybe).to_string(),
        (None, Status::Pending) => td_string!(l, attendees.status_pending).to_string(),
        (None, Status::Declined) => td_string!(l, attendees.status_declined).to_string(),
        (None, _) => td_string!(l, attendees.status_not_going).to_string(),
    }
}

/// One party's line: its cells carry their column's name, which a phone shows beside each value.
#[component]
fn Row(l: Locale, a: Attendee, event_id: i64, waiting: u32, actions: RowActions) -> impl IntoView {
    let status = status_words(l, &a);
    let arrived = if a.checked_in { td_string!(l, attendees.arrived_yes) } else { td_string!(l, attendees.arrived_no) };
    let answers = a
        .answers
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(q, v)| format!("{q}: {}", yes_no(l, v.clone())))
        .collect::<Vec<_>>()
        .join("; ");
    let hidden = move |email: String| {
        view! {
            <input type="hidden" name="event_id" value=event_id.to_string()/>
            <input type="hidden" name="email" value=email/>
        }
    };
    let cancellable = matches!(a.status, Status::Going | Status::Waitlisted | Status::Pending | Status::Maybe);
    let can_check_in = a.status == Status::Going && !a.checked_in;
    let position = a.waitlist_position.unwrap_or(0);
    let nudge = move |email: String, up: bool, name: &str| {
        let (words, label) = if up {
            (td_string!(l, attendees.move_up), td_string!(l, attendees.move_up_label, name = name).to_string())
        } else {
            (td_string!(l, attendees.move_down), td_string!(l, attendees.move_down_label, name = name).to_string())
        };
        view! {
            <Enhance><ActionForm action=actions.nudge>
                {hidden(email)}
                <input type="hidden" name="direction" value={if up { "up" } else { "down" }}/>
                <button type="submit" class="small" aria-label=label>{words}</button>
            </ActionForm></Enhance>
        }
    };
    let email = a.email.clone();
    let check_in_email = a.email.clone();
    let check_in_label = td_string!(l, attendees.check_in_label, name = &a.name).to_string();
    let cancel_label = td_string!(l, attendees.cancel_label, name = &a.name).to_string();
    let up = (position > 1).then(|| nudge(email.clone(), true, &a.name));
    let down = (position >= 1 && position < waiting).then(|| nudge(email.clone(), false, &a.name));
    view! {
        <tr>
            <td data-label={td_string!(l, attendees.col_name)}>{a.name.clone()}</td>
            <td data-label={td_string!(l, attendees.col_email)}>{a.email.clone()}</td>
            <td data-label={td_string!(l, attendees.col_status)}>{status}</td>
            <td data-label={td_string!(l, attendees.col_party)}>{a.party_size}</td>
            <td data-label={td_string!(l, attendees.col_dietary)}>{a.dietary.clone()}</td>
            <td data-label={td_string!(l, attendees.col_arrived)}>{arrived}</td>
            <td data-label={td_string!(l, attendees.col_answers)}>{answers}</td>
            <td data-label={td_string!(l, attendees.col_actions)}>
                <div class="row-actions">
                    {can_check_in.then(|| view! {
                        <Enhance><ActionForm action=actions.check_in>
                            {hidden(check_in_email)}
                            <button type="submit" class="small" aria-label=check_in_label>{td_string!(l, attendees.check_in)}</button>
                        </ActionForm></Enhance>
                    })}
                    {up}
                    {down}
                    {cancellable.then(|| view! {
                        <Enhance><ActionForm action=actions.cancel>
                            {hidden(email)}
                            <button type="submit" class="small danger" aria-label=cancel_label>{td_string!(l, attendees.cancel)}</button>
                        </ActionForm></Enhance>
                    })}
                </div>
            </td>
        </tr>
    }
}

/// Invited addresses without an answer, each with "Send again".
#[component]
pub fn InvitedList(event_id: i64, invited: Vec<Invitee>) -> impl IntoView {
    let l = crate::locale::current();
    let resend = ServerAction::<ResendInvitation>::new();
    view! {
        <section class="invited" aria-labelledby="invited-heading">
            <h2 id="invited-heading">{td_string!(l, attendees.invited_heading)}</h2>
            <FormNotice action=ResendInvitation::PATH/>
            <FormError result=resend.value()/>
            {if invited.is_empty() {
                view! { <p class="muted">{td_string!(l, attendees.invited_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="invited-list">
                        {invited.into_iter().map(|i| {
                            let label = td_string!(l, attendees.resend_label, email = &i.email).to_string();
                            view! {
                                <li>
                                    <span>{i.email.clone()} " · " {td_string!(l, attendees.invited_on, when = &i.invited_on).to_string()}</span>
                                    <Enhance><ActionForm action=resend attr:class="inline-form">
                                        <input type="hidden" name="event_id" value=event_id.to_string()/>
                                        <input type="hidden" name="email" value=i.email/>
                                        <button type="submit" class="small" aria-label=label>{td_string!(l, attendees.resend)}</button>
                                    </ActionForm></Enhance>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// What those going asked for: each choice once per RSVP with the people in those parties, and
/// the dietary notes as written.
#[component]
pub fn Summaries(summary: Vec<AnswerSummary>, dietary: DietarySummary) -> impl IntoView {
    let l = crate::locale::current();
    let covered = td_string!(
        l,
        attendees.dietary_covered,
        rsvps = rsvps(dietary.rsvps),
        going = dietary.going_rsvps,
        people = people(dietary.people),
        going_people = dietary.going_people
    )
    .to_string();
    view! {
        <section class="summaries" aria-labelledby="summaries-heading">
            <h2 id="summaries-heading">{td_string!(l, attendees.summary_heading)}</h2>
            <h3>{td_string!(l, attendees.dietary_heading)}</h3>
            <p class="hint">{td_string!(l, attendees.dietary_hint)}</p>
            {if dietary.notes.is_empty() {
                view! { <p class="muted">{td_string!(l, attendees.dietary_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="dietary-notes">
                        {dietary.notes.into_iter().map(|n| view! {
                            <li>{td_string!(l, attendees.dietary_note, note = &n.note, rsvps = rsvps(n.rsvps), people = people(n.people)).to_string()}</li>
                        }).collect_view()}
                    </ul>
                    <p>{covered}</p>
                }.into_any()
            }}
            {summary.into_iter().map(|s| view! {
                <h3>{s.question.clone()}</h3>
                <ul class="answer-counts">
                    {s.counts.into_iter().map(|(answer, parties, covered)| {
                        let answer = yes_no(l, answer);
                        view! {
                        <li>{td_string!(l, attendees.summary_choice, answer = &answer, rsvps = rsvps(parties), people = people(covered)).to_string()}</li>
                    }}).collect_view()}
                </ul>
            }).collect_view()}
        </section>
    }
}
