//! iCalendar (RFC 5545) output for events: one event as a mail attachment or download, or a feed.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};

use super::model::EventStatus;
use crate::db::events::EventRow;
use crate::mail::Attachment;

/// One calendar entry, whatever it describes (an event, an open-space session).
#[derive(Debug, Clone)]
pub struct Entry {
    /// Unique on this instance, e.g. "event-7"; the host is added.
    pub uid: String,
    /// Changes with every edit (RFC 5545 SEQUENCE); the last change's time works.
    pub updated_at: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub time_zone: String,
    pub summary: String,
    pub description: String,
    pub location: String,
    /// Absolute.
    pub url: String,
    pub cancelled: bool,
}

impl Entry {
    fn of_event(event: &EventRow, base_url: &str) -> Self {
        Entry {
            uid: format!("event-{}", event.id),
            updated_at: event.updated_at,
            starts_at: event.starts_at,
            ends_at: event.ends_at,
            time_zone: event.time_zone.clone(),
            summary: event.title.clone(),
            description: plain_text(&event.description_md),
            location: event.place(),
            url: format!("{base_url}events/{}", event.slug),
            cancelled: event.status == EventStatus::Cancelled,
        }
    }
}

/// A calendar with `events`; `method` is `PUBLISH` for downloads and feeds, `REQUEST` for invitations.
pub fn calendar(events: &[EventRow], base_url: &str, method: &str) -> String {
    let entries: Vec<Entry> = events.iter().map(|e| Entry::of_event(e, base_url)).collect();
    calendar_of(&entries, base_url, method)
}

/// `event` as one guest's calendar entry, sent in their mail: its SEQUENCE is the time of
/// sending (or the last edit, if later), so each mail supersedes the one before, a
/// cancellation included.
pub fn for_guest(event: &EventRow, base_url: &str, now: i64) -> String {
    let mut entry = Entry::of_event(event, base_url);
    entry.updated_at = now.max(event.updated_at);
    calendar_of(&[entry], base_url, "PUBLISH")
}

/// Takes `event` out of a guest's calendar: the same UID as their entry, METHOD:CANCEL and
/// STATUS:CANCELLED, and a SEQUENCE above any entry sent to them before.
pub fn cancellation(event: &EventRow, base_url: &str, now: i64) -> String {
    let mut entry = Entry::of_event(event, base_url);
    entry.updated_at = now.max(event.updated_at) + 1;
    entry.cancelled = true;
    calendar_of(&[entry], base_url, "CANCEL")
}

/// [`for_guest`] as a mail's attachment, beside the guest's check-in code.
pub fn guest_attachment(event: &EventRow, base_url: &str, now: i64) -> Attachment {
    attachment(event, "PUBLISH", for_guest(event, base_url, now))
}

/// [`cancellation`] as a mail's attachment: whoever tells a guest the entry is gone, the guest
/// cancelling their RSVP or an organizer cancelling the event, sends this one.
pub fn cancellation_attachment(event: &EventRow, base_url: &str, now: i64) -> Attachment {
    attachment(event, "CANCEL", cancellation(event, base_url, now))
}

fn attachment(event: &EventRow, method: &str, calendar: String) -> Attachment {
    Attachment {
        filename: format!("{}.ics", event.slug),
        content_type: format!("text/calendar; charset=utf-8; method={method}"),
        bytes: calendar.into_bytes(),
    }
}

/// Markdown as calendar programs show text: the words, paragraphs and list items, each link's
/// address after its text; no markup, and raw HTML left out.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut links = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop().filter(|url| !out.ends_with(url.as_str())) {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::End(TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::List(_))
                if !out.ends_with("\n\n") =>
            {
                out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A calendar with `entries`, each in its own zone.
pub fn calendar_of(entries: &[Entry], base_url: &str, method: &str) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold_into(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Festplan//Festplan//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line(format!("METHOD:{method}"));
    let host = url::Url::parse(base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "festplan".into());
    // Each zone's rules over the span of its entries, so readers show the venue's local time in its zone.
    let mut spans: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for entry in entries {
        let span = spans.entry(entry.time_zone.as_str()).or_insert((entry.starts_at, entry.ends_at));
        *span = (span.0.min(entry.starts_at), span.1.max(entry.ends_at));
    }
    for (name, (from, to)) in &spans {
        if let (Ok(tz), Ok(from), Ok(to)) = (TimeZone::get(name), Timestamp::from_second(*from), Timestamp::from_second(*to)) {
            vtimezone(name, &tz, from, to).into_iter().for_each(&mut line);
        }
    }
    for entry in entries {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}@{host}", entry.uid));
        line(format!("DTSTAMP:{}", utc(entry.updated_at)));
        line(format!("SEQUENCE:{}", entry.updated_at));
        line(format!("DTSTART{}", local(entry.starts_at, &entry.time_zone)));
        line(format!("DTEND{}", local(entry.ends_at, &entry.time_zone)));
        line(format!("SUMMARY:{}", escape(&entry.summary)));
        if !entry.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&entry.description)));
        }
        if !entry.location.is_empty() {
            line(format!("LOCATION:{}", escape(&entry.location)));
        }
        line(format!("URL:{}", entry.url));
        line(format!("STATUS:{}", if entry.cancelled { "CANCELLED" } else { "CONFIRMED" }));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// A UTC timestamp in iCalendar's basic format; the instant is exact whatever the reader's zone.
/// "Add to calendar" for people whose calendar lives on the web: the event prefilled in a new
/// Google or Outlook entry, titled as the page in `locale` shows it (the `.ics` download covers
/// every other calendar).
pub fn web_calendar_links(event: &EventRow, locale: crate::locale::Locale, page: &str) -> super::model::CalendarLinks {
    let (title, place) = (event.title_in(locale), event.place());
    let query = |pairs: &[(&str, &str)]| url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    let iso = |t: i64| Timestamp::from_second(t).map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default();
    let google = query(&[
        ("action", "TEMPLATE"),
        ("text", title),
        ("dates", &format!("{}/{}", utc(event.starts_at), utc(event.ends_at))),
        ("ctz", &event.time_zone),
        ("details", page),
        ("location", &place),
    ]);
    let outlook = query(&[
        ("path", "/calendar/action/compose"),
        ("rru", "addevent"),
        ("subject", title),
        ("startdt", &iso(event.starts_at)),
        ("enddt", &iso(event.ends_at)),
        ("body", page),
        ("location", &place),
    ]);
    super::model::CalendarLinks {
        google: format!("https://calendar.google.com/calendar/render?{google}"),
        outlook: format!("https://outlook.live.com/calendar/0/deeplink/compose?{outlook}"),
    }
}

fn utc(seconds: i64) -> String {
    Timestamp::from_second(seconds).map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default()
}

/// The rest of a DTSTART/DTEND line: ";TZID=Europe/Berlin:20130817T160000", the local time in the
/// event's zone (described by a VTIMEZONE), or ":…Z" in UTC should the zone be unknown.
fn local(seconds: i64, zone: &str) -> String {
    match (TimeZone::get(zone), Timestamp::from_second(seconds)) {
        (Ok(tz), Ok(t)) => format!(";TZID={zone}:{}", t.to_zoned(tz).strftime("%Y%m%dT%H%M%S")),
        _ => format!(":{}", utc(seconds)),
    }
}

/// A VTIMEZONE for `name`: the observance in force at `from` and every change until `to`, each
/// with the offsets before and after it (RFC 5545 3.6.5). A zone that never changes gets one.
fn vtimezone(name: &str, tz: &TimeZone, from: Timestamp, to: Timestamp) -> Vec<String> {
    let mut lines = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{name}")];
    let mut changes: Vec<_> = tz.preceding(from).take(1).collect();
    changes.extend(tz.following(from).take_while(|t| t.timestamp() <= to));
    if changes.is_empty() {
        let offset = tz.to_offset(from);
        lines.extend(observance("STANDARD", "19700101T000000".into(), offset, offset, None));
    }
    for change in changes {
        let before = tz.to_offset(Timestamp::from_second(change.timestamp().as_second() - 1).unwrap_or(change.timestamp()));
        // The observance starts at the local time the clocks showed just before the change.
        let start = before.to_datetime(change.timestamp()).strftime("%Y%m%dT%H%M%S").to_string();
        let kind = if change.dst().is_dst() { "DAYLIGHT" } else { "STANDARD" };
        lines.extend(observance(kind, start, before, change.offset(), Some(change.abbreviation())));
    }
    lines.push("END:VTIMEZONE".into());
    lines
}

fn observance(kind: &str, start: String, from: Offset, to: Offset, name: Option<&str>) -> Vec<String> {
    let mut lines = vec![
        format!("BEGIN:{kind}"),
        format!("DTSTART:{start}"),
        format!("TZOFFSETFROM:{}", offset(from)),
        format!("TZOFFSETTO:{}", offset(to)),
    ];
    // Abbreviations like "CEST" are names; zones without one only have "+03".
    if let Some(name) = name.filter(|n| n.chars().all(|c| c.is_ascii_alphabetic())) {
        lines.push(format!("TZNAME:{name}"));
    }
    lines.push(format!("END:{kind}"));
    lines
}

/// "+0200", "-0500", "+0530".
fn offset(offset: Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Appends `text` as content lines of at most 75 octets, continuation lines starting with a space.
fn fold_into(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party() -> EventRow {
        EventRow {
            id: 7,
            slug: "sommerfest".into(),
            kind: crate::events::model::EventKind::Party,
            title: "Sommerfest; family, friends".into(),
            description_md: "Bring a salad.\nKids welcome.".into(),
            starts_at: 1_376_748_000,
            ends_at: 1_376_773_200,
            time_zone: "Europe/Berlin".into(),
            venue_name: "Forsterstr. 29".into(),
            venue_address: "06112 Halle (Saale)".into(),
            capacity: None,
            visibility: crate::events::model::Visibility::Public,
            status: EventStatus::Published,
            rsvp_deadline: None,
            cancelled_reason: None,
            updated_at: 1_370_000_000,
            reminder_hours: 24,
            title_de: None,
            description_de: None,
            series_slug: None,
            series_title: None,
            requires_approval: false,
            reply_to: None,
        }
    }

    #[test]
    fn an_event_becomes_a_vevent_in_its_own_time_zone_with_escaped_text() {
        let ics = calendar(&[party()], "https://fest.example.org/", "PUBLISH");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART;TZID=Europe/Berlin:20130817T160000\r\n"), "16:00 in Halle, in Halle's zone: {ics}");
        assert!(ics.contains("DTEND;TZID=Europe/Berlin:20130817T230000\r\n"), "{ics}");
        // Summer time since 31 March 2013, 02:00 local, when clocks went from +0100 to +0200.
        assert!(
            ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nDTSTART:20130331T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"),
            "{ics}"
        );
        assert!(ics.contains("SUMMARY:Sommerfest\\; family\\, friends\r\n"), "{ics}");
        assert!(ics.contains("DESCRIPTION:Bring a salad.\\nKids welcome.\r\n"), "{ics}");
        assert!(ics.contains("UID:event-7@fest.example.org\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn a_zone_change_during_an_event_is_described_and_a_zone_without_changes_gets_one_observance() {
        let mut sprint = party();
        // Sat 26 Oct 2013 18:00 to Sun 27 Oct 2013 11:00 in Berlin: clocks go back at 03:00.
        (sprint.starts_at, sprint.ends_at) = (1_382_803_200, 1_382_868_000);
        let ics = calendar(&[sprint], "https://fest.example.org/", "PUBLISH");
        assert!(
            ics.contains("BEGIN:STANDARD\r\nDTSTART:20131027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"),
            "{ics}"
        );
        assert!(ics.contains("DTEND;TZID=Europe/Berlin:20131027T110000\r\n"), "{ics}");
        let mut online = party();
        online.time_zone = "UTC".into();
        let ics = calendar(&[online], "https://fest.example.org/", "PUBLISH");
        assert!(
            ics.contains("TZID:UTC\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\n"),
            "{ics}"
        );
    }

    #[test]
    fn descriptions_are_plain_text_without_markdown() {
        let text = plain_text("Bring a **salad**.\n\n## Programme\n\n- grill\n- [music](https://example.org/band)\n\n<b>raw</b>");
        assert_eq!(text, "Bring a salad.\n\nProgramme\n\n- grill\n- music (https://example.org/band)\n\nraw");
        let mut event = party();
        event.description_md = "**Grill**, drinks".into();
        assert!(calendar(&[event], "https://fest.example.org/", "PUBLISH").contains("DESCRIPTION:Grill\\, drinks\r\n"));
    }

    #[test]
    fn a_cancellation_names_the_same_entry_with_a_higher_sequence() {
        let (entry, cancel) = (
            for_guest(&party(), "https://fest.example.org/", 1_380_000_000),
            cancellation(&party(), "https://fest.example.org/", 1_380_000_000),
        );
        assert!(entry.contains("UID:event-7@fest.example.org\r\n") && cancel.contains("UID:event-7@fest.example.org\r\n"));
        assert!(entry.contains("SEQUENCE:1380000000\r\n") && cancel.contains("SEQUENCE:1380000001\r\n"), "{cancel}");
        assert!(cancel.contains("METHOD:CANCEL\r\n") && cancel.contains("STATUS:CANCELLED\r\n"));
    }

    #[test]
    fn long_lines_are_folded_at_75_octets() {
        let mut event = party();
        event.title = "ä".repeat(100);
        let ics = calendar(&[event], "https://fest.example.org/", "PUBLISH");
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", "ä".repeat(100))));
    }
}
