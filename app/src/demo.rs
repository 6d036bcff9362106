//! `festplan demo`: a summer party with a code sprint before it, a developer BBQ
//! and a sold-out conference, with some attendees, so a new instance looks alive.

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{ToSpan, Zoned};

use crate::auth::model::Language;
use crate::auth::service::{Actor, CurrentUser};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::events::model::EventInput;
use crate::rsvp::model::Answer;
use crate::rsvp::service::{RsvpRequest, respond};
use crate::state::AppState;

const ORGANIZER: &str = "organizer@festplan.example";

/// What `festplan demo` found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// The demo events were loaded now; their addresses.
    Fresh(Vec<String>),
    /// They were there from an earlier run; the first one's address.
    AlreadyThere(String),
}

impl Loaded {
    /// What the command prints.
    pub fn report(&self) -> String {
        match self {
            Loaded::Fresh(links) => {
                let mut text = "Demo events loaded (their mail is in the outbox and goes out when the server runs):".to_string();
                links.iter().for_each(|link| text.push_str(&format!("\n  {link}")));
                text
            }
            Loaded::AlreadyThere(link) => format!("The demo events are already there, nothing to do: {link}"),
        }
    }
}

/// `festplan demo`: loads the demo events, or says they are there already; running it twice is
/// not an error.
pub async fn load_once(state: &AppState) -> AppResult<Loaded> {
    match load(state).await {
        Ok(links) => Ok(Loaded::Fresh(links)),
        Err(AppError::Conflict(_)) if db::events::by_slug(&state.db, "summer-party").await?.is_some() => {
            Ok(Loaded::AlreadyThere(state.settings.link("/events/summer-party")))
        }
        Err(other) => Err(other),
    }
}

/// Loads the demo events unless they are there already; returns their addresses.
pub async fn load(state: &AppState) -> AppResult<Vec<String>> {
    if db::events::by_slug(&state.db, "summer-party").await?.is_some() {
        return Err(AppError::Conflict("The demo events are already loaded.".into()));
    }
    let organizer = organizer(state).await?;
    let tz = TimeZone::get("Europe/Berlin").map_err(AppError::internal)?;
    let today = Zoned::now().with_time_zone(tz).date();
    let saturday = next(today.checked_add(7.days()).map_err(AppError::internal)?, Weekday::Saturday);
    let day = |d: Date, offset: i64| d.checked_add(offset.days()).map(|d| d.to_string()).unwrap_or_default();
    let events = [
        (
            "Summer party",
            "party",
            format!("{}T16:00", day(saturday, 0)),
            format!("{}T23:00", day(saturday, 0)),
            "Forsterstr. 29",
            "06112 Halle (Saale)",
            Some(150),
            "Staff, families and partners welcome. **Grill, drinks and music**; tell us about dietary needs in your RSVP.",
        ),
        (
            "Code sprint",
            "sprint",
            format!("{}T09:00", day(saturday, -2)),
            format!("{}T16:00", day(saturday, 0)),
            "Forsterstr. 29",
            "06112 Halle (Saale)",
            Some(40),
            "Three days of hacking that end at the summer party. Bring a laptop and an idea.",
        ),
        (
            "Developer & admin BBQ with open space",
            "bbq",
            format!("{}T14:00", day(saturday, 17)),
            format!("{}T22:00", day(saturday, 17)),
            "Hof am Werk",
            "06112 Halle (Saale)",
            Some(60),
            "Propose a session, vote for others, then grill. The schedule is laid out on the day.",
        ),
        (
            "Community conference",
            "conference",
            format!("{}T09:00", day(saturday, 34)),
            format!("{}T18:00", day(saturday, 35)),
            "Congress centre",
            "Halle (Saale)",
            Some(2500),
            "Two days of talks. All 2,500 places are taken; join the waitlist to be told when one frees up.",
        ),
    ];
    let mut slugs = Vec::new();
    for (title, kind, starts_at, ends_at, venue, address, capacity, description) in events {
        let input = EventInput {
            title: title.into(),
            kind: kind.into(),
            description: description.into(),
            starts_at,
            ends_at,
            time_zone: "Europe/Berlin".into(),
            venue_name: venue.into(),
            venue_address: address.into(),
            capacity: capacity.map(|c: i64| c.to_string()).unwrap_or_default(),
            visibility: "public".into(),
            rsvp_deadline: String::new(),
            reminder_hours: String::new(),
            title_de: if kind == "party" { "Sommerfest".into() } else { String::new() },
            description_de: if kind == "party" { PARTY_DE.into() } else { String::new() },
            series: if kind == "bbq" { "Developer & admin BBQ".into() } else { String::new() },
            requires_approval: String::new(),
            reply_to: String::new(),
        };
        let slug = crate::events::service::create(state, &organizer, &input).await?;
        let id = db::events::by_slug(&state.db, &slug).await?.ok_or_else(|| AppError::internal("demo event vanished"))?.id;
        crate::events::service::set_published(state, &organizer, id, true).await?;
        slugs.push((slug, id, capacity.unwrap_or(0)));
    }
    let guests = [("Ada", 1, "vegetarian"), ("Grace", 3, "2 vegetarian"), ("Linus", 2, ""), ("Margaret", 4, "1 vegan"), ("Ken", 1, "")];
    for (slug, id, capacity) in &slugs {
        // The conference is sold out: fill it with big groups, then the guests wait.
        let groups = if *capacity == 2500 { 125 } else { 0 };
        for n in 0..groups {
            guest(state, *id, &format!("Group {n}"), &format!("group{n}@festplan.example"), 20, "").await?;
        }
        for (name, party, dietary) in guests {
            guest(state, *id, name, &format!("{}@festplan.example", name.to_lowercase()), party, dietary).await?;
        }
        if slug.starts_with("developer-admin-bbq") {
            for name in BBQ_GUESTS {
                guest(state, *id, name, &format!("{}@festplan.example", name.to_lowercase()), 1, "").await?;
            }
            open_space(state, &organizer, *id, saturday.checked_add(17.days()).map_err(AppError::internal)?).await?;
        }
        if *capacity == 2500 {
            packing_line(state, &organizer, *id, saturday.checked_add(33.days()).map_err(AppError::internal)?).await?;
        }
    }
    Ok(slugs.into_iter().map(|(slug, _, _)| state.settings.link(&format!("/events/{slug}"))).collect())
}

/// More people at the BBQ, so its open space has a crowd.
const BBQ_GUESTS: [&str; 15] =
    ["Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Karla", "Lukas", "Mia", "Noah", "Olga"];

/// The BBQ's open space: three rooms, four slots with one cell kept free for the grill, a dozen
/// proposals by the guests, and each guest's five dots; then placed, so the board is alive.
async fn open_space(state: &AppState, organizer: &Actor, event_id: i64, day: Date) -> AppResult<()> {
    use crate::openspace::model::{ProposalInput, SettingsInput};
    use crate::openspace::service::{self, Caller};
    let settings =
        SettingsInput { participation: "going".into(), dots_per_voter: "5".into(), max_dots_per_session: "3".into(), ..Default::default() };
    service::save_settings(state, organizer, event_id, &settings).await?;
    for (room, capacity, notes) in [("Garden", "30", "outdoors"), ("Workshop", "15", "projector"), ("Kitchen", "10", "")] {
        service::add_room(state, organizer, event_id, room, capacity, notes).await?;
    }
    for (start, end) in [("14:30", "15:15"), ("15:30", "16:15"), ("16:30", "17:15"), ("17:30", "18:15")] {
        service::add_slot(state, organizer, event_id, &format!("{day}T{start}"), &format!("{day}T{end}")).await?;
    }
    let grid = service::setup_page(state, &Caller { actor: organizer.clone(), tokens: vec![] }, &slug_of(state, event_id).await?).await?;
    if let Some(space) = &grid.space
        && let (Some(last), Some(kitchen)) = (space.slots.last(), space.rooms.iter().find(|r| r.name == "Kitchen"))
    {
        service::block_cell(state, organizer, event_id, last.id, kitchen.id, true, "Grill time").await?;
    }
    // Each guest takes part through their personal link, as from their RSVP mail.
    let mut people = Vec::new();
    for name in BBQ_GUESTS.iter().chain(&["Ada", "Grace", "Linus", "Margaret", "Ken"]) {
        let email = format!("{}@festplan.example", name.to_lowercase());
        let mut conn = state.db.read().await?;
        let rsvp = db::rsvps::by_email(&mut conn, event_id, &email).await?.ok_or_else(|| AppError::internal("demo guest vanished"))?;
        drop(conn);
        let link = crate::rsvp::service::manage_token(&state.settings.secret_key, rsvp.id);
        let anonymous = Caller { actor: Actor::anonymous("demo"), tokens: vec![] };
        let (_, token) = service::join(state, &anonymous, event_id, "", &link).await?;
        people.push(Caller { actor: anonymous.actor, tokens: vec![token] });
    }
    let mut sessions = Vec::new();
    for (n, (title, format, length, about)) in DEMO_SESSIONS.iter().enumerate() {
        let input = ProposalInput {
            title: (*title).into(),
            description: (*about).into(),
            format: (*format).into(),
            length: length.to_string(),
            co_facilitators: String::new(),
        };
        sessions.push(service::propose(state, &people[n % people.len()], event_id, &input).await?);
    }
    // Interests in three clusters (hardware, teams, code), so shared voters matter.
    for (n, person) in people.iter().enumerate() {
        let cluster = n % 3;
        let picks = [cluster, cluster + 3, cluster + 6, (cluster + 9 + n) % sessions.len(), (n * 5 + 1) % sessions.len()];
        for (k, pick) in picks.into_iter().enumerate() {
            let _ = service::vote(state, person, sessions[pick % sessions.len()], 1).await;
            if k == 0 {
                let _ = service::vote(state, person, sessions[pick % sessions.len()], 1).await;
            }
        }
    }
    service::place(state, organizer, event_id, "1", true).await?;
    Ok(())
}

async fn slug_of(state: &AppState, event_id: i64) -> AppResult<String> {
    let mut conn = state.db.read().await?;
    Ok(db::events::by_id(&mut conn, event_id).await?.ok_or_else(|| AppError::internal("demo event vanished"))?.slug)
}

/// The BBQ's proposals: title, format, slots, description.
const DEMO_SESSIONS: [(&str, &str, u8, &str); 12] = [
    ("Deploying lots of Raspberry Pis", "discussion", 1, "Netboot, config management, and what broke when we had 40 of them."),
    ("Gamification in a business context", "discussion", 1, "Points and badges at work: motivating or manipulative?"),
    ("Code kata: bowling score", "kata", 2, "Pair up and test-drive the bowling kata. Bring a laptop."),
    ("Home automation without the cloud", "talk", 1, "Sensors, MQTT and a box in the cupboard."),
    ("Onboarding junior developers", "discussion", 1, "What helped you in your first month, and what did not?"),
    ("Property-based testing", "workshop", 1, "Let the computer find the edge cases."),
    ("Monitoring a small fleet", "discussion", 1, "Prometheus, alerts, and sleeping at night."),
    ("Remote, hybrid, office", "discussion", 1, "What works for our teams after all these years?"),
    ("Rust for admins", "talk", 1, "Small tools that do not fall over."),
    ("Self-hosting mail in 2026", "discussion", 1, "Is it still worth it?"),
    ("Running a community meetup", "discussion", 1, "Venues, talks, pizza, code of conduct."),
    ("Refactoring legacy code", "workshop", 1, "A real codebase, a safety net of tests, and small steps."),
];

/// The conference's packing line: five sponsors' items (the pens came short), a station per
/// item in walking order, the folding station, two shifts, and a run half done, so the live
/// line has something to show.
async fn packing_line(state: &AppState, organizer: &Actor, event_id: i64, day: Date) -> AppResult<()> {
    use crate::packing::model::{BatchTap, TapBatch, TapKind};
    use crate::packing::service;
    use crate::packing::views::ItemInput;
    service::save_line(state, organizer, event_id, "2500", "two long tables in the foyer").await?;
    let items = [
        ("Rust Foundation", "stickers", 2, 5000, 5000),
        ("Ferrous Systems", "flyers", 1, 2500, 2500),
        ("Hof am Werk", "pens", 1, 2500, 2200),
        ("Community Cloud", "mints", 1, 2500, 2500),
        ("Local Meetup", "tote bags", 1, 2500, 2500),
    ];
    for (sponsor, ..) in items {
        service::add_sponsor(state, organizer, event_id, sponsor, "", "gold").await?;
    }
    let setup = service::setup_page(state, organizer, &slug_of(state, event_id).await?).await?;
    for (sponsor, item, per_bag, expected, _) in items {
        let sponsor_id = setup.sponsors.iter().find(|s| s.name == sponsor).map(|s| s.id).unwrap_or_default();
        let input =
            ItemInput { sponsor_id, name: item.into(), per_bag: per_bag.to_string(), expected: expected.to_string(), notes: String::new() };
        service::add_item(state, organizer, event_id, &input).await?;
    }
    let setup = service::setup_page(state, organizer, &setup.slug).await?;
    for (_, item, _, _, received) in items {
        let Some(stock) = setup.items.iter().find(|i| i.stock.name == item) else { continue };
        let note = if received < 2500 { "one box of pens missing" } else { "" };
        service::check_in(state, organizer, event_id, stock.stock.item_id, &received.to_string(), note).await?;
        service::add_station(state, organizer, event_id, &format!("{item} table"), "dispense", Some(stock.stock.item_id)).await?;
    }
    service::add_station(state, organizer, event_id, "Fold and stack", "fold", None).await?;
    service::add_shift(state, organizer, event_id, &format!("{day}T09:00"), &format!("{day}T11:00"), "25").await?;
    service::add_shift(state, organizer, event_id, &format!("{day}T11:00"), &format!("{day}T13:00"), "25").await?;
    // Half the bags done over the last 40 minutes, about thirty a minute; the pens table runs low.
    let stations = service::setup_page(state, organizer, &setup.slug).await?.stations;
    let now = jiff::Timestamp::now().as_millisecond();
    let fold = stations.iter().find(|s| s.kind == crate::packing::model::StationKind::Fold).map(|s| s.id).unwrap_or_default();
    for chunk in 0..5 {
        let taps = (0..250).map(|n| BatchTap { kind: TapKind::Bag, at_ms: now - 40 * 60_000 + (chunk * 250 + n) * 1_900 }).collect();
        let batch = TapBatch { id: format!("demo-fold-{chunk}"), station_id: fold, taps };
        service::record_taps(state, batch, &service::station_key(&state.settings, fold)).await?;
    }
    if let Some(pens) = stations.iter().find(|s| s.item.as_deref() == Some("pens")) {
        let batch =
            TapBatch { id: "demo-pens-low".into(), station_id: pens.id, taps: vec![BatchTap { kind: TapKind::Low, at_ms: now - 60_000 }] };
        service::record_taps(state, batch, &service::station_key(&state.settings, pens.id)).await?;
    }
    Ok(())
}

/// The summer party is posted in German too.
const PARTY_DE: &str = "Mitarbeitende, Familien und Partner sind herzlich willkommen. **Grill, Getränke und Musik**; \
    sagt uns im RSVP, was ihr (nicht) esst.";

fn next(from: Date, weekday: Weekday) -> Date {
    (0..7).filter_map(|n: i64| from.checked_add(n.days()).ok()).find(|d| d.weekday() == weekday).unwrap_or(from)
}

async fn organizer(state: &AppState) -> AppResult<Actor> {
    crate::auth::service::make_admin(state, ORGANIZER, Some("Demo organizer")).await?;
    let user = db::users::by_email(&state.db, ORGANIZER).await?.ok_or_else(|| AppError::internal("organizer vanished"))?;
    Ok(Actor {
        user: Some(CurrentUser {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            language: Language::En,
            is_admin: true,
            has_password: false,
        }),
        client: "demo".into(),
        session_hash: None,
    })
}

async fn guest(state: &AppState, event_id: i64, name: &str, email: &str, party_size: i64, dietary: &str) -> AppResult<()> {
    let request = RsvpRequest {
        event_id,
        name: name.into(),
        email: email.into(),
        answer: Answer::Yes,
        party_size,
        dietary: dietary.into(),
        answers: Default::default(),
        invitation: None,
        language: crate::locale::Locale::en,
    };
    respond(state, &Actor::anonymous("demo"), request).await.map(|_| ())
}
