//! Server functions of the door: check-in staff and organizers only (the services check).

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use super::door_model::{CheckInResult, DoorPage, DoorSearch};
use crate::error::AppError;
use server_fn::ServerFn as _;

/// The key of the notice a plain form's check-in of a party already in leaves: the page shows
/// it as a warning, not as a welcome.
pub fn already_notice() -> String {
    format!("{}#already", CheckIn::PATH)
}

/// Check-in staff scan or type a code at the entrance, or press "Check in" beside a name;
/// `people` (empty: the rest of the party) lets part of a party in.
#[server(endpoint = "rsvp/check-in")]
pub async fn check_in(event_id: i64, code: String, #[server(default)] people: String) -> Result<CheckInResult, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let l = crate::locale::current();
    let people = match people.trim() {
        "" => None,
        n => Some(
            n.parse::<u32>().map_err(|_| AppError::invalid("people", crate::i18n::td_string!(l, checkin.people_invalid).to_string()))?,
        ),
    };
    let result = super::door::check_in(&state, &actor, event_id, &code, people).await?;
    let notice = if result.already_checked_in { already_notice() } else { CheckIn::PATH.to_string() };
    crate::ui::notice::say(&notice, result.message_in(l));
    Ok(result)
}

/// The check-in page's content; `q` searches the confirmed guests by name.
#[server(endpoint = "rsvp/door", input = GetUrl)]
pub async fn desk_page(slug: String, #[server(default)] q: String) -> Result<DoorPage, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::door::page(&state, &actor, &slug, &q).await
}

/// The confirmed guests whose names match `q`, and the counter: what the desk shows as the
/// helper types.
#[server(endpoint = "rsvp/door/search", input = GetUrl)]
pub async fn find_guests(event_id: i64, #[server(default)] q: String) -> Result<DoorSearch, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::door::search(&state, &actor, event_id, &q).await
}
