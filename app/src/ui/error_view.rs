use leptos::prelude::*;

/// Shows the safe messages of the errors an `ErrorBoundary` caught.
#[component]
pub fn ErrorView(errors: ArcRwSignal<Errors>) -> impl IntoView {
    // A page whose content was not found answers 404, a refusal 403 or 409, and one that failed
    // on our side 500, so crawlers, link checkers and monitoring see it.
    #[cfg(feature = "ssr")]
    {
        use crate::error::AppError;
        let status = errors.read_untracked().iter().find_map(|(_, e)| match e.downcast_ref::<AppError>() {
            Some(AppError::NotFound { .. }) => Some(http::StatusCode::NOT_FOUND),
            Some(AppError::Forbidden) => Some(http::StatusCode::FORBIDDEN),
            Some(AppError::Conflict(_)) => Some(http::StatusCode::CONFLICT),
            Some(AppError::Internal(_)) => Some(http::StatusCode::INTERNAL_SERVER_ERROR),
            _ => None,
        });
        if let (Some(status), Some(response)) = (status, use_context::<leptos_axum::ResponseOptions>()) {
            response.set_status(status);
        }
    }
    // Our own errors in the page's language; anything else as it describes itself.
    let said = |e: &leptos::error::Error| e.downcast_ref::<crate::error::AppError>().map_or_else(|| e.to_string(), |e| e.message());
    let messages = move || errors.get().into_iter().map(|(_, e)| view! { <li>{said(&e)}</li> }).collect_view();
    let l = crate::locale::current();
    view! {
        // A page whose content failed still has a title (screen readers and tabs announce it).
        <leptos_meta::Title text=crate::i18n::td_string!(l, failure.title)/>
        <div class="error-box" role="alert">
            // The page's only heading when its content could not be shown.
            <h1 class="error-title">{crate::i18n::td_string!(l, failure.heading)}</h1>
            <ul>{messages}</ul>
        </div>
    }
}
