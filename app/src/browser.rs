//! What only the browser knows (the viewer's time zone and locale), and how islands talk to
//! server functions: as plain forms do, so the server needs one way to read them, and the
//! bundle carries no second encoding.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::error::AppError;

/// `iso` (an instant) in the viewer's zone and locale, e.g. "Sat, 5 Dec, 10:00 EST",
/// or `None` when the viewer is in `event_zone` anyway.
pub fn local_time_if_other_zone(iso: &str, event_zone: &str) -> Option<String> {
    let resolved = Intl::DateTimeFormat::new(&Array::new(), &Object::new()).resolved_options();
    let viewer_zone = Reflect::get(&resolved, &JsValue::from_str("timeZone")).ok()?.as_string()?;
    if viewer_zone == event_zone {
        return None;
    }
    let options = Object::new();
    for (key, value) in [
        ("weekday", "short"),
        ("day", "numeric"),
        ("month", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("timeZoneName", "short"),
    ] {
        Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    let date = Date::new(&JsValue::from_str(iso));
    Some(date.to_locale_string("default", &options).into())
}

/// What a server function answered a form: its body, and where it sends the browser next.
pub struct Reply {
    pub body: String,
    pub location: Option<String>,
}

/// How the page goes on after a successful post.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// It loads again (or follows the server's redirect) and shows the server's notice.
    Reload,
    /// It stays and shows the answer itself, so the server keeps no notice for a next page.
    Stay,
}

/// Posts `fields` to the server function at `url` as a plain form posts them, and reads the
/// answer as the server function client would: an error is the `AppError` it sent.
pub async fn post_form(url: &str, fields: &web_sys::UrlSearchParams, then: Then) -> Result<Reply, AppError> {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(|_| offline())?;
    let _ = headers.set("Accept", "application/json");
    if then == Then::Stay {
        let _ = headers.set(crate::ui::notice::IN_PLACE_HEADER, "1");
    }
    let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
    init.set_headers(&headers);
    init.set_body(fields);
    send(url, &init).await
}

/// A server function's answer to [`post_json`], whatever its status.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Posts `body` (JSON) to the server function at `url`. `Err` only when no answer came at all
/// (no connection), so the caller can tell "try again later" from "the server said no".
pub async fn post_json(url: &str, body: &str) -> Result<Answer, AppError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new().map_err(|_| offline())?;
    let _ = headers.set("Accept", "application/json");
    let _ = headers.set("Content-Type", "application/json");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let response: web_sys::Response =
        JsFuture::from(leptos::prelude::window().fetch_with_str_and_init(url, &init)).await.map_err(|_| offline())?.unchecked_into();
    let text = response.text().map_err(|_| offline())?;
    // A body cut off by a dropped connection is no answer either.
    let body = JsFuture::from(text).await.map_err(|_| offline())?.as_string().unwrap_or_default();
    Ok(Answer { status: response.status(), body })
}

/// Reads the server function at `url` (a `GetUrl` one, its arguments in the query).
pub async fn get(url: &str) -> Result<Reply, AppError> {
    let init = web_sys::RequestInit::new();
    let headers = web_sys::Headers::new().map_err(|_| offline())?;
    let _ = headers.set("Accept", "application/json");
    init.set_headers(&headers);
    send(url, &init).await
}

async fn send(url: &str, init: &web_sys::RequestInit) -> Result<Reply, AppError> {
    use server_fn::error::FromServerFnError;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response: web_sys::Response =
        JsFuture::from(leptos::prelude::window().fetch_with_str_and_init(url, init)).await.map_err(|_| offline())?.unchecked_into();
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    if !response.ok() {
        return Err(AppError::de(body.into()));
    }
    Ok(Reply { body, location: response.headers().get("location").ok().flatten() })
}

fn offline() -> AppError {
    AppError::Offline
}
