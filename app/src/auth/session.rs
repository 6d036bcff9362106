//! Session cookies and who is calling. The cookie holds a random id; the
//! database holds only its SHA-256, so a copied database opens no sessions.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use base64::Engine as _;
use http::HeaderValue;
use http::request::Parts;
use sha2::{Digest, Sha256};

use crate::state::Settings;

pub const COOKIE: &str = "festplan_session";
/// A session ends after this long without a request…
pub const IDLE_SECS: i64 = 14 * 86_400;
/// …and after this long in any case.
pub const ABSOLUTE_SECS: i64 = 60 * 86_400;
/// `last_seen_at` is written at most this often, so reads stay reads.
pub const TOUCH_EVERY_SECS: i64 = 300;

/// A random, URL-safe secret of 32 bytes: session ids and emailed tokens.
pub fn new_secret() -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// What is stored in place of a secret.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The raw request facts authentication needs.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The session cookie's value, if sent.
    pub session: Option<String>,
    /// The client's address: the peer, or the `X-Forwarded-For` entry a trusted proxy added.
    pub client: String,
}

impl Caller {
    pub fn from_parts(parts: &Parts, settings: &Settings) -> Self {
        let session = crate::cookies::read(parts, COOKIE);
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Self { session, client: client_address(peer, parts, settings.trusted_proxy).unwrap_or_else(|| "unknown".into()) }
    }
}

/// `X-Forwarded-For` is believed only when the peer is the configured proxy, and
/// then only its last entry (the one the proxy itself appended).
fn client_address(peer: Option<IpAddr>, parts: &Parts, trusted_proxy: Option<IpAddr>) -> Option<String> {
    let peer = peer?;
    if Some(peer) == trusted_proxy {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .next_back();
        if let Some(ip) = forwarded {
            return Some(ip.to_string());
        }
    }
    Some(peer.to_string())
}

/// The `Set-Cookie` value that hands the browser a new session.
pub fn set_cookie(session_id: &str, settings: &Settings) -> HeaderValue {
    crate::cookies::header(COOKIE, session_id, ABSOLUTE_SECS, settings).expect("session ids are URL-safe")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(settings: &Settings) -> HeaderValue {
    crate::cookies::header(COOKIE, "", 0, settings).expect("static")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::SecretKey;

    fn settings(url: &str, proxy: Option<&str>) -> Settings {
        Settings {
            public_base_url: url.parse().unwrap(),
            secret_key: SecretKey([1; 32]),
            trusted_proxy: proxy.map(|p| p.parse().unwrap()),
            strict_transport: None,
            conduct_retention_days: 365,
            allow_private_webhooks: false,
            guest_retention_days: 180,
            metrics_token: None,
        }
    }

    fn parts(headers: &[(&str, &str)], peer: &str) -> Parts {
        let mut builder = http::Request::builder();
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let (mut parts, _) = builder.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo::<SocketAddr>(peer.parse().unwrap()));
        parts
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let p = parts(&[("cookie", "theme=dark; festplan_session=abc123; x=y")], "10.0.0.9:5000");
        let caller = Caller::from_parts(&p, &settings("http://localhost/", None));
        assert_eq!(caller.session.as_deref(), Some("abc123"));
        assert_eq!(caller.client, "10.0.0.9");
    }

    #[test]
    fn forwarded_for_counts_only_from_the_trusted_proxy() {
        let spoofed = parts(&[("x-forwarded-for", "1.2.3.4")], "203.0.113.7:4000");
        assert_eq!(Caller::from_parts(&spoofed, &settings("http://l/", Some("127.0.0.1"))).client, "203.0.113.7");
        let proxied = parts(&[("x-forwarded-for", "1.2.3.4, 198.51.100.2")], "127.0.0.1:4000");
        assert_eq!(Caller::from_parts(&proxied, &settings("http://l/", Some("127.0.0.1"))).client, "198.51.100.2");
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_behind_https() {
        let c = set_cookie("id", &settings("https://fest.example.org/", None));
        let c = c.to_str().unwrap();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"), "{c}");
        let plain = set_cookie("id", &settings("http://127.0.0.1:3000/", None));
        assert!(!plain.to_str().unwrap().contains("Secure"));
    }

    #[test]
    fn secrets_are_random_and_stored_hashed() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_secret(&a).len(), 64);
        assert_ne!(hash_secret(&a), a);
    }
}
