//! Event use cases.

use jiff::Timestamp;

use super::model::{EventCard, EventDetails, EventInput, EventKind, EventStatus, MAX_TITLE_CHARS, SeriesLink, SeriesPage, Visibility};
use super::rules::{Valid, bounded, editor_values, iso, validate};
pub use super::rules::{describe_instant, describe_instant_in};
pub use super::rules::{describe_span, describe_span_in, slug_base};
use crate::auth::model::{EventRole, Permission};
use crate::auth::roles::require;
use crate::auth::service::Actor;
use crate::db::events::EventRow;
use crate::db::{self, Db, events::EventListRow};
use crate::error::{AppError, AppResult};
use crate::i18n::td_string;
use crate::locale::{Locale, current};
use crate::mail::templates;
use crate::state::AppState;
use crate::webhooks::Kind;

/// What the modules above events do when an event changes, inside the same transaction.
/// Events cannot call them by name (the dependencies point one way), so they register here
/// once at start-up.
pub struct Followers {
    /// Places may have become free (more places, no limit, published again): fill them from the
    /// waitlist; returns how many parties moved up, for the organizer's confirmation.
    pub places_changed: for<'a> fn(&'a AppState, &'a mut db::WriteTx, &'a EventRow) -> BoxFuture<'a, AppResult<usize>>,
    /// Organizers stopped approving each RSVP: let in, in order, everyone still asking (`by` decided it).
    pub approval_ended: for<'a> fn(&'a AppState, &'a mut db::WriteTx, &'a EventRow, i64) -> BoxFuture<'a, AppResult<()>>,
    /// Event `to` was just copied from `from`: carry over what belongs to the copy.
    pub copied: for<'a> fn(&'a mut db::WriteTx, i64, i64) -> BoxFuture<'a, AppResult<()>>,
    /// Event `id` was just created with `questions` (one per line) to ask each guest.
    pub created: for<'a> fn(&'a mut db::WriteTx, i64, &'a str) -> BoxFuture<'a, AppResult<()>>,
}

pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

static FOLLOWERS: std::sync::OnceLock<Followers> = std::sync::OnceLock::new();

/// Registers the followers; the first registration holds.
pub fn register_followers(followers: Followers) {
    let _ = FOLLOWERS.set(followers);
}

fn followers() -> AppResult<&'static Followers> {
    FOLLOWERS.get().ok_or_else(|| AppError::internal("no module registered to follow event changes at start-up"))
}

/// How many events the home page lists.
const UPCOMING_LIMIT: i64 = 50;

/// Published public events that have not ended yet, soonest first.
pub async fn upcoming(db: &Db, kind: Option<EventKind>, locale: Locale) -> AppResult<Vec<EventCard>> {
    let rows = db::events::list_upcoming_public(db, db::now(), kind, UPCOMING_LIMIT).await?;
    Ok(rows.into_iter().map(|row| card(row, locale)).collect())
}

/// A series' public dates, or not found when it has none to show.
pub async fn series_page(db: &Db, slug: &str, locale: Locale) -> AppResult<SeriesPage> {
    let series = db::series::by_slug(db, slug).await?.ok_or_else(|| AppError::not_found("series"))?;
    let rows = db::series::public_events(db, series.id).await?;
    if rows.is_empty() {
        return Err(AppError::not_found("series"));
    }
    let now = db::now();
    let (past, upcoming): (Vec<_>, Vec<_>) = rows.into_iter().partition(|row| row.ends_at < now);
    let mut past: Vec<EventCard> = past.into_iter().map(|row| card(row, locale)).collect();
    past.reverse();
    Ok(SeriesPage { title: series.title, upcoming: upcoming.into_iter().map(|row| card(row, locale)).collect(), past })
}

/// A card of the home page or a series, with the German title when `locale` is German and the event has one.
fn card(row: EventListRow, locale: Locale) -> EventCard {
    let title = crate::locale::text_in(locale, &row.title, row.title_de.as_deref()).to_string();
    EventCard {
        when: describe_span_in(locale, row.starts_at, row.ends_at, &row.time_zone),
        starts_at_iso: Timestamp::from_second(row.starts_at).map(|t| t.to_string()).unwrap_or_default(),
        kind: row.kind,
        slug: row.slug,
        title,
        venue: row.venue_name,
    }
}

/// The series named in the editor, created on first use.
async fn series_id(valid: &Valid, tx: &mut db::WriteTx, now: i64) -> AppResult<Option<i64>> {
    match &valid.series {
        Some(title) => Ok(Some(db::series::find_or_create(tx, &slug_base(title), title, now).await?)),
        None => Ok(None),
    }
}

/// Creates a draft event; its creator becomes its owner. Returns the slug.
pub async fn create(state: &AppState, actor: &Actor, input: &EventInput) -> AppResult<String> {
    create_as(state, actor, input, EventStatus::Draft).await
}

/// Creates a draft that asks each guest `questions` (one per line, free text) from the start;
/// choices and required questions are the editor's.
pub async fn create_with_questions(state: &AppState, actor: &Actor, input: &EventInput, questions: &str) -> AppResult<String> {
    create_in_one(state, actor, input, EventStatus::Draft, questions).await
}

/// Creates an event, published at once when `status` says so, in one transaction: an
/// integration that creates a published event never leaves a draft behind.
pub async fn create_as(state: &AppState, actor: &Actor, input: &EventInput, status: EventStatus) -> AppResult<String> {
    create_in_one(state, actor, input, status, "").await
}

async fn create_in_one(state: &AppState, actor: &Actor, input: &EventInput, status: EventStatus, questions: &str) -> AppResult<String> {
    let user = actor.user()?;
    if status == EventStatus::Cancelled {
        return Err(AppError::invalid("published", td_string!(current(), editor.bad_published)));
    }
    let valid = validate(input)?;
    let mut tx = state.db.begin_write().await?;
    let (id, slug) = create_in(&mut tx, &valid, user.id).await?;
    if !questions.trim().is_empty() {
        (followers()?.created)(&mut tx, id, questions).await?;
    }
    if status == EventStatus::Published {
        db::events::set_status(&mut tx, id, status, None, db::now()).await?;
    }
    tx.commit().await?;
    Ok(slug)
}

/// A free address made from the title. An unlisted event's address is its only key, so it
/// ends in 64 random bits: a title is easy to guess, the address must not be.
async fn free_slug(tx: &mut db::WriteTx, valid: &Valid) -> AppResult<String> {
    let mut base = slug_base(&valid.title);
    if valid.visibility == Visibility::Unlisted {
        base = format!("{base}-{}", hex::encode(rand::random::<[u8; 8]>()));
    }
    let mut slug = base.clone();
    let mut n = 2;
    while db::events::slug_taken(tx, &slug).await? {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Ok(slug)
}

/// Stores a new draft owned by `owner` under a free address made from its title: (id, slug).
async fn create_in(tx: &mut db::WriteTx, valid: &Valid, owner: i64) -> AppResult<(i64, String)> {
    let now = db::now();
    let slug = free_slug(tx, valid).await?;
    let series_id = series_id(valid, tx, now).await?;
    let id = db::events::create(tx, &slug, &valid.fields(series_id), owner, now).await?;
    db::roles::grant(tx, id, owner, EventRole::Owner, owner, now).await?;
    Ok((id, slug))
}

/// Saves the editor. More places (or no limit) promote the waitlist at once; switching approval
/// off lets in, after the waitlist, everyone still asking, in the order they asked.
/// Returns the event's address, which is new when the event just became unlisted (the old,
/// guessable one then leads nowhere).
pub async fn update(state: &AppState, actor: &Actor, event_id: i64, input: &EventInput) -> AppResult<String> {
    update_as(state, actor, event_id, input, None).await
}

/// What saving or publishing did: the event's address, and how many waitlisted parties moved
/// up into places it freed (the organizer's confirmation says so).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub slug: String,
    pub moved_up: usize,
}

/// Saves the editor, as [`update`], and tells how many parties moved up from the waitlist.
pub async fn save(state: &AppState, actor: &Actor, event_id: i64, input: &EventInput) -> AppResult<Saved> {
    save_as(state, actor, event_id, input, None).await
}

/// Saves the editor and, when `publish` says so, publishes or unpublishes, in one transaction:
/// a change is applied whole or not at all (the JSON API's PATCH).
pub async fn update_as(state: &AppState, actor: &Actor, event_id: i64, input: &EventInput, publish: Option<bool>) -> AppResult<String> {
    Ok(save_as(state, actor, event_id, input, publish).await?.slug)
}

async fn save_as(state: &AppState, actor: &Actor, event_id: i64, input: &EventInput, publish: Option<bool>) -> AppResult<Saved> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let valid = validate(input)?;
    let now = db::now();
    let mut tx = state.db.begin_write().await?;
    let before = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let was_approving = before.requires_approval;
    if valid.visibility == Visibility::Unlisted && before.visibility != Visibility::Unlisted {
        let slug = free_slug(&mut tx, &valid).await?;
        db::events::set_slug(&mut tx, event_id, &slug).await?;
    }
    let series_id = series_id(&valid, &mut tx, now).await?;
    db::events::update(&mut tx, event_id, &valid.fields(series_id), now).await?;
    if let Some(published) = publish {
        publish_in(&mut tx, &before, published).await?;
    }
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let kind = if before.status == EventStatus::Draft && event.status == EventStatus::Published {
        Kind::EventPublished
    } else {
        Kind::EventChanged
    };
    tell(state, &mut tx, &event, kind).await?;
    let moved_up = if event.status == EventStatus::Published { (followers()?.places_changed)(state, &mut tx, &event).await? } else { 0 };
    if was_approving && !event.requires_approval && event.status != EventStatus::Cancelled {
        (followers()?.approval_ended)(state, &mut tx, &event, by.id).await?;
    }
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(Saved { slug: event.slug, moved_up })
}

pub async fn set_published(state: &AppState, actor: &Actor, event_id: i64, published: bool) -> AppResult<()> {
    publish(state, actor, event_id, published).await.map(drop)
}

/// Publishes (or unpublishes) the event: its address, and how many waitlisted parties moved up.
pub async fn publish(state: &AppState, actor: &Actor, event_id: i64, published: bool) -> AppResult<Saved> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    publish_in(&mut tx, &event, published).await?;
    if published && event.status == EventStatus::Draft {
        tell(state, &mut tx, &event, Kind::EventPublished).await?;
    }
    // Places may have been added while it was a draft: the waitlist gets them before any new answer.
    let moved_up = if published { (followers()?.places_changed)(state, &mut tx, &event).await? } else { 0 };
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(Saved { slug: event.slug.clone(), moved_up })
}

/// Queues `kind` about `event` (as it was read) for its webhooks.
async fn tell(state: &AppState, tx: &mut db::WriteTx, event: &EventRow, kind: Kind) -> AppResult<()> {
    let at = |t: i64| jiff::Timestamp::from_second(t).map(|t| t.to_string()).unwrap_or_default();
    let data = serde_json::json!({
        "event": {
            "slug": event.slug,
            "title": event.title,
            "url": state.settings.link(&format!("/events/{}", event.slug)),
            "starts_at": at(event.starts_at),
            "ends_at": at(event.ends_at),
            "time_zone": event.time_zone,
            "venue": event.venue_name,
            "capacity": event.capacity,
        },
    });
    crate::webhooks::enqueue(tx, event.id, kind, data).await?;
    Ok(())
}

/// Publishes or unpublishes `event` inside `tx`; a cancelled event stays cancelled.
async fn publish_in(tx: &mut db::WriteTx, event: &EventRow, published: bool) -> AppResult<()> {
    if event.status == EventStatus::Cancelled {
        return Err(AppError::Conflict(td_string!(current(), editor.republish).into()));
    }
    db::events::set_status(tx, event.id, if published { EventStatus::Published } else { EventStatus::Draft }, None, db::now()).await?;
    Ok(())
}

/// Cancels the event and mails everyone who is going, waiting or maybe coming, with the
/// calendar cancellation that takes out the entry their earlier mail put in (a calendar
/// without that entry ignores it).
pub async fn cancel(state: &AppState, actor: &Actor, event_id: i64, reason: &str) -> AppResult<usize> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let reason = bounded("reason", reason, 1000, true)?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    if event.status == EventStatus::Cancelled {
        return Err(AppError::Conflict(td_string!(current(), editor.already_cancelled).into()));
    }
    let now = db::now();
    db::events::set_status(&mut tx, event_id, EventStatus::Cancelled, Some(&reason), now).await?;
    tell(state, &mut tx, &event, Kind::EventCancelled).await?;
    let people = db::rsvps::interested(&mut tx, event_id).await?;
    let event_link = state.settings.link(&format!("/events/{}", event.slug));
    for person in &people {
        let l = crate::locale::parse(&person.language);
        let when = describe_span_in(l, event.starts_at, event.ends_at, &event.time_zone);
        let to = templates::To::new(&person.email, Some(&person.name), l);
        let mail = templates::event_cancelled(to, &by.display_name, event.title_in(l), &when, &reason);
        let mut mail = templates::with_conduct_links(mail, l, &event_link).replying_to(event.reply_to.as_deref());
        mail.attachments.push(super::ics::cancellation_attachment(&event, state.settings.public_base_url.as_str(), now));
        state.outbox.enqueue(&mut tx, &mail).await?;
    }
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(people.len())
}

/// The event at `slug` if the caller may see it, and whether they organize it.
/// Drafts exist only for their organizers, private events also for the people they invited.
pub async fn visible_event(state: &AppState, actor: &Actor, slug: &str, invitation: Option<&str>) -> AppResult<(EventRow, bool)> {
    let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
    // Organizers see everything; so does the event's staff (check-in, packing, responders), for their pages.
    let standing = crate::auth::roles::standing(&state.db, actor, event.id).await?;
    let can_organize = standing.organizes;
    let visible = can_organize
        || standing.staff
        || (event.status != EventStatus::Draft
            && (event.visibility != Visibility::Private || {
                let mut conn = state.db.read().await?;
                let email = actor.user.as_ref().map(|u| u.email.as_str());
                invited_address(state, &mut conn, event.id, email, invitation).await?.is_some()
            }));
    if !visible {
        return Err(AppError::not_found("event"));
    }
    Ok((event, can_organize))
}

/// Who the caller is as an invited guest of the event: the address a genuine invitation link
/// (`token`) was sent to, else the signed-in `email` when that address was invited.
pub async fn invited_address(
    state: &AppState,
    conn: &mut db::Conn,
    event_id: i64,
    email: Option<&str>,
    token: Option<&str>,
) -> AppResult<Option<String>> {
    if let Some(id) = token.and_then(|t| crate::auth::tokens::verify_signed(&state.settings.secret_key, INVITATION, t, 16))
        && let Some((_, invited)) = db::invitations::by_id(conn, id).await?.filter(|(event, _)| *event == event_id)
    {
        return Ok(Some(invited));
    }
    match email {
        Some(email) if db::invitations::is_invited(conn, event_id, email).await? => Ok(Some(email.to_owned())),
        _ => Ok(None),
    }
}

/// What the HMAC of an invitation link is bound to.
pub(crate) const INVITATION: &str = "event-invitation";
/// Addresses one submission may invite.
pub const MAX_INVITES: usize = 200;
/// The longest address list one submission may hold: 200 addresses of 254 characters, with separators.
pub const MAX_INVITE_CHARS: usize = MAX_INVITES * 256;

/// Invites each address (one per line, or separated by commas) to the event with a personal link,
/// which lets it see a private event and answer. Inviting an address again sends a new mail.
/// Errors name the entry by its number, never by its text.
pub async fn invite(state: &AppState, actor: &Actor, event_id: i64, addresses: &str) -> AppResult<usize> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let too_many = || AppError::invalid("addresses", td_string!(current(), editor.too_many_invites, max = MAX_INVITES).to_string());
    if addresses.len() > MAX_INVITE_CHARS {
        return Err(too_many());
    }
    let mut emails = Vec::new();
    for (n, address) in addresses.split(['\n', ',', ';']).map(str::trim).filter(|a| !a.is_empty()).enumerate() {
        let email = crate::auth::model::Email::parse(address)
            .map_err(|_| AppError::invalid("addresses", td_string!(current(), editor.bad_invite, n = n + 1).to_string()))?;
        if !emails.contains(&email) {
            emails.push(email);
        }
        if emails.len() > MAX_INVITES {
            return Err(too_many());
        }
    }
    if emails.is_empty() {
        return Err(too_many());
    }
    let now = db::now();
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    // The invited have no language yet: they read the one the inviting organizer's page spoke.
    let l = crate::locale::current();
    let when = describe_span_in(l, event.starts_at, event.ends_at, &event.time_zone);
    let event_link = state.settings.link(&format!("/events/{}", event.slug));
    for email in &emails {
        let id = db::invitations::upsert(&mut tx, event_id, email.as_str(), by.id, now).await?;
        let token = crate::auth::tokens::sign(&state.settings.secret_key, INVITATION, id, 16);
        let link = state.settings.link(&format!("/events/{}?invitation={token}", event.slug));
        let mail = templates::invitation(templates::To::new(email.as_str(), None, l), &by.display_name, event.title_in(l), &when, &link);
        state.outbox.enqueue(&mut tx, &templates::with_conduct_links(mail, l, &event_link).replying_to(event.reply_to.as_deref())).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    Ok(emails.len())
}

/// Follows an event's attendees live: for those who may check people in or organize; to others the
/// event does not exist.
pub async fn follow(state: &AppState, actor: &Actor, slug: &str) -> AppResult<crate::live::Follow> {
    let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
    // `require` already answers "not found" to those without a role; the same for those signed out.
    require(&state.db, actor, event.id, Permission::CheckIn).await.map_err(|e| match e {
        AppError::Unauthenticated => AppError::not_found("event"),
        other => other,
    })?;
    Ok(state.live.follow(event.id))
}

/// An event page in English.
pub async fn details(state: &AppState, actor: &Actor, slug: &str) -> AppResult<EventDetails> {
    details_in(state, actor, slug, Locale::en).await
}

/// An event's page for those holding `permission` on it (the editor, the door); to anyone
/// else, signed in or not, it reads exactly like a missing event.
pub async fn details_requiring(state: &AppState, actor: &Actor, slug: &str, permission: Permission) -> AppResult<EventDetails> {
    let details = read_details(state, actor, slug, Locale::en, None).await?;
    match require(&state.db, actor, details.id, permission).await {
        Ok(_) => Ok(details),
        Err(err @ (AppError::Internal(_) | AppError::Unavailable)) => Err(err),
        Err(_) => Err(AppError::not_found("event")),
    }
}

/// An event page in `locale` (its German version when German is asked for and there is one).
pub async fn details_in(state: &AppState, actor: &Actor, slug: &str, locale: Locale) -> AppResult<EventDetails> {
    details_for(state, actor, slug, locale, None).await
}

/// An event page as seen by the caller, or by whoever holds the `invitation` link. What a
/// visitor without an account or link sees is the same for all of them and comes from a
/// short-lived cache (see [`super::page_cache`]).
pub async fn details_for(state: &AppState, actor: &Actor, slug: &str, locale: Locale, invitation: Option<&str>) -> AppResult<EventDetails> {
    if actor.user.is_some() || invitation.is_some() {
        return read_details(state, actor, slug, locale, invitation).await;
    }
    let commits = state.db.commits();
    if let Some(details) = state.event_pages.get(slug, locale, commits) {
        return Ok(details);
    }
    let details = read_details(state, actor, slug, locale, None).await?;
    state.event_pages.put(slug, locale, commits, &details);
    Ok(details)
}

async fn read_details(state: &AppState, actor: &Actor, slug: &str, locale: Locale, invitation: Option<&str>) -> AppResult<EventDetails> {
    let (event, can_organize) = visible_event(state, actor, slug, invitation).await?;
    // An event has a German version when it has a German title; its description may be left out.
    let german = locale == Locale::de && event.title_de.as_deref().is_some_and(|t| !t.is_empty());
    let description = if german { event.description_de.as_deref().unwrap_or(&event.description_md) } else { &event.description_md };
    let title = event.title_in(locale).to_string();
    let language = if german { "de" } else { "en" };
    let taken = db::rsvps::places_going(&state.db, event.id).await?.max(0);
    Ok(EventDetails {
        language: language.into(),
        id: event.id,
        slug: event.slug.clone(),
        title,
        kind: event.kind,
        description_html: crate::html::markdown(description),
        when: describe_span_in(locale, event.starts_at, event.ends_at, &event.time_zone),
        starts_at_iso: iso(event.starts_at),
        ends_at_iso: iso(event.ends_at),
        time_zone: event.time_zone.clone(),
        map_url: (!event.venue_address.is_empty()).then(|| {
            format!(
                "https://www.openstreetmap.org/search?query={}",
                url::form_urlencoded::byte_serialize(event.venue_address.as_bytes()).collect::<String>()
            )
        }),
        venue_name: event.venue_name.clone(),
        venue_address: event.venue_address.clone(),
        capacity: event.capacity.map(|c| c.max(0) as u32),
        places_left: event.capacity.map(|c| (c - taken).max(0) as u32),
        status: event.status,
        visibility: event.visibility,
        cancelled_reason: event.cancelled_reason.clone(),
        can_organize,
        input: can_organize.then(|| editor_values(&event)),
        series: event.series_slug.clone().zip(event.series_title.clone()).map(|(slug, title)| SeriesLink { slug, title }),
        requires_approval: event.requires_approval,
        rsvp_deadline: event.rsvp_deadline.map(|at| super::rules::describe_instant_in(locale, at, &event.time_zone)),
        calendar: super::ics::web_calendar_links(&event, locale, &state.settings.link(&format!("/events/{}", event.slug))),
    })
}

/// A new draft with the same details (and, through the followers, the same questions), for the next BBQ of a series; the caller owns it.
pub async fn clone_event(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<String> {
    let user = require(&state.db, actor, event_id, Permission::Organize).await?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let mut input = editor_values(&event);
    input.title = format!("{} (copy)", event.title).chars().take(MAX_TITLE_CHARS).collect();
    let valid = validate(&input)?;
    let (id, slug) = create_in(&mut tx, &valid, user.id).await?;
    (followers()?.copied)(&mut tx, event_id, id).await?;
    tx.commit().await?;
    Ok(slug)
}

/// The `.ics` file of one event, for whoever may see its page.
pub async fn calendar_file(state: &AppState, actor: &Actor, slug: &str) -> AppResult<String> {
    let (event, _) = visible_event(state, actor, slug, None).await?;
    Ok(super::ics::calendar(&[event], state.settings.public_base_url.as_str(), "PUBLISH"))
}

/// The instance's public events as a subscribable calendar: from a month ago on, cancellations included.
pub async fn calendar_feed(state: &AppState) -> AppResult<String> {
    let events = db::events::public_for_feed(&state.db, db::now() - 30 * 86_400).await?;
    Ok(super::ics::calendar(&events, state.settings.public_base_url.as_str(), "PUBLISH"))
}
