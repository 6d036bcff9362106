use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::td_string;

/// The page for addresses that lead nowhere; answers with HTTP 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, failure.not_found_title)/>
        <section class="not-found">
            <h1>{td_string!(l, failure.not_found_title)}</h1>
            <p>{td_string!(l, failure.not_found_text)}</p>
            <p>
                <a href="/">{td_string!(l, failure.see_upcoming)}</a>
            </p>
        </section>
    }
}
