//! Temporary: renders the open-space pages and dumps them.

use festplan_tests::TestApp;
use festplan_tests::openspace::{account, dots, open_space, propose};

#[tokio::test]
async fn tmp_open_space_pages_render() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "link", 3).await;
    let ada = account(&app, "ada@example.org").await;
    let a = propose(&app, &ada, event, "Kata <b>bold</b>").await;
    let b = propose(&app, &ada, event, "Rust async").await;
    let bob = account(&app, "bob@example.org").await;
    let _c = propose(&app, &bob, event, "Long workshop").await;
    dots(&app, &bob, a, 2).await;
    dots(&app, &ada, b, 1).await;
    let organizer = app.owner_of(event, festplan_tests::openspace::ORGANIZER).await;
    let placed =
        app.post(&organizer, "/api/openspace/place", &[("event_id", &event.to_string()), ("seed", "7"), ("keep_announced", "true")]).await;
    println!("place: {}", placed.status());
    let blocked = app
        .post(
            &organizer,
            "/api/openspace/block",
            &[("event_id", &event.to_string()), ("slot_id", "3"), ("room_id", "3"), ("blocked", "true"), ("label", "Lunch <i>")],
        )
        .await;
    println!("block: {}", blocked.status());
    let (_, bobc) = app.signed_in("bob@example.org", false).await;
    let edit = app
        .post(
            &bobc,
            "/api/public/openspace/edit",
            &[
                ("session_id", "3"),
                ("input[title]", "Long workshop"),
                ("input[description]", "**Bring** a laptop"),
                ("input[format]", "workshop"),
                ("input[length]", "2"),
                ("input[co_facilitators]", ""),
            ],
        )
        .await;
    println!("edit: {} {:?}", edit.status(), edit.headers().get("location"));
    let notes = app.post(&bobc, "/api/public/openspace/notes", &[("session_id", "3"), ("notes", "- one\n- two")]).await;
    println!("notes: {}", notes.status());
    let merge = app.post(&attendee_c(&app).await, "/api/public/openspace/merge", &[("session_id", "2"), ("into_id", "3")]).await;
    println!("merge: {} {:?}", merge.status(), merge.headers().get("location"));
    let (_, attendee) = app.signed_in("ada@example.org", false).await;
    let star = app.post(&attendee, "/api/public/openspace/star", &[("session_id", &a.to_string()), ("starred", "true")]).await;
    println!("star: {} {:?}", star.status(), star.headers().get("location"));
    let vote = app.post(&attendee, "/api/public/openspace/vote", &[("session_id", &a.to_string()), ("delta", "1")]).await;
    println!("vote: {} {:?}", vote.status(), vote.headers().get("location"));
    let api = app.client().get(app.at("/api/openspace/page?slug=bbq")).send().await.unwrap();
    println!("api page: {}", api.status());
    let pages = [
        ("attendee", &attendee, "/events/bbq/open-space".to_string()),
        ("anon", &app.client(), "/events/bbq/open-space".to_string()),
        ("organizer-os", &organizer, "/events/bbq/open-space".to_string()),
        ("session", &attendee, format!("/events/bbq/open-space/sessions/{a}")),
        ("session-org", &organizer, format!("/events/bbq/open-space/sessions/{b}")),
        ("session-bob", &bobc, "/events/bbq/open-space/sessions/3".to_string()),
        ("session-missing", &attendee, "/events/bbq/open-space/sessions/9999".to_string()),
        ("setup", &organizer, "/events/bbq/open-space/setup".to_string()),
        ("setup-attendee", &attendee, "/events/bbq/open-space/setup".to_string()),
        ("board", &app.client(), "/events/bbq/board".to_string()),
        ("event", &app.client(), "/events/bbq".to_string()),
    ];
    for (name, client, path) in pages {
        let response = client.get(app.at(&path)).send().await.unwrap();
        let status = response.status();
        let html = response.text().await.unwrap();
        std::fs::write(format!("/tmp/os-{name}.html"), &html).unwrap();
        println!("{name} {path}: {status} {} bytes", html.len());
    }
}

async fn attendee_c(app: &TestApp) -> reqwest::Client {
    app.signed_in("ada@example.org", false).await.1
}
