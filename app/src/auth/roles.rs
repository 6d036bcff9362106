//! Event roles: the one place that answers "may this caller do that to this event?".

use crate::auth::model::{Email, EventRole, Permission, RoleHolder, allows};
use crate::auth::service::{Actor, CurrentUser};
use crate::db::security_log::SecurityEvent;
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};
use crate::mail::templates;
use crate::state::AppState;

/// The caller's roles on an event. Missing events and events the caller has no part in
/// look the same from outside: both are "event not found".
pub async fn roles_of(db: &Db, actor: &Actor, event_id: i64) -> AppResult<Vec<EventRole>> {
    let user = actor.user()?;
    Ok(db::roles::of_user(db, event_id, user.id).await?)
}

/// Instance administrators may organize any event, but they read no conduct reports by that.
fn admin_may(user: &CurrentUser, permission: Permission) -> bool {
    user.is_admin && matches!(permission, Permission::Organize | Permission::ManageRoles)
}

/// Refuses unless the caller may do `permission` on `event_id`; a refusal reads "event not found",
/// for callers without an account too (else "please sign in" would tell that the event exists).
pub async fn require(db: &Db, actor: &Actor, event_id: i64, permission: Permission) -> AppResult<CurrentUser> {
    let user = actor.user.clone().ok_or_else(|| AppError::not_found("event"))?;
    let exists = db::events::exists(db, event_id).await?;
    let admin_ok = admin_may(&user, permission);
    if exists && (admin_ok || allows(&roles_of(db, actor, event_id).await?, permission)) {
        Ok(user)
    } else {
        Err(AppError::not_found("event"))
    }
}

/// Owners (and administrators) only: the one rule for seeing and changing an event's roles,
/// whether through the Team section or the roles API. To anyone else, co-organizers included,
/// the event does not exist.
pub async fn require_owner(db: &Db, actor: &Actor, event_id: i64) -> AppResult<CurrentUser> {
    require(db, actor, event_id, Permission::ManageRoles).await
}

/// Where the caller stands on an event that exists: whether they organize it, and whether
/// they are on its staff at all (any role). Signed out, neither.
#[derive(Debug, Clone, Copy, Default)]
pub struct Standing {
    pub organizes: bool,
    pub staff: bool,
}

pub async fn standing(db: &Db, actor: &Actor, event_id: i64) -> AppResult<Standing> {
    let Some(user) = &actor.user else { return Ok(Standing::default()) };
    let roles = roles_of(db, actor, event_id).await?;
    Ok(Standing { organizes: admin_may(user, Permission::Organize) || allows(&roles, Permission::Organize), staff: !roles.is_empty() })
}

pub async fn list(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<Vec<RoleHolder>> {
    require_owner(&state.db, actor, event_id).await?;
    Ok(db::roles::holders(&state.db, event_id)
        .await?
        .into_iter()
        .map(|r| RoleHolder { role: r.role, email: r.email, display_name: r.display_name, has_account: r.has_account })
        .collect())
}

/// Grants `role` to `email` (owners only); someone without an account gets an invitation mail and the role when they first sign in.
pub async fn grant(state: &AppState, actor: &Actor, event_id: i64, email: &str, role: EventRole) -> AppResult<()> {
    let by = require_owner(&state.db, actor, event_id).await?;
    let email = Email::parse(email)?;
    let now = db::now();
    let title = db::events::title(&state.db, event_id).await?.unwrap_or_default();
    let mut tx = state.db.begin_write().await?;
    let target = db::users::by_email_tx(&mut tx, email.as_str()).await?;
    let changed = match &target {
        Some(user) => db::roles::grant(&mut tx, event_id, user.id, role, by.id, now).await?,
        None => db::roles::invite(&mut tx, event_id, email.as_str(), role, by.id, now).await?,
    };
    if changed {
        let link = state.settings.link(if target.is_some() { "/" } else { "/sign-in" });
        // Someone without an account yet reads the language the granting owner's page spoke.
        let locale = target.as_ref().map_or_else(crate::locale::current, |u| crate::locale::parse(&u.language));
        let to = templates::To::new(email.as_str(), target.as_ref().map(|u| u.display_name.as_str()), locale);
        let mail = templates::role_granted(to, &by.display_name, role.label_in(locale), &title, target.is_some(), &link);
        state.outbox.enqueue(&mut tx, &mail).await?;
        let detail = format!("event {event_id}: granted {}", role.as_str());
        db::security_log::record(
            &mut tx,
            &SecurityEvent {
                kind: "role_granted",
                user_id: Some(by.id),
                email: Some(email.as_str()),
                client: Some(&actor.client),
                detail: &detail,
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}

/// Revokes `role` from `email` (or withdraws the invitation; owners only). An event always keeps one owner.
pub async fn revoke(state: &AppState, actor: &Actor, event_id: i64, email: &str, role: EventRole) -> AppResult<()> {
    let by = require_owner(&state.db, actor, event_id).await?;
    let email = Email::parse(email)?;
    let mut tx = state.db.begin_write().await?;
    if role == EventRole::Owner && db::roles::count_with_role(&mut tx, event_id, EventRole::Owner).await? <= 1 {
        return Err(AppError::Conflict(crate::i18n::td_string!(crate::locale::current(), auth.last_owner).into()));
    }
    if !db::roles::revoke(&mut tx, event_id, email.as_str(), role).await? {
        return Err(AppError::not_found("role"));
    }
    let detail = format!("event {event_id}: revoked {}", role.as_str());
    db::security_log::record(
        &mut tx,
        &SecurityEvent {
            kind: "role_revoked",
            user_id: Some(by.id),
            email: Some(email.as_str()),
            client: Some(&actor.client),
            detail: &detail,
        },
        db::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
