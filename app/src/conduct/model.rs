//! Code-of-conduct reports as the pages and the rules see them: what a reporter tells, the
//! steps a report goes through, what responders may do. Pure: no database, no keys.

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::td_string;
use crate::locale::Locale;

/// Longest text of one field: a long account of an incident fits, a flood does not.
pub const MAX_TEXT: usize = 10_000;
const MAX_SHORT: usize = 200;

/// How the reporter wants to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ContactWay {
    Email,
    Phone,
    #[default]
    None,
}

impl ContactWay {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "email" => Some(Self::Email),
            "phone" => Some(Self::Phone),
            "none" | "" => Some(Self::None),
            _ => None,
        }
    }
}

/// Everything the reporter wrote: sealed as one text at rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReportText {
    pub what: String,
    pub when_where: String,
    pub involved: String,
    pub witnesses: String,
    pub danger: bool,
    pub contact: ContactWay,
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// The report form as sent: every field a string, checked by [`ReportInput::validate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReportInput {
    pub what: String,
    #[serde(default)]
    pub when_where: String,
    #[serde(default)]
    pub involved: String,
    #[serde(default)]
    pub witnesses: String,
    /// "yes" or "no": nothing chosen is a question left open, not a no.
    #[serde(default)]
    pub danger: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

fn long(field: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT {
        return Err(AppError::invalid(field, td_string!(crate::locale::current(), conduct.err.too_long, n = MAX_TEXT).to_string()));
    }
    Ok(text.to_string())
}

fn short(field: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.chars().count() > MAX_SHORT {
        return Err(AppError::invalid(field, td_string!(crate::locale::current(), conduct.err.short, n = MAX_SHORT).to_string()));
    }
    Ok(text.to_string())
}

impl ReportInput {
    pub fn validate(&self) -> Result<ReportText, AppError> {
        let what = long("what", &self.what)?;
        if what.is_empty() {
            return Err(AppError::invalid("what", td_string!(crate::locale::current(), conduct.err.what)));
        }
        let danger = match self.danger.as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err(AppError::invalid("danger", td_string!(crate::locale::current(), conduct.err.danger))),
        };
        let contact = ContactWay::parse(&self.contact)
            .ok_or_else(|| AppError::invalid("contact", td_string!(crate::locale::current(), conduct.err.contact)))?;
        let email = short("email", &self.email)?;
        let phone = short("phone", &self.phone)?;
        match contact {
            ContactWay::Email if crate::auth::model::Email::parse(&email).is_err() => {
                return Err(AppError::invalid("email", td_string!(crate::locale::current(), conduct.err.email)));
            }
            ContactWay::Phone if phone.chars().filter(char::is_ascii_digit).count() < 5 => {
                return Err(AppError::invalid("phone", td_string!(crate::locale::current(), conduct.err.phone)));
            }
            _ => {}
        }
        Ok(ReportText {
            what,
            when_where: long("when_where", &self.when_where)?,
            involved: long("involved", &self.involved)?,
            witnesses: long("witnesses", &self.witnesses)?,
            danger,
            contact,
            name: short("name", &self.name)?,
            // Only the way chosen is kept: an address typed and then not chosen is not stored.
            email: if contact == ContactWay::Email { email } else { String::new() },
            phone: if contact == ContactWay::Phone { phone } else { String::new() },
        })
    }
}

/// Where a report stands. Steps only go forward; resolved and closed are the ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Acknowledged,
    Investigating,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] = [Self::New, Self::Acknowledged, Self::Investigating, Self::Resolved, Self::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Acknowledged => "acknowledged",
            Self::Investigating => "investigating",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::New => td_string!(l, conduct.status.fresh),
            Self::Acknowledged => td_string!(l, conduct.status.acknowledged),
            Self::Investigating => td_string!(l, conduct.status.investigating),
            Self::Resolved => td_string!(l, conduct.status.resolved),
            Self::Closed => td_string!(l, conduct.status.closed),
        }
    }

    /// "Mark acknowledged": the button that moves a report to this status.
    pub fn mark(self, l: Locale) -> &'static str {
        match self {
            Self::New => td_string!(l, conduct.step.fresh),
            Self::Acknowledged => td_string!(l, conduct.step.acknowledged),
            Self::Investigating => td_string!(l, conduct.step.investigating),
            Self::Resolved => td_string!(l, conduct.step.resolved),
            Self::Closed => td_string!(l, conduct.step.closed),
        }
    }

    /// "Marked acknowledged": the timeline's entry for a step to this status.
    pub fn marked(self, l: Locale) -> &'static str {
        match self {
            Self::New => td_string!(l, conduct.marked.fresh),
            Self::Acknowledged => td_string!(l, conduct.marked.acknowledged),
            Self::Investigating => td_string!(l, conduct.marked.investigating),
            Self::Resolved => td_string!(l, conduct.marked.resolved),
            Self::Closed => td_string!(l, conduct.marked.closed),
        }
    }

    /// Done with: retention counts from here.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Resolved | Self::Closed)
    }

    /// The steps a responder may take from here: a new report is first acknowledged; an open
    /// one goes on to any later step; a resolved one may still be closed.
    pub fn next(self) -> Vec<Status> {
        match self {
            Self::New => vec![Self::Acknowledged],
            Self::Acknowledged => vec![Self::Investigating, Self::Resolved, Self::Closed],
            Self::Investigating => vec![Self::Resolved, Self::Closed],
            Self::Resolved => vec![Self::Closed],
            Self::Closed => vec![],
        }
    }
}

/// What responders did about a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Warning,
    /// Removal from the event: the person's RSVP is cancelled and new ones refused.
    Removal,
    Other,
}

impl ActionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Removal => "removal",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Warning, Self::Removal, Self::Other].into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::Warning => td_string!(l, conduct.action.warning),
            Self::Removal => td_string!(l, conduct.action.removal),
            Self::Other => td_string!(l, conduct.action.other),
        }
    }
}

/// The follow-up code's alphabet: no 0/O, 1/I/L, so it can be read out and typed on a phone.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// 25 symbols of 31: 123 random bits, far beyond guessing at any rate the limits allow.
const SYMBOLS: usize = 25;

/// A fresh follow-up code, "ABCDE-FGHJK-…" in five groups of five.
#[cfg(feature = "ssr")]
pub fn new_follow_up_code() -> String {
    let symbols: Vec<char> = (0..SYMBOLS).map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char).collect();
    symbols.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A code as typed: case, spaces and dashes do not matter; `None` if it cannot be one.
pub fn normalize_code(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    (code.len() == SYMBOLS && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The event's code of conduct and the reporting page's facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConductPage {
    pub event_id: i64,
    pub slug: String,
    pub event_title: String,
    /// Rendered and sanitized.
    pub code_html: String,
    /// The event's own code as written, for its organizers' editor; empty: the instance's.
    pub own_code_md: String,
    pub emergency_contact: String,
    pub emergency_number: String,
    /// Organizers change the event's code and its emergency contact.
    pub may_edit: bool,
    /// Administrators change the instance's code.
    pub may_edit_default: bool,
    pub default_code_md: String,
    /// Responders see the reports; organizers and administrators only how many there are.
    pub responder: bool,
    pub report_count: Option<u64>,
}

/// One entry of a report's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryView {
    pub kind: String,
    /// "You" / "The responders" for the reporter; a responder's name for responders.
    pub who: String,
    pub when: String,
    pub text: String,
}

/// What the reporter sees with their code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpView {
    pub slug: String,
    pub event_title: String,
    pub status: Status,
    pub sent: String,
    pub report: ReportText,
    /// Replies and the reporter's additions; never internal notes or actions.
    pub entries: Vec<EntryView>,
}

/// A report in the responders' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub id: i64,
    pub urgent: bool,
    pub status: Status,
    pub sent: String,
    /// The caller is recused: they learn only that.
    pub recused: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportList {
    pub slug: String,
    pub event_title: String,
    pub reports: Vec<ReportSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadView {
    pub who: String,
    pub when: String,
    pub what: String,
}

/// One report for its responders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDetail {
    pub id: i64,
    pub slug: String,
    pub event_title: String,
    pub urgent: bool,
    pub status: Status,
    pub sent: String,
    pub report: ReportText,
    pub entries: Vec<EntryView>,
    /// The other responders who are not recused: who may be recused from here.
    pub recusable: Vec<(i64, String)>,
    pub recused: Vec<String>,
    pub reads: Vec<ReadView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ReportInput {
        ReportInput { what: "Remarks at the BBQ".into(), danger: "no".into(), contact: "none".into(), ..Default::default() }
    }

    #[test]
    fn a_report_needs_what_happened_and_an_answer_about_danger() {
        assert!(input().validate().is_ok());
        let empty = ReportInput { what: "  ".into(), ..input() };
        assert_eq!(empty.validate().unwrap_err().field(), Some("what"));
        let open = ReportInput { danger: String::new(), ..input() };
        assert_eq!(open.validate().unwrap_err().field(), Some("danger"));
        let flood = ReportInput { what: "x".repeat(MAX_TEXT + 1), ..input() };
        assert_eq!(flood.validate().unwrap_err().field(), Some("what"));
    }

    #[test]
    fn only_the_way_of_contact_chosen_is_kept_and_it_must_work() {
        let email = ReportInput { contact: "email".into(), email: "not an address".into(), ..input() };
        assert_eq!(email.validate().unwrap_err().field(), Some("email"));
        let phone = ReportInput { contact: "phone".into(), phone: "12".into(), email: "ada@example.org".into(), ..input() };
        assert_eq!(phone.validate().unwrap_err().field(), Some("phone"));
        let fine = ReportInput { phone: "+49 30 1234567".into(), ..phone }.validate().unwrap();
        assert_eq!((fine.contact, fine.email.as_str()), (ContactWay::Phone, ""), "the address typed but not chosen is dropped");
    }

    #[test]
    fn steps_only_go_forward() {
        assert_eq!(Status::New.next(), [Status::Acknowledged]);
        assert!(Status::Closed.next().is_empty());
        for status in Status::ALL {
            assert!(status.next().iter().all(|n| *n > status), "{status:?}");
        }
    }

    #[test]
    fn codes_are_long_random_and_forgiving_to_type() {
        let code = new_follow_up_code();
        assert_eq!(code.len(), 29, "{code}");
        assert_eq!(normalize_code(&code.to_lowercase().replace('-', " ")), Some(code.replace('-', "")));
        assert_ne!(new_follow_up_code(), code);
        assert_eq!(normalize_code("ABCDE"), None, "too short");
        assert_eq!(normalize_code(&"0".repeat(25)), None, "not of the alphabet");
    }
}
