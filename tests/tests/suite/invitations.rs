//! Private events: only organizers and invited people see them, and only invited addresses answer.

use app::error::AppError;
use app::rsvp::model::{Answer, Status};
use festplan_tests::{TestApp, link_in};

/// A published private event; its creator owns it. Returns its id, slug and the organizer's client.
async fn private_event(app: &TestApp) -> (i64, String, reqwest::Client) {
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let fields = [
        ("input[title]", "Team offsite"),
        ("input[kind]", "party"),
        ("input[description]", "Only for the team."),
        ("input[venue_name]", ""),
        ("input[venue_address]", ""),
        ("input[rsvp_deadline]", ""),
        ("input[starts_at]", "2099-08-17T16:00"),
        ("input[ends_at]", "2099-08-17T23:00"),
        ("input[time_zone]", "Europe/Berlin"),
        ("input[capacity]", "20"),
        ("input[visibility]", "private"),
    ];
    let created = organizer.post(app.at("/api/events/create")).header("origin", &app.url).form(&fields).send().await.unwrap();
    let slug: String = created.json().await.unwrap();
    let id = app::db::events::by_slug(&app.state.db, &slug).await.unwrap().unwrap().id;
    let published = app.post(&organizer, "/api/events/publish", &[("event_id", &id.to_string()), ("published", "true")]).await;
    assert_eq!(published.status(), 200);
    (id, slug, organizer)
}

async fn invitation_link(app: &TestApp, email: &str) -> String {
    let message: Vec<u8> = app::db::query_scalar("SELECT message FROM outbox WHERE envelope_to = $1 AND subject LIKE 'Invitation:%'")
        .bind(email)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    link_in(&String::from_utf8_lossy(&message), &app.at("/events/")).expect("the invitation carries a link")
}

fn answer(event_id: i64, email: &str, invitation: Option<String>) -> app::rsvp::service::RsvpRequest {
    app::rsvp::service::RsvpRequest {
        event_id,
        name: "Guest".into(),
        email: email.into(),
        answer: Answer::Yes,
        party_size: 1,
        dietary: String::new(),
        answers: Default::default(),
        invitation,
        language: app::locale::Locale::en,
    }
}

#[tokio::test]
async fn invited_people_see_a_private_event_through_their_link_and_only_they_can_answer() {
    let app = TestApp::spawn().await;
    let (id, slug, organizer) = private_event(&app).await;
    let page = app.client().get(app.at(&format!("/events/{slug}"))).send().await.unwrap();
    assert_eq!(page.status(), 404, "a private event does not exist for others");

    let invited = app
        .post(
            &organizer,
            "/api/events/invite",
            &[("event_id", &id.to_string()), ("addresses", "ada@example.org\nGrace@Example.org, ada@example.org")],
        )
        .await;
    assert_eq!(invited.text().await.unwrap(), "2", "two distinct addresses");
    let link = invitation_link(&app, "ada@example.org").await;
    let page = app.client().get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Team offsite"));

    let token = link.split("invitation=").nth(1).unwrap().to_string();
    // The RSVP section (the questions, the caller's answer) is as private as the event.
    let panel = |query: String| app.client().get(app.at(&format!("/api/rsvp/panel?{query}"))).send();
    assert_eq!(panel(format!("slug={slug}")).await.unwrap().status(), 404, "a stranger reads no RSVP section");
    assert_eq!(panel(format!("slug={slug}&invitation={token}")).await.unwrap().status(), 200, "the invitation opens it");
    let guest = app::auth::service::Actor::anonymous("127.0.0.1");
    // The same link with its last digit changed (to another digit, whatever it was).
    let last = if token.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    let other_link = app::rsvp::service::respond(&app.state, &guest, answer(id, "ada@example.org", Some(forged))).await;
    assert!(matches!(other_link, Err(AppError::NotFound { .. })), "a forged link opens nothing");
    let wrong_address = app::rsvp::service::respond(&app.state, &guest, answer(id, "eve@example.org", Some(token.clone()))).await;
    assert_eq!(wrong_address.unwrap_err().field(), Some("email"), "the link answers only for its address");
    let uninvited = app::rsvp::service::respond(&app.state, &guest, answer(id, "eve@example.org", None)).await;
    assert!(matches!(uninvited, Err(AppError::NotFound { .. })));
    let ada = app::rsvp::service::respond(&app.state, &guest, answer(id, "ada@example.org", Some(token))).await.unwrap();
    assert_eq!(ada.status, Some(Status::Going));

    // Signed in with an invited address, no link is needed.
    let (_, grace) = app.signed_in("grace@example.org", false).await;
    let page = grace.get(app.at(&format!("/events/{slug}"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let (_, eve) = app.signed_in("eve@example.org", false).await;
    assert_eq!(eve.get(app.at(&format!("/events/{slug}"))).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn invitations_need_an_organizer_and_valid_addresses() {
    let app = TestApp::spawn().await;
    let (id, _, organizer) = private_event(&app).await;
    let bad = app
        .post(&organizer, "/api/events/invite", &[("event_id", &id.to_string()), ("addresses", "ada@example.org\nnot an address")])
        .await;
    assert_eq!(bad.status(), 422);
    let (_, stranger) = app.signed_in("stranger@example.org", false).await;
    let refused = app.post(&stranger, "/api/events/invite", &[("event_id", &id.to_string()), ("addresses", "ada@example.org")]).await;
    assert!(refused.status().is_client_error());
    let invitations: i64 = app::db::query_scalar("SELECT COUNT(*) FROM invitations").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(invitations, 0, "nothing was half-saved");
}
