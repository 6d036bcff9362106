//! RSVP rules: answers, party sizes, who gets a place and who waits. Pure Rust.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Stored as its `as_str` name; a stored value that is none of these fails to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Answer {
    Yes,
    Maybe,
    No,
}

impl Answer {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::Maybe => "maybe",
            Self::No => "no",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "yes" => Some(Self::Yes),
            "maybe" => Some(Self::Maybe),
            "no" => Some(Self::No),
            _ => None,
        }
    }
}

/// Stored as its `as_str` name; a stored value that is none of these fails to load (no default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Status {
    Going,
    Waitlisted,
    Maybe,
    NotGoing,
    /// A yes that waits for an organizer's approval; it holds no place yet.
    Pending,
    /// A yes an organizer turned down.
    Declined,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Going => "going",
            Self::Waitlisted => "waitlisted",
            Self::Maybe => "maybe",
            Self::NotGoing => "not_going",
            Self::Pending => "pending",
            Self::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "going" => Some(Self::Going),
            "waitlisted" => Some(Self::Waitlisted),
            "maybe" => Some(Self::Maybe),
            "not_going" => Some(Self::NotGoing),
            "pending" => Some(Self::Pending),
            "declined" => Some(Self::Declined),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Going => "You're going",
            Self::Waitlisted => "You're on the waitlist",
            Self::Maybe => "Maybe",
            Self::NotGoing => "Not going",
            Self::Pending => "Awaiting the organizers' approval",
            Self::Declined => "Declined by the organizers",
        }
    }

    /// `label` in the page's language.
    pub fn label_in(self, l: crate::locale::Locale) -> &'static str {
        use crate::i18n::td_string;
        match self {
            Self::Going => td_string!(l, rsvp.status.going),
            Self::Waitlisted => td_string!(l, rsvp.status.waitlisted),
            Self::Maybe => td_string!(l, rsvp.status.maybe),
            Self::NotGoing => td_string!(l, rsvp.status.not_going),
            Self::Pending => td_string!(l, rsvp.status.pending),
            Self::Declined => td_string!(l, rsvp.status.declined),
        }
    }
}

/// The largest party one RSVP may bring (the person plus family and friends).
pub const MAX_PARTY: u32 = 20;
/// Dietary notes are a sentence or two.
pub const MAX_DIETARY_CHARS: usize = 500;

/// How many places one RSVP takes: the person and their plus-ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PartySize(u32);

impl PartySize {
    pub fn new(size: i64) -> Result<Self, AppError> {
        if (1..=MAX_PARTY as i64).contains(&size) {
            Ok(Self(size as u32))
        } else {
            Err(AppError::invalid("party_size", format!("a party is 1 to {MAX_PARTY} people, you included")))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

pub fn dietary_note(input: &str) -> Result<String, AppError> {
    let note = input.trim();
    if note.chars().count() > MAX_DIETARY_CHARS {
        return Err(AppError::invalid("dietary", format!("keep it under {MAX_DIETARY_CHARS} characters")));
    }
    Ok(note.to_string())
}

/// Where a "yes" of `party` people lands when `taken` places of `capacity` are held by others.
/// `None` capacity means unlimited.
pub fn decide(party: PartySize, capacity: Option<u32>, taken: u32) -> Status {
    match capacity {
        Some(cap) if taken + party.get() > cap => Status::Waitlisted,
        _ => Status::Going,
    }
}

/// Which waitlisted parties (in waitlist order, as `(id, size)`) move up into `free` places:
/// whole parties only, in order, skipping a party that does not fit yet without losing its place.
pub fn promote(waitlist: &[(i64, u32)], mut free: u32) -> Vec<i64> {
    let mut promoted = Vec::new();
    for &(id, size) in waitlist {
        if free == 0 {
            break;
        }
        if size <= free {
            free -= size;
            promoted.push(id);
        }
    }
    promoted
}

/// An attendee's own RSVP, shown on the event page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRsvp {
    pub status: Status,
    pub party_size: u32,
    pub waitlist_position: Option<i64>,
    /// The path of the RSVP's personal page, `/rsvp/<token>`.
    pub personal_page: String,
}

/// What the event page's RSVP section shows: the caller's own answer and the event's questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RsvpPanel {
    pub mine: Option<MyRsvp>,
    pub questions: Vec<super::questions::Question>,
}

/// Parties and people of one status, and how many of them arrived: a group of the attendee
/// list, as the database sums it up (`db::rsvps::tallies`) or as one line of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub status: Status,
    pub parties: u32,
    pub people: u32,
    pub checked_in_parties: u32,
    pub checked_in_people: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_sizes_are_one_to_twenty() {
        assert!(PartySize::new(0).is_err());
        assert!(PartySize::new(500).is_err());
        assert_eq!(PartySize::new(3).unwrap().get(), 3);
    }

    #[test]
    fn a_party_that_would_overfill_the_event_waits() {
        let three = PartySize::new(3).unwrap();
        assert_eq!(decide(three, Some(10), 7), Status::Going);
        assert_eq!(decide(three, Some(10), 8), Status::Waitlisted);
        assert_eq!(decide(three, None, 1_000_000), Status::Going);
        assert_eq!(decide(three, Some(0), 0), Status::Waitlisted);
    }

    #[test]
    fn promotion_takes_whole_parties_in_order_and_skips_those_that_do_not_fit() {
        let waitlist = [(1, 4), (2, 2), (3, 1), (4, 3)];
        assert_eq!(promote(&waitlist, 3), vec![2, 3], "the party of 4 keeps its place but does not fit");
        assert_eq!(promote(&waitlist, 4), vec![1]);
        assert_eq!(promote(&waitlist, 10), vec![1, 2, 3, 4]);
        assert_eq!(promote(&waitlist, 0), Vec::<i64>::new());
    }

    #[test]
    fn dietary_notes_are_trimmed_and_bounded() {
        assert_eq!(dietary_note("  vegan ").unwrap(), "vegan");
        assert!(dietary_note(&"x".repeat(501)).is_err());
    }
}

/// What a personal RSVP link shows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RsvpPage {
    pub event_title: String,
    pub event_slug: String,
    pub when: String,
    pub name: String,
    pub answer: Answer,
    pub party_size: u32,
    pub dietary: String,
    pub status: Status,
    pub waitlist_position: Option<i64>,
    /// For a confirmed party: the code to show at the entrance, and as a QR code image.
    pub check_in_code: Option<String>,
    pub check_in_qr: Option<String>,
    pub questions: Vec<super::questions::Question>,
    /// question id → the values given
    pub answers: std::collections::BTreeMap<i64, Vec<String>>,
    pub venue_name: String,
    pub venue_address: String,
    /// An OpenStreetMap search for the venue's address.
    pub map_url: Option<String>,
    /// The event prefilled in a web calendar (the `.ics` file is at the event's address).
    pub calendar: crate::events::model::CalendarLinks,
    /// Places still free (`None`: no limit), so a guest who cancelled knows whether a yes gets one.
    pub places_left: Option<u32>,
}

/// An OpenStreetMap search for `address` (or, without one, the venue's name), if either is known.
#[cfg(feature = "ssr")]
pub fn map_link(venue_name: &str, venue_address: &str) -> Option<String> {
    let query = [venue_name, venue_address].into_iter().rev().find(|s| !s.trim().is_empty())?;
    let query: String = url::form_urlencoded::byte_serialize(query.trim().as_bytes()).collect();
    Some(format!("https://www.openstreetmap.org/search?query={query}"))
}

/// Who an organizer's message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Going,
    Maybe,
    Waitlisted,
    Everyone,
}

impl Audience {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "going" => Some(Self::Going),
            "maybe" => Some(Self::Maybe),
            "waitlisted" => Some(Self::Waitlisted),
            "everyone" => Some(Self::Everyone),
            _ => None,
        }
    }

    pub fn includes(self, status: Status) -> bool {
        match self {
            Self::Going => status == Status::Going,
            Self::Maybe => status == Status::Maybe,
            Self::Waitlisted => status == Status::Waitlisted,
            Self::Everyone => !matches!(status, Status::NotGoing | Status::Declined),
        }
    }
}

/// What the person who answered sees next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RsvpOutcome {
    /// `None` for answers without an account: what happened is told only by mail to the address.
    pub status: Option<Status>,
    pub party_size: u32,
    /// 1-based, for waitlisted RSVPs.
    pub waitlist_position: Option<i64>,
}

impl RsvpOutcome {
    /// The reply to every answer given without an account.
    pub fn mailed() -> Self {
        Self { status: None, party_size: 0, waitlist_position: None }
    }

    pub fn message(&self) -> String {
        self.message_in(crate::locale::Locale::en)
    }

    /// Where the answer stands, said to the person who just sent it.
    pub fn message_in(&self, l: crate::locale::Locale) -> String {
        use crate::i18n::td_string;
        let party = self.party_size;
        match (self.status, self.waitlist_position) {
            (None, _) => td_string!(l, rsvp.outcome.mailed).into(),
            (Some(Status::Going), _) => td_string!(l, rsvp.outcome.going, party = party).to_string(),
            (Some(Status::Waitlisted), Some(position)) => {
                td_string!(l, rsvp.outcome.waitlisted_at, party = party, position = position).to_string()
            }
            (Some(Status::Waitlisted), None) => td_string!(l, rsvp.outcome.waitlisted).into(),
            (Some(Status::Maybe), _) => td_string!(l, rsvp.outcome.maybe).into(),
            (Some(Status::NotGoing), _) => td_string!(l, rsvp.outcome.not_going).into(),
            (Some(Status::Pending), _) => td_string!(l, rsvp.outcome.pending, party = party).to_string(),
            (Some(Status::Declined), _) => td_string!(l, rsvp.outcome.declined).into(),
        }
    }
}

/// What the door says after a check-in (in `super::door_model`).
pub use super::door_model::CheckInResult;
