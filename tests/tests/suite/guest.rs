//! The guest's side of an RSVP: the answer shown after sending (with and without the wasm),
//! the personal page (facts, answers, calendar, cancelling), the calendar cancellation mail
//! (the guest's own and the organizer's), the organizers' Reply-To, and `festplan demo` run twice.

use app::rsvp::model::Answer;
use festplan_tests::{SmtpSink, TestApp, link_in, mail_text};
use reqwest::header::{ACCEPT, LOCATION, REFERER};

/// Each calendar entry a raw mail carries, as Python's `icalendar` reads it:
/// `METHOD|UID|SEQUENCE|STATUS|DESCRIPTION`, one line each.
fn calendar_entries(raw: &str) -> Vec<String> {
    let script = "import sys, email, icalendar\n\
                  from email import policy\n\
                  msg = email.message_from_string(sys.stdin.read(), policy=policy.default)\n\
                  for part in msg.walk():\n    \
                      if part.get_content_type() == 'text/calendar':\n        \
                          cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))\n        \
                          for e in cal.walk('VEVENT'):\n            \
                              print('|'.join([str(cal.get('METHOD')), str(e.get('UID')), str(int(e.get('SEQUENCE'))), str(e.get('STATUS')), str(e.get('DESCRIPTION', ''))]))\n";
    festplan_tests::python(script, &[], raw, "icalendar reading the mail's .ics").lines().map(str::to_string).collect()
}

/// A plain form post, as a browser without the wasm sends it from the page at `from`.
async fn plain_post(app: &TestApp, client: &reqwest::Client, action: &str, from: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(app.at(action))
        .header("origin", &app.url)
        .header(REFERER, from)
        .header(ACCEPT, "text/html")
        .form(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_guest_cancels_from_the_personal_page_and_the_mail_takes_the_entry_out_of_the_calendar() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event_with_capacity("bbq", Some(2)).await;
    app.rsvp(event, "grace@example.org", Answer::Yes, 2).await.unwrap();
    let confirmation = app.new_mail(&smtp, &[], "grace@example.org", "").await;
    app.rsvp(event, "linus@example.org", Answer::Yes, 1).await.unwrap();
    let link = link_in(&confirmation, &format!("{}/rsvp/", app.url)).expect("a personal link");
    let token = link.rsplit('/').next().unwrap().to_string();

    let browser = app.client();
    let page = browser.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Yes, cancel my RSVP") && page.contains("/api/public/rsvp/cancel"), "a real form that posts: {page}");

    // Without the wasm: the form posts and the browser comes back to the page.
    let before = app.mail(&smtp).await;
    let sent = plain_post(&app, &browser, "/api/public/rsvp/cancel", &link, &[("token", &token)]).await;
    assert!(sent.status().is_redirection(), "{}", sent.status());
    assert_eq!(sent.headers()[LOCATION].to_str().unwrap().trim_end_matches('?'), link);
    let page = browser.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Your RSVP is cancelled."), "the page says so: {page}");
    assert!(page.contains("Not going.") && page.contains("Answer again"), "and offers to answer again: {page}");
    assert!(page.contains("Free places: 1."), "Linus moved up, one place is left: {page}");
    assert!(!page.contains("Yes, cancel my RSVP"), "nothing left to cancel");

    let cancelled = app.new_mail(&smtp, &before, "grace@example.org", "is cancelled").await;
    assert!(mail_text(&cancelled).contains("Subject: Cancelled: your RSVP for Event bbq"), "{}", mail_text(&cancelled));
    let promoted = app.new_mail(&smtp, &before, "linus@example.org", "you have a place").await;
    assert!(promoted.contains("text/calendar"));

    // The independent reader: the same entry, cancelled, with a higher sequence.
    let invited = calendar_entries(&confirmation);
    let removed = calendar_entries(&cancelled);
    assert_eq!((invited.len(), removed.len()), (1, 1), "{invited:?} {removed:?}");
    let invited: Vec<&str> = invited[0].split('|').collect();
    let removed: Vec<&str> = removed[0].split('|').collect();
    assert_eq!((invited[0], invited[3]), ("PUBLISH", "CONFIRMED"));
    assert_eq!((removed[0], removed[3]), ("CANCEL", "CANCELLED"));
    assert_eq!(invited[1], removed[1], "the same UID, so calendars remove the entry they have");
    assert!(removed[2].parse::<i64>().unwrap() > invited[2].parse::<i64>().unwrap(), "a higher SEQUENCE: {removed:?} {invited:?}");

    // A second cancellation changes nothing and sends nothing.
    let before = app.mail(&smtp).await;
    let again = app.post(&app.client(), "/api/public/rsvp/cancel", &[("token", &token)]).await;
    assert_eq!(again.status(), 200, "{}", again.text().await.unwrap());
    assert_eq!(app.mail(&smtp).await.len(), before.len());
    let forged = app.post(&app.client(), "/api/public/rsvp/cancel", &[("token", "1-00000000000000000000000000000000")]).await;
    assert_eq!(forged.status(), 404);
    let statuses: Vec<String> = app.rsvps(event).await.into_iter().map(|r| r.1).collect();
    assert_eq!(statuses, ["not_going", "going"]);
}

#[tokio::test]
async fn an_organizer_cancelling_the_event_takes_it_out_of_each_going_guests_calendar() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event_with_capacity("bbq", Some(5)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    let mut confirmations = Vec::new();
    for guest in ["grace@example.org", "linus@example.org"] {
        app.rsvp(event, guest, Answer::Yes, 1).await.unwrap();
        confirmations.push((guest, app.new_mail(&smtp, &[], guest, "").await));
    }

    let before = app.mail(&smtp).await;
    let r = app.post(&organizer, "/api/events/cancel", &[("event_id", &event.to_string()), ("reason", "The venue flooded.")]).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    for (guest, confirmation) in &confirmations {
        let cancelled = app.new_mail(&smtp, &before, guest, "The venue flooded.").await;
        assert!(mail_text(&cancelled).contains("Subject: Cancelled: Event bbq"), "{}", mail_text(&cancelled));
        // The independent reader: the entry their confirmation put in, cancelled, with a higher sequence.
        let invited = calendar_entries(confirmation);
        let removed = calendar_entries(&cancelled);
        assert_eq!((invited.len(), removed.len()), (1, 1), "{guest}: {invited:?} {removed:?}");
        let invited: Vec<&str> = invited[0].split('|').collect();
        let removed: Vec<&str> = removed[0].split('|').collect();
        assert_eq!((invited[0], invited[3]), ("PUBLISH", "CONFIRMED"), "{guest}");
        assert_eq!((removed[0], removed[3]), ("CANCEL", "CANCELLED"), "{guest}");
        assert_eq!(invited[1], removed[1], "{guest}: the same UID, so calendars remove the entry they have");
        assert!(
            removed[2].parse::<i64>().unwrap() > invited[2].parse::<i64>().unwrap(),
            "{guest}: a higher SEQUENCE: {removed:?} {invited:?}"
        );
    }
}

#[tokio::test]
async fn mail_about_an_event_replies_to_its_organizers_or_else_to_the_instance() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| {
        c.smtp_url = Some(smtp.url());
        c.mail_reply_to = Some("Festplan team <team@fest.example.org>".into());
    })
    .await;
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let form = |title: &'static str, reply_to: &'static str| {
        vec![
            ("input[title]", title),
            ("input[kind]", "party"),
            ("input[description]", "**Grill**, drinks and [music](https://example.org/band)."),
            ("input[starts_at]", "2099-08-17T16:00"),
            ("input[ends_at]", "2099-08-17T23:00"),
            ("input[time_zone]", "Europe/Berlin"),
            ("input[venue_name]", "Hof"),
            ("input[venue_address]", ""),
            ("input[capacity]", ""),
            ("input[visibility]", "public"),
            ("input[rsvp_deadline]", "2099-08-16T12:00"),
            ("input[reply_to]", reply_to),
        ]
    };
    let refused = app.post(&organizer, "/api/events/create", &form("Bad", "not an address")).await;
    assert_eq!(refused.status(), 422, "the server checks the address");
    assert!(refused.text().await.unwrap().contains("reply_to"));
    for (title, reply_to) in [("Grillen", "grill-team@example.org"), ("Sommerfest", "")] {
        let slug: String = app.post(&organizer, "/api/events/create", &form(title, reply_to)).await.json().await.unwrap();
        let id = app::db::events::by_slug(&app.state.db, &slug).await.unwrap().unwrap().id;
        let published = app.post(&organizer, "/api/events/publish", &[("event_id", &id.to_string()), ("published", "true")]).await;
        assert_eq!(published.status(), 200);
        app.rsvp(id, &format!("ada@{slug}.example.org"), Answer::Yes, 1).await.unwrap();
    }
    let editor = organizer.get(app.at("/events/grillen/edit")).send().await.unwrap().text().await.unwrap();
    assert!(editor.contains(r#"name="input[reply_to]""#) && editor.contains("grill-team@example.org"), "the editor shows it");

    let grill = app.new_mail(&smtp, &[], "ada@grillen.example.org", "").await;
    assert!(grill.contains("Reply-To: grill-team@example.org"), "{grill}");
    let party = app.new_mail(&smtp, &[], "ada@sommerfest.example.org", "").await;
    assert!(
        party.contains("Reply-To: \"Festplan team\" <team@fest.example.org>")
            || party.contains("Reply-To: Festplan team <team@fest.example.org>"),
        "{party}"
    );
    // The deadline is in the mail, and the calendar entry's description is plain text.
    assert!(mail_text(&grill).contains("Answers can be changed until"), "{}", mail_text(&grill));
    let entry = calendar_entries(&grill);
    assert!(entry[0].ends_with("|Grill, drinks and music (https://example.org/band)."), "{entry:?}");
}

#[tokio::test]
async fn after_sending_the_form_the_answer_shows_in_its_place_with_and_without_the_wasm() {
    let app = TestApp::spawn().await;
    app.seed_event_with_capacity("bbq", Some(10)).await;
    let answer = |email: &'static str| vec![("event", "bbq"), ("name", "Ada"), ("email", email), ("answer", "yes"), ("party_size", "2")];

    // A guest without an account, plain form: the answer replaces the form, which waits folded.
    let browser = app.client();
    let sent = plain_post(&app, &browser, "/api/public/rsvp/respond", &app.at("/events/bbq"), &answer("ada@example.org")).await;
    assert!(sent.status().is_redirection());
    let page = browser.get(app.at("/events/bbq")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"class="rsvp-result""#) && page.contains("mailed the address you gave"), "{page}");
    assert!(page.contains(r#"<details class="rsvp-change""#) && page.contains("Answer again"), "the filled form is out of the way: {page}");
    assert!(!page.contains(r#"rsvp-change" open"#), "folded");
    assert!(page.contains("calendar.google.com"), "with Add to calendar");

    // Signed in, as the wasm sends it (JSON, then the page loads again): where the answer
    // stands, the personal page and the calendar.
    let (_, session) = app.session_for("grace@example.org", false).await;
    let session = format!("{}={session}", app::auth::session::COOKIE);
    let member = app.client();
    let sent = member
        .post(app.at("/api/public/rsvp/respond"))
        .header("origin", &app.url)
        .header("cookie", &session)
        .header(ACCEPT, "application/json")
        .form(&answer(""))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let notice = sent
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
        .find(|c| c.starts_with("festplan_notice="))
        .expect("a notice for the next page");
    let page =
        member.get(app.at("/events/bbq")).header("cookie", format!("{session}; {notice}")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("going (party of 2)"), "{page}");
    assert!(page.contains(r#"<a href="/rsvp/"#) && page.contains("Your RSVP page"), "{page}");
    assert!(page.contains("calendar.google.com") && page.contains("/events/bbq/calendar.ics"));

    // Coming back later: the answer, not an empty form.
    let page = member.get(app.at("/events/bbq")).header("cookie", &session).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("going (party of 2).") && page.contains("Change your answer"), "{page}");
    assert!(page.contains("Your RSVP page") && !page.contains(r#"rsvp-change" open"#), "folded: {page}");
}

#[tokio::test]
async fn the_personal_page_shows_the_venue_with_a_map_the_answers_and_add_to_calendar() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    let added = app
        .post(&organizer, "/api/events/questions/add", &[("event_id", &event.to_string()), ("kind", "text"), ("label", "T-shirt size")])
        .await;
    assert_eq!(added.status(), 200, "{}", added.text().await.unwrap());
    let question: i64 = added.json().await.unwrap();
    let mut request = festplan_tests::guest_answer(event, "ada@example.org", Answer::Yes, 2);
    request.dietary = "1 vegan <b>".into();
    request.answers.insert(question.to_string(), vec!["XL".into()]);
    app::rsvp::service::respond(&app.state, &app::auth::service::Actor::anonymous("ada"), request).await.unwrap();
    let rows = app::db::rsvps::for_event(&app.state.db, event).await.unwrap();
    let token = app::rsvp::service::manage_token(&app.state.settings.secret_key, rows[0].id);

    let page = app.client().get(app.at(&format!("/rsvp/{token}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Forsterstr. 29, Halle (Saale)"), "the venue: {page}");
    assert!(
        page.contains(r#"href="https://www.openstreetmap.org/search?query=Forsterstr.+29%2C+Halle+%28Saale%29" target="_blank" rel="noopener noreferrer">Map of the venue (OpenStreetMap, opens in a new tab)"#),
        "{page}"
    );
    assert!(page.contains("T-shirt size: XL"), "the answers given: {page}");
    assert!(page.contains("Dietary needs: 1 vegan &lt;b&gt;"), "the note, as text: {page}");
    assert!(page.contains("/events/bbq/calendar.ics") && page.contains("calendar.google.com") && page.contains("outlook.live.com"));
}

#[tokio::test]
async fn the_demo_loaded_twice_says_it_is_there_and_succeeds() {
    let app = TestApp::spawn().await;
    let first = app::demo::load_once(&app.state).await.unwrap();
    assert!(matches!(first, app::demo::Loaded::Fresh(ref links) if links.len() == 4), "{first:?}");
    let second = app::demo::load_once(&app.state).await.expect("a second run is no error");
    assert!(matches!(second, app::demo::Loaded::AlreadyThere(_)));
    assert!(second.report().starts_with("The demo events are already there"), "{}", second.report());
}
