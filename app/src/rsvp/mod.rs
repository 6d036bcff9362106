//! RSVPs: answers with plus-ones, the waitlist and its promotion.

pub mod api;
#[cfg(feature = "ssr")]
mod approval;
pub mod attendee_page;
mod attendee_rows;
#[cfg(feature = "ssr")]
pub mod attendees;
pub mod cancel;
#[cfg(feature = "ssr")]
pub mod door;
pub mod door_api;
#[cfg(feature = "ssr")]
pub mod door_code;
pub mod door_model;
pub mod door_page;
#[cfg(feature = "ssr")]
mod hooks;
#[cfg(feature = "ssr")]
mod links;
pub mod listing;
pub mod model;
#[cfg(feature = "ssr")]
mod news;
#[cfg(feature = "ssr")]
pub mod panel;
#[cfg(feature = "ssr")]
pub mod question_edits;
pub mod questions;
pub mod roster;
#[cfg(feature = "ssr")]
pub mod row_actions;
pub mod scan;
pub mod sections;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod ticket;
pub mod ui;

/// Registers what RSVPs do when an event changes (see `events::service::Followers`); the
/// server calls it once at start-up.
#[cfg(feature = "ssr")]
pub fn follow_events() {
    crate::events::service::register_followers(crate::events::service::Followers {
        places_changed: |state, tx, event| Box::pin(async move { Ok(service::promote_waitlist(state, tx, event).await?.len()) }),
        approval_ended: |state, tx, event, by| Box::pin(approval::approve_all_pending(state, tx, event, by)),
        copied: |tx, from, to| Box::pin(question_edits::copy_questions(tx, from, to)),
        created: |tx, id, questions| Box::pin(question_edits::first_questions(tx, id, questions)),
    });
}
