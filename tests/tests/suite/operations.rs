//! Running Festplan: `/healthz` names the database and whether it answers, `/metrics` counts
//! in Prometheus' text format (and only for whom it should), and `festplan migrate-to`
//! moves an instance from SQLite to PostgreSQL.
//!
//! The metrics recorder is one per process and the suite runs many apps at once, so counts
//! are compared before and after, never as absolute numbers.

use std::collections::BTreeMap;
use std::time::Duration;

use app::auth::model::EventRole;
use festplan_server::Config;
use festplan_tests::{TestApp, postgres_database, postgres_server, wait_until};

/// One sample: `name{label="value",…} number`.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses the text format strictly: every line is a comment (`# HELP`, `# TYPE`) or a sample.
fn parse(text: &str) -> Vec<Sample> {
    let mut samples = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(comment) = line.strip_prefix("# ") {
            assert!(comment.starts_with("HELP ") || comment.starts_with("TYPE "), "comment line: {line}");
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            v => v.parse().unwrap_or_else(|_| panic!("value of {line}")),
        };
        let (name, labels) = match series.split_once('{') {
            Some((name, rest)) => (name, rest.strip_suffix('}').unwrap_or_else(|| panic!("unclosed labels: {line}"))),
            None => (series, ""),
        };
        assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'), "name: {line}");
        let mut map = BTreeMap::new();
        // Label values here hold no commas or quotes (routes, methods, outcomes, buckets).
        for pair in labels.split(',').filter(|p| !p.is_empty()) {
            let (key, quoted) = pair.split_once('=').unwrap_or_else(|| panic!("label {pair} in {line}"));
            let value = quoted.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or_else(|| panic!("unquoted: {line}"));
            map.insert(key.to_string(), value.to_string());
        }
        samples.push(Sample { name: name.to_string(), labels: map, value });
    }
    samples
}

/// The value of the sample named `name` whose labels include `labels` (0 when absent).
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name && labels.iter().all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v)))
        .map(|s| s.value)
        .sum()
}

async fn scrape(app: &TestApp) -> Vec<Sample> {
    let response = app.client().get(app.at("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    parse(&response.text().await.unwrap())
}

fn backend() -> &'static str {
    if postgres_server().is_some() { "postgres" } else { "sqlite" }
}

#[tokio::test]
async fn healthz_names_the_database_and_answers_503_when_it_is_gone() {
    let app = TestApp::spawn().await;
    let response = app.client().get(app.at("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["backend"], backend(), "{body}");
    assert_eq!(body["database"]["ok"], true, "{body}");

    // The database goes away (here: its pool closes): a load balancer must take the instance out.
    app.state.db.close().await;
    let response = app.client().get(app.at("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"]["ok"], false, "{body}");
    assert_eq!(body["database"]["backend"], backend(), "{body}");
}

#[tokio::test]
async fn metrics_count_requests_rsvps_and_live_streams_in_prometheus_text() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(1)).await;
    let before = scrape(&app).await;

    for _ in 0..3 {
        assert_eq!(app.client().get(app.at("/healthz")).send().await.unwrap().status(), 200);
    }
    // Two guests answer yes through the event page's form: one gets the place, one the waitlist.
    for email in ["ada@example.org", "bob@example.org"] {
        let form = [("event", "bbq"), ("name", "Guest"), ("email", email), ("answer", "yes"), ("party_size", "1")];
        let sent = app
            .client()
            .post(app.at("/api/public/rsvp/respond"))
            .header("origin", &app.url)
            .header("accept", "text/html")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(sent.status().is_redirection(), "{}", sent.status());
    }
    assert_eq!(app.rsvps(event).await.len(), 2);

    let after = scrape(&app).await;
    let moved = |name: &str, labels: &[(&str, &str)]| value(&after, name, labels) - value(&before, name, labels);
    let health = [("method", "GET"), ("route", "/healthz"), ("status", "2xx")];
    assert!(moved("festplan_http_requests_total", &health) >= 3.0, "three health checks counted");
    let answers = [("method", "POST"), ("route", "/api/public/rsvp/respond"), ("status", "3xx")];
    assert!(moved("festplan_http_requests_total", &answers) >= 2.0, "the two answers, by their route");
    assert!(moved("festplan_rsvps_created_total", &[("outcome", "going")]) >= 1.0);
    assert!(moved("festplan_rsvps_created_total", &[("outcome", "waitlisted")]) >= 1.0);
    // Latencies are a histogram (buckets add up across instances), its +Inf bucket the count.
    let inf = [("route", "/healthz"), ("le", "+Inf")];
    assert!(moved("festplan_http_request_duration_seconds_bucket", &inf) >= 3.0);
    assert!(value(&after, "festplan_http_request_duration_seconds_count", &health) >= 3.0);
    // Read at scrape time: the pool and the outbox (a whole number of mails, whatever is left).
    let max = value(&after, "festplan_db_pool_max_connections", &[]);
    let open = value(&after, "festplan_db_pool_connections", &[("state", "idle")])
        + value(&after, "festplan_db_pool_connections", &[("state", "in_use")]);
    assert!(max >= 1.0 && open >= 1.0 && open <= max, "pool: {open} of {max}");
    assert!(after.iter().any(|s| s.name == "festplan_outbox_pending" && s.value >= 0.0 && s.value.fract() == 0.0));

    // A live stream counts while it is open, and no longer once the client goes away.
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;
    let clients = |samples: &[Sample]| value(samples, "festplan_sse_clients", &[]);
    let idle = clients(&scrape(&app).await);
    let live = staff.get(app.at("/events/bbq/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert!(clients(&scrape(&app).await) >= idle + 1.0, "the open stream is counted");
    drop(live);
    let open_now = idle + 1.0;
    assert!(
        wait_until(Duration::from_secs(10), || async { clients(&scrape(&app).await) < open_now }).await,
        "a closed stream is no longer counted"
    );
}

#[tokio::test]
async fn metrics_are_for_loopback_or_the_token_holder_only() {
    let app = TestApp::spawn().await;
    // Through a proxy on the same host, a request arrives from loopback but says whom it is for.
    let proxied = app.client().get(app.at("/metrics")).header("x-forwarded-for", "203.0.113.9").send().await.unwrap();
    assert_eq!(proxied.status(), 404);
    assert_eq!(app.client().get(app.at("/metrics")).send().await.unwrap().status(), 200);

    let guarded = TestApp::spawn_with(|c| c.metrics_token = Some("s3cret-scrape".into())).await;
    let url = guarded.at("/metrics");
    assert_eq!(guarded.client().get(&url).send().await.unwrap().status(), 401, "loopback alone is not enough then");
    let wrong = guarded.client().get(&url).bearer_auth("s3cret-scrap").send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let right = guarded.client().get(&url).bearer_auth("s3cret-scrape").send().await.unwrap();
    assert_eq!(right.status(), 200);
    assert!(!parse(&right.text().await.unwrap()).is_empty());
}

#[tokio::test]
async fn migrate_to_copies_the_demo_into_postgres_and_the_copy_serves_it() {
    if postgres_server().is_none() {
        println!("skipped: migrate-to needs PostgreSQL (set FESTPLAN_TEST_POSTGRES)");
        return;
    }
    // The source is SQLite whatever the suite runs on.
    let source = TestApp::spawn_with(|c| c.database_url = Some(c.database_url())).await;
    app::demo::load(&source.state).await.expect("the demo loads");
    let config = Config { data_dir: source.data_dir.clone(), ..Config::default() };
    let target_url = postgres_database().await.unwrap();

    let counts = festplan_server::migrate::migrate_to(&config, &target_url).await.expect("the copy succeeds");
    let rows = |table: &str| counts.iter().find(|c| c.table == table).unwrap_or_else(|| panic!("{table} in {counts:?}")).target;
    assert!(counts.iter().all(|c| c.source == c.target), "{counts:?}");
    assert!(rows("events") >= 4 && rows("rsvps") > 0 && rows("users") > 0 && rows("packing_taps") > 0, "{counts:?}");
    let report = festplan_server::migrate::report(&counts);
    assert!(report.contains("every count matches"), "{report}");

    // A second run refuses: the target is no longer empty.
    let again = festplan_server::migrate::migrate_to(&config, &target_url).await.expect_err("a filled target is refused");
    assert!(again.to_string().contains("not empty"), "{again}");

    // The copy serves the demo: the same event, flags and all, and its page.
    let copy = TestApp::spawn_with(|c| c.database_url = Some(target_url.clone())).await;
    let original = app::db::events::by_slug(&source.state.db, "summer-party").await.unwrap().expect("the demo event");
    let copied = app::db::events::by_slug(&copy.state.db, "summer-party").await.unwrap().expect("copied");
    assert_eq!(format!("{copied:?}"), format!("{original:?}"));
    let page = copy.client().get(copy.at("/events/summer-party")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(&original.title), "the demo event's page");
    // Ids go on after the copied ones: a new event is stored, not refused as a duplicate.
    let largest = counts.iter().find(|c| c.table == "events").unwrap().target;
    let id = copy.seed_event("after-the-move", app::events::model::EventKind::Bbq, "After the move", 3).await;
    assert!(id > largest, "new id {id} after the copied ones");
}
