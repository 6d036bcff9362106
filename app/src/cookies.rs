//! Festplan's cookies as the server reads and sets them (the session, the one-view notice).

use http::HeaderValue;
use http::header;
use http::request::Parts;

use crate::state::Settings;

/// The value of the request's cookie `name`, if sent and not empty.
pub fn read(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value for one of Festplan's cookies: the whole site, never read by scripts,
/// not sent along from other sites' forms, and `Secure` behind https; `None` if `value` has
/// characters a cookie cannot carry.
pub fn header(name: &str, value: &str, max_age_secs: i64, settings: &Settings) -> Option<HeaderValue> {
    let secure = if settings.secure_cookies() { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")).ok()
}
