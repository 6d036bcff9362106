//! One test per hole an outside test of the release build found, each named after what it proves.

use app::auth::model::EventRole;
use festplan_tests::TestApp;

const WRONG: &str = "wrong password";
const RIGHT: &str = "correct horse battery";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_parallel_password_guesses_check_at_most_the_limit() {
    let app = TestApp::spawn().await;
    let (_, ada) = app.signed_in("ada@example.org", false).await;
    assert_eq!(app.post(&ada, "/api/account/password", &[("password", RIGHT)]).await.status(), 200);
    let (limit, _) = app::auth::rate_limit::Limit::PasswordPerAccount.allowance();

    // 59 wrong guesses and the right password, all at once, from one address.
    let guesses = (0..60).map(|i| {
        let (app, password) = (&app, if i == 59 { RIGHT } else { WRONG });
        async move {
            let response =
                app.post(&app.client(), "/api/public/auth/sign-in-password", &[("email", "ada@example.org"), ("password", password)]).await;
            let signed_in =
                response.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap_or("").contains(app::auth::session::COOKIE));
            (response.status().as_u16(), signed_in)
        }
    });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers.iter().filter(|(status, _)| *status != 429).count();
    assert!(checked <= limit as usize, "{checked} of 60 guesses were checked; the limit is {limit}: {answers:?}");
    assert_eq!(answers.iter().filter(|(status, _)| *status == 429).count(), 60 - checked);
    let failures = festplan_tests::peek::security_log(&app.state.db, 100).await;
    assert!(failures.iter().filter(|e| e.kind == "password_failed").count() <= limit as usize);
    // Once the allowance is used up, the right password waits too.
    let late = app.post(&app.client(), "/api/public/auth/sign-in-password", &[("email", "ada@example.org"), ("password", RIGHT)]).await;
    assert_eq!(late.status(), 429);
}

/// A cross-site POST that changes the caller's name, with the given Origin and Host.
async fn rename_from(app: &TestApp, client: &reqwest::Client, origin: &str, host: &str) -> u16 {
    let response = client
        .post(app.at("/api/account/profile"))
        .header("origin", origin)
        .header("host", host)
        .form(&[("display_name", "Mallory"), ("language", "en")])
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

#[tokio::test]
async fn a_foreign_scheme_origin_is_refused_on_http_and_on_https() {
    let app = TestApp::spawn().await;
    let (id, ada) = app.signed_in("ada@example.org", false).await;
    let host = app.addr.to_string();
    assert_eq!(rename_from(&app, &ada, &format!("https://{host}"), &host).await, 403, "https origin on an http instance");
    assert_eq!(rename_from(&app, &ada, &format!("http://{host}"), &host).await, 200, "the instance's own origin");

    let https = TestApp::spawn_with(|c| c.public_url = Some("https://fest.example.org/".parse().unwrap())).await;
    let (_, grace) = https.signed_in("grace@example.org", false).await;
    assert_eq!(rename_from(&https, &grace, "http://fest.example.org", "fest.example.org").await, 403, "http origin on an https instance");
    assert_eq!(rename_from(&https, &grace, "http://fest.example.org:443", "fest.example.org").await, 403);
    assert_eq!(rename_from(&https, &grace, "https://fest.example.org", "fest.example.org").await, 200);
    let name = app::db::users::by_id(&app.state.db, id).await.unwrap().unwrap().display_name;
    assert_eq!(name, "Mallory", "only the same-origin request changed the name");
}

#[tokio::test]
async fn https_instances_send_hsts_and_http_ones_do_not() {
    let https = TestApp::spawn_with(|c| c.public_url = Some("https://fest.example.org/".parse().unwrap())).await;
    let page = https.client().get(https.at("/")).send().await.unwrap();
    assert_eq!(page.headers()["strict-transport-security"], "max-age=31536000");
    let off = TestApp::spawn_with(|c| {
        c.public_url = Some("https://fest.example.org/".parse().unwrap());
        c.hsts = false;
    })
    .await;
    assert!(!off.client().get(off.at("/")).send().await.unwrap().headers().contains_key("strict-transport-security"));
    let http = TestApp::spawn().await;
    assert!(!http.client().get(http.at("/")).send().await.unwrap().headers().contains_key("strict-transport-security"));
}

/// A form body sent chunked, without a length, to the sign-in link function.
async fn chunked_form(app: &TestApp, chunks: Vec<Vec<u8>>) -> reqwest::StatusCode {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = chunks.into_iter().map(Ok).collect();
    let response = app
        .client()
        .post(app.at("/api/public/auth/request-link"))
        .header("origin", &app.url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    response.status()
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_gets_413() {
    let app = TestApp::spawn_with(|c| c.max_body_bytes = 64 * 1024).await;
    assert_eq!(chunked_form(&app, vec![vec![b'a'; 8 * 1024]; 20]).await, 413);
    // A chunked body under the limit still reaches the function.
    assert_eq!(chunked_form(&app, vec![b"email=ada%40example.org".to_vec()]).await, 200);
}

#[tokio::test]
async fn a_64_kib_invite_list_gets_422_naming_the_field_without_echoing_it() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("offsite", Some(20)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    let marker = "zz-echo-marker";
    for addresses in
        [format!("{marker}{}", "a".repeat(64 * 1024)), (0..201).map(|i| format!("guest{i}@example.org")).collect::<Vec<_>>().join("\n")]
    {
        let response = app.post(&organizer, "/api/events/invite", &[("event_id", &event.to_string()), ("addresses", &addresses)]).await;
        assert_eq!(response.status(), 422);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["detail"]["field"], "addresses", "{body}");
        assert!(!body.to_string().contains(marker) && !body.to_string().contains("guest1@"), "{body}");
    }
    let bad = app
        .post(&organizer, "/api/events/invite", &[("event_id", &event.to_string()), ("addresses", "ada@example.org\n<b>not-an-address")])
        .await;
    let body: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(body["detail"]["message"], "entry 2 is not an email address; nobody was invited");
}

#[tokio::test]
async fn api_field_errors_name_the_field_in_our_words_without_serde_text() {
    let app = TestApp::spawn().await;
    let (_, _) = app.signed_in("org@example.org", false).await;
    let actor = app.actor_for("org@example.org").await;
    let token = app::auth::service::create_api_token(&app.state, &actor, "intranet").await.unwrap();
    let send = |body: &'static str| {
        app.client()
            .post(app.at("/api/v1/events"))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let wrong_type: serde_json::Value = send(r#"{"title": 5, "kind": "party"}"#).await.unwrap().json().await.unwrap();
    assert_eq!(wrong_type["kind"], "invalid");
    assert_eq!(wrong_type["detail"]["field"], "title", "{wrong_type}");
    let text = wrong_type.to_string();
    assert!(!text.contains("invalid type") && !text.contains("expected") && !text.contains("line 1"), "{text}");
    let bad_value: serde_json::Value = send(r#"{"title": "BBQ", "kind": "<script>"}"#).await.unwrap().json().await.unwrap();
    assert_eq!(bad_value["detail"]["field"], "kind", "{bad_value}");
    assert!(!bad_value.to_string().contains("<script>"), "{bad_value}");
    let not_json = send("{title").await.unwrap();
    assert_eq!(not_json.status(), 400);
    assert!(!not_json.text().await.unwrap().contains("line 1"));
}

/// A guest's "yes" through the event page's form.
async fn guest_yes(app: &TestApp, slug: &str, email: &str) -> serde_json::Value {
    let fields = [("event", slug), ("name", "Someone"), ("email", email), ("answer", "yes"), ("party_size", "1")];
    let response = app.post(&app.client(), "/api/public/rsvp/respond", &fields).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_guest_gets_the_same_reply_whether_or_not_the_address_answered_before() {
    let app = TestApp::spawn().await;
    app.seed_event_with_capacity("bbq", Some(10)).await;
    let first = guest_yes(&app, "bbq", "ada@example.org").await;
    let again = guest_yes(&app, "bbq", "ada@example.org").await;
    let other = guest_yes(&app, "bbq", "grace@example.org").await;
    assert_eq!(first, again);
    assert_eq!(first, other);
    assert_eq!(first["status"], serde_json::Value::Null);
    // The answers themselves were taken.
    let rsvps = app.rsvps(app::db::events::by_slug(&app.state.db, "bbq").await.unwrap().unwrap().id).await;
    assert_eq!(
        rsvps.iter().map(|r| (r.0.as_str(), r.1.as_str())).collect::<Vec<_>>(),
        [("ada@example.org", "going"), ("grace@example.org", "going")]
    );
}

#[tokio::test]
async fn an_unlisted_event_takes_answers_only_through_its_address() {
    let app = TestApp::spawn().await;
    let id = app.seed_event_with_capacity("secret-retreat", Some(10)).await;
    app::db::query("UPDATE events SET visibility = 'unlisted' WHERE id = $1").bind(id).execute(app.state.db.pool()).await.unwrap();
    let by_number = [
        ("event_id", id.to_string()),
        ("name", "Eve".into()),
        ("email", "eve@example.org".into()),
        ("answer", "yes".into()),
        ("party_size", "1".into()),
    ];
    let response = app.client().post(app.at("/api/public/rsvp/respond")).header("origin", &app.url).form(&by_number).send().await.unwrap();
    assert_eq!(response.status(), 400, "a number names no event");
    assert!(app.rsvps(id).await.is_empty());
    guest_yes(&app, "secret-retreat", "ada@example.org").await;
    assert_eq!(app.rsvps(id).await.len(), 1);
}

#[tokio::test]
async fn check_in_codes_are_rate_limited_per_staff_account() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("door", Some(10)).await;
    let staff = app.owner_of(event, "door@example.org").await;
    let (allowance, _) = app::auth::rate_limit::Limit::CheckInPerAccount.allowance();
    let (mut checked, mut refused) = (0, 0);
    let started = std::time::Instant::now();
    for i in 0..allowance + 20 {
        let code = format!("{i}-0000000000");
        match app.post(&staff, "/api/rsvp/check-in", &[("event_id", &event.to_string()), ("code", &code)]).await.status().as_u16() {
            422 => checked += 1,
            429 => refused += 1,
            other => panic!("code {i}: status {other}"),
        }
    }
    // The allowance refills evenly over its window (one code a second here), so the run's own
    // length may add a few checks, but never twenty.
    let refilled = started.elapsed().as_secs() as u32 + 1;
    assert!(checked >= allowance && checked <= allowance + refilled, "{checked} codes checked, {refused} refused");
    assert!(refused >= 20 - refilled, "{checked} codes checked, {refused} refused");
}

#[tokio::test]
async fn a_real_invitation_used_with_another_address_does_not_name_the_invited_one() {
    let app = TestApp::spawn().await;
    let id = app.seed_event_with_capacity("offsite", Some(10)).await;
    app::db::query("UPDATE events SET visibility = 'private' WHERE id = $1").bind(id).execute(app.state.db.pool()).await.unwrap();
    let organizer = app.owner_of(id, "org@example.org").await;
    app.post(&organizer, "/api/events/invite", &[("event_id", &id.to_string()), ("addresses", "ada@example.org")]).await;
    let message: Vec<u8> = app::db::query_scalar("SELECT message FROM outbox WHERE envelope_to = 'ada@example.org'")
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    let link = festplan_tests::link_in(&String::from_utf8_lossy(&message), &app.at("/events/")).unwrap();
    let token = link.split("invitation=").nth(1).unwrap().to_string();
    let mut request = festplan_tests::guest_answer(id, "eve@example.org", app::rsvp::model::Answer::Yes, 1);
    request.invitation = Some(token);
    let err = app::rsvp::service::answer(&app.state, &app::auth::service::Actor::anonymous("eve"), request).await.unwrap_err();
    assert_eq!(err.field(), Some("email"));
    assert!(!err.message().contains("ada"), "{}", err.message());
}

#[tokio::test]
async fn organizer_and_door_pages_answer_404_to_those_who_may_not_use_them() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("summer", Some(10)).await;
    let (staff_id, staff) = app.signed_in("door@example.org", false).await;
    app.grant_role(event, staff_id, EventRole::CheckIn).await;
    let (_, visitor) = app.signed_in("visitor@example.org", false).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    let anonymous = app.client();
    let status = |client: &reqwest::Client, path: &str| {
        let request = client.get(app.at(path));
        async move { request.send().await.unwrap().status().as_u16() }
    };
    for path in ["/events/summer/edit", "/events/summer/attendees"] {
        assert_eq!(status(&anonymous, path).await, 404, "{path}, anonymous");
        assert_eq!(status(&visitor, path).await, 404, "{path}, visitor");
        assert_eq!(status(&staff, path).await, 404, "{path}, check-in staff");
        assert_eq!(status(&organizer, path).await, 200, "{path}, organizer");
    }
    let page = visitor.get(app.at("/events/summer/edit")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Unpublish") && !page.contains("Save changes"), "no editor for a visitor");
    assert_eq!(status(&visitor, "/events/summer/check-in").await, 404);
    assert_eq!(status(&staff, "/events/summer/check-in").await, 200);
}

#[tokio::test]
async fn an_unlisted_event_cannot_be_found_from_its_title() {
    let app = TestApp::spawn().await;
    let (_, organizer) = app.signed_in("org@example.org", false).await;
    let fields = |visibility: &'static str| {
        [
            ("input[title]", "Board retreat"),
            ("input[kind]", "party"),
            ("input[description]", ""),
            ("input[venue_name]", ""),
            ("input[venue_address]", ""),
            ("input[rsvp_deadline]", ""),
            ("input[starts_at]", "2099-08-17T16:00"),
            ("input[ends_at]", "2099-08-17T23:00"),
            ("input[time_zone]", "Europe/Berlin"),
            ("input[capacity]", "20"),
            ("input[visibility]", visibility),
        ]
    };
    let created = app.post(&organizer, "/api/events/create", &fields("unlisted")).await;
    let slug: String = created.json().await.unwrap();
    let suffix = slug.strip_prefix("board-retreat-").expect("the title starts the address");
    assert!(suffix.len() == 16 && suffix.chars().all(|c| c.is_ascii_hexdigit()), "{slug}");

    // A public event that becomes unlisted moves to such an address; the old one leads nowhere.
    let public: String = app.post(&organizer, "/api/events/create", &fields("public")).await.json().await.unwrap();
    assert_eq!(public, "board-retreat");
    let id = app::db::events::by_slug(&app.state.db, &public).await.unwrap().unwrap().id.to_string();
    let mut change: Vec<(&str, &str)> = fields("unlisted").to_vec();
    change.push(("event_id", &id));
    let moved: String = app.post(&organizer, "/api/events/update", &change).await.json().await.unwrap();
    assert!(moved.starts_with("board-retreat-") && moved != slug, "{moved}");
    assert_eq!(organizer.get(app.at("/events/board-retreat")).send().await.unwrap().status(), 404);
    assert_eq!(organizer.get(app.at(&format!("/events/{moved}"))).send().await.unwrap().status(), 200);
    // Saving again keeps the address.
    let again: String = app.post(&organizer, "/api/events/update", &change).await.json().await.unwrap();
    assert_eq!(again, moved);
}
