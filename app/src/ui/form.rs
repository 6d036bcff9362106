use leptos::prelude::*;

use crate::error::AppError;

/// The error of the last submission of a form, announced to screen readers. Always there
/// (empty and hidden when all is well), so an enhanced form can fill it in place.
#[component]
pub fn FormError<T>(#[prop(into)] result: Signal<Option<Result<T, AppError>>>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let message = move || {
        result.with(|r| match r {
            Some(Err(e)) => e.message(),
            _ => String::new(),
        })
    };
    view! { <p class="form-error" role="alert">{message}</p> }
}
