//! Server functions of code-of-conduct reports: who is calling, then the service. The
//! reporter's endpoints are public and never learn who calls (see `service::unlinked_path`);
//! the follow-up page is opened by a short-lived cookie that the code sets, so the code never
//! travels in an address.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use super::model::{ConductPage, FollowUpView, ReportDetail, ReportInput, ReportList};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::i18n::td_string;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
#[cfg(feature = "ssr")]
use server_fn::ServerFn as _;

#[cfg(feature = "ssr")]
fn follow_up_cookie() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|p| crate::cookies::read(&p, super::service::FOLLOW_UP_COOKIE))
}

#[cfg(feature = "ssr")]
fn set_follow_up_cookie(value: &str, max_age: i64) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    if let (Some(response), Some(cookie)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        crate::cookies::header(super::service::FOLLOW_UP_COOKIE, value, max_age, &state.settings),
    ) {
        response.append_header(http::header::SET_COOKIE, cookie);
    }
    Ok(())
}

/// The event's code of conduct, with what the caller may change or see.
#[server(endpoint = "conduct/page", input = GetUrl)]
pub async fn get_conduct_page(slug: String) -> Result<ConductPage, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::conduct_page(&state, &actor, &slug, crate::locale::current() == crate::locale::Locale::de).await
}

/// The report form's facts, asked without the caller's session.
#[server(endpoint = "public/conduct/form", input = GetUrl)]
pub async fn conduct_form(slug: String) -> Result<ConductPage, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::conduct_page(&state, &actor, &slug, crate::locale::current() == crate::locale::Locale::de).await
}

#[server(endpoint = "public/conduct/report")]
pub async fn send_conduct_report(event_id: i64, slug: String, input: ReportInput) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let code = super::service::submit(&state, &actor.client, event_id, &input).await?;
    say(SendConductReport::PATH, code);
    leptos_axum::redirect(&format!("/events/{}/conduct/sent", urlencode(&slug)));
    Ok(())
}

#[cfg(feature = "ssr")]
fn urlencode(slug: &str) -> String {
    url::form_urlencoded::byte_serialize(slug.as_bytes()).collect()
}

/// Opens the report of `code` on this device for half an hour.
#[server(endpoint = "public/conduct/open")]
pub async fn open_conduct_follow_up(slug: String, code: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let cookie = super::service::open_follow_up(&state, &actor.client, &slug, &code).await?;
    set_follow_up_cookie(&cookie, super::service::follow_up_max_age())?;
    leptos_axum::redirect(&format!("/events/{}/conduct/follow-up", urlencode(&slug)));
    Ok(())
}

/// The report this device opened with its code; "not found" without one.
#[server(endpoint = "public/conduct/follow-up", input = GetUrl)]
pub async fn conduct_follow_up(slug: String) -> Result<FollowUpView, AppError> {
    let state = crate::state::app_state()?;
    super::service::follow_up(&state, &slug, follow_up_cookie().as_deref()).await
}

#[server(endpoint = "public/conduct/add")]
pub async fn add_to_conduct_report(slug: String, text: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    super::service::add_information(&state, &slug, follow_up_cookie().as_deref(), &text).await?;
    say(AddToConductReport::PATH, td_string!(crate::locale::current(), conduct.said.added));
    Ok(())
}

/// Closes the report on this device (a shared phone).
#[server(endpoint = "public/conduct/close")]
pub async fn close_conduct_follow_up(slug: String) -> Result<(), AppError> {
    set_follow_up_cookie("", 0)?;
    leptos_axum::redirect(&format!("/events/{}/conduct", urlencode(&slug)));
    Ok(())
}

#[server(endpoint = "conduct/reports", input = GetUrl)]
pub async fn conduct_reports(slug: String) -> Result<ReportList, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::respond::reports(&state, &actor, &slug).await
}

#[server(endpoint = "conduct/report", input = GetUrl)]
pub async fn conduct_report(slug: String, id: i64) -> Result<ReportDetail, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::respond::report(&state, &actor, &slug, id).await
}

#[server(endpoint = "conduct/step")]
pub async fn step_conduct_report(report_id: i64, status: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::respond::step(&state, &actor, report_id, &status).await?;
    say(StepConductReport::PATH, td_string!(crate::locale::current(), conduct.said.saved));
    Ok(())
}

/// A reply to the reporter (`internal` empty) or an internal note.
#[server(endpoint = "conduct/write")]
pub async fn write_on_conduct_report(report_id: i64, text: String, #[server(default)] internal: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let internal = !internal.is_empty();
    super::respond::write(&state, &actor, report_id, &text, internal).await?;
    let l = crate::locale::current();
    say(WriteOnConductReport::PATH, if internal { td_string!(l, conduct.said.note_kept) } else { td_string!(l, conduct.said.reply_sent) });
    Ok(())
}

#[server(endpoint = "conduct/act")]
pub async fn act_on_conduct_report(
    report_id: i64,
    kind: String,
    #[server(default)] person: String,
    reason: String,
) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::respond::act(&state, &actor, report_id, &kind, &person, &reason).await?;
    say(ActOnConductReport::PATH, td_string!(crate::locale::current(), conduct.said.action));
    Ok(())
}

#[server(endpoint = "conduct/recuse")]
pub async fn recuse_from_conduct_report(report_id: i64, user_id: i64) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::respond::recuse(&state, &actor, report_id, user_id).await?;
    say(RecuseFromConductReport::PATH, td_string!(crate::locale::current(), conduct.said.recused));
    Ok(())
}

#[server(endpoint = "conduct/settings")]
pub async fn save_conduct_settings(
    event_id: i64,
    #[server(default)] code_md: String,
    #[server(default)] emergency_contact: String,
    emergency_number: String,
) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::save_settings(&state, &actor, event_id, &code_md, &emergency_contact, &emergency_number).await?;
    say(SaveConductSettings::PATH, td_string!(crate::locale::current(), conduct.said.saved));
    Ok(())
}

#[server(endpoint = "conduct/instance-code")]
pub async fn save_instance_conduct_code(language: String, code_md: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    super::service::save_instance_code(&state, &actor, &language, &code_md).await?;
    say(SaveInstanceConductCode::PATH, td_string!(crate::locale::current(), conduct.said.instance_saved));
    Ok(())
}
