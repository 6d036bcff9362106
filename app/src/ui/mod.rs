//! Shared components: forms and their messages, error display, the not-found page. Below every
//! domain module: nothing here names auth, events or RSVPs.

mod enhance;
mod error_view;
mod form;
mod not_found;
pub mod notice;

pub use enhance::Enhance;
pub use error_view::ErrorView;
pub use form::{FieldError, FieldErrors, FormError, FormNumber, error_id};
pub use not_found::NotFound;
pub use notice::FormNotice;

/// Marks a page whose islands are in the staff bundle (see `islands.js`); the guests' bundle
/// stays free of them.
#[leptos::component]
pub fn StaffIslands() -> impl leptos::IntoView {
    leptos::view! { <IslandBundle name="staff"/> }
}

/// Marks a page whose islands are in the bundle `name` (`pkg/festplan_<name>`, see `islands.js`):
/// `staff` (the door, the lists), `openspace` (the board, the tallies), `line` (the packing line's
/// live figures), `station` (a packing station's phone screen). Each module's live islands weigh
/// only on its own pages.
#[leptos::component]
pub fn IslandBundle(name: &'static str) -> impl leptos::IntoView {
    leptos::view! { <leptos_meta::Meta name="festplan-islands" content=name/> }
}
