//! An event's webhooks, for its organizers: subscribe a URL to chosen kinds (the signing
//! secret is shown once), see the recent deliveries and their outcome, send one again.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
#[cfg(feature = "ssr")]
use server_fn::ServerFn as _;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    pub id: i64,
    pub kind: String,
    pub when: String,
    /// "delivered (200)", "retrying after 3 attempts: the receiver answered 500", "given up: …"
    pub outcome: String,
    pub delivered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionView {
    pub id: i64,
    /// "this event", "every event of the series …", "every event on this instance"
    pub scope: String,
    pub url: String,
    pub kinds: Vec<String>,
    pub deliveries: Vec<DeliveryView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhooksPage {
    pub event_id: i64,
    pub slug: String,
    pub event_title: String,
    pub subscriptions: Vec<SubscriptionView>,
    /// Every kind there is: (kind, label).
    pub kinds: Vec<(String, String)>,
    /// The RSVP card other websites embed, the event's page, and the websites allowed to frame the card.
    pub card_url: String,
    pub event_url: String,
    pub embed_origins: String,
    /// The event's series, if any: a webhook can listen to all its events.
    pub series: Option<String>,
    /// Administrators can listen to every event of the instance.
    pub admin: bool,
}

#[server(endpoint = "events/webhooks", input = GetUrl)]
pub async fn get_webhooks(slug: String) -> Result<WebhooksPage, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::page(&state, &actor, &slug).await
}

/// Subscribes `url` to `kinds`; the signing secret is said once, beside the form.
#[server(endpoint = "events/webhooks/subscribe")]
pub async fn subscribe_webhook(
    event_id: i64,
    url: String,
    #[server(default)] kinds: Vec<String>,
    #[server(default)] scope: String,
) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let secret = service::subscribe(&state, &actor, event_id, &url, &kinds, &scope).await?;
    say(SubscribeWebhook::PATH, &crate::i18n::td_string!(crate::locale::current(), webhooks.subscribed, secret = &secret));
    Ok(())
}

#[server(endpoint = "events/webhooks/unsubscribe")]
pub async fn unsubscribe_webhook(subscription_id: i64) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::unsubscribe(&state, &actor, subscription_id).await
}

#[server(endpoint = "events/webhooks/redeliver")]
pub async fn redeliver_webhook(delivery_id: i64) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::redeliver(&state, &actor, delivery_id).await?;
    say(RedeliverWebhook::PATH, crate::i18n::td_string!(crate::locale::current(), webhooks.requeued));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::{DeliveryView, SubscriptionView, WebhooksPage};
    use crate::auth::model::Permission;
    use crate::auth::service::Actor;
    use crate::db;
    use crate::error::{AppError, AppResult};
    use crate::i18n::td_string;
    use crate::locale::current;
    use crate::state::AppState;
    use crate::webhooks::{Kind, target};

    const SHOWN: i64 = 20;

    /// The event at `slug` for one of its organizers; to anyone else it does not exist.
    async fn organized(state: &AppState, actor: &Actor, slug: &str) -> AppResult<db::events::EventRow> {
        let event = db::events::by_slug(&state.db, slug).await?.ok_or_else(|| AppError::not_found("event"))?;
        crate::auth::roles::require(&state.db, actor, event.id, Permission::Organize).await?;
        Ok(event)
    }

    fn outcome(d: &db::webhooks::DeliveryRow) -> String {
        let error = d.last_error.clone().unwrap_or_default();
        let l = current();
        match (d.delivered_at, d.failed_at) {
            (Some(_), _) => td_string!(l, webhooks.delivered, status = d.last_status.unwrap_or(200)).to_string(),
            (None, Some(_)) => td_string!(l, webhooks.given_up, attempts = d.attempts, error = &error).to_string(),
            (None, None) if d.attempts == 0 => td_string!(l, webhooks.waiting).into(),
            (None, None) => td_string!(l, webhooks.retrying, attempts = d.attempts, error = &error).to_string(),
        }
    }

    /// The event's series: its id and title.
    async fn series_of(state: &AppState, event: &db::events::EventRow) -> AppResult<Option<(i64, String)>> {
        let Some(slug) = &event.series_slug else { return Ok(None) };
        Ok(db::series::by_slug(&state.db, slug).await?.map(|s| (s.id, s.title)))
    }

    fn scope_words(s: &db::webhooks::SubscriptionRow, series: &Option<(i64, String)>) -> String {
        let l = current();
        match (s.event_id, s.series_id) {
            (Some(_), _) => td_string!(l, webhooks.scope_event).into(),
            (None, Some(_)) => {
                td_string!(l, webhooks.scope_series, series = series.as_ref().map_or("", |(_, title)| title.as_str())).to_string()
            }
            (None, None) => td_string!(l, webhooks.scope_instance).into(),
        }
    }

    pub async fn page(state: &AppState, actor: &Actor, slug: &str) -> AppResult<WebhooksPage> {
        let event = organized(state, actor, slug).await?;
        let admin = actor.user.as_ref().is_some_and(|u| u.is_admin);
        let series = series_of(state, &event).await?;
        let mut conn = state.db.read().await?;
        let mut subscriptions = Vec::new();
        for s in db::webhooks::subscriptions(&mut conn, event.id, series.as_ref().map(|(id, _)| *id), admin).await? {
            let deliveries = db::webhooks::recent(&mut conn, s.id, SHOWN)
                .await?
                .iter()
                .map(|d| DeliveryView {
                    id: d.id,
                    kind: d.kind.clone(),
                    when: crate::events::service::describe_instant(d.created_at, &event.time_zone),
                    outcome: outcome(d),
                    delivered: d.delivered_at.is_some(),
                })
                .collect();
            let scope = scope_words(&s, &series);
            subscriptions.push(SubscriptionView {
                id: s.id,
                scope,
                url: s.url,
                kinds: serde_json::from_str(&s.kinds).unwrap_or_default(),
                deliveries,
            });
        }
        let embed_origins = db::embeds::origins(&state.db, event.id).await?.replace(' ', "\n");
        Ok(WebhooksPage {
            card_url: state.settings.link(&format!("/events/{}/embed", event.slug)),
            event_url: state.settings.link(&format!("/events/{}", event.slug)),
            embed_origins,
            series: series.map(|(_, title)| title),
            admin,
            event_id: event.id,
            slug: event.slug,
            event_title: event.title,
            subscriptions,
            kinds: Kind::ALL.iter().map(|k| (k.as_str().to_string(), k.label_in(current()).to_string())).collect(),
        })
    }

    /// Subscribes `url`; returns the secret, which is kept sealed and never shown again.
    pub async fn subscribe(state: &AppState, actor: &Actor, event_id: i64, url: &str, kinds: &[String], scope: &str) -> AppResult<String> {
        let by = crate::auth::roles::require(&state.db, actor, event_id, Permission::Organize).await?;
        let mut conn = state.db.read().await?;
        let event = db::events::by_id(&mut conn, event_id).await?.ok_or_else(|| AppError::not_found("event"))?;
        drop(conn);
        let scope = match scope {
            "" | "event" => db::webhooks::Scope { event_id: Some(event_id), series_id: None },
            "series" => {
                let (series_id, _) =
                    series_of(state, &event).await?.ok_or_else(|| AppError::invalid("scope", td_string!(current(), webhooks.no_series)))?;
                db::webhooks::Scope { event_id: None, series_id: Some(series_id) }
            }
            "instance" if by.is_admin => db::webhooks::Scope { event_id: None, series_id: None },
            _ => return Err(AppError::invalid("scope", td_string!(current(), webhooks.bad_scope))),
        };
        let kinds: Vec<Kind> = kinds.iter().filter_map(|k| Kind::parse(k)).collect();
        if kinds.is_empty() {
            return Err(AppError::invalid("kinds", td_string!(current(), webhooks.no_kinds)));
        }
        if url.chars().count() > 2000 {
            return Err(AppError::invalid("url", td_string!(current(), webhooks.too_long)));
        }
        let (parsed, _) =
            target::resolve(url, state.settings.allow_private_webhooks).await.map_err(|refused| AppError::invalid("url", refused.0))?;
        let kinds_json = serde_json::to_string(&kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>()).map_err(AppError::internal)?;
        let secret = crate::webhooks::new_secret();
        let mut tx = state.db.begin_write().await?;
        let id = db::webhooks::insert_subscription(&mut tx, scope, parsed.as_str(), &kinds_json, by.id, db::now()).await?;
        db::webhooks::seal_secret(&mut tx, id, &crate::webhooks::Secrets::new(&state.settings).seal(id, &secret)).await?;
        tx.commit().await?;
        Ok(secret)
    }

    /// The subscription `id` for whoever may manage it: an organizer of its event, of an event
    /// of its series, or for the whole instance an administrator; to anyone else it does not exist.
    async fn owned(state: &AppState, actor: &Actor, id: i64) -> AppResult<db::webhooks::SubscriptionRow> {
        let missing = || AppError::not_found("webhook");
        let user = actor.user.as_ref().ok_or_else(missing)?;
        let mut conn = state.db.read().await?;
        let subscription = db::webhooks::subscription(&mut conn, id).await?.ok_or_else(missing)?;
        let allowed = match (subscription.event_id, subscription.series_id) {
            (Some(event_id), _) => crate::auth::roles::require(&state.db, actor, event_id, Permission::Organize).await.is_ok(),
            (None, Some(series_id)) => user.is_admin || db::webhooks::organizes_in_series(&mut conn, user.id, series_id).await?,
            (None, None) => user.is_admin,
        };
        if allowed { Ok(subscription) } else { Err(missing()) }
    }

    pub async fn unsubscribe(state: &AppState, actor: &Actor, id: i64) -> AppResult<()> {
        owned(state, actor, id).await?;
        let mut tx = state.db.begin_write().await?;
        db::webhooks::delete_subscription(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn redeliver(state: &AppState, actor: &Actor, delivery_id: i64) -> AppResult<()> {
        let mut conn = state.db.read().await?;
        let delivery = db::webhooks::delivery(&mut conn, delivery_id).await?.ok_or_else(|| AppError::not_found("webhook"))?;
        drop(conn);
        owned(state, actor, delivery.subscription_id).await?;
        let mut tx = state.db.begin_write().await?;
        db::webhooks::redeliver(&mut tx, delivery_id, db::now()).await?;
        tx.commit().await?;
        state.webhooks.wake();
        Ok(())
    }
}
