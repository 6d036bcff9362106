//! The reporter's side of code-of-conduct reports, and each event's code: anyone sends a
//! report, gets a follow-up code, and with it reads the replies and adds to the report.
//!
//! Anonymity: these use cases take the caller's client address only for the in-memory rate
//! limits, and never an account or session: the server does not even resolve the session on
//! the reporter's requests (`unlinked_path`), so no table, not even a session's last-seen
//! time, and no log line ties a report to who sent it. A reporter who wants to be reached
//! gives a name and a way in the report itself, where it is sealed with the rest.

use sha2::{Digest, Sha256};

use super::model::{ConductPage, EntryView, FollowUpView, ReportInput, ReportText, normalize_code};
use crate::auth::model::Permission;
use crate::auth::rate_limit::Limit;
use crate::auth::service::Actor;
use crate::db::conduct::{EntryRow, NewEntry, ReportRow, SettingsRow};
use crate::db::events::EventRow;
use crate::db::{self, Conn};
use crate::error::{AppError, AppResult};
use crate::events::model::EventStatus;
use crate::i18n::td_string;
use crate::mail::templates;
use crate::seal::Sealer;
use crate::state::{AppState, Settings};

/// The code of conduct Festplan ships, until an administrator changes the instance's.
const CODE_EN: &str = include_str!("code_en.md");
const CODE_DE: &str = include_str!("code_de.md");
/// How long the follow-up page stays open on a device after the code was entered.
const FOLLOW_UP_SECS: i64 = 30 * 60;
const FOLLOW_UP: &str = "conduct-follow-up";
pub const FOLLOW_UP_COOKIE: &str = "festplan_conduct";

/// Requests whose session the server must not resolve: the report form, the follow-up page
/// and their server functions. Whoever sends them stays unknown to the stored data.
pub fn unlinked_path(path: &str) -> bool {
    path.starts_with("/api/public/conduct/")
        || path
            .strip_prefix("/events/")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(_, tail)| matches!(tail, "conduct/report" | "conduct/sent" | "conduct/follow-up"))
}

pub fn sealer(settings: &Settings) -> Sealer {
    Sealer::new(&settings.secret_key.0, "conduct reports")
}

pub fn report_bound(id: i64) -> String {
    format!("conduct report {id}")
}

pub fn entry_bound(report_id: i64, entry_id: i64) -> String {
    format!("conduct report {report_id} entry {entry_id}")
}

fn code_hash(normalized: &str) -> Vec<u8> {
    Sha256::digest(normalized.as_bytes()).to_vec()
}

/// "Sat 17 Aug 2013, 16:05" in the event's zone and the page's language.
pub(super) fn when(at: i64, zone: &str) -> String {
    crate::events::rules::describe_instant_in(crate::locale::current(), at, zone)
}

/// An event reports can be sent for: any that exists and is not a draft. The form shows only
/// its title, and a private event's guests must be able to report too.
async fn reportable(state: &AppState, slug: &str) -> AppResult<EventRow> {
    db::events::by_slug(&state.db, slug).await?.filter(|e| e.status != EventStatus::Draft).ok_or_else(|| AppError::not_found("event"))
}

async fn event_by_id(state: &AppState, event_id: i64) -> AppResult<EventRow> {
    let mut conn = state.db.read().await?;
    db::events::by_id(&mut conn, event_id).await?.filter(|e| e.status != EventStatus::Draft).ok_or_else(|| AppError::not_found("event"))
}

/// The instance's code in `language` ("en" or "de").
async fn instance_code(conn: &mut Conn, language: &str) -> AppResult<String> {
    let shipped = if language == "de" { CODE_DE } else { CODE_EN };
    Ok(db::conduct::instance_code(conn, language).await?.unwrap_or_else(|| shipped.to_string()))
}

/// The event's code-of-conduct page, also the report form's facts. Who may change what, and
/// whether the caller sees the reports or only their number, depends on their roles.
pub async fn conduct_page(state: &AppState, actor: &Actor, slug: &str, german: bool) -> AppResult<ConductPage> {
    let event = reportable(state, slug).await?;
    let mut conn = state.db.read().await?;
    let settings = db::conduct::settings(&mut conn, event.id).await?;
    let language = if german { "de" } else { "en" };
    let default_code_md = instance_code(&mut conn, language).await?;
    let own = settings.as_ref().and_then(|s| s.code_md.clone()).filter(|c| !c.trim().is_empty());
    let (roles, admin) = match &actor.user {
        Some(user) => (db::roles::of_user(&state.db, event.id, user.id).await?, user.is_admin),
        None => (Vec::new(), false),
    };
    let responder = crate::auth::model::allows(&roles, Permission::ReadConductReports);
    let organizes = admin || crate::auth::model::allows(&roles, Permission::Organize);
    let report_count = if responder || organizes { Some(db::conduct::count(&mut conn, event.id).await?.max(0) as u64) } else { None };
    Ok(ConductPage {
        event_id: event.id,
        event_title: event.title_in(crate::locale::current()).to_string(),
        slug: event.slug,
        code_html: crate::html::markdown(own.as_deref().unwrap_or(&default_code_md)),
        own_code_md: if organizes { own.unwrap_or_default() } else { String::new() },
        emergency_contact: settings.as_ref().map(|s| s.emergency_contact.clone()).unwrap_or_default(),
        emergency_number: settings.map_or_else(|| "112".to_string(), |s| s.emergency_number),
        may_edit: organizes,
        may_edit_default: admin,
        default_code_md: if admin { default_code_md } else { String::new() },
        responder,
        report_count,
    })
}

/// Takes a report and returns its follow-up code, shown to the reporter once. Responders are
/// told by mail that a report exists, never what it says; the code goes to the reporter's
/// address if they gave one.
pub async fn submit(state: &AppState, client: &str, event_id: i64, input: &ReportInput) -> AppResult<String> {
    state.limits.take(state, Limit::ConductReportsPerClient, client).await?;
    let text = input.validate()?;
    let event = event_by_id(state, event_id).await?;
    let code = super::model::new_follow_up_code();
    let normalized = normalize_code(&code).expect("a fresh code is well-formed");
    let sealer = sealer(&state.settings);
    let plain = serde_json::to_string(&text).map_err(AppError::internal)?;
    let now = db::now();
    let mut conn = state.db.read().await?;
    let responders = db::conduct::responders(&mut conn, event.id, 0).await?;
    drop(conn);
    let mut tx = state.db.begin_write().await?;
    let id = db::conduct::insert_report(&mut tx, event.id, text.danger, &code_hash(&normalized), now).await?;
    db::conduct::seal_report(&mut tx, id, &sealer.seal_str(&report_bound(id), &plain)).await?;
    let link = state.settings.link(&format!("/events/{}/conduct/reports/{id}", event.slug));
    for responder in responders {
        let l = crate::locale::parse(&responder.language);
        let to = templates::To::new(&responder.email, Some(&responder.name), l);
        state.outbox.enqueue(&mut tx, &templates::conduct_report_new(to, event.title_in(l), text.danger, &link)).await?;
    }
    if !text.email.is_empty() {
        let follow_up = state.settings.link(&format!("/events/{}/conduct/follow-up", event.slug));
        // The language of the form they filled in; nothing of it is stored.
        let l = crate::locale::current();
        let to = templates::To::new(&text.email, (!text.name.is_empty()).then_some(text.name.as_str()), l);
        state.outbox.enqueue_forgotten(&mut tx, &templates::conduct_follow_up_code(to, event.title_in(l), &code, &follow_up)).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    Ok(code)
}

/// Checks a typed follow-up code (rate-limited per client: guessing is refused long before it
/// could succeed) and returns the cookie value that opens the report's follow-up page on this
/// device for a while. A wrong code and another event's code read the same.
pub async fn open_follow_up(state: &AppState, client: &str, slug: &str, typed: &str) -> AppResult<String> {
    state.limits.take(state, Limit::ConductCodesPerClient, client).await?;
    let wrong = || AppError::invalid("code", td_string!(crate::locale::current(), conduct.err.wrong_code));
    let event = reportable(state, slug).await?;
    let normalized = normalize_code(typed).ok_or_else(wrong)?;
    let mut conn = state.db.read().await?;
    let report = db::conduct::report_by_code(&mut conn, event.id, &code_hash(&normalized)).await?.ok_or_else(wrong)?;
    let expires = db::now() + FOLLOW_UP_SECS;
    Ok(format!("{expires}.{}", crate::auth::tokens::sign(&state.settings.secret_key, &format!("{FOLLOW_UP} {expires}"), report.id, 16)))
}

/// The report a follow-up cookie opens, while it is fresh.
fn followed(settings: &Settings, cookie: Option<&str>) -> Option<i64> {
    let (expires, signed) = cookie?.split_once('.')?;
    let expires: i64 = expires.parse().ok()?;
    (expires > db::now()).then_some(())?;
    crate::auth::tokens::verify_signed(&settings.secret_key, &format!("{FOLLOW_UP} {expires}"), signed, 16)
}

pub fn follow_up_max_age() -> i64 {
    FOLLOW_UP_SECS
}

/// The followed report of the event at `slug`, or "report not found" (no code, an old one,
/// another event's, or no such event: all alike).
async fn followed_report(state: &AppState, slug: &str, cookie: Option<&str>) -> AppResult<(EventRow, ReportRow)> {
    let missing = || AppError::not_found("report");
    let id = followed(&state.settings, cookie).ok_or_else(missing)?;
    let event = reportable(state, slug).await.map_err(|_| missing())?;
    let mut conn = state.db.read().await?;
    let report = db::conduct::report(&mut conn, id).await?.filter(|r| r.event_id == event.id).ok_or_else(missing)?;
    Ok((event, report))
}

pub(super) fn open_report(sealer: &Sealer, report: &ReportRow) -> AppResult<ReportText> {
    let plain = sealer.open_str(&report_bound(report.id), &report.sealed)?;
    serde_json::from_str(&plain).map_err(AppError::internal)
}

pub(super) fn open_entry(sealer: &Sealer, report_id: i64, entry: &EntryRow) -> AppResult<String> {
    match &entry.sealed {
        Some(sealed) => Ok(sealer.open_str(&entry_bound(report_id, entry.id), sealed)?),
        None => Ok(String::new()),
    }
}

/// What the reporter sees: their report, where it stands, the replies and their additions.
pub async fn follow_up(state: &AppState, slug: &str, cookie: Option<&str>) -> AppResult<FollowUpView> {
    let (event, report) = followed_report(state, slug, cookie).await?;
    let sealer = sealer(&state.settings);
    let mut conn = state.db.read().await?;
    let entries = db::conduct::entries(&mut conn, report.id, &["reply", "reporter"])
        .await?
        .iter()
        .map(|e| {
            let l = crate::locale::current();
            let who = if e.kind == "reply" { td_string!(l, conduct.who_responders) } else { td_string!(l, conduct.who_you) };
            Ok(EntryView {
                kind: e.kind.clone(),
                who: who.into(),
                when: when(e.created_at, &event.time_zone),
                text: open_entry(&sealer, report.id, e)?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(FollowUpView {
        slug: event.slug.clone(),
        event_title: event.title_in(crate::locale::current()).to_string(),
        status: report.status(),
        sent: when(report.created_at, &event.time_zone),
        report: open_report(&sealer, &report)?,
        entries,
    })
}

/// The reporter adds to their report; the responders are told that they did, not what.
pub async fn add_information(state: &AppState, slug: &str, cookie: Option<&str>, text: &str) -> AppResult<()> {
    let (event, report) = followed_report(state, slug, cookie).await?;
    let text = text.trim();
    if text.is_empty() || text.chars().count() > super::model::MAX_TEXT {
        return Err(AppError::invalid("text", td_string!(crate::locale::current(), conduct.err.add_text)));
    }
    let link = state.settings.link(&format!("/events/{}/conduct/reports/{}", event.slug, report.id));
    let mut conn = state.db.read().await?;
    let responders = db::conduct::responders(&mut conn, event.id, report.id).await?;
    drop(conn);
    let mut tx = state.db.begin_write().await?;
    let entry = NewEntry { report_id: report.id, kind: "reporter", by_user: None, status: None, action: None };
    let id = db::conduct::insert_entry(&mut tx, &entry, db::now()).await?;
    db::conduct::seal_entry(&mut tx, id, &sealer(&state.settings).seal_str(&entry_bound(report.id, id), text)).await?;
    for responder in responders.iter().filter(|r| !r.recused) {
        let l = crate::locale::parse(&responder.language);
        let to = templates::To::new(&responder.email, Some(&responder.name), l);
        state.outbox.enqueue(&mut tx, &templates::conduct_reporter_wrote(to, event.title_in(l), &link)).await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// The event's own code and on-site emergency contact, by its organizers.
pub async fn save_settings(state: &AppState, actor: &Actor, event_id: i64, code_md: &str, contact: &str, number: &str) -> AppResult<()> {
    crate::auth::roles::require(&state.db, actor, event_id, Permission::Organize).await?;
    let (code_md, contact, number) = (code_md.trim(), contact.trim(), number.trim());
    if code_md.chars().count() > 50_000 {
        return Err(AppError::invalid("code_md", td_string!(crate::locale::current(), conduct.err.code_long)));
    }
    if contact.chars().count() > 300 {
        return Err(AppError::invalid("emergency_contact", td_string!(crate::locale::current(), conduct.err.contact_long)));
    }
    if number.is_empty() || number.chars().count() > 30 {
        return Err(AppError::invalid("emergency_number", td_string!(crate::locale::current(), conduct.err.number)));
    }
    let row = SettingsRow {
        code_md: (!code_md.is_empty()).then(|| code_md.to_string()),
        emergency_contact: contact.to_string(),
        emergency_number: number.to_string(),
    };
    let mut tx = state.db.begin_write().await?;
    db::conduct::save_settings(&mut tx, event_id, &row, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// The instance's code in `language`, by an administrator.
pub async fn save_instance_code(state: &AppState, actor: &Actor, language: &str, code_md: &str) -> AppResult<()> {
    let user = actor.user()?;
    if !user.is_admin {
        return Err(AppError::Forbidden);
    }
    if !matches!(language, "en" | "de") {
        return Err(AppError::invalid("language", td_string!(crate::locale::current(), conduct.err.language)));
    }
    let code_md = code_md.trim();
    if code_md.is_empty() || code_md.chars().count() > 50_000 {
        return Err(AppError::invalid("code_md", td_string!(crate::locale::current(), conduct.err.code_needed)));
    }
    let mut tx = state.db.begin_write().await?;
    db::conduct::save_instance_code(&mut tx, language, code_md, user.id, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the reports closed longer than `retention_days` ago; returns how many.
pub async fn purge_closed(state: &AppState, retention_days: i64) -> AppResult<u64> {
    let mut tx = state.db.begin_write().await?;
    let purged = db::conduct::purge_closed(&mut tx, db::now() - retention_days * 86_400).await?;
    tx.commit().await?;
    Ok(purged)
}

#[cfg(test)]
mod tests {
    use super::unlinked_path;

    #[test]
    fn the_reporters_requests_are_never_tied_to_a_session() {
        assert!(unlinked_path("/api/public/conduct/report"));
        assert!(unlinked_path("/events/bbq/conduct/report"));
        assert!(unlinked_path("/events/bbq/conduct/follow-up"));
        assert!(!unlinked_path("/events/bbq/conduct/reports"));
        assert!(!unlinked_path("/events/bbq/conduct"));
        assert!(!unlinked_path("/api/conduct/reply"));
    }
}
