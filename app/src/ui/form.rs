use leptos::prelude::*;

use crate::error::AppError;

/// The error of the last submission of a form, if it failed; announced to screen readers.
#[component]
pub fn FormError<T>(#[prop(into)] result: Signal<Option<Result<T, AppError>>>) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    move || {
        result.with(|r| match r {
            Some(Err(e)) => Some(view! { <p class="form-error" role="alert">{e.message()}</p> }),
            _ => None,
        })
    }
}

/// A confirmation shown after a successful submission.
#[component]
pub fn FormSuccess<T>(
    #[prop(into)] result: Signal<Option<Result<T, AppError>>>,
    #[prop(into)] message: Callback<T, String>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    move || {
        result.with(|r| match r {
            Some(Ok(value)) => Some(view! { <p class="notice" role="status">{message.run(value.clone())}</p> }),
            _ => None,
        })
    }
}
