//! The event page's RSVP section: the caller's own answer and the questions to ask.

use super::model::{MyRsvp, RsvpPanel};
use crate::auth::service::Actor;
use crate::db;
use crate::error::AppResult;
use crate::state::AppState;

/// What the RSVP section shows the caller on the event at `slug`, for whoever may see the event
/// (an `invitation` link opens a private one).
pub async fn panel(state: &AppState, actor: &Actor, slug: &str, invitation: Option<&str>) -> AppResult<RsvpPanel> {
    let event_id = if actor.user.is_none() && invitation.is_none() {
        // Whether a visitor without an account or link may see the event is what the public
        // pages' cache already knows: the busiest page reads no roles for its RSVP section.
        crate::events::service::details_for(state, actor, slug, crate::locale::Locale::en, None).await?.id
    } else {
        crate::events::service::visible_event(state, actor, slug, invitation).await?.0.id
    };
    let mut conn = state.db.read().await?;
    let mine = match &actor.user {
        Some(user) => match db::rsvps::by_email(&mut conn, event_id, &user.email).await? {
            Some(row) => Some(MyRsvp {
                status: row.status,
                party_size: row.party_size as u32,
                waitlist_position: db::rsvps::waitlist_position(&mut conn, row.id).await?,
                personal_page: format!("/rsvp/{}", super::links::manage_token(&state.settings.secret_key, row.id)),
            }),
            None => None,
        },
        None => None,
    };
    let questions = super::question_edits::questions_of(&mut conn, event_id).await?;
    Ok(RsvpPanel { mine, questions })
}
