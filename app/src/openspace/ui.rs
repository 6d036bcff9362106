//! The participants' page of an open space: where it stands, what runs now and next, the
//! viewer's sessions, the grid, every session with its dots, and the proposal form.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn as _;

use super::api::{JoinOpenSpace, ProposeSession, StarSession, Vote, get_open_space};
pub use super::board::BoardPage;
use super::board::LiveTallies;
use super::model::{OpenSpacePage, ProposalInput};
use super::parts::{DotCount, ProposalFields, ScheduleGrid, SessionActions, length_words, session_href};
pub use super::session_page::SessionDetailPage;
pub use super::setup_page::OpenSpaceSetupPage;
use crate::events::pages::slug_param;
use crate::i18n::td_string;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice, IslandBundle};

#[component]
pub fn OpenSpaceAttendeePage() -> impl IntoView {
    let slug = slug_param();
    // A guest without an account takes part through their personal RSVP link (`?rsvp=…`).
    let query = use_query_map();
    let rsvp = move || query.read().get("rsvp");
    let page = Resource::new(move || (slug(), rsvp()), |(slug, rsvp)| get_open_space(slug, rsvp));
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, openspace.title)/>
        <IslandBundle name="openspace"/>
        <section class="open-space">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, openspace.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move {
                        let rsvp = rsvp();
                        page.await.map(|page| view! { <AttendeeView page rsvp/> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn AttendeeView(page: OpenSpacePage, rsvp: Option<String>) -> impl IntoView {
    let base = format!("/events/{}", page.slug);
    let participant = page.viewer.name.is_some();
    let l = crate::locale::current();
    let title = td_string!(l, openspace.title_of, event = &page.event_title).to_string();
    view! {
        <Title text=title.clone()/>
        <h1>{title}</h1>
        <ul class="phase">{page.phase.words.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
        <nav class="os-links" aria-label=td_string!(l, openspace.nav_label)>
            <a href=base.clone()>{td_string!(l, openspace.back_to_event)}</a>
            <a href=format!("{base}/board")>{td_string!(l, openspace.the_board)}</a>
            <a href=format!("{base}/open-space/schedule.ics") download="" rel="external">{td_string!(l, openspace.download_schedule)}</a>
            {participant.then(|| view! {
                <a href=format!("{base}/open-space/agenda.ics") download="" rel="external">{td_string!(l, openspace.download_agenda)}</a>
            })}
            {page.viewer.organizes.then(|| view! { <a href=format!("{base}/open-space/setup")>{td_string!(l, openspace.set_up)}</a> })}
        </nav>
        <TakePart page=page.clone() rsvp/>
        <LiveTallies slug=page.slug.clone()/>
        {(!page.slots.is_empty()).then(|| view! {
            <NowAndNext page=page.clone()/>
            <MySessions page=page.clone()/>
            <section aria-labelledby="grid-heading">
                <h2 id="grid-heading">{td_string!(l, openspace.the_grid)}</h2>
                <ScheduleGrid space=page.clone()/>
            </section>
        })}
        <SessionList page=page.clone()/>
        {(participant && page.phase.proposals_open).then(|| view! { <ProposalForm event_id=page.event_id/> })}
    }
}

/// Who the viewer is here: their dots, or why they cannot take part and how to join.
#[component]
fn TakePart(page: OpenSpacePage, rsvp: Option<String>) -> impl IntoView {
    let join = ServerAction::<JoinOpenSpace>::new();
    let viewer = page.viewer.clone();
    let may_join = viewer.name.is_none() && (viewer.may_join_by_name || (rsvp.is_some() && viewer.cannot_take_part.is_none()));
    let l = crate::locale::current();
    view! {
        <FormNotice action=JoinOpenSpace::PATH/>
        {viewer.name.is_some().then(|| view! {
            <p class="status-line">
                {td_string!(l, openspace.dots_left_line, left = viewer.dots_left, max = page.max_dots_per_session).to_string()}
            </p>
        })}
        {viewer.cannot_take_part.clone().map(|why| view! { <p class="notice">{why}</p> })}
        {may_join.then(|| view! {
            <Enhance><ActionForm action=join attr:class="stack narrow">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <input type="hidden" name="rsvp" value=rsvp.clone().unwrap_or_default()/>
                {viewer.may_join_by_name.then(|| view! {
                    <label for="join-name">{td_string!(l, openspace.join_name)}</label>
                    <input id="join-name" name="name" required maxlength="80" autocomplete="name"/>
                })}
                <FormError result=join.value()/>
                <button type="submit" class="primary">{td_string!(l, openspace.take_part)}</button>
            </ActionForm></Enhance>
        })}
    }
}

/// The sessions of the running slot and the one after it, room by room.
#[component]
fn NowAndNext(page: OpenSpacePage) -> impl IntoView {
    let l = crate::locale::current();
    let part = |heading: &'static str, slot_id: Option<i64>, none: &'static str| {
        let slot = slot_id.and_then(|id| page.slot(id));
        let sessions = slot
            .map(|slot| {
                page.rooms
                    .iter()
                    .filter_map(|room| page.session_in(slot.id, room.id).map(|s| (room.name.clone(), s.id, s.title.clone())))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        view! {
            <h3>{heading} {slot.map(|s| format!(" ({} {})", s.day, s.time))}</h3>
            {if sessions.is_empty() {
                view! { <p class="muted">{none}</p> }.into_any()
            } else {
                view! {
                    <ul class="now-list">
                        {sessions.into_iter().map(|(room, id, title)| view! {
                            <li><span class="room">{room}</span>": " <a href=session_href(&page.slug, id)>{title}</a></li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        }
    };
    view! {
        <section class="now-next" aria-labelledby="now-heading">
            <h2 id="now-heading">{td_string!(l, openspace.now_and_next)}</h2>
            {part(td_string!(l, openspace.now), page.now_slot, td_string!(l, openspace.nothing_now))}
            {part(td_string!(l, openspace.next), page.next_slot, td_string!(l, openspace.nothing_next))}
        </section>
    }
}

/// The sessions the viewer starred, facilitates or put dots on, with room and time.
#[component]
fn MySessions(page: OpenSpacePage) -> impl IntoView {
    let l = crate::locale::current();
    let mine: Vec<_> = page.sessions.iter().filter(|s| s.starred || s.mine || s.my_dots > 0).collect();
    let items = mine
        .iter()
        .map(|s| {
            let place = page.where_and_when(s).unwrap_or_else(|| td_string!(l, openspace.not_placed_yet).into());
            let why = if s.mine {
                td_string!(l, openspace.why_facilitate)
            } else if s.starred {
                td_string!(l, openspace.why_starred)
            } else {
                td_string!(l, openspace.why_voted)
            };
            view! { <li><a href=session_href(&page.slug, s.id)>{s.title.clone()}</a>" — " {place} <span class="muted">" (" {why} ")"</span></li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="mine-heading">
            <h2 id="mine-heading">{td_string!(l, openspace.my_sessions)}</h2>
            {if mine.is_empty() {
                view! { <p class="muted">{td_string!(l, openspace.my_sessions_empty)}</p> }.into_any()
            } else {
                view! { <ul class="my-sessions">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// Every session, most dots first, with the viewer's vote and star forms.
#[component]
fn SessionList(page: OpenSpacePage) -> impl IntoView {
    let vote = ServerAction::<Vote>::new();
    let star = ServerAction::<StarSession>::new();
    let participant = page.viewer.name.is_some();
    let l = crate::locale::current();
    let items = page
        .sessions
        .iter()
        .map(|s| {
            let place = page.where_and_when(s);
            view! {
                <li class="session-card">
                    <h3><a href=session_href(&page.slug, s.id)>{s.title.clone()}</a></h3>
                    <p class="session-meta">
                        {s.format.label(l)} ", " {length_words(l, s.length)}
                        {(!s.facilitators.is_empty()).then(|| td_string!(l, openspace.with_facilitators, names = s.facilitators.join(", ")).to_string())}
                    </p>
                    {place.map(|p| view! { <p class="session-place">{p}</p> })}
                    <p><DotCount id=s.id dots=s.dots voters=s.voters/></p>
                    <SessionActions
                        card=s.clone()
                        participant
                        voting_open=page.phase.voting_open
                        dots_left=page.viewer.dots_left
                        vote
                        star
                    />
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{td_string!(l, openspace.sessions)}</h2>
            <FormNotice action=Vote::PATH/>
            <FormError result=vote.value()/>
            <FormError result=star.value()/>
            {if page.sessions.is_empty() {
                view! { <p class="muted">{td_string!(l, openspace.no_sessions)}</p> }.into_any()
            } else {
                view! { <ul class="session-list">{items}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn ProposalForm(event_id: i64) -> impl IntoView {
    let propose = ServerAction::<ProposeSession>::new();
    let values = ProposalInput { format: "discussion".into(), length: "1".into(), ..Default::default() };
    let l = crate::locale::current();
    view! {
        <section aria-labelledby="propose-heading">
            <h2 id="propose-heading">{td_string!(l, openspace.propose_heading)}</h2>
            <p class="muted">{td_string!(l, openspace.propose_hint)}</p>
            <Enhance><ActionForm action=propose attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <ProposalFields prefix="propose" values/>
                <FormError result=propose.value()/>
                <FormNotice action=ProposeSession::PATH/>
                <button type="submit" class="primary">{td_string!(l, openspace.propose)}</button>
            </ActionForm></Enhance>
        </section>
    }
}
