//! The entrance: check-in codes, second scans, who may check people in, and the CSV export.

use app::auth::model::EventRole;
use app::rsvp::model::Answer;
use festplan_tests::TestApp;

async fn code_of(app: &TestApp, event: i64, email: &str) -> String {
    let mut conn = app.state.db.pool().acquire().await.unwrap();
    let row = app::db::rsvps::by_email(&mut conn, event, email).await.unwrap().unwrap();
    app::rsvp::service::check_in_code(&app.state.settings.secret_key, row.id)
}

#[tokio::test]
async fn staff_check_a_party_in_once_and_a_second_scan_says_when() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("party", Some(10)).await;
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;
    app.rsvp(event, "grace@example.org", Answer::Yes, 3).await.unwrap();
    let code = code_of(&app, event, "grace@example.org").await;
    let id = event.to_string();

    let first: serde_json::Value =
        app.post(&staff, "/api/rsvp/check-in", &[("event_id", &id), ("code", &code)]).await.json().await.unwrap();
    assert_eq!(
        (first["name"].as_str(), first["party_size"].as_u64(), first["already_checked_in"].as_bool()),
        (Some("grace"), Some(3), Some(false))
    );
    let again: serde_json::Value =
        app.post(&staff, "/api/rsvp/check-in", &[("event_id", &id), ("code", &code.to_uppercase())]).await.json().await.unwrap();
    assert_eq!(again["already_checked_in"], true);
    assert_eq!(again["at"], first["at"], "the second scan names the time of the first");

    let bogus = app.post(&staff, "/api/rsvp/check-in", &[("event_id", &id), ("code", "1-0000000000")]).await;
    assert_eq!(bogus.status(), 422);

    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let list: serde_json::Value = owner.get(app.at("/api/events/attendees?slug=party")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["counts"]["checked_in_people"], 3, "the organizer's counts include arrivals");
    let live: serde_json::Value = owner.get(app.at("/api/events/attendee-counts?slug=party")).send().await.unwrap().json().await.unwrap();
    assert_eq!(live, list["counts"], "the counts the open list re-reads, summed by the database, are the list's own");
}

#[tokio::test]
async fn only_confirmed_parties_get_in_and_only_staff_may_scan() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("party", Some(1)).await;
    let other_event = app.seed_event_with_capacity("other", Some(5)).await;
    app.rsvp(event, "in@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "waiting@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(other_event, "elsewhere@example.org", Answer::Yes, 1).await.unwrap();
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;
    let id = event.to_string();

    let waiting =
        app.post(&staff, "/api/rsvp/check-in", &[("event_id", &id), ("code", &code_of(&app, event, "waiting@example.org").await)]).await;
    assert_eq!(waiting.status(), 409);
    assert!(waiting.text().await.unwrap().contains("no confirmed place"));
    let elsewhere = app
        .post(&staff, "/api/rsvp/check-in", &[("event_id", &id), ("code", &code_of(&app, other_event, "elsewhere@example.org").await)])
        .await;
    assert_eq!(elsewhere.status(), 422, "a code from another event does not open this one");

    let (_, packer) = app.signed_in("packer@example.org", false).await;
    let refused =
        app.post(&packer, "/api/rsvp/check-in", &[("event_id", &id), ("code", &code_of(&app, event, "in@example.org").await)]).await;
    assert_eq!(refused.status(), 404);
}

#[tokio::test]
async fn check_in_staff_open_the_check_in_page_of_a_private_event() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("staff-party", Some(10)).await;
    sqlx::query("UPDATE events SET visibility = 'private' WHERE id = $1").bind(event).execute(app.state.db.pool()).await.unwrap();
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;
    let page = staff.get(app.at("/events/staff-party/check-in")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Code (scan or type)"), "the door's staff get the form, not \"not found\"");
    let (_, guest) = app.signed_in("guest@example.org", false).await;
    let hidden = guest.get(app.at("/events/staff-party/check-in")).send().await.unwrap();
    assert_eq!(hidden.status(), 404, "an uninvited account still sees nothing");
}

#[tokio::test]
async fn organizers_download_attendees_as_csv_and_nobody_else_does() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let csv = owner.get(app.at("/events/bbq/attendees.csv")).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = csv.text().await.unwrap();
    assert!(body.contains("ada,ada@example.org,going,2,,,no"), "{body}");
    let anonymous = app.client().get(app.at("/events/bbq/attendees.csv")).send().await.unwrap();
    assert_eq!(anonymous.status(), 404, "to others the list does not exist");
}
