//! Notices: what a server function says when it succeeded ("Saved.", "We've mailed …"), shown
//! beside its form on the page the browser loads next. A sent form reloads its page (the plain
//! form by the redirect back, the enhanced one by itself), so the notice travels in a cookie
//! that lives for one page view.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
const COOKIE: &str = "festplan_notice";

/// Sent by an island that shows the answer in place: no notice is kept for the next page.
pub const IN_PLACE_HEADER: &str = "festplan-in-place";

/// The notice the previous request left: which server function said what.
#[derive(Clone, Debug, Default)]
struct Pending(Option<(String, String)>);

/// Says `text` beside the form of server function `action` (its `PATH`) on the next page.
#[cfg(feature = "ssr")]
pub fn say(action: &str, text: impl AsRef<str>) {
    let (Some(response), Ok(state)) = (use_context::<leptos_axum::ResponseOptions>(), crate::state::app_state()) else { return };
    if use_context::<http::request::Parts>().is_some_and(|p| p.headers.contains_key(IN_PLACE_HEADER)) {
        return;
    }
    let value = url::form_urlencoded::Serializer::new(String::new()).append_pair("a", action).append_pair("t", text.as_ref()).finish();
    if let Some(header) = crate::cookies::header(COOKIE, &value, 60, &state.settings) {
        response.append_header(http::header::SET_COOKIE, header);
    }
}

/// Takes the pending notice for this page view (the cookie is cleared); the app calls it once.
pub fn provide() {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>();
        let value = parts.as_ref().and_then(|p| crate::cookies::read(p, COOKIE));
        let mut pending = Pending::default();
        if let Some(value) = value {
            let pairs: std::collections::HashMap<_, _> = url::form_urlencoded::parse(value.as_bytes()).into_owned().collect();
            pending.0 = pairs.get("a").zip(pairs.get("t")).map(|(a, t)| (a.clone(), t.clone()));
            let clear = crate::state::app_state().ok().and_then(|s| crate::cookies::header(COOKIE, "", 0, &s.settings));
            if let (Some(response), Some(clear)) = (use_context::<leptos_axum::ResponseOptions>(), clear) {
                response.append_header(http::header::SET_COOKIE, clear);
            }
        }
        provide_context(pending);
    }
}

/// What server function `action` (its `PATH`) just said, if anything: for an island, which
/// gets it as a prop (the browser has no cookie to read it from).
pub fn said(action: &str) -> Option<String> {
    use_context::<Pending>().and_then(|p| p.0).filter(|(said_by, _)| said_by == action).map(|(_, text)| text)
}

/// The notice of server function `action` (its `PATH`), if it just said one.
#[component]
pub fn FormNotice(action: &'static str) -> impl IntoView {
    said(action).map(|text| view! { <p class="notice" role="status">{text}</p> })
}
