//! A guest cancels their RSVP from their personal page: the answer becomes "no", the place goes
//! to the waitlist, and the mail takes the event out of the guest's calendar again.

use leptos::prelude::*;

use super::model::RsvpOutcome;
use crate::error::AppError;

/// "Cancel my RSVP" on the page behind a personal link.
#[server(endpoint = "public/rsvp/cancel")]
pub async fn cancel_rsvp(token: String) -> Result<RsvpOutcome, AppError> {
    use server_fn::ServerFn as _;
    let (state, _) = crate::auth::api::context()?;
    let outcome = cancel_by_link(&state, &token).await?;
    let l = crate::locale::current();
    crate::ui::notice::say(CancelRsvp::PATH, crate::i18n::td_string!(l, personal.cancelled_notice));
    Ok(outcome)
}

/// Cancels the RSVP behind a personal link. Also after the RSVP deadline (a freed place helps
/// the waitlist); an RSVP that is "no" already, or was declined, stays as it is.
#[cfg(feature = "ssr")]
pub async fn cancel_by_link(state: &crate::state::AppState, token: &str) -> crate::error::AppResult<RsvpOutcome> {
    use super::model::{Answer, PartySize, Status};
    use super::service::{Desired, apply, outcome_of};
    use crate::db;
    use crate::events::model::EventStatus;
    use crate::i18n::td_string;

    let id = super::service::verify_manage_token(&state.settings.secret_key, token).ok_or_else(|| AppError::not_found("RSVP"))?;
    let shared = state.clone();
    let (outcome, event_id) = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let row = db::rsvps::by_id(tx, id).await?.ok_or_else(|| AppError::not_found("RSVP"))?;
                let event = db::events::by_id(tx, row.event_id).await?.ok_or_else(|| AppError::not_found("RSVP"))?;
                let l = crate::locale::current();
                match event.status {
                    EventStatus::Published => {}
                    EventStatus::Cancelled => return Err(AppError::Conflict(td_string!(l, personal.event_cancelled).into())),
                    EventStatus::Draft => return Err(AppError::not_found("RSVP")),
                }
                if event.ends_at < db::now() {
                    return Err(AppError::Conflict(td_string!(l, personal.event_over).into()));
                }
                if matches!(row.status, Status::NotGoing | Status::Declined) {
                    return Ok::<_, AppError>((outcome_of(tx, &row).await?, event.id));
                }
                let desired = Desired {
                    name: row.name.clone(),
                    answer: Answer::No,
                    party: PartySize::new(row.party_size)?,
                    dietary: row.dietary.clone(),
                    answers: db::questions::answers_of(tx, row.id).await?,
                    language: crate::locale::parse(&row.language),
                    cancel: true,
                };
                let (user_id, email) = (row.user_id, row.email.clone());
                let outcome = apply(&shared, tx, &event, Some(row), user_id, &email, &desired).await?;
                Ok((outcome, event.id))
            })
        })
        .await?;
    state.attendance_changed(event_id);
    Ok(outcome)
}
