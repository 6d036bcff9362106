//! Account use cases: emailed sign-in links, passwords, sessions, the account page, admins.

use crate::auth::model::{Email, Language, Me, check_new_password, display_name};
use crate::auth::password;
use crate::auth::rate_limit::Limit;
use crate::auth::session::{ABSOLUTE_SECS, Caller, IDLE_SECS, TOUCH_EVERY_SECS, hash_secret, new_secret};
use crate::db::security_log::SecurityEvent;
use crate::db::users::UserRow;
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::i18n::td_string;
use crate::locale::{Locale, current};
use crate::mail::templates;
use crate::state::AppState;

/// Emailed links work this long.
pub const LINK_TTL_SECS: i64 = 15 * 60;

/// Who is calling: an account or nobody, and from where.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: Option<CurrentUser>,
    pub client: String,
    /// The hash of the session this request came with, if it was valid.
    pub session_hash: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub language: Language,
    pub is_admin: bool,
    pub has_password: bool,
}

impl From<UserRow> for CurrentUser {
    fn from(row: UserRow) -> Self {
        Self {
            id: row.id,
            language: Language::parse(&row.language).unwrap_or_default(),
            has_password: row.password_hash.is_some(),
            email: row.email,
            display_name: row.display_name,
            is_admin: row.is_admin,
        }
    }
}

impl CurrentUser {
    pub fn me(&self) -> Me {
        Me {
            user_id: self.id,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            language: self.language,
            is_admin: self.is_admin,
            has_password: self.has_password,
        }
    }
}

impl Actor {
    pub fn anonymous(client: impl Into<String>) -> Self {
        Self { user: None, client: client.into(), session_hash: None }
    }

    /// The signed-in account, or `Unauthenticated`.
    pub fn user(&self) -> AppResult<&CurrentUser> {
        self.user.as_ref().ok_or(AppError::Unauthenticated)
    }
}

/// Resolves the caller's session (idle and absolute expiry included) into an `Actor`.
pub async fn resolve(state: &AppState, caller: &Caller) -> AppResult<Actor> {
    let mut actor = Actor::anonymous(caller.client.clone());
    let Some(session) = &caller.session else { return Ok(actor) };
    let hash = hash_secret(session);
    let now = db::now();
    if let Some((user, last_seen)) = db::sessions::user_of(&state.db, &hash, now, now - IDLE_SECS).await? {
        if now - last_seen > TOUCH_EVERY_SECS {
            db::sessions::touch(&state.db, &hash, now).await?;
        }
        actor.user = Some(user.into());
        actor.session_hash = Some(hash);
    }
    Ok(actor)
}

async fn log(tx: &mut WriteTx, event: SecurityEvent<'_>) -> AppResult<()> {
    db::security_log::record(&mut *tx, &event, db::now()).await?;
    Ok(())
}

/// Starts a session for `user_id` inside `tx`; returns the cookie value.
async fn start_session(tx: &mut WriteTx, user_id: i64) -> AppResult<String> {
    let id = new_secret();
    let now = db::now();
    db::sessions::insert(tx, &hash_secret(&id), user_id, now, now + ABSOLUTE_SECS).await?;
    Ok(id)
}

/// Mails a sign-in link to `email`. The answer is the same whether or not an account
/// exists: following the link creates one when needed.
pub async fn request_sign_in_link(state: &AppState, actor: &Actor, email: &str) -> AppResult<()> {
    let email = Email::parse(email)?;
    state.limits.take(state, Limit::LinkPerClient, &actor.client).await?;
    state.limits.take(state, Limit::LinkPerEmail, email.as_str()).await?;

    let token = new_secret();
    let now = db::now();
    let mut tx = state.db.begin_write().await?;
    let user = db::users::by_email_tx(&mut tx, email.as_str()).await?;
    db::email_tokens::insert(
        &mut tx,
        &hash_secret(&token),
        "sign_in",
        email.as_str(),
        user.as_ref().map(|u| u.id),
        now,
        now + LINK_TTL_SECS,
    )
    .await?;
    let link = state.settings.link(&format!("/auth/link?token={token}"));
    let locale = user.as_ref().map_or_else(crate::locale::current, |u| crate::locale::parse(&u.language));
    let to = templates::To::new(email.as_str(), user.as_ref().map(|u| u.display_name.as_str()), locale);
    state.outbox.enqueue(&mut tx, &templates::sign_in_link(to, &link)).await?;
    log(&mut tx, SecurityEvent { kind: "link_requested", email: Some(email.as_str()), client: Some(&actor.client), ..Default::default() })
        .await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Why a link did not work, in words for the person holding it.
fn link_error(message: &str) -> AppError {
    AppError::invalid("token", message)
}

/// What to tell someone whose link cannot be used.
/// (In the page's language: each is a function of it.)
struct LinkWords {
    invalid: fn(Locale) -> &'static str,
    used: fn(Locale) -> &'static str,
    expired: fn(Locale) -> &'static str,
}

const SIGN_IN_LINK: LinkWords = LinkWords {
    invalid: |l| td_string!(l, auth.sign_in_invalid),
    used: |l| td_string!(l, auth.sign_in_used),
    expired: |l| td_string!(l, auth.sign_in_expired),
};

const EMAIL_CHANGE_LINK: LinkWords = LinkWords {
    invalid: |l| td_string!(l, auth.confirm_invalid),
    used: |l| td_string!(l, auth.confirm_used),
    expired: |l| td_string!(l, auth.confirm_expired),
};

/// Uses up an emailed link of `purpose` inside `tx`: it must exist, be unused and unexpired.
/// If the transaction does not commit, the link stays usable.
async fn redeem(tx: &mut WriteTx, token: &str, purpose: &str, words: &LinkWords) -> AppResult<db::email_tokens::EmailTokenRow> {
    let hash = hash_secret(token.trim());
    let now = db::now();
    let row = match db::email_tokens::find(tx, &hash).await? {
        Some(row) if row.purpose == purpose => row,
        _ => return Err(link_error((words.invalid)(current()))),
    };
    if row.used_at.is_some() {
        return Err(link_error((words.used)(current())));
    }
    if row.expires_at <= now {
        return Err(link_error((words.expired)(current())));
    }
    db::email_tokens::mark_used(tx, &hash, now).await?;
    Ok(row)
}

/// Follows an emailed sign-in link: single use, 15 minutes. Creates the account on first use.
pub async fn sign_in_with_link(state: &AppState, actor: &Actor, token: &str) -> AppResult<(CurrentUser, String)> {
    state.limits.take(state, Limit::TokenPerClient, &actor.client).await?;
    let now = db::now();
    let mut tx = state.db.begin_write().await?;
    let row = redeem(&mut tx, token, "sign_in", &SIGN_IN_LINK).await?;
    let user = match db::users::by_email_tx(&mut tx, &row.email).await? {
        Some(user) => user,
        None => {
            let email = Email::parse(&row.email)?;
            let id = db::users::insert(&mut tx, email.as_str(), email.local_part(), false, now).await?;
            // A new account speaks the language of the page that made it (the browser's, or the switcher's).
            db::users::set_language(&mut tx, id, crate::locale::code(current())).await?;
            log(&mut tx, SecurityEvent { kind: "account_created", user_id: Some(id), email: Some(email.as_str()), ..Default::default() })
                .await?;
            db::users::by_email_tx(&mut tx, email.as_str()).await?.ok_or_else(|| AppError::internal("new user vanished"))?
        }
    };
    db::roles::claim_invitations(&mut tx, &user.email, user.id, now).await?;
    let session = start_session(&mut tx, user.id).await?;
    log(
        &mut tx,
        SecurityEvent { kind: "signed_in", user_id: Some(user.id), client: Some(&actor.client), detail: "link", ..Default::default() },
    )
    .await?;
    tx.commit().await?;
    Ok((user.into(), session))
}

/// The one answer to every failed password sign-in, whatever the reason.
fn wrong_credentials() -> AppError {
    AppError::invalid("password", td_string!(current(), auth.wrong_credentials))
}

/// Signs in with a password. Unknown accounts and wrong passwords take the same time and get the same answer.
/// Every attempt takes its place in both limits before the Argon2 check, so parallel guesses
/// cannot outrun them.
pub async fn sign_in_with_password(state: &AppState, actor: &Actor, email: &str, password: &str) -> AppResult<(CurrentUser, String)> {
    let email = Email::parse(email).map_err(|_| wrong_credentials())?;
    state.limits.take(state, Limit::PasswordPerClient, &actor.client).await?;
    state.limits.take(state, Limit::PasswordPerAccount, email.as_str()).await?;
    let user = db::users::by_email(&state.db, email.as_str()).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    if !password::verify(password.to_string(), stored).await {
        let event = SecurityEvent {
            kind: "password_failed",
            user_id: user.as_ref().map(|u| u.id),
            email: Some(email.as_str()),
            client: Some(&actor.client),
            ..Default::default()
        };
        db::security_log::record(&mut state.db.read().await?, &event, db::now()).await?;
        return Err(wrong_credentials());
    }
    let user = user.ok_or_else(wrong_credentials)?;
    let mut tx = state.db.begin_write().await?;
    let session = start_session(&mut tx, user.id).await?;
    log(
        &mut tx,
        SecurityEvent { kind: "signed_in", user_id: Some(user.id), client: Some(&actor.client), detail: "password", ..Default::default() },
    )
    .await?;
    tx.commit().await?;
    Ok((user.into(), session))
}

/// Deletes sessions past their absolute or idle expiry; returns how many. Run hourly by the server.
pub async fn purge_expired_sessions(state: &AppState) -> AppResult<u64> {
    let now = db::now();
    Ok(db::sessions::delete_expired(&state.db, now, now - IDLE_SECS).await?)
}

/// Ends this session on the server.
pub async fn sign_out(state: &AppState, actor: &Actor) -> AppResult<()> {
    if let Some(hash) = &actor.session_hash {
        db::sessions::delete(&state.db, hash).await?;
    }
    Ok(())
}

/// Ends every session of the caller, this one included.
pub async fn sign_out_everywhere(state: &AppState, actor: &Actor) -> AppResult<u64> {
    let user = actor.user()?;
    let mut tx = state.db.begin_write().await?;
    let ended = db::sessions::delete_all_of(&mut tx, user.id).await?;
    log(
        &mut tx,
        SecurityEvent { kind: "signed_out_everywhere", user_id: Some(user.id), client: Some(&actor.client), ..Default::default() },
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

pub async fn update_profile(state: &AppState, actor: &Actor, name: &str, language: Language) -> AppResult<()> {
    let user = actor.user()?;
    let name = display_name(name)?;
    db::users::update_profile(&state.db, user.id, &name, language.as_str()).await?;
    Ok(())
}

/// Keeps the language the switcher chose in the account's settings.
pub async fn set_language(state: &AppState, actor: &Actor, language: Language) -> AppResult<()> {
    let user = actor.user()?;
    db::users::update_profile(&state.db, user.id, &user.display_name, language.as_str()).await?;
    Ok(())
}

/// Sets (or replaces) the password. Other sessions end: whoever had them must sign in again.
pub async fn set_password(state: &AppState, actor: &Actor, new_password: &str) -> AppResult<()> {
    let user = actor.user()?;
    check_new_password(new_password)?;
    let hash = password::hash(new_password.to_string()).await?;
    let mut tx = state.db.begin_write().await?;
    db::users::set_password_hash(&mut tx, user.id, Some(&hash)).await?;
    db::sessions::delete_all_of(&mut tx, user.id).await?;
    if let Some(current) = &actor.session_hash {
        let now = db::now();
        // Keep the caller signed in: re-insert this session (its id does not change).
        db::sessions::insert(&mut tx, current, user.id, now, now + ABSOLUTE_SECS).await?;
    }
    log(&mut tx, SecurityEvent { kind: "password_set", user_id: Some(user.id), client: Some(&actor.client), ..Default::default() }).await?;
    tx.commit().await?;
    Ok(())
}

/// Mails a confirmation link to the new address; the change happens when it is followed.
pub async fn request_email_change(state: &AppState, actor: &Actor, new_email: &str) -> AppResult<()> {
    let user = actor.user()?;
    let email = Email::parse(new_email)?;
    if email.as_str() == user.email {
        return Err(AppError::invalid("email", td_string!(current(), auth.same_email)));
    }
    state.limits.take(state, Limit::LinkPerEmail, email.as_str()).await?;
    let token = new_secret();
    let now = db::now();
    let mut tx = state.db.begin_write().await?;
    db::email_tokens::insert(&mut tx, &hash_secret(&token), "change_email", email.as_str(), Some(user.id), now, now + LINK_TTL_SECS)
        .await?;
    let link = state.settings.link(&format!("/auth/confirm-email?token={token}"));
    let to = templates::To::new(email.as_str(), Some(&user.display_name), user.language.into());
    state.outbox.enqueue(&mut tx, &templates::confirm_email_change(to, &link)).await?;
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Applies an email change from its confirmation link.
pub async fn confirm_email_change(state: &AppState, actor: &Actor, token: &str) -> AppResult<String> {
    state.limits.take(state, Limit::TokenPerClient, &actor.client).await?;
    let mut tx = state.db.begin_write().await?;
    let row = redeem(&mut tx, token, "change_email", &EMAIL_CHANGE_LINK).await?;
    let user_id = row.user_id.ok_or_else(|| link_error((EMAIL_CHANGE_LINK.invalid)(current())))?;
    if db::users::by_email_tx(&mut tx, &row.email).await?.is_some() {
        return Err(AppError::Conflict(td_string!(current(), auth.email_taken).into()));
    }
    db::users::set_email(&mut tx, user_id, &row.email).await?;
    log(
        &mut tx,
        SecurityEvent {
            kind: "email_changed",
            user_id: Some(user_id),
            email: Some(&row.email),
            client: Some(&actor.client),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.email)
}

/// Deletes the caller's account after they typed its email address to confirm.
/// Sessions and event roles go with it.
pub async fn delete_account(state: &AppState, actor: &Actor, confirm_email: &str) -> AppResult<()> {
    let user = actor.user()?;
    if confirm_email.trim().to_lowercase() != user.email {
        return Err(AppError::invalid("confirm_email", td_string!(current(), auth.confirm_mismatch)));
    }
    let mut tx = state.db.begin_write().await?;
    db::users::delete(&mut tx, user.id).await?;
    log(&mut tx, SecurityEvent { kind: "account_deleted", user_id: Some(user.id), client: Some(&actor.client), ..Default::default() })
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Makes `email` an instance administrator, creating the account if needed (the CLI path).
pub async fn make_admin(state: &AppState, email: &str, name: Option<&str>) -> AppResult<i64> {
    let email = Email::parse(email)?;
    let name = display_name(name.unwrap_or(email.local_part()))?;
    let now = db::now();
    let mut tx = state.db.begin_write().await?;
    let id = match db::users::by_email_tx(&mut tx, email.as_str()).await? {
        Some(user) => {
            db::users::set_admin(&mut tx, user.id).await?;
            user.id
        }
        None => db::users::insert(&mut tx, email.as_str(), &name, true, now).await?,
    };
    log(
        &mut tx,
        SecurityEvent {
            kind: "admin_granted",
            user_id: Some(id),
            email: Some(email.as_str()),
            detail: "command line",
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Whether the first-run setup page may still create an administrator.
pub async fn setup_open(state: &AppState) -> AppResult<bool> {
    let mut conn = state.db.read().await?;
    Ok(!db::users::any_admin(&mut conn).await?)
}

/// First-run setup: creates the administrator and mails them a sign-in link.
/// Works only while no administrator exists; decided inside the write transaction.
pub async fn setup_first_admin(state: &AppState, actor: &Actor, email: &str, name: &str) -> AppResult<()> {
    let email = Email::parse(email)?;
    let name = display_name(name)?;
    let now = db::now();
    {
        let mut tx = state.db.begin_write().await?;
        if db::users::any_admin(&mut tx).await? {
            return Err(AppError::not_found("setup"));
        }
        let id = match db::users::by_email_tx(&mut tx, email.as_str()).await? {
            Some(user) => {
                db::users::set_admin(&mut tx, user.id).await?;
                user.id
            }
            None => {
                let id = db::users::insert(&mut tx, email.as_str(), &name, true, now).await?;
                db::users::set_language(&mut tx, id, crate::locale::code(current())).await?;
                id
            }
        };
        log(
            &mut tx,
            SecurityEvent {
                kind: "admin_granted",
                user_id: Some(id),
                email: Some(email.as_str()),
                client: Some(&actor.client),
                detail: "setup page",
            },
        )
        .await?;
        tx.commit().await?;
    }
    request_sign_in_link(state, actor, email.as_str()).await
}

/// Prefix of API tokens, so a leaked one is recognisable in logs and scanners.
const API_TOKEN_PREFIX: &str = "fpt_";

/// Creates an API token for the caller; it is shown once and stored only hashed.
pub async fn create_api_token(state: &AppState, actor: &Actor, name: &str) -> AppResult<String> {
    let user = actor.user()?;
    let name = display_name(name).map_err(|_| AppError::invalid("name", td_string!(current(), auth.token_unnamed)))?;
    let token = format!("{API_TOKEN_PREFIX}{}", new_secret());
    db::api_tokens::insert(&state.db, &hash_secret(&token), user.id, &name, db::now()).await?;
    let mut conn = state.db.read().await?;
    db::security_log::record(
        &mut conn,
        &SecurityEvent {
            kind: "api_token_created",
            user_id: Some(user.id),
            client: Some(&actor.client),
            detail: &name,
            ..Default::default()
        },
        db::now(),
    )
    .await?;
    Ok(token)
}

/// Creates an API token for an existing account from the command line, for setting up an integration.
pub async fn api_token_for(state: &AppState, email: &str, name: &str) -> AppResult<String> {
    let email = Email::parse(email)?;
    let user = db::users::by_email(&state.db, email.as_str()).await?.ok_or_else(|| AppError::not_found("account"))?;
    let actor = Actor { user: Some(user.into()), client: "command line".into(), session_hash: None };
    create_api_token(state, &actor, name).await
}

pub async fn revoke_api_tokens(state: &AppState, actor: &Actor) -> AppResult<u64> {
    let user = actor.user()?;
    Ok(db::api_tokens::delete_all_of(&state.db, user.id).await?)
}

/// The caller behind an `Authorization: Bearer` token; an unknown token is `Unauthenticated`.
pub async fn actor_for_api_token(state: &AppState, token: &str, client: &str) -> AppResult<Actor> {
    let user = db::api_tokens::user_of(&state.db, &hash_secret(token.trim())).await?.ok_or(AppError::Unauthenticated)?;
    Ok(Actor { user: Some(user.into()), client: client.to_string(), session_hash: None })
}
