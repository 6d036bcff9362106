//! Accounts, sessions, roles and emailed sign-in links: who is calling and what may they do.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod roles;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod tokens;
pub mod ui;
