//! Server functions for events: who is calling, then the service.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use super::model::{EventCard, EventDetails, EventInput, EventKind, SeriesPage};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
#[cfg(feature = "ssr")]
use server_fn::ServerFn as _;

/// Upcoming public events, optionally only of one kind. Public: no caller check.
#[server(endpoint = "events/upcoming", input = GetUrl)]
pub async fn list_upcoming_events(kind: Option<EventKind>) -> Result<Vec<EventCard>, AppError> {
    let state = crate::state::app_state()?;
    super::service::upcoming(&state.db, kind, crate::locale::current()).await
}

/// A series' public dates. Public: it lists only what the home page would.
#[server(endpoint = "events/series", input = GetUrl)]
pub async fn get_series(slug: String) -> Result<SeriesPage, AppError> {
    let state = crate::state::app_state()?;
    super::service::series_page(&state.db, &slug, crate::locale::current()).await
}

#[server(endpoint = "events/details", input = GetUrl)]
pub async fn get_event(slug: String, #[server(default)] invitation: Option<String>) -> Result<EventDetails, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::details_for(&state, &actor, &slug, crate::locale::current(), invitation.as_deref()).await
}

/// The event as its editor shows it. Organizers only: to others it does not exist.
#[server(endpoint = "events/to-edit", input = GetUrl)]
pub async fn event_to_edit(slug: String) -> Result<EventDetails, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::details_requiring(&state, &actor, &slug, crate::auth::model::Permission::Organize).await
}

/// The event as the check-in page shows it. Check-in staff and organizers only.
#[server(endpoint = "events/at-door", input = GetUrl)]
pub async fn event_at_door(slug: String) -> Result<EventDetails, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::details_requiring(&state, &actor, &slug, crate::auth::model::Permission::CheckIn).await
}

/// Mails each address a personal invitation link. Organizers only.
#[server(endpoint = "events/invite")]
pub async fn invite_guests(event_id: i64, addresses: String) -> Result<usize, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let invited = super::service::invite(&state, &actor, event_id, &addresses).await?;
    say(InviteGuests::PATH, &crate::i18n::td_string!(crate::locale::current(), editor.invited, invited = invited));
    Ok(invited)
}

/// Creates a draft and opens its page.
#[server(endpoint = "events/create")]
pub async fn create_event(input: EventInput, #[server(default)] questions: String) -> Result<String, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let slug = super::service::create_with_questions(&state, &actor, &input, &questions).await?;
    leptos_axum::redirect(&format!("/events/{slug}"));
    Ok(slug)
}

/// Saves the editor and opens it again, at the event's address: `was` (the address the editor
/// showed) tells whether it just changed, as it does when an event becomes unlisted.
#[server(endpoint = "events/update")]
pub async fn update_event(event_id: i64, input: EventInput, #[server(default)] was: String) -> Result<String, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let saved = super::service::save(&state, &actor, event_id, &input).await?;
    let slug = saved.slug;
    let l = crate::locale::current();
    let said = if was.is_empty() || was == slug {
        crate::i18n::td_string!(l, editor.saved).to_string()
    } else {
        crate::i18n::td_string!(l, editor.saved_moved, slug = &slug).to_string()
    };
    say(UpdateEvent::PATH, super::publish::with_moved_up(said, saved.moved_up));
    leptos_axum::redirect(&format!("/events/{slug}/edit"));
    Ok(slug)
}

#[server(endpoint = "events/publish")]
pub async fn publish_event(event_id: i64, published: bool) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::set_published(&state, &actor, event_id, published).await
}

#[server(endpoint = "events/cancel")]
pub async fn cancel_event(event_id: i64, reason: String) -> Result<usize, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let told = super::service::cancel(&state, &actor, event_id, &reason).await?;
    say(CancelEvent::PATH, &crate::i18n::td_string!(crate::locale::current(), editor.cancelled, told = told));
    Ok(told)
}

/// Copies the event into a new draft and opens it.
#[server(endpoint = "events/clone")]
pub async fn clone_event(event_id: i64) -> Result<String, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let slug = super::service::clone_event(&state, &actor, event_id).await?;
    leptos_axum::redirect(&format!("/events/{slug}/edit"));
    Ok(slug)
}
