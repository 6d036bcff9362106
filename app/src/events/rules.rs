//! The event rules that need no database: checking the editor's input, addresses made
//! from titles, times put into words in the event's zone, and who a message goes to.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use super::model::{EventInput, EventKind, MAX_CAPACITY, MAX_DESCRIPTION_CHARS, MAX_SERIES_CHARS, MAX_TITLE_CHARS, Visibility};
use crate::db::events::{EventFields, EventRow};
use crate::error::{AppError, AppResult};
use crate::i18n::td_string;
use crate::locale::{self, Locale, current};

/// A message for `AppError::invalid`, in the page's language.
fn said(words: impl std::fmt::Display) -> String {
    words.to_string()
}

/// "Sat 17 Aug 2013, 16:00 – 23:00 (Europe/Berlin)", or with both dates when it spans days;
/// in English, for files and exports. Pages and mails use `describe_span_in`.
pub fn describe_span(starts_at: i64, ends_at: i64, zone: &str) -> String {
    describe_span_in(Locale::en, starts_at, ends_at, zone)
}

/// `describe_span` in `locale`: "Sa., 17. Aug. 2013, 16:00 – 23:00 (Europe/Berlin)" in German.
pub fn describe_span_in(locale: Locale, starts_at: i64, ends_at: i64, zone: &str) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    let (Ok(start), Ok(end)) = (Timestamp::from_second(starts_at), Timestamp::from_second(ends_at)) else {
        return String::new();
    };
    let (start, end) = (start.to_zoned(tz.clone()), end.to_zoned(tz));
    let name = start.time_zone().iana_name().unwrap_or("UTC").to_string();
    if start.date() == end.date() {
        format!("{}, {} – {} ({name})", locale::date(locale, &start), start.strftime("%H:%M"), end.strftime("%H:%M"))
    } else {
        format!("{} – {} ({name})", locale::date_time(locale, &start), locale::date_time(locale, &end))
    }
}

/// "Sat 17 Aug 2013, 16:05": an instant in the event's zone (audit trails, reports, deliveries).
pub fn describe_instant(at: i64, zone: &str) -> String {
    describe_instant_in(Locale::en, at, zone)
}

/// `describe_instant` in `locale`.
pub fn describe_instant_in(locale: Locale, at: i64, zone: &str) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    Timestamp::from_second(at).map(|t| locale::date_time(locale, &t.to_zoned(tz))).unwrap_or_default()
}

/// Parsed and checked editor input, ready to store.
pub(super) struct Valid {
    pub(super) kind: EventKind,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) starts_at: i64,
    pub(super) ends_at: i64,
    pub(super) time_zone: String,
    pub(super) venue_name: String,
    pub(super) venue_address: String,
    pub(super) capacity: Option<i64>,
    pub(super) visibility: Visibility,
    pub(super) rsvp_deadline: Option<i64>,
    pub(super) reminder_hours: i64,
    pub(super) title_de: Option<String>,
    pub(super) description_de: Option<String>,
    pub(super) series: Option<String>,
    pub(super) requires_approval: bool,
    pub(super) reply_to: Option<String>,
}

impl Valid {
    pub(super) fn fields(&self, series_id: Option<i64>) -> EventFields<'_> {
        EventFields {
            kind: self.kind,
            title: &self.title,
            description_md: &self.description,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            time_zone: &self.time_zone,
            venue_name: &self.venue_name,
            venue_address: &self.venue_address,
            capacity: self.capacity,
            visibility: self.visibility,
            rsvp_deadline: self.rsvp_deadline,
            reminder_hours: self.reminder_hours,
            title_de: self.title_de.as_deref(),
            description_de: self.description_de.as_deref(),
            series_id,
            requires_approval: self.requires_approval,
            reply_to: self.reply_to.as_deref(),
        }
    }
}

/// A local date-time typed into the editor, in the event's zone, as a UTC timestamp.
pub(crate) fn local_time(field: &str, value: &str, tz: &TimeZone) -> AppResult<i64> {
    let invalid = || AppError::invalid(field, said(td_string!(current(), editor.bad_time)));
    let civil: DateTime = value.trim().parse().map_err(|_| invalid())?;
    Ok(civil.to_zoned(tz.clone()).map_err(|_| invalid())?.timestamp().as_second())
}

pub(crate) fn bounded(field: &str, value: &str, max: usize, required: bool) -> AppResult<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(AppError::invalid(field, said(td_string!(current(), errors.required))));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, said(td_string!(current(), errors.at_most_chars, max = max))));
    }
    Ok(value.to_string())
}

/// A one-line text (a title, a venue, a mail subject): it also lands in mail headers and
/// calendar lines, where a line break would break the mail or the file.
pub(crate) fn one_line(field: &str, value: &str, max: usize, required: bool) -> AppResult<String> {
    let value = bounded(field, value, max, required)?;
    if value.chars().any(char::is_control) {
        return Err(AppError::invalid(field, said(td_string!(current(), errors.one_line))));
    }
    Ok(value)
}

pub(super) fn validate(input: &EventInput) -> AppResult<Valid> {
    let title = one_line("title", &input.title, MAX_TITLE_CHARS, true)?;
    let kind = EventKind::parse(&input.kind).ok_or_else(|| AppError::invalid("kind", said(td_string!(current(), editor.bad_kind))))?;
    let description = bounded("description", &input.description, MAX_DESCRIPTION_CHARS, false)?;
    let time_zone = input.time_zone.trim();
    let tz = TimeZone::get(time_zone).map_err(|_| AppError::invalid("time_zone", said(td_string!(current(), editor.bad_zone))))?;
    let starts_at = local_time("starts_at", &input.starts_at, &tz)?;
    let ends_at = local_time("ends_at", &input.ends_at, &tz)?;
    if ends_at < starts_at {
        return Err(AppError::invalid("ends_at", said(td_string!(current(), editor.bad_end))));
    }
    let capacity = match input.capacity.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (0..=MAX_CAPACITY).contains(&n) => Some(n),
            _ => {
                return Err(AppError::invalid("capacity", said(td_string!(current(), editor.bad_capacity, max = MAX_CAPACITY))));
            }
        },
    };
    let visibility = match input.visibility.trim() {
        "" => Visibility::Public,
        given => {
            Visibility::parse(given).ok_or_else(|| AppError::invalid("visibility", said(td_string!(current(), editor.bad_visibility))))?
        }
    };
    let reminder_hours = match input.reminder_hours.trim() {
        "" => 24,
        text => match text.parse::<i64>() {
            Ok(n) if (0..=336).contains(&n) => n,
            _ => return Err(AppError::invalid("reminder_hours", said(td_string!(current(), editor.bad_reminder)))),
        },
    };
    let rsvp_deadline = match input.rsvp_deadline.trim() {
        "" => None,
        text => Some(local_time("rsvp_deadline", text, &tz)?),
    };
    if rsvp_deadline.is_some_and(|deadline| deadline > ends_at) {
        return Err(AppError::invalid("rsvp_deadline", said(td_string!(current(), editor.bad_deadline))));
    }
    let requires_approval = match input.requires_approval.trim() {
        "" | "off" | "false" => false,
        "on" | "true" => true,
        _ => return Err(AppError::invalid("requires_approval", said(td_string!(current(), editor.bad_approval)))),
    };
    let reply_to = match input.reply_to.trim() {
        "" => None,
        given => Some(
            crate::auth::model::Email::parse(given)
                .map_err(|_| AppError::invalid("reply_to", crate::i18n::td_string!(crate::locale::current(), rsvp.reply_to_invalid)))?
                .as_str()
                .to_string(),
        ),
    };
    Ok(Valid {
        reply_to,
        requires_approval,
        kind,
        title,
        description,
        starts_at,
        ends_at,
        time_zone: time_zone.to_string(),
        venue_name: one_line("venue_name", &input.venue_name, 200, false)?,
        venue_address: one_line("venue_address", &input.venue_address, 500, false)?,
        capacity,
        visibility,
        rsvp_deadline,
        reminder_hours,
        title_de: Some(one_line("title_de", &input.title_de, MAX_TITLE_CHARS, false)?).filter(|t| !t.is_empty()),
        description_de: Some(bounded("description_de", &input.description_de, MAX_DESCRIPTION_CHARS, false)?).filter(|d| !d.is_empty()),
        series: Some(one_line("series", &input.series, MAX_SERIES_CHARS, false)?).filter(|s| !s.is_empty()),
    })
}

/// A readable, unique address part from the title: "Developer & admin BBQ" -> "developer-admin-bbq".
pub fn slug_base(title: &str) -> String {
    let mut slug = String::new();
    for c in title.to_lowercase().chars() {
        let c = match c {
            'ä' => "ae".to_string(),
            'ö' => "oe".to_string(),
            'ü' => "ue".to_string(),
            'ß' => "ss".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        slug.push_str(&c);
    }
    let slug: Vec<&str> = slug.split('-').filter(|s| !s.is_empty()).collect();
    let slug = slug.join("-");
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() { "event".into() } else { slug.trim_end_matches('-').to_string() }
}

pub(super) fn iso(seconds: i64) -> String {
    Timestamp::from_second(seconds).map(|t| t.to_string()).unwrap_or_default()
}

/// The stored event as the editor shows it again.
pub(super) fn editor_values(event: &EventRow) -> EventInput {
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let local =
        |s: i64| Timestamp::from_second(s).map(|t| t.to_zoned(tz.clone()).strftime("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default();
    EventInput {
        title: event.title.clone(),
        kind: event.kind.as_str().to_string(),
        description: event.description_md.clone(),
        starts_at: local(event.starts_at),
        ends_at: local(event.ends_at),
        time_zone: event.time_zone.clone(),
        venue_name: event.venue_name.clone(),
        venue_address: event.venue_address.clone(),
        capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
        visibility: event.visibility.as_str().to_string(),
        rsvp_deadline: event.rsvp_deadline.map(local).unwrap_or_default(),
        reminder_hours: event.reminder_hours.to_string(),
        title_de: event.title_de.clone().unwrap_or_default(),
        description_de: event.description_de.clone().unwrap_or_default(),
        series: event.series_title.clone().unwrap_or_default(),
        requires_approval: if event.requires_approval { "on" } else { "" }.into(),
        reply_to: event.reply_to.clone().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EventInput {
        EventInput {
            title: "Sommerfest".into(),
            kind: "party".into(),
            starts_at: "2013-08-17T16:00".into(),
            ends_at: "2013-08-17T23:00".into(),
            time_zone: "Europe/Berlin".into(),
            capacity: "120".into(),
            ..Default::default()
        }
    }

    #[test]
    fn editor_input_is_checked_field_by_field() {
        let ok = validate(&input()).unwrap();
        assert_eq!(ok.starts_at, 1_376_748_000);
        assert_eq!(ok.capacity, Some(120));
        let field = |i: EventInput| validate(&i).err().and_then(|e| e.field().map(str::to_string));
        assert_eq!(field(EventInput { ends_at: "2013-08-17T15:00".into(), ..input() }).as_deref(), Some("ends_at"));
        assert_eq!(field(EventInput { time_zone: "Mars/Olympus".into(), ..input() }).as_deref(), Some("time_zone"));
        assert_eq!(field(EventInput { description: "x".repeat(2_000_000), ..input() }).as_deref(), Some("description"));
        assert_eq!(field(EventInput { capacity: "-1".into(), ..input() }).as_deref(), Some("capacity"));
        assert_eq!(field(EventInput { title: "  ".into(), ..input() }).as_deref(), Some("title"));
        assert_eq!(field(EventInput { starts_at: "tomorrow".into(), ..input() }).as_deref(), Some("starts_at"));
        assert_eq!(field(EventInput { series: "x".repeat(81), ..input() }).as_deref(), Some("series"));
        assert_eq!(
            field(EventInput { title: "BBQ\r\nBcc: all@example.org".into(), ..input() }).as_deref(),
            Some("title"),
            "titles go into mail subjects"
        );
        assert_eq!(field(EventInput { venue_name: "Hof\nam Werk".into(), ..input() }).as_deref(), Some("venue_name"));
        assert_eq!(
            field(EventInput { rsvp_deadline: "2013-08-18T10:00".into(), ..input() }).as_deref(),
            Some("rsvp_deadline"),
            "a deadline after the end"
        );
        assert!(validate(&EventInput { description: "line one\nline two".into(), ..input() }).is_ok(), "descriptions have lines");
    }

    #[test]
    fn slugs_read_well() {
        assert_eq!(slug_base("Developer & admin BBQ IV"), "developer-admin-bbq-iv");
        assert_eq!(slug_base("Sommerfest in Halle (Saale)"), "sommerfest-in-halle-saale");
        assert_eq!(slug_base("Grüße"), "gruesse");
        assert_eq!(slug_base("!!!"), "event");
    }

    #[test]
    fn a_summer_party_is_described_in_its_own_time_zone() {
        // 17 Aug 2013 16:00–23:00 in Halle (CEST, UTC+2).
        let text = describe_span(1_376_748_000, 1_376_773_200, "Europe/Berlin");
        assert_eq!(text, "Sat 17 Aug 2013, 16:00 – 23:00 (Europe/Berlin)");
    }

    #[test]
    fn a_multi_day_sprint_names_both_days() {
        // Thu 15 Aug 2013 09:00 to Sat 17 Aug 2013 16:00, Berlin.
        let text = describe_span(1_376_550_000, 1_376_748_000, "Europe/Berlin");
        assert_eq!(text, "Thu 15 Aug 2013, 09:00 – Sat 17 Aug 2013, 16:00 (Europe/Berlin)");
    }
}
