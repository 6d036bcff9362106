use leptos::prelude::*;

/// Shows the safe messages of the errors an `ErrorBoundary` caught.
#[component]
pub fn ErrorView(errors: ArcRwSignal<Errors>) -> impl IntoView {
    // A page whose content was not found answers 404, so crawlers and link checkers see it.
    #[cfg(feature = "ssr")]
    {
        let not_found = errors
            .read_untracked()
            .iter()
            .any(|(_, e)| matches!(e.downcast_ref::<crate::error::AppError>(), Some(crate::error::AppError::NotFound { .. })));
        if let (true, Some(response)) = (not_found, use_context::<leptos_axum::ResponseOptions>()) {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    let messages = move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view();
    view! {
        <div class="error-box" role="alert">
            <p class="error-title">"Sorry, that did not work."</p>
            <ul>{messages}</ul>
        </div>
    }
}
