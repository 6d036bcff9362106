//! Every page that shows user-written text, fed the hostile corpus: nothing the app did not
//! write appears. The text is stored directly, past validation, as a database written by an
//! older version or another tool could hold it.

use app::auth::model::EventRole;
use app::db::events::EventFields;
use app::db::rsvps::NewRsvp;
use app::events::model::EventKind;
use festplan_tests::TestApp;
use festplan_tests::hostile::{PLAIN, assert_pages_inert, title_of};

/// An event, its series, a question, a guest and its organizer, all written with `text`;
/// then every page that shows them.
async fn seed(app: TestApp, text: String) -> (TestApp, Vec<(String, reqwest::Client)>) {
    let event = app.seed_event("party", EventKind::Party, "placeholder", 7).await;
    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    app::db::users::update_profile(&app.state.db, owner_id, &text, "en").await.unwrap();
    let starts_at = app::db::now() + 7 * 86_400;
    let mut tx = app.state.db.begin_write().await.unwrap();
    let series = app::db::series::find_or_create(&mut tx, "the-series", &text, app::db::now()).await.unwrap();
    let fields = EventFields {
        kind: EventKind::Party,
        title: &text,
        description_md: &text,
        starts_at,
        ends_at: starts_at + 3 * 3600,
        time_zone: "Europe/Berlin",
        venue_name: &text,
        venue_address: &text,
        capacity: Some(50),
        visibility: app::events::model::Visibility::Public,
        rsvp_deadline: None,
        reminder_hours: 24,
        title_de: None,
        description_de: None,
        series_id: Some(series),
        requires_approval: false,
        reply_to: None,
    };
    app::db::events::update(&mut tx, event, &fields, app::db::now()).await.unwrap();
    // Choices are stored one per line, so a line break in the text would only add a choice.
    let choice = text.replace(['\r', '\n'], " ");
    let question = app::db::questions::insert(&mut tx, event, "single", &text, &format!("{choice}\nsecond choice"), false).await.unwrap();
    let guest = NewRsvp {
        event_id: event,
        user_id: None,
        email: "guest@example.org",
        name: &text,
        answer: app::rsvp::model::Answer::Yes,
        party_size: 2,
        dietary: &text,
        status: app::rsvp::model::Status::Going,
        waitlist_seq: None,
        language: "en",
    };
    let rsvp = app::db::rsvps::insert(&mut tx, &guest, app::db::now()).await.unwrap();
    app::db::questions::save_answers(&mut tx, rsvp.id, &[(question, choice)]).await.unwrap();
    tx.commit().await.unwrap();
    let token = app::rsvp::service::manage_token(&app.state.settings.secret_key, rsvp.id);
    let visitor = app.client();
    let pages = vec![
        ("/".to_string(), visitor.clone()),
        ("/events/party".to_string(), visitor.clone()),
        ("/series/the-series".to_string(), visitor.clone()),
        (format!("/rsvp/{token}"), visitor),
        ("/events/party".to_string(), owner.clone()),
        ("/events/party/edit".to_string(), owner.clone()),
        ("/events/party/attendees".to_string(), owner.clone()),
        ("/events/party/check-in".to_string(), owner.clone()),
        ("/account".to_string(), owner),
    ];
    (app, pages)
}

#[tokio::test]
async fn hostile_text_on_every_page_stays_text() {
    assert_pages_inert(seed).await;
}

/// leptos_meta writes the title into the head without escaping; the app's formatter escapes it.
/// This pins both: the title element holds exactly the event's title as text.
#[tokio::test]
async fn the_document_title_holds_a_title_that_closes_the_title_element_as_text() {
    let text = "D</title><meta http-equiv=refresh content=0>";
    let (app, _) = seed(TestApp::spawn().await, text.to_string()).await;
    for path in ["/events/party", "/series/the-series"] {
        let html = app.client().get(app.at(path)).send().await.unwrap().text().await.unwrap();
        assert_eq!(title_of(&html), format!("{text} · Festplan"), "{path}");
    }
    app.stop().await;
}

/// tachys writes `<textarea>` content raw; the app's `TextArea` escapes it. The editor shows
/// the description exactly as stored, also when it closes the textarea or starts with a newline.
#[tokio::test]
async fn the_editor_shows_a_description_that_closes_the_textarea_as_its_value() {
    let text = "\nfirst line</textarea><b>not bold</b>";
    let (app, pages) = seed(TestApp::spawn().await, text.to_string()).await;
    let owner = &pages.iter().find(|(path, _)| path.ends_with("/edit")).unwrap().1;
    let html = owner.get(app.at("/events/party/edit")).send().await.unwrap().text().await.unwrap();
    let document = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("#ev-description").unwrap();
    let value: String = document.select(&selector).next().expect("the description field").text().collect();
    assert_eq!(value, text);
    assert!(!html.contains("<b>not bold</b>"));
    app.stop().await;
}

#[tokio::test]
async fn the_plain_setup_shows_its_text_on_every_page() {
    // The comparison pages must really show the text, or comparing them proves nothing.
    let (app, pages) = seed(TestApp::spawn().await, PLAIN.to_string()).await;
    for (path, client) in pages {
        let html = client.get(app.at(&path)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(PLAIN), "{path} does not show the seeded text");
    }
    app.stop().await;
}
