//! What a guest holds: the personal link to their RSVP and the check-in code, both signed
//! (`auth::tokens`), and the page the link opens.

use super::model::Status;
use super::service::questions_of;
use crate::auth::tokens::{sign, verify_signed};
use crate::db;
use crate::db::events::EventRow;
use crate::db::rsvps::RsvpRow;
use crate::error::{AppError, AppResult};
use crate::state::{AppState, SecretKey};

/// The secret part of an RSVP's personal link: an HMAC of its id, so nothing needs storing.
pub fn manage_token(key: &SecretKey, rsvp_id: i64) -> String {
    sign(key, "rsvp-manage", rsvp_id, 16)
}

/// The RSVP id a personal link stands for, if the link is genuine.
pub fn verify_manage_token(key: &SecretKey, token: &str) -> Option<i64> {
    verify_signed(key, "rsvp-manage", token, 16)
}

/// The language the guest behind a personal link answered in, if the link is genuine: their
/// personal pages speak it.
pub async fn link_language(state: &AppState, token: &str) -> Option<crate::locale::Locale> {
    let id = verify_manage_token(&state.settings.secret_key, token)?;
    db::rsvps::language(&state.db, id).await.ok().flatten().map(|l| crate::locale::parse(&l))
}

/// The code shown at the entrance (easy to read aloud, signed so it cannot be guessed; see
/// `door_code`). It only checks in; it cannot change the RSVP.
pub use super::door_code::{check_in_code, verify_check_in_code};

/// What a personal link shows.
#[derive(Debug, Clone)]
pub struct RsvpView {
    pub row: RsvpRow,
    pub event: EventRow,
    pub waitlist_position: Option<i64>,
}

/// What a personal RSVP link shows: the answer, the event, its questions and, for a confirmed
/// party, the check-in code with its QR picture.
pub async fn page_by_link(state: &AppState, token: &str) -> AppResult<super::model::RsvpPage> {
    let view = view_by_link(state, token).await?;
    let check_in_code = (view.row.status == Status::Going).then(|| check_in_code(&state.settings.secret_key, view.row.id));
    let mut conn = state.db.read().await?;
    let questions = questions_of(&mut conn, view.event.id).await?;
    let taken = db::rsvps::places_taken(&mut conn, view.event.id, None).await?;
    let answers = db::questions::answers_of(&mut conn, view.row.id)
        .await?
        .into_iter()
        .map(|(id, value)| (id, value.lines().map(String::from).collect()))
        .collect();
    drop(conn);
    let locale = crate::locale::current();
    let page = state.settings.link(&format!("/events/{}", view.event.slug));
    Ok(super::model::RsvpPage {
        map_url: super::model::map_link(&view.event.venue_name, &view.event.venue_address),
        calendar: crate::events::ics::web_calendar_links(&view.event, locale, &page),
        places_left: view.event.capacity.map(|c| (c - taken).max(0) as u32),
        venue_name: view.event.venue_name.clone(),
        venue_address: view.event.venue_address.clone(),
        questions,
        answers,
        check_in_qr: check_in_code.as_deref().map(super::ticket::qr_data_url),
        check_in_code,
        when: crate::events::service::describe_span_in(
            crate::locale::current(),
            view.event.starts_at,
            view.event.ends_at,
            &view.event.time_zone,
        ),
        event_title: view.event.title,
        event_slug: view.event.slug,
        name: view.row.name,
        answer: view.row.answer,
        party_size: view.row.party_size as u32,
        dietary: view.row.dietary,
        status: view.row.status,
        waitlist_position: view.waitlist_position,
    })
}

pub async fn view_by_link(state: &AppState, token: &str) -> AppResult<RsvpView> {
    let id = verify_manage_token(&state.settings.secret_key, token).ok_or_else(|| AppError::not_found("RSVP"))?;
    let mut conn = state.db.read().await?;
    let row = db::rsvps::by_id(&mut conn, id).await?.ok_or_else(|| AppError::not_found("RSVP"))?;
    let event = db::events::by_id(&mut conn, row.event_id).await?.ok_or_else(|| AppError::not_found("RSVP"))?;
    let waitlist_position = db::rsvps::waitlist_position(&mut conn, row.id).await?;
    Ok(RsvpView { row, event, waitlist_position })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_links_verify_only_with_the_right_key_and_id() {
        let key = SecretKey([9; 32]);
        let token = manage_token(&key, 42);
        assert_eq!(verify_manage_token(&key, &token), Some(42));
        assert_eq!(verify_manage_token(&SecretKey([8; 32]), &token), None);
        let forged = token.replacen("42-", "43-", 1);
        assert_eq!(verify_manage_token(&key, &forged), None);
        assert_eq!(verify_manage_token(&key, "42"), None);
    }

    #[test]
    fn check_in_codes_are_short_signed_and_not_personal_links() {
        let key = SecretKey([9; 32]);
        let code = check_in_code(&key, 42);
        assert!(code.len() <= 14, "{code}");
        assert_eq!(verify_check_in_code(&key, &code.to_uppercase()), Some(42), "typed in capitals still works");
        assert_eq!(verify_manage_token(&key, &code), None, "a check-in code does not open the RSVP");
        assert_eq!(verify_check_in_code(&key, &manage_token(&key, 42)), None);
    }
}
