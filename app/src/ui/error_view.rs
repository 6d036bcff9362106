use leptos::prelude::*;

/// Shows the safe messages of the errors an `ErrorBoundary` caught.
#[component]
pub fn ErrorView(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let messages = move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view();
    view! {
        <div class="error-box" role="alert">
            <p class="error-title">"Sorry, that did not work."</p>
            <ul>{messages}</ul>
        </div>
    }
}
