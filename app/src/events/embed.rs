//! The RSVP card other websites embed: the event, its date and the places left, and a button
//! that opens the RSVP form here. Framing is allowed per event, for the origins its organizers
//! name; every other page of Festplan refuses to be framed.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ui::notice::say;
use server_fn::ServerFn as _;

/// Lets the websites in `origins` (one per line or space-separated) frame the event's card.
#[server(endpoint = "events/embed-origins")]
pub async fn save_embed_origins(event_id: i64, #[server(default)] origins: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::save_origins(&state, &actor, event_id, &origins).await?;
    say(SaveEmbedOrigins::PATH, "Saved.");
    Ok(())
}

/// The organizers' part of the integrations page: the snippet and who may frame it.
#[component]
pub fn EmbedSettings(event_id: i64, card_url: String, event_url: String, title: String, origins: String) -> impl IntoView {
    let save = ServerAction::<SaveEmbedOrigins>::new();
    let snippet = format!(
        "<iframe src=\"{card_url}\" title=\"RSVP: {}\" width=\"340\" height=\"180\" style=\"border:0\"></iframe>\n<noscript><a href=\"{event_url}\">RSVP</a></noscript>",
        html_escape::encode_double_quoted_attribute(&title)
    );
    view! {
        <section aria-labelledby="embed-heading">
            <h2 id="embed-heading">"Embed the RSVP card on your website"</h2>
            <p>"Paste this into your page. The card shows the date and the places left, and its button opens the RSVP form here."</p>
            <label for="embed-snippet">"Snippet"</label>
            <crate::html::TextArea id="embed-snippet" name="snippet" value=snippet rows=3/>
            <crate::ui::FormNotice action=SaveEmbedOrigins::PATH/>
            <crate::ui::Enhance><ActionForm action=save attr:class="stack">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="embed-origins">"Websites that may show it (one per line, e.g. https://club.example)"</label>
                <crate::html::TextArea id="embed-origins" name="origins" value=origins rows=3/>
                <crate::ui::FormError result=save.value()/>
                <button type="submit">"Save the websites"</button>
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
    use crate::state::AppState;

    const MAX_ORIGINS: usize = 10;

    /// `text` as a list of origins (scheme, host, port; nothing else), or which one is wrong.
    pub fn parse_origins(text: &str) -> AppResult<Vec<String>> {
        let mut origins = Vec::new();
        for word in text.split_whitespace() {
            let wrong = || AppError::invalid("origins", format!("{word} is not a website's address, such as https://club.example."));
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
            return Err(AppError::invalid("origins", format!("At most {MAX_ORIGINS} websites, please.")));
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
    pub async fn card(state: &AppState, slug: &str) -> AppResult<(String, String)> {
        use base64::Engine as _;
        let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>());
        let event = crate::events::service::details_for(state, &Actor::anonymous("embed"), slug, crate::locale::Locale::en, None).await?;
        let origins = db::embeds::origins(&state.db, event.id).await?;
        let ancestors = if origins.is_empty() { "'none'".to_string() } else { origins };
        let places = match (event.status, event.places_left) {
            (crate::events::model::EventStatus::Cancelled, _) => "Cancelled".to_string(),
            (_, Some(0)) => "Full: join the waitlist".to_string(),
            (_, Some(1)) => "1 place left".to_string(),
            (_, Some(n)) => format!("{n} places left"),
            (_, None) => "Places for everyone".to_string(),
        };
        let link = state.settings.link(&format!("/events/{}", event.slug));
        let e = |s: &str| html_escape::encode_text(s).into_owned();
        let html = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>RSVP: {title}</title>\
             <style nonce=\"{nonce}\">{STYLE}</style></head><body><main class=\"card\">\
             <h1>{title}</h1><p class=\"when\">{when}</p><p class=\"places\" id=\"places\">{places}</p>\
             <a class=\"rsvp\" href=\"{href}\" target=\"_blank\" rel=\"noopener\">RSVP on Festplan</a></main></body></html>",
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
