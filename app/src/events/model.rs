//! Event types and rules; pure Rust, shared by server and browser.

use serde::{Deserialize, Serialize};

/// Stored as its `as_str` name, like the other enums here; a stored value that is none of
/// them fails to load rather than turning into a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
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
    pub const ALL: [EventKind; 7] = [Self::Bbq, Self::Sprint, Self::Party, Self::Meetup, Self::Conference, Self::OpenSpace, Self::Other];

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

    /// `label` in the page's language.
    pub fn label_in(self, l: crate::locale::Locale) -> &'static str {
        use crate::i18n::td_string;
        match self {
            Self::Bbq => td_string!(l, kind.bbq),
            Self::Sprint => td_string!(l, kind.sprint),
            Self::Party => td_string!(l, kind.party),
            Self::Meetup => td_string!(l, kind.meetup),
            Self::Conference => td_string!(l, kind.conference),
            Self::OpenSpace => td_string!(l, kind.open_space),
            Self::Other => td_string!(l, kind.other),
        }
    }
}

/// Where an event is in its life: only published events take answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum EventStatus {
    Draft,
    Published,
    Cancelled,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Who sees an event: everyone (and the home page), whoever has its link, or invited people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Visibility {
    Public,
    Unlisted,
    Private,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Self::Public, Self::Unlisted, Self::Private];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Unlisted => "unlisted",
            Self::Private => "private",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
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

/// The event editor's fields as typed; the server parses and checks them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventInput {
    pub title: String,
    pub kind: String,
    pub description: String,
    /// Local date and time in `time_zone`, as `<input type="datetime-local">` sends it.
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    /// Empty for unlimited.
    pub capacity: String,
    pub visibility: String,
    /// Optional, local like the times.
    pub rsvp_deadline: String,
    /// Hours before the start that those going get a reminder; empty for the default (24), 0 for none.
    #[serde(default)]
    pub reminder_hours: String,
    /// The German version, both optional.
    #[serde(default)]
    pub title_de: String,
    #[serde(default)]
    pub description_de: String,
    /// The series this event is one date of ("Developer BBQ"); empty for none.
    #[serde(default)]
    pub series: String,
    /// "on" (the checkbox) when organizers approve each yes; empty when not.
    #[serde(default)]
    pub requires_approval: String,
    /// Where replies to the event's mail go; empty for the instance's address.
    #[serde(default)]
    pub reply_to: String,
}

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_CAPACITY: i64 = 100_000;

/// An event page's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDetails {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub kind: EventKind,
    /// Rendered from Markdown on the server; raw HTML and unsafe links are not passed through.
    pub description_html: String,
    pub when: String,
    pub starts_at_iso: String,
    pub ends_at_iso: String,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub map_url: Option<String>,
    pub capacity: Option<u32>,
    pub places_left: Option<u32>,
    pub status: EventStatus,
    pub visibility: Visibility,
    pub cancelled_reason: Option<String>,
    pub can_organize: bool,
    /// The editor's values, for organizers.
    pub input: Option<EventInput>,
    /// The language title and description are in: "de" when a German version exists and the viewer prefers German.
    pub language: String,
    /// The series the event belongs to, for a link to its other dates.
    pub series: Option<SeriesLink>,
    /// Organizers approve each yes before it holds a place.
    pub requires_approval: bool,
    /// Until when answers are taken, in words, if the organizers set a deadline.
    pub rsvp_deadline: Option<String>,
    /// The event prefilled in a web calendar.
    pub calendar: CalendarLinks,
}

/// "Add to calendar" on the web: the event prefilled in a new Google or Outlook entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarLinks {
    pub google: String,
    pub outlook: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesLink {
    pub slug: String,
    pub title: String,
}

/// A series' page: its public dates, the coming ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesPage {
    pub title: String,
    pub upcoming: Vec<EventCard>,
    pub past: Vec<EventCard>,
}

pub const MAX_SERIES_CHARS: usize = 80;
