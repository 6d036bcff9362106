//! The swag-bag packing line: sponsors' items checked in against the bag target, stations in
//! walking order and their volunteers, and the line on the day, counted by taps that phones
//! store while the hall's Wi-Fi is down and send when it is back.

pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
mod leads;
mod line;
mod line_page;
#[cfg(feature = "ssr")]
pub mod live;
pub mod model;
pub mod queue;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
mod setup;
mod station;
#[cfg(feature = "hydrate")]
mod station_sync;
pub mod ui;
pub mod views;
mod volunteer;
