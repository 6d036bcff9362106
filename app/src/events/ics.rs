//! iCalendar (RFC 5545) output for events: one event as a mail attachment or download, or a feed.

use jiff::Timestamp;

use crate::db::events::EventRow;

/// A calendar with `events`; `method` is `PUBLISH` for downloads and feeds, `REQUEST` for invitations.
pub fn calendar(events: &[EventRow], base_url: &str, method: &str) -> String {
    let mut out = String::new();
    let mut line = |text: String| fold_into(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//Festplan//Festplan//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line(format!("METHOD:{method}"));
    let host = url::Url::parse(base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "festplan".into());
    for event in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:event-{}@{host}", event.id));
        line(format!("DTSTAMP:{}", utc(event.updated_at)));
        line(format!("SEQUENCE:{}", event.updated_at));
        line(format!("DTSTART:{}", utc(event.starts_at)));
        line(format!("DTEND:{}", utc(event.ends_at)));
        line(format!("SUMMARY:{}", escape(&event.title)));
        if !event.description_md.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&event.description_md)));
        }
        let location = [event.venue_name.as_str(), event.venue_address.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        if !location.is_empty() {
            line(format!("LOCATION:{}", escape(&location)));
        }
        line(format!("URL:{}events/{}", base_url, event.slug));
        line(format!("STATUS:{}", if event.status == "cancelled" { "CANCELLED" } else { "CONFIRMED" }));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// A UTC timestamp in iCalendar's basic format; the instant is exact whatever the reader's zone.
fn utc(seconds: i64) -> String {
    Timestamp::from_second(seconds).map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default()
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
            kind: "party".into(),
            title: "Sommerfest; family, friends".into(),
            description_md: "Bring a salad.\nKids welcome.".into(),
            starts_at: 1_376_748_000,
            ends_at: 1_376_773_200,
            time_zone: "Europe/Berlin".into(),
            venue_name: "Forsterstr. 29".into(),
            venue_address: "06112 Halle (Saale)".into(),
            capacity: None,
            visibility: "public".into(),
            status: "published".into(),
            rsvp_deadline: None,
            cancelled_reason: None,
            updated_at: 1_370_000_000,
            reminder_hours: 24,
            title_de: None,
            description_de: None,
            series_slug: None,
            series_title: None,
            requires_approval: false,
        }
    }

    #[test]
    fn an_event_becomes_a_vevent_with_utc_times_and_escaped_text() {
        let ics = calendar(&[party()], "https://fest.example.org/", "PUBLISH");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20130817T140000Z\r\n"), "16:00 in Halle is 14:00 UTC: {ics}");
        assert!(ics.contains("SUMMARY:Sommerfest\\; family\\, friends\r\n"), "{ics}");
        assert!(ics.contains("DESCRIPTION:Bring a salad.\\nKids welcome.\r\n"), "{ics}");
        assert!(ics.contains("UID:event-7@fest.example.org\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
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
