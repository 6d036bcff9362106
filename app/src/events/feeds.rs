//! Calendars to subscribe to: a series' dates, everything an organizer runs, and a person's own
//! "everything I'm going to" behind a secret address that they can replace at any time.

use leptos::form::ActionForm;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
use server_fn::ServerFn as _;

/// The caller's personal feed: its secret address.
#[server(endpoint = "events/personal-feed", input = GetUrl)]
pub async fn personal_feed_link() -> Result<String, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::personal_link(&state, &actor).await
}

/// Replaces the caller's personal feed address; the old one stops working at once.
#[server(endpoint = "events/personal-feed/reset")]
pub async fn reset_personal_feed() -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::reset_personal(&state, &actor).await?;
    say(ResetPersonalFeed::PATH, crate::i18n::td_string!(crate::locale::current(), webhooks.feed_replaced));
    Ok(())
}

/// The account page's calendar section.
#[component]
pub fn PersonalFeed() -> impl IntoView {
    let link = Resource::new(|| (), |_| personal_feed_link());
    let reset = ServerAction::<ResetPersonalFeed>::new();
    let l = crate::locale::current();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                link.await.ok().map(|link| view! {
                    <section class="narrow" aria-labelledby="feed-heading">
                        <h2 id="feed-heading">{crate::i18n::td_string!(l, webhooks.feed_heading)}</h2>
                        <p>{crate::i18n::td_string!(l, webhooks.feed_lead)}</p>
                        <label for="personal-feed">{crate::i18n::td_string!(l, webhooks.feed_address)}</label>
                        <input id="personal-feed" readonly value=link/>
                        <crate::ui::FormNotice action=ResetPersonalFeed::PATH/>
                        <crate::ui::Enhance><ActionForm action=reset attr:class="stack">
                            <button type="submit">{crate::i18n::td_string!(l, webhooks.feed_replace)}</button>
                        </ActionForm></crate::ui::Enhance>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[cfg(feature = "ssr")]
pub mod service {
    use crate::auth::service::Actor;
    use crate::db;
    use crate::error::{AppError, AppResult};
    use crate::events::ics;
    use crate::state::AppState;

    /// Feeds start a month back, so an event of last week is still in the calendar.
    const SINCE_SECS: i64 = 30 * 86_400;

    fn purpose(generation: i64) -> String {
        format!("personal-feed {generation}")
    }

    fn calendar(state: &AppState, events: &[db::events::EventRow]) -> String {
        ics::calendar(events, state.settings.public_base_url.as_str(), "PUBLISH")
    }

    /// The public dates of the series at `slug`.
    pub async fn series(state: &AppState, slug: &str) -> AppResult<String> {
        let events =
            db::events::series_for_feed(&state.db, slug, db::now() - SINCE_SECS).await?.ok_or_else(|| AppError::not_found("series"))?;
        Ok(calendar(state, &events))
    }

    /// The public events that account `user_id` owns or co-organizes.
    pub async fn organizer(state: &AppState, user_id: i64) -> AppResult<String> {
        Ok(calendar(state, &db::events::organized_for_feed(&state.db, user_id, db::now() - SINCE_SECS).await?))
    }

    /// Everything the holder of `token` is going to (by account or by their address).
    pub async fn personal(state: &AppState, token: &str) -> AppResult<String> {
        let missing = || AppError::not_found("calendar");
        let user_id: i64 = token.split_once('-').and_then(|(id, _)| id.parse().ok()).ok_or_else(missing)?;
        let generation = db::users::feed_generation(&state.db, user_id).await?.ok_or_else(missing)?;
        crate::auth::tokens::verify_signed(&state.settings.secret_key, &purpose(generation), token, 16).ok_or_else(missing)?;
        Ok(calendar(state, &db::events::going_for_feed(&state.db, user_id, db::now() - SINCE_SECS).await?))
    }

    pub async fn personal_link(state: &AppState, actor: &Actor) -> AppResult<String> {
        let user = actor.user()?;
        let generation = db::users::feed_generation(&state.db, user.id).await?.ok_or(AppError::Unauthenticated)?;
        let token = crate::auth::tokens::sign(&state.settings.secret_key, &purpose(generation), user.id, 16);
        Ok(state.settings.link(&format!("/calendar/personal/{token}/going.ics")))
    }

    pub async fn reset_personal(state: &AppState, actor: &Actor) -> AppResult<()> {
        let user = actor.user()?;
        let mut tx = state.db.begin_write().await?;
        db::users::bump_feed_generation(&mut tx, user.id).await?;
        tx.commit().await?;
        Ok(())
    }
}
