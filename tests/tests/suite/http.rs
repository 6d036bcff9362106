//! The real router on port 0: pages, static files, health, and the security baseline.

use app::events::model::EventKind;
use festplan_tests::TestApp;
use reqwest::header;

#[tokio::test]
async fn home_page_is_server_rendered_with_upcoming_events_and_names_a_served_bundle() {
    let app = TestApp::spawn().await;
    app.seed_event("summer-party", EventKind::Party, "Summer party", 10).await;
    app.seed_event("bbq-iv", EventKind::Bbq, "Developer & admin BBQ IV", 3).await;
    let client = app.client();

    let response = client.get(app.at("/")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("<h1>Festplan</h1>"), "{html}");
    // Soonest first, in the first HTML rather than streamed in later.
    let bbq = html.find("Developer &amp; admin BBQ IV").expect("BBQ listed");
    let party = html.find("Summer party").expect("party listed");
    assert!(bbq < party, "events are listed soonest first");
    // The island loader names the bundle; the home page itself has no islands to hydrate.
    assert_eq!(festplan_tests::weight::bundle_of(&html).as_deref(), Some("/pkg/festplan"), "island loader missing");
    assert!(!html.contains("<leptos-island"), "the home page has nothing to hydrate");

    for (path, content_type) in [
        ("/pkg/festplan.js", "text/javascript"),
        ("/pkg/festplan_bg.wasm", "application/wasm"),
        ("/pkg/festplan.css", "text/css"),
        ("/favicon.ico", "image/"),
    ] {
        let response = client.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let ct = response.headers()[header::CONTENT_TYPE].to_str().unwrap().to_string();
        assert!(ct.starts_with(content_type), "{path}: {ct}");
    }
}

#[tokio::test]
async fn home_page_filters_by_kind_and_explains_an_empty_list() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let empty = client.get(app.at("/")).send().await.unwrap().text().await.unwrap();
    assert!(empty.contains("Nothing planned yet."), "{empty}");

    app.seed_event("sprint", EventKind::Sprint, "Code sprint", 2).await;
    app.seed_event("bbq", EventKind::Bbq, "Spring BBQ", 4).await;
    let bbq_only = client.get(app.at("/?kind=bbq")).send().await.unwrap().text().await.unwrap();
    assert!(bbq_only.contains("Spring BBQ") && !bbq_only.contains("Code sprint"), "{bbq_only}");
    let none = client.get(app.at("/?kind=meetup")).send().await.unwrap().text().await.unwrap();
    assert!(none.contains("No upcoming events of this kind: Meetup."), "{none}");
}

#[tokio::test]
async fn past_drafts_and_unlisted_events_stay_off_the_home_page() {
    let app = TestApp::spawn().await;
    app.seed_event("last-year", EventKind::Bbq, "Last year's BBQ", -365).await;
    let draft = app::db::events::NewEvent {
        slug: "draft".into(),
        kind: EventKind::Meetup,
        title: "Secret draft".into(),
        starts_at: app::db::now() + 86_400,
        ends_at: app::db::now() + 90_000,
        time_zone: "UTC".into(),
        venue_name: String::new(),
        published: false,
    };
    app::db::events::insert(&app.state.db, &draft).await.unwrap();
    let html = app.client().get(app.at("/")).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("Last year&#x27;s BBQ") && !html.contains("Last year's BBQ"));
    assert!(!html.contains("Secret draft"));
    assert!(html.contains("Nothing planned yet."));
}

#[tokio::test]
async fn unknown_address_gets_the_not_found_page_with_status_404() {
    let app = TestApp::spawn().await;
    let response = app.client().get(app.at("/no/such/page")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"), "{html}");
    assert!(html.contains("href=\"/\""), "offers a way back");
}

#[tokio::test]
async fn healthz_reports_ok_and_every_response_has_a_request_id() {
    let app = TestApp::spawn().await;
    let response = app.client().get(app.at("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_that_matches_their_scripts_and_forbids_framing() {
    let app = TestApp::spawn().await;
    let response = app.client().get(app.at("/")).send().await.unwrap();
    let headers = response.headers().clone();
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(headers.contains_key(header::REFERRER_POLICY));
    let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("nonce in CSP");
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "scripts carry the header's nonce");
    assert!(!csp.contains("unsafe-inline"), "{csp}");

    // A second page view gets a different nonce.
    let again = app.client().get(app.at("/")).send().await.unwrap();
    assert_ne!(again.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap(), csp);

    // Non-page responses get a strict policy too.
    let health = app.client().get(app.at("/healthz")).send().await.unwrap();
    assert!(health.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'none'"));
}

#[tokio::test]
async fn graceful_shutdown_stops_serving_and_returns() {
    let app = TestApp::spawn().await;
    let url = app.at("/healthz");
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 200);
    app.stop().await;
    assert!(reqwest::get(&url).await.is_err(), "nothing listens after shutdown");
}
