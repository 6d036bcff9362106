//! Code-of-conduct reports: anyone reports an incident, anonymously if they wish; only the
//! event's responders read it, every read is logged, the text is sealed at rest, and the
//! reporter follows up with a private code.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod respond;
mod responders;
#[cfg(feature = "ssr")]
pub mod service;
pub mod ui;

pub use responders::{ReportPage, ReportsPage};
