//! An event's own questions: checked answers, and the shopping summary counted once per RSVP.

use app::auth::model::EventRole;
use festplan_tests::TestApp;

#[tokio::test]
async fn guests_answer_the_questions_and_the_organizer_gets_a_shopping_summary() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(20)).await;
    let (owner_id, owner) = app.signed_in("org@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let id = event.to_string();
    let menu =
        [("event_id", id.as_str()), ("kind", "multiple"), ("label", "Menu"), ("options", "Vegetarian\nVegan\nGluten-free\nLactose-free")];
    let dietary: i64 = app.post(&owner, "/api/events/questions/add", &menu).await.json().await.unwrap();
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
    assert_eq!(summary["question"], "Menu");
    let vegetarian = summary["counts"].as_array().unwrap().iter().find(|c| c[0] == "Vegetarian").unwrap();
    assert_eq!((vegetarian[1].as_u64(), vegetarian[2].as_u64()), (Some(2), Some(5)), "2 RSVPs, 5 people");
    let csv = owner.get(app.at("/events/bbq/attendees.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",Menu,T-shirt"), "{csv}");
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
    let r = app.post(&stranger, "/api/events/questions/add", &[("event_id", &id), ("kind", "text"), ("label", "Allergies?")]).await;
    assert_eq!(r.status(), 404);
}

/// Events that asked the old ready-made "Dietary needs" question beside the RSVP form's own
/// dietary note: the upgrade keeps one field, the note, with the question's answers in it.
#[tokio::test]
async fn upgrading_moves_the_old_dietary_question_into_the_one_dietary_note() {
    use sqlx::Executor;
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    for entry in std::fs::read_dir(festplan_tests::workspace_root().join("migrations/sqlite")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.as_str() < "0021" {
            std::fs::copy(&path, old.join(&name)).unwrap();
        }
    }
    let url = format!("sqlite://{}", dir.path().join("festplan.db").display());
    let options: sqlx::sqlite::SqliteConnectOptions = url.parse::<sqlx::sqlite::SqliteConnectOptions>().unwrap().create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::migrate::Migrator::new(old.as_path()).await.unwrap().run(&pool).await.unwrap();
    pool.execute(
        "INSERT INTO events (id, slug, kind, title, starts_at, ends_at, time_zone, status, created_at, updated_at)
             VALUES (1, 'bbq', 'bbq', 'BBQ', 4000000000, 4000003600, 'Europe/Berlin', 'published', 0, 0);
         INSERT INTO event_questions (id, event_id, position, kind, label, options)
             VALUES (1, 1, 1, 'multiple', 'Dietary needs', 'Vegetarian' || char(10) || 'Vegan' || char(10) || 'Nut allergy'),
                    (2, 1, 2, 'text', 'Bringing?', '');
         INSERT INTO rsvps (id, event_id, email, name, answer, party_size, dietary, status, created_at, updated_at)
             VALUES (1, 1, 'a@example.org', 'A', 'yes', 5, '2 vegan', 'going', 5, 5),
                    (2, 1, 'b@example.org', 'B', 'yes', 1, '', 'going', 6, 6),
                    (3, 1, 'c@example.org', 'C', 'yes', 2, 'no fish', 'going', 7, 7);
         INSERT INTO rsvp_answers (rsvp_id, question_id, value)
             VALUES (1, 1, 'Vegan'), (2, 1, 'Vegetarian' || char(10) || 'Nut allergy'), (1, 2, 'salad');",
    )
    .await
    .unwrap();
    pool.close().await;

    let db = app::db::Db::connect(&url).await.expect("the upgrade applies");
    let mut rows = app::db::rsvps::for_event(&db, 1).await.unwrap();
    rows.sort_by_key(|r| r.id);
    let notes: Vec<&str> = rows.iter().map(|r| r.dietary.as_str()).collect();
    assert_eq!(notes, ["2 vegan; Vegan", "Vegetarian, Nut allergy", "no fish"]);
    let mut conn = db.read().await.unwrap();
    let asked: Vec<String> = app::db::questions::for_event(&mut conn, 1).await.unwrap().into_iter().map(|q| q.label).collect();
    assert_eq!(asked, ["Bringing?"], "one dietary field is left: the note");
    drop(conn);
    assert_eq!(app::db::questions::answers_for_event(&db, 1).await.unwrap(), vec![(1, 2, "salad".to_string())]);
}
