//! Server functions for events: who is calling, then the service.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use super::model::EventCard;
use crate::error::AppError;

#[server(endpoint = "events/upcoming", input = GetUrl)]
pub async fn list_upcoming_events() -> Result<Vec<EventCard>, AppError> {
    let state = crate::state::app_state()?;
    super::service::upcoming(&state.db).await
}
