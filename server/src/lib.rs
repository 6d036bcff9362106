//! The Festplan server: builds the shared state and the router, and serves
//! them until told to stop. `main.rs` only parses the command line.

mod api_openspace;
pub mod api_v1;
pub mod config;
mod files;
pub mod migrate;
mod openapi;
pub mod security;
pub mod telemetry;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use app::app::{App, shell};
use app::db::Db;
use app::db::instances::Pass;
use app::mail::{Mailer, Outbox, Sender};
use app::state::{AppState, SecretKey, Settings};

pub use config::Config;

/// Binds the listening socket with a deep accept queue: when registration opens, hundreds
/// of browsers connect at once, and the usual 128 makes the overflow wait a second for
/// the kernel's SYN retry (the kernel caps this at `net.core.somaxconn`).
pub fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

/// The file name of the browser bundle under `site_root/pkg/`.
pub const OUTPUT_NAME: &str = "festplan";

/// Opens the database (running migrations), sets up mail and everything else a request needs.
pub async fn build_state(config: &Config) -> anyhow::Result<AppState> {
    // RSVPs follow what happens to events (places freed, approval ended, a copy made).
    app::rsvp::follow_events();
    std::fs::create_dir_all(&config.data_dir)?;
    let db = Db::connect(&config.database_url()).await?;
    let mailer = match &config.smtp_url {
        Some(url) => Mailer::smtp(url)?,
        None => Mailer::file(&config.data_dir.join("mail"))?,
    };
    tracing::info!("mail: {}", mailer.describe());
    let outbox = Outbox::new(Sender::new(&config.mail_from)?.with_reply_to(config.mail_reply_to.as_deref())?, config.mail_retry_secs);
    let settings = Settings {
        public_base_url: config.public_url(),
        secret_key: SecretKey(config.secret_key()?),
        trusted_proxy: config.trusted_proxy,
        strict_transport: config.strict_transport(),
        conduct_retention_days: config.conduct_retention_days,
        allow_private_webhooks: config.allow_private_webhooks,
        guest_retention_days: config.guest_retention_days,
        metrics_token: config.metrics_token.clone().filter(|t| !t.trim().is_empty()),
    };
    // Before the first request, so that every count is kept.
    telemetry::install();
    let leptos_options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(config.bind)
        .build();
    Ok(AppState {
        db,
        mailer,
        outbox,
        settings: Arc::new(settings),
        leptos_options,
        max_body_bytes: config.max_body_bytes,
        limits: Default::default(),
        event_pages: Default::default(),
        live: Default::default(),
        packing: Default::default(),
        webhooks: app::webhooks::worker::Webhooks::new(config.mail_retry_secs),
    })
}

/// The app's page routes, generated once per process.
///
/// Generating them renders the app with every resource load suppressed, and leptos_server
/// 0.8.8 keeps that switch in one process-wide flag (`IS_SUPPRESSING_RESOURCE_LOAD`): a page
/// rendered meanwhile by another server in the same process (as the tests run them) never
/// loads its resources, and its response never ends. Once per process, no render can overlap.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// All routes of the app, wrapped in the middleware every request passes.
pub fn build_router(state: AppState) -> Router {
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // The nonce `security_headers` chose for this request, so the page and its policy agree.
            if let Some(nonce) = leptos::prelude::use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<leptos::nonce::Nonce>().cloned())
            {
                provide_context(nonce);
            }
        }
    };
    let pages = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };
    // leptos_routes also mounts every server function under /api, with the same context.
    let routes = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(telemetry::scrape))
        .merge(api_v1::routes())
        .merge(files::routes())
        .leptos_routes_with_context(&state, route_list(), context.clone(), pages)
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::map_response(security::server_fn_status))
        .with_state(state.clone());
    with_middleware(routes, &state)
}

/// `path` for the log, with the secret of a personal address (an RSVP's link, a calendar feed) left out.
fn loggable(path: &str) -> String {
    for secret in ["/rsvp/", "/calendar/personal/"] {
        if let Some(rest) = path.strip_prefix(secret) {
            let tail = rest.split_once('/').map(|(_, tail)| format!("/{tail}")).unwrap_or_default();
            return format!("{secret}…{tail}");
        }
    }
    path.to_string()
}

/// The protections and plumbing around `routes`; public so tests can wrap a route of their own.
pub fn with_middleware(routes: Router, state: &AppState) -> Router {
    let request_span = |request: &Request<Body>| {
        let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
        tracing::info_span!("request", id, method = %request.method(), path = %loggable(request.uri().path()))
    };
    // Listed innermost first: a request meets them bottom-up.
    routes
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::authenticate))
        .layer(axum::middleware::from_fn_with_state(state.settings.public_base_url.clone(), security::same_origin))
        .layer(axum::middleware::from_fn_with_state(state.max_body_bytes, security::limit_body))
        // axum's own 2 MB default would otherwise cut server-function bodies short of ours.
        .layer(axum::extract::DefaultBodyLimit::max(state.max_body_bytes))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(state.settings.strict_transport.clone(), security::security_headers))
        .layer(CatchPanicLayer::custom(security::panic_response))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        // Outermost: times the whole answer, refusals by the layers above included.
        .layer(axum::middleware::from_fn(telemetry::track))
}

/// Liveness and readiness: which database, and whether it answers `SELECT 1` (503 when not,
/// so a load balancer takes the instance out). Bounded: a hung database must not hang the check.
async fn healthz(State(state): State<AppState>) -> Response {
    let backend = match state.db.backend() {
        app::db::Backend::Sqlite => "sqlite",
        app::db::Backend::Postgres => "postgres",
    };
    let started = std::time::Instant::now();
    let error = match tokio::time::timeout(Duration::from_secs(3), state.db.ping()).await {
        Ok(Ok(())) => None,
        Ok(Err(err)) => Some(err.to_string()),
        Err(_) => Some("no answer within 3 seconds".to_string()),
    };
    let database = serde_json::json!({ "backend": backend, "ok": error.is_none(), "ms": started.elapsed().as_millis() as u64 });
    match error {
        None => Json(serde_json::json!({ "status": "ok", "database": database })).into_response(),
        Some(err) => {
            tracing::error!(%err, backend, "health check: database unavailable");
            let body = serde_json::json!({ "status": "database unavailable", "database": database });
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}

/// Serves until `shutdown` completes, then finishes open requests, stops the
/// mail worker and closes the database.
pub async fn serve(listener: TcpListener, state: AppState, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = tokio::spawn(state.outbox.clone().run_worker(state.db.clone(), state.mailer.clone(), stop_rx.clone()));
    let hooks = tokio::spawn(state.webhooks.clone().run_worker(state.db.clone(), state.settings.clone(), stop_rx.clone()));
    state.live.connect(&state.db);
    let reminders = tokio::spawn(housekeeping(state.clone(), stop_rx));
    let router = build_router(state.clone());
    tracing::info!(address = %listener.local_addr()?, "Festplan is listening");
    let live = state.live.clone();
    let result = axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("shutting down: finishing open requests");
            live.close();
        })
        .await;
    let _ = stop_tx.send(true);
    let _ = reminders.await;
    let _ = hooks.await;
    if tokio::time::timeout(Duration::from_secs(20), worker).await.is_err() {
        tracing::warn!("mail worker did not stop in time; pending mail stays in the outbox");
    }
    state.db.close().await;
    result
}

/// Once a minute, queues the reminder mails that have come due; once an hour, deletes expired
/// sessions and the code-of-conduct reports past their retention. Several instances on one
/// PostgreSQL database each keep the clock, and whichever takes a pass's lock first runs it.
async fn housekeeping(state: AppState, mut stop: watch::Receiver<bool>) {
    // The first runs come a minute after the start, not at once: a starting server (or a test)
    // does not race its own first requests with them.
    let (minute, hour) = (Duration::from_secs(60), Duration::from_secs(3600));
    let mut every_minute = tokio::time::interval_at(tokio::time::Instant::now() + minute, minute);
    every_minute.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut every_hour = tokio::time::interval_at(tokio::time::Instant::now() + minute, hour);
    every_hour.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every_minute.tick() => {
                reminder_pass(&state).await;
            }
            _ = every_hour.tick() => {
                retention_pass(&state).await;
            }
            _ = stop.changed() => break,
        }
    }
}

/// Queues the reminders that have come due, unless another instance is doing it right now
/// (`None` then); how many were queued.
pub async fn reminder_pass(state: &AppState) -> Option<usize> {
    let ran = app::db::instances::run_alone(&state.db, Pass::Reminders, app::rsvp::service::send_due_reminders(state)).await;
    match ran {
        Ok(Some(Ok(sent))) => Some(sent),
        Ok(Some(Err(err))) => {
            tracing::warn!(error = %err, "reminders: could not send");
            Some(0)
        }
        Ok(None) => None,
        Err(err) => {
            tracing::warn!(error = %err, "reminders: could not take the pass's lock");
            None
        }
    }
}

/// Deletes expired sessions, conduct reports and guests' data past their retention, unless
/// another instance is doing it right now.
async fn retention_pass(state: &AppState) {
    let pass = async {
        match app::auth::service::purge_expired_sessions(state).await {
            Ok(purged) => tracing::debug!(purged, "expired sessions deleted"),
            Err(err) => tracing::warn!(error = %err, "sessions: could not delete expired ones"),
        }
        match app::conduct::service::purge_closed(state, i64::from(state.settings.conduct_retention_days)).await {
            Ok(purged) => tracing::debug!(purged, "closed conduct reports deleted after retention"),
            Err(err) => tracing::warn!(error = %err, "conduct reports: could not delete those past retention"),
        }
        match app::privacy::service::retention(state, state.settings.guest_retention_days, false).await {
            Ok(events) => tracing::debug!(events = events.len(), "guests' data erased after retention"),
            Err(err) => tracing::warn!(error = %err, "retention: could not erase guests' data"),
        }
    };
    if let Err(err) = app::db::instances::run_alone(&state.db, Pass::Retention, pass).await {
        tracing::warn!(error = %err, "retention: could not take the pass's lock");
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_log_never_names_a_personal_address() {
        assert_eq!(super::loggable("/rsvp/12-abcdef"), "/rsvp/…");
        assert_eq!(super::loggable("/calendar/personal/3-0a1b2c/going.ics"), "/calendar/personal/…/going.ics");
        assert_eq!(super::loggable("/events/bbq"), "/events/bbq");
    }
}
