//! RSVPs: answers with plus-ones, the waitlist and its promotion.

pub mod api;
#[cfg(feature = "ssr")]
pub mod attendees;
pub mod model;
pub mod questions;
pub mod scan;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod ticket;
pub mod ui;
