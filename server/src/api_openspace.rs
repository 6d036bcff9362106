//! The open space through `/api/v1`: set it up, import a sticky-note wall's sessions and dots,
//! place them and read the placement back. Organizers' tokens only: to any other caller every
//! path reads like a missing event, whatever the body.

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use app::auth::model::Permission;
use app::auth::service::Actor;
use app::error::AppError;
use app::i18n::td_string;
use app::locale::current;
use app::openspace::import::{ImportInput, ImportSummary, within};
use app::openspace::model::{OpenSpacePage, Participation, PlacementFigures, RoomView, SettingsInput, SlotView};
use app::openspace::service::{self, Caller};
use app::state::AppState;

use crate::api_v1::{ApiResult, ErrorBody, Slug, body, given, token_actor};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/events/{slug}/open-space", put(put_open_space))
        .route("/api/v1/events/{slug}/open-space/import", post(import))
        .route("/api/v1/events/{slug}/open-space/placement", post(place).get(get_placement))
}

/// The token's account and the event's id, when that account organizes the event at `slug`.
async fn organized(state: &AppState, headers: &HeaderMap, caller: &Actor, slug: &str) -> ApiResult<(Actor, i64)> {
    let actor = token_actor(state, headers, caller).await?;
    let details = app::events::service::details_requiring(state, &actor, slug, Permission::Organize).await?;
    Ok((actor, details.id))
}

/// The open space as its organizers' page shows it.
async fn organizer_view(state: &AppState, actor: Actor, slug: &str) -> ApiResult<(SettingsInput, String, OpenSpacePage)> {
    let page = service::setup_page(state, &Caller { actor, tokens: Vec::new() }, slug).await?;
    let space = page.space.ok_or_else(|| AppError::not_found("open space"))?;
    Ok((page.settings, page.time_zone, space))
}

/// An open space's rules, with rooms and slots to add to its grid.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = OpenSpaceFields)]
pub(crate) struct OpenSpaceIn {
    participation: Participation,
    /// Local date and time at the venue; null or left out: until the event ends
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<String>, required = false, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", example = "2099-07-04T12:00")]
    proposals_close: Option<Option<String>>,
    /// Local date and time at the venue; null or left out: at once
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<String>, required = false, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", example = "2099-07-04T09:00")]
    voting_opens: Option<Option<String>>,
    /// Local date and time at the venue; null or left out: until the event ends
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = Option<String>, required = false, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", example = "2099-07-04T13:00")]
    voting_closes: Option<Option<String>>,
    #[schema(minimum = 1, maximum = 50, example = 5)]
    dots_per_voter: u32,
    /// At most `dots_per_voter`
    #[schema(minimum = 1, maximum = 50, example = 3)]
    max_dots_per_session: u32,
    /// Rooms to add (an open space has at most 40)
    #[serde(default)]
    #[schema(max_items = 40)]
    rooms: Vec<RoomIn>,
    /// Slots to add (at most 60), not overlapping each other or those there
    #[serde(default)]
    #[schema(max_items = 60)]
    slots: Vec<SlotIn>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = OpenSpaceRoomFields)]
pub(crate) struct RoomIn {
    /// Unique within the open space
    #[schema(min_length = 1, max_length = 80, pattern = r"\S", example = "Garden")]
    name: String,
    /// Seats
    #[schema(minimum = 1, maximum = 100000)]
    capacity: u32,
    #[serde(default)]
    #[schema(max_length = 200)]
    notes: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = OpenSpaceSlotFields)]
pub(crate) struct SlotIn {
    /// Local date and time at the venue
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", example = "2099-07-04T10:00")]
    starts: String,
    /// Local date and time at the venue, after `starts`
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", example = "2099-07-04T10:45")]
    ends: String,
}

/// A time for the settings form: empty there means none; in JSON none is null, and an empty
/// string is a mistake worth naming.
fn local_or_none(field: &str, value: Option<Option<String>>) -> Result<String, AppError> {
    match value.flatten() {
        Some(text) if text.trim().is_empty() => Err(AppError::invalid(field, td_string!(current(), api.time_or_null).to_string())),
        other => Ok(other.unwrap_or_default()),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = OpenSpaceSettings)]
pub(crate) struct SettingsOut {
    participation: Participation,
    /// Local date and time at the venue; null: until the event ends
    proposals_close: Option<String>,
    /// null: at once
    voting_opens: Option<String>,
    /// null: until the event ends
    voting_closes: Option<String>,
    dots_per_voter: u32,
    max_dots_per_session: u32,
    /// The zone of the local times, the event's
    time_zone: String,
    /// The schedule is final: no placing until it is unlocked
    locked: bool,
}

/// An open space as its organizers see it.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = OpenSpace)]
pub(crate) struct OpenSpaceOut {
    settings: SettingsOut,
    /// Largest first
    rooms: Vec<RoomView>,
    /// In time order
    slots: Vec<SlotView>,
}

/// Turn an event's open space on or change its rules (organizers), adding rooms and slots
///
/// The rules are saved first, then each room and slot in the order given; when one is refused
/// (422 naming it, like `rooms[1].name`), the ones before it stay.
#[utoipa::path(put, path = "/api/v1/events/{slug}/open-space", operation_id = "putOpenSpace", tag = "open space", params(Slug), security(("token" = [])), request_body = OpenSpaceIn,
    responses((status = 200, description = "The open space", body = OpenSpaceOut), (status = 400, description = "The request could not be read (not JSON, wrong content type).", body = ErrorBody), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event, or one the caller does not organize.", body = ErrorBody), (status = 422, description = "A field is invalid; `detail.field` names it and `detail.message` says why.", body = ErrorBody)))]
pub(crate) async fn put_open_space(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
    bytes: axum::body::Bytes,
) -> ApiResult<Json<OpenSpaceOut>> {
    let (actor, event_id) = organized(&state, &headers, &caller, &slug).await?;
    let input: OpenSpaceIn = body(&headers, &bytes)?;
    let settings = SettingsInput {
        participation: input.participation.as_str().into(),
        proposals_close: local_or_none("proposals_close", input.proposals_close)?,
        voting_opens: local_or_none("voting_opens", input.voting_opens)?,
        voting_closes: local_or_none("voting_closes", input.voting_closes)?,
        dots_per_voter: input.dots_per_voter.to_string(),
        max_dots_per_session: input.max_dots_per_session.to_string(),
    };
    service::save_settings(&state, &actor, event_id, &settings).await?;
    for (i, room) in input.rooms.iter().enumerate() {
        service::add_room(&state, &actor, event_id, &room.name, &room.capacity.to_string(), &room.notes)
            .await
            .map_err(|e| within(&format!("rooms[{i}]"), e))?;
    }
    for (i, slot) in input.slots.iter().enumerate() {
        service::add_slot(&state, &actor, event_id, &slot.starts, &slot.ends).await.map_err(|e| within(&format!("slots[{i}]"), e))?;
    }
    let (settings, time_zone, space) = organizer_view(&state, actor, &slug).await?;
    let time = |t: String| (!t.is_empty()).then_some(t);
    Ok(Json(OpenSpaceOut {
        settings: SettingsOut {
            participation: space.participation,
            proposals_close: time(settings.proposals_close),
            voting_opens: time(settings.voting_opens),
            voting_closes: time(settings.voting_closes),
            dots_per_voter: space.dots_per_voter,
            max_dots_per_session: space.max_dots_per_session,
            time_zone,
            locked: space.phase.locked,
        },
        rooms: space.rooms,
        slots: space.slots,
    }))
}

/// Import sessions and dots from a sticky-note wall or another tool (organizers)
///
/// All or nothing: one refused entry refuses the request, naming it (`sessions[3].title`,
/// `votes[12].session`). Voters are kept by their id or address, so a later import naming
/// them again adds to their votes, within one dot budget.
#[utoipa::path(post, path = "/api/v1/events/{slug}/open-space/import", operation_id = "importOpenSpace", tag = "open space", params(Slug), security(("token" = [])), request_body = ImportInput,
    responses((status = 200, description = "What was stored", body = ImportSummary), (status = 400, description = "The request could not be read (not JSON, wrong content type).", body = ErrorBody), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event or open space, or one the caller does not organize.", body = ErrorBody), (status = 422, description = "A field is invalid; `detail.field` names it and `detail.message` says why.", body = ErrorBody)))]
pub(crate) async fn import(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
    bytes: axum::body::Bytes,
) -> ApiResult<Json<ImportSummary>> {
    let (actor, event_id) = organized(&state, &headers, &caller, &slug).await?;
    let input: ImportInput = body(&headers, &bytes)?;
    Ok(Json(app::openspace::import::import(&state, &actor, event_id, &input).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PlacementRun)]
pub(crate) struct PlaceIn {
    /// The same seed on the same input places the same way; left out: a random one
    #[serde(default, deserialize_with = "given")]
    #[schema(value_type = u64, required = false, maximum = 9223372036854775807_u64, example = 7)]
    seed: Option<u64>,
    /// Sessions that have a cell already keep it unless moving them saves several missed dots
    #[serde(default = "yes")]
    #[schema(default = true)]
    keep_announced: bool,
}

fn yes() -> bool {
    true
}

/// A session and its cell.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = PlacedSession)]
pub(crate) struct PlacedSession {
    id: i64,
    title: String,
    dots: u32,
    voters: u32,
    /// Slots it lasts
    length: u8,
    facilitators: Vec<String>,
    slot_id: Option<i64>,
    room_id: Option<i64>,
    /// When its first slot starts; null without a cell
    #[schema(format = DateTime)]
    starts_at: Option<String>,
    /// null without a cell
    room: Option<String>,
    /// The organizers fixed its cell
    pinned: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Placement)]
pub(crate) struct PlacementOut {
    /// The last placement's figures; null before the first
    figures: Option<PlacementFigures>,
    /// Most dots first
    sessions: Vec<PlacedSession>,
}

fn placement_out(space: OpenSpacePage, figures: Option<PlacementFigures>) -> PlacementOut {
    let sessions = space
        .sessions
        .iter()
        .map(|s| PlacedSession {
            id: s.id,
            title: s.title.clone(),
            dots: s.dots,
            voters: s.voters,
            length: s.length,
            facilitators: s.facilitators.clone(),
            slot_id: s.slot_id,
            room_id: s.room_id,
            starts_at: s.slot_id.and_then(|id| space.slot(id)).map(|slot| slot.starts_at_iso.clone()),
            room: s.room_id.and_then(|id| space.room(id)).map(|room| room.name.clone()),
            pinned: s.pinned,
        })
        .collect();
    PlacementOut { figures, sessions }
}

/// Place every session that is not pinned into rooms × slots (organizers)
#[utoipa::path(post, path = "/api/v1/events/{slug}/open-space/placement", operation_id = "placeOpenSpace", tag = "open space", params(Slug), security(("token" = [])), request_body = PlaceIn,
    responses((status = 200, description = "The new placement and its figures", body = PlacementOut), (status = 400, description = "The request could not be read (not JSON, wrong content type).", body = ErrorBody), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event or open space, or one the caller does not organize.", body = ErrorBody), (status = 409, description = "The schedule is locked, or the grid has no rooms or no slots yet.", body = ErrorBody), (status = 422, description = "A field is invalid; `detail.field` names it and `detail.message` says why.", body = ErrorBody)))]
pub(crate) async fn place(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
    bytes: axum::body::Bytes,
) -> ApiResult<Json<PlacementOut>> {
    let (actor, event_id) = organized(&state, &headers, &caller, &slug).await?;
    let input: PlaceIn = body(&headers, &bytes)?;
    // Kept as a signed 64-bit integer with the placement.
    if input.seed.is_some_and(|seed| i64::try_from(seed).is_err()) {
        return Err(AppError::invalid("seed", td_string!(current(), api.whole_number, max = i64::MAX).to_string()).into());
    }
    let seed = input.seed.map(|s| s.to_string()).unwrap_or_default();
    let figures = service::place(&state, &actor, event_id, &seed, input.keep_announced).await?;
    let (.., space) = organizer_view(&state, actor, &slug).await?;
    Ok(Json(placement_out(space, Some(figures))))
}

/// The current placement and the last run's figures (organizers)
#[utoipa::path(get, path = "/api/v1/events/{slug}/open-space/placement", operation_id = "getPlacement", tag = "open space", params(Slug), security(("token" = [])),
    responses((status = 200, description = "Every session with its cell, and the figures", body = PlacementOut), (status = 401, description = "A bearer token is required, or the one given is unknown.", body = ErrorBody), (status = 404, description = "No such event or open space, or one the caller does not organize.", body = ErrorBody)))]
pub(crate) async fn get_placement(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(caller): Extension<Actor>,
) -> ApiResult<Json<PlacementOut>> {
    let (actor, _) = organized(&state, &headers, &caller, &slug).await?;
    let (.., space) = organizer_view(&state, actor, &slug).await?;
    let figures = space.figures.clone();
    Ok(Json(placement_out(space, figures)))
}
