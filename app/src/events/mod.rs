//! Events: what is happening, when and where.

pub mod api;
pub mod embed;
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod ics;
pub mod mine;
pub mod model;
#[cfg(feature = "ssr")]
pub mod page_cache;
pub mod pages;
pub mod publish;
#[cfg(feature = "ssr")]
pub(crate) mod rules;
#[cfg(feature = "ssr")]
pub mod service;
pub mod team;
pub mod ui;
pub mod webhooks;
mod webhooks_page;

pub use webhooks_page::EventWebhooksPage;
