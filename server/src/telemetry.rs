//! `/metrics` in Prometheus' text format: requests (by method, matched route and status
//! class) and their latencies, RSVPs created, open live streams, and what is read at
//! scrape time: the mail waiting in the outbox and the database pool's connections.
//!
//! One recorder per process (the `metrics` facade is process-wide; the tests run many apps
//! in one process, whose counts then add up, so they compare before and after).

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics::Label;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use app::state::AppState;

const REQUESTS: &str = "festplan_http_requests_total";
const LATENCY: &str = "festplan_http_request_duration_seconds";
const SSE_CLIENTS: &str = "festplan_sse_clients";

/// Latency buckets (seconds): histograms, unlike summaries, add up across instances.
const BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Installs the process's recorder on first use and returns its handle.
pub fn install() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(LATENCY.into()), BUCKETS)
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder was installed first; /metrics stays empty");
        }
        describe();
        // Without a scrape, histogram samples would pile up; this drains them into buckets.
        let upkeep = handle.clone();
        let _ = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(5));
                upkeep.run_upkeep();
            }
        });
        handle
    })
}

fn describe() {
    metrics::describe_counter!(REQUESTS, "HTTP requests answered, by method, matched route and status class");
    metrics::describe_histogram!(LATENCY, metrics::Unit::Seconds, "Time to the response's head, by method, route and status class");
    metrics::describe_counter!("festplan_rsvps_created_total", "New RSVPs stored, by where they landed (going, waitlisted, ...)");
    metrics::describe_gauge!(SSE_CLIENTS, "Live (server-sent events) streams open on this instance");
    metrics::describe_gauge!("festplan_outbox_pending", "Mails waiting in the outbox (not sent, not given up), read at scrape time");
    metrics::describe_gauge!("festplan_db_pool_connections", "Database pool connections on this instance, by state (idle, in_use)");
    metrics::describe_gauge!("festplan_db_pool_max_connections", "The database pool's upper bound on connections");
}

/// Middleware: counts and times every request. Routes are the matched templates
/// (`/events/{slug}`), never raw paths, so secrets in addresses stay out and labels stay few.
pub async fn track(request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let route = request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = format!("{}xx", response.status().as_u16() / 100);
    let labels = vec![Label::new("method", method), Label::new("route", route), Label::new("status", status)];
    metrics::counter!(REQUESTS, labels.clone()).increment(1);
    metrics::histogram!(LATENCY, labels).record(started.elapsed().as_secs_f64());
    response
}

/// Held by an open live stream: counts it while it lasts.
pub struct SseClient(());

impl SseClient {
    pub fn open() -> Self {
        metrics::gauge!(SSE_CLIENTS).increment(1.0);
        Self(())
    }
}

impl Drop for SseClient {
    fn drop(&mut self) {
        metrics::gauge!(SSE_CLIENTS).decrement(1.0);
    }
}

/// `stream`, counted in the open live streams until it is dropped (the client went away,
/// or the server closed it).
pub fn counted<S: futures::Stream>(stream: S) -> impl futures::Stream<Item = S::Item> {
    use futures::StreamExt as _;
    let client = SseClient::open();
    stream.map(move |item| {
        let _held = &client;
        item
    })
}

/// `GET /metrics`: with `metrics_token` configured, for its bearer only; without, for
/// loopback clients that came directly (a request through a proxy carries its
/// `X-Forwarded-For`, and a proxy on the same host would otherwise pass for loopback).
pub async fn scrape(State(state): State<AppState>, request: Request) -> Response {
    let headers = request.headers();
    let loopback = request.extensions().get::<ConnectInfo<SocketAddr>>().is_some_and(|c| c.0.ip().is_loopback());
    match state.settings.metrics_token.as_deref() {
        Some(token) if !bearer_is(headers, token) => {
            return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "a metrics token is required\n").into_response();
        }
        Some(_) => {}
        None if !loopback || forwarded(headers) => return StatusCode::NOT_FOUND.into_response(),
        None => {}
    }
    let handle = install();
    match app::db::stats::outbox_pending(&state.db).await {
        Ok(pending) => metrics::gauge!("festplan_outbox_pending").set(pending as f64),
        Err(err) => tracing::warn!(%err, "metrics: could not count the outbox"),
    }
    let pool = app::db::stats::pool_use(&state.db);
    metrics::gauge!("festplan_db_pool_connections", "state" => "idle").set(pool.idle as f64);
    metrics::gauge!("festplan_db_pool_connections", "state" => "in_use").set(pool.size.saturating_sub(pool.idle) as f64);
    metrics::gauge!("festplan_db_pool_max_connections").set(f64::from(pool.max));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], handle.render()).into_response()
}

fn forwarded(headers: &HeaderMap) -> bool {
    ["x-forwarded-for", "forwarded", "x-real-ip"].iter().any(|name| headers.contains_key(*name))
}

/// Compares the bearer token in time independent of where it first differs.
fn bearer_is(headers: &HeaderMap, token: &str) -> bool {
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    given.is_some_and(|given| given.len() == token.len() && given.bytes().zip(token.bytes()).fold(0u8, |d, (a, b)| d | (a ^ b)) == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_bearer_token_passes() {
        let mut headers = HeaderMap::new();
        assert!(!bearer_is(&headers, "s3cret"));
        headers.insert(header::AUTHORIZATION, "Bearer s3cre".parse().unwrap());
        assert!(!bearer_is(&headers, "s3cret"));
        headers.insert(header::AUTHORIZATION, "Bearer s3cret".parse().unwrap());
        assert!(bearer_is(&headers, "s3cret"));
    }
}
