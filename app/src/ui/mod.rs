//! Shared components: the page frame, forms and their messages, error display, not-found page.

mod enhance;
mod error_view;
mod form;
mod layout;
mod not_found;
pub mod notice;

pub use enhance::Enhance;
pub use error_view::ErrorView;
pub use form::{FormError, FormSuccess};
pub use layout::Layout;
pub use not_found::NotFound;
pub use notice::FormNotice;

/// Marks a page whose islands are in the staff bundle (see `islands.js`); the guests' bundle
/// stays free of them.
#[leptos::component]
pub fn StaffIslands() -> impl leptos::IntoView {
    leptos::view! { <leptos_meta::Meta name="festplan-islands" content="staff"/> }
}
