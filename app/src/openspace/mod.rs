//! Open space: attendees propose sessions and vote with dots; Festplan places the sessions into
//! rooms × slots so that people miss as few of theirs as possible; proposers facilitate; a wall
//! screen shows the board live.

pub mod api;
mod board;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod import;
pub mod model;
mod parts;
#[cfg(feature = "ssr")]
pub mod placement;
#[cfg(feature = "ssr")]
mod proposals;
#[cfg(feature = "ssr")]
mod schedule;
#[cfg(feature = "ssr")]
pub mod service;
mod session_page;
#[cfg(feature = "ssr")]
mod setup;
mod setup_page;
pub mod ui;
