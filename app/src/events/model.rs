//! Event types and rules; pure Rust, shared by server and browser.

use serde::{Deserialize, Serialize};

/// Stored as its `as_str` name, like the other enums here; a stored value that is none of
/// them fails to load rather than turning into a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(rename_all = "snake_case"))]
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
}

/// Where an event is in its life: only published events take answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(rename_all = "snake_case"))]
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
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(rename_all = "snake_case"))]
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
    fn attendee_csv_quotes_what_needs_quoting_and_defuses_formulas() {
        let list = AttendeeList {
            event_id: 1,
            title: "BBQ".into(),
            slug: "bbq".into(),
            capacity: None,
            counts: AttendeeCounts::default(),
            attendees: vec![Attendee {
                name: "=HYPERLINK(\"x\")".into(),
                email: "a@example.org".into(),
                status: crate::rsvp::model::Status::Going,
                party_size: 3,
                dietary: "vegan, no nuts".into(),
                waitlist_position: None,
                checked_in: true,
                answers: vec![],
            }],
            summary: vec![],
            audit: vec![],
        };
        let csv = list.to_csv();
        assert!(csv.starts_with("name,email,status,party_size,waitlist_position,dietary,checked_in\r\n"));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\",a@example.org,going,3,,\"vegan, no nuts\",yes\r\n"), "{csv}");
    }

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
}

pub const MAX_TITLE_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
pub const MAX_CAPACITY: i64 = 100_000;

/// An attendee's own RSVP, shown on the event page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRsvp {
    pub status: crate::rsvp::model::Status,
    pub party_size: u32,
    pub waitlist_position: Option<i64>,
}

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
    pub my_rsvp: Option<MyRsvp>,
    /// The editor's values, for organizers.
    pub input: Option<EventInput>,
    /// Asked with each RSVP.
    pub questions: Vec<crate::rsvp::questions::Question>,
    /// The language title and description are in: "de" when a German version exists and the viewer prefers German.
    pub language: String,
    /// The series the event belongs to, for a link to its other dates.
    pub series: Option<SeriesLink>,
    /// Organizers approve each yes before it holds a place.
    pub requires_approval: bool,
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

/// One line of the organizer's attendee list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub email: String,
    pub status: crate::rsvp::model::Status,
    pub party_size: u32,
    pub dietary: String,
    pub waitlist_position: Option<u32>,
    pub checked_in: bool,
    /// (question, answer) for each of the event's questions.
    pub answers: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeCounts {
    pub going_parties: u32,
    pub going_people: u32,
    pub maybe: u32,
    pub not_going: u32,
    pub waitlisted_parties: u32,
    pub waitlisted_people: u32,
    pub checked_in_parties: u32,
    pub checked_in_people: u32,
    /// Asking to come, not yet decided by an organizer.
    pub pending_parties: u32,
    pub pending_people: u32,
    pub declined: u32,
}

impl AttendeeCounts {
    pub fn of(attendees: &[Attendee]) -> Self {
        use crate::rsvp::model::Status;
        let mut c = Self::default();
        for a in attendees {
            match a.status {
                Status::Going => {
                    c.going_parties += 1;
                    c.going_people += a.party_size;
                    if a.checked_in {
                        c.checked_in_parties += 1;
                        c.checked_in_people += a.party_size;
                    }
                }
                Status::Waitlisted => {
                    c.waitlisted_parties += 1;
                    c.waitlisted_people += a.party_size;
                }
                Status::Maybe => c.maybe += 1,
                Status::NotGoing => c.not_going += 1,
                Status::Pending => {
                    c.pending_parties += 1;
                    c.pending_people += a.party_size;
                }
                Status::Declined => c.declined += 1,
            }
        }
        c
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeList {
    pub event_id: i64,
    pub title: String,
    pub slug: String,
    pub capacity: Option<u32>,
    pub counts: AttendeeCounts,
    pub attendees: Vec<Attendee>,
    /// What those going chose, per question: the shopping list.
    pub summary: Vec<crate::rsvp::questions::AnswerSummary>,
    /// Changes organizers made by hand, newest first, with their reasons.
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub when: String,
    pub by: String,
    pub attendee: String,
    pub change: String,
    pub reason: String,
}

impl AttendeeList {
    /// The list as CSV for spreadsheets. Cells that a spreadsheet would run as a formula are quoted as text.
    pub fn to_csv(&self) -> String {
        fn cell(value: &str) -> String {
            let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
            if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
        }
        let questions: Vec<String> = self.attendees.first().map(|a| a.answers.iter().map(|(q, _)| cell(q)).collect()).unwrap_or_default();
        let mut out = String::from("name,email,status,party_size,waitlist_position,dietary,checked_in");
        for q in &questions {
            out.push(',');
            out.push_str(q);
        }
        out.push_str("\r\n");
        for a in &self.attendees {
            let row = [
                cell(&a.name),
                cell(&a.email),
                a.status.as_str().to_string(),
                a.party_size.to_string(),
                a.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
                cell(&a.dietary),
                if a.checked_in { "yes" } else { "no" }.to_string(),
            ];
            out.push_str(&row.join(","));
            for (_, answer) in &a.answers {
                out.push(',');
                out.push_str(&cell(answer));
            }
            out.push_str("\r\n");
        }
        out
    }
}
