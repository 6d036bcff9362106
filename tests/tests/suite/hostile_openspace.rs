//! The open space's pages fed the hostile corpus: session titles, descriptions and notes, room
//! names and notes, a kept-free cell's label and a facilitator's name, stored directly (past
//! validation, as another tool's import or an older version could have written them).

use app::auth::model::EventRole;
use app::db::openspace::{NewParticipant, SpaceFields};
use app::db::openspace_sessions::SessionFields;
use app::events::model::EventKind;
use app::openspace::model::{Format, Participation};
use festplan_tests::TestApp;
use festplan_tests::hostile::{PLAIN, assert_pages_inert};

/// An open space whose every user-written field holds `text`, and the pages that show them.
async fn seed(app: TestApp, text: String) -> (TestApp, Vec<(String, reqwest::Client)>) {
    let event = app.seed_event("os", EventKind::OpenSpace, "Open space", 7).await;
    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let now = app::db::now();
    let mut tx = app.state.db.begin_write().await.unwrap();
    let settings = SpaceFields {
        participation: Participation::Link,
        proposals_close_at: None,
        voting_opens_at: None,
        voting_closes_at: None,
        dots_per_voter: 5,
        max_dots_per_session: 3,
    };
    app::db::openspace::save_space(&mut tx, event, &settings, now).await.unwrap();
    let room = app::db::openspace::insert_room(&mut tx, event, &text, 20, &text).await.unwrap().unwrap();
    let other_room = app::db::openspace::insert_room(&mut tx, event, "Second room", 10, "").await.unwrap().unwrap();
    let start = now + 7 * 86_400;
    let slot = app::db::openspace::insert_slot(&mut tx, event, start, start + 2700).await.unwrap().unwrap();
    let later = app::db::openspace::insert_slot(&mut tx, event, start + 3600, start + 6300).await.unwrap().unwrap();
    app::db::openspace::set_blocked(&mut tx, later, other_room, true, &text).await.unwrap();
    let participant =
        NewParticipant { event_id: event, user_id: Some(owner_id), name: &text, email: Some("owner@example.org"), ..Default::default() };
    let facilitator = app::db::openspace::insert_participant(&mut tx, &participant, now).await.unwrap();
    let fields = SessionFields { title: &text, description_md: &text, format: Format::Workshop, length: 1 };
    let session = app::db::openspace_sessions::insert_session(&mut tx, event, &fields, now).await.unwrap();
    app::db::openspace_sessions::add_facilitator(&mut tx, session, facilitator).await.unwrap();
    app::db::openspace_sessions::set_notes(&mut tx, session, &text, now).await.unwrap();
    app::db::openspace_sessions::set_cell(&mut tx, session, Some((slot, room)), false).await.unwrap();
    app::db::openspace_sessions::set_dots(&mut tx, session, facilitator, 2).await.unwrap();
    let second = SessionFields { title: "Second session", description_md: "", format: Format::Talk, length: 1 };
    let other = app::db::openspace_sessions::insert_session(&mut tx, event, &second, now).await.unwrap();
    app::db::openspace_sessions::add_facilitator(&mut tx, other, facilitator).await.unwrap();
    tx.commit().await.unwrap();
    let visitor = app.client();
    let pages = vec![
        ("/events/os/open-space".to_string(), visitor.clone()),
        (format!("/events/os/open-space/sessions/{session}"), visitor.clone()),
        ("/events/os/board".to_string(), visitor),
        ("/events/os/open-space".to_string(), owner.clone()),
        (format!("/events/os/open-space/sessions/{session}"), owner.clone()),
        (format!("/events/os/open-space/sessions/{other}"), owner.clone()),
        ("/events/os/open-space/setup".to_string(), owner),
    ];
    (app, pages)
}

#[tokio::test]
async fn hostile_text_on_every_open_space_page_stays_text() {
    assert_pages_inert(seed).await;
}

#[tokio::test]
async fn the_plain_open_space_shows_its_text_on_every_page() {
    // The comparison pages must really show the text, or comparing them proves nothing.
    let (app, pages) = seed(TestApp::spawn().await, PLAIN.to_string()).await;
    for (path, client) in pages {
        let html = client.get(app.at(&path)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(PLAIN), "{path} does not show the seeded text");
    }
    app.stop().await;
}

/// The editor's fields hold a description that closes the textarea exactly as stored.
#[tokio::test]
async fn the_session_editor_shows_a_description_that_closes_the_textarea_as_its_value() {
    let text = "\nfirst line</textarea><b>not bold</b>";
    let (app, pages) = seed(TestApp::spawn().await, text.to_string()).await;
    // The owner facilitates this session: its page carries the editor and the notes form.
    let (path, owner) = (&pages[4].0, &pages[4].1);
    let html = owner.get(app.at(path)).send().await.unwrap().text().await.unwrap();
    let document = scraper::Html::parse_document(&html);
    for id in ["#edit-description", "#notes-text"] {
        let selector = scraper::Selector::parse(id).unwrap();
        let value: String = document.select(&selector).next().unwrap_or_else(|| panic!("{id} on the facilitator's page")).text().collect();
        assert_eq!(value, text, "{id}");
    }
    assert!(!html.contains("<b>not bold</b>"));
    app.stop().await;
}
