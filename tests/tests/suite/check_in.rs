//! The entrance: check-in codes (easy to read aloud, old ones still good), second scans as a
//! warning, parties arriving in parts, the arrived / expected counter, finding guests by name,
//! the page in German and without script, who may check people in, and the CSV export.

use app::auth::model::EventRole;
use app::rsvp::model::Answer;
use festplan_tests::TestApp;
use festplan_tests::hostile::{PLAIN, assert_pages_inert};

async fn code_of(app: &TestApp, event: i64, email: &str) -> String {
    let mut conn = app.state.db.read().await.unwrap();
    let row = app::db::rsvps::by_email(&mut conn, event, email).await.unwrap().unwrap();
    app::rsvp::service::check_in_code(&app.state.settings.secret_key, row.id)
}

async fn check_in(app: &TestApp, staff: &reqwest::Client, event: i64, code: &str, people: &str) -> reqwest::Response {
    app.post(staff, "/api/rsvp/check-in", &[("event_id", &event.to_string()), ("code", code), ("people", people)]).await
}

async fn json(response: reqwest::Response) -> serde_json::Value {
    response.json().await.unwrap()
}

/// An event with a door helper who holds only the check-in role.
async fn door(app: &TestApp, slug: &str) -> (i64, reqwest::Client) {
    let event = app.seed_event_with_capacity(slug, Some(20)).await;
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;
    (event, staff)
}

async fn page(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    let response = client.get(app.at(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// The text of the element with `id` in `html`, and its class.
fn element(html: &str, id: &str) -> (String, String) {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(&format!("#{id}")).unwrap();
    let found = document.select(&selector).next().unwrap_or_else(|| panic!("no #{id}"));
    (found.text().collect::<String>().trim().to_string(), found.value().attr("class").unwrap_or_default().to_string())
}

#[tokio::test]
async fn staff_check_a_party_in_once_and_a_second_scan_says_when() {
    let app = TestApp::spawn().await;
    let (event, staff) = door(&app, "party").await;
    app.rsvp(event, "grace@example.org", Answer::Yes, 3).await.unwrap();
    let code = code_of(&app, event, "grace@example.org").await;

    let first = json(check_in(&app, &staff, event, &code, "").await).await;
    assert_eq!(
        (first["name"].as_str(), first["party_size"].as_u64(), first["already_checked_in"].as_bool()),
        (Some("grace"), Some(3), Some(false))
    );
    let again = json(check_in(&app, &staff, event, &code.to_lowercase(), "").await).await;
    assert_eq!(again["already_checked_in"], true);
    assert_eq!(again["at"], first["at"], "the second scan names the time of the first");

    let bogus = check_in(&app, &staff, event, "1-0000000000", "").await;
    assert_eq!(bogus.status(), 422);

    let owner = app.owner_of(event, "owner@example.org").await;
    let list: serde_json::Value = owner.get(app.at("/api/events/attendees?slug=party")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["counts"]["checked_in_people"], 3, "the organizer's counts include arrivals");
    let live: serde_json::Value = owner.get(app.at("/api/events/attendee-counts?slug=party")).send().await.unwrap().json().await.unwrap();
    assert_eq!(live, list["counts"], "the counts the open list re-reads, summed by the database, are the list's own");
}

#[tokio::test]
async fn only_confirmed_parties_get_in_and_only_staff_may_scan() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("party", Some(1)).await;
    let other_event = app.seed_event_with_capacity("other", Some(5)).await;
    app.rsvp(event, "in@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "waiting@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(other_event, "elsewhere@example.org", Answer::Yes, 1).await.unwrap();
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;

    let waiting = check_in(&app, &staff, event, &code_of(&app, event, "waiting@example.org").await, "").await;
    assert_eq!(waiting.status(), 409);
    assert!(waiting.text().await.unwrap().contains("waiting has no confirmed place (on the waitlist)."));
    let elsewhere = check_in(&app, &staff, event, &code_of(&app, other_event, "elsewhere@example.org").await, "").await;
    assert_eq!(elsewhere.status(), 422, "a code from another event does not open this one");

    let (_, packer) = app.signed_in("packer@example.org", false).await;
    let refused = check_in(&app, &packer, event, &code_of(&app, event, "in@example.org").await, "").await;
    assert_eq!(refused.status(), 404);
    let search = packer.get(app.at(&format!("/api/rsvp/door/search?event_id={event}&q=in"))).send().await.unwrap();
    assert_eq!(search.status(), 404, "nobody else searches the guests' names");
}

#[tokio::test]
async fn check_in_staff_open_the_check_in_page_of_a_private_event() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("staff-party", Some(10)).await;
    app::db::query("UPDATE events SET visibility = 'private' WHERE id = $1").bind(event).execute(app.state.db.pool()).await.unwrap();
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;
    let html = page(&app, &staff, "/events/staff-party/check-in").await;
    assert!(html.contains("Code (scan or type)"), "the door's staff get the form, not \"not found\"");
    let (_, guest) = app.signed_in("guest@example.org", false).await;
    let hidden = guest.get(app.at("/events/staff-party/check-in")).send().await.unwrap();
    assert_eq!(hidden.status(), 404, "an uninvited account still sees nothing");
}

#[tokio::test]
async fn the_check_in_role_gets_the_door_and_nothing_organizer_only() {
    let app = TestApp::spawn().await;
    let (event, staff) = door(&app, "party").await;
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();

    let html = page(&app, &staff, "/events/party/check-in").await;
    assert!(!html.contains("/events/party/attendees"), "no way to the organizer's list");
    let arrived = json(check_in(&app, &staff, event, &code_of(&app, event, "ada@example.org").await, "").await).await;
    assert_eq!(arrived["arrived"], 2, "the helper checks a party in");
    for path in [
        "/events/party/attendees",
        "/events/party/edit",
        "/events/party/attendees.csv",
        "/events/party/webhooks",
        "/api/events/attendees?slug=party",
        "/api/events/to-edit?slug=party",
    ] {
        let response = staff.get(app.at(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path} does not exist for the door helper");
    }
    let message = app
        .post(&staff, "/api/events/message", &[("event_id", &event.to_string()), ("audience", "going"), ("subject", "Hi"), ("text", "Hi")])
        .await;
    assert_eq!(message.status(), 404, "nor may the helper mail the guests");

    let owner = app.owner_of(event, "owner@example.org").await;
    let html = page(&app, &owner, "/events/party/check-in").await;
    assert!(html.contains("href=\"/events/party/attendees\""), "organizers get the link to their list");
}

#[tokio::test]
async fn codes_are_easy_to_read_aloud_and_old_codes_keep_working() {
    let app = TestApp::spawn().await;
    let (event, staff) = door(&app, "party").await;
    for guest in ["ada@example.org", "bob@example.org", "cy@example.org"] {
        app.rsvp(event, guest, Answer::Yes, 1).await.unwrap();
    }
    let code = code_of(&app, event, "ada@example.org").await;
    let groups: Vec<&str> = code.split('-').collect();
    assert_eq!(groups.len(), 3, "three groups: {code}");
    assert!(
        groups.iter().all(|g| g.len() == 3 && g.chars().all(|c| "23456789ABCDEFGHJKMNPQRSTUVWXYZ".contains(c))),
        "no 0/O, 1/I/L, no lower case: {code}"
    );
    let spoken = code.to_lowercase().replace('-', " ");
    assert_eq!(json(check_in(&app, &staff, event, &spoken, "").await).await["name"], "ada", "in lower case with spaces");
    let plain = code_of(&app, event, "bob@example.org").await.replace('-', "");
    assert_eq!(json(check_in(&app, &staff, event, &plain, "").await).await["name"], "bob", "without dashes");

    let mut conn = app.state.db.read().await.unwrap();
    let cy = app::db::rsvps::by_email(&mut conn, event, "cy@example.org").await.unwrap().unwrap();
    drop(conn);
    let mailed_before = app::auth::tokens::sign(&app.state.settings.secret_key, "rsvp-checkin", cy.id, 5);
    assert_eq!(json(check_in(&app, &staff, event, &mailed_before, "").await).await["name"], "cy", "an old code still opens the door");

    let token = app::rsvp::service::manage_token(&app.state.settings.secret_key, cy.id);
    let personal = page(&app, &app.client(), &format!("/rsvp/{token}")).await;
    assert!(personal.contains(&code_of(&app, event, "cy@example.org").await), "the guest's page shows the new code");
}

#[tokio::test]
async fn part_of_a_party_arrives_now_and_the_rest_later() {
    let app = TestApp::spawn_with(|c| c.allow_private_webhooks = true).await;
    let (event, staff) = door(&app, "party").await;
    app.owner_of(event, "owner@example.org").await;
    let owner = app.actor_for("owner@example.org").await;
    let kinds = ["rsvp.checked_in".to_string()];
    app::events::webhooks::service::subscribe(&app.state, &owner, event, "http://127.0.0.1:9/hook", &kinds, "event").await.unwrap();
    app.rsvp(event, "grace@example.org", Answer::Yes, 4).await.unwrap();
    let code = code_of(&app, event, "grace@example.org").await;
    let checked_in_at = || async {
        let mut conn = app.state.db.read().await.unwrap();
        app::db::rsvps::by_email(&mut conn, event, "grace@example.org").await.unwrap().unwrap().checked_in_at
    };
    let hooks = || async {
        app::db::query_scalar::<i64>("SELECT COUNT(*) FROM webhook_deliveries WHERE kind = 'rsvp.checked_in'")
            .fetch_one(app.state.db.pool())
            .await
            .unwrap()
    };

    let two = json(check_in(&app, &staff, event, &code, "2").await).await;
    assert_eq!((two["arrived"].as_u64(), two["people"].as_u64(), two["already_checked_in"].as_bool()), (Some(2), Some(2), Some(false)));
    assert_eq!(two["counts"], serde_json::json!({"arrived": 2, "expected": 4}));
    let first_at = checked_in_at().await;
    assert!(first_at.is_some(), "the first arrival checks the party in");
    assert_eq!(hooks().await, 1, "webhooks hear of the first arrival");

    let too_many = check_in(&app, &staff, event, &code, "3").await;
    assert_eq!(too_many.status(), 422);
    let error = json(too_many).await;
    assert_eq!(error["detail"]["field"], "people");
    assert!(error["detail"]["message"].as_str().unwrap().starts_with("Only 2 of this party of 4 are still expected"), "{error}");
    assert_eq!(check_in(&app, &staff, event, &code, "two").await.status(), 422, "a number, or nothing");

    let rest = json(check_in(&app, &staff, event, &code, "").await).await;
    assert_eq!((rest["arrived"].as_u64(), rest["people"].as_u64(), rest["already_checked_in"].as_bool()), (Some(4), Some(2), Some(false)));
    assert_eq!(checked_in_at().await, first_at, "the party's check-in stays its first arrival");
    assert_eq!(hooks().await, 1, "the rest of the party tells webhooks nothing new");
    let again = json(check_in(&app, &staff, event, &code, "").await).await;
    assert_eq!(again["already_checked_in"], true, "once all are in, another scan is a second scan");

    let organizer = app.signed_in("owner@example.org", false).await.1;
    let list: serde_json::Value = organizer.get(app.at("/api/events/attendees?slug=party")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["counts"]["checked_in_people"], 4);
}

#[tokio::test]
async fn the_counter_shows_people_arrived_of_people_expected() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("party", Some(5)).await;
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "bob@example.org", Answer::Yes, 3).await.unwrap();
    app.rsvp(event, "waiting@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "maybe@example.org", Answer::Maybe, 4).await.unwrap();

    let html = page(&app, &staff, "/events/party/check-in").await;
    assert!(html.contains("0 of 5 people arrived"), "only confirmed parties are expected");
    let arrived = json(check_in(&app, &staff, event, &code_of(&app, event, "bob@example.org").await, "").await).await;
    assert_eq!(arrived["counts"], serde_json::json!({"arrived": 3, "expected": 5}), "each check-in answers with the counter");
    let html = page(&app, &staff, "/events/party/check-in").await;
    assert!(html.contains("3 of 5 people arrived"));
}

#[tokio::test]
async fn a_helper_finds_a_guest_without_a_code_by_name_and_checks_them_in() {
    let app = TestApp::spawn().await;
    let (event, staff) = door(&app, "party").await;
    let other = app.seed_event_with_capacity("other", Some(5)).await;
    app.rsvp(event, "ada.lovelace@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "adam@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "grace@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "adalbert@example.org", Answer::Maybe, 1).await.unwrap();
    app.rsvp(other, "adele@example.org", Answer::Yes, 1).await.unwrap();

    let found = json(staff.get(app.at(&format!("/api/rsvp/door/search?event_id={event}&q=ADA"))).send().await.unwrap()).await;
    let names: Vec<&str> = found["guests"].as_array().unwrap().iter().map(|g| g["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ada.lovelace", "adam"], "confirmed guests of this event, in any case");
    let none = json(staff.get(app.at(&format!("/api/rsvp/door/search?event_id={event}&q=zed"))).send().await.unwrap()).await;
    assert_eq!(none["guests"], serde_json::json!([]));

    // Without script: a GET form lists them, each with a plain "Check in" form.
    let html = page(&app, &staff, "/events/party/check-in?q=lovelace").await;
    let document = scraper::Html::parse_document(&html);
    let form = scraper::Selector::parse(".door-guest form").unwrap();
    let forms: Vec<_> = document.select(&form).collect();
    assert_eq!(forms.len(), 1, "one guest found");
    let code_field = scraper::Selector::parse("input[name=code]").unwrap();
    let code = forms[0].select(&code_field).next().unwrap().value().attr("value").unwrap().to_string();
    assert!(html.contains("ada.lovelace") && html.contains("party of 2") && !html.contains(">adam<"));
    let arrived = json(check_in(&app, &staff, event, &code, "").await).await;
    assert_eq!((arrived["name"].as_str(), arrived["arrived"].as_u64()), (Some("ada.lovelace"), Some(2)));
    let html = page(&app, &staff, "/events/party/check-in?q=lovelace").await;
    assert!(html.contains("all 2 arrived"), "the list says who is in");
    assert!(scraper::Html::parse_document(&html).select(&form).next().is_none(), "and offers no second check-in");
    let html = page(&app, &staff, "/events/party/check-in?q=nobody").await;
    assert!(html.contains("No confirmed guest is called “nobody”."));
}

/// A plain form post (no script) as the browser sends it: back to the page with a notice.
async fn plain_check_in(app: &TestApp, session: &str, event: i64, code: &str) -> Option<String> {
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.at("/api/rsvp/check-in"))
        .header("origin", &app.url)
        .header("accept", "text/html")
        .header("referer", app.at("/events/party/check-in"))
        .header("cookie", format!("{}={session}", app::auth::session::COOKIE))
        .form(&[("event_id", event.to_string().as_str()), ("code", code), ("people", "")])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let mut cookies = response.headers().get_all("set-cookie").iter().filter_map(|c| c.to_str().ok()?.split(';').next().map(String::from));
    cookies.find(|c| c.contains("notice"))
}

#[tokio::test]
async fn without_script_the_field_is_focused_a_welcome_is_a_notice_and_a_second_scan_a_warning() {
    let app = TestApp::spawn().await;
    let (event, _) = door(&app, "party").await;
    let (_, session) = app.session_for("door@example.org", false).await;
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    let code = code_of(&app, event, "ada@example.org").await;
    let after = |notice: Option<String>| {
        let cookie = format!("{}={session}; {}", app::auth::session::COOKIE, notice.unwrap_or_default());
        let client = reqwest::Client::new();
        let url = app.at("/events/party/check-in");
        async move { client.get(url).header("cookie", cookie).send().await.unwrap().text().await.unwrap() }
    };

    let html = after(None).await;
    let document = scraper::Html::parse_document(&html);
    let field = document.select(&scraper::Selector::parse("#check-in-code").unwrap()).next().expect("the code field");
    assert!(field.value().attr("autofocus").is_some(), "the code field has the cursor when the page opens");
    assert!(field.value().attr("value").is_none_or(str::is_empty), "and is empty");

    let html = after(plain_check_in(&app, &session, event, &code).await).await;
    let (text, class) = element(&html, "door-said");
    assert!(text.starts_with("Welcome, ada: party of 2 checked in at "), "{text}");
    assert!(class.contains("door-welcome") && !class.contains("door-warning"), "{class}");

    let html = after(plain_check_in(&app, &session, event, &code).await).await;
    let (text, class) = element(&html, "door-said");
    assert!(text.starts_with("ada (party of 2) was already checked in at "), "{text}");
    assert!(class.contains("door-warning") && !class.contains("door-welcome"), "a second scan is a warning, not a welcome: {class}");
    let css = std::fs::read_to_string(festplan_tests::workspace_root().join("style/26-door.css")).unwrap();
    assert!(css.contains(".door-warning"), "the warning has a look of its own");
}

#[tokio::test]
async fn the_door_speaks_german() {
    let app = TestApp::spawn().await;
    let (event, staff) = door(&app, "party").await;
    app.rsvp(event, "ada@example.org", Answer::Yes, 4).await.unwrap();
    let helper = app::db::users::by_email(&app.state.db, "door@example.org").await.unwrap().unwrap();
    app::db::users::update_profile(&app.state.db, helper.id, "door", "de").await.unwrap();
    let german = |path: &str| staff.get(app.at(path)).header("accept-language", "de");
    let html = german("/events/party/check-in?q=ada").send().await.unwrap().text().await.unwrap();
    for words in
        ["Einlass:", "Code (scannen oder eintippen)", "0 von 4 Personen angekommen", "Gäste ohne Code finden", "Gruppe von 4", "Einchecken"]
    {
        assert!(html.contains(words), "{words}");
    }
    for english in ["Code (scan or type)", "people arrived", "Check in<"] {
        assert!(!html.contains(english), "{english} is not translated");
    }
    let post = |code: String, people: &'static str| {
        staff
            .post(app.at("/api/rsvp/check-in"))
            .header("origin", &app.url)
            .header("accept-language", "de")
            .form(&[("event_id", event.to_string()), ("code", code), ("people", people.to_string())])
            .send()
    };
    let wrong = json(post("K7Q-X4M-X9P".into(), "").await.unwrap()).await;
    assert_eq!(wrong["detail"]["message"], "Dieser Code gilt nicht für diese Veranstaltung.");
    let code = code_of(&app, event, "ada@example.org").await;
    let part = json(post(code.clone(), "1").await.unwrap()).await;
    assert_eq!(part["counts"], serde_json::json!({"arrived": 1, "expected": 4}));
    let too_many = json(post(code, "9").await.unwrap()).await;
    assert!(
        too_many["detail"]["message"].as_str().unwrap().starts_with("Von dieser Gruppe von 4 werden nur noch 3 erwartet"),
        "{too_many}"
    );
}

/// Guests' names are the guests' own words: the door's search lists them as text.
async fn seed_hostile_guest(app: TestApp, text: String) -> (TestApp, Vec<(String, reqwest::Client)>) {
    let (event, staff) = door(&app, "party").await;
    let guest = app::db::rsvps::NewRsvp {
        event_id: event,
        user_id: None,
        email: "guest@example.org",
        name: &format!("Zed {text}"),
        answer: Answer::Yes,
        party_size: 3,
        dietary: "",
        status: app::rsvp::model::Status::Going,
        waitlist_seq: None,
        language: "en",
    };
    let mut tx = app.state.db.begin_write().await.unwrap();
    app::db::rsvps::insert(&mut tx, &guest, app::db::now()).await.unwrap();
    tx.commit().await.unwrap();
    (app, vec![("/events/party/check-in?q=zed".to_string(), staff)])
}

#[tokio::test]
async fn hostile_names_in_the_door_search_stay_text() {
    let (app, pages) = seed_hostile_guest(TestApp::spawn().await, PLAIN.to_string()).await;
    let html = page(&app, &pages[0].1, &pages[0].0).await;
    assert!(html.contains(PLAIN), "the search lists the guest, or comparing pages proves nothing");
    app.stop().await;
    assert_pages_inert(seed_hostile_guest).await;
}

#[tokio::test]
async fn organizers_download_attendees_as_csv_and_nobody_else_does() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let csv = owner.get(app.at("/events/bbq/attendees.csv")).send().await.unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = csv.text().await.unwrap();
    assert!(body.contains("ada,ada@example.org,going,2,,,no"), "{body}");
    let anonymous = app.client().get(app.at("/events/bbq/attendees.csv")).send().await.unwrap();
    assert_eq!(anonymous.status(), 404, "to others the list does not exist");
}
