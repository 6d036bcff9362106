//! Code-of-conduct pages fed the hostile corpus in every field a reporter, a responder or an
//! organizer writes: the report's fields, contact details, replies, notes, the reporter's
//! additions, actions, a responder's name, the event's code and emergency contact. Stored
//! directly (sealed as the app seals them, past validation).

use app::conduct::model::{ActionKind, ContactWay, ReportText};
use app::conduct::service::{entry_bound, report_bound, sealer};
use app::db::conduct::{NewEntry, SettingsRow};
use festplan_tests::TestApp;
use festplan_tests::conduct::{event_with_responder, input, report, reporter};
use festplan_tests::hostile::{PLAIN, assert_pages_inert};

async fn seed(app: TestApp, text: String) -> (TestApp, Vec<(String, reqwest::Client)>) {
    let (event, responder) = event_with_responder(&app, "conf").await;
    let (writer, _) = app.signed_in("writer@example.org", false).await;
    app.grant_role(event, writer, app::auth::model::EventRole::ConductResponder).await;
    let now = app::db::now();
    let sealer = sealer(&app.state.settings);
    let hostile = ReportText {
        what: text.clone(),
        when_where: text.clone(),
        involved: text.clone(),
        witnesses: text.clone(),
        danger: true,
        contact: ContactWay::Email,
        name: text.clone(),
        email: text.clone(),
        phone: text.clone(),
    };
    // Sent as a reporter sends it, then its text replaced by the hostile one.
    let (id, code) = report(&app, event, &input("placeholder")).await;
    let mut tx = app.state.db.begin_write().await.unwrap();
    app::db::query("UPDATE users SET display_name = $1 WHERE id = $2").bind(&text).bind(writer).execute(&mut tx).await.unwrap();
    let settings = SettingsRow { code_md: Some(text.clone()), emergency_contact: text.clone(), emergency_number: text.clone() };
    app::db::conduct::save_settings(&mut tx, event, &settings, now).await.unwrap();
    let sealed = sealer.seal_str(&report_bound(id), &serde_json::to_string(&hostile).unwrap());
    app::db::conduct::seal_report(&mut tx, id, &sealed).await.unwrap();
    for (kind, by, action) in [
        ("reply", Some(writer), None),
        ("note", Some(writer), None),
        ("reporter", None, None),
        ("action", Some(writer), Some(ActionKind::Warning)),
    ] {
        let entry = NewEntry { report_id: id, kind, by_user: by, status: None, action };
        let entry_id = app::db::conduct::insert_entry(&mut tx, &entry, now).await.unwrap();
        app::db::conduct::seal_entry(&mut tx, entry_id, &sealer.seal_str(&entry_bound(id, entry_id), &text)).await.unwrap();
    }
    app::db::conduct::log_read(&mut tx, id, writer, "report", now).await.unwrap();
    tx.commit().await.unwrap();
    let visitor = app.client();
    let follower = reporter(&app, "conf", &code).await;
    let pages = vec![
        ("/events/conf/conduct".to_string(), visitor.clone()),
        ("/events/conf/conduct/report".to_string(), visitor),
        ("/events/conf/conduct/follow-up".to_string(), follower),
        ("/events/conf/conduct/reports".to_string(), responder.clone()),
        (format!("/events/conf/conduct/reports/{id}"), responder),
    ];
    (app, pages)
}

#[tokio::test]
async fn hostile_text_on_every_conduct_page_stays_text() {
    assert_pages_inert(seed).await;
}

#[tokio::test]
async fn the_plain_report_shows_its_text_on_every_page() {
    // The comparison pages must really show the text, or comparing them proves nothing.
    let (app, pages) = seed(TestApp::spawn().await, PLAIN.to_string()).await;
    for (path, client) in pages.iter().filter(|(p, _)| !p.ends_with("/reports")) {
        let html = client.get(app.at(path)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(PLAIN), "{path} does not show the seeded text");
    }
    app.stop().await;
}
