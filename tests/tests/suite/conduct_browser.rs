//! The browser journey of a code-of-conduct report: reported on a phone and followed up with
//! the code, acknowledged, answered and acted on by a responder, refused to a recused one.

use app::auth::model::EventRole;
use festplan_tests::conduct::{RESPONDER, event_with_responder};
use festplan_tests::{TestApp, journey};

#[tokio::test(flavor = "multi_thread")]
async fn a_report_from_a_phone_is_answered_acted_on_and_kept_from_a_recused_responder() {
    let app = TestApp::spawn().await;
    let (event, _) = event_with_responder(&app, "bbq").await;
    let (_, responder) = app.session_for(RESPONDER, false).await;
    let (sam, recused) = app.session_for("sam@example.org", false).await;
    app.grant_role(event, sam, EventRole::ConductResponder).await;
    let settings =
        app::db::conduct::SettingsRow { code_md: None, emergency_contact: "Kim, +49 170 1234567".into(), emergency_number: "112".into() };
    let mut tx = app.state.db.begin_write().await.unwrap();
    app::db::conduct::save_settings(&mut tx, event, &settings, app::db::now()).await.unwrap();
    tx.commit().await.unwrap();
    app.rsvp(event, "eve@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();

    journey(&app, "conduct_report.mjs", &["bbq".as_ref(), responder.as_ref(), recused.as_ref(), "eve@example.org".as_ref()]).await;

    let rsvps = app.rsvps(event).await;
    assert_eq!(rsvps.iter().find(|r| r.0 == "eve@example.org").map(|r| r.1.as_str()), Some("not_going"), "the removal cancelled the RSVP");
    let again = app.rsvp(event, "eve@example.org", app::rsvp::model::Answer::Yes, 1).await;
    assert!(again.is_err(), "and refuses a new one");
    let list = app::conduct::respond::reports(&app.state, &app.actor_for(RESPONDER).await, "bbq").await.unwrap();
    assert_eq!(list.reports.len(), 1);
    assert_eq!(list.reports[0].status, app::conduct::model::Status::Acknowledged);
    assert!(!list.reports[0].urgent, "nobody was in danger");
}
