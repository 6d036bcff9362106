//! The RSVP card other websites embed: the event, its date and the places left, and a button
//! that opens the RSVP form here. Framing is allowed per event, for the origins its organizers
//! name; every other page of Festplan refuses to be framed.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::td_string;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
use server_fn::ServerFn as _;

/// Lets the websites in `origins` (one per line or space-separated) frame the event's card.
#[server(endpoint = "events/embed-origins")]
pub async fn save_embed_origins(event_id: i64, #[server(default)] origins: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::save_origins(&state, &actor, event_id, &origins).await?;
    say(SaveEmbedOrigins::PATH, crate::i18n::td_string!(crate::locale::current(), webhooks.saved));
    Ok(())
}

/// The organizers' part of the integrations page: the snippet and who may frame it.
#[component]
pub fn EmbedSettings(event_id: i64, card_url: String, event_url: String, title: String, origins: String) -> impl IntoView {
    let save = ServerAction::<SaveEmbedOrigins>::new();
    let errors = crate::ui::FieldErrors::new(save.value());
    let l = crate::locale::current();
    let snippet = format!(
        "<iframe src=\"{card_url}\" title=\"RSVP: {}\" width=\"340\" height=\"180\" style=\"border:0\"></iframe>\n<noscript><a href=\"{event_url}\">RSVP</a></noscript>",
        html_escape::encode_double_quoted_attribute(&title)
    );
    view! {
        <section aria-labelledby="embed-heading">
            <h2 id="embed-heading">{td_string!(l, webhooks.embed_heading)}</h2>
            <p>{td_string!(l, webhooks.embed_lead)}</p>
            <label for="embed-snippet">{td_string!(l, webhooks.snippet)}</label>
            <crate::html::TextArea id="embed-snippet" name="snippet" value=snippet rows=3/>
            <crate::ui::FormNotice action=SaveEmbedOrigins::PATH/>
            <crate::ui::Enhance><ActionForm action=save attr:class="stack">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="embed-origins">{td_string!(l, webhooks.origins)}</label>
                <crate::html::TextArea id="embed-origins" name="origins" value=origins rows=3
                    attr:aria-invalid=errors.invalid("origins") attr:aria-describedby=errors.described_by("origins", "embed-origins", None)/>
                <crate::ui::FieldError errors field="origins" id="embed-origins"/>
                <crate::ui::FormError result=save.value()/>
                <button type="submit">{td_string!(l, webhooks.save_origins)}</button>
            </ActionForm></crate::ui::Enhance>
        </section>
    }
}

#[cfg(feature = "ssr")]
pub mod service {
    use crate::auth::model::Permission;
    use crate::auth::service::Actor;
    use crate::db;
    use crate::error::{AppError, AppResult};
    use crate::i18n::td_string;
    use crate::locale::{Locale, current};
    use crate::state::AppState;

    const MAX_ORIGINS: usize = 10;

    /// `text` as a list of origins (scheme, host, port; nothing else), or which one is wrong.
    pub fn parse_origins(text: &str) -> AppResult<Vec<String>> {
        let mut origins = Vec::new();
        for word in text.split_whitespace() {
            let wrong = || AppError::invalid("origins", td_string!(current(), webhooks.bad_origin, word = word).to_string());
            let url = url::Url::parse(word).map_err(|_| wrong())?;
            let plain = url.path() == "/" && url.query().is_none() && url.fragment().is_none() && url.username().is_empty();
            if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() || !plain {
                return Err(wrong());
            }
            let origin = url.origin().ascii_serialization();
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        if origins.len() > MAX_ORIGINS {
            return Err(AppError::invalid("origins", td_string!(current(), webhooks.too_many_origins, max = MAX_ORIGINS).to_string()));
        }
        Ok(origins)
    }

    pub async fn save_origins(state: &AppState, actor: &Actor, event_id: i64, text: &str) -> AppResult<()> {
        crate::auth::roles::require(&state.db, actor, event_id, Permission::Organize).await?;
        let origins = parse_origins(text)?;
        let mut tx = state.db.begin_write().await?;
        db::embeds::set_origins(&mut tx, event_id, &origins.join(" "), db::now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The card's HTML and its Content-Security-Policy (its style by nonce, framed only by the
    /// event's websites); for events anyone may see (public or unlisted, published), else
    /// "not found".
    /// In `l`, the language the framing visitor's browser asks for.
    pub async fn card(state: &AppState, slug: &str, l: Locale) -> AppResult<(String, String)> {
        use base64::Engine as _;
        let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>());
        let event = crate::events::service::details_for(state, &Actor::anonymous("embed"), slug, l, None).await?;
        let origins = db::embeds::origins(&state.db, event.id).await?;
        let ancestors = if origins.is_empty() { "'none'".to_string() } else { origins };
        let places = match (event.status, event.places_left) {
            (crate::events::model::EventStatus::Cancelled, _) => td_string!(l, webhooks.card_cancelled).to_string(),
            (_, Some(0)) => td_string!(l, webhooks.card_full).to_string(),
            (_, Some(1)) => td_string!(l, webhooks.card_one_left).to_string(),
            (_, Some(n)) => td_string!(l, webhooks.card_left, count = n).to_string(),
            (_, None) => td_string!(l, webhooks.card_unlimited).to_string(),
        };
        let link = state.settings.link(&format!("/events/{}", event.slug));
        let e = |s: &str| html_escape::encode_text(s).into_owned();
        let html = format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{page_title}</title>\
             <style nonce=\"{nonce}\">{STYLE}</style></head><body><main class=\"card\">\
             <h1 lang=\"{title_lang}\">{title}</h1><p class=\"when\">{when}</p><p class=\"places\" id=\"places\">{places}</p>\
             <a class=\"rsvp\" href=\"{href}\" target=\"_blank\" rel=\"noopener\">{rsvp}</a></main></body></html>",
            lang = crate::locale::code(l),
            page_title = e(&td_string!(l, webhooks.card_title, title = &event.title).to_string()),
            title_lang = e(&event.language),
            rsvp = e(td_string!(l, webhooks.card_rsvp)),
            title = e(&event.title),
            when = e(&event.when),
            places = e(&places),
            href = html_escape::encode_double_quoted_attribute(&link),
        );
        let policy =
            format!("default-src 'none'; style-src 'nonce-{nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}");
        Ok((html, policy))
    }

    const STYLE: &str = "body{margin:0;font:15px/1.4 system-ui,sans-serif;color:#1d1b18;background:#fbfaf7}\
        .card{padding:12px 16px}h1{font-size:1.15rem;margin:0 0 4px}p{margin:2px 0}.places{font-weight:600}\
        .rsvp{display:inline-block;margin-top:10px;padding:8px 14px;border-radius:10px;background:#b4451f;color:#fff;\
        font-weight:600;text-decoration:none}.rsvp:focus-visible{outline:3px solid #1f5fb4;outline-offset:2px}";

    #[cfg(test)]
    mod tests {
        use super::parse_origins;

        #[test]
        fn only_plain_origins_may_frame_the_card() {
            assert_eq!(
                parse_origins("https://club.example\nhttp://127.0.0.1:8080 https://club.example/").unwrap(),
                ["https://club.example", "http://127.0.0.1:8080"]
            );
            for wrong in ["club.example", "javascript:alert(1)", "https://club.example/page", "https://x@club.example", "*"] {
                assert_eq!(parse_origins(wrong).unwrap_err().field(), Some("origins"), "{wrong}");
            }
        }
    }
}
