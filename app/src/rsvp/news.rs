//! The mails about one RSVP: what happened to it, in the language its guest answered in, with
//! their personal link, and, when they have a place, their check-in code and calendar entry.

use super::links::{check_in_code, manage_token};
use super::model::{RsvpOutcome, Status};
use crate::db::WriteTx;
use crate::db::events::EventRow;
use crate::db::rsvps::RsvpRow;
use crate::error::AppResult;
use crate::events::ics;
use crate::i18n::td_string;
use crate::locale::{self, Locale};
use crate::mail::{Attachment, templates};
use crate::state::AppState;

/// What happened to an RSVP.
pub(super) enum News<'a> {
    /// The guest answered, or changed their answer; `was` is the status before.
    Answered { was: Option<Status>, outcome: &'a RsvpOutcome },
    /// A place freed up and the party moved up from the waitlist.
    Promoted,
    /// The organizers let the party in.
    Approved { outcome: &'a RsvpOutcome },
    /// The organizers turned the party down, perhaps with a note.
    Declined { note: &'a str },
    /// The event starts soon.
    Reminder,
    /// The guest cancelled their RSVP from their personal page; `was` is the status before.
    Cancelled { was: Status },
}

impl News<'_> {
    /// Whether the guest had the event in their calendar from an earlier mail (only a place
    /// brings the entry) and no longer has a place: the mail takes the entry out again.
    fn removes_entry(&self, now: Status) -> bool {
        let was = match self {
            News::Answered { was, .. } => *was,
            News::Cancelled { was } => Some(*was),
            _ => None,
        };
        was == Some(Status::Going) && now != Status::Going
    }

    /// The subject and the first paragraph, in `l`.
    fn words(&self, l: Locale, event: &str, row: &RsvpRow) -> (String, String) {
        let party = row.party_size;
        match self {
            News::Answered { was, outcome } => {
                let subject = match (was, row.status) {
                    (Some(before), after) if *before == after => td_string!(l, mail.news.updated_subject, event = event),
                    (_, Status::Going) => td_string!(l, mail.news.going_subject, event = event),
                    (_, Status::Waitlisted) => td_string!(l, mail.news.waitlisted_subject, event = event),
                    (_, Status::Maybe) => td_string!(l, mail.news.maybe_subject, event = event),
                    (_, Status::NotGoing) => td_string!(l, mail.news.not_going_subject, event = event),
                    (_, Status::Pending | Status::Declined) => td_string!(l, mail.news.pending_subject, event = event),
                };
                // This mail is the confirmation: it does not announce one.
                let news = match row.status {
                    Status::Going => td_string!(l, mail.news.going, party = party).to_string(),
                    _ => outcome.message_in(l),
                };
                (subject.to_string(), news)
            }
            News::Promoted => (
                td_string!(l, mail.news.promoted_subject, event = event).to_string(),
                td_string!(l, mail.news.promoted, party = party).to_string(),
            ),
            News::Approved { outcome } => (
                td_string!(l, mail.news.approved_subject, event = event).to_string(),
                format!("{} {}", td_string!(l, mail.news.approved), outcome.message_in(l)),
            ),
            News::Declined { note } => {
                let mut news = td_string!(l, mail.news.declined, event = event).to_string();
                if !note.is_empty() {
                    news.push_str(&format!("\n\n{}", td_string!(l, mail.news.declined_note, note = note)));
                }
                (td_string!(l, mail.news.declined_subject, event = event).to_string(), news)
            }
            News::Reminder => (
                td_string!(l, mail.news.reminder_subject, event = event).to_string(),
                td_string!(l, mail.news.reminder, event = event, party = party).to_string(),
            ),
            News::Cancelled { .. } => (
                td_string!(l, mail.news.cancelled_subject, event = event).to_string(),
                td_string!(l, mail.news.cancelled, event = event).to_string(),
            ),
        }
    }
}

/// Mails one person about their RSVP, with their personal link; with the event's calendar entry
/// when they are going, or its cancellation when they no longer are. Replies go to the organizers.
pub(super) async fn notify(state: &AppState, tx: &mut WriteTx, event: &EventRow, row: &RsvpRow, what: News<'_>) -> AppResult<()> {
    let l = locale::parse(&row.language);
    let title = event.title_in(l);
    let (subject, news) = what.words(l, title, row);
    let link = state.settings.link(&format!("/rsvp/{}", manage_token(&state.settings.secret_key, row.id)));
    let when = crate::events::service::describe_span_in(l, event.starts_at, event.ends_at, &event.time_zone);
    let deadline = event.rsvp_deadline.map(|at| crate::events::service::describe_instant_in(l, at, &event.time_zone));
    let place = event.place();
    let code = (row.status == Status::Going).then(|| check_in_code(&state.settings.secret_key, row.id));
    let news = templates::RsvpNews {
        subject: &subject,
        news: &news,
        event: title,
        when: &when,
        place: &place,
        link: &link,
        changeable: row.status != Status::Declined,
        check_in_code: code.as_deref(),
        deadline: deadline.as_deref(),
    };
    let event_link = state.settings.link(&format!("/events/{}", event.slug));
    let to = templates::To::new(&row.email, Some(&row.name), l);
    let mut mail = templates::with_conduct_links(templates::rsvp_news(to, &news), l, &event_link).replying_to(event.reply_to.as_deref());
    let base = state.settings.public_base_url.as_str();
    if what.removes_entry(row.status) {
        mail.attachments.push(ics::cancellation_attachment(event, base, crate::db::now()));
    }
    if let Some(code) = &code {
        mail.attachments.push(Attachment {
            filename: "check-in-code.png".into(),
            content_type: "image/png".into(),
            bytes: super::ticket::qr_png(code),
        });
        mail.attachments.push(ics::guest_attachment(event, base, crate::db::now()));
    }
    state.outbox.enqueue(tx, &mail).await?;
    Ok(())
}
