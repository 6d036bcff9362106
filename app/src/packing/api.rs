//! Server functions of the packing line: who is calling, then the service. Stations tap with
//! the key in their screen's link, volunteers sign up with or without an account; both are
//! public. Everything else is for the line's leads.

use leptos::prelude::*;
use server_fn::codec::{GetUrl, Json};

use super::model::TapBatch;
use super::views::{ItemInput, LinePage, PackingSetup, SponsorReport, StationScreen, TapAck, VolunteerPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
#[cfg(feature = "ssr")]
use server_fn::ServerFn as _;

/// The leads' page. Leads only: to others it does not exist.
#[server(endpoint = "packing/setup", input = GetUrl)]
pub async fn get_packing_setup(slug: String) -> Result<PackingSetup, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::setup_page(&state, &actor, &slug).await
}

/// The live line: for its leads, or a wall screen with the kiosk key.
#[server(endpoint = "packing/line", input = GetUrl)]
pub async fn packing_line(slug: String, #[server(default)] kiosk: Option<String>) -> Result<LinePage, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::line_page(&state, &actor, &slug, kiosk.as_deref()).await
}

/// A station's phone screen, for the holder of its link.
#[server(endpoint = "packing/station", input = GetUrl)]
pub async fn packing_station(slug: String, id: i64, key: String) -> Result<StationScreen, AppError> {
    let state = crate::state::app_state()?;
    super::service::station_screen(&state, &slug, id, &key).await
}

#[server(endpoint = "packing/volunteer", input = GetUrl)]
pub async fn packing_volunteer(slug: String) -> Result<VolunteerPage, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::volunteer_page(&state, &actor, &slug).await
}

#[server(endpoint = "packing/report", input = GetUrl)]
pub async fn packing_report(slug: String) -> Result<SponsorReport, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::sponsor_report_page(&state, &actor, &slug).await
}

/// Whether the event at `slug` has a packing line, for the event page's link to its sign-up.
#[server(endpoint = "packing/exists", input = GetUrl)]
pub async fn packing_exists(slug: String) -> Result<bool, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let Ok(event) = crate::events::service::details_for(&state, &actor, &slug, crate::locale::Locale::en, None).await else {
        return Ok(false);
    };
    super::service::has_line(&state, event.id).await
}

/// A station's stored taps. The phone keeps them until this answers, and sends a batch again
/// under the same id when an answer was lost: it is counted once.
#[server(endpoint = "public/packing/taps", input = Json)]
pub async fn send_taps(batch: TapBatch, key: String) -> Result<TapAck, AppError> {
    let state = crate::state::app_state()?;
    super::service::record_taps(&state, batch, &key).await
}

#[server(endpoint = "public/packing/sign-up")]
pub async fn sign_up_to_pack(
    shift_id: i64,
    job: String,
    #[server(default)] station_id: Option<i64>,
    name: String,
    email: String,
) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let said = super::service::sign_up(&state, &actor, shift_id, &job, station_id, &name, &email).await?;
    say(SignUpToPack::PATH, said);
    Ok(())
}

/// Sets up the line (or changes its target).
#[server(endpoint = "packing/line-settings")]
pub async fn save_packing_line(event_id: i64, bag_target: String, #[server(default)] tables: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::save_line(&state, &actor, event_id, &bag_target, &tables).await?;
    say(SavePackingLine::PATH, crate::i18n::td_string!(crate::locale::current(), packing.said.saved));
    Ok(())
}

#[server(endpoint = "packing/add-sponsor")]
pub async fn add_sponsor(
    event_id: i64,
    name: String,
    #[server(default)] contact: String,
    #[server(default)] tier: String,
) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::add_sponsor(&state, &actor, event_id, &name, &contact, &tier).await
}

#[server(endpoint = "packing/add-item")]
pub async fn add_item(event_id: i64, input: ItemInput) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::add_item(&state, &actor, event_id, &input).await
}

/// A box checked in against what was expected.
#[server(endpoint = "packing/check-in")]
pub async fn check_in_shipment(event_id: i64, item_id: i64, received: String, #[server(default)] note: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::check_in(&state, &actor, event_id, item_id, &received, &note).await?;
    say(CheckInShipment::PATH, crate::i18n::td_string!(crate::locale::current(), packing.said.checked_in));
    Ok(())
}

#[server(endpoint = "packing/add-station")]
pub async fn add_station(event_id: i64, name: String, kind: String, #[server(default)] item_id: Option<i64>) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::add_station(&state, &actor, event_id, &name, &kind, item_id).await
}

#[server(endpoint = "packing/remove-station")]
pub async fn remove_station(event_id: i64, station_id: i64) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::remove_station(&state, &actor, event_id, station_id).await
}

#[server(endpoint = "packing/add-shift")]
pub async fn add_shift(event_id: i64, starts: String, ends: String, needed: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::add_shift(&state, &actor, event_id, &starts, &ends, &needed).await
}
