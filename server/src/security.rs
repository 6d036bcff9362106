//! Router-level protections that every request passes through.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use url::Url;

use app::auth::api::PUBLIC_PREFIX;
use app::auth::service::resolve;
use app::auth::session::Caller;
use app::error::AppError;
use app::state::AppState;

/// Refuses unsafe methods from other sites. Leptos server functions do no CSRF
/// check of their own, and cookies ride along on cross-site form posts.
///
/// Browsers send `Sec-Fetch-Site` (modern) or `Origin` (older) on such
/// requests; a request with neither does not come from a browser page and
/// cannot carry a victim's intent.
pub async fn same_origin(State(public_url): State<Url>, request: Request, next: Next) -> Response {
    if is_safe(request.method()) || is_same_origin(request.headers(), &public_url) {
        return next.run(request).await;
    }
    tracing::warn!(
        origin = ?request.headers().get(header::ORIGIN),
        fetch_site = ?request.headers().get("sec-fetch-site"),
        "refused a cross-site request"
    );
    (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

fn is_same_origin(headers: &HeaderMap, public_url: &Url) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    // Whole origins are compared: scheme, host and port. `null` and other opaque origins never match.
    let Ok(origin) = Url::parse(origin).map(|o| o.origin()) else { return false };
    if !origin.is_tuple() {
        return false;
    }
    if origin == public_url.origin() {
        return true;
    }
    // The host the browser used, under the public URL's scheme: localhost vs 127.0.0.1 in development.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    host.and_then(|host| Url::parse(&format!("{}://{host}/", public_url.scheme())).ok()).is_some_and(|url| url.origin() == origin)
}

/// Refuses bodies over `max` bytes with 413, whether they announce their length or arrive
/// chunked: the body is read here, up to the limit, before any handler sees it. (Read later,
/// inside a server function, an overlong body would surface as a decoding error, a 400.)
pub async fn limit_body(State(max): State<usize>, request: Request, next: Next) -> Response {
    let too_large = || (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    let announced = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|len| len > max as u64) {
        return too_large();
    }
    if is_safe(request.method()) && announced.is_none_or(|len| len == 0) && !request.headers().contains_key(header::TRANSFER_ENCODING) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    match http_body_util::BodyExt::collect(http_body_util::Limited::new(body, max)).await {
        Ok(collected) => next.run(Request::from_parts(parts, Body::from(collected.to_bytes()))).await,
        Err(err) if err.downcast_ref::<http_body_util::LengthLimitError>().is_some() => too_large(),
        Err(_) => (StatusCode::BAD_REQUEST, "the request body could not be read").into_response(),
    }
}

/// Resolves the caller's session into an `Actor` for pages and server functions, and
/// refuses anonymous calls to every mutating server function not listed as public:
/// a new server function needs an account unless someone decides otherwise.
pub async fn authenticate(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path.starts_with("/pkg/") || path.starts_with("/favicon") || path == "/healthz" {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let caller = Caller::from_parts(&parts, &state.settings);
    let path = parts.uri.path();
    // A code-of-conduct reporter stays unknown: their session is not even looked up, so no
    // last-seen time or log ties the report to an account (the address serves rate limits only).
    let actor = if app::conduct::service::unlinked_path(path) {
        Ok(app::auth::service::Actor::anonymous(caller.client.clone()))
    } else {
        resolve(&state, &caller).await
    };
    let actor = match actor {
        Ok(actor) => actor,
        Err(err) => return error_response(&err),
    };
    // The JSON API under /api/v1 authenticates each call by its bearer token instead.
    let private_action =
        parts.method == Method::POST && path.starts_with("/api/") && !path.starts_with("/api/v1/") && !path.starts_with(PUBLIC_PREFIX);
    if private_action && actor.user.is_none() {
        return error_response(&AppError::Unauthenticated);
    }
    let link = match parts.uri.path().strip_prefix("/rsvp/") {
        Some(rest) => app::rsvp::service::link_language(&state, rest.split('/').next().unwrap_or_default()).await,
        None => None,
    };
    let locale = app::locale::choose(
        actor.user.as_ref().map(|u| u.language.into()),
        app::cookies::read(&parts, app::locale::COOKIE).as_deref(),
        link,
        parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
    );
    parts.extensions.insert(locale);
    parts.extensions.insert(actor);
    // Also for handlers outside Leptos (the JSON API, downloads), where `locale::current()` has no context.
    app::locale::scope(locale, next.run(Request::from_parts(parts, body))).await
}

/// An `AppError` as server functions send it: JSON with the matching status.
fn error_response(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [("serverfnerror", "1")], axum::Json(error)).into_response()
}

/// Headers every response carries. Pages set their own CSP with a nonce; everything else gets a strict one.
/// On https, `Strict-Transport-Security` too.
pub async fn security_headers(State(strict_transport): State<Option<String>>, mut request: Request, next: Next) -> Response {
    // The page's script nonce is chosen here, not by the renderer alone: the shell sets the page's
    // policy through `ResponseOptions`, and a browser sweep saw 2 of 272 async pages arrive
    // without it (unstyled, never hydrated). With the nonce known here, such a page still gets
    // its own policy below.
    let nonce = leptos::nonce::Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_page = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    if is_page
        && !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(value) = HeaderValue::from_str(&app::security::page_policy(&nonce))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    if let Some(value) = strict_transport.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    // No page is framed, unless its own policy names the websites that may (an event's RSVP card).
    let framed_by_policy = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|policy| policy.contains("frame-ancestors") && !policy.contains("frame-ancestors 'none'"));
    if !framed_by_policy {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"));
    response
}

/// Server functions answer every error with 500. The body is our `AppError`
/// as JSON, so the status can be put right here, in one place.
pub async fn server_fn_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A panic in a handler becomes a plain 500; the server goes on serving.
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail =
        panic.downcast_ref::<String>().map(String::as_str).or_else(|| panic.downcast_ref::<&str>().copied()).unwrap_or("(no message)");
    tracing::error!(panic = detail, "handler panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side. Please try again.").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (header::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        let url: Url = "https://fest.example.org/".parse().unwrap();
        assert!(is_same_origin(&headers(&[("sec-fetch-site", "same-origin")]), &url));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "cross-site"), ("origin", "https://fest.example.org")]), &url));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "same-site")]), &url));
    }

    #[test]
    fn origin_must_match_the_public_url_or_the_host() {
        let url: Url = "https://fest.example.org/".parse().unwrap();
        assert!(is_same_origin(&headers(&[("origin", "https://fest.example.org")]), &url));
        assert!(!is_same_origin(&headers(&[("origin", "https://evil.example.com")]), &url));
        assert!(!is_same_origin(&headers(&[("origin", "http://fest.example.org")]), &url));
        // The host the browser used counts only under the public URL's scheme.
        assert!(!is_same_origin(&headers(&[("origin", "http://localhost:3000"), ("host", "localhost:3000")]), &url));
        let dev: Url = "http://127.0.0.1:3000/".parse().unwrap();
        assert!(is_same_origin(&headers(&[("origin", "http://localhost:3000"), ("host", "localhost:3000")]), &dev));
        assert!(!is_same_origin(&headers(&[("origin", "http://evil.test:3000"), ("host", "localhost:3000")]), &dev));
        assert!(!is_same_origin(&headers(&[("origin", "null")]), &url));
    }

    #[test]
    fn a_foreign_scheme_is_another_origin_on_http_and_on_https() {
        let http: Url = "http://fest.example.org:3000/".parse().unwrap();
        assert!(!is_same_origin(&headers(&[("origin", "https://fest.example.org:3000"), ("host", "fest.example.org:3000")]), &http));
        assert!(is_same_origin(&headers(&[("origin", "http://fest.example.org:3000"), ("host", "fest.example.org:3000")]), &http));
        let https: Url = "https://fest.example.org/".parse().unwrap();
        assert!(!is_same_origin(&headers(&[("origin", "http://fest.example.org"), ("host", "fest.example.org")]), &https));
        assert!(!is_same_origin(&headers(&[("origin", "http://fest.example.org:443"), ("host", "fest.example.org")]), &https));
        assert!(is_same_origin(&headers(&[("origin", "https://fest.example.org"), ("host", "fest.example.org")]), &https));
    }

    #[test]
    fn requests_without_browser_headers_are_not_cross_site() {
        assert!(is_same_origin(&HeaderMap::new(), &"https://fest.example.org/".parse().unwrap()));
    }
}
