//! What only the browser knows: the viewer's time zone and locale.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

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
