//! The event page's RSVP section: the caller's own answer and the questions to ask.

use super::model::{MyRsvp, RsvpPanel};
use crate::auth::service::Actor;
use crate::db;
use crate::error::AppResult;
use crate::state::AppState;

/// What the RSVP section shows the caller on the event at `slug`, for whoever may see the event
/// (an `invitation` link opens a private one).
pub async fn panel(state: &AppState, actor: &Actor, slug: &str, invitation: Option<&str>) -> AppResult<RsvpPanel> {
    let (event, _) = crate::events::service::visible_event(state, actor, slug, invitation).await?;
    let mut conn = state.db.read().await?;
    let mine = match &actor.user {
        Some(user) => match db::rsvps::by_email(&mut conn, event.id, &user.email).await? {
            Some(row) => Some(MyRsvp {
                status: row.status,
                party_size: row.party_size as u32,
                waitlist_position: db::rsvps::waitlist_position(&mut conn, row.id).await?,
            }),
            None => None,
        },
        None => None,
    };
    let questions = super::question_edits::questions_of(&mut conn, event.id).await?;
    Ok(RsvpPanel { mine, questions })
}
