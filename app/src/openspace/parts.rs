//! Pieces the open-space pages share: a session's dot count, its vote and star forms, the
//! proposal's fields and the read-only grid.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{StarSession, Vote};
use super::model::{Format, OpenSpacePage, ProposalInput, SessionCard, SlotView};
use crate::html::TextArea;
use crate::ui::Enhance;

/// "Sat 4 Jul 10:00–10:45".
pub fn slot_words(slot: &SlotView) -> String {
    format!("{} {}", slot.day, slot.time)
}

/// "1 slot", "2 slots".
pub fn length_words(length: u8) -> String {
    if length == 1 { "1 slot".into() } else { format!("{length} slots") }
}

/// "1 dot", "3 dots".
pub fn dots_words(dots: u32) -> String {
    if dots == 1 { "1 dot".into() } else { format!("{dots} dots") }
}

/// The session's page.
pub fn session_href(slug: &str, id: i64) -> String {
    format!("/events/{slug}/open-space/sessions/{id}")
}

/// "7 dots from 4 people"; `LiveTallies` rewrites both numbers when votes come in.
#[component]
pub fn DotCount(id: i64, dots: u32, voters: u32) -> impl IntoView {
    view! {
        <span class="dot-count">
            <span data-dots-for=id.to_string()>{dots}</span>
            " dots from "
            <span data-voters-for=id.to_string()>{voters}</span>
            " people"
        </span>
    }
}

/// The viewer's dots on a session and, while voting is open, a dot more or less; the star
/// whenever they take part. The forms' errors show beside them (in place) or above the list.
#[component]
pub fn SessionActions(
    card: SessionCard,
    participant: bool,
    voting_open: bool,
    dots_left: u32,
    vote: ServerAction<Vote>,
    star: ServerAction<StarSession>,
) -> impl IntoView {
    let (id, title, my_dots, starred) = (card.id, card.title, card.my_dots, card.starred);
    participant.then(|| {
        let (star_text, star_label) = if starred { ("Unstar", format!("Unstar {title}")) } else { ("Star", format!("Star {title}")) };
        let (add_label, take_label) = (format!("Add a dot to {title}"), format!("Take a dot from {title}"));
        view! {
            <div class="session-actions">
                <span class="my-dots">{format!("Your dots: {my_dots}")}</span>
                {voting_open.then(|| view! {
                    <Enhance><ActionForm action=vote attr:class="inline-form">
                        <input type="hidden" name="session_id" value=id.to_string()/>
                        <input type="hidden" name="delta" value="1"/>
                        <button type="submit" class="dot-button" aria-label=add_label disabled=dots_left == 0>"Add a dot"</button>
                    </ActionForm></Enhance>
                    <Enhance><ActionForm action=vote attr:class="inline-form">
                        <input type="hidden" name="session_id" value=id.to_string()/>
                        <input type="hidden" name="delta" value="-1"/>
                        <button type="submit" class="dot-button" aria-label=take_label disabled=my_dots == 0>"Take a dot"</button>
                    </ActionForm></Enhance>
                })}
                <Enhance><ActionForm action=star attr:class="inline-form">
                    <input type="hidden" name="session_id" value=id.to_string()/>
                    <input type="hidden" name="starred" value=(!starred).to_string()/>
                    <button type="submit" class="star-button" aria-label=star_label>{star_text}</button>
                </ActionForm></Enhance>
            </div>
        }
    })
}

/// The fields of a proposal, named `input[…]`; ids start with `prefix` ("propose" or "edit").
#[component]
pub fn ProposalFields(prefix: &'static str, values: ProposalInput) -> impl IntoView {
    let editing = prefix == "edit";
    let formats = Format::ALL.map(|f| view! { <option value=f.as_str() selected=values.format == f.as_str()>{f.label()}</option> });
    let two = values.length == "2";
    view! {
        <label for=format!("{prefix}-title")>"Title"</label>
        <input id=format!("{prefix}-title") name="input[title]" value=values.title.clone() required maxlength=super::model::MAX_SESSION_TITLE.to_string()/>
        <label for=if editing { "edit-description" } else { "propose-description" }>"What is it about? (Markdown)"</label>
        <TextArea
            id=if editing { "edit-description" } else { "propose-description" }
            name="input[description]"
            rows=5
            value=values.description.clone()
            maxlength=super::model::MAX_SESSION_DESCRIPTION
        />
        <label for=format!("{prefix}-format")>"Format"</label>
        <select id=format!("{prefix}-format") name="input[format]">{formats}</select>
        <label for=format!("{prefix}-length")>"Length"</label>
        <select id=format!("{prefix}-length") name="input[length]">
            <option value="1" selected=!two>"1 slot"</option>
            <option value="2" selected=two>"2 slots"</option>
        </select>
        <label for=format!("{prefix}-co")>"Co-facilitators' email addresses (optional, separated by commas)"</label>
        <input id=format!("{prefix}-co") name="input[co_facilitators]" value=values.co_facilitators.clone() autocomplete="off"/>
    }
}

/// Rooms as columns, slots as rows; each cell the session there (a link to its page), the
/// words of a cell kept free, or nothing. It scrolls sideways by itself on a phone.
#[component]
pub fn ScheduleGrid(space: OpenSpacePage) -> impl IntoView {
    let header = space.rooms.iter().map(|r| view! { <th scope="col">{r.name.clone()}</th> }).collect_view();
    let rows = space
        .slots
        .iter()
        .map(|slot| {
            let cells = space
                .rooms
                .iter()
                .map(|room| {
                    let content = if let Some(session) = space.session_in(slot.id, room.id) {
                        let continued = session.slot_id != Some(slot.id);
                        view! {
                            <a href=session_href(&space.slug, session.id)>{session.title.clone()}</a>
                            {continued.then(|| view! { <span class="muted">" (continued)"</span> })}
                        }
                        .into_any()
                    } else if let Some(label) = space.blocked_label(slot.id, room.id) {
                        view! { <span class="kept-free">{format!("kept free: {label}")}</span> }.into_any()
                    } else {
                        ().into_any()
                    };
                    view! { <td>{content}</td> }
                })
                .collect_view();
            view! { <tr><th scope="row">{slot_words(slot)}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="grid-wrap" tabindex="0" role="region" aria-label="The grid, rooms by time">
            <table class="os-grid">
                <thead><tr><th scope="col">"Time"</th>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
