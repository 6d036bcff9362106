//! Festplan's app: pages, server functions and the domain logic beneath them.
//! Compiled natively with `ssr` (inside the server) and to wasm with `hydrate`.

pub mod app;
pub mod auth;
pub mod conduct;
pub mod csv;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod error;
pub mod events;
pub mod html;
// The `i18n` module leptos_i18n generates from `app/locales` (see `build.rs`).
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
mod layout;
pub mod locale;
pub mod openspace;
pub mod packing;
mod pages;
pub mod privacy;
pub mod rsvp;
pub mod ui;
pub mod webhooks;

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "ssr")]
pub mod cookies;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod live;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod seal;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod state;

/// The browser entry point, called by `islands.js` before it hydrates each island.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

/// The fingerprint of the sources this bundle was built from; `islands.js` compares it with the page's.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn build_id() -> String {
    app::BUILD_ID.to_string()
}
