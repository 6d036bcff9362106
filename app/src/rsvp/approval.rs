//! Approval of each RSVP: on events that ask for it, a yes waits, holding no place, until an
//! organizer lets the party in (places if free, else the end of the waitlist) or declines it.

use super::model::{PartySize, Status, decide};
use super::news::{News, notify};
use super::service::outcome_of;
use crate::auth::service::Actor;
use crate::db::events::EventRow;
use crate::db::rsvps::RsvpRow;
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::events::model::EventStatus;
use crate::i18n::td_string;
use crate::state::AppState;

/// An organizer lets a party that asked to come in: it takes places if they are free and
/// otherwise joins the end of the waitlist, like any other yes. Returns where it landed.
pub async fn approve(state: &AppState, actor: &Actor, event_id: i64, email: &str) -> AppResult<Status> {
    let by = crate::auth::roles::require(&state.db, actor, event_id, crate::auth::model::Permission::Organize).await?;
    let mut tx = state.db.begin_write().await?;
    let (event, row) = pending_rsvp(&mut tx, event_id, email).await?;
    let status = let_in(state, &mut tx, &event, &row, by.id, "").await?;
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(status)
}

/// Lets in every party still asking to come, in the order they asked: the organizers have
/// stopped approving, so nobody is left waiting for a decision that will not come.
pub async fn approve_all_pending(state: &AppState, tx: &mut WriteTx, event: &EventRow, by: i64) -> AppResult<()> {
    for row in db::rsvps::pending(tx, event.id).await? {
        let_in(state, tx, event, &row, by, "approval switched off").await?;
    }
    Ok(())
}

/// A pending party takes places if they are free and otherwise joins the end of the waitlist;
/// the decision goes into the audit trail and to the party by mail.
async fn let_in(state: &AppState, tx: &mut WriteTx, event: &EventRow, row: &RsvpRow, by: i64, reason: &str) -> AppResult<Status> {
    let line = db::rsvps::line(tx, event.id, None).await?;
    let status = decide(PartySize::new(row.party_size)?, event.capacity.map(|c| c.max(0) as u32), line.taken.max(0) as u32);
    let seq = (status == Status::Waitlisted).then_some(line.tail.next_seq);
    let now = db::now();
    let row = db::rsvps::set_status(tx, row.id, status, seq, now).await?;
    db::rsvps::record_audit(tx, row.id, by, "approved", reason, now).await?;
    let outcome = outcome_of(tx, &row).await?;
    notify(state, tx, event, &row, News::Approved { outcome: &outcome }).await?;
    Ok(status)
}

/// An organizer turns down a party that asked to come, with an optional word to it; the
/// decision is kept in the event's audit trail and the party is told by mail.
pub async fn decline(state: &AppState, actor: &Actor, event_id: i64, email: &str, note: &str) -> AppResult<()> {
    let by = crate::auth::roles::require(&state.db, actor, event_id, crate::auth::model::Permission::Organize).await?;
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(AppError::invalid("note", td_string!(crate::locale::current(), attendees.error_note).to_string()));
    }
    let mut tx = state.db.begin_write().await?;
    let (event, row) = pending_rsvp(&mut tx, event_id, email).await?;
    let now = db::now();
    let row = db::rsvps::set_status(&mut tx, row.id, Status::Declined, None, now).await?;
    db::rsvps::record_audit(&mut tx, row.id, by.id, "declined", note, now).await?;
    notify(state, &mut tx, &event, &row, News::Declined { note }).await?;
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(())
}

/// The event and the RSVP from `email` that awaits an organizer's decision.
async fn pending_rsvp(tx: &mut WriteTx, event_id: i64, email: &str) -> AppResult<(EventRow, RsvpRow)> {
    let row = db::rsvps::by_email(tx, event_id, &email.trim().to_lowercase()).await?;
    let row = row.filter(|r| r.status == Status::Pending).ok_or_else(|| AppError::not_found("RSVP awaiting approval"))?;
    let event = db::events::by_id(tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    if event.status == EventStatus::Cancelled {
        // Everyone who asked was told of the cancellation; a decision now would only confuse.
        return Err(AppError::Conflict(td_string!(crate::locale::current(), attendees.error_cancelled_event).to_string()));
    }
    Ok((event, row))
}
