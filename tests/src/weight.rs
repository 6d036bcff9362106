//! What the first visit of each page costs on the wire, gzip: the HTML, its stylesheet and, on
//! pages with islands, the JS glue (with the snippets it imports) and the wasm. The test command
//! holds every page to its budget; `cargo xtask bench` prints the same table.

use std::fmt::Write as _;

use app::events::model::EventKind;

use crate::TestApp;

/// The public event page: what a guest on a train opens from the invitation.
pub const EVENT_PAGE_BUDGET: usize = 100 * 1024;
/// Any other page.
pub const PAGE_BUDGET: usize = 150 * 1024;
/// The two staff pages on the door's phones (attendee list, check-in). Their bundle grew from
/// about 120 to 137 KiB of wasm (gzip) when the desk began to answer in place in both
/// languages, find guests by name as one types and follow the other doors live: 156 KiB in
/// all. Guests' pages keep 100 and 150.
pub const STAFF_PAGE_BUDGET: usize = 160 * 1024;

#[derive(Debug, Clone, serde::Serialize)]
pub struct PageWeight {
    pub page: &'static str,
    pub html: usize,
    pub css: usize,
    pub js: usize,
    pub wasm: usize,
    pub budget: usize,
}

impl PageWeight {
    pub fn total(&self) -> usize {
        self.html + self.css + self.js + self.wasm
    }
}

/// Starts the app on the site in `target/site`, seeds an event with a question, a guest and
/// its organizer, and weighs every kind of page.
pub async fn every_page() -> anyhow::Result<Vec<PageWeight>> {
    let app = TestApp::spawn().await;
    let event = app.seed_event("summer-party", EventKind::Party, "Summer party", 7).await;
    let organizer = app.owner_of(event, "organizer@example.org").await;
    app.rsvp(event, "guest@example.org", app::rsvp::model::Answer::Yes, 2).await?;
    let mut conn = app.state.db.read().await?;
    let row = app::db::rsvps::by_email(&mut conn, event, "guest@example.org").await?.expect("the guest");
    drop(conn);
    let token = app::rsvp::service::manage_token(&app.state.settings.secret_key, row.id);
    let visitor = app.client();
    // An open space with a proposal, placed, so its pages show a grid.
    let space = crate::openspace::open_space(&app, "bbq", "link", 3).await;
    let proposer = crate::openspace::account(&app, "proposer@example.org").await;
    let session = crate::openspace::propose(&app, &proposer, space, "Code kata").await;
    let actor = crate::openspace::organizer(&app).await;
    app::openspace::service::place(&app.state, &actor, space, "1", true).await.map_err(|e| anyhow::anyhow!("{}", e.message()))?;
    let space_organizer = app.owner_of(space, crate::openspace::ORGANIZER).await;
    // A packing line: the leads' page, the live line, a station's phone screen, the sign-up.
    let (line, stations) = crate::packing::line(&app, "conference", 1000, 2).await;
    let lead = app.owner_of(line, crate::packing::LEAD).await;
    let station = format!(
        "/events/conference/packing/stations/{}?key={}",
        stations[0],
        app::packing::service::station_key(&app.state.settings, stations[0])
    );
    // Code-of-conduct reports: the code, the form, the follow-up, and a responder's pages.
    let (meetup, responder) = crate::conduct::event_with_responder(&app, "meetup").await;
    let (report, code) = crate::conduct::report(&app, meetup, &crate::conduct::input("Remarks at the bar")).await;
    let reporter = crate::conduct::reporter(&app, "meetup", &code).await;
    let pages: Vec<(&'static str, String, &reqwest::Client, usize)> = vec![
        ("event page", "/events/summer-party".into(), &visitor, EVENT_PAGE_BUDGET),
        ("home", "/".into(), &visitor, PAGE_BUDGET),
        ("sign-in", "/sign-in".into(), &visitor, PAGE_BUDGET),
        ("personal RSVP page", format!("/rsvp/{token}"), &visitor, PAGE_BUDGET),
        ("not found", "/no/such/page".into(), &visitor, PAGE_BUDGET),
        ("account", "/account".into(), &organizer, PAGE_BUDGET),
        ("new event", "/events/new".into(), &organizer, PAGE_BUDGET),
        ("editor", "/events/summer-party/edit".into(), &organizer, PAGE_BUDGET),
        ("webhooks", "/events/summer-party/webhooks".into(), &organizer, PAGE_BUDGET),
        ("attendee list", "/events/summer-party/attendees".into(), &organizer, STAFF_PAGE_BUDGET),
        ("check-in", "/events/summer-party/check-in".into(), &organizer, STAFF_PAGE_BUDGET),
        ("open space", "/events/bbq/open-space".into(), &visitor, PAGE_BUDGET),
        ("open-space session", format!("/events/bbq/open-space/sessions/{session}"), &visitor, PAGE_BUDGET),
        ("open-space set-up", "/events/bbq/open-space/setup".into(), &space_organizer, PAGE_BUDGET),
        ("board", "/events/bbq/board".into(), &visitor, PAGE_BUDGET),
        ("packing line, leads", "/events/conference/packing".into(), &lead, PAGE_BUDGET),
        ("packing line, live", "/events/conference/packing/line".into(), &lead, PAGE_BUDGET),
        ("packing station", station, &visitor, PAGE_BUDGET),
        ("packing sign-up", "/events/conference/packing/volunteer".into(), &visitor, PAGE_BUDGET),
        ("code of conduct", "/events/meetup/conduct".into(), &visitor, PAGE_BUDGET),
        ("conduct report form", "/events/meetup/conduct/report".into(), &visitor, PAGE_BUDGET),
        ("conduct follow-up", "/events/meetup/conduct/follow-up".into(), &reporter, PAGE_BUDGET),
        ("conduct reports", "/events/meetup/conduct/reports".into(), &responder, PAGE_BUDGET),
        ("conduct report", format!("/events/meetup/conduct/reports/{report}"), &responder, PAGE_BUDGET),
    ];
    let mut weights = Vec::new();
    for (page, path, client, budget) in pages {
        weights.push(weigh(&app, client, page, &path, budget).await?);
    }
    app.stop().await;
    Ok(weights)
}

async fn weigh(app: &TestApp, client: &reqwest::Client, page: &'static str, path: &str, budget: usize) -> anyhow::Result<PageWeight> {
    let (html_bytes, html) = fetch(client, &app.at(path)).await?;
    let mut weight = PageWeight { page, html: html_bytes, css: 0, js: 0, wasm: 0, budget };
    let document = scraper::Html::parse_document(&html);
    let stylesheets = scraper::Selector::parse(r#"link[rel="stylesheet"]"#).expect("selector");
    for link in document.select(&stylesheets) {
        weight.css += fetch(client, &app.at(link.value().attr("href").unwrap_or_default())).await?.0;
    }
    if html.contains("<leptos-island") {
        let bundle = bundle_of(&html).ok_or_else(|| anyhow::anyhow!("{path} has islands but no loader"))?;
        let (glue_bytes, glue) = fetch(client, &app.at(&format!("{bundle}.js"))).await?;
        weight.js += glue_bytes;
        let dir = bundle.rsplit_once('/').map_or("", |(dir, _)| dir);
        for snippet in static_imports(&glue) {
            weight.js += fetch(client, &app.at(&format!("{dir}/{}", snippet.trim_start_matches("./")))).await?.0;
        }
        weight.wasm += fetch(client, &app.at(&format!("{bundle}_bg.wasm"))).await?.0;
    }
    Ok(weight)
}

/// The bytes of `url` as sent to a browser that accepts gzip, and the text they hold.
async fn fetch(client: &reqwest::Client, url: &str) -> anyhow::Result<(usize, String)> {
    let response = client.get(url).header("accept-encoding", "gzip").send().await?;
    let gzipped = response.headers().get("content-encoding").is_some_and(|e| e == "gzip");
    let bytes = response.bytes().await?;
    let text = if gzipped {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text).unwrap_or_default();
        text
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Ok((bytes.len(), text))
}

/// The bundle the page's island loader imports, e.g. `/pkg/festplan`: its first argument, with
/// the suffix a staff page names in `<meta name="festplan-islands">`.
pub fn bundle_of(html: &str) -> Option<String> {
    let call = html.find("})(\"")? + 4;
    let end = html[call..].find('"')?;
    let prefix = &html[call..call + end];
    let document = scraper::Html::parse_document(html);
    let meta = scraper::Selector::parse(r#"meta[name="festplan-islands"]"#).expect("selector");
    Some(match document.select(&meta).next().and_then(|m| m.value().attr("content")) {
        Some(kind) => format!("{prefix}_{kind}"),
        None => prefix.to_string(),
    })
}

/// The relative modules the JS glue imports statically (`import … from './snippets/…'`).
fn static_imports(glue: &str) -> Vec<String> {
    glue.lines()
        .filter(|line| line.starts_with("import "))
        .filter_map(|line| line.split(" from ").nth(1))
        .map(|from| from.trim().trim_end_matches(';').trim_matches(['\'', '"']).to_string())
        .filter(|path| path.starts_with("./"))
        .collect()
}

/// The table `cargo xtask bench` and the budget test print.
pub fn table(weights: &[PageWeight]) -> String {
    let kib = |b: usize| format!("{:.1}", b as f64 / 1024.0);
    let mut out = String::from("| first load, gzip (KiB) | HTML | CSS | JS | wasm | total | budget |\n|---|---|---|---|---|---|---|\n");
    for w in weights {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | **{}** | {}{} |",
            w.page,
            kib(w.html),
            kib(w.css),
            kib(w.js),
            kib(w.wasm),
            kib(w.total()),
            kib(w.budget),
            if w.total() > w.budget { " (over)" } else { "" }
        );
    }
    out
}
