//! Attendee pages follow their event live over server-sent events.

use std::time::Duration;

use app::auth::model::EventRole;
use app::rsvp::model::Answer;
use festplan_tests::TestApp;

/// Reads the stream until `needle` arrives; gives up after 10 s so a broken stream fails, not hangs.
pub(crate) async fn wait_for(response: &mut reqwest::Response, needle: &str) -> bool {
    let mut seen = String::new();
    let read = async {
        while let Ok(Some(chunk)) = response.chunk().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains(needle) {
                return true;
            }
        }
        false
    };
    tokio::time::timeout(Duration::from_secs(10), read).await.unwrap_or(false)
}

#[tokio::test]
async fn check_in_staff_hear_of_each_rsvp_and_strangers_cannot_listen() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    let other = app.seed_event_with_capacity("party", Some(10)).await;
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;

    let mut live = staff.get(app.at("/events/bbq/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert_eq!(live.headers()["content-type"], "text/event-stream");
    app.rsvp(other, "elsewhere@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    assert!(wait_for(&mut live, "event: changed").await, "an RSVP is announced");

    let anonymous = app.client().get(app.at("/events/bbq/live")).send().await.unwrap();
    assert_eq!(anonymous.status(), 404);
    let (_, stranger) = app.signed_in("stranger@example.org", false).await;
    assert_eq!(stranger.get(app.at("/events/bbq/live")).send().await.unwrap().status(), 404);
    assert_eq!(staff.get(app.at("/events/party/live")).send().await.unwrap().status(), 404, "only the events one works at");
}

#[tokio::test]
async fn an_open_live_page_does_not_hold_up_a_graceful_shutdown() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let mut live = owner.get(app.at("/events/bbq/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    let stopped = tokio::time::timeout(Duration::from_secs(10), app.stop()).await;
    assert!(stopped.is_ok(), "the server stopped although a page was following it");
    assert!(!wait_for(&mut live, "event: changed").await, "the stream ended without an announcement");
}
