//! One session's page: what it is, where and when, its notes; for its facilitators the forms
//! to edit it, keep notes, merge it with another and move it to another cell.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use server_fn::ServerFn as _;

use super::api::{AnswerMerge, EditSession, MoveSession, RequestMerge, SaveNotes, StarSession, Vote, open_space_session};
use super::board::LiveTallies;
use super::model::{MoveOption, ProposalInput, SessionPage};
use super::parts::{DotCount, ProposalFields, SessionActions, length_words, slot_words};
use crate::events::pages::slug_param;
use crate::html::TextArea;
use crate::i18n::td_string;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice, IslandBundle};

#[component]
pub fn SessionDetailPage() -> impl IntoView {
    let slug = slug_param();
    let params = use_params_map();
    // An id that is no number finds no session, as an unknown one does.
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let page = Resource::new(move || (slug(), id()), |(slug, id)| open_space_session(slug, id));
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, openspace.session)/>
        <IslandBundle name="openspace"/>
        <section class="open-space session-page">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, openspace.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move { page.await.map(|page| view! { <SessionView page/> }) })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn SessionView(page: SessionPage) -> impl IntoView {
    let vote = ServerAction::<Vote>::new();
    let star = ServerAction::<StarSession>::new();
    let (space, session) = (&page.space, &page.session);
    let l = crate::locale::current();
    let place = space.where_and_when(session).unwrap_or_else(|| td_string!(l, openspace.not_placed_yet_cap).into());
    let facilitators =
        if session.facilitators.is_empty() { td_string!(l, openspace.nobody_yet).to_string() } else { session.facilitators.join(", ") };
    view! {
        <Title text=session.title.clone()/>
        <p><a href=format!("/events/{}/open-space", space.slug)>{td_string!(l, openspace.back_to_open_space)}</a></p>
        <h1>{session.title.clone()}</h1>
        <dl class="facts">
            <dt>{td_string!(l, openspace.field_format)}</dt>
            <dd>{session.format.label(l)}</dd>
            <dt>{td_string!(l, openspace.field_length)}</dt>
            <dd>{length_words(l, session.length)}</dd>
            <dt>{td_string!(l, openspace.facilitators)}</dt>
            <dd>{facilitators}</dd>
            {(page.may_edit && !page.invited.is_empty()).then(|| view! {
                <dt>{td_string!(l, openspace.invited)}</dt>
                <dd>{page.invited.join(", ")}</dd>
            })}
            <dt>{td_string!(l, openspace.where_when)}</dt>
            <dd>{place}{session.pinned.then_some(td_string!(l, openspace.pinned_suffix))}</dd>
            <dt>{td_string!(l, openspace.dots)}</dt>
            <dd><DotCount id=session.id dots=session.dots voters=session.voters/></dd>
        </dl>
        <LiveTallies slug=space.slug.clone()/>
        <FormNotice action=Vote::PATH/>
        <FormError result=vote.value()/>
        <FormError result=star.value()/>
        <SessionActions
            card=session.clone()
            participant=space.viewer.name.is_some()
            voting_open=space.phase.voting_open
            dots_left=space.viewer.dots_left
            vote
            star
        />
        {(!page.description_html.is_empty()).then(|| view! { <div class="description" inner_html=page.description_html.clone()></div> })}
        <section aria-labelledby="notes-heading">
            <h2 id="notes-heading">{td_string!(l, openspace.notes)}</h2>
            {if page.notes_html.is_empty() {
                view! { <p class="muted">{td_string!(l, openspace.no_notes)}</p> }.into_any()
            } else {
                view! { <div class="description notes" inner_html=page.notes_html.clone()></div> }.into_any()
            }}
        </section>
        {page.may_edit.then(|| view! { <Facilitate page=page.clone()/> })}
        {(!page.moves.is_empty()).then(|| view! { <MoveChoices page=page.clone()/> })}
    }
}

/// The facilitators' forms: edit, notes, merging.
#[component]
fn Facilitate(page: SessionPage) -> impl IntoView {
    let edit = ServerAction::<EditSession>::new();
    let notes = ServerAction::<SaveNotes>::new();
    let merge = ServerAction::<RequestMerge>::new();
    let answer = ServerAction::<AnswerMerge>::new();
    let session = &page.session;
    let id = session.id;
    let l = crate::locale::current();
    let mut co = page.invited.clone();
    co.sort();
    let values = ProposalInput {
        title: session.title.clone(),
        description: page.description_md.clone(),
        format: session.format.as_str().into(),
        length: session.length.to_string(),
        co_facilitators: co.join(", "),
    };
    let others: Vec<_> = page.space.sessions.iter().filter(|s| s.id != session.id).map(|s| (s.id, s.title.clone())).collect();
    view! {
        <section aria-labelledby="edit-heading">
            <h2 id="edit-heading">{td_string!(l, openspace.edit_heading)}</h2>
            <Enhance><ActionForm action=edit attr:class="stack narrow">
                <input type="hidden" name="session_id" value=id.to_string()/>
                <ProposalFields prefix="edit" values/>
                <FormError result=edit.value()/>
                <FormNotice action=EditSession::PATH/>
                <button type="submit" class="primary">{td_string!(l, openspace.save_session)}</button>
            </ActionForm></Enhance>
        </section>
        <section aria-labelledby="notes-form-heading">
            <h2 id="notes-form-heading">{td_string!(l, openspace.notes_heading)}</h2>
            <Enhance><ActionForm action=notes attr:class="stack narrow">
                <input type="hidden" name="session_id" value=id.to_string()/>
                <label for="notes-text">{td_string!(l, openspace.notes_field)}</label>
                <TextArea id="notes-text" name="notes" rows=8 value=page.notes_md.clone() maxlength=super::model::MAX_SESSION_NOTES/>
                <FormError result=notes.value()/>
                <FormNotice action=SaveNotes::PATH/>
                <button type="submit" class="primary">{td_string!(l, openspace.save_notes)}</button>
            </ActionForm></Enhance>
        </section>
        <section aria-labelledby="merge-heading">
            <h2 id="merge-heading">{td_string!(l, openspace.merge_heading)}</h2>
            <FormNotice action=AnswerMerge::PATH/>
            <FormError result=answer.value()/>
            {(!page.merges_in.is_empty()).then(|| view! {
                <ul class="merges">
                    {page.merges_in.iter().map(|m| {
                        let merge_id = m.id;
                        let (accept_label, decline_label) = (
                            td_string!(l, openspace.accept_merge_label, title = &m.from_title).to_string(),
                            td_string!(l, openspace.decline_merge_label, title = &m.from_title).to_string(),
                        );
                        view! {
                            <li>
                                <p>{td_string!(l, openspace.asks_to_join, title = &m.from_title).to_string()}</p>
                                <div class="actions">
                                    <Enhance><ActionForm action=answer attr:class="inline-form">
                                        <input type="hidden" name="merge_id" value=merge_id.to_string()/>
                                        <input type="hidden" name="accept" value="true"/>
                                        <button type="submit" class="primary" aria-label=accept_label>{td_string!(l, openspace.accept)}</button>
                                    </ActionForm></Enhance>
                                    <Enhance><ActionForm action=answer attr:class="inline-form">
                                        <input type="hidden" name="merge_id" value=merge_id.to_string()/>
                                        <input type="hidden" name="accept" value="false"/>
                                        <button type="submit" aria-label=decline_label>{td_string!(l, openspace.decline)}</button>
                                    </ActionForm></Enhance>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(!page.merges_out.is_empty()).then(|| view! {
                <ul class="merges">
                    {page.merges_out.iter().map(|m| view! {
                        <li>{td_string!(l, openspace.waiting_for, title = &m.into_title).to_string()}</li>
                    }).collect_view()}
                </ul>
            })}
            {if others.is_empty() {
                view! { <p class="muted">{td_string!(l, openspace.no_other_session)}</p> }.into_any()
            } else {
                view! {
                    <Enhance><ActionForm action=merge attr:class="stack narrow">
                        <input type="hidden" name="session_id" value=id.to_string()/>
                        <label for="merge-into">{td_string!(l, openspace.merge_into)}</label>
                        <select id="merge-into" name="into_id">
                            {others.into_iter().map(|(id, title)| view! { <option value=id.to_string()>{title}</option> }).collect_view()}
                        </select>
                        <FormError result=merge.value()/>
                        <FormNotice action=RequestMerge::PATH/>
                        <button type="submit">{td_string!(l, openspace.ask_merge)}</button>
                    </ActionForm></Enhance>
                }
                .into_any()
            }}
        </section>
    }
}

/// Every cell the session could go to, slot by slot, with what moving there would cost.
#[component]
fn MoveChoices(page: SessionPage) -> impl IntoView {
    let action = ServerAction::<MoveSession>::new();
    let space = &page.space;
    let session_id = page.session.id;
    let l = crate::locale::current();
    let slots = space
        .slots
        .iter()
        .filter_map(|slot| {
            let options: Vec<&MoveOption> = page.moves.iter().filter(|m| m.slot_id == slot.id).collect();
            if options.is_empty() {
                return None;
            }
            let when = slot_words(slot);
            let items = options
                .into_iter()
                .map(|m| {
                    let room = space.room(m.room_id).map(|r| r.name.clone()).unwrap_or_default();
                    let cell = format!("{room}, {when}");
                    let outcome = match m.refusal {
                        Some(refusal) => view! { <span class="refusal">{refusal.words(l)}</span> }.into_any(),
                        None => {
                            let (slot_id, room_id) = (m.slot_id, m.room_id);
                            let (text, label) = match &m.swap_with {
                                Some(other) => (
                                    td_string!(l, openspace.swap_with, other = other).to_string(),
                                    td_string!(l, openspace.swap_with_label, other = other, cell = &cell).to_string(),
                                ),
                                None => (
                                    td_string!(l, openspace.move_here).to_string(),
                                    td_string!(l, openspace.move_here_label, cell = &cell).to_string(),
                                ),
                            };
                            view! {
                                <Enhance><ActionForm action=action attr:class="inline-form">
                                    <input type="hidden" name="session_id" value=session_id.to_string()/>
                                    <input type="hidden" name="slot_id" value=slot_id.to_string()/>
                                    <input type="hidden" name="room_id" value=room_id.to_string()/>
                                    <button type="submit" aria-label=label>{text}</button>
                                </ActionForm></Enhance>
                            }
                            .into_any()
                        }
                    };
                    view! {
                        <li class="move-option">
                            <p class="move-room">{room}</p>
                            <p class="move-cost">
                                {td_string!(l, openspace.clashing, n = m.clashing_voters).to_string()}
                                {td_string!(l, openspace.missed_dots_delta)} {signed(m.missed_dots_delta)}
                                {(m.seats_short > 0).then(|| td_string!(l, openspace.seats_short_suffix, n = m.seats_short).to_string())}
                            </p>
                            {outcome}
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <h3>{when}</h3>
                <ul class="moves">{items}</ul>
            })
        })
        .collect_view();
    view! {
        <section class="move-choices" aria-labelledby="move-heading">
            <h2 id="move-heading">{td_string!(l, openspace.move_heading)}</h2>
            <p class="muted">{td_string!(l, openspace.move_hint)}</p>
            <FormError result=action.value()/>
            <FormNotice action=MoveSession::PATH/>
            {slots}
        </section>
    }
}

/// "+3", "−2", "±0".
fn signed(n: i64) -> String {
    match n {
        0 => "±0".into(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", n.unsigned_abs()),
    }
}
