//! The organizer's attendee list: who comes, who waits, what they answered, and the audit
//! trail of organizers' decisions; also as CSV.

use super::listing::{AttendeeView, Invitee, SortBy, dietary_summary, matches, sort};
use super::model::{Audience, Status};
use super::questions::summarize;
use super::roster::{Attendee, AttendeeCounts, AttendeeList, AuditEntry};
use super::row_actions::Reach;
use crate::auth::model::Permission;
use crate::auth::roles::require;
use crate::auth::service::Actor;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::events::rules::{bounded, one_line};
use crate::i18n::td_string;
use crate::mail::templates;
use crate::state::AppState;

/// The attendee list of the event at `slug` as CSV, its headings in the page's language.
pub async fn attendees_csv(state: &AppState, actor: &Actor, slug: &str) -> AppResult<String> {
    Ok(attendees_at(state, actor, slug).await?.to_csv(crate::locale::current()))
}

/// The organizer's list of the event at `slug`.
pub async fn attendees_at(state: &AppState, actor: &Actor, slug: &str) -> AppResult<AttendeeList> {
    let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
    attendees(state, actor, event.id).await
}

/// The organizer's list: who comes, who waits, how many people in all.
pub async fn attendees(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<AttendeeList> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let mut conn = state.db.read().await?;
    let event = db::events::by_id(&mut conn, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let questions = super::question_edits::questions_of(&mut conn, event_id).await?;
    drop(conn);
    let rows = db::rsvps::for_event(&state.db, event_id).await?;
    // Answers by (RSVP, question): looked up once per cell, so the list stays linear in its size.
    let answers: std::collections::HashMap<(i64, i64), String> = db::questions::answers_for_event(&state.db, event_id)
        .await?
        .into_iter()
        .map(|(rsvp, question, value)| ((rsvp, question), value))
        .collect();
    let answers = &answers;
    let going: Vec<(i64, String, u32)> = rows
        .iter()
        .filter(|r| r.status == Status::Going)
        .flat_map(|r| questions.iter().filter_map(move |q| Some((q.id, answers.get(&(r.id, q.id))?.clone(), r.party_size as u32))))
        .collect();
    let summary = summarize(&questions, &going);
    let mut position = 0;
    let attendees: Vec<Attendee> = rows
        .into_iter()
        .map(|row| {
            let answered = questions
                .iter()
                .map(|q| (q.label.clone(), answers.get(&(row.id, q.id)).map(|a| a.replace('\n', ", ")).unwrap_or_default()))
                .collect();
            let status = row.status;
            let waitlist_position = (status == Status::Waitlisted).then(|| {
                position += 1;
                position
            });
            Attendee {
                name: row.name,
                email: row.email,
                status,
                party_size: row.party_size as u32,
                dietary: row.dietary,
                waitlist_position,
                checked_in: row.checked_in_at.is_some(),
                answers: answered,
            }
        })
        .collect();
    let audit = db::rsvps::audit_for_event(&state.db, event_id)
        .await?
        .into_iter()
        .map(|(at, by, attendee, change, reason)| AuditEntry {
            when: crate::events::service::describe_instant(at, &event.time_zone),
            by: by.unwrap_or_else(|| td_string!(crate::locale::current(), attendees.deleted_account).to_string()),
            attendee,
            change,
            reason,
        })
        .collect();
    Ok(AttendeeList {
        audit,
        event_id: event.id,
        title: event.title,
        slug: event.slug,
        capacity: event.capacity.map(|c| c.max(0) as u32),
        counts: AttendeeCounts::of(&attendees),
        attendees,
        summary,
    })
}

/// The counts at the top of the organizer's list of the event at `slug`, summed up by the
/// database: the open list re-reads them on every RSVP and arrival, so not the whole list.
pub async fn counts_at(state: &AppState, actor: &Actor, slug: &str) -> AppResult<AttendeeCounts> {
    let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
    require(&state.db, actor, event.id, Permission::Organize).await?;
    Ok(AttendeeCounts::from_tallies(db::rsvps::tallies(&state.db, event.id).await?))
}

/// The organizer's page of the event at `slug`: the list with its rows searched (name or email)
/// and sorted, the invited who have not answered, and the dietary notes summed up.
pub async fn attendee_view(state: &AppState, actor: &Actor, slug: &str, query: &str, sort_by: SortBy) -> AppResult<AttendeeView> {
    let mut list = attendees_at(state, actor, slug).await?;
    let (zone, invited) = {
        let mut conn = state.db.read().await?;
        let event = db::events::by_id(&mut conn, list.event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
        (event.time_zone, db::invitations::unanswered(&mut conn, list.event_id).await?)
    };
    let l = crate::locale::current();
    let invited = invited
        .into_iter()
        .map(|(_, email, at)| Invitee { email, invited_on: crate::events::rules::describe_instant_in(l, at, &zone) })
        .collect();
    let answered = db::roster::answered_at(&state.db, list.event_id).await?.into_iter().collect();
    let dietary = dietary_summary(&list.attendees);
    let pending = list.attendees.iter().filter(|a| a.status == Status::Pending).cloned().collect();
    let total = list.attendees.len();
    let query: String = query.trim().chars().take(100).collect();
    list.attendees.retain(|a| matches(a, &query));
    sort(&mut list.attendees, sort_by, &answered);
    Ok(AttendeeView { list, total, query, sort: sort_by, invited, dietary, pending })
}

/// Mails the organizer's message to one group of attendees; returns how many parties and people got it.
pub async fn message_attendees(
    state: &AppState,
    actor: &Actor,
    event_id: i64,
    audience: Audience,
    subject: &str,
    text: &str,
) -> AppResult<Reach> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let subject = one_line("subject", subject, 150, true)?;
    let text = bounded("text", text, 10_000, true)?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let people: Vec<_> = db::rsvps::interested(&mut tx, event_id).await?.into_iter().filter(|r| audience.includes(r.status)).collect();
    let link = state.settings.link(&format!("/events/{}", event.slug));
    for person in &people {
        let locale = crate::locale::parse(&person.language);
        let to = templates::To::new(&person.email, Some(&person.name), locale);
        let mail = templates::organizer_message(to, &by.display_name, event.title_in(locale), &subject, &text, &link);
        state.outbox.enqueue(&mut tx, &templates::with_conduct_links(mail, locale, &link).replying_to(event.reply_to.as_deref())).await?;
    }
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(Reach { parties: people.len(), people: people.iter().map(|r| r.party_size.max(0) as usize).sum() })
}
