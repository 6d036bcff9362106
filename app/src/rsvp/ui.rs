//! RSVP pages.
