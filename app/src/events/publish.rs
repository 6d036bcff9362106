//! Publishing from the event's own page: a draft shows its organizers a banner (questions to
//! add, then "Publish now"); publishing answers with the link to share and a "Copy link" button.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::model::{EventDetails, EventStatus};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::locale;
use crate::ui::{Enhance, FormError};
use server_fn::ServerFn as _;

/// Publishes a draft and opens its page again, which then shows the link to share.
#[server(endpoint = "events/publish-draft")]
pub async fn publish_draft(event_id: i64) -> Result<String, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let saved = super::service::publish(&state, &actor, event_id, true).await?;
    let link = state.settings.link(&format!("/events/{}", saved.slug));
    // The notice carries the share link: the page shows it in a field of its own.
    crate::ui::notice::say(PublishDraft::PATH, &link);
    leptos_axum::redirect(&format!("/events/{}", saved.slug));
    Ok(link)
}

/// `said`, followed by how many parties moved up from the waitlist when any did.
#[cfg(feature = "ssr")]
pub fn with_moved_up(said: String, moved_up: usize) -> String {
    let l = crate::locale::current();
    match moved_up {
        0 => said,
        1 => format!("{said} {}", td_string!(l, publish.moved_up_one)),
        n => format!("{said} {}", td_string!(l, publish.moved_up_many, count = n)),
    }
}

/// For the event's organizers: on a draft, the way to questions and to publishing; right after
/// publishing, the link to share. Nothing for anyone else.
#[component]
pub fn PublishBanner(event: EventDetails) -> impl IntoView {
    if !event.can_organize {
        return ().into_any();
    }
    let just_published = crate::ui::notice::said(PublishDraft::PATH);
    match (event.status, just_published) {
        (EventStatus::Draft, _) => view! { <DraftBanner event_id=event.id slug=event.slug/> }.into_any(),
        (EventStatus::Published, Some(link)) => view! { <ShareLink link/> }.into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn DraftBanner(event_id: i64, slug: String) -> impl IntoView {
    let l = locale::current();
    let publish = ServerAction::<PublishDraft>::new();
    view! {
        <section class="draft-banner" aria-labelledby="draft-heading">
            <h2 id="draft-heading">{td_string!(l, publish.draft_heading)}</h2>
            <p>{td_string!(l, publish.draft_text)}</p>
            <p>
                {td_string!(l, publish.questions_prompt, section = td_string!(l, questions.heading))} " "
                <a href=format!("/events/{slug}/edit")>{td_string!(l, publish.add_questions)}</a>
            </p>
            <Enhance><ActionForm action=publish attr:class="stack">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <FormError result=publish.value()/>
                <button type="submit" class="primary">{td_string!(l, publish.publish_now)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

/// The share link in a read-only field anyone can select; the button, which needs a script,
/// appears only when the script runs (a few lines under the page's nonce, no wasm).
#[component]
fn ShareLink(link: String) -> impl IntoView {
    let l = locale::current();
    let script = "(()=>{const b=document.getElementById('copy-share-link'),f=document.getElementById('share-link'),\
        s=document.getElementById('share-copied');if(!b||!f||!navigator.clipboard)return;b.hidden=false;\
        b.addEventListener('click',()=>navigator.clipboard.writeText(f.value).then(()=>{s.textContent=b.dataset.done},\
        ()=>{f.focus();f.select()}))})();";
    view! {
        <section class="share-banner" role="status" aria-labelledby="share-heading">
            <h2 id="share-heading">{td_string!(l, publish.published_heading)}</h2>
            <p>{td_string!(l, publish.share_text)}</p>
            <label for="share-link">{td_string!(l, publish.share_label)}</label>
            <div class="share-row">
                <input id="share-link" type="url" readonly value=link/>
                <button type="button" id="copy-share-link" hidden data-done=td_string!(l, publish.copied).to_string()>
                    {td_string!(l, publish.copy)}
                </button>
            </div>
            <p id="share-copied" class="muted" aria-live="polite"></p>
            <script nonce=leptos::nonce::use_nonce()>{script}</script>
        </section>
    }
}
