//! The organizer's attendee list: its lines, counts and CSV. Pure Rust, shared with the browser
//! (the list's live counts are an island).

use serde::{Deserialize, Serialize};

use super::model::{Status, Tally};

/// One line of the organizer's attendee list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Attendee {
    pub name: String,
    pub email: String,
    pub status: Status,
    pub party_size: u32,
    pub dietary: String,
    pub waitlist_position: Option<u32>,
    pub checked_in: bool,
    /// (question, answer) for each of the event's questions.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Vec<String>>))]
    pub answers: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
        Self::from_tallies(attendees.iter().map(|a| Tally {
            status: a.status,
            parties: 1,
            people: a.party_size,
            checked_in_parties: a.checked_in.into(),
            checked_in_people: if a.checked_in { a.party_size } else { 0 },
        }))
    }

    pub fn from_tallies(tallies: impl IntoIterator<Item = Tally>) -> Self {
        let mut c = Self::default();
        for t in tallies {
            match t.status {
                Status::Going => {
                    c.going_parties += t.parties;
                    c.going_people += t.people;
                    c.checked_in_parties += t.checked_in_parties;
                    c.checked_in_people += t.checked_in_people;
                }
                Status::Waitlisted => {
                    c.waitlisted_parties += t.parties;
                    c.waitlisted_people += t.people;
                }
                Status::Maybe => c.maybe += t.parties,
                Status::NotGoing => c.not_going += t.parties,
                Status::Pending => {
                    c.pending_parties += t.parties;
                    c.pending_people += t.people;
                }
                Status::Declined => c.declined += t.parties,
            }
        }
        c
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AttendeeList {
    pub event_id: i64,
    pub title: String,
    pub slug: String,
    pub capacity: Option<u32>,
    pub counts: AttendeeCounts,
    pub attendees: Vec<Attendee>,
    /// What those going chose, per question: the shopping list.
    pub summary: Vec<super::questions::AnswerSummary>,
    /// Changes organizers made by hand, newest first, with their reasons.
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub when: String,
    pub by: String,
    pub attendee: String,
    pub change: String,
    pub reason: String,
}

impl AttendeeList {
    /// The list as CSV for spreadsheets, its headings in `l`. Cells that a spreadsheet would run
    /// as a formula are quoted as text.
    pub fn to_csv(&self, l: crate::locale::Locale) -> String {
        use crate::csv::cell;
        use crate::i18n::td_string;
        let questions: Vec<String> = self.attendees.first().map(|a| a.answers.iter().map(|(q, _)| cell(q)).collect()).unwrap_or_default();
        let headings = [
            td_string!(l, csv.attendees.name),
            td_string!(l, csv.attendees.email),
            td_string!(l, csv.attendees.status),
            td_string!(l, csv.attendees.party_size),
            td_string!(l, csv.attendees.waitlist_position),
            td_string!(l, csv.attendees.dietary),
            td_string!(l, csv.attendees.checked_in),
        ];
        let mut out = headings.map(cell).join(",");
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
                status: Status::Going,
                party_size: 3,
                dietary: "vegan, no nuts".into(),
                waitlist_position: None,
                checked_in: true,
                answers: vec![],
            }],
            summary: vec![],
            audit: vec![],
        };
        let csv = list.to_csv(crate::locale::Locale::en);
        assert!(csv.starts_with("name,email,status,party_size,waitlist_position,dietary,checked_in\r\n"));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\",a@example.org,going,3,,\"vegan, no nuts\",yes\r\n"), "{csv}");
        let german = list.to_csv(crate::locale::Locale::de);
        assert!(german.starts_with("Name,E-Mail,Status,Gruppengröße,Wartelistenplatz,Ernährungswünsche,Eingecheckt\r\n"), "{german}");
    }
}
