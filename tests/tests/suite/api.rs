//! The JSON API: tokens, validation as 422 with the field named, and schemathesis
//! checking every operation against the OpenAPI document.

use festplan_tests::TestApp;
use serde_json::json;

async fn token_for(app: &TestApp, email: &str) -> String {
    let (id, _) = app.signed_in(email, false).await;
    let actor = app.actor_for(email).await;
    assert_eq!(actor.user.as_ref().map(|u| u.id), Some(id));
    app::auth::service::create_api_token(&app.state, &actor, "intranet").await.unwrap()
}

#[tokio::test]
async fn an_integration_creates_reads_updates_an_event_and_lists_its_rsvps() {
    let app = TestApp::spawn().await;
    let token = token_for(&app, "org@example.org").await;
    let client = reqwest::Client::new();
    let event = json!({
        "title": "Meetup #42", "kind": "meetup", "starts_at": "2099-03-01T19:00", "ends_at": "2099-03-01T22:00",
        "time_zone": "Europe/Berlin", "capacity": 2, "published": true, "description": "Talks and *pizza*.",
        "series": "Rust meetup"
    });
    let created = client.post(app.at("/api/v1/events")).bearer_auth(&token).json(&event).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["slug"], "meetup-42");
    assert_eq!(created["status"], "published");
    assert_eq!(created["starts_at"], "2099-03-01T18:00:00Z");
    assert_eq!(created["series"]["slug"], "rust-meetup");
    assert_eq!(created["series"]["url"], app.at("/series/rust-meetup"));

    let listed: serde_json::Value = client.get(app.at("/api/v1/events")).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed[0]["slug"], "meetup-42");

    let rsvp = json!({ "name": "Ada", "email": "ada@example.org", "answer": "yes", "party_size": 3 });
    let r: serde_json::Value =
        client.post(app.at("/api/v1/events/meetup-42/rsvps")).bearer_auth(&token).json(&rsvp).send().await.unwrap().json().await.unwrap();
    assert_eq!((r["status"].as_str(), r["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)), "3 do not fit in 2 places");
    // Without the organizer's token the reply does not tell where an answer landed.
    let other = json!({ "name": "Grace", "email": "grace@example.org", "answer": "yes", "party_size": 1 });
    let r: serde_json::Value =
        client.post(app.at("/api/v1/events/meetup-42/rsvps")).json(&other).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["status"], serde_json::Value::Null, "{r}");

    let patched =
        client.patch(app.at("/api/v1/events/meetup-42")).bearer_auth(&token).json(&json!({ "capacity": 10 })).send().await.unwrap();
    assert_eq!(patched.status(), 200);
    let list: serde_json::Value =
        client.get(app.at("/api/v1/events/meetup-42/rsvps")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["attendees"][0]["status"], "going", "more places promoted the waitlist");

    let r = client
        .patch(app.at("/api/v1/events/meetup-42"))
        .bearer_auth(&token)
        .json(&json!({ "series": null, "rsvp_deadline": null }))
        .send()
        .await
        .unwrap();
    let r: serde_json::Value = r.json().await.unwrap();
    assert_eq!((r["series"].is_null(), r["capacity"].as_i64()), (true, Some(10)), "null leaves the series; what is not sent stays");
    let r = client.patch(app.at("/api/v1/events/meetup-42")).bearer_auth(&token).json(&json!({ "capacity": null })).send().await.unwrap();
    let r: serde_json::Value = r.json().await.unwrap();
    assert!(r["capacity"].is_null() && r["places_left"].is_null(), "null capacity means no limit: {r}");

    let r = client
        .patch(app.at("/api/v1/events/meetup-42"))
        .bearer_auth(&token)
        .json(&json!({ "requires_approval": true }))
        .send()
        .await
        .unwrap();
    let r: serde_json::Value = r.json().await.unwrap();
    assert_eq!(r["requires_approval"], true);
    let rsvp = json!({ "name": "Bob", "email": "bob@example.org", "answer": "yes", "party_size": 1 });
    let r: serde_json::Value =
        client.post(app.at("/api/v1/events/meetup-42/rsvps")).bearer_auth(&token).json(&rsvp).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["status"], "pending", "with approval on, a yes waits for the organizers");
}

#[tokio::test]
async fn api_errors_are_4xx_with_the_field_named() {
    let app = TestApp::spawn().await;
    let token = token_for(&app, "org@example.org").await;
    let client = reqwest::Client::new();
    let anonymous = client.post(app.at("/api/v1/events")).json(&json!({})).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let wrong_token = client.post(app.at("/api/v1/events")).bearer_auth("fpt_nope").json(&json!({})).send().await.unwrap();
    assert_eq!(wrong_token.status(), 401);

    let bad = json!({ "title": "X", "kind": "party", "starts_at": "2099-03-01T19:00", "ends_at": "2099-03-01T18:00", "time_zone": "Europe/Berlin" });
    let r = client.post(app.at("/api/v1/events")).bearer_auth(&token).json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["detail"]["field"], "ends_at");

    let not_json = client
        .post(app.at("/api/v1/events"))
        .bearer_auth(&token)
        .body("{")
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    let missing = client.get(app.at("/api/v1/events/nope")).send().await.unwrap();
    assert_eq!(missing.status(), 404);

    // A change that cannot be applied whole is not applied at all.
    let created = json!({ "title": "Meetup", "kind": "meetup", "starts_at": "2099-03-01T19:00", "ends_at": "2099-03-01T22:00", "time_zone": "Europe/Berlin", "published": true });
    client.post(app.at("/api/v1/events")).bearer_auth(&token).json(&created).send().await.unwrap();
    let actor = app.actor_for("org@example.org").await;
    let id = app::db::events::by_slug(&app.state.db, "meetup").await.unwrap().unwrap().id;
    app::events::service::cancel(&app.state, &actor, id, "Rain.").await.unwrap();
    let r = client
        .patch(app.at("/api/v1/events/meetup"))
        .bearer_auth(&token)
        .json(&json!({ "title": "Renamed", "published": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let after: serde_json::Value = client.get(app.at("/api/v1/events/meetup")).send().await.unwrap().json().await.unwrap();
    assert_eq!(after["title"], "Meetup", "nothing of the refused change was saved");
    let r = client.post(app.at("/api/v1/events")).bearer_auth(&token).json(&json!({ "title": "A\nB", "kind": "meetup", "starts_at": "2099-03-01T19:00", "ends_at": "2099-03-01T22:00", "time_zone": "Europe/Berlin" })).send().await.unwrap();
    assert_eq!(r.status(), 422, "a title goes into mail subjects: one line only");
    let r = client.patch(app.at("/api/v1/events/meetup")).bearer_auth(&token).json(&json!({ "title": null })).send().await.unwrap();
    assert_eq!(r.status(), 422, "a title cannot be cleared");

    let stranger_token = token_for(&app, "stranger@example.org").await;
    app.seed_event_with_capacity("bbq", Some(5)).await;
    let refused = client.get(app.at("/api/v1/events/bbq/rsvps")).bearer_auth(&stranger_token).send().await.unwrap();
    assert_eq!(refused.status(), 404, "attendee lists are for organizers");
}

#[tokio::test(flavor = "multi_thread")]
async fn schemathesis_finds_no_failures_in_the_api() {
    let app = TestApp::spawn().await;
    let token = token_for(&app, "org@example.org").await;
    let bbq = app.seed_event_with_capacity("bbq", Some(1000)).await;
    // The token's account organizes `bbq` (the documented example), with an open space on, so
    // the organizers' operations get past the 404 every other caller sees.
    let (org, _) = app.signed_in("org@example.org", false).await;
    app.grant_role(bbq, org, app::auth::model::EventRole::Owner).await;
    let settings = app::openspace::model::SettingsInput {
        participation: "link".into(),
        dots_per_voter: "5".into(),
        max_dots_per_session: "3".into(),
        ..Default::default()
    };
    app::openspace::service::save_settings(&app.state, &app.actor_for("org@example.org").await, bbq, &settings).await.unwrap();
    let output = tokio::process::Command::new("schemathesis")
        .args(["run", &app.at("/api/v1/openapi.json")])
        .args(["--checks", "all"])
        // Schema-valid input can still be refused by rules a schema cannot say (an end before its
        // start, a name of spaces): those are 422s by design, not failures.
        .args(["--exclude-checks", "positive_data_acceptance"])
        .args(["--max-examples", "25", "--workers", "2", "--seed", "1"])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .output()
        .await
        .expect("schemathesis runs (cargo xtask setup installs it)");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{report}");
    assert!(output.status.success(), "schemathesis found failures:\n{report}");
}

#[tokio::test]
async fn api_answers_count_against_the_client_behind_the_trusted_proxy() {
    let app = TestApp::spawn_with(|c| c.trusted_proxy = Some("127.0.0.1".parse().unwrap())).await;
    app.seed_event_with_capacity("big-party", None).await;
    let (allowance, _) = app::auth::rate_limit::Limit::GuestAnswersPerClient.allowance();
    let answer = |client: &'static str, i: u32| {
        let rsvp = json!({ "name": "Guest", "email": format!("guest{i}@example.org"), "answer": "yes", "party_size": 1 });
        reqwest::Client::new().post(app.at("/api/v1/events/big-party/rsvps")).header("x-forwarded-for", client).json(&rsvp).send()
    };
    for i in 0..allowance {
        assert_eq!(answer("203.0.113.1", i).await.unwrap().status(), 200, "answer {i}");
    }
    // The allowance refills evenly (one answer every 3 s), so the run's own seconds add a few.
    let mut refused_at = None;
    for i in allowance..allowance + 10 {
        if answer("203.0.113.1", i).await.unwrap().status() == 429 {
            refused_at = Some(i);
            break;
        }
    }
    assert!(refused_at.is_some(), "one client's allowance is used up");
    assert_eq!(answer("203.0.113.2", allowance + 10).await.unwrap().status(), 200, "another client behind the same proxy is not");
}

/// A change that publishes too is one transaction: refused whole (a cancelled event takes no
/// publishing) or applied whole (the new places and the publishing together).
#[tokio::test]
async fn a_patch_that_publishes_is_applied_whole_or_not_at_all() {
    let app = TestApp::spawn().await;
    let token = token_for(&app, "org@example.org").await;
    let client = reqwest::Client::new();
    let draft = json!({
        "title": "Sprint", "kind": "sprint", "starts_at": "2099-03-01T10:00", "ends_at": "2099-03-01T18:00", "time_zone": "Europe/Berlin"
    });
    let created = client.post(app.at("/api/v1/events")).bearer_auth(&token).json(&draft).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let patch = |body: serde_json::Value| client.patch(app.at("/api/v1/events/sprint")).bearer_auth(&token).json(&body).send();

    let both: serde_json::Value = patch(json!({ "capacity": 12, "published": true })).await.unwrap().json().await.unwrap();
    assert_eq!((both["status"].as_str(), both["capacity"].as_u64()), (Some("published"), Some(12)));

    let actor = app.actor_for("org@example.org").await;
    app::events::service::cancel(&app.state, &actor, app::db::events::by_slug(&app.state.db, "sprint").await.unwrap().unwrap().id, "Rain")
        .await
        .unwrap();
    let refused = patch(json!({ "title": "Sprint, again", "published": true })).await.unwrap();
    assert_eq!(refused.status(), 409);
    let now: serde_json::Value =
        client.get(app.at("/api/v1/events/sprint")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (now["title"].as_str(), now["status"].as_str()),
        (Some("Sprint"), Some("cancelled")),
        "nothing of the refused change was saved"
    );
}

/// The OpenAPI document is generated from the handlers and their types; this pins it, so a
/// change to what the API accepts or answers is a change someone saw. After a deliberate
/// change: `FESTPLAN_UPDATE_SNAPSHOTS=1 cargo test -p festplan-tests --test suite api::`.
#[tokio::test]
async fn the_openapi_document_matches_its_snapshot() {
    let app = TestApp::spawn().await;
    let mut doc: serde_json::Value = reqwest::get(app.at("/api/v1/openapi.json")).await.unwrap().json().await.unwrap();
    assert_eq!(doc["servers"][0]["url"], app.url.trim_end_matches('/'), "the document names this instance");
    doc["servers"][0]["url"] = json!("https://festplan.example.org");
    let now = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let path = festplan_tests::workspace_root().join("tests/snapshots/openapi.json");
    if std::env::var_os("FESTPLAN_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &now).unwrap();
    }
    let pinned = std::fs::read_to_string(&path).unwrap_or_default();
    if pinned != now {
        std::fs::write(path.with_extension("json.new"), &now).unwrap();
        panic!(
            "the OpenAPI document changed: compare tests/snapshots/openapi.json with openapi.json.new, and update it if the change is meant"
        );
    }
}
