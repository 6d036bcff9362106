//! What the app serves besides pages and server functions: calendar files and CSV downloads,
//! and the server-sent event streams live pages follow.

use axum::Extension;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use app::auth::service::Actor;
use app::error::AppError;
use app::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/calendar.ics", get(calendar_feed))
        .route("/series/{slug}/calendar.ics", get(series_feed))
        .route("/organizers/{id}/calendar.ics", get(organizer_feed))
        .route("/calendar/personal/{token}/going.ics", get(personal_feed))
        .route("/events/{slug}/calendar.ics", get(event_calendar))
        .route("/events/{slug}/attendees.csv", get(attendees_csv))
        .route("/events/{slug}/live", get(follow_event))
        .route("/events/{slug}/open-space/live", get(follow_open_space))
        .route("/events/{slug}/open-space/schedule.ics", get(open_space_schedule))
        .route("/events/{slug}/open-space/agenda.ics", get(open_space_agenda))
        .route("/events/{slug}/open-space/sessions.csv", get(open_space_csv))
        .route("/events/{slug}/packing/live", get(follow_packing_line))
        .route("/events/{slug}/packing/stations.csv", get(packing_stations_csv))
        .route("/events/{slug}/packing/shipments.csv", get(packing_shipments_csv))
        .route("/events/{slug}/packing/volunteers.csv", get(packing_volunteers_csv))
        .route("/events/{slug}/conduct/reports/{id}/export.txt", get(conduct_report_export))
        .route("/account/data.json", get(my_data))
        .route("/rsvp/{token}/data.json", get(guest_data))
        .route("/events/{slug}/embed", get(embed_card))
        .route("/sw.js", get(service_worker))
}

/// The packing stations' service worker (`public/sw.js`). Served here rather than as a static
/// file for its own policy: a worker's fetches obey the CSP it was served with, and static
/// files carry `default-src 'none'`, which would stop it from reaching the network at all.
async fn service_worker() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; connect-src 'self'"),
        ],
        include_str!("../../public/sw.js"),
    )
        .into_response()
}

/// A generated file as a download, or the error's status and safe message.
fn download(result: Result<String, AppError>, content_type: &str, filename: &str) -> Response {
    match result {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
                (header::CACHE_CONTROL, "private, no-cache".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}

/// The error's status with its safe message as plain text.
fn error_response(err: AppError) -> Response {
    (StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), err.message()).into_response()
}

async fn event_calendar(State(state): State<AppState>, Path(slug): Path<String>, Extension(actor): Extension<Actor>) -> Response {
    let result = app::events::service::calendar_file(&state, &actor, &slug).await;
    download(result, "text/calendar; charset=utf-8", &format!("{slug}.ics"))
}

async fn calendar_feed(State(state): State<AppState>) -> Response {
    download(app::events::service::calendar_feed(&state).await, "text/calendar; charset=utf-8", "festplan.ics")
}

async fn attendees_csv(State(state): State<AppState>, Path(slug): Path<String>, Extension(actor): Extension<Actor>) -> Response {
    let result = app::rsvp::attendees::attendees_csv(&state, &actor, &slug).await;
    download(result, "text/csv; charset=utf-8", &format!("{slug}-attendees.csv"))
}

/// Server-sent events for the event's attendee and check-in pages: `changed` whenever who comes
/// changes. For those who may see the attendees; to others the event does not exist.
async fn follow_event(State(state): State<AppState>, Path(slug): Path<String>, Extension(actor): Extension<Actor>) -> Response {
    match app::events::service::follow(&state, &actor, &slug).await {
        Ok(follow) => changes(follow, "attendees"),
        Err(err) => error_response(err),
    }
}

/// A stream of `changed` events (data: `what`) for as long as `follow` lasts.
fn changes(follow: app::live::Follow, what: &'static str) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let stream = futures::stream::unfold(follow, move |mut follow| async move {
        follow.next().await?;
        Some((Ok::<_, std::convert::Infallible>(Event::default().event("changed").data(what)), follow))
    });
    Sse::new(crate::telemetry::counted(stream)).keep_alive(KeepAlive::default()).into_response()
}

/// The wall screen's read-only key, when it was opened with one.
#[derive(serde::Deserialize)]
struct Kiosk {
    kiosk: Option<String>,
}

/// Server-sent events for an open space's board and pages: `changed` on every proposal, vote,
/// placement or move. For whoever may see the event, or holds the board's kiosk key.
async fn follow_open_space(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(Kiosk { kiosk }): Query<Kiosk>,
    Extension(actor): Extension<Actor>,
) -> Response {
    match app::openspace::service::follow(&state, &actor, &slug, kiosk.as_deref()).await {
        Ok(follow) => changes(follow, "open-space"),
        Err(err) => error_response(err),
    }
}

async fn open_space_schedule(State(state): State<AppState>, Path(slug): Path<String>, Extension(actor): Extension<Actor>) -> Response {
    let result = app::openspace::export::schedule_ics(&state, &actor, &slug).await;
    download(result, "text/calendar; charset=utf-8", &format!("{slug}-open-space.ics"))
}

async fn open_space_agenda(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: http::HeaderMap,
    Extension(actor): Extension<Actor>,
) -> Response {
    let caller = app::openspace::service::Caller { actor, tokens: app::openspace::service::participant_tokens(&headers) };
    let result = app::openspace::export::agenda_ics(&state, &caller, &slug).await;
    download(result, "text/calendar; charset=utf-8", &format!("{slug}-my-agenda.ics"))
}

async fn open_space_csv(State(state): State<AppState>, Path(slug): Path<String>, Extension(actor): Extension<Actor>) -> Response {
    let result = app::openspace::export::sessions_csv(&state, &actor, &slug).await;
    download(result, "text/csv; charset=utf-8", &format!("{slug}-open-space.csv"))
}

/// Server-sent events for the live line: `line` with the figures as JSON, at once and after
/// every change (coalesced, computed once for all screens). For its leads, or a wall screen
/// with the kiosk key.
async fn follow_packing_line(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(Kiosk { kiosk }): Query<Kiosk>,
    Extension(actor): Extension<Actor>,
) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let event = match app::packing::service::watched(&state, &actor, &slug, kiosk.as_deref()).await {
        Ok(event) => event,
        Err(err) => return error_response(err),
    };
    let figures = state.packing.watch(&state, event.id);
    let hub = state.live.clone();
    let stream = futures::stream::unfold((figures, hub, true), |(mut figures, hub, first)| async move {
        if !first {
            tokio::select! {
                changed = figures.changed() => changed.ok()?,
                _ = hub.stopped() => return None,
            }
        }
        let json = loop {
            if let Some(json) = figures.borrow_and_update().clone() {
                break json;
            }
            tokio::select! {
                changed = figures.changed() => changed.ok()?,
                _ = hub.stopped() => return None,
            }
        };
        Some((Ok::<_, std::convert::Infallible>(Event::default().event("line").data(&*json)), (figures, hub, false)))
    });
    Sse::new(crate::telemetry::counted(stream)).keep_alive(KeepAlive::default()).into_response()
}

async fn packing_stations_csv(State(state): State<AppState>, Path(slug): Path<String>, Extension(actor): Extension<Actor>) -> Response {
    let result = app::packing::export::stations_csv(&state, &actor, &slug).await;
    download(result, "text/csv; charset=utf-8", &format!("{slug}-packing-stations.csv"))
}

async fn packing_shipments_csv(State(state): State<AppState>, Path(slug): Path<String>, Extension(actor): Extension<Actor>) -> Response {
    let result = app::packing::export::shipments_csv(&state, &actor, &slug).await;
    download(result, "text/csv; charset=utf-8", &format!("{slug}-shipments.csv"))
}

async fn packing_volunteers_csv(State(state): State<AppState>, Path(slug): Path<String>, Extension(actor): Extension<Actor>) -> Response {
    let result = app::packing::export::volunteers_csv(&state, &actor, &slug).await;
    download(result, "text/csv; charset=utf-8", &format!("{slug}-volunteers.csv"))
}

/// A code-of-conduct report for the record, for its responders; the export is logged. Never
/// kept by a browser or proxy cache.
async fn conduct_report_export(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    Extension(actor): Extension<Actor>,
) -> Response {
    let id = id.parse::<i64>().unwrap_or(0);
    let mut response = download(
        app::conduct::respond::export(&state, &actor, &slug, id).await,
        "text/plain; charset=utf-8",
        &format!("{slug}-conduct-report-{id}.txt"),
    );
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}

async fn series_feed(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    download(app::events::feeds::service::series(&state, &slug).await, "text/calendar; charset=utf-8", &format!("{slug}.ics"))
}

async fn organizer_feed(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let id = id.parse::<i64>().unwrap_or(0);
    download(app::events::feeds::service::organizer(&state, id).await, "text/calendar; charset=utf-8", "organizer.ics")
}

/// A person's events; the address is the secret, so no cache keeps the answer.
async fn personal_feed(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let mut response = download(app::events::feeds::service::personal(&state, &token).await, "text/calendar; charset=utf-8", "going.ics");
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("private, no-store"));
    response
}

/// A person's data as a JSON download; never kept by a cache.
fn personal_data(result: Result<app::db::privacy::PersonalData, AppError>) -> Response {
    let mut response = download(
        result.and_then(|data| serde_json::to_string_pretty(&data).map_err(AppError::internal)),
        "application/json",
        "festplan-data.json",
    );
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("private, no-store"));
    response
}

async fn my_data(State(state): State<AppState>, Extension(actor): Extension<Actor>) -> Response {
    personal_data(app::privacy::service::export_for_account(&state, &actor).await)
}

async fn guest_data(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    personal_data(app::privacy::service::export_by_link(&state, &token).await)
}

/// The RSVP card other websites frame: its own policy names who may (the event's websites).
async fn embed_card(
    State(state): State<AppState>,
    Extension(locale): Extension<app::locale::Locale>,
    Path(slug): Path<String>,
) -> Response {
    match app::events::embed::service::card(&state, &slug, locale).await {
        Ok((html, policy)) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
                (header::CONTENT_SECURITY_POLICY, policy),
                (header::CACHE_CONTROL, "no-cache".to_string()),
            ],
            html,
        )
            .into_response(),
        Err(err) => error_response(err),
    }
}
