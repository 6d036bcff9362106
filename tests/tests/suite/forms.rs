//! Forms without the wasm: a plain form post comes back to its page with what happened, an
//! error beside the form or a notice that shows once. The enhanced form reads the same
//! server function as JSON and stays where it is.

use app::events::model::EventKind;
use festplan_tests::TestApp;
use reqwest::header;

/// Posts `form` to `action` as a browser without scripts does, from the page at `from`.
async fn plain_post(app: &TestApp, client: &reqwest::Client, action: &str, from: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(app.at(action))
        .header("origin", &app.url)
        .header(header::REFERER, app.at(from))
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .form(form)
        .send()
        .await
        .unwrap()
}

fn answer(party: &str) -> Vec<(&str, &str)> {
    vec![("event", "bbq"), ("name", "Ada"), ("email", "ada@example.org"), ("answer", "yes"), ("party_size", party)]
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn a_plain_rsvp_comes_back_to_the_event_page_with_a_notice_that_shows_once() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", EventKind::Bbq, "Developer BBQ", 7).await;
    let browser = app.client();

    let sent = plain_post(&app, &browser, "/api/public/rsvp/respond", "/events/bbq", &answer("2")).await;
    assert_eq!(sent.status(), 302);
    // server_fn rebuilds the address without its error fields, leaving a bare "?".
    assert_eq!(location(&sent).trim_end_matches('?'), app.at("/events/bbq"));

    let page = browser.get(app.at("/events/bbq")).send().await.unwrap();
    let cleared = page.headers().get_all(header::SET_COOKIE).iter().any(|c| c.to_str().unwrap().starts_with("festplan_notice=;"));
    let html = page.text().await.unwrap();
    assert!(html.contains("We&#x27;ve mailed the address you gave") || html.contains("We've mailed the address you gave"), "{html}");
    assert!(cleared, "the notice cookie is cleared once shown");
    let again = browser.get(app.at("/events/bbq")).send().await.unwrap().text().await.unwrap();
    assert!(!again.contains("mailed the address you gave"), "the notice shows once");
    assert_eq!(app.rsvps(event).await.len(), 1, "the answer was stored");
    app.stop().await;
}

#[tokio::test]
async fn a_refused_plain_rsvp_comes_back_with_the_reason_beside_the_form() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", EventKind::Bbq, "Developer BBQ", 7).await;
    let browser = app.client();

    let sent = plain_post(&app, &browser, "/api/public/rsvp/respond", "/events/bbq", &answer("0")).await;
    assert_eq!(sent.status(), 302);
    let back = location(&sent);
    assert!(back.starts_with(&app.at("/events/bbq?")), "{back}");

    let html = browser.get(&back).send().await.unwrap().text().await.unwrap();
    let document = scraper::Html::parse_document(&html);
    let errors = scraper::Selector::parse(".rsvp-form .form-error").unwrap();
    let said: String = document.select(&errors).flat_map(|e| e.text()).collect();
    assert!(said.contains("a party is 1 to"), "the form says why: {said:?}");
    assert!(app.rsvps(event).await.is_empty(), "nothing was stored");
    app.stop().await;
}

#[tokio::test]
async fn the_enhanced_form_reads_the_answer_as_json_and_is_not_redirected() {
    let app = TestApp::spawn().await;
    app.seed_event("bbq", EventKind::Bbq, "Developer BBQ", 7).await;
    let browser = app.client();
    let sent = browser
        .post(app.at("/api/public/rsvp/respond"))
        .header("origin", &app.url)
        .header(header::REFERER, app.at("/events/bbq"))
        .header(header::ACCEPT, "application/json")
        .form(&answer("1"))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    assert!(sent.headers().get(header::LOCATION).is_none());
    let outcome: serde_json::Value = sent.json().await.unwrap();
    assert!(outcome["status"].is_null(), "a guest hears the same reply whoever answered before: {outcome}");
    app.stop().await;
}

/// The door's island shows each answer itself: the server keeps no notice for the next page,
/// which would otherwise greet the last guest again when staff reload it.
#[tokio::test]
async fn a_check_in_answered_in_place_leaves_no_notice_behind() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("party", Some(10)).await;
    let staff = app.owner_of(event, "door@example.org").await;
    for (email, in_place) in [("ada@example.org", true), ("grace@example.org", false)] {
        app.rsvp(event, email, app::rsvp::model::Answer::Yes, 1).await.unwrap();
        let mut conn = app.state.db.read().await.unwrap();
        let row = app::db::rsvps::by_email(&mut conn, event, email).await.unwrap().unwrap();
        drop(conn);
        let code = app::rsvp::service::check_in_code(&app.state.settings.secret_key, row.id);
        let mut request =
            staff.post(app.at("/api/rsvp/check-in")).header("origin", &app.url).form(&[("event_id", event.to_string()), ("code", code)]);
        if in_place {
            request = request.header(app::ui::notice::IN_PLACE_HEADER, "1");
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        let notice = response.headers().get_all(header::SET_COOKIE).iter().any(|c| c.to_str().unwrap().starts_with("festplan_notice="));
        assert_eq!(notice, !in_place, "{email}: a notice is kept only for a form that reloads its page");
    }
    app.stop().await;
}

/// The editor's fields as a plain form sends them, with `time_zone` as given.
fn editor_fields(event_id: &str, time_zone: &'static str) -> Vec<(&'static str, String)> {
    [
        ("event_id", event_id),
        ("was", "bbq"),
        ("input[title]", "Developer BBQ"),
        ("input[kind]", "bbq"),
        ("input[starts_at]", "2099-08-17T16:00"),
        ("input[ends_at]", "2099-08-17T23:00"),
        ("input[time_zone]", time_zone),
        ("input[visibility]", "public"),
        ("input[description]", ""),
        ("input[venue_name]", ""),
        ("input[venue_address]", ""),
        ("input[capacity]", "20"),
        ("input[rsvp_deadline]", ""),
    ]
    .map(|(k, v)| (k, v.to_string()))
    .to_vec()
}

/// A refused field is marked where it is: without the wasm, the editor comes back with the time
/// zone field `aria-invalid` and described by the reason, which stands right below it.
#[tokio::test]
async fn a_refused_plain_edit_marks_the_field_and_says_why_beside_it() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", EventKind::Bbq, "Developer BBQ", 7).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    let fields = editor_fields(&event.to_string(), "Mars/Olympus");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();

    let sent = plain_post(&app, &organizer, "/api/events/update", "/events/bbq/edit", &fields).await;
    assert_eq!(sent.status(), 302);
    let back = location(&sent);
    assert!(back.starts_with(&app.at("/events/bbq/edit?")), "{back}");

    let html = organizer.get(&back).send().await.unwrap().text().await.unwrap();
    let document = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let zone = document.select(&select("#ev-tz")).next().expect("the time-zone field");
    assert_eq!(zone.attr("aria-invalid"), Some("true"), "the field is marked");
    assert_eq!(zone.attr("aria-describedby"), Some("ev-tz-error"), "the field is described by its error");
    let said = document.select(&select("#ev-tz-error")).next().expect("the message beside the field");
    assert!(said.text().collect::<String>().contains("IANA time zone"), "{}", said.html());
    // Right below its field: the message is the field's next element.
    let next = zone.next_siblings().find_map(scraper::ElementRef::wrap).expect("an element after the field");
    assert_eq!(next.attr("id"), Some("ev-tz-error"));
    // Only that field: the title is fine and says nothing.
    let title = document.select(&select("#ev-title")).next().unwrap();
    assert_eq!(title.attr("aria-invalid"), None);
    assert!(document.select(&select("#ev-title-error")).next().is_none());

    // Once corrected, nothing is marked.
    let fixed = editor_fields(&event.to_string(), "Europe/Berlin");
    let fixed: Vec<(&str, &str)> = fixed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let sent = plain_post(&app, &organizer, "/api/events/update", "/events/bbq/edit", &fixed).await;
    let saved = location(&sent);
    let saved = if saved.starts_with('/') { app.at(&saved) } else { saved };
    let html = organizer.get(saved).send().await.unwrap().text().await.unwrap();
    let document = scraper::Html::parse_document(&html);
    let zone = document.select(&select("#ev-tz")).next().expect("the time-zone field");
    assert_eq!(zone.attr("aria-invalid"), None, "no field is marked after a good save");
    assert!(document.select(&select("#ev-tz-error")).next().is_none());
    app.stop().await;
}

/// An empty party size is a field left empty, said as such: not an unreadable request.
#[tokio::test]
async fn an_empty_party_size_is_reported_on_its_field() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", EventKind::Bbq, "Developer BBQ", 7).await;
    let browser = app.client();

    let json = browser
        .post(app.at("/api/public/rsvp/respond"))
        .header("origin", &app.url)
        .header(header::ACCEPT, "application/json")
        .form(&answer(""))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 422);
    let error: app::error::AppError = json.json().await.unwrap();
    assert_eq!(error.field(), Some("party_size"));
    assert_eq!(error.message(), "enter a number");

    let sent = plain_post(&app, &browser, "/api/public/rsvp/respond", "/events/bbq", &answer("")).await;
    let html = browser.get(location(&sent)).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("could not be read"), "{html}");
    let document = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let party = document.select(&select("#rsvp-party")).next().expect("the party-size field");
    assert_eq!(party.attr("aria-invalid"), Some("true"));
    assert_eq!(party.attr("aria-describedby"), Some("rsvp-party-hint rsvp-party-error"), "its hint, then its error");
    let said: String = document.select(&select("#rsvp-party-error")).flat_map(|e| e.text()).collect();
    assert_eq!(said, "enter a number", "the form says what is missing beside the field");
    assert!(app.rsvps(event).await.is_empty(), "nothing was stored");
    app.stop().await;
}
