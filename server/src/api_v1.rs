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
use app::events::model::EventKind;
use app::events::model::{EventCard, EventDetails, EventInput, EventStatus, Visibility};
use app::i18n::td_string;
use app::locale::current;
use app::rsvp::model::{Answer, RsvpOutcome, Status};
use app::rsvp::roster::AttendeeList;
use app::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/events", get(list_events).post(create_event))
        .route("/api/v1/events/{slug}", get(get_event).patch(update_event))
        .route("/api/v1/events/{slug}/rsvps", get(list_rsvps).post(create_rsvp))
        .merge(crate::api_openspace::routes())
}

/// Every error as JSON with its status: `{"kind": …, "detail": …}`.
pub(crate) struct ApiError(AppError);

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

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// The JSON body as `T`. A body that is not JSON is a 400; a field of the wrong type, missing
/// or unknown is a 422 naming the field, said in our words (serde's would echo the input).
pub(crate) fn body<T: serde::de::DeserializeOwned>(headers: &HeaderMap, bytes: &[u8]) -> ApiResult<T> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|media| media.trim().to_ascii_lowercase())
        .is_some_and(|media| media == "application/json" || (media.starts_with("application/") && media.ends_with("+json")));
    if !is_json {
        return Err(AppError::BadRequest(td_string!(current(), api.json_only).to_string()).into());
    }
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut json).map_err(|err| ApiError(field_error(&err)))?;
    json.end().map_err(|_| AppError::BadRequest(td_string!(current(), api.not_json).to_string()))?;
    Ok(value)
}

/// What went wrong where, from serde's error, without the value that was sent.
fn field_error(err: &serde_path_to_error::Error<serde_json::Error>) -> AppError {
    use serde_json::error::Category;
    let inner = err.inner();
    if !matches!(inner.classify(), Category::Data) {
        return AppError::BadRequest(td_string!(current(), api.not_json).to_string());
    }
    let path = err.path().to_string();
    let at = |name: &str| if path == "." { name.to_string() } else { format!("{path}.{name}") };
    let text = inner.to_string();
    let quoted = |prefix: &str| text.strip_prefix(prefix).and_then(|rest| rest.split('`').next()).map(str::to_string);
    if let Some(name) = quoted("missing field `") {
        return AppError::invalid(at(&name), td_string!(current(), api.required).to_string());
    }
    let field = if path == "." { "body".to_string() } else { path };
    let l = current();
    let message = if text.starts_with("invalid type: null") {
        td_string!(l, api.null_here).to_string()
    } else if text.starts_with("invalid type") {
        td_string!(l, api.wrong_type).to_string()
    } else if text.starts_with("unknown variant") {
        td_string!(l, api.unknown_value).to_string()
    } else if text.starts_with("unknown field") {
        td_string!(l, api.unknown_field).to_string()
    } else {
        td_string!(l, api.bad_value).to_string()
    };
    AppError::invalid(field, message)
}

/// The caller named by `Authorization: Bearer <token>`; required.
/// `caller` is what the middleware resolved for the request: its client address (through the
/// trusted proxy) counts for rate limits and logs, its session cookie for nothing here.
pub(crate) async fn token_actor(state: &AppState, headers: &HeaderMap, caller: &Actor) -> ApiResult<Actor> {
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

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Event)]
pub(crate) struct EventOut {
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
    #[schema(format = "uri")]
    url: String,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Series)]
pub(crate) struct SeriesOut {
    slug: String,
    title: String,
    #[schema(format = "uri")]
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

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct EventSummary {
    slug: String,
    title: String,
    kind: String,
    #[schema(format = DateTime)]
    starts_at: String,
    when: String,
    venue_name: String,
    #[schema(format = "uri")]
    url: String,
}

/// Upcoming public events, soonest first
#[utoipa::path(get, path = "/api/v1/events", operation_id = "listEvents",
    responses((status = 200, description = "The events", body = Vec<EventSummary>)))]
pub(crate) async fn list_events(State(state): State<AppState>) -> ApiResult<Json<Vec<EventSummary>>> {
    let cards: Vec<EventCard> = app::events::service::upcoming(&state.db, None, app::locale::Locale::en).await?;
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

/// One event; drafts and private events need an organizer's token
#[utoipa::path(get, path = "/api/v1/events/{slug}", operation_id = "getEvent", params(Slug), security((), ("token" = [])),
    responses((status = 200, description = "The event", body = EventOut), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event, or one the caller may not see.", body = ErrorBody)))]
pub(crate) async fn get_event(
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
/// All fields are optional in a change (PATCH); to create an event, `title`, `kind`,
/// `starts_at`, `ends_at` and `time_zone` are required.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = EventFields)]
pub(crate) struct EventIn {
    // Left out: kept as it is. These have no "none", so `null` is refused (422), as the schema says.
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 120, pattern = r"\S")]
    title: Option<String>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = EventKind, required = false)]
    kind: Option<String>,
    /// Markdown
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = String, required = false, max_length = 20000)]
    description: Option<String>,
    /// Local date and time at the venue
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = String, required = false, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", example = "2099-08-17T16:00")]
    starts_at: Option<String>,
    /// Local date and time at the venue
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = String, required = false, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", example = "2099-08-17T22:00")]
    ends_at: Option<String>,
    /// IANA time zone
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = String, required = false, example = "Europe/Berlin")]
    time_zone: Option<String>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = String, required = false, max_length = 200)]
    venue_name: Option<String>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = String, required = false, max_length = 500)]
    venue_address: Option<String>,
    /// Places; null for no limit
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<i64>, required = false, minimum = 0, maximum = 100000)]
    capacity: Option<Option<i64>>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Visibility, required = false)]
    visibility: Option<String>,
    /// Local date and time at the venue; null for none
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<String>, required = false, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$")]
    rsvp_deadline: Option<Option<String>>,
    /// The series this event is one date of (events giving the same name share it); null or empty for none
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<String>, required = false, max_length = 80, example = "Developer BBQ")]
    series: Option<Option<String>>,
    /// Organizers approve each yes before it holds a place
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = bool, required = false)]
    requires_approval: Option<bool>,
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = bool, required = false)]
    published: Option<bool>,
}

/// A field that was sent: `Some(value)`. With `T = Option<_>` this tells `null` (`Some(None)`:
/// clear it) from a field left out (`None`, by `serde(default)`: keep it); with a plain `T`,
/// `null` is refused.
pub(crate) fn given<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl EventIn {
    /// Lays the given fields over `base`: all of them for a new event, some for a change.
    fn onto(self, base: EventInput) -> Result<EventInput, AppError> {
        // In JSON, "no deadline" is null; an empty string is a mistake worth naming.
        if matches!(&self.rsvp_deadline, Some(Some(d)) if d.trim().is_empty()) {
            return Err(AppError::invalid("rsvp_deadline", td_string!(current(), api.deadline_or_null).to_string()));
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
            reply_to: base.reply_to,
        })
    }
}

/// Create an event (a draft unless `published` is true); the token's account becomes its owner
#[utoipa::path(post, path = "/api/v1/events", operation_id = "createEvent", security(("token" = [])), request_body = EventIn,
    responses((status = 201, description = "The new event", body = EventOut), (status = 400, description = "The request could not be read (not JSON, wrong content type).", body = ErrorBody), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event, or one the caller may not see.", body = ErrorBody), (status = 409, description = "The event does not take this now (cancelled, over, past its RSVP deadline).", body = ErrorBody), (status = 422, description = "A field is invalid; `detail.field` names it and `detail.message` says why.", body = ErrorBody)))]
pub(crate) async fn create_event(
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

/// Change some fields of an event (organizers), publishing or unpublishing it in the same step
#[utoipa::path(patch, path = "/api/v1/events/{slug}", operation_id = "updateEvent", params(Slug), security(("token" = [])), request_body = EventIn,
    responses((status = 200, description = "The changed event", body = EventOut), (status = 400, description = "The request could not be read (not JSON, wrong content type).", body = ErrorBody), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event, or one the caller may not see.", body = ErrorBody), (status = 409, description = "The event does not take this now (cancelled, over, past its RSVP deadline).", body = ErrorBody), (status = 422, description = "A field is invalid; `detail.field` names it and `detail.message` says why.", body = ErrorBody)))]
pub(crate) async fn update_event(
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
    // One transaction: a change is applied whole or not at all (a cancelled event refuses both).
    let slug = app::events::service::update_as(&state, &actor, details.id, &input.onto(current)?, published).await?;
    Ok(Json(event_out(&state, app::events::service::details(&state, &actor, &slug).await?)))
}

/// Attendees with counts (organizers)
#[utoipa::path(get, path = "/api/v1/events/{slug}/rsvps", operation_id = "listRsvps", params(Slug), security(("token" = [])),
    responses((status = 200, description = "The attendee list", body = AttendeeList), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event, or one the caller may not see.", body = ErrorBody)))]
pub(crate) async fn list_rsvps(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
) -> ApiResult<Json<AttendeeList>> {
    let actor = token_actor(&state, &headers, &caller).await?;
    Ok(Json(app::rsvp::attendees::attendees_at(&state, &actor, &slug).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RsvpIn {
    #[schema(min_length = 1, max_length = 80, pattern = r"\S")]
    name: String,
    #[schema(format = Email, example = "ada@example.org")]
    email: String,
    #[schema(value_type = Answer)]
    answer: String,
    #[schema(minimum = 1, maximum = 20)]
    party_size: i64,
    #[serde(default)]
    #[schema(max_length = 500)]
    dietary: String,
    /// The event's questions: question id → the chosen values (or the text).
    #[serde(default)]
    answers: std::collections::BTreeMap<String, Vec<String>>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub(crate) struct RsvpOut {
    /// pending: awaits the organizers' approval; null unless the token's account organizes the
    /// event: the guest's mail says where the answer landed (the reply is the same whether or
    /// not the address had answered before)
    #[schema(value_type = Option<Status>)]
    status: Option<&'static str>,
    party_size: u32,
    waitlist_position: Option<i64>,
    message: String,
}

/// What every error looks like: `{"kind": …, "detail": …}`.
#[derive(utoipa::ToSchema)]
#[schema(as = Error)]
#[allow(dead_code)] // the shape `AppError` serializes to, for the document only
pub(crate) struct ErrorBody {
    kind: String,
    #[schema(value_type = Option<Value>)]
    detail: Option<()>,
}

/// The event's address, e.g. `bbq`.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // the path parameter, for the document only
pub(crate) struct Slug {
    #[param(example = "bbq")]
    slug: String,
}

/// Answer for someone; a full event puts a "yes" on the waitlist
#[utoipa::path(post, path = "/api/v1/events/{slug}/rsvps", operation_id = "createRsvp", params(Slug), security((), ("token" = [])), request_body = RsvpIn,
    responses((status = 200, description = "Taken; where it landed is told to organizers and by mail", body = RsvpOut), (status = 400, description = "The request could not be read (not JSON, wrong content type).", body = ErrorBody), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event, or one the caller may not see.", body = ErrorBody), (status = 409, description = "The event does not take this now (cancelled, over, past its RSVP deadline).", body = ErrorBody), (status = 422, description = "A field is invalid; `detail.field` names it and `detail.message` says why.", body = ErrorBody), (status = 429, description = "Too many attempts; try again later.", body = ErrorBody)))]
pub(crate) async fn create_rsvp(
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
    let answer =
        Answer::parse(&input.answer).ok_or_else(|| AppError::invalid("answer", td_string!(current(), api.answer_words).to_string()))?;
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
        // The guest's mails speak the language their client asked for.
        language: headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(app::locale::Locale::en, app::locale::from_accept_language),
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
