//! RSVP use cases. Places are decided inside one write transaction, so an
//! event is never oversold however many people answer at once.

use super::model::{Answer, PartySize, RsvpOutcome, Status, decide, dietary_note, promote};
use super::news::{News, notify};
use crate::auth::model::{Email, display_name};
use crate::auth::rate_limit::Limit;
use crate::auth::service::Actor;
use crate::db::events::EventRow;
use crate::db::rsvps::{NewRsvp, RsvpChange, RsvpRow};
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::events::model::{EventStatus, Visibility};
use crate::locale::{self, Locale};
use crate::mail::templates;
use crate::state::AppState;
use crate::webhooks::Kind;

pub use super::approval::{approve, approve_all_pending, decline};
pub use super::links::{
    RsvpView, check_in_code, link_language, manage_token, page_by_link, verify_check_in_code, verify_manage_token, view_by_link,
};

/// An answer as someone gives it on the event page.
#[derive(Debug, Clone)]
pub struct RsvpRequest {
    pub event_id: i64,
    pub name: String,
    pub email: String,
    pub answer: Answer,
    pub party_size: i64,
    pub dietary: String,
    /// Answers to the event's questions: question id → chosen values (or the text).
    pub answers: Answers,
    /// The personal invitation link's token, which private events require.
    pub invitation: Option<String>,
    /// The language the answer was given in: the guest's mails speak it.
    pub language: Locale,
}

pub type Answers = std::collections::BTreeMap<String, Vec<String>>;

/// The validated parts of an answer.
pub(super) struct Desired {
    pub(super) name: String,
    pub(super) answer: Answer,
    pub(super) party: PartySize,
    pub(super) dietary: String,
    pub(super) answers: Vec<(i64, String)>,
    /// Kept with the RSVP; changing only the language is not a change worth a mail.
    pub(super) language: Locale,
    /// The guest cancels their RSVP (a "no" with its own mail).
    pub(super) cancel: bool,
}

impl Desired {
    /// Checks the form; the question answers are checked against the event's questions.
    async fn parse(
        tx: &mut WriteTx,
        event_id: i64,
        name: &str,
        answer: Answer,
        party_size: i64,
        dietary: &str,
        answers: &Answers,
    ) -> AppResult<Self> {
        let questions = questions_of(tx, event_id).await?;
        Ok(Self {
            name: display_name(name).map_err(|_| AppError::invalid("name", "enter your name (up to 80 characters)"))?,
            answer,
            party: PartySize::new(party_size)?,
            dietary: dietary_note(dietary)?,
            answers: super::questions::check_answers(&questions, answers)?,
            language: Locale::en,
            cancel: false,
        })
    }

    async fn same_as(&self, tx: &mut WriteTx, row: &RsvpRow) -> AppResult<bool> {
        Ok(row.name == self.name
            && row.answer == self.answer
            && row.party_size == self.party.get() as i64
            && row.dietary == self.dietary
            && db::questions::answers_of(tx, row.id).await? == self.answers)
    }
}

pub use super::question_edits::questions_of;

/// The event at `slug`, for an answer; its visibility is checked when the answer is.
pub async fn event_at(state: &AppState, slug: &str) -> AppResult<i64> {
    Ok(db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?.id)
}

/// Answers for the event: creates or changes the caller's RSVP, or, when the address already
/// answered and the caller is not signed in as it, mails that address its personal link.
/// Repeating the same answer changes nothing and sends nothing. Runs in a group commit:
/// registration opening is a burst, and the answer still comes only once it is on disk.
pub async fn respond(state: &AppState, actor: &Actor, request: RsvpRequest) -> AppResult<RsvpOutcome> {
    let (email, user_id) = match &actor.user {
        Some(user) => (Email::parse(&user.email)?, Some(user.id)),
        None => {
            // Anyone may answer without an account, and every answer mails the address given.
            state.limits.take(state, Limit::GuestAnswersPerClient, &actor.client).await?;
            (Email::parse(&request.email)?, None)
        }
    };
    let shared = state.clone();
    let event_id = request.event_id;
    let (outcome, created) =
        state.db.write(move |tx| Box::pin(async move { respond_in(&shared, tx, &request, &email, user_id).await })).await?;
    // Counted once committed: a batch that failed kept nothing.
    if let (true, Some(status)) = (created, outcome.status) {
        metrics::counter!("festplan_rsvps_created_total", "outcome" => status.as_str()).increment(1);
    }
    state.attendance_changed(event_id);
    Ok(outcome)
}

/// [`respond`] as both edges answer the caller: a guest without an account hears the same
/// whether or not the address had answered before (else the reply would tell anyone who
/// answered); the mail to that address says where the answer stands.
pub async fn answer(state: &AppState, actor: &Actor, request: RsvpRequest) -> AppResult<RsvpOutcome> {
    let outcome = respond(state, actor, request).await?;
    Ok(if actor.user.is_some() { outcome } else { RsvpOutcome::mailed() })
}

/// An integration answering for someone (the JSON API): the answer is a guest's, from the
/// caller's address; only the event's organizers, who see the list anyway, hear where it landed.
pub async fn answer_for_guest(state: &AppState, viewer: &Actor, request: RsvpRequest) -> AppResult<RsvpOutcome> {
    let event_id = request.event_id;
    let outcome = respond(state, &Actor::anonymous(viewer.client.clone()), request).await?;
    let organizes = crate::auth::roles::standing(&state.db, viewer, event_id).await?.organizes;
    Ok(if organizes { outcome } else { RsvpOutcome::mailed() })
}

async fn respond_in(
    state: &AppState,
    tx: &mut WriteTx,
    request: &RsvpRequest,
    email: &Email,
    user_id: Option<i64>,
) -> AppResult<(RsvpOutcome, bool)> {
    let event = open_event(tx, request.event_id).await?;
    let (removed, existing_id) = db::rsvps::address(tx, event.id, email.as_str()).await?;
    if removed {
        return Err(removed_error());
    }
    if event.visibility == Visibility::Private {
        // Only invited addresses answer: through their personal link, or signed in as themselves.
        let signed_in = user_id.map(|_| email.as_str());
        match crate::events::service::invited_address(state, tx, event.id, signed_in, request.invitation.as_deref()).await? {
            Some(invited) if invited != email.as_str() => {
                // Naming the invited address would hand it to whoever holds the link.
                return Err(AppError::invalid("email", "this invitation is for someone else; answer with the address it was sent to"));
            }
            Some(_) => {}
            None => return Err(AppError::not_found("event")),
        }
    }
    let desired =
        Desired::parse(tx, event.id, &request.name, request.answer, request.party_size, &request.dietary, &request.answers).await?;
    let desired = Desired { language: request.language, ..desired };
    let existing = match existing_id {
        Some(id) => db::rsvps::by_id(tx, id).await?,
        None => None,
    };
    let unchanged = match &existing {
        Some(row) => desired.same_as(tx, row).await?,
        None => false,
    };
    match existing {
        Some(row) if unchanged => Ok((outcome_of(tx, &row).await?, false)),
        Some(row) if user_id.is_none() => {
            // Typing someone's address again and again must not flood their inbox.
            state.limits.take(state, Limit::AnswerLinkPerAddress, email.as_str()).await?;
            let link = state.settings.link(&format!("/rsvp/{}", manage_token(&state.settings.secret_key, row.id)));
            // To the address's owner, in the language they answered in.
            let l = locale::parse(&row.language);
            let mail = templates::already_answered(templates::To::new(&row.email, Some(&row.name), l), event.title_in(l), &link)
                .replying_to(event.reply_to.as_deref());
            let event_link = state.settings.link(&format!("/events/{}", event.slug));
            state.outbox.enqueue(tx, &templates::with_conduct_links(mail, l, &event_link)).await?;
            Ok((RsvpOutcome { status: None, party_size: 0, waitlist_position: None }, false))
        }
        existing => {
            let created = existing.is_none();
            Ok((apply(state, tx, &event, existing, user_id, email.as_str(), &desired).await?, created))
        }
    }
}

/// What a guest sends from their personal link.
#[derive(Debug, Clone)]
pub struct LinkChange {
    pub name: String,
    pub answer: Answer,
    pub party_size: i64,
    pub dietary: String,
    pub answers: Answers,
    pub language: Locale,
}

/// Changes the RSVP behind a personal link.
pub async fn change_by_link(state: &AppState, token: &str, change: LinkChange) -> AppResult<RsvpOutcome> {
    let id = verify_manage_token(&state.settings.secret_key, token).ok_or_else(|| AppError::not_found("RSVP"))?;
    let shared = state.clone();
    let LinkChange { name, answer, party_size, dietary, answers, language } = change;
    let (outcome, event_id) = state
        .db
        .write(move |tx| {
            Box::pin(async move {
                let row = db::rsvps::by_id(tx, id).await?.ok_or_else(|| AppError::not_found("RSVP"))?;
                let event = open_event(tx, row.event_id).await?;
                let desired = Desired { language, ..Desired::parse(tx, event.id, &name, answer, party_size, &dietary, &answers).await? };
                let outcome = if desired.same_as(tx, &row).await? {
                    outcome_of(tx, &row).await?
                } else {
                    let (user_id, email) = (row.user_id, row.email.clone());
                    refuse_removed(tx, event.id, &email).await?;
                    apply(&shared, tx, &event, Some(row), user_id, &email, &desired).await?
                };
                Ok::<_, AppError>((outcome, event.id))
            })
        })
        .await?;
    state.attendance_changed(event_id);
    Ok(outcome)
}

/// The event, if it takes answers now.
pub(super) async fn open_event(tx: &mut WriteTx, event_id: i64) -> AppResult<EventRow> {
    let event = db::events::by_id(tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let now = db::now();
    match event.status {
        EventStatus::Published => {}
        EventStatus::Cancelled => return Err(AppError::Conflict("This event has been cancelled.".into())),
        EventStatus::Draft => return Err(AppError::not_found("event")),
    }
    if event.ends_at < now {
        return Err(AppError::Conflict("This event is over.".into()));
    }
    if event.rsvp_deadline.is_some_and(|deadline| deadline < now) {
        return Err(AppError::Conflict("Answers for this event closed at its RSVP deadline.".into()));
    }
    Ok(event)
}

pub(super) async fn outcome_of(tx: &mut WriteTx, row: &RsvpRow) -> AppResult<RsvpOutcome> {
    let status = Some(row.status);
    let waitlist_position = match status {
        Some(Status::Waitlisted) => db::rsvps::waitlist_position(tx, row.id).await?,
        _ => None,
    };
    Ok(RsvpOutcome { status, party_size: row.party_size as u32, waitlist_position })
}

/// Someone the code-of-conduct responders removed from the event cannot answer again.
async fn refuse_removed(tx: &mut WriteTx, event_id: i64, email: &str) -> AppResult<()> {
    if db::conduct::is_removed(tx, event_id, email).await? {
        return Err(removed_error());
    }
    Ok(())
}

fn removed_error() -> AppError {
    AppError::Conflict("This address cannot answer for this event. Please contact the organizers.".into())
}

/// Decides and writes one RSVP, promotes the waitlist when places free up, and queues the mails.
/// The callers have refused removed addresses already.
pub(super) async fn apply(
    state: &AppState,
    tx: &mut WriteTx,
    event: &EventRow,
    existing: Option<RsvpRow>,
    user_id: Option<i64>,
    email: &str,
    desired: &Desired,
) -> AppResult<RsvpOutcome> {
    let now = db::now();
    let capacity = event.capacity.map(|c| c.max(0) as u32);
    let line = db::rsvps::line(tx, event.id, existing.as_ref().map(|r| r.id)).await?;
    let taken = line.taken.max(0) as u32;
    let was = existing.as_ref().map(|r| r.status);
    if was == Some(Status::Declined) {
        return Err(AppError::Conflict(
            "The organizers have declined this RSVP, so it can no longer be changed. Reply to their mail if you think this is a mistake."
                .into(),
        ));
    }
    // Approval is asked once per person: whoever was let in answers freely from then on.
    let needs_approval = event.requires_approval && existing.as_ref().is_none_or(|r| r.approved_at.is_none());
    let party = desired.party;
    let status = match desired.answer {
        Answer::Maybe => Status::Maybe,
        Answer::No => Status::NotGoing,
        Answer::Yes if needs_approval => Status::Pending,
        Answer::Yes => match (was, decide(party, capacity, taken)) {
            (Some(Status::Going), Status::Waitlisted) => {
                let free = capacity.unwrap_or(0).saturating_sub(taken);
                return Err(AppError::invalid(
                    "party_size",
                    format!("only {free} places are free for your party; your current answer stays as it was"),
                ));
            }
            (_, decided) => decided,
        },
    };
    // A party joining the waitlist goes to its end, so its position is known without counting again.
    let (waitlist_seq, joined_at) = match (status, &existing) {
        (Status::Waitlisted, Some(row)) if was == Some(Status::Waitlisted) => (row.waitlist_seq, None),
        (Status::Waitlisted, _) => (Some(line.tail.next_seq), Some(line.tail.waiting + 1)),
        _ => (None, None),
    };
    let row = match &existing {
        Some(row) => {
            let change = RsvpChange {
                name: &desired.name,
                answer: desired.answer,
                party_size: party.get() as i64,
                dietary: &desired.dietary,
                status,
                waitlist_seq,
                language: locale::code(desired.language),
            };
            db::rsvps::update(tx, row.id, &change, now).await?
        }
        None => {
            let new = NewRsvp {
                event_id: event.id,
                user_id,
                email,
                name: &desired.name,
                answer: desired.answer,
                party_size: party.get() as i64,
                dietary: &desired.dietary,
                status,
                waitlist_seq,
                language: locale::code(desired.language),
            };
            db::rsvps::insert(tx, &new, now).await?
        }
    };
    if existing.is_some() || !desired.answers.is_empty() {
        db::questions::save_answers(tx, row.id, &desired.answers).await?;
    }
    let outcome = match joined_at {
        Some(position) => RsvpOutcome { status: Some(status), party_size: party.get(), waitlist_position: Some(position) },
        None => outcome_of(tx, &row).await?,
    };
    let news = match was {
        Some(was) if desired.cancel => News::Cancelled { was },
        _ => News::Answered { was, outcome: &outcome },
    };
    notify(state, tx, event, &row, news).await?;
    let kind = if existing.is_some() { Kind::RsvpChanged } else { Kind::RsvpCreated };
    super::hooks::tell(tx, event, &row, kind).await?;

    let freed =
        was == Some(Status::Going) && (status != Status::Going || existing.as_ref().is_some_and(|r| r.party_size > party.get() as i64));
    if freed {
        promote_waitlist(state, tx, event).await?;
    }
    Ok(outcome)
}

/// An organizer moves a waitlisted party to another place in the line, for a reason that is kept.
/// Returns whether the move let the party (or others) take free places at once.
pub async fn move_on_waitlist(
    state: &AppState,
    actor: &Actor,
    event_id: i64,
    email: &str,
    to_position: i64,
    reason: &str,
) -> AppResult<()> {
    let by = crate::auth::roles::require(&state.db, actor, event_id, crate::auth::model::Permission::Organize).await?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::invalid("reason", "say why, in up to 500 characters; it is kept with the change"));
    }
    let mut tx = state.db.begin_write().await?;
    let row = db::rsvps::by_email(&mut tx, event_id, &email.trim().to_lowercase()).await?;
    let row = row.filter(|r| r.status == Status::Waitlisted).ok_or_else(|| AppError::not_found("waitlisted RSVP"))?;
    let mut line: Vec<i64> = db::rsvps::waitlist(&mut tx, event_id).await?.into_iter().map(|(id, _)| id).collect();
    if !(1..=line.len() as i64).contains(&to_position) {
        return Err(AppError::invalid("position", format!("choose a place from 1 to {}", line.len())));
    }
    let from = line.iter().position(|id| *id == row.id).unwrap_or(0);
    line.remove(from);
    line.insert(to_position as usize - 1, row.id);
    db::rsvps::renumber_waitlist(&mut tx, &line).await?;
    let change = format!("waitlist place {} → {to_position}", from + 1);
    db::rsvps::record_audit(&mut tx, row.id, by.id, &change, reason, db::now()).await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    promote_waitlist(state, &mut tx, &event).await?;
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(())
}

/// Mails the reminders that are due (each going party once, its event's `reminder_hours` before the
/// start); returns how many. Called every minute by the server.
pub async fn send_due_reminders(state: &AppState) -> AppResult<usize> {
    let now = db::now();
    let mut tx = state.db.begin_write().await?;
    let due = db::rsvps::due_reminders(&mut tx, now, 200).await?;
    for (rsvp_id, event_id) in &due {
        let (Some(row), Some(event)) = (db::rsvps::by_id(&mut tx, *rsvp_id).await?, db::events::by_id(&mut tx, *event_id).await?) else {
            continue;
        };
        notify(state, &mut tx, &event, &row, News::Reminder).await?;
        db::rsvps::mark_reminded(&mut tx, *rsvp_id, now).await?;
    }
    tx.commit().await?;
    if !due.is_empty() {
        state.outbox.wake();
    }
    Ok(due.len())
}

/// Moves waitlisted parties into free places and tells them. Call after anything that frees places.
pub async fn promote_waitlist(state: &AppState, tx: &mut WriteTx, event: &EventRow) -> AppResult<Vec<i64>> {
    // Walks the line from its head in pages and stops once the free places are filled, so a
    // cancellation costs the same with 50 or 100,000 parties waiting. A party skipped because
    // it did not fit never fits later in the same walk (the free places only shrink), so the
    // walk never looks at a party twice.
    const PAGE: i64 = 64;
    let mut free = match event.capacity {
        Some(cap) => (cap - db::rsvps::places_taken(tx, event.id, None).await?).max(0) as u32,
        None => u32::MAX,
    };
    let (mut promoted, mut after) = (Vec::new(), 0);
    while free > 0 {
        let page = db::rsvps::waitlist_fitting(tx, event.id, after, i64::from(free), PAGE).await?;
        let Some(&(_, _, last)) = page.last() else { break };
        let line: Vec<(i64, u32)> = page.iter().map(|&(id, size, _)| (id, size.max(0) as u32)).collect();
        let chosen = promote(&line, free);
        free -= line.iter().filter(|(id, _)| chosen.contains(id)).map(|(_, size)| size).sum::<u32>();
        promoted.extend(chosen);
        if (page.len() as i64) < PAGE {
            break;
        }
        after = last;
    }
    let now = db::now();
    for id in &promoted {
        let row = db::rsvps::set_status(tx, *id, Status::Going, None, now).await?;
        notify(state, tx, event, &row, News::Promoted).await?;
        super::hooks::tell(tx, event, &row, Kind::WaitlistPromoted).await?;
    }
    Ok(promoted)
}
