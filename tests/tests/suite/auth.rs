//! Accounts and sessions end to end: emailed links through a real SMTP server, cookies,
//! brute-force limits, and the guarantee that no mutating server function is open by accident.

use app::auth::api::PUBLIC_PREFIX;
use festplan_tests::{SmtpSink, TestApp, link_in};
use reqwest::header::SET_COOKIE;

/// Requests a sign-in link for `email` and returns the token from the mail that arrives.
async fn mailed_token(app: &TestApp, smtp: &SmtpSink, email: &str, nth: usize) -> String {
    let before = smtp.messages();
    let response = app.post(&app.client(), "/api/public/auth/request-link", &[("email", email)]).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let mails = app.mail(smtp).await;
    assert_eq!(mails.len(), nth, "the sign-in mail arrives");
    let mail = mails.iter().find(|m| !before.contains(m) && m.contains(email)).expect("a new sign-in mail");
    let link = link_in(mail, &format!("{}/auth/link?token=", app.url)).expect("link with the public base URL");
    link.split("token=").nth(1).unwrap().to_string()
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("festplan_session="))
        .map(str::to_string)
}

async fn me(app: &TestApp, cookie: Option<&str>) -> serde_json::Value {
    let mut request = app.client().get(app.at("/api/auth/me"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie.split(';').next().unwrap());
    }
    request.send().await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn an_emailed_link_signs_in_once_and_creates_the_account() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let token = mailed_token(&app, &smtp, "grace@example.org", 1).await;

    // Opening the link shows a button; it does not use the link up.
    let page = app.client().get(app.at(&format!("/auth/link?token={token}"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let body = page.text().await.unwrap();
    assert!(body.contains("Sign in to Festplan"));
    assert!(body.contains("One more click, on purpose"), "the page says why the link needs a click");

    let first = app.post(&app.client(), "/api/public/auth/sign-in-link", &[("token", &token)]).await;
    assert!(first.status().is_success() || first.status().is_redirection(), "{}", first.status());
    let cookie = session_cookie(&first).expect("a session cookie");
    let who = me(&app, Some(&cookie)).await;
    assert_eq!(who["email"], "grace@example.org");
    assert_eq!(who["display_name"], "grace");

    let again = app.post(&app.client(), "/api/public/auth/sign-in-link", &[("token", &token)]).await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("already been used"));
}

#[tokio::test]
async fn an_expired_or_made_up_link_fails_with_a_clear_message() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let token = mailed_token(&app, &smtp, "ada@example.org", 1).await;
    sqlx_expire_links(&app).await;
    let expired = app.post(&app.client(), "/api/public/auth/sign-in-link", &[("token", &token)]).await;
    assert_eq!(expired.status(), 422);
    assert!(expired.text().await.unwrap().contains("has expired"));

    let made_up = app.post(&app.client(), "/api/public/auth/sign-in-link", &[("token", "not-a-real-token")]).await;
    assert_eq!(made_up.status(), 422);
    assert!(made_up.text().await.unwrap().contains("not valid"));
}

async fn sqlx_expire_links(app: &TestApp) {
    festplan_tests::peek::expire_links(&app.state.db).await;
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_signing_out_kills_it_on_the_server() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let first_token = mailed_token(&app, &smtp, "linus@example.org", 1).await;
    let first = app.post(&app.client(), "/api/public/auth/sign-in-link", &[("token", &first_token)]).await;
    let old = session_cookie(&first).unwrap();

    let flags = old.to_ascii_lowercase();
    assert!(flags.contains("httponly") && flags.contains("samesite=lax") && flags.contains("path=/"), "{old}");
    assert!(!flags.contains("secure"), "plain http keeps cookies usable locally: {old}");

    // Signing in again from the same browser gives a new id and ends the old one.
    let second_token = mailed_token(&app, &smtp, "linus@example.org", 2).await;
    let client = app.client();
    let second = client
        .post(app.at("/api/public/auth/sign-in-link"))
        .header("origin", &app.url)
        .header("cookie", old.split(';').next().unwrap())
        .form(&[("token", &second_token)])
        .send()
        .await
        .unwrap();
    let new = session_cookie(&second).unwrap();
    assert_ne!(old.split(';').next(), new.split(';').next(), "the session id changes on sign-in");
    assert!(me(&app, Some(&old)).await.is_null(), "the old session no longer works");
    assert_eq!(me(&app, Some(&new)).await["email"], "linus@example.org");

    let out = client
        .post(app.at("/api/public/auth/sign-out"))
        .header("origin", &app.url)
        .header("cookie", new.split(';').next().unwrap())
        .send()
        .await
        .unwrap();
    let cleared = session_cookie(&out).expect("the cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert!(me(&app, Some(&new)).await.is_null(), "a copied cookie is dead after sign-out");
}

#[tokio::test]
async fn cookies_are_secure_when_the_public_url_is_https() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| {
        c.smtp_url = Some(smtp.url());
        c.public_url = Some("https://fest.example.org/".parse().unwrap());
    })
    .await;
    let response = app.client().post(app.at("/api/public/auth/request-link")).form(&[("email", "a@example.org")]).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let mail = app.mail(&smtp).await.remove(0);
    let link = link_in(&mail, "https://fest.example.org/auth/link?token=").expect("https link");
    let token = link.split("token=").nth(1).unwrap();
    let signed_in = app.client().post(app.at("/api/public/auth/sign-in-link")).form(&[("token", token)]).send().await.unwrap();
    assert!(session_cookie(&signed_in).unwrap().contains("; Secure"));
}

#[tokio::test]
async fn a_forged_host_header_does_not_change_links_in_mail() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let response = app
        .client()
        .post(app.at("/api/public/auth/request-link"))
        .header("host", "evil.example.com")
        .header("x-forwarded-host", "evil.example.com")
        .form(&[("email", "victim@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mail = app.mail(&smtp).await.remove(0);
    assert!(!mail.contains("evil.example.com"), "{mail}");
    assert!(link_in(&mail, &format!("{}/auth/link?token=", app.url)).is_some(), "{mail}");
}

#[tokio::test]
async fn password_brute_force_gets_429_and_a_spoofed_forwarded_for_does_not_reset_it() {
    let app = TestApp::spawn().await;
    let (_, client) = app.signed_in("ada@example.org", false).await;
    let set = app.post(&client, "/api/account/password", &[("password", "correct horse battery")]).await;
    assert_eq!(set.status(), 200, "{}", set.text().await.unwrap());

    // Unknown account and wrong password: the same answer.
    let unknown =
        app.post(&app.client(), "/api/public/auth/sign-in-password", &[("email", "nobody@example.org"), ("password", "whatever123")]).await;
    let unknown = (unknown.status(), unknown.text().await.unwrap());
    let wrong =
        app.post(&app.client(), "/api/public/auth/sign-in-password", &[("email", "ada@example.org"), ("password", "wrong password")]).await;
    let wrong = (wrong.status(), wrong.text().await.unwrap());
    assert_eq!(unknown, wrong);
    assert_eq!(wrong.0, 422);

    for attempt in 2..=5 {
        let r = app
            .post(&app.client(), "/api/public/auth/sign-in-password", &[("email", "ada@example.org"), ("password", "wrong password")])
            .await;
        assert_eq!(r.status(), 422, "attempt {attempt}");
    }
    for spoof in ["10.0.0.1", "192.0.2.77", "1.1.1.1"] {
        let r = app
            .client()
            .post(app.at("/api/public/auth/sign-in-password"))
            .header("origin", &app.url)
            .header("x-forwarded-for", spoof)
            .form(&[("email", "ada@example.org"), ("password", "correct horse battery")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429, "even the right password waits, whatever X-Forwarded-For says ({spoof})");
    }
    let failures = festplan_tests::peek::security_log(&app.state.db, 50).await;
    let on_ada = |e: &&festplan_tests::peek::SecurityLogRow| e.kind == "password_failed" && e.email.as_deref() == Some("ada@example.org");
    assert_eq!(failures.iter().filter(on_ada).count(), 5, "each failure is in the security log");
}

#[tokio::test]
async fn a_correct_password_signs_in() {
    let app = TestApp::spawn().await;
    let (_, client) = app.signed_in("ada@example.org", false).await;
    let short = app.post(&client, "/api/account/password", &[("password", "short")]).await;
    assert_eq!(short.status(), 422);
    assert!(short.text().await.unwrap().contains("at least 10 characters"));
    app.post(&client, "/api/account/password", &[("password", "correct horse battery")]).await;
    let r = app
        .post(&app.client(), "/api/public/auth/sign-in-password", &[("email", "ADA@example.org"), ("password", "correct horse battery")])
        .await;
    let cookie = session_cookie(&r).expect("signed in");
    assert_eq!(me(&app, Some(&cookie)).await["email"], "ada@example.org");
}

#[tokio::test]
async fn every_mutating_server_function_refuses_cross_site_and_anonymous_callers() {
    let app = TestApp::spawn().await;
    let mutating: Vec<String> =
        server_fn::axum::server_fn_paths().filter(|(_, method)| *method == http::Method::POST).map(|(path, _)| path.to_string()).collect();
    assert!(mutating.len() >= 10, "server functions are registered: {mutating:?}");
    for path in &mutating {
        let cross = app
            .client()
            .post(app.at(path))
            .header("origin", "https://evil.example.com")
            .form(&[("email", "x@example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), 403, "{path} accepted a cross-site request");

        let anonymous = app.post(&app.client(), path, &[]).await;
        if path.starts_with(PUBLIC_PREFIX) {
            assert_ne!(anonymous.status(), 401, "{path} is public");
        } else {
            assert_eq!(anonymous.status(), 401, "{path} let an anonymous caller in");
        }
    }
    // What anonymous callers may do, pinned: making a function public is a decision, not a slip.
    let mut public: Vec<&str> = mutating.iter().map(String::as_str).filter(|p| p.starts_with(PUBLIC_PREFIX)).collect();
    public.sort();
    let expected = [
        "auth/confirm-email",
        "auth/request-link",
        "auth/sign-in-link",
        "auth/sign-in-password",
        "auth/sign-out",
        // A code-of-conduct reporter is never known: report, open a report with its code, add
        // to it, close it on this device.
        "conduct/add",
        "conduct/close",
        "conduct/open",
        "conduct/report",
        // The language switcher, for visitors without an account too.
        "language",
        // Open-space participants without an account (a guest's personal link, or a name when
        // anyone with the link may take part) are known by their participant cookie.
        "openspace/answer-merge",
        "openspace/edit",
        "openspace/join",
        "openspace/merge",
        "openspace/move",
        "openspace/notes",
        "openspace/propose",
        "openspace/star",
        "openspace/vote",
        // Volunteers sign up without an account; a station's phone taps with its link's key.
        "packing/sign-up",
        "packing/taps",
        // A guest erases their data with their personal RSVP link.
        "privacy/erase",
        "rsvp/cancel",
        "rsvp/change",
        "rsvp/respond",
        "setup/admin",
    ]
    .map(|p| format!("{PUBLIC_PREFIX}{p}"));
    assert_eq!(public, expected);
}

#[tokio::test]
async fn the_first_run_setup_page_works_only_while_no_admin_exists() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let page = app.client().get(app.at("/setup")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Create administrator"), "{page}");
    let r = app.post(&app.client(), "/api/public/setup/admin", &[("email", "root@example.org"), ("display_name", "Root")]).await;
    assert_eq!(r.status(), 200);
    assert!(app.mail(&smtp).await[0].contains("root@example.org"));
    let user = app::db::users::by_email(&app.state.db, "root@example.org").await.unwrap().unwrap();
    assert!(user.is_admin);

    let again = app.post(&app.client(), "/api/public/setup/admin", &[("email", "intruder@example.org"), ("display_name", "X")]).await;
    assert_eq!(again.status(), 404);
    assert!(app::db::users::by_email(&app.state.db, "intruder@example.org").await.unwrap().is_none());
    let page = app.client().get(app.at("/setup")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("already set up"), "{page}");
}
