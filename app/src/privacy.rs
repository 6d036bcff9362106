//! A person's own data: everything Festplan holds about them as a download, and its erasure,
//! for an account (the account page) and for a guest without one (their personal RSVP link);
//! and the retention pass that erases guests' data a while after each event.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::td_string;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
use server_fn::ServerFn as _;

/// Erases the caller's RSVPs, sign-ups and the rest; the account itself stays (its own
/// "Delete the account" removes it).
#[server(endpoint = "privacy/erase")]
pub async fn erase_my_data() -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let erased = service::erase_for_account(&state, &actor).await?;
    say(EraseMyData::PATH, &td_string!(crate::locale::current(), privacy.erased, rsvps = erased.rsvps, signups = erased.packing_signups));
    Ok(())
}

/// The same for the holder of a personal RSVP link: everything under that RSVP's address.
#[server(endpoint = "public/privacy/erase")]
pub async fn erase_by_link(token: String) -> Result<(), AppError> {
    let state = crate::state::app_state()?;
    service::erase_by_link(&state, &token).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The account page's "Your data" section.
#[component]
pub fn YourData() -> impl IntoView {
    let erase = ServerAction::<EraseMyData>::new();
    let l = crate::locale::current();
    view! {
        <section class="narrow" aria-labelledby="data-heading">
            <h2 id="data-heading">{td_string!(l, privacy.heading)}</h2>
            <p>
                <a href="/account/data.json" download="festplan-data.json">{td_string!(l, privacy.download)}</a>
                {td_string!(l, privacy.download_lead)}
            </p>
            <crate::ui::FormNotice action=EraseMyData::PATH/>
            <crate::ui::Enhance><ActionForm action=erase attr:class="stack">
                <p>{td_string!(l, privacy.erase_lead)}</p>
                <button type="submit" class="danger">{td_string!(l, privacy.erase)}</button>
            </ActionForm></crate::ui::Enhance>
        </section>
    }
}

/// The personal RSVP page's part: download and erase with the link.
#[component]
pub fn GuestData(token: String) -> impl IntoView {
    let erase = ServerAction::<EraseByLink>::new();
    let l = crate::locale::current();
    view! {
        <section aria-labelledby="guest-data-heading">
            <h2 id="guest-data-heading">{td_string!(l, privacy.heading)}</h2>
            <p><a href=format!("/rsvp/{token}/data.json") download="festplan-data.json">{td_string!(l, privacy.guest_download)}</a></p>
            <crate::ui::Enhance><ActionForm action=erase attr:class="stack">
                <input type="hidden" name="token" value=token/>
                <button type="submit" class="danger">{td_string!(l, privacy.guest_erase)}</button>
            </ActionForm></crate::ui::Enhance>
        </section>
    }
}

#[cfg(feature = "ssr")]
pub mod service {
    use crate::auth::service::Actor;
    use crate::db;
    use crate::db::privacy::{Erased, Expiring, PersonalData};
    use crate::error::{AppError, AppResult};
    use crate::state::AppState;

    /// The address behind a personal RSVP link.
    async fn holder(state: &AppState, token: &str) -> AppResult<String> {
        let missing = || AppError::not_found("RSVP");
        let id = crate::rsvp::service::verify_manage_token(&state.settings.secret_key, token).ok_or_else(missing)?;
        let mut conn = state.db.read().await?;
        let row = db::rsvps::by_id(&mut conn, id).await?.ok_or_else(missing)?;
        Ok(row.email)
    }

    pub async fn export_for_account(state: &AppState, actor: &Actor) -> AppResult<PersonalData> {
        let user = actor.user()?;
        let mut conn = state.db.read().await?;
        Ok(db::privacy::export(&mut conn, &user.email, Some(user.id)).await?)
    }

    pub async fn export_by_link(state: &AppState, token: &str) -> AppResult<PersonalData> {
        let email = holder(state, token).await?;
        let mut conn = state.db.read().await?;
        Ok(db::privacy::export(&mut conn, &email, None).await?)
    }

    pub async fn erase_for_account(state: &AppState, actor: &Actor) -> AppResult<Erased> {
        let user = actor.user()?;
        erase(state, &user.email, Some(user.id)).await
    }

    pub async fn erase_by_link(state: &AppState, token: &str) -> AppResult<Erased> {
        let email = holder(state, token).await?;
        erase(state, &email, None).await
    }

    async fn erase(state: &AppState, email: &str, user_id: Option<i64>) -> AppResult<Erased> {
        let mut tx = state.db.begin_write().await?;
        let erased = db::privacy::erase(&mut tx, email, user_id).await?;
        tx.commit().await?;
        Ok(erased)
    }

    /// The events whose guests' data is older than `days` after their end; with `dry_run` only
    /// listed, else erased too.
    pub async fn retention(state: &AppState, days: u32, dry_run: bool) -> AppResult<Vec<Expiring>> {
        let cutoff = db::now() - i64::from(days) * 86_400;
        let mut conn = state.db.read().await?;
        let expiring = db::privacy::expiring(&mut conn, cutoff).await?;
        drop(conn);
        if !dry_run && !expiring.is_empty() {
            let mut tx = state.db.begin_write().await?;
            db::privacy::erase_ended(&mut tx, cutoff).await?;
            tx.commit().await?;
        }
        Ok(expiring)
    }
}
