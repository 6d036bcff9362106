//! The shared state every request sees, handed to server functions as context.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::auth::rate_limit::RateLimiter;
use crate::db::Db;
use crate::error::AppError;
use crate::mail::{Mailer, Outbox};

/// What the app needs to know about its deployment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Every link in mail starts with this; the request's Host header is never used.
    pub public_base_url: url::Url,
    /// Keys tokens and signatures; stable across restarts.
    pub secret_key: SecretKey,
    /// The reverse proxy whose `X-Forwarded-For` is believed; nobody else's is.
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// The `Strict-Transport-Security` header every response carries (https only).
    pub strict_transport: Option<String>,
    /// Days a code-of-conduct report is kept after it was resolved or closed.
    pub conduct_retention_days: u32,
    /// Webhooks may go to loopback and private addresses (tests, a closed network).
    pub allow_private_webhooks: bool,
    /// Days after an event's end that its guests' names, addresses and answers are kept.
    pub guest_retention_days: u32,
    /// The bearer token `/metrics` asks for; without one it answers loopback clients only.
    pub metrics_token: Option<String>,
}

/// 32 secret bytes that never appear in logs.
#[derive(Clone)]
pub struct SecretKey(pub [u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl Settings {
    /// An absolute link for mail, from a path such as `/events/bbq`.
    pub fn link(&self, path: &str) -> String {
        self.public_base_url.join(path.trim_start_matches('/')).map(String::from).unwrap_or_default()
    }

    /// Cookies get `Secure` when the public address is https.
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url.scheme() == "https"
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub mailer: Mailer,
    pub outbox: Outbox,
    pub settings: Arc<Settings>,
    pub leptos_options: LeptosOptions,
    /// The largest request body accepted (413 above it).
    pub max_body_bytes: usize,
    pub limits: Arc<RateLimiter>,
    /// Public event pages for visitors without an account, kept for a second.
    pub event_pages: Arc<crate::events::page_cache::PageCache>,
    /// Tells open attendee pages that they are out of date.
    pub live: crate::live::LiveHub,
    /// The packing lines' live figures, computed once for every screen watching.
    pub packing: Arc<crate::packing::live::Feeds>,
    /// The webhook deliveries' worker handle.
    pub webhooks: crate::webhooks::worker::Webhooks,
}

impl AppState {
    /// After a commit that changed who comes to `event_id`: the mail it queued goes out now,
    /// and the event's open attendee pages hear of it.
    pub fn attendance_changed(&self, event_id: i64) {
        self.outbox.wake();
        self.webhooks.wake();
        self.live.changed(event_id);
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a server-side render.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| AppError::internal("AppState missing from context"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_join_the_public_base_url_with_or_without_a_path_prefix() {
        let key = SecretKey([7; 32]);
        let s = Settings {
            public_base_url: "https://fest.example.org/".parse().unwrap(),
            secret_key: key.clone(),
            trusted_proxy: None,
            strict_transport: None,
            conduct_retention_days: 365,
            allow_private_webhooks: false,
            guest_retention_days: 180,
            metrics_token: None,
        };
        assert_eq!(s.link("/events/bbq"), "https://fest.example.org/events/bbq");
        let s = Settings {
            public_base_url: "https://example.org/festplan/".parse().unwrap(),
            secret_key: key,
            trusted_proxy: None,
            strict_transport: None,
            conduct_retention_days: 365,
            allow_private_webhooks: false,
            guest_retention_days: 180,
            metrics_token: None,
        };
        assert_eq!(format!("{:?}", s.secret_key), "SecretKey(..)");
        assert_eq!(s.link("/events/bbq"), "https://example.org/festplan/events/bbq");
        assert!(s.secure_cookies());
    }
}
