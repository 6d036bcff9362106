//! A person's own data: the download from the account page and from a personal RSVP link, the
//! erasure that keeps every count, and the retention pass with its dry run.

use app::events::model::EventKind;
use app::rsvp::model::Answer;
use festplan_tests::TestApp;

async fn json(client: &reqwest::Client, url: &str) -> (u16, serde_json::Value) {
    let r = client.get(url).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

async fn rsvp_token(app: &TestApp, event: i64, email: &str) -> String {
    let mut conn = app.state.db.read().await.unwrap();
    let row = app::db::rsvps::by_email(&mut conn, event, email).await.unwrap().unwrap();
    app::rsvp::service::manage_token(&app.state.settings.secret_key, row.id)
}

#[tokio::test]
async fn a_guest_downloads_and_erases_their_data_and_the_counts_stay() {
    let app = TestApp::spawn().await;
    let party = app.seed_event("party", EventKind::Party, "Summer party", 7).await;
    let bbq = app.seed_event("bbq", EventKind::Bbq, "BBQ", 9).await;
    app.rsvp(party, "ada@example.org", Answer::Yes, 3).await.unwrap();
    app.rsvp(bbq, "ada@example.org", Answer::Maybe, 1).await.unwrap();
    app.rsvp(party, "grace@example.org", Answer::Yes, 1).await.unwrap();
    let token = rsvp_token(&app, party, "ada@example.org").await;
    let visitor = app.client();

    let (status, data) = json(&visitor, &app.at(&format!("/rsvp/{token}/data.json"))).await;
    assert_eq!(status, 200);
    let events: Vec<&str> = data["rsvps"].as_array().unwrap().iter().map(|r| r["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["party", "bbq"], "every RSVP of the address, and nobody else's");
    assert!(
        data["mail"].as_array().unwrap().iter().any(|m| m["subject"].as_str().unwrap().contains("Summer party")),
        "the mail sent to her"
    );
    let page = visitor.get(app.at(&format!("/rsvp/{token}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("/rsvp/{token}/data.json")), "the personal page offers the download");
    assert_eq!(json(&visitor, &app.at("/rsvp/1-00/data.json")).await.0, 404, "a made-up link opens nothing");

    app.state.outbox.deliver_now(&app.state.db, &app.state.mailer).await.unwrap();
    let sent_to_her = "SELECT COUNT(*) FROM outbox WHERE envelope_to = 'ada@example.org' AND sent_at IS NOT NULL";
    let sent: i64 = app::db::query_scalar(sent_to_her).fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(sent, 2, "her two confirmations went out");
    let going_before = app::db::rsvps::places_going(&app.state.db, party).await.unwrap();
    let erased = app.post(&visitor, "/api/public/privacy/erase", &[("token", &token)]).await;
    assert!(erased.status().is_success() || erased.status().is_redirection(), "{}", erased.status());
    assert_eq!(app::db::rsvps::places_going(&app.state.db, party).await.unwrap(), going_before, "the count stays");
    let rsvps = app.rsvps(party).await;
    assert!(rsvps.iter().all(|r| r.0 != "ada@example.org") && rsvps.iter().any(|r| r.0 == "grace@example.org"), "{rsvps:?}");
    let rows: Vec<(String, String)> =
        app::db::query_as("SELECT name, dietary FROM rsvps WHERE email LIKE 'erased-%'").fetch_all(app.state.db.pool()).await.unwrap();
    assert_eq!(rows, [("(erased)".to_string(), String::new()), ("(erased)".to_string(), String::new())], "both of her RSVPs");
    let sent: i64 = app::db::query_scalar(sent_to_her).fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(sent, 0, "sent mail to her keeps no address");
}

#[tokio::test]
async fn an_account_downloads_its_data_and_erases_its_rsvps() {
    let app = TestApp::spawn().await;
    let party = app.seed_event("party", EventKind::Party, "Summer party", 7).await;
    app.rsvp(party, "ada@example.org", Answer::Yes, 2).await.unwrap();
    let (_, ada) = app.signed_in("ada@example.org", false).await;
    // Removed from another event after a report (a responder acts on it).
    let other = app.seed_event("bbq", EventKind::Bbq, "BBQ", 9).await;
    let (responder, _) = app.signed_in("responder@example.org", false).await;
    app.grant_role(other, responder, app::auth::model::EventRole::ConductResponder).await;
    let (report, _) = festplan_tests::conduct::report(&app, other, &festplan_tests::conduct::input("Rude to staff")).await;
    let responder = app.actor_for("responder@example.org").await;
    app::conduct::respond::act(&app.state, &responder, report, "removal", "ada@example.org", "Rude to staff twice").await.unwrap();
    let (status, data) = json(&ada, &app.at("/account/data.json")).await;
    assert_eq!(status, 200);
    let removed = data["events"].as_array().unwrap().iter().any(|e| e["what"].as_str().unwrap().starts_with("removed from the event"));
    assert!(removed, "a removal is part of what is held about her: {}", data["events"]);
    assert_eq!(data["account"]["email"], "ada@example.org");
    assert_eq!(data["rsvps"][0]["party_size"], 2);
    assert_eq!(json(&app.client(), &app.at("/account/data.json")).await.0, 401, "signed out, nothing");

    let erased = app.post(&ada, "/api/privacy/erase", &[]).await;
    assert_eq!(erased.status(), 200);
    let (_, data) = json(&ada, &app.at("/account/data.json")).await;
    assert_eq!(data["rsvps"].as_array().unwrap().len(), 0, "nothing of hers is left in the RSVPs");
    assert_eq!(data["account"]["email"], "ada@example.org", "the account itself stays");
    assert_eq!(app::db::rsvps::places_going(&app.state.db, party).await.unwrap(), 2);
}

#[tokio::test]
async fn retention_lists_then_erases_the_guests_of_long_past_events() {
    let app = TestApp::spawn().await;
    let old = app.seed_event("old", EventKind::Party, "Last year's party", 7).await;
    let recent = app.seed_event("recent", EventKind::Meetup, "Meetup", 7).await;
    app.rsvp(old, "ada@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(recent, "ada@example.org", Answer::Yes, 1).await.unwrap();
    let long_ago = app::db::now() - 200 * 86_400;
    app::db::query("UPDATE events SET starts_at = $1, ends_at = $1 + 3600 WHERE id = $2")
        .bind(long_ago)
        .bind(old)
        .execute(app.state.db.pool())
        .await
        .unwrap();

    let listed = app::privacy::service::retention(&app.state, 180, true).await.unwrap();
    assert_eq!(listed.iter().map(|e| (e.slug.as_str(), e.rsvps)).collect::<Vec<_>>(), [("old", 1)]);
    assert_eq!(app.rsvps(old).await[0].0, "ada@example.org", "a dry run changes nothing");

    let erased = app::privacy::service::retention(&app.state, 180, false).await.unwrap();
    assert_eq!(erased.len(), 1);
    assert!(app.rsvps(old).await[0].0.starts_with("erased-"), "the old event's guest is erased");
    assert_eq!(app.rsvps(recent).await[0].0, "ada@example.org", "the recent one keeps its guest");
    assert_eq!(app::db::rsvps::places_going(&app.state.db, old).await.unwrap(), 2, "the count stays");
    assert!(app::privacy::service::retention(&app.state, 180, true).await.unwrap().is_empty(), "nothing left to erase");
}
