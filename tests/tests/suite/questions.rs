//! An event's own questions: the ready dietary question, checked answers, and the shopping summary.

use app::auth::model::EventRole;
use festplan_tests::TestApp;

#[tokio::test]
async fn guests_answer_the_dietary_question_and_the_organizer_gets_a_shopping_summary() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(20)).await;
    let (owner_id, owner) = app.signed_in("org@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let id = event.to_string();
    let dietary: i64 = app.post(&owner, "/api/events/questions/dietary", &[("event_id", &id)]).await.json().await.unwrap();
    let shirt: i64 = app
        .post(
            &owner,
            "/api/events/questions/add",
            &[("event_id", &id), ("kind", "single"), ("label", "T-shirt"), ("options", "S\nM\nL"), ("required", "on")],
        )
        .await
        .json()
        .await
        .unwrap();
    let (d, s) = (dietary.to_string(), shirt.to_string());
    let answer = |email: &'static str, party: &'static str, choices: Vec<(String, &'static str)>| {
        let mut fields: Vec<(String, String)> = vec![
            ("event".into(), "bbq".into()),
            ("name".into(), "Guest".into()),
            ("email".into(), email.into()),
            ("answer".into(), "yes".into()),
            ("party_size".into(), party.into()),
        ];
        fields.extend(choices.into_iter().map(|(k, v)| (k, v.to_string())));
        fields
    };
    let send = |fields: Vec<(String, String)>| {
        let client = app.client();
        let url = app.at("/api/public/rsvp/respond");
        let origin = app.url.clone();
        async move { client.post(url).header("origin", origin).form(&fields).send().await.unwrap() }
    };

    let r = send(answer(
        "a@example.org",
        "3",
        vec![(format!("answers[{d}][0]"), "Vegetarian"), (format!("answers[{d}][3]"), "Lactose-free"), (format!("answers[{s}][0]"), "M")],
    ))
    .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let r = send(answer("b@example.org", "2", vec![(format!("answers[{d}][0]"), "Vegetarian"), (format!("answers[{s}][0]"), "L")])).await;
    assert_eq!(r.status(), 200);

    let missing = send(answer("c@example.org", "1", vec![])).await;
    assert_eq!(missing.status(), 422, "the T-shirt question is required");
    let body: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(body["detail"]["field"], format!("q{shirt}"));
    let made_up = send(answer("c@example.org", "1", vec![(format!("answers[{s}][0]"), "XXXL")])).await;
    assert_eq!(made_up.status(), 422);
    assert_eq!(app.rsvps(event).await.len(), 2, "refused answers save nothing");

    let list: serde_json::Value = owner.get(app.at("/api/events/attendees?slug=bbq")).send().await.unwrap().json().await.unwrap();
    let summary = &list["summary"][0];
    assert_eq!(summary["question"], "Dietary needs");
    let vegetarian = summary["counts"].as_array().unwrap().iter().find(|c| c[0] == "Vegetarian").unwrap();
    assert_eq!((vegetarian[1].as_u64(), vegetarian[2].as_u64()), (Some(2), Some(5)), "2 RSVPs, 5 people");
    let csv = owner.get(app.at("/events/bbq/attendees.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",Dietary needs,T-shirt"), "{csv}");
    assert!(csv.contains("\"Vegetarian, Lactose-free\",M"), "{csv}");
}

#[tokio::test]
async fn a_choice_question_needs_choices_and_only_organizers_add_questions() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(20)).await;
    let (owner_id, owner) = app.signed_in("org@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let id = event.to_string();
    let r =
        app.post(&owner, "/api/events/questions/add", &[("event_id", &id), ("kind", "single"), ("label", "Size"), ("options", "M")]).await;
    assert_eq!(r.status(), 422);
    let (_, stranger) = app.signed_in("nosy@example.org", false).await;
    let r = app.post(&stranger, "/api/events/questions/dietary", &[("event_id", &id)]).await;
    assert_eq!(r.status(), 404);
}
