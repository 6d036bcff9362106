//! Organizers' events over HTTP: the editor's validation, publishing, the page, calendars.

use festplan_tests::TestApp;

fn form(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("input[title]", title.to_string()),
        ("input[kind]", "party".into()),
        ("input[description]", "**Bring** family and friends.".into()),
        ("input[starts_at]", "2099-08-17T16:00".into()),
        ("input[ends_at]", "2099-08-17T23:00".into()),
        ("input[time_zone]", "Europe/Berlin".into()),
        ("input[venue_name]", "Forsterstr. 29".into()),
        ("input[venue_address]", "06112 Halle (Saale)".into()),
        ("input[capacity]", "120".into()),
        ("input[visibility]", "public".into()),
        ("input[rsvp_deadline]", "".into()),
    ]
}

async fn post(app: &TestApp, client: &reqwest::Client, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
    client.post(app.at(path)).header("origin", &app.url).form(fields).send().await.unwrap()
}

#[tokio::test]
async fn an_organizer_creates_publishes_and_the_public_sees_the_event() {
    let app = TestApp::spawn().await;
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let created = post(&app, &organizer, "/api/events/create", &form("Sommerfest 2099")).await;
    assert!(created.status().is_success(), "{}", created.text().await.unwrap());
    let slug: String = created.json().await.unwrap();
    assert_eq!(slug, "sommerfest-2099");

    // A draft is invisible to others.
    let hidden = app.client().get(app.at(&format!("/events/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(!hidden.contains("Bring"), "drafts stay private");

    let event = app::db::events::by_slug(&app.state.db, &slug).await.unwrap().unwrap();
    let r = post(&app, &organizer, "/api/events/publish", &[("event_id", event.id.to_string()), ("published", "true".into())]).await;
    assert_eq!(r.status(), 200);
    let page = app.client().get(app.at(&format!("/events/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sommerfest 2099"));
    assert!(page.contains("<strong>Bring</strong>"), "the description is rendered");
    assert!(page.contains("Mon 17 Aug 2099, 16:00 – 23:00 (Europe/Berlin)"), "{page}");
    assert!(page.contains("120 of 120 places left"));
    assert!(page.contains("Send my answer"));
    let home = app.client().get(app.at("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("Sommerfest 2099"));

    // The same title again gets its own address.
    let second: String = post(&app, &organizer, "/api/events/create", &form("Sommerfest 2099")).await.json().await.unwrap();
    assert_eq!(second, "sommerfest-2099-2");
}

#[tokio::test]
async fn bad_editor_input_gets_field_level_errors_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let cases: Vec<(&str, String, &str)> = vec![
        ("input[ends_at]", "2099-08-17T15:00".into(), "ends_at"),
        ("input[time_zone]", "Mars/Olympus_Mons".into(), "time_zone"),
        ("input[description]", "x".repeat(2 * 1024 * 1024), "description"),
        ("input[capacity]", "-5".into(), "capacity"),
        ("input[title]", "".into(), "title"),
    ];
    for (name, value, field) in cases {
        let mut fields = form("Broken");
        fields.retain(|(n, _)| *n != name);
        fields.push((name, value));
        let r = post(&app, &organizer, "/api/events/create", &fields).await;
        assert_eq!(r.status(), 422, "{field}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["detail"]["field"], field, "{body}");
    }
    let upcoming = app::db::events::list_upcoming_public(&app.state.db, 0, None, 100).await.unwrap();
    assert!(upcoming.is_empty());
    assert!(app::db::events::by_slug(&app.state.db, "broken").await.unwrap().is_none(), "nothing half-saved");
}

/// A guest's "yes" from the event page's form.
async fn answer(app: &TestApp, event: &str, email: &str, party: &str) -> reqwest::Response {
    let fields = vec![
        ("event", event.to_string()),
        ("name", "Guest".to_string()),
        ("email", email.to_string()),
        ("answer", "yes".to_string()),
        ("party_size", party.to_string()),
        ("dietary", "vegetarian".to_string()),
    ];
    post(app, &app.client(), "/api/public/rsvp/respond", &fields).await
}

#[tokio::test]
async fn a_guest_rsvps_over_http_and_the_organizer_sees_the_counts() {
    let app = TestApp::spawn().await;
    let (owner_id, organizer) = app.signed_in("org@example.org", false).await;
    let event = app.seed_event_with_capacity("bbq", Some(4)).await;
    app.grant_role(event, owner_id, app::auth::model::EventRole::Owner).await;
    for (email, party) in [("a@example.org", "3"), ("b@example.org", "2")] {
        let reply: serde_json::Value = answer(&app, "bbq", email, party).await.json().await.unwrap();
        assert_eq!(reply["status"], serde_json::Value::Null, "a guest learns where the answer landed by mail");
    }
    let rsvps: Vec<_> = app.rsvps(event).await.into_iter().map(|(email, status, size, seq)| (email, status, size, seq.is_some())).collect();
    assert_eq!(rsvps, [("a@example.org".into(), "going".into(), 3, false), ("b@example.org".into(), "waitlisted".into(), 2, true)]);
    let zero = answer(&app, "bbq", "c@example.org", "0").await;
    assert_eq!(zero.status(), 422);

    let list: serde_json::Value = organizer.get(app.at("/api/events/attendees?slug=bbq")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["counts"]["going_people"], 3);
    assert_eq!(list["counts"]["waitlisted_parties"], 1);
    let (_, stranger) = app.signed_in("nosy@example.org", false).await;
    let refused = stranger.get(app.at("/api/events/attendees?slug=bbq")).send().await.unwrap();
    assert_eq!(refused.status(), 404, "attendee lists are for organizers");
}

#[tokio::test]
async fn calendar_files_parse_with_an_independent_icalendar_reader() {
    let app = TestApp::spawn().await;
    app.seed_event("summer", app::events::model::EventKind::Party, "Summer, party; fun", 5).await;
    for path in ["/events/summer/calendar.ics", "/calendar.ics"] {
        let r = app.client().get(app.at(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let ics = r.text().await.unwrap();
        let script = "import sys, icalendar\n\
                      cal = icalendar.Calendar.from_ical(sys.stdin.read())\n\
                      for e in cal.walk('VEVENT'):\n    start = e.decoded('DTSTART')\n    print(e.get('SUMMARY'), start.tzinfo, int(start.timestamp()), (e.decoded('DTEND') - start).seconds)\n";
        let read = festplan_tests::python(script, &[], &ics, &format!("icalendar reading {path}"));
        // The reader places the event in the venue's zone, at the same instant.
        let starts_at = app::db::events::by_slug(&app.state.db, "summer").await.unwrap().unwrap().starts_at;
        assert_eq!(read.trim(), format!("Summer, party; fun Europe/Berlin {starts_at} 10800"), "{path}");
    }
    let missing = app.client().get(app.at("/events/nope/calendar.ics")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn organizers_message_one_group_and_copy_an_event_for_next_time() {
    let app = TestApp::spawn().await;
    let (owner_id, owner) = app.signed_in("org@example.org", false).await;
    let event = app.seed_event_with_capacity("bbq", Some(1)).await;
    app.grant_role(event, owner_id, app::auth::model::EventRole::Owner).await;
    app.rsvp(event, "in@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "wait1@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "wait2@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();
    let mails_before = festplan_tests::peek::outbox_counts(&app.state.db).await;
    let id = event.to_string();
    let r = app
        .post(
            &owner,
            "/api/events/message",
            &[("event_id", &id), ("audience", "waitlisted"), ("subject", "Hang on"), ("text", "We are looking for a bigger place.")],
        )
        .await;
    assert_eq!(r.text().await.unwrap(), "2", "the two on the waitlist");
    let mails_after = festplan_tests::peek::outbox_counts(&app.state.db).await;
    assert_eq!(mails_after.pending + mails_after.sent, mails_before.pending + mails_before.sent + 2);
    let empty = app.post(&owner, "/api/events/message", &[("event_id", &id), ("audience", "going"), ("subject", ""), ("text", "x")]).await;
    assert_eq!(empty.status(), 422);

    let question = app.post(&owner, "/api/events/questions/add", &[("event_id", &id), ("kind", "text"), ("label", "Allergies?")]).await;
    assert_eq!(question.status(), 200, "{}", question.text().await.unwrap());
    let copy: String = app.post(&owner, "/api/events/clone", &[("event_id", &id)]).await.json().await.unwrap();
    assert_eq!(copy, "event-bbq-copy");
    let copied = app::db::events::by_slug(&app.state.db, &copy).await.unwrap().unwrap();
    assert_eq!((copied.status.as_str(), copied.capacity), ("draft", Some(1)));
    assert_eq!(app::db::roles::of_user(&app.state.db, copied.id, owner_id).await.unwrap(), vec![app::auth::model::EventRole::Owner]);
    let mut conn = app.state.db.read().await.unwrap();
    let asked: Vec<String> = app::db::questions::for_event(&mut conn, copied.id).await.unwrap().into_iter().map(|q| q.label).collect();
    assert_eq!(asked, vec!["Allergies?".to_string()], "the copy asks the same questions");
    drop(conn);
    let (_, stranger) = app.signed_in("nosy@example.org", false).await;
    assert_eq!(app.post(&stranger, "/api/events/clone", &[("event_id", &id)]).await.status(), 404);
}

#[tokio::test]
async fn a_german_version_is_shown_to_those_who_prefer_german() {
    let app = TestApp::spawn().await;
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let mut fields = form("Summer party 2099");
    fields.push(("input[title_de]", "Sommerfest 2099".into()));
    fields.push(("input[description_de]", "Mit **Familie**.".into()));
    let slug: String = post(&app, &organizer, "/api/events/create", &fields).await.json().await.unwrap();
    let event = app::db::events::by_slug(&app.state.db, &slug).await.unwrap().unwrap();
    post(&app, &organizer, "/api/events/publish", &[("event_id", event.id.to_string()), ("published", "true".into())]).await;

    let german =
        app.client().get(app.at(&format!("/events/{slug}"))).header("accept-language", "de-DE,de;q=0.9,en;q=0.5").send().await.unwrap();
    let german = german.text().await.unwrap();
    assert!(german.contains("<h1 lang=\"de\">Sommerfest 2099"), "{german}");
    assert!(german.contains("Mit <strong>Familie</strong>."));
    let english =
        app.client().get(app.at(&format!("/events/{slug}"))).header("accept-language", "en-GB").send().await.unwrap().text().await.unwrap();
    assert!(english.contains("<h1 lang=\"en\">Summer party 2099"), "{english}");
}

#[tokio::test]
async fn events_named_into_one_series_are_listed_on_its_page_and_link_to_it() {
    let app = TestApp::spawn().await;
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let create = |title: &'static str, starts: &'static str, ends: &'static str, series: &'static str, visibility: &'static str| {
        let mut fields = form(title);
        fields.retain(|(name, _)| !matches!(*name, "input[starts_at]" | "input[ends_at]" | "input[visibility]"));
        fields.extend([
            ("input[starts_at]", starts.to_string()),
            ("input[ends_at]", ends.to_string()),
            ("input[series]", series.to_string()),
            ("input[visibility]", visibility.to_string()),
        ]);
        let (app, organizer) = (&app, &organizer);
        async move {
            let response = post(app, organizer, "/api/events/create", &fields).await;
            assert!(response.status().is_success(), "{}", response.text().await.unwrap());
            let slug: String = response.json().await.unwrap();
            let id = app::db::events::by_slug(&app.state.db, &slug).await.unwrap().unwrap().id;
            let published =
                post(app, organizer, "/api/events/publish", &[("event_id", id.to_string()), ("published", "true".into())]).await;
            assert_eq!(published.status(), 200);
            slug
        }
    };
    let second = create("BBQ II", "2099-06-01T14:00", "2099-06-01T22:00", "Developer BBQ", "public").await;
    create("BBQ I", "2013-04-30T14:00", "2013-04-30T22:00", "developer bbq", "public").await;
    create("BBQ III", "2099-09-01T14:00", "2099-09-01T22:00", "Developer BBQ", "public").await;
    create("BBQ secret", "2099-07-01T14:00", "2099-07-01T22:00", "Developer BBQ", "private").await;
    create("Unrelated party", "2099-07-01T14:00", "2099-07-01T22:00", "", "public").await;

    let event_page = app.client().get(app.at(&format!("/events/{second}"))).send().await.unwrap().text().await.unwrap();
    assert!(event_page.contains(r#"href="/series/developer-bbq""#), "the event page links to its series");

    let page = app.client().get(app.at("/series/developer-bbq")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let at = |title: &str| page.find(&format!(">{title}<")).unwrap_or_else(|| panic!("{title} is missing from the series page"));
    assert!(at("BBQ II") < at("BBQ III") && at("BBQ III") < at("BBQ I"), "coming dates in order, then the past one");
    assert!(!page.contains("BBQ secret"), "private events stay off the series page");
    assert!(!page.contains("Unrelated party"));
    assert_eq!(app.client().get(app.at("/series/nope")).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn a_stored_status_that_is_no_status_fails_loudly_instead_of_reading_as_a_default() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("summer", app::events::model::EventKind::Party, "Summer party", 5).await;
    assert_eq!(app.client().get(app.at("/events/summer")).send().await.unwrap().status(), 200);
    let mut conn = app.state.db.read().await.unwrap();
    // Past the CHECK that keeps such a status out, as a damaged or hand-edited database would be.
    match conn.backend() {
        app::db::Backend::Sqlite => {
            app::db::query("PRAGMA ignore_check_constraints = ON").execute(&mut conn).await.unwrap();
            app::db::query("UPDATE events SET status = 'postponed' WHERE id = $1").bind(event).execute(&mut conn).await.unwrap();
            app::db::query("PRAGMA ignore_check_constraints = OFF").execute(&mut conn).await.unwrap();
        }
        app::db::Backend::Postgres => {
            app::db::query("ALTER TABLE events DROP CONSTRAINT events_status_check").execute(&mut conn).await.unwrap();
            app::db::query("UPDATE events SET status = 'postponed' WHERE id = $1").bind(event).execute(&mut conn).await.unwrap();
        }
    }
    drop(conn);
    // Signed in, past the second-long cache of public pages.
    let (_, visitor) = app.signed_in("visitor@example.org", false).await;
    let page = visitor.get(app.at("/events/summer")).send().await.unwrap();
    assert_eq!(page.status(), 500);
    let page = page.text().await.unwrap();
    assert!(page.contains("something went wrong on our side"), "the row does not load as some status it is not: {page}");
}

#[tokio::test]
async fn a_missing_event_answers_404_with_a_title_and_a_heading() {
    let app = TestApp::spawn().await;
    let response = app.client().get(app.at("/events/no-such-event")).send().await.unwrap();
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert_eq!(festplan_tests::hostile::title_of(&html), "Sorry, that did not work · Festplan", "browsers and screen readers name the tab");
    assert!(html.contains("<h1 class=\"error-title\">Sorry, that did not work.</h1>"), "{html}");
}

#[tokio::test]
async fn a_nul_character_in_a_description_is_kept_as_text_or_refused_with_a_reason_never_a_server_error() {
    let app = TestApp::spawn().await;
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let mut fields = form("Nul party");
    fields.retain(|(name, _)| *name != "input[description]");
    fields.push(("input[description]", "before\0after".into()));
    let created = post(&app, &organizer, "/api/events/create", &fields).await;
    let status = created.status().as_u16();
    let body = created.text().await.unwrap();
    match app.state.db.backend() {
        // SQLite stores it; the hostile-text tests show it stays inert on every page.
        app::db::Backend::Sqlite => assert_eq!(status, 200, "{body}"),
        // PostgreSQL's text cannot hold it: the organizer is told so, and nothing is created.
        app::db::Backend::Postgres => {
            assert_eq!(status, 400, "{body}");
            assert!(body.contains("NUL character"), "{body}");
            let events: i64 = app::db::query_scalar("SELECT COUNT(*) FROM events").fetch_one(app.state.db.pool()).await.unwrap();
            assert_eq!(events, 0);
        }
    }
}
