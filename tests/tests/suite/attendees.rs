//! The organizer's attendee list: the invited who have not answered (send again, a reminder),
//! search and sort as a plain GET form, each row's actions with their roles, how many parties and
//! people a message reached, the dietary notes counted once per RSVP, and the page in German.

use app::auth::model::EventRole;
use app::rsvp::model::{Answer, Status};
use festplan_tests::{TestApp, guest_answer};
use reqwest::header;

/// (recipient, subject, raw message) of every queued mail.
async fn outbox(app: &TestApp) -> Vec<(String, String, String)> {
    let rows: Vec<(String, String, Vec<u8>)> =
        app::db::query_as("SELECT envelope_to, subject, message FROM outbox ORDER BY id").fetch_all(app.state.db.pool()).await.unwrap();
    rows.into_iter().map(|(to, subject, message)| (to, subject, String::from_utf8_lossy(&message).into_owned())).collect()
}

/// Posts a form as a browser without scripts does: the answer is a redirect back, and a
/// notice travels in a cookie. Returns the status and the notice's text.
async fn plain_post(app: &TestApp, client: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = client
        .post(app.at(path))
        .header("origin", &app.url)
        .header(header::REFERER, app.at("/events/bbq/attendees"))
        .header(header::ACCEPT, "text/html")
        .form(form)
        .send()
        .await
        .unwrap();
    let notice = r
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|c| c.to_str().ok()?.strip_prefix("festplan_notice=")?.split(';').next().map(String::from))
        .flat_map(|value| url::form_urlencoded::parse(value.as_bytes()).into_owned().collect::<Vec<_>>())
        .find(|(k, _)| k == "t")
        .map(|(_, t)| t)
        .unwrap_or_default();
    (r.status().as_u16(), notice)
}

async fn view(app: &TestApp, client: &reqwest::Client, query: &str) -> serde_json::Value {
    let r = client.get(app.at(&format!("/api/events/attendee-view?slug=bbq{query}"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn emails(view: &serde_json::Value) -> Vec<String> {
    view["list"]["attendees"].as_array().unwrap().iter().map(|a| a["email"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn the_invited_who_have_not_answered_are_listed_sent_again_and_reminded() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(20)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    let id = event.to_string();
    let r = app
        .post(&organizer, "/api/events/invite", &[("event_id", &id), ("addresses", "ada@example.org\nbob@example.org\ncleo@example.org")])
        .await;
    assert_eq!(r.text().await.unwrap(), "3");
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();

    let listed = view(&app, &organizer, "").await;
    let invited: Vec<&str> = listed["invited"].as_array().unwrap().iter().map(|i| i["email"].as_str().unwrap()).collect();
    assert_eq!(invited, ["bob@example.org", "cleo@example.org"], "Ada answered, so she is in the list, not among the invited");
    let page = organizer.get(app.at("/events/bbq/attendees")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Invited, no answer yet") && page.contains("cleo@example.org") && page.contains("Send again"), "{page}");

    let invitations_to =
        |mails: &[(String, String, String)], to: &str| mails.iter().filter(|m| m.0 == to && m.1.starts_with("Invitation")).count();
    assert_eq!(invitations_to(&outbox(&app).await, "bob@example.org"), 1);
    let (status, notice) =
        plain_post(&app, &organizer, "/api/events/invitations/resend", &[("event_id", &id), ("email", "Bob@example.org")]).await;
    assert_eq!((status, notice.as_str()), (302, "The invitation to bob@example.org was sent again."));
    assert_eq!(invitations_to(&outbox(&app).await, "bob@example.org"), 2, "sent again");
    let never = app.post(&organizer, "/api/events/invitations/resend", &[("event_id", &id), ("email", "zed@example.org")]).await;
    assert_eq!(never.status(), 404, "only invited addresses are sent again");
    let (_, stranger) = app.signed_in("nosy@example.org", false).await;
    let refused = app.post(&stranger, "/api/events/invitations/resend", &[("event_id", &id), ("email", "bob@example.org")]).await;
    assert_eq!(refused.status(), 404);

    // "Invited, no answer yet": a reminder with each one's personal link; Ada answered and hears nothing.
    let (status, notice) = plain_post(
        &app,
        &organizer,
        "/api/events/message",
        &[("event_id", &id), ("audience", "invited"), ("subject", "Coming?"), ("text", "Please tell us by Friday.")],
    )
    .await;
    assert_eq!((status, notice.as_str()), (302, "Sent to 2 parties, 2 people."));
    let reminders: Vec<_> = outbox(&app).await.into_iter().filter(|m| m.1 == "Event bbq: Coming?").collect();
    let mut reminded: Vec<&str> = reminders.iter().map(|m| m.0.as_str()).collect();
    reminded.sort_unstable();
    assert_eq!(reminded, ["bob@example.org", "cleo@example.org"], "each once, in any order");
    assert!(reminders.iter().all(|m| m.2.contains("invitation=") && m.2.contains("Please tell us by Friday.")), "{reminders:?}");
    let refused =
        app.post(&stranger, "/api/events/message", &[("event_id", &id), ("audience", "invited"), ("subject", "x"), ("text", "x")]).await;
    assert_eq!(refused.status(), 404);
}

#[tokio::test]
async fn messages_say_how_many_parties_and_people_they_reached() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(20)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    app.rsvp(event, "ada@example.org", Answer::Yes, 3).await.unwrap();
    app.rsvp(event, "bob@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "cleo@example.org", Answer::No, 1).await.unwrap();
    let id = event.to_string();
    let form = [("event_id", id.as_str()), ("audience", "going"), ("subject", "Bring a chair"), ("text", "We are short of chairs.")];
    let (status, notice) = plain_post(&app, &organizer, "/api/events/message", &form).await;
    assert_eq!((status, notice.as_str()), (302, "Sent to 2 parties, 5 people."));
    let r = app.post(&organizer, "/api/events/message", &[("event_id", &id), ("audience", "maybe"), ("subject", "x"), ("text", "x")]).await;
    assert_eq!(r.text().await.unwrap(), "0", "nobody said maybe");
    let r =
        app.post(&organizer, "/api/events/message", &[("event_id", &id), ("audience", "friends"), ("subject", "x"), ("text", "x")]).await;
    assert_eq!(r.status(), 422);
}

#[tokio::test]
async fn search_and_sort_are_a_plain_get_form() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(20)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    for (email, party) in [("zoe@example.org", 1), ("anna@example.org", 4), ("mia@example.org", 2)] {
        app.rsvp(event, email, Answer::Yes, party).await.unwrap();
    }
    let page = organizer.get(app.at("/events/bbq/attendees?q=ANN")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"method="get""#) && page.contains(r#"name="q""#) && page.contains(r#"name="sort""#), "{page}");
    assert!(page.contains("anna@example.org") && !page.contains("zoe@example.org"), "the search finds by name or email");
    assert!(page.contains("Showing 1 of 3 RSVPs."), "{page}");
    assert!(page.contains(r#"value="ANN""#), "the search stays in its field");

    assert_eq!(emails(&view(&app, &organizer, "&sort=name").await), ["anna@example.org", "mia@example.org", "zoe@example.org"]);
    assert_eq!(emails(&view(&app, &organizer, "&sort=party").await), ["anna@example.org", "mia@example.org", "zoe@example.org"]);
    // Answers a minute apart: Mia first, then Anna, Zoe last.
    for (email, ago) in [("mia@example.org", 120), ("anna@example.org", 60), ("zoe@example.org", 0)] {
        app::db::query("UPDATE rsvps SET updated_at = updated_at - $2 WHERE email = $1")
            .bind(email)
            .bind(ago)
            .execute(app.state.db.pool())
            .await
            .unwrap();
    }
    assert_eq!(
        emails(&view(&app, &organizer, "&sort=answered").await),
        ["zoe@example.org", "anna@example.org", "mia@example.org"],
        "the latest answer first"
    );
    assert_eq!(emails(&view(&app, &organizer, "&q=mia").await), ["mia@example.org"]);
    let (_, stranger) = app.signed_in("nosy@example.org", false).await;
    assert_eq!(stranger.get(app.at("/api/events/attendee-view?slug=bbq")).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn each_row_cancels_moves_and_checks_in_and_the_door_may_only_check_in() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(2)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    let (door_id, door) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, door_id, EventRole::CheckIn).await;
    for email in ["ada@example.org", "bob@example.org", "cleo@example.org", "dan@example.org", "eve@example.org"] {
        app.rsvp(event, email, Answer::Yes, 1).await.unwrap();
    }
    let id = event.to_string();
    let row = |email: &'static str| [("event_id", id.clone()), ("email", email.to_string())];
    let waiting = |app: &TestApp| {
        let db = app.state.db.clone();
        async move {
            let mut rows = app::db::rsvps::for_event(&db, event).await.unwrap();
            rows.retain(|r| r.status == Status::Waitlisted);
            rows.into_iter().map(|r| r.email).collect::<Vec<_>>()
        }
    };
    let page = organizer.get(app.at("/events/bbq/attendees")).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Move eve one place up the waitlist") && page.contains("Check in ada") && page.contains("Cancel the RSVP of bob"),
        "{page}"
    );

    // The door checks in from the list, and nothing else.
    let r = door.post(app.at("/api/rsvp/check-in-party")).header("origin", &app.url).form(&row("ada@example.org")).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert!(
        app::db::rsvps::for_event(&app.state.db, event)
            .await
            .unwrap()
            .iter()
            .any(|r| r.email == "ada@example.org" && r.checked_in_at.is_some())
    );
    let r = door.post(app.at("/api/rsvp/cancel-party")).header("origin", &app.url).form(&row("bob@example.org")).send().await.unwrap();
    assert_eq!(r.status(), 404, "check-in staff do not cancel");
    let mut up = row("eve@example.org").to_vec();
    up.push(("direction", "up".into()));
    let r = door.post(app.at("/api/rsvp/nudge")).header("origin", &app.url).form(&up).send().await.unwrap();
    assert_eq!(r.status(), 404, "check-in staff do not move the waitlist");
    let r =
        organizer.post(app.at("/api/rsvp/check-in-party")).header("origin", &app.url).form(&row("cleo@example.org")).send().await.unwrap();
    assert_eq!(r.status(), 409, "a waiting party has no place to check in to");

    // Organizers move a party one place, within the line.
    let r = organizer.post(app.at("/api/rsvp/nudge")).header("origin", &app.url).form(&up).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "2");
    assert_eq!(waiting(&app).await, ["cleo@example.org", "eve@example.org", "dan@example.org"]);
    let mut first = row("cleo@example.org").to_vec();
    first.push(("direction", "up".into()));
    let r = organizer.post(app.at("/api/rsvp/nudge")).header("origin", &app.url).form(&first).send().await.unwrap();
    assert_eq!(r.status(), 422, "the first in line goes no higher");
    let audit = app::db::rsvps::audit_for_event(&app.state.db, event).await.unwrap();
    assert!(audit.iter().any(|a| a.2 == "eve" && a.4 == "moved one place up from the attendee list"), "{audit:?}");

    // Cancelling a party that holds places lets the head of the line in, and tells the party.
    let (status, notice) = plain_post(&app, &organizer, "/api/rsvp/cancel-party", &[("event_id", &id), ("email", "bob@example.org")]).await;
    assert_eq!((status, notice.as_str()), (302, "The RSVP of bob is cancelled; they were told by mail."));
    let rows = app.rsvps(event).await;
    let status_of = |who: &str| rows.iter().find(|r| r.0 == who).unwrap().1.clone();
    assert_eq!((status_of("bob@example.org"), status_of("cleo@example.org")), ("not_going".into(), "going".into()));
    let mails = outbox(&app).await;
    assert!(
        mails.iter().any(|m| m.0 == "bob@example.org" && m.1 == "Cancelled: your RSVP for Event bbq"),
        "{:?}",
        mails.iter().map(|m| &m.1).collect::<Vec<_>>()
    );
    let again = app.post(&organizer, "/api/rsvp/cancel-party", &[("event_id", &id), ("email", "bob@example.org")]).await;
    assert_eq!(again.status(), 404, "a cancelled RSVP is not cancelled twice");
    let (_, stranger) = app.signed_in("nosy@example.org", false).await;
    assert_eq!(app.post(&stranger, "/api/rsvp/check-in-party", &[("event_id", &id), ("email", "cleo@example.org")]).await.status(), 404);
}

#[tokio::test]
async fn dietary_notes_count_once_per_rsvp_and_no_question_asks_them_again() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(20)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    let id = event.to_string();
    let menu: i64 = app
        .post(
            &organizer,
            "/api/events/questions/add",
            &[("event_id", &id), ("kind", "single"), ("label", "Menu"), ("options", "Fish\nVeg")],
        )
        .await
        .json()
        .await
        .unwrap();
    let twice = app.post(&organizer, "/api/events/questions/add", &[("event_id", &id), ("kind", "text"), ("label", "Dietary needs")]).await;
    assert_eq!(twice.status(), 422, "the RSVP form's own note is the one dietary field");
    let body: serde_json::Value = twice.json().await.unwrap();
    assert_eq!(body["detail"]["field"], "label");

    let mut anna = guest_answer(event, "anna@example.org", Answer::Yes, 5);
    anna.dietary = "2 vegan".into();
    anna.answers = [(menu.to_string(), vec!["Veg".to_string()])].into();
    app::rsvp::service::respond(&app.state, &app::auth::service::Actor::anonymous("a"), anna).await.unwrap();
    let mut ben = guest_answer(event, "ben@example.org", Answer::Yes, 1);
    ben.dietary = "2 Vegan ".into();
    app::rsvp::service::respond(&app.state, &app::auth::service::Actor::anonymous("b"), ben).await.unwrap();
    app.rsvp(event, "cleo@example.org", Answer::Yes, 2).await.unwrap();

    let listed = view(&app, &organizer, "").await;
    let notes = &listed["dietary"]["notes"];
    assert_eq!(notes.as_array().unwrap().len(), 1, "{notes}");
    assert_eq!((notes[0]["note"].as_str(), notes[0]["rsvps"].as_u64(), notes[0]["people"].as_u64()), (Some("2 vegan"), Some(2), Some(6)));
    let page = organizer.get(app.at("/events/bbq/attendees")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("“2 vegan”: 2 RSVPs, 6 people in those parties"), "{page}");
    assert!(page.contains("2 RSVPs of 3 going gave a note, covering 6 people of 8."), "{page}");
    assert!(page.contains("Veg: 1 RSVP, 5 people in those parties"), "a choice counts once for its RSVP: {page}");
    assert!(!page.contains("5 Veg"), "never once per person");
    assert_eq!(page.matches("<h3>Dietary needs</h3>").count(), 1, "one dietary summary");

    let editor = organizer.get(app.at("/events/bbq/edit")).send().await.unwrap().text().await.unwrap();
    assert!(
        editor.contains("Every RSVP form already asks for dietary needs") && !editor.contains("Add the dietary needs question"),
        "{editor}"
    );
}

#[tokio::test]
async fn the_list_speaks_german() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(1)).await;
    let (org_id, organizer) = app.signed_in("org@example.org", false).await;
    app.grant_role(event, org_id, EventRole::Owner).await;
    // The account's language decides the page's.
    app::db::users::update_profile(&app.state.db, org_id, "Org", "de").await.unwrap();
    app.rsvp(event, "ada@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "bob@example.org", Answer::Yes, 1).await.unwrap();
    let page = organizer.get(app.at("/events/bbq/attendees")).send().await.unwrap().text().await.unwrap();
    for words in [
        "Suchen und sortieren",
        "Eingeladen, noch keine Antwort",
        "Warteliste Nr. 1",
        "Nachricht an Teilnehmende",
        "Ernährungswünsche",
        "Stornieren",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    for english in ["Message attendees", "Invite people", "Send again", "Waitlist #"] {
        assert!(!page.contains(english), "{english} is not translated");
    }
    let r = organizer
        .post(app.at("/api/events/message"))
        .header("origin", &app.url)
        .form(&[("event_id", event.to_string().as_str()), ("audience", "friends"), ("subject", "x"), ("text", "x")])
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("wählen Sie"), "errors are translated too");
    let editor = organizer.get(app.at("/events/bbq/edit")).send().await.unwrap().text().await.unwrap();
    assert!(
        editor.contains("Fragen zu jeder Antwort") && editor.contains("Frage hinzufügen") && editor.contains("Mehrfachauswahl"),
        "{editor}"
    );
    let r = app
        .post(
            &organizer,
            "/api/events/questions/add",
            &[("event_id", &event.to_string()), ("kind", "single"), ("label", "Größe"), ("options", "M")],
        )
        .await;
    assert!(r.text().await.unwrap().contains("mindestens zwei Auswahlmöglichkeiten"), "the editor's errors speak German");
}

/// The list on a 360 px phone, in a real browser (run with the site built: `cargo xtask test`).
#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_the_list_does_not_scroll_sideways_and_its_actions_work() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(2)).await;
    let (organizer_id, session) = app.session_for("org@example.org", false).await;
    app.grant_role(event, organizer_id, EventRole::Owner).await;
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let long = "a-very-long-address-that-would-push-a-table-wide@example.org";
    let mut grace = guest_answer(event, "grace@example.org", Answer::Yes, 2);
    grace.dietary = "1 vegetarian, 1 gluten-free, no nuts anywhere near the grill please".into();
    app::rsvp::service::respond(&app.state, &app::auth::service::Actor::anonymous("g"), grace).await.unwrap();
    app.rsvp(event, long, Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "linus@example.org", Answer::Yes, 1).await.unwrap();
    let invited =
        app.post(&organizer, "/api/events/invite", &[("event_id", &event.to_string()), ("addresses", "nobody-yet@example.org")]).await;
    assert_eq!(invited.status(), 200);
    festplan_tests::journey(&app, "attendees.mjs", &[session.as_ref(), "bbq".as_ref()]).await;
}
