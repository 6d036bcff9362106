//! Server functions for accounts and roles: who is calling → service → result.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use server_fn::ServerFn as _;
use server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use super::model::{EventRole, Language};
use super::model::{Me, RoleHolder};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;

/// Where the server functions that anonymous callers may use live: each is marked on itself,
/// by its endpoint (`#[server(endpoint = "public/…")]`). Every other POST server function needs a
/// signed-in account, and the router refuses anonymous calls before they run, so a new one is
/// closed unless its own declaration says otherwise.
pub const PUBLIC_PREFIX: &str = "/api/public/";

/// The state and the caller of the current request.
#[cfg(feature = "ssr")]
pub fn context() -> Result<(crate::state::AppState, super::service::Actor), AppError> {
    let state = crate::state::app_state()?;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| AppError::internal("request parts missing"))?;
    let actor = parts.extensions.get::<super::service::Actor>().cloned().ok_or_else(|| AppError::internal("caller not resolved"))?;
    Ok((state, actor))
}

/// Hands the browser its new session cookie (the old session, if any, ends) and opens My events.
#[cfg(feature = "ssr")]
async fn establish_session(state: &crate::state::AppState, actor: &super::service::Actor, session_id: &str) -> Result<(), AppError> {
    super::service::sign_out(state, actor).await?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(http::header::SET_COOKIE, super::session::set_cookie(session_id, &state.settings));
    // Organizers land on their events (drafts, published, past); others find a way to start one there.
    leptos_axum::redirect("/my-events");
    Ok(())
}

#[server(endpoint = "auth/me", input = GetUrl)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let (_, actor) = context()?;
    Ok(actor.user.as_ref().map(|u| u.me()))
}

#[server(endpoint = "public/auth/request-link")]
pub async fn request_sign_in_link(email: String) -> Result<String, AppError> {
    let (state, actor) = context()?;
    super::service::request_sign_in_link(&state, &actor, &email).await?;
    let email = email.trim().to_lowercase();
    say(RequestSignInLink::PATH, &crate::i18n::td_string!(crate::locale::current(), auth.link_sent, email = &email));
    Ok(email)
}

#[server(endpoint = "public/auth/sign-in-link")]
pub async fn sign_in_with_link(token: String) -> Result<(), AppError> {
    let (state, actor) = context()?;
    let (_, session) = super::service::sign_in_with_link(&state, &actor, &token).await?;
    establish_session(&state, &actor, &session).await
}

#[server(endpoint = "public/auth/sign-in-password")]
pub async fn sign_in_with_password(email: String, password: String) -> Result<(), AppError> {
    let (state, actor) = context()?;
    let (_, session) = super::service::sign_in_with_password(&state, &actor, &email, &password).await?;
    establish_session(&state, &actor, &session).await
}

#[server(endpoint = "public/auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let (state, actor) = context()?;
    super::service::sign_out(&state, &actor).await?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, super::session::clear_cookie(&state.settings));
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "auth/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    let (state, actor) = context()?;
    let ended = super::service::sign_out_everywhere(&state, &actor).await?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, super::session::clear_cookie(&state.settings));
    Ok(ended)
}

#[server(endpoint = "account/profile")]
pub async fn update_profile(display_name: String, language: String) -> Result<(), AppError> {
    let (state, actor) = context()?;
    let language = Language::parse(&language)
        .ok_or_else(|| AppError::invalid("language", crate::i18n::td_string!(crate::locale::current(), auth.bad_language)))?;
    super::service::update_profile(&state, &actor, &display_name, language).await?;
    // Said in the language just chosen, as the page that opens next speaks it.
    say(UpdateProfile::PATH, crate::i18n::td_string!(crate::locale::Locale::from(language), account.language_saved));
    Ok(())
}

/// The language switcher in the page's header: an account keeps the choice in its settings, a
/// visitor in a cookie; then the same page again, now in that language.
#[server(endpoint = "public/language")]
pub async fn choose_language(language: String, back: String) -> Result<(), AppError> {
    let (state, actor) = context()?;
    let language = Language::parse(&language)
        .ok_or_else(|| AppError::invalid("language", crate::i18n::td_string!(crate::locale::current(), auth.bad_language)))?;
    if actor.user.is_some() {
        super::service::set_language(&state, &actor, language).await?;
    }
    let year = 365 * 24 * 3600;
    let cookie = crate::cookies::header(crate::locale::COOKIE, language.as_str(), year, &state.settings)
        .ok_or_else(|| AppError::internal("language cookie"))?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, cookie);
    // Back to a page of this site only: the switcher never sends anyone elsewhere.
    leptos_axum::redirect(if crate::html::is_site_path(&back) { &back } else { "/" });
    Ok(())
}

#[server(endpoint = "account/password")]
pub async fn set_password(password: String) -> Result<(), AppError> {
    let (state, actor) = context()?;
    super::service::set_password(&state, &actor, &password).await?;
    say(SetPassword::PATH, crate::i18n::td_string!(crate::locale::current(), auth.password_saved));
    Ok(())
}

#[server(endpoint = "account/email")]
pub async fn request_email_change(email: String) -> Result<String, AppError> {
    let (state, actor) = context()?;
    super::service::request_email_change(&state, &actor, &email).await?;
    let email = email.trim().to_lowercase();
    say(RequestEmailChange::PATH, &crate::i18n::td_string!(crate::locale::current(), auth.confirmation_sent, email = &email));
    Ok(email)
}

#[server(endpoint = "public/auth/confirm-email")]
pub async fn confirm_email_change(token: String) -> Result<String, AppError> {
    let (state, actor) = context()?;
    let email = super::service::confirm_email_change(&state, &actor, &token).await?;
    say(ConfirmEmailChange::PATH, &crate::i18n::td_string!(crate::locale::current(), auth.email_changed, email = &email));
    Ok(email)
}

#[server(endpoint = "account/delete")]
pub async fn delete_account(confirm_email: String) -> Result<(), AppError> {
    let (state, actor) = context()?;
    super::service::delete_account(&state, &actor, &confirm_email).await?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, super::session::clear_cookie(&state.settings));
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "setup/open", input = GetUrl)]
pub async fn setup_open() -> Result<bool, AppError> {
    let (state, _) = context()?;
    super::service::setup_open(&state).await
}

#[server(endpoint = "public/setup/admin")]
pub async fn setup_admin(email: String, display_name: String) -> Result<String, AppError> {
    let (state, actor) = context()?;
    super::service::setup_first_admin(&state, &actor, &email, &display_name).await?;
    let email = email.trim().to_lowercase();
    say(SetupAdmin::PATH, &crate::i18n::td_string!(crate::locale::current(), auth.setup_done, email = &email));
    Ok(email)
}

#[cfg(feature = "ssr")]
fn parse_role(role: &str) -> Result<EventRole, AppError> {
    EventRole::parse(role).ok_or_else(|| AppError::invalid("role", crate::i18n::td_string!(crate::locale::current(), auth.bad_role)))
}

#[server(endpoint = "roles/list", input = GetUrl)]
pub async fn list_event_roles(event_id: i64) -> Result<Vec<RoleHolder>, AppError> {
    let (state, actor) = context()?;
    super::roles::list(&state, &actor, event_id).await
}

#[server(endpoint = "roles/grant")]
pub async fn grant_event_role(event_id: i64, email: String, role: String) -> Result<(), AppError> {
    let (state, actor) = context()?;
    super::roles::grant(&state, &actor, event_id, &email, parse_role(&role)?).await
}

#[server(endpoint = "roles/revoke")]
pub async fn revoke_event_role(event_id: i64, email: String, role: String) -> Result<(), AppError> {
    let (state, actor) = context()?;
    super::roles::revoke(&state, &actor, event_id, &email, parse_role(&role)?).await
}

/// A new API token, shown once.
#[server(endpoint = "account/api-token")]
pub async fn create_api_token(name: String) -> Result<String, AppError> {
    let (state, actor) = context()?;
    let token = super::service::create_api_token(&state, &actor, &name).await?;
    say(CreateApiToken::PATH, &crate::i18n::td_string!(crate::locale::current(), auth.new_token, token = &token));
    Ok(token)
}

#[server(endpoint = "account/api-tokens/revoke")]
pub async fn revoke_api_tokens() -> Result<u64, AppError> {
    let (state, actor) = context()?;
    let revoked = super::service::revoke_api_tokens(&state, &actor).await?;
    say(RevokeApiTokens::PATH, &crate::i18n::td_string!(crate::locale::current(), auth.revoked, count = revoked));
    Ok(revoked)
}
