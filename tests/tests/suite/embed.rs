//! The RSVP card other websites embed: framed only by the websites its organizers name, while
//! every other page refuses any frame; and a club's page on another origin showing it in Chromium.

use std::net::SocketAddr;

use app::events::embed::service;
use app::events::model::EventKind;
use festplan_tests::{TestApp, free_port, journey};

fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

#[tokio::test]
async fn only_the_named_websites_may_frame_the_card_and_no_one_the_rest() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("party", EventKind::Party, "Summer party", 7).await;
    app.owner_of(event, "org@example.org").await;
    let organizer = app.actor_for("org@example.org").await;
    let visitor = app.client();

    let card = visitor.get(app.at("/events/party/embed")).send().await.unwrap();
    assert_eq!(card.status(), 200);
    assert!(header(&card, "content-security-policy").contains("frame-ancestors 'none'"), "nobody named yet");
    assert_eq!(header(&card, "x-frame-options"), "DENY");

    service::save_origins(&app.state, &organizer, event, "https://club.example\nhttps://club.example/ http://127.0.0.1:8080")
        .await
        .unwrap();
    let card = visitor.get(app.at("/events/party/embed")).send().await.unwrap();
    let policy = header(&card, "content-security-policy");
    assert!(policy.ends_with("frame-ancestors https://club.example http://127.0.0.1:8080"), "{policy}");
    assert!(policy.starts_with("default-src 'none'; style-src 'nonce-"), "the card runs no script: {policy}");
    assert_eq!(header(&card, "x-frame-options"), "", "the policy decides");
    let html = card.text().await.unwrap();
    assert!(html.contains("Summer party") && html.contains("RSVP on Festplan"));

    let page = visitor.get(app.at("/events/party")).send().await.unwrap();
    assert_eq!(header(&page, "x-frame-options"), "DENY", "the event's own page is never framed");
    assert!(header(&page, "content-security-policy").contains("frame-ancestors 'none'"));

    for wrong in ["club.example", "https://club.example/page", "javascript:alert(1)"] {
        let refused = service::save_origins(&app.state, &organizer, event, wrong).await.unwrap_err();
        assert_eq!(refused.field(), Some("origins"), "{wrong}");
    }
    let (_, stranger) = app.signed_in("stranger@example.org", false).await;
    let refused =
        app.post(&stranger, "/api/events/embed-origins", &[("event_id", &event.to_string()), ("origins", "https://evil.example")]).await;
    assert_eq!(refused.status(), 404, "only organizers name the websites");
    let private = app.seed_event("secret", EventKind::Party, "Secret", 7).await;
    app::db::query("UPDATE events SET visibility = 'private' WHERE id = $1").bind(private).execute(app.state.db.pool()).await.unwrap();
    assert_eq!(visitor.get(app.at("/events/secret/embed")).send().await.unwrap().status(), 404, "a private event has no card");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_club_website_shows_the_card_and_its_button_opens_the_rsvp_form() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("party", EventKind::Party, "Summer party", 7).await;
    app::db::query("UPDATE events SET capacity = 5 WHERE id = $1").bind(event).execute(app.state.db.pool()).await.unwrap();
    app.rsvp(event, "ada@example.org", app::rsvp::model::Answer::Yes, 2).await.unwrap();
    app.owner_of(event, "org@example.org").await;
    let port = free_port();
    let club = format!("http://127.0.0.1:{port}");
    service::save_origins(&app.state, &app.actor_for("org@example.org").await, event, &club).await.unwrap();

    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Our club</title><link rel=\"icon\" href=\"data:,\"></head><body><main><h1>Our club</h1>\
         <iframe id=\"card\" src=\"{0}/events/party/embed\" title=\"RSVP: Summer party\" width=\"340\" height=\"180\"></iframe>\
         <iframe id=\"page\" src=\"{0}/events/party\" title=\"The event\" width=\"340\" height=\"180\"></iframe></main></body></html>",
        app.url
    );
    let site = axum::Router::new().route("/", axum::routing::get(move || async move { axum::response::Html(page) }));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, site).await.unwrap() });

    journey(&app, "embed.mjs", &[club.as_ref(), "party".as_ref()]).await;
}
