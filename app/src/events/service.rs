//! Event use cases.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use super::model::{
    Attendee, AttendeeCounts, AttendeeList, AuditEntry, EventCard, EventDetails, EventInput, EventKind, EventStatus, MAX_CAPACITY,
    MAX_DESCRIPTION_CHARS, MAX_SERIES_CHARS, MAX_TITLE_CHARS, MyRsvp, SeriesLink, SeriesPage, Visibility,
};
use crate::auth::model::{EventRole, Permission};
use crate::auth::roles::require;
use crate::auth::service::Actor;
use crate::db::events::{EventFields, EventRow};
use crate::db::{self, Db, events::EventListRow};
use crate::error::{AppError, AppResult};
use crate::mail::templates;
use crate::rsvp::model::Status;
use crate::rsvp::questions::{QuestionKind, check_question, dietary_question, summarize};
use crate::state::AppState;

/// How many events the home page lists.
const UPCOMING_LIMIT: i64 = 50;

/// Published public events that have not ended yet, soonest first.
pub async fn upcoming(db: &Db, kind: Option<EventKind>) -> AppResult<Vec<EventCard>> {
    let rows = db::events::list_upcoming_public(db, db::now(), kind, UPCOMING_LIMIT).await?;
    Ok(rows.into_iter().map(card).collect())
}

/// A series' public dates, or not found when it has none to show.
pub async fn series_page(db: &Db, slug: &str) -> AppResult<SeriesPage> {
    let series = db::series::by_slug(db, slug).await?.ok_or_else(|| AppError::not_found("series"))?;
    let rows = db::series::public_events(db, series.id).await?;
    if rows.is_empty() {
        return Err(AppError::not_found("series"));
    }
    let now = db::now();
    let (past, upcoming): (Vec<_>, Vec<_>) = rows.into_iter().partition(|row| row.ends_at < now);
    let mut past: Vec<EventCard> = past.into_iter().map(card).collect();
    past.reverse();
    Ok(SeriesPage { title: series.title, upcoming: upcoming.into_iter().map(card).collect(), past })
}

fn card(row: EventListRow) -> EventCard {
    EventCard {
        when: describe_span(row.starts_at, row.ends_at, &row.time_zone),
        starts_at_iso: Timestamp::from_second(row.starts_at).map(|t| t.to_string()).unwrap_or_default(),
        kind: row.kind,
        slug: row.slug,
        title: row.title,
        venue: row.venue_name,
    }
}

/// "Sat 17 Aug 2013, 16:00 – 23:00 (Europe/Berlin)", or with both dates when it spans days.
pub fn describe_span(starts_at: i64, ends_at: i64, zone: &str) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    let (Ok(start), Ok(end)) = (Timestamp::from_second(starts_at), Timestamp::from_second(ends_at)) else {
        return String::new();
    };
    let (start, end) = (start.to_zoned(tz.clone()), end.to_zoned(tz));
    let name = start.time_zone().iana_name().unwrap_or("UTC").to_string();
    if start.date() == end.date() {
        format!("{}, {} – {} ({name})", start.strftime("%a %-d %b %Y"), start.strftime("%H:%M"), end.strftime("%H:%M"))
    } else {
        format!("{} – {} ({name})", start.strftime("%a %-d %b %Y, %H:%M"), end.strftime("%a %-d %b %Y, %H:%M"))
    }
}

/// Parsed and checked editor input, ready to store.
struct Valid {
    kind: EventKind,
    title: String,
    description: String,
    starts_at: i64,
    ends_at: i64,
    time_zone: String,
    venue_name: String,
    venue_address: String,
    capacity: Option<i64>,
    visibility: Visibility,
    rsvp_deadline: Option<i64>,
    reminder_hours: i64,
    title_de: Option<String>,
    description_de: Option<String>,
    series: Option<String>,
    requires_approval: bool,
}

impl Valid {
    fn fields(&self, series_id: Option<i64>) -> EventFields<'_> {
        EventFields {
            kind: self.kind,
            title: &self.title,
            description_md: &self.description,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            time_zone: &self.time_zone,
            venue_name: &self.venue_name,
            venue_address: &self.venue_address,
            capacity: self.capacity,
            visibility: self.visibility,
            rsvp_deadline: self.rsvp_deadline,
            reminder_hours: self.reminder_hours,
            title_de: self.title_de.as_deref(),
            description_de: self.description_de.as_deref(),
            series_id,
            requires_approval: self.requires_approval,
        }
    }

    /// The series named in the editor, created on first use.
    async fn series_id(&self, tx: &mut db::WriteTx, now: i64) -> AppResult<Option<i64>> {
        match &self.series {
            Some(title) => Ok(Some(db::series::find_or_create(tx, &slug_base(title), title, now).await?)),
            None => Ok(None),
        }
    }
}

/// A local date-time typed into the editor, in the event's zone, as a UTC timestamp.
fn local_time(field: &str, value: &str, tz: &TimeZone) -> AppResult<i64> {
    let invalid = || AppError::invalid(field, "enter a date and time like 2013-08-17T16:00");
    let civil: DateTime = value.trim().parse().map_err(|_| invalid())?;
    Ok(civil.to_zoned(tz.clone()).map_err(|_| invalid())?.timestamp().as_second())
}

fn bounded(field: &str, value: &str, max: usize, required: bool) -> AppResult<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(AppError::invalid(field, "this field is required"));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, format!("use at most {max} characters")));
    }
    Ok(value.to_string())
}

/// A one-line text (a title, a venue, a mail subject): it also lands in mail headers and
/// calendar lines, where a line break would break the mail or the file.
fn one_line(field: &str, value: &str, max: usize, required: bool) -> AppResult<String> {
    let value = bounded(field, value, max, required)?;
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, "keep it on one line, without control characters"));
    }
    Ok(value)
}

fn validate(input: &EventInput) -> AppResult<Valid> {
    let title = one_line("title", &input.title, MAX_TITLE_CHARS, true)?;
    let kind = EventKind::parse(&input.kind).ok_or_else(|| AppError::invalid("kind", "choose a kind of event"))?;
    let description = bounded("description", &input.description, MAX_DESCRIPTION_CHARS, false)?;
    let time_zone = input.time_zone.trim();
    let tz = TimeZone::get(time_zone).map_err(|_| AppError::invalid("time_zone", "use an IANA time zone such as Europe/Berlin"))?;
    let starts_at = local_time("starts_at", &input.starts_at, &tz)?;
    let ends_at = local_time("ends_at", &input.ends_at, &tz)?;
    if ends_at < starts_at {
        return Err(AppError::invalid("ends_at", "the end must not be before the start"));
    }
    let capacity = match input.capacity.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (0..=MAX_CAPACITY).contains(&n) => Some(n),
            _ => {
                return Err(AppError::invalid(
                    "capacity",
                    format!("enter a number from 0 to {MAX_CAPACITY}, or leave it empty for no limit"),
                ));
            }
        },
    };
    let visibility = match input.visibility.trim() {
        "" => Visibility::Public,
        given => Visibility::parse(given).ok_or_else(|| AppError::invalid("visibility", "choose public, unlisted or private"))?,
    };
    let reminder_hours = match input.reminder_hours.trim() {
        "" => 24,
        text => match text.parse::<i64>() {
            Ok(n) if (0..=336).contains(&n) => n,
            _ => return Err(AppError::invalid("reminder_hours", "enter hours from 0 (no reminder) to 336 (two weeks)")),
        },
    };
    let rsvp_deadline = match input.rsvp_deadline.trim() {
        "" => None,
        text => Some(local_time("rsvp_deadline", text, &tz)?),
    };
    if rsvp_deadline.is_some_and(|deadline| deadline > ends_at) {
        return Err(AppError::invalid("rsvp_deadline", "the deadline must not be after the event ends"));
    }
    let requires_approval = match input.requires_approval.trim() {
        "" | "off" | "false" => false,
        "on" | "true" => true,
        _ => return Err(AppError::invalid("requires_approval", "tick the box to approve each RSVP, or leave it empty")),
    };
    Ok(Valid {
        requires_approval,
        kind,
        title,
        description,
        starts_at,
        ends_at,
        time_zone: time_zone.to_string(),
        venue_name: one_line("venue_name", &input.venue_name, 200, false)?,
        venue_address: one_line("venue_address", &input.venue_address, 500, false)?,
        capacity,
        visibility,
        rsvp_deadline,
        reminder_hours,
        title_de: Some(one_line("title_de", &input.title_de, MAX_TITLE_CHARS, false)?).filter(|t| !t.is_empty()),
        description_de: Some(bounded("description_de", &input.description_de, MAX_DESCRIPTION_CHARS, false)?).filter(|d| !d.is_empty()),
        series: Some(one_line("series", &input.series, MAX_SERIES_CHARS, false)?).filter(|s| !s.is_empty()),
    })
}

/// A readable, unique address part from the title: "Developer & admin BBQ" -> "developer-admin-bbq".
pub fn slug_base(title: &str) -> String {
    let mut slug = String::new();
    for c in title.to_lowercase().chars() {
        let c = match c {
            'ä' => "ae".to_string(),
            'ö' => "oe".to_string(),
            'ü' => "ue".to_string(),
            'ß' => "ss".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        slug.push_str(&c);
    }
    let slug: Vec<&str> = slug.split('-').filter(|s| !s.is_empty()).collect();
    let slug = slug.join("-");
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() { "event".into() } else { slug.trim_end_matches('-').to_string() }
}

/// Creates a draft event; its creator becomes its owner. Returns the slug.
pub async fn create(state: &AppState, actor: &Actor, input: &EventInput) -> AppResult<String> {
    create_as(state, actor, input, EventStatus::Draft).await
}

/// Creates an event, published at once when `status` says so, in one transaction: an
/// integration that creates a published event never leaves a draft behind.
pub async fn create_as(state: &AppState, actor: &Actor, input: &EventInput, status: EventStatus) -> AppResult<String> {
    let user = actor.user()?;
    if status == EventStatus::Cancelled {
        return Err(AppError::invalid("published", "a new event is a draft or published"));
    }
    let valid = validate(input)?;
    let mut tx = state.db.begin_write().await?;
    let (id, slug) = create_in(&mut tx, &valid, user.id).await?;
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
    let series_id = valid.series_id(tx, now).await?;
    let id = db::events::create(tx, &slug, &valid.fields(series_id), owner, now).await?;
    db::roles::grant(tx, id, owner, EventRole::Owner, owner, now).await?;
    Ok((id, slug))
}

/// Saves the editor. More places (or no limit) promote the waitlist at once; switching approval
/// off lets in, after the waitlist, everyone still asking, in the order they asked.
/// Returns the event's address, which is new when the event just became unlisted (the old,
/// guessable one then leads nowhere).
pub async fn update(state: &AppState, actor: &Actor, event_id: i64, input: &EventInput) -> AppResult<String> {
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
    let series_id = valid.series_id(&mut tx, now).await?;
    db::events::update(&mut tx, event_id, &valid.fields(series_id), now).await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    if event.status == EventStatus::Published {
        crate::rsvp::service::promote_waitlist(state, &mut tx, &event).await?;
    }
    if was_approving && !event.requires_approval && event.status != EventStatus::Cancelled {
        crate::rsvp::service::approve_all_pending(state, &mut tx, &event, by.id).await?;
    }
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(event.slug)
}

pub async fn set_published(state: &AppState, actor: &Actor, event_id: i64, published: bool) -> AppResult<()> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    if event.status == EventStatus::Cancelled {
        return Err(AppError::Conflict("A cancelled event cannot be published again; clone it instead.".into()));
    }
    db::events::set_status(&mut tx, event_id, if published { EventStatus::Published } else { EventStatus::Draft }, None, db::now()).await?;
    if published {
        // Places may have been added while it was a draft: the waitlist gets them before any new answer.
        crate::rsvp::service::promote_waitlist(state, &mut tx, &event).await?;
    }
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(())
}

/// Cancels the event and mails everyone who is going, waiting or maybe coming.
pub async fn cancel(state: &AppState, actor: &Actor, event_id: i64, reason: &str) -> AppResult<usize> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let reason = bounded("reason", reason, 1000, true)?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    if event.status == EventStatus::Cancelled {
        return Err(AppError::Conflict("This event is already cancelled.".into()));
    }
    db::events::set_status(&mut tx, event_id, EventStatus::Cancelled, Some(&reason), db::now()).await?;
    let people = db::rsvps::interested(&mut tx, event_id).await?;
    let when = describe_span(event.starts_at, event.ends_at, &event.time_zone);
    for person in &people {
        let to = templates::To::new(&person.email, Some(&person.name));
        state.outbox.enqueue(&mut tx, &templates::event_cancelled(to, &by.display_name, &event.title, &when, &reason)).await?;
    }
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(people.len())
}

/// The event at `slug` if the caller may see it, and whether they organize it.
/// Drafts exist only for their organizers, private events also for the people they invited.
async fn visible_event(state: &AppState, actor: &Actor, slug: &str, invitation: Option<&str>) -> AppResult<(EventRow, bool)> {
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
    if let Some(id) = token.and_then(|t| crate::rsvp::service::verify_signed(&state.settings.secret_key, INVITATION, t, 16))
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
const INVITATION: &str = "event-invitation";
/// Addresses one submission may invite.
pub const MAX_INVITES: usize = 200;
/// The longest address list one submission may hold: 200 addresses of 254 characters, with separators.
pub const MAX_INVITE_CHARS: usize = MAX_INVITES * 256;

/// Invites each address (one per line, or separated by commas) to the event with a personal link,
/// which lets it see a private event and answer. Inviting an address again sends a new mail.
/// Errors name the entry by its number, never by its text.
pub async fn invite(state: &AppState, actor: &Actor, event_id: i64, addresses: &str) -> AppResult<usize> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let too_many = || AppError::invalid("addresses", format!("enter 1 to {MAX_INVITES} email addresses, one per line"));
    if addresses.len() > MAX_INVITE_CHARS {
        return Err(too_many());
    }
    let mut emails = Vec::new();
    for (n, address) in addresses.split(['\n', ',', ';']).map(str::trim).filter(|a| !a.is_empty()).enumerate() {
        let email = crate::auth::model::Email::parse(address)
            .map_err(|_| AppError::invalid("addresses", format!("entry {} is not an email address; nobody was invited", n + 1)))?;
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
    let when = describe_span(event.starts_at, event.ends_at, &event.time_zone);
    for email in &emails {
        let id = db::invitations::upsert(&mut tx, event_id, email.as_str(), by.id, now).await?;
        let token = crate::rsvp::service::sign(&state.settings.secret_key, INVITATION, id, 16);
        let link = state.settings.link(&format!("/events/{}?invitation={token}", event.slug));
        let mail = templates::invitation(templates::To::new(email.as_str(), None), &by.display_name, &event.title, &when, &link);
        state.outbox.enqueue(&mut tx, &mail).await?;
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
    details_in(state, actor, slug, false).await
}

/// An event's page for those holding `permission` on it (the editor, the door); to anyone
/// else, signed in or not, it reads exactly like a missing event.
pub async fn details_requiring(state: &AppState, actor: &Actor, slug: &str, permission: Permission) -> AppResult<EventDetails> {
    let details = read_details(state, actor, slug, false, None).await?;
    match require(&state.db, actor, details.id, permission).await {
        Ok(_) => Ok(details),
        Err(err @ (AppError::Internal(_) | AppError::Unavailable)) => Err(err),
        Err(_) => Err(AppError::not_found("event")),
    }
}

/// An event page, in German when `german` and a German version exists.
pub async fn details_in(state: &AppState, actor: &Actor, slug: &str, german: bool) -> AppResult<EventDetails> {
    details_for(state, actor, slug, german, None).await
}

/// An event page as seen by the caller, or by whoever holds the `invitation` link. What a
/// visitor without an account or link sees is the same for all of them and comes from a
/// short-lived cache (see [`super::page_cache`]).
pub async fn details_for(state: &AppState, actor: &Actor, slug: &str, german: bool, invitation: Option<&str>) -> AppResult<EventDetails> {
    if actor.user.is_some() || invitation.is_some() {
        return read_details(state, actor, slug, german, invitation).await;
    }
    let commits = state.db.commits();
    if let Some(details) = state.event_pages.get(slug, german, commits) {
        return Ok(details);
    }
    let details = read_details(state, actor, slug, german, None).await?;
    state.event_pages.put(slug, german, commits, &details);
    Ok(details)
}

async fn read_details(state: &AppState, actor: &Actor, slug: &str, german: bool, invitation: Option<&str>) -> AppResult<EventDetails> {
    let (event, can_organize) = visible_event(state, actor, slug, invitation).await?;
    let (title, description, language) = match (german, &event.title_de) {
        (true, Some(title)) => (title.clone(), event.description_de.as_deref().unwrap_or(&event.description_md), "de"),
        _ => (event.title.clone(), event.description_md.as_str(), "en"),
    };
    let taken = db::rsvps::places_going(&state.db, event.id).await?.max(0);
    let my_rsvp = match &actor.user {
        Some(user) => {
            let mut conn = state.db.read().await?;
            match db::rsvps::by_email(&mut conn, event.id, &user.email).await? {
                Some(row) => Some(MyRsvp {
                    status: row.status,
                    party_size: row.party_size as u32,
                    waitlist_position: db::rsvps::waitlist_position(&mut conn, row.id).await?,
                }),
                None => None,
            }
        }
        None => None,
    };
    let mut conn = state.db.read().await?;
    let questions = crate::rsvp::service::questions_of(&mut conn, event.id).await?;
    drop(conn);
    Ok(EventDetails {
        questions,
        language: language.into(),
        id: event.id,
        slug: event.slug.clone(),
        title,
        kind: event.kind,
        description_html: crate::html::markdown(description),
        when: describe_span(event.starts_at, event.ends_at, &event.time_zone),
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
        my_rsvp,
        input: can_organize.then(|| editor_values(&event)),
        series: event.series_slug.clone().zip(event.series_title.clone()).map(|(slug, title)| SeriesLink { slug, title }),
        requires_approval: event.requires_approval,
    })
}

fn iso(seconds: i64) -> String {
    Timestamp::from_second(seconds).map(|t| t.to_string()).unwrap_or_default()
}

/// The stored event as the editor shows it again.
fn editor_values(event: &EventRow) -> EventInput {
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let local =
        |s: i64| Timestamp::from_second(s).map(|t| t.to_zoned(tz.clone()).strftime("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default();
    EventInput {
        title: event.title.clone(),
        kind: event.kind.as_str().to_string(),
        description: event.description_md.clone(),
        starts_at: local(event.starts_at),
        ends_at: local(event.ends_at),
        time_zone: event.time_zone.clone(),
        venue_name: event.venue_name.clone(),
        venue_address: event.venue_address.clone(),
        capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
        visibility: event.visibility.as_str().to_string(),
        rsvp_deadline: event.rsvp_deadline.map(local).unwrap_or_default(),
        reminder_hours: event.reminder_hours.to_string(),
        title_de: event.title_de.clone().unwrap_or_default(),
        description_de: event.description_de.clone().unwrap_or_default(),
        series: event.series_title.clone().unwrap_or_default(),
        requires_approval: if event.requires_approval { "on" } else { "" }.into(),
    }
}

/// A new draft with the same details and questions, for the next BBQ of a series; the caller owns it.
pub async fn clone_event(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<String> {
    let user = require(&state.db, actor, event_id, Permission::Organize).await?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let mut input = editor_values(&event);
    input.title = format!("{} (copy)", event.title).chars().take(MAX_TITLE_CHARS).collect();
    let valid = validate(&input)?;
    let (id, slug) = create_in(&mut tx, &valid, user.id).await?;
    // The next BBQ asks what this one asked (the dietary question above all).
    for q in db::questions::for_event(&mut tx, event_id).await? {
        db::questions::insert(&mut tx, id, &q.kind, &q.label, &q.options, q.required).await?;
    }
    tx.commit().await?;
    Ok(slug)
}

/// Who an organizer's message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Going,
    Maybe,
    Waitlisted,
    Everyone,
}

impl Audience {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "going" => Some(Self::Going),
            "maybe" => Some(Self::Maybe),
            "waitlisted" => Some(Self::Waitlisted),
            "everyone" => Some(Self::Everyone),
            _ => None,
        }
    }

    fn includes(self, status: Status) -> bool {
        match self {
            Self::Going => status == Status::Going,
            Self::Maybe => status == Status::Maybe,
            Self::Waitlisted => status == Status::Waitlisted,
            Self::Everyone => !matches!(status, Status::NotGoing | Status::Declined),
        }
    }
}

/// Mails the organizer's message to one group of attendees; returns how many got it.
pub async fn message_attendees(
    state: &AppState,
    actor: &Actor,
    event_id: i64,
    audience: Audience,
    subject: &str,
    text: &str,
) -> AppResult<usize> {
    let by = require(&state.db, actor, event_id, Permission::Organize).await?;
    let subject = one_line("subject", subject, 150, true)?;
    let text = bounded("text", text, 10_000, true)?;
    let mut tx = state.db.begin_write().await?;
    let event = db::events::by_id(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
    let people: Vec<_> = db::rsvps::interested(&mut tx, event_id).await?.into_iter().filter(|r| audience.includes(r.status)).collect();
    let link = state.settings.link(&format!("/events/{}", event.slug));
    for person in &people {
        let to = templates::To::new(&person.email, Some(&person.name));
        state.outbox.enqueue(&mut tx, &templates::organizer_message(to, &by.display_name, &event.title, &subject, &text, &link)).await?;
    }
    tx.commit().await?;
    state.attendance_changed(event_id);
    Ok(people.len())
}

/// Adds a question to the event's RSVP form.
pub async fn add_question(
    state: &AppState,
    actor: &Actor,
    event_id: i64,
    kind: QuestionKind,
    label: &str,
    options: &str,
    required: bool,
) -> AppResult<i64> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let (label, options) = check_question(kind, label, options)?;
    let mut tx = state.db.begin_write().await?;
    let id = db::questions::insert(&mut tx, event_id, kind.as_str(), &label, &options.join("\n"), required).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds the ready-made dietary question (vegetarian, vegan, …).
pub async fn add_dietary_question(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<i64> {
    let (kind, label, options) = dietary_question();
    add_question(state, actor, event_id, kind, &label, &options.join("\n"), false).await
}

pub async fn delete_question(state: &AppState, actor: &Actor, event_id: i64, question_id: i64) -> AppResult<()> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    if !db::questions::delete(&state.db, event_id, question_id).await? {
        return Err(AppError::not_found("question"));
    }
    Ok(())
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

/// The attendee list of the event at `slug` as CSV.
pub async fn attendees_csv(state: &AppState, actor: &Actor, slug: &str) -> AppResult<String> {
    Ok(attendees_at(state, actor, slug).await?.to_csv())
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
    let questions = crate::rsvp::service::questions_of(&mut conn, event_id).await?;
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
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let audit = db::rsvps::audit_for_event(&state.db, event_id)
        .await?
        .into_iter()
        .map(|(at, by, attendee, change, reason)| AuditEntry {
            when: Timestamp::from_second(at)
                .map(|t| t.to_zoned(tz.clone()).strftime("%a %-d %b %Y, %H:%M").to_string())
                .unwrap_or_default(),
            by: by.unwrap_or_else(|| "(deleted account)".into()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EventInput {
        EventInput {
            title: "Sommerfest".into(),
            kind: "party".into(),
            starts_at: "2013-08-17T16:00".into(),
            ends_at: "2013-08-17T23:00".into(),
            time_zone: "Europe/Berlin".into(),
            capacity: "120".into(),
            ..Default::default()
        }
    }

    #[test]
    fn editor_input_is_checked_field_by_field() {
        let ok = validate(&input()).unwrap();
        assert_eq!(ok.starts_at, 1_376_748_000);
        assert_eq!(ok.capacity, Some(120));
        let field = |i: EventInput| validate(&i).err().and_then(|e| e.field().map(str::to_string));
        assert_eq!(field(EventInput { ends_at: "2013-08-17T15:00".into(), ..input() }).as_deref(), Some("ends_at"));
        assert_eq!(field(EventInput { time_zone: "Mars/Olympus".into(), ..input() }).as_deref(), Some("time_zone"));
        assert_eq!(field(EventInput { description: "x".repeat(2_000_000), ..input() }).as_deref(), Some("description"));
        assert_eq!(field(EventInput { capacity: "-1".into(), ..input() }).as_deref(), Some("capacity"));
        assert_eq!(field(EventInput { title: "  ".into(), ..input() }).as_deref(), Some("title"));
        assert_eq!(field(EventInput { starts_at: "tomorrow".into(), ..input() }).as_deref(), Some("starts_at"));
        assert_eq!(field(EventInput { series: "x".repeat(81), ..input() }).as_deref(), Some("series"));
        assert_eq!(
            field(EventInput { title: "BBQ\r\nBcc: all@example.org".into(), ..input() }).as_deref(),
            Some("title"),
            "titles go into mail subjects"
        );
        assert_eq!(field(EventInput { venue_name: "Hof\nam Werk".into(), ..input() }).as_deref(), Some("venue_name"));
        assert_eq!(
            field(EventInput { rsvp_deadline: "2013-08-18T10:00".into(), ..input() }).as_deref(),
            Some("rsvp_deadline"),
            "a deadline after the end"
        );
        assert!(validate(&EventInput { description: "line one\nline two".into(), ..input() }).is_ok(), "descriptions have lines");
    }

    #[test]
    fn slugs_read_well() {
        assert_eq!(slug_base("Developer & admin BBQ IV"), "developer-admin-bbq-iv");
        assert_eq!(slug_base("Sommerfest in Halle (Saale)"), "sommerfest-in-halle-saale");
        assert_eq!(slug_base("Grüße"), "gruesse");
        assert_eq!(slug_base("!!!"), "event");
    }

    #[test]
    fn a_summer_party_is_described_in_its_own_time_zone() {
        // 17 Aug 2013 16:00–23:00 in Halle (CEST, UTC+2).
        let text = describe_span(1_376_748_000, 1_376_773_200, "Europe/Berlin");
        assert_eq!(text, "Sat 17 Aug 2013, 16:00 – 23:00 (Europe/Berlin)");
    }

    #[test]
    fn a_multi_day_sprint_names_both_days() {
        // Thu 15 Aug 2013 09:00 to Sat 17 Aug 2013 16:00, Berlin.
        let text = describe_span(1_376_550_000, 1_376_748_000, "Europe/Berlin");
        assert_eq!(text, "Thu 15 Aug 2013, 09:00 – Sat 17 Aug 2013, 16:00 (Europe/Berlin)");
    }
}
