//! Event use cases.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::model::{EventCard, EventKind};
use crate::db::{self, events::EventListRow, Db};
use crate::error::AppResult;

/// How many events the home page lists.
const UPCOMING_LIMIT: i64 = 50;

/// Published public events that have not ended yet, soonest first.
pub async fn upcoming(db: &Db, kind: Option<EventKind>) -> AppResult<Vec<EventCard>> {
    let rows = db::events::list_upcoming_public(db, db::now(), kind, UPCOMING_LIMIT).await?;
    Ok(rows.into_iter().map(card).collect())
}

fn card(row: EventListRow) -> EventCard {
    EventCard {
        when: describe_span(row.starts_at, row.ends_at, &row.time_zone),
        starts_at_iso: Timestamp::from_second(row.starts_at).map(|t| t.to_string()).unwrap_or_default(),
        kind: EventKind::parse(&row.kind).unwrap_or(EventKind::Other),
        slug: row.slug,
        title: row.title,
        venue: row.venue_name,
    }
}

/// "Sat 17 Aug 2013, 16:00 – 23:00 (Europe/Berlin)", or with both dates when it spans days.
pub fn describe_span(starts_at: i64, ends_at: i64, zone: &str) -> String {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    let (Ok(start), Ok(end)) = (Timestamp::from_second(starts_at), Timestamp::from_second(ends_at)) else {
        return String::new();
    };
    let (start, end) = (start.to_zoned(tz.clone()), end.to_zoned(tz));
    let name = start.time_zone().iana_name().unwrap_or("UTC").to_string();
    if start.date() == end.date() {
        format!("{}, {} – {} ({name})", start.strftime("%a %-d %b %Y"), start.strftime("%H:%M"), end.strftime("%H:%M"))
    } else {
        format!("{} – {} ({name})", start.strftime("%a %-d %b %Y, %H:%M"), end.strftime("%a %-d %b %Y, %H:%M"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
