//! What an organizer does to one line of the attendee list: cancel a party, move it one place on
//! the waitlist, check it in, send an invitation again; and the reminder to the invited who have
//! not answered. Each use case checks the caller's role first, so a refusal reads "not found".

use super::door_model::CheckInResult;
use super::model::Status;
use super::service::{check_in_code, manage_token};
use crate::auth::model::Permission;
use crate::auth::roles::require;
use crate::auth::service::Actor;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::events::rules::{bounded, one_line};
use crate::i18n::td_string;
use crate::locale;
use crate::mail::templates;
use crate::state::AppState;

/// How many parties and people a message went to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    pub parties: usize,
    pub people: usize,
}

/// An organizer cancels a party's RSVP (going, waiting, asking or maybe) as the guest's own
/// "Cancel my RSVP" does: the answer becomes "no", the guest hears it by mail and freed places go
/// to the waitlist. The change and its optional reason go into the audit trail. Returns the
/// party's name.
pub async fn cancel_party(state: &AppState, actor: &Actor, event_id: i64, email: &str, reason: &str) -> AppResult<String> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let reason = reason.trim();
    if reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", td_string!(locale::current(), attendees.error_reason).to_string()));
    }
    let row = {
        let mut conn = state.db.read().await?;
        db::rsvps::by_email(&mut conn, event_id, &email.trim().to_lowercase()).await?
    };
    let row = row
        .filter(|r| matches!(r.status, Status::Going | Status::Waitlisted | Status::Pending | Status::Maybe))
        .ok_or_else(|| AppError::not_found("RSVP"))?;
    super::cancel::cancel_by_link(state, &manage_token(&state.settings.secret_key, row.id)).await?;
    let mut tx = state.db.begin_write().await?;
    db::rsvps::record_audit(&mut tx, row.id, by.id, "cancelled by an organizer", reason, db::now()).await?;
    tx.commit().await?;
    Ok(row.name)
}

/// Moves a waitlisted party one place up or down the line, through the same use case as any
/// move (its reason says where it was made). Returns its new place.
pub async fn nudge_on_waitlist(state: &AppState, actor: &Actor, event_id: i64, email: &str, up: bool) -> AppResult<i64> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let l = locale::current();
    let email = email.trim().to_lowercase();
    let (position, length) = {
        let mut conn = state.db.read().await?;
        let row = db::rsvps::by_email(&mut conn, event_id, &email).await?.filter(|r| r.status == Status::Waitlisted);
        let row = row.ok_or_else(|| AppError::not_found("waitlisted RSVP"))?;
        let position = db::rsvps::waitlist_position(&mut conn, row.id).await?.unwrap_or(1);
        (position, db::rsvps::waitlist(&mut conn, event_id).await?.len() as i64)
    };
    let (to, reason) =
        if up { (position - 1, td_string!(l, attendees.reason_up)) } else { (position + 1, td_string!(l, attendees.reason_down)) };
    if to < 1 {
        return Err(AppError::invalid("position", td_string!(l, attendees.error_top).to_string()));
    }
    if to > length {
        return Err(AppError::invalid("position", td_string!(l, attendees.error_bottom).to_string()));
    }
    super::service::move_on_waitlist(state, actor, event_id, &email, to, reason).await?;
    Ok(to)
}

/// Checks a party in from its line of the list, as its code would at the door: for the
/// event's check-in staff and organizers.
pub async fn check_in_party(state: &AppState, actor: &Actor, event_id: i64, email: &str) -> AppResult<CheckInResult> {
    require(&state.db, actor, event_id, Permission::CheckIn).await?;
    let id = {
        let mut conn = state.db.read().await?;
        db::rsvps::by_email(&mut conn, event_id, &email.trim().to_lowercase()).await?.ok_or_else(|| AppError::not_found("RSVP"))?.id
    };
    super::door::check_in(state, actor, event_id, &check_in_code(&state.settings.secret_key, id), None).await
}

/// Sends an invitation again to an address already invited.
pub async fn resend_invitation(state: &AppState, actor: &Actor, event_id: i64, email: &str) -> AppResult<String> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let email = email.trim().to_lowercase();
    let invited = {
        let mut conn = state.db.read().await?;
        db::invitations::is_invited(&mut conn, event_id, &email).await?
    };
    if !invited {
        return Err(AppError::not_found("invitation"));
    }
    crate::events::service::invite(state, actor, event_id, &email).await?;
    Ok(email)
}

/// Mails the organizer's message to everyone invited who has not answered, each with their
/// personal invitation link (a private event opens only through it).
pub async fn message_invited(state: &AppState, actor: &Actor, event_id: i64, subject: &str, text: &str) -> AppResult<Reach> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let subject = one_line("subject", subject, 150, true)?;
    let text = bounded("text", text, 10_000, true)?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let invited = db::invitations::unanswered(&mut tx, event_id).await?;
    // The invited have no language yet: they read the one the organizer's page speaks, as their invitation did.
    let l = locale::current();
    let event_link = state.settings.link(&format!("/events/{}", event.slug));
    for (id, email, _) in &invited {
        let token = crate::auth::tokens::sign(&state.settings.secret_key, crate::events::service::INVITATION, *id, 16);
        let link = state.settings.link(&format!("/events/{}?invitation={token}", event.slug));
        let mail =
            templates::organizer_message(templates::To::new(email, None, l), &by.display_name, event.title_in(l), &subject, &text, &link);
        state.outbox.enqueue(&mut tx, &templates::with_conduct_links(mail, l, &event_link)).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    Ok(Reach { parties: invited.len(), people: invited.len() })
}
