//! The versioned JSON API for integrations (`/api/v1`), described by an OpenAPI 3.1
//! document at `/api/v1/openapi.json`. Handlers are thin: token → service → JSON.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use app::auth::service::{Actor, actor_for_api_token};
use app::error::AppError;
use app::events::model::{EventCard, EventDetails, EventInput, EventStatus, Visibility};
use app::rsvp::model::{Answer, RsvpOutcome};
use app::rsvp::roster::AttendeeList;
use app::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/events", get(list_events).post(create_event))
        .route("/api/v1/events/{slug}", get(get_event).patch(update_event))
        .route("/api/v1/events/{slug}/rsvps", get(list_rsvps).post(create_rsvp))
}

/// Every error as JSON with its status: `{"kind": …, "detail": …}`.
struct ApiError(AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        Self(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(&self.0)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The JSON body as `T`. A body that is not JSON is a 400; a field of the wrong type, missing
/// or unknown is a 422 naming the field, said in our words (serde's would echo the input).
fn body<T: serde::de::DeserializeOwned>(headers: &HeaderMap, bytes: &[u8]) -> ApiResult<T> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|media| media.trim().to_ascii_lowercase())
        .is_some_and(|media| media == "application/json" || (media.starts_with("application/") && media.ends_with("+json")));
    if !is_json {
        return Err(AppError::BadRequest("send the body as JSON, with Content-Type: application/json".into()).into());
    }
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut json).map_err(|err| ApiError(field_error(&err)))?;
    json.end().map_err(|_| AppError::BadRequest("the body is not valid JSON".into()))?;
    Ok(value)
}

/// What went wrong where, from serde's error, without the value that was sent.
fn field_error(err: &serde_path_to_error::Error<serde_json::Error>) -> AppError {
    use serde_json::error::Category;
    let inner = err.inner();
    if !matches!(inner.classify(), Category::Data) {
        return AppError::BadRequest("the body is not valid JSON".into());
    }
    let path = err.path().to_string();
    let at = |name: &str| if path == "." { name.to_string() } else { format!("{path}.{name}") };
    let text = inner.to_string();
    let quoted = |prefix: &str| text.strip_prefix(prefix).and_then(|rest| rest.split('`').next()).map(str::to_string);
    if let Some(name) = quoted("missing field `") {
        return AppError::invalid(at(&name), "this field is required");
    }
    let field = if path == "." { "body".to_string() } else { path };
    let message = if text.starts_with("invalid type: null") {
        "null is not allowed here; leave the field out to keep it"
    } else if text.starts_with("invalid type") {
        "this field has the wrong type; see the OpenAPI document"
    } else if text.starts_with("unknown variant") {
        "this is not one of the allowed values; see the OpenAPI document"
    } else if text.starts_with("unknown field") {
        "this field is not known"
    } else {
        "this value is not valid here; see the OpenAPI document"
    };
    AppError::invalid(field, message)
}

/// The caller named by `Authorization: Bearer <token>`; required.
/// `caller` is what the middleware resolved for the request: its client address (through the
/// trusted proxy) counts for rate limits and logs, its session cookie for nothing here.
async fn token_actor(state: &AppState, headers: &HeaderMap, caller: &Actor) -> ApiResult<Actor> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(AppError::Unauthenticated)?;
    Ok(actor_for_api_token(state, token, &caller.client).await?)
}

/// The token's account when a token is sent (it may see unlisted and private events), else a guest.
async fn viewer(state: &AppState, headers: &HeaderMap, caller: &Actor) -> ApiResult<Actor> {
    match headers.contains_key(header::AUTHORIZATION) {
        true => token_actor(state, headers, caller).await,
        false => Ok(Actor::anonymous(caller.client.clone())),
    }
}

#[derive(Serialize)]
struct EventOut {
    slug: String,
    title: String,
    kind: String,
    description_html: String,
    starts_at: String,
    ends_at: String,
    time_zone: String,
    when: String,
    venue_name: String,
    venue_address: String,
    capacity: Option<u32>,
    places_left: Option<u32>,
    status: EventStatus,
    visibility: Visibility,
    requires_approval: bool,
    series: Option<SeriesOut>,
    url: String,
}

#[derive(Serialize)]
struct SeriesOut {
    slug: String,
    title: String,
    url: String,
}

fn event_out(state: &AppState, e: EventDetails) -> EventOut {
    EventOut {
        url: state.settings.link(&format!("/events/{}", e.slug)),
        kind: e.kind.as_str().to_string(),
        slug: e.slug,
        title: e.title,
        description_html: e.description_html,
        starts_at: e.starts_at_iso,
        ends_at: e.ends_at_iso,
        time_zone: e.time_zone,
        when: e.when,
        venue_name: e.venue_name,
        venue_address: e.venue_address,
        capacity: e.capacity,
        places_left: e.places_left,
        status: e.status,
        visibility: e.visibility,
        requires_approval: e.requires_approval,
        series: e.series.map(|s| SeriesOut { url: state.settings.link(&format!("/series/{}", s.slug)), slug: s.slug, title: s.title }),
    }
}

#[derive(Serialize)]
struct EventSummary {
    slug: String,
    title: String,
    kind: String,
    starts_at: String,
    when: String,
    venue_name: String,
    url: String,
}

async fn list_events(State(state): State<AppState>) -> ApiResult<Json<Vec<EventSummary>>> {
    let cards: Vec<EventCard> = app::events::service::upcoming(&state.db, None).await?;
    Ok(Json(
        cards
            .into_iter()
            .map(|c| EventSummary {
                url: state.settings.link(&format!("/events/{}", c.slug)),
                kind: c.kind.as_str().to_string(),
                slug: c.slug,
                title: c.title,
                starts_at: c.starts_at_iso,
                when: c.when,
                venue_name: c.venue,
            })
            .collect(),
    ))
}

async fn get_event(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
) -> ApiResult<Json<EventOut>> {
    let actor = viewer(&state, &headers, &caller).await?;
    let details = app::events::service::details(&state, &actor, &slug).await?;
    Ok(Json(event_out(&state, details)))
}

/// An event as integrations send it; times are local to `time_zone`, like "2013-08-17T16:00".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventIn {
    // Left out: kept as it is. These have no "none", so `null` is refused (422), as the schema says.
    #[serde(default, deserialize_with = "given")]
    title: Option<String>,
    #[serde(default, deserialize_with = "given")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "given")]
    description: Option<String>,
    #[serde(default, deserialize_with = "given")]
    starts_at: Option<String>,
    #[serde(default, deserialize_with = "given")]
    ends_at: Option<String>,
    #[serde(default, deserialize_with = "given")]
    time_zone: Option<String>,
    #[serde(default, deserialize_with = "given")]
    venue_name: Option<String>,
    #[serde(default, deserialize_with = "given")]
    venue_address: Option<String>,
    #[serde(default, deserialize_with = "given")]
    capacity: Option<Option<i64>>,
    #[serde(default, deserialize_with = "given")]
    visibility: Option<String>,
    #[serde(default, deserialize_with = "given")]
    rsvp_deadline: Option<Option<String>>,
    #[serde(default, deserialize_with = "given")]
    series: Option<Option<String>>,
    #[serde(default, deserialize_with = "given")]
    requires_approval: Option<bool>,
    #[serde(default, deserialize_with = "given")]
    published: Option<bool>,
}

/// A field that was sent: `Some(value)`. With `T = Option<_>` this tells `null` (`Some(None)`:
/// clear it) from a field left out (`None`, by `serde(default)`: keep it); with a plain `T`,
/// `null` is refused.
fn given<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl EventIn {
    /// Lays the given fields over `base`: all of them for a new event, some for a change.
    fn onto(self, base: EventInput) -> Result<EventInput, AppError> {
        // In JSON, "no deadline" is null; an empty string is a mistake worth naming.
        if matches!(&self.rsvp_deadline, Some(Some(d)) if d.trim().is_empty()) {
            return Err(AppError::invalid("rsvp_deadline", "use null for no deadline, or a local time like 2099-08-17T12:00"));
        }
        Ok(EventInput {
            title: self.title.unwrap_or(base.title),
            kind: self.kind.unwrap_or(base.kind),
            description: self.description.unwrap_or(base.description),
            starts_at: self.starts_at.unwrap_or(base.starts_at),
            ends_at: self.ends_at.unwrap_or(base.ends_at),
            time_zone: self.time_zone.unwrap_or(base.time_zone),
            venue_name: self.venue_name.unwrap_or(base.venue_name),
            venue_address: self.venue_address.unwrap_or(base.venue_address),
            capacity: match self.capacity {
                Some(capacity) => capacity.map(|c| c.to_string()).unwrap_or_default(),
                None => base.capacity,
            },
            visibility: self.visibility.unwrap_or(base.visibility),
            rsvp_deadline: match self.rsvp_deadline {
                Some(deadline) => deadline.unwrap_or_default(),
                None => base.rsvp_deadline,
            },
            reminder_hours: base.reminder_hours,
            title_de: base.title_de,
            description_de: base.description_de,
            series: match self.series {
                Some(series) => series.unwrap_or_default(),
                None => base.series,
            },
            requires_approval: match self.requires_approval {
                Some(required) => if required { "on" } else { "" }.into(),
                None => base.requires_approval,
            },
        })
    }
}

async fn create_event(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
    bytes: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<EventOut>)> {
    let actor = token_actor(&state, &headers, &caller).await?;
    let input: EventIn = body(&headers, &bytes)?;
    let status = if input.published.unwrap_or(false) { EventStatus::Published } else { EventStatus::Draft };
    let slug = app::events::service::create_as(&state, &actor, &input.onto(EventInput::default())?, status).await?;
    let details = app::events::service::details(&state, &actor, &slug).await?;
    Ok((StatusCode::CREATED, Json(event_out(&state, details))))
}

async fn update_event(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
    bytes: axum::body::Bytes,
) -> ApiResult<Json<EventOut>> {
    let actor = token_actor(&state, &headers, &caller).await?;
    let input: EventIn = body(&headers, &bytes)?;
    let details = app::events::service::details(&state, &actor, &slug).await?;
    let current = details.input.ok_or_else(|| AppError::not_found("event"))?;
    let published = input.published;
    if published.is_some() && details.status == EventStatus::Cancelled {
        // Refused before anything is saved: a change is applied whole or not at all.
        return Err(AppError::Conflict("A cancelled event cannot be published or unpublished; clone it instead.".into()).into());
    }
    let slug = app::events::service::update(&state, &actor, details.id, &input.onto(current)?).await?;
    if let Some(published) = published {
        app::events::service::set_published(&state, &actor, details.id, published).await?;
    }
    Ok(Json(event_out(&state, app::events::service::details(&state, &actor, &slug).await?)))
}

async fn list_rsvps(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
) -> ApiResult<Json<AttendeeList>> {
    let actor = token_actor(&state, &headers, &caller).await?;
    Ok(Json(app::rsvp::attendees::attendees_at(&state, &actor, &slug).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RsvpIn {
    name: String,
    email: String,
    answer: String,
    party_size: i64,
    #[serde(default)]
    dietary: String,
    /// The event's questions: question id → the chosen values (or the text).
    #[serde(default)]
    answers: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
struct RsvpOut {
    status: Option<&'static str>,
    party_size: u32,
    waitlist_position: Option<i64>,
    message: String,
}

async fn create_rsvp(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
    bytes: axum::body::Bytes,
) -> ApiResult<Json<RsvpOut>> {
    // A token may see unlisted and private events; the RSVP itself is always for the address
    // in the body, answered as a guest would (an existing answer is not overwritten).
    let viewer = viewer(&state, &headers, &caller).await?;
    let input: RsvpIn = body(&headers, &bytes)?;
    let answer = Answer::parse(&input.answer).ok_or_else(|| AppError::invalid("answer", "use yes, maybe or no"))?;
    let details = app::events::service::details(&state, &viewer, &slug).await?;
    let request = app::rsvp::service::RsvpRequest {
        event_id: details.id,
        name: input.name,
        email: input.email,
        answer,
        party_size: input.party_size,
        dietary: input.dietary,
        answers: input.answers,
        invitation: None,
    };
    let outcome: RsvpOutcome = app::rsvp::service::answer_for_guest(&state, &viewer, request).await?;
    Ok(Json(RsvpOut {
        status: outcome.status.map(|s| s.as_str()),
        party_size: outcome.party_size,
        waitlist_position: outcome.waitlist_position,
        message: outcome.message(),
    }))
}

async fn openapi(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(crate::openapi::document(state.settings.public_base_url.as_str()))
}
