//! Server functions for events: who is calling, then the service.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use super::model::{EventCard, EventKind};
use crate::error::AppError;

/// Upcoming public events, optionally only of one kind. Public: no caller check.
#[server(endpoint = "events/upcoming", input = GetUrl)]
pub async fn list_upcoming_events(kind: Option<EventKind>) -> Result<Vec<EventCard>, AppError> {
    let state = crate::state::app_state()?;
    super::service::upcoming(&state.db, kind).await
}
