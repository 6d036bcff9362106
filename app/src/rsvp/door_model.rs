//! The door's types, shared by the server and the check-in desk in the browser.

use serde::{Deserialize, Serialize};

use crate::i18n::td_string;
use crate::locale::Locale;

/// People in so far among the event's confirmed parties, and people expected (their sizes summed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorCounts {
    pub arrived: u32,
    pub expected: u32,
}

impl DoorCounts {
    pub fn message_in(&self, l: Locale) -> String {
        td_string!(l, checkin.counter, arrived = self.arrived, expected = self.expected).to_string()
    }
}

/// What check-in staff see after a code is scanned or typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInResult {
    pub name: String,
    pub party_size: u32,
    /// People of the party in so far, this check-in's included.
    pub arrived: u32,
    /// People this check-in let in; 0 when the whole party was in already.
    pub people: u32,
    /// The whole party had arrived before; `at` is when the first of it did.
    pub already_checked_in: bool,
    /// Local time at the venue, "16:05".
    pub at: String,
    /// The door's counter after this check-in.
    pub counts: DoorCounts,
}

impl CheckInResult {
    /// What the door says, in the page's language.
    pub fn message_in(&self, l: Locale) -> String {
        let (name, party, at) = (&self.name, self.party_size, &self.at);
        if self.already_checked_in {
            td_string!(l, checkin.already, name = name, party = party, at = at).to_string()
        } else if self.people == self.party_size {
            td_string!(l, checkin.welcome, name = name, party = party, at = at).to_string()
        } else {
            td_string!(l, checkin.welcome_part, name = name, arrived = self.arrived, party = party, at = at).to_string()
        }
    }
}

/// A confirmed party the door found by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorGuest {
    pub name: String,
    pub party_size: u32,
    pub arrived: u32,
    /// Its check-in code: the search's "Check in" button sends it like a typed one.
    pub code: String,
}

impl DoorGuest {
    pub fn remaining(&self) -> u32 {
        self.party_size.saturating_sub(self.arrived)
    }
}

/// The most parties a search lists; more means "type more of the name".
pub const SEARCH_LIMIT: usize = 20;

/// The guests whose names match a search, at most [`SEARCH_LIMIT`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorSearch {
    pub query: String,
    pub guests: Vec<DoorGuest>,
    /// More parties matched than are listed.
    pub more: bool,
    pub counts: DoorCounts,
}

/// The check-in page: the event, the counter, and a search if one was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorPage {
    pub event_id: i64,
    pub slug: String,
    pub title: String,
    /// Organizers also get a link to the attendee list; door helpers do not.
    pub can_organize: bool,
    pub search: DoorSearch,
}

/// Whether `name` matches what the helper typed: every word of it appears in the name, in any case.
pub fn name_matches(name: &str, query: &str) -> bool {
    let name = name.to_lowercase();
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    !words.is_empty() && words.iter().all(|w| name.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(people: u32, arrived: u32, already: bool) -> CheckInResult {
        CheckInResult {
            name: "Grace".into(),
            party_size: 4,
            arrived,
            people,
            already_checked_in: already,
            at: "16:05".into(),
            counts: DoorCounts::default(),
        }
    }

    #[test]
    fn the_door_says_whole_party_part_of_it_or_already_in() {
        assert_eq!(result(4, 4, false).message_in(Locale::en), "Welcome, Grace: party of 4 checked in at 16:05.");
        assert_eq!(result(2, 2, false).message_in(Locale::en), "Welcome, Grace: 2 of 4 arrived at 16:05.");
        assert_eq!(result(2, 4, false).message_in(Locale::en), "Welcome, Grace: 4 of 4 arrived at 16:05.");
        assert_eq!(result(0, 4, true).message_in(Locale::en), "Grace (party of 4) was already checked in at 16:05.");
        assert_eq!(result(2, 2, false).message_in(Locale::de), "Willkommen, Grace: 2 von 4 um 16:05 angekommen.");
    }

    #[test]
    fn names_match_by_every_word_in_any_case() {
        assert!(name_matches("Jürgen Müller", "müller"));
        assert!(name_matches("Jürgen Müller", "MÜLLER jür"));
        assert!(!name_matches("Jürgen Müller", "Meier"));
        assert!(!name_matches("Jürgen Müller", "  "));
    }
}
