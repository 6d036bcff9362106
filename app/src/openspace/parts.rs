//! Pieces the open-space pages share: a session's dot count, its vote and star forms, the
//! proposal's fields and the read-only grid.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::api::{StarSession, Vote};
use super::model::{Format, OpenSpacePage, ProposalInput, SessionCard, SlotView};
use crate::html::TextArea;
use crate::i18n::td_string;
use crate::locale::Locale;
use crate::ui::Enhance;

/// "Sat 4 Jul 10:00–10:45".
pub fn slot_words(slot: &SlotView) -> String {
    format!("{} {}", slot.day, slot.time)
}

/// "1 slot", "2 slots".
pub fn length_words(l: Locale, length: u8) -> String {
    if length == 1 { td_string!(l, openspace.one_slot).into() } else { td_string!(l, openspace.n_slots, n = length).to_string() }
}

/// "1 dot", "3 dots".
pub fn dots_words(l: Locale, dots: u32) -> String {
    if dots == 1 { td_string!(l, openspace.one_dot).into() } else { td_string!(l, openspace.n_dots, n = dots).to_string() }
}

/// The session's page.
pub fn session_href(slug: &str, id: i64) -> String {
    format!("/events/{slug}/open-space/sessions/{id}")
}

/// "7 dots from 4 people"; `LiveTallies` rewrites both numbers when votes come in.
#[component]
pub fn DotCount(id: i64, dots: u32, voters: u32) -> impl IntoView {
    let l = crate::locale::current();
    view! {
        <span class="dot-count">
            <span data-dots-for=id.to_string()>{dots}</span>
            {td_string!(l, openspace.dots_from)}
            <span data-voters-for=id.to_string()>{voters}</span>
            {td_string!(l, openspace.people)}
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
        let l = crate::locale::current();
        let (star_text, star_label) = if starred {
            (td_string!(l, openspace.unstar), td_string!(l, openspace.unstar_label, title = &title).to_string())
        } else {
            (td_string!(l, openspace.star), td_string!(l, openspace.star_label, title = &title).to_string())
        };
        let (add_label, take_label) =
            (td_string!(l, openspace.add_dot_label, title = &title).to_string(), td_string!(l, openspace.take_dot_label, title = &title).to_string());
        view! {
            <div class="session-actions">
                <span class="my-dots">{td_string!(l, openspace.your_dots, n = my_dots).to_string()}</span>
                {voting_open.then(|| view! {
                    <Enhance><ActionForm action=vote attr:class="inline-form">
                        <input type="hidden" name="session_id" value=id.to_string()/>
                        <input type="hidden" name="delta" value="1"/>
                        <button type="submit" class="dot-button" aria-label=add_label disabled=dots_left == 0>{td_string!(l, openspace.add_dot)}</button>
                    </ActionForm></Enhance>
                    <Enhance><ActionForm action=vote attr:class="inline-form">
                        <input type="hidden" name="session_id" value=id.to_string()/>
                        <input type="hidden" name="delta" value="-1"/>
                        <button type="submit" class="dot-button" aria-label=take_label disabled=my_dots == 0>{td_string!(l, openspace.take_dot)}</button>
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
    let l = crate::locale::current();
    let formats = Format::ALL.map(|f| view! { <option value=f.as_str() selected=values.format == f.as_str()>{f.label(l)}</option> });
    let two = values.length == "2";
    view! {
        <label for=format!("{prefix}-title")>{td_string!(l, openspace.field_title)}</label>
        <input id=format!("{prefix}-title") name="input[title]" value=values.title.clone() required maxlength=super::model::MAX_SESSION_TITLE.to_string()/>
        <label for=if editing { "edit-description" } else { "propose-description" }>{td_string!(l, openspace.field_description)}</label>
        <TextArea
            id=if editing { "edit-description" } else { "propose-description" }
            name="input[description]"
            rows=5
            value=values.description.clone()
            maxlength=super::model::MAX_SESSION_DESCRIPTION
        />
        <label for=format!("{prefix}-format")>{td_string!(l, openspace.field_format)}</label>
        <select id=format!("{prefix}-format") name="input[format]">{formats}</select>
        <label for=format!("{prefix}-length")>{td_string!(l, openspace.field_length)}</label>
        <select id=format!("{prefix}-length") name="input[length]">
            <option value="1" selected=!two>{length_words(l, 1)}</option>
            <option value="2" selected=two>{length_words(l, 2)}</option>
        </select>
        <label for=format!("{prefix}-co")>{td_string!(l, openspace.field_co)}</label>
        <input id=format!("{prefix}-co") name="input[co_facilitators]" value=values.co_facilitators.clone() autocomplete="off"/>
    }
}

/// Rooms as columns, slots as rows; each cell the session there (a link to its page), the
/// words of a cell kept free, or nothing. It scrolls sideways by itself on a phone.
#[component]
pub fn ScheduleGrid(space: OpenSpacePage) -> impl IntoView {
    let l = crate::locale::current();
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
                            {continued.then(|| view! { <span class="muted">{td_string!(l, openspace.continued)}</span> })}
                        }
                        .into_any()
                    } else if let Some(label) = space.blocked_label(slot.id, room.id) {
                        view! { <span class="kept-free">{td_string!(l, openspace.kept_free_label, label = label).to_string()}</span> }
                            .into_any()
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
        <div class="grid-wrap" tabindex="0" role="region" aria-label=td_string!(l, openspace.grid_label)>
            <table class="os-grid">
                <thead><tr><th scope="col">{td_string!(l, openspace.time)}</th>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
