//! Event types and rules; pure Rust, shared by server and browser.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Bbq,
    Sprint,
    Party,
    Meetup,
    Conference,
    OpenSpace,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 7] =
        [Self::Bbq, Self::Sprint, Self::Party, Self::Meetup, Self::Conference, Self::OpenSpace, Self::Other];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bbq => "bbq",
            Self::Sprint => "sprint",
            Self::Party => "party",
            Self::Meetup => "meetup",
            Self::Conference => "conference",
            Self::OpenSpace => "open_space",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Bbq => "BBQ",
            Self::Sprint => "Sprint",
            Self::Party => "Party",
            Self::Meetup => "Meetup",
            Self::Conference => "Conference",
            Self::OpenSpace => "Open space",
            Self::Other => "Event",
        }
    }
}

/// An event as a listing shows it, with its time already put into words in the event's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCard {
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    /// For example "Sat 17 Aug 2013, 16:00 – 23:00 (Europe/Berlin)".
    pub when: String,
    /// Machine-readable start for `<time datetime=…>`.
    pub starts_at_iso: String,
    pub venue: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_stored_name() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EventKind::parse("rave"), None);
    }
}
