//! RSVPs: answers with plus-ones, the waitlist and its promotion.

pub mod api;
#[cfg(feature = "ssr")]
mod approval;
pub mod attendee_page;
#[cfg(feature = "ssr")]
pub mod attendees;
#[cfg(feature = "ssr")]
mod links;
pub mod model;
pub mod questions;
pub mod scan;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod ticket;
pub mod ui;
