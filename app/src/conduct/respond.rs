//! The responders' side of code-of-conduct reports. Only the event's "conduct responder" role
//! reads them, and never a responder recused from one; every other caller, organizers and
//! administrators included, finds no report at all. Every read goes into the report's read
//! log before the text leaves the service.

use super::model::{ActionKind, EntryView, ReadView, ReportDetail, ReportList, ReportSummary, Status};
use super::service::{entry_bound, open_entry, open_report, sealer, when};
use crate::auth::model::{Email, Permission};
use crate::auth::service::{Actor, CurrentUser};
use crate::db::conduct::{NewEntry, ReportRow};
use crate::db::events::EventRow;
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::i18n::td_string;
use crate::rsvp::model::Status as RsvpStatus;
use crate::state::AppState;

fn missing() -> AppError {
    AppError::not_found("report")
}

/// What a recused responder is told, and all they are told.
pub fn recused() -> AppError {
    AppError::Conflict(td_string!(crate::locale::current(), conduct.err.recused).into())
}

/// A responder of the event at `slug`; anyone else finds no reports there.
async fn responder_at(state: &AppState, actor: &Actor, slug: &str) -> AppResult<(EventRow, CurrentUser)> {
    let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(missing)?;
    let user = actor.user.clone().ok_or_else(missing)?;
    let roles = db::roles::of_user(&state.db, event.id, user.id).await?;
    if !crate::auth::model::allows(&roles, Permission::ReadConductReports) {
        return Err(missing());
    }
    Ok((event, user))
}

/// Report `id` for a responder of its event who is not recused from it.
async fn responding(state: &AppState, actor: &Actor, report_id: i64) -> AppResult<(EventRow, ReportRow, CurrentUser)> {
    let mut conn = state.db.read().await?;
    let report = db::conduct::report(&mut conn, report_id).await?.ok_or_else(missing)?;
    let event = db::events::by_id(&mut conn, report.event_id).await?.ok_or_else(missing)?;
    let user = actor.user.clone().ok_or_else(missing)?;
    let roles = db::roles::of_user(&state.db, event.id, user.id).await?;
    if !crate::auth::model::allows(&roles, Permission::ReadConductReports) {
        return Err(missing());
    }
    if db::conduct::is_recused(&mut conn, report.id, user.id).await? {
        return Err(recused());
    }
    Ok((event, report, user))
}

/// The event's reports, urgent first, for its responders; the ones the caller is recused
/// from show only that.
pub async fn reports(state: &AppState, actor: &Actor, slug: &str) -> AppResult<ReportList> {
    let (event, user) = responder_at(state, actor, slug).await?;
    let mut conn = state.db.read().await?;
    let recused = db::conduct::recused_from(&mut conn, event.id, user.id).await?;
    let reports = db::conduct::reports(&mut conn, event.id)
        .await?
        .into_iter()
        .map(|r| ReportSummary {
            id: r.id,
            urgent: r.urgent,
            status: r.status(),
            sent: when(r.created_at, &event.time_zone),
            recused: recused.contains(&r.id),
        })
        .collect();
    Ok(ReportList { event_title: event.title_in(crate::locale::current()).to_string(), slug: event.slug, reports })
}

async fn log_read(state: &AppState, report_id: i64, user_id: i64, what: &str) -> AppResult<()> {
    let mut tx = state.db.begin_write().await?;
    db::conduct::log_read(&mut tx, report_id, user_id, what, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// One report with its timeline, recusals and read log; the read is logged first.
pub async fn report(state: &AppState, actor: &Actor, slug: &str, report_id: i64) -> AppResult<ReportDetail> {
    let (event, report, user) = responding(state, actor, report_id).await?;
    if event.slug != slug {
        return Err(missing());
    }
    log_read(state, report.id, user.id, "report").await?;
    detail(state, &event, &report, &user).await
}

async fn detail(state: &AppState, event: &EventRow, report: &ReportRow, user: &CurrentUser) -> AppResult<ReportDetail> {
    let sealer = sealer(&state.settings);
    let mut conn = state.db.read().await?;
    let zone = &event.time_zone;
    let l = crate::locale::current();
    let entries = db::conduct::entries(&mut conn, report.id, &["step", "reply", "note", "reporter", "action"])
        .await?
        .iter()
        .map(|e| {
            let who = e.by_name.clone().unwrap_or_else(|| {
                if e.by_user.is_some() {
                    td_string!(l, conduct.former_responder).into()
                } else {
                    td_string!(l, conduct.the_reporter).into()
                }
            });
            let kind = match (e.kind.as_str(), &e.status, &e.action) {
                ("step", Some(status), _) => {
                    Status::parse(status).map_or(td_string!(l, conduct.marked.changed), |s| s.marked(l)).to_string()
                }
                ("action", _, Some(action)) => {
                    ActionKind::parse(action).map_or(td_string!(l, conduct.action.any), |a| a.label(l)).to_string()
                }
                ("reply", ..) => td_string!(l, conduct.entry.reply).into(),
                ("note", ..) => td_string!(l, conduct.entry.note).into(),
                _ => td_string!(l, conduct.entry.reporter).into(),
            };
            Ok(EntryView { kind, who, when: when(e.created_at, zone), text: open_entry(&sealer, report.id, e)? })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let responders = db::conduct::responders(&mut conn, event.id, report.id).await?;
    let reads = db::conduct::reads(&mut conn, report.id)
        .await?
        .into_iter()
        .map(|r| ReadView {
            who: r.name.unwrap_or_else(|| td_string!(l, conduct.former_account).into()),
            when: when(r.at, zone),
            what: r.what,
        })
        .collect();
    Ok(ReportDetail {
        id: report.id,
        slug: event.slug.clone(),
        event_title: event.title_in(crate::locale::current()).to_string(),
        urgent: report.urgent,
        status: report.status(),
        sent: when(report.created_at, zone),
        report: open_report(&sealer, report)?,
        entries,
        recusable: responders
            .iter()
            .filter(|r| !r.recused)
            .map(|r| {
                (
                    r.user_id,
                    if r.user_id == user.id { td_string!(l, conduct.you_suffix, name = &r.name).to_string() } else { r.name.clone() },
                )
            })
            .collect(),
        recused: responders.iter().filter(|r| r.recused).map(|r| r.name.clone()).collect(),
        reads,
    })
}

/// The report as a text file for the record, with everything the page shows; logged as an export.
pub async fn export(state: &AppState, actor: &Actor, slug: &str, report_id: i64) -> AppResult<String> {
    let (event, report, user) = responding(state, actor, report_id).await?;
    if event.slug != slug {
        return Err(missing());
    }
    log_read(state, report.id, user.id, "export").await?;
    let d = detail(state, &event, &report, &user).await?;
    let r = &d.report;
    let l = crate::locale::current();
    let contact = match r.contact {
        super::model::ContactWay::Email => td_string!(l, conduct.file.contact_email, to = &r.email).to_string(),
        super::model::ContactWay::Phone => td_string!(l, conduct.file.contact_phone, to = &r.phone).to_string(),
        super::model::ContactWay::None => td_string!(l, conduct.file.contact_none).to_string(),
    };
    let name = if r.name.is_empty() { td_string!(l, conduct.file.no_name).to_string() } else { r.name.clone() };
    let mut out = [
        td_string!(l, conduct.file.heading, id = d.id, event = &d.event_title).to_string(),
        td_string!(l, conduct.file.sent, at = &d.sent).to_string(),
        if d.urgent { td_string!(l, conduct.file.urgent_yes) } else { td_string!(l, conduct.file.urgent_no) }.to_string(),
        td_string!(l, conduct.file.status, status = d.status.label(l)).to_string(),
        String::new(),
        td_string!(l, conduct.file.what).to_string(),
        r.what.clone(),
        String::new(),
        td_string!(l, conduct.file.when_where).to_string(),
        r.when_where.clone(),
        String::new(),
        td_string!(l, conduct.file.involved).to_string(),
        r.involved.clone(),
        String::new(),
        td_string!(l, conduct.file.witnesses).to_string(),
        r.witnesses.clone(),
        String::new(),
        td_string!(l, conduct.file.reporter, name = name).to_string(),
        contact,
        String::new(),
        td_string!(l, conduct.file.timeline).to_string(),
    ]
    .join("\n");
    out.push('\n');
    for e in &d.entries {
        out.push_str(&format!("- {} · {} · {}\n", e.when, e.who, e.kind));
        for line in e.text.lines() {
            out.push_str(&format!("    {line}\n"));
        }
    }
    let recused = if d.recused.is_empty() { td_string!(l, conduct.file.nobody).to_string() } else { d.recused.join(", ") };
    out.push_str(&format!("\n{}\n\n{}\n", td_string!(l, conduct.file.recused, names = recused), td_string!(l, conduct.file.read_log)));
    for read in &d.reads {
        out.push_str(&format!("- {} · {} · {}\n", read.when, read.who, read.what));
    }
    Ok(out)
}

async fn add_entry(tx: &mut WriteTx, state: &AppState, entry: &NewEntry<'_>, text: &str) -> AppResult<()> {
    let id = db::conduct::insert_entry(tx, entry, db::now()).await?;
    if !text.is_empty() {
        db::conduct::seal_entry(tx, id, &sealer(&state.settings).seal_str(&entry_bound(entry.report_id, id), text)).await?;
    }
    Ok(())
}

fn text_of(field: &str, text: &str) -> AppResult<String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > super::model::MAX_TEXT {
        return Err(AppError::invalid(field, td_string!(crate::locale::current(), conduct.err.text)));
    }
    Ok(text.to_string())
}

/// Moves the report one step on (new → acknowledged → investigating → resolved or closed).
pub async fn step(state: &AppState, actor: &Actor, report_id: i64, to: &str) -> AppResult<()> {
    let (_, report, user) = responding(state, actor, report_id).await?;
    let to = Status::parse(to).filter(|s| report.status().next().contains(s)).ok_or_else(|| {
        let l = crate::locale::current();
        // English names the status as stored ("a new report"); German by its label.
        let status = if l == crate::locale::Locale::de { report.status().label(l) } else { report.status().as_str() };
        AppError::invalid("status", td_string!(l, conduct.err.step, status = status).to_string())
    })?;
    let mut tx = state.db.begin_write().await?;
    if !db::conduct::set_status(&mut tx, report.id, report.status(), to, db::now()).await? {
        return Err(AppError::Conflict(td_string!(crate::locale::current(), conduct.err.changed).into()));
    }
    let entry = NewEntry { report_id: report.id, kind: "step", by_user: Some(user.id), status: Some(to), action: None };
    add_entry(&mut tx, state, &entry, "").await?;
    tx.commit().await?;
    Ok(())
}

/// A reply the reporter reads with their code, or a note only the responders read.
pub async fn write(state: &AppState, actor: &Actor, report_id: i64, text: &str, internal: bool) -> AppResult<()> {
    let (_, report, user) = responding(state, actor, report_id).await?;
    let text = text_of("text", text)?;
    let kind = if internal { "note" } else { "reply" };
    let mut tx = state.db.begin_write().await?;
    add_entry(&mut tx, state, &NewEntry { report_id: report.id, kind, by_user: Some(user.id), status: None, action: None }, &text).await?;
    tx.commit().await?;
    Ok(())
}

/// An action taken. A removal names the person's address: their RSVP is cancelled, their
/// check-in undone, and new answers from that address are refused; the reason stays here.
pub async fn act(state: &AppState, actor: &Actor, report_id: i64, kind: &str, person: &str, reason: &str) -> AppResult<()> {
    let (event, report, user) = responding(state, actor, report_id).await?;
    let kind =
        ActionKind::parse(kind).ok_or_else(|| AppError::invalid("kind", td_string!(crate::locale::current(), conduct.err.action)))?;
    let reason = text_of("reason", reason)?;
    let now = db::now();
    let mut tx = state.db.begin_write().await?;
    let mut record = reason.clone();
    if kind == ActionKind::Removal {
        let email =
            Email::parse(person).map_err(|_| AppError::invalid("person", td_string!(crate::locale::current(), conduct.err.person)))?;
        record = format!("Removed {}: {reason}", email.as_str());
        let sealed = sealer(&state.settings).seal_str(&format!("removal {} {}", event.id, email.as_str()), &reason);
        db::conduct::insert_removal(&mut tx, event.id, email.as_str(), report.id, &sealed, user.id, now).await?;
        if let Some(rsvp) = db::rsvps::by_email(&mut tx, event.id, email.as_str()).await? {
            db::rsvps::set_status(&mut tx, rsvp.id, RsvpStatus::NotGoing, None, now).await?;
            db::rsvps::clear_check_in(&mut tx, rsvp.id).await?;
            crate::rsvp::service::promote_waitlist(state, &mut tx, &event).await?;
        }
    }
    let entry = NewEntry { report_id: report.id, kind: "action", by_user: Some(user.id), status: None, action: Some(kind) };
    add_entry(&mut tx, state, &entry, &record).await?;
    tx.commit().await?;
    if kind == ActionKind::Removal {
        state.attendance_changed(event.id);
    }
    Ok(())
}

/// Recuses a responder (the caller or another) from the report: from now on they cannot read it.
pub async fn recuse(state: &AppState, actor: &Actor, report_id: i64, user_id: i64) -> AppResult<()> {
    let (event, report, user) = responding(state, actor, report_id).await?;
    let mut conn = state.db.read().await?;
    let responders = db::conduct::responders(&mut conn, event.id, report.id).await?;
    drop(conn);
    if !responders.iter().any(|r| r.user_id == user_id) {
        return Err(AppError::invalid("user_id", td_string!(crate::locale::current(), conduct.err.responder)));
    }
    let mut tx = state.db.begin_write().await?;
    db::conduct::recuse(&mut tx, report.id, user_id, user.id, db::now()).await?;
    tx.commit().await?;
    Ok(())
}
