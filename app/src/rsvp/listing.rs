//! The attendee page's view of the list: searched and sorted rows, the invited who have not
//! answered, and the dietary notes summed up. Pure Rust, shared with the browser.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::model::Status;
use super::roster::{Attendee, AttendeeList};
use crate::i18n::td_string;

/// How the page orders its rows (`?sort=`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortBy {
    /// Going, the waitlist in order, awaiting approval, maybe, the rest: the database's order.
    #[default]
    Status,
    Name,
    /// The latest answer first.
    Answered,
    /// The largest party first.
    Party,
}

impl SortBy {
    pub const ALL: [Self; 4] = [Self::Status, Self::Name, Self::Answered, Self::Party];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Name => "name",
            Self::Answered => "answered",
            Self::Party => "party",
        }
    }

    /// Anything unknown sorts by status, as a bare address does.
    pub fn parse(s: &str) -> Self {
        Self::ALL.into_iter().find(|k| k.as_str() == s).unwrap_or_default()
    }
}

/// Someone invited by email who has not answered yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitee {
    pub email: String,
    /// When the (latest) invitation went out, in words.
    pub invited_on: String,
}

/// One dietary note as guests wrote it, with the RSVPs that gave it and the people in those parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DietaryNote {
    pub note: String,
    pub rsvps: u32,
    pub people: u32,
}

/// The dietary notes of those going: each note counts once per RSVP, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DietarySummary {
    pub notes: Vec<DietaryNote>,
    /// Going RSVPs that gave a note, and the people in their parties.
    pub rsvps: u32,
    pub people: u32,
    /// Going RSVPs and people in all.
    pub going_rsvps: u32,
    pub going_people: u32,
}

/// What the organizer's attendee page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeView {
    /// The list, its rows searched and sorted (its counts and summaries cover everyone).
    pub list: AttendeeList,
    /// RSVPs before the search.
    pub total: usize,
    pub query: String,
    pub sort: SortBy,
    pub invited: Vec<Invitee>,
    pub dietary: DietarySummary,
    /// The parties asking to come, whatever the search.
    pub pending: Vec<Attendee>,
}

/// "1 party", "3 parties", in the page's language.
pub fn parties(n: u32) -> String {
    let l = crate::locale::current();
    if n == 1 { td_string!(l, attendees.party_one).to_string() } else { td_string!(l, attendees.party_many, count = n).to_string() }
}

/// "1 person", "3 people".
pub fn people(n: u32) -> String {
    let l = crate::locale::current();
    if n == 1 { td_string!(l, attendees.person_one).to_string() } else { td_string!(l, attendees.person_many, count = n).to_string() }
}

/// "1 RSVP", "3 RSVPs".
pub fn rsvps(n: u32) -> String {
    let l = crate::locale::current();
    if n == 1 { td_string!(l, attendees.rsvp_one).to_string() } else { td_string!(l, attendees.rsvp_many, count = n).to_string() }
}

/// Whether the search `query` finds `a`: in its name or email, in any case.
pub fn matches(a: &Attendee, query: &str) -> bool {
    let query = query.trim().to_lowercase();
    query.is_empty() || a.name.to_lowercase().contains(&query) || a.email.to_lowercase().contains(&query)
}

/// Orders `rows` by `by`; `answered` holds when each address last answered.
pub fn sort(rows: &mut [Attendee], by: SortBy, answered: &HashMap<String, i64>) {
    let name = |a: &Attendee| (a.name.to_lowercase(), a.email.clone());
    match by {
        SortBy::Status => {}
        SortBy::Name => rows.sort_by_key(name),
        SortBy::Answered => rows.sort_by_key(|a| (std::cmp::Reverse(answered.get(&a.email).copied().unwrap_or(0)), name(a))),
        SortBy::Party => rows.sort_by_key(|a| (std::cmp::Reverse(a.party_size), name(a))),
    }
}

/// Sums up the dietary notes of the going parties: notes that differ only in case or spaces are
/// one, spelled as first written; the most frequent first.
pub fn dietary_summary(attendees: &[Attendee]) -> DietarySummary {
    let mut summary = DietarySummary::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    for a in attendees.iter().filter(|a| a.status == Status::Going) {
        summary.going_rsvps += 1;
        summary.going_people += a.party_size;
        let note = a.dietary.split_whitespace().collect::<Vec<_>>().join(" ");
        if note.is_empty() {
            continue;
        }
        summary.rsvps += 1;
        summary.people += a.party_size;
        let at = *index.entry(note.to_lowercase()).or_insert_with(|| {
            summary.notes.push(DietaryNote { note, rsvps: 0, people: 0 });
            summary.notes.len() - 1
        });
        summary.notes[at].rsvps += 1;
        summary.notes[at].people += a.party_size;
    }
    summary.notes.sort_by(|a, b| b.rsvps.cmp(&a.rsvps).then_with(|| a.note.to_lowercase().cmp(&b.note.to_lowercase())));
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attendee(name: &str, status: Status, party: u32, dietary: &str) -> Attendee {
        Attendee {
            name: name.into(),
            email: format!("{}@example.org", name.to_lowercase()),
            status,
            party_size: party,
            dietary: dietary.into(),
            waitlist_position: None,
            checked_in: false,
            answers: vec![],
        }
    }

    #[test]
    fn a_note_counts_once_per_rsvp_as_written() {
        let list = [
            attendee("Anna", Status::Going, 5, "2 vegan"),
            attendee("Ben", Status::Going, 2, " 2  Vegan"),
            attendee("Cleo", Status::Going, 1, ""),
            attendee("Dan", Status::Waitlisted, 4, "nut allergy"),
        ];
        let summary = dietary_summary(&list);
        assert_eq!(summary.notes, vec![DietaryNote { note: "2 vegan".into(), rsvps: 2, people: 7 }]);
        assert_eq!((summary.rsvps, summary.people, summary.going_rsvps, summary.going_people), (2, 7, 3, 8));
    }

    #[test]
    fn search_and_sort() {
        let mut rows =
            vec![attendee("bob", Status::Going, 1, ""), attendee("Alice", Status::Maybe, 3, ""), attendee("Carl", Status::Going, 2, "")];
        assert!(matches(&rows[1], "ALI") && matches(&rows[1], "alice@") && !matches(&rows[1], "bob"));
        sort(&mut rows, SortBy::Name, &HashMap::new());
        assert_eq!(rows.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["Alice", "bob", "Carl"]);
        sort(&mut rows, SortBy::Party, &HashMap::new());
        assert_eq!(rows[0].name, "Alice");
        let answered = HashMap::from([("carl@example.org".to_string(), 9), ("bob@example.org".to_string(), 5)]);
        sort(&mut rows, SortBy::Answered, &answered);
        assert_eq!(rows[0].name, "Carl");
        assert_eq!(SortBy::parse("nonsense"), SortBy::Status);
    }
}
