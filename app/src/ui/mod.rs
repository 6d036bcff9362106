//! Shared components: the page frame, error display, not-found page.

mod error_view;
mod form;
mod layout;
mod not_found;

pub use error_view::ErrorView;
pub use form::{FormError, FormSuccess};
pub use layout::Layout;
pub use not_found::NotFound;
