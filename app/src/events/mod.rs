//! Events: what is happening, when and where.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;
