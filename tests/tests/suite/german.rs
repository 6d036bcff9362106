//! Festplan in German: a guest whose browser asks for German reads the event page, their mail
//! and their personal page in German (the personal page stays German for them whatever the
//! browser says); the switcher changes the language for a visitor and brings them back; an
//! account's setting outranks the browser.

use festplan_tests::{SmtpSink, TestApp, link_in, mail_text, peek};
use reqwest::header::{ACCEPT, ACCEPT_LANGUAGE, HeaderMap, HeaderValue, LOCATION, SET_COOKIE};

fn browser(languages: &'static str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static(languages));
    reqwest::Client::builder().default_headers(headers).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

async fn text(client: &reqwest::Client, url: String) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn a_guest_answering_in_german_gets_german_mail_and_a_german_personal_page() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event_with_capacity("sommerfest", Some(10)).await;
    peek::set_german_title(&app.state.db, event, "Sommerfest im Hof").await;
    let german = browser("de-DE,de;q=0.9,en;q=0.5");

    let page = text(&german, app.at("/events/sommerfest")).await;
    assert!(page.contains(r#"<html lang="de""#), "the page says it is German");
    for words in
        ["Sommerfest im Hof", "Kommen Sie?", "Antwort senden", "Höchstens 20 Personen pro Antwort.", "In den Kalender", "Grillfest"]
    {
        assert!(page.contains(words), "the event page says {words:?}");
    }
    assert!(!page.contains("Send my answer"), "no English button is left");

    let r = german
        .post(app.at("/api/public/rsvp/respond"))
        .header("origin", &app.url)
        .form(&[("event", "sommerfest"), ("name", "Grete"), ("email", "grete@example.org"), ("answer", "yes"), ("party_size", "2")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
    let raw = app.new_mail(&smtp, &[], "grete@example.org", "").await;
    let mail = mail_text(&raw);
    for words in ["Hallo Grete,", "Sie sind dabei (Gruppe von 2). Bis bald!", "Sommerfest im Hof", "Ihr Check-in-Code:", "Verhaltenskodex:"]
    {
        assert!(mail.contains(words), "the mail says {words:?}: {mail}");
    }
    assert!(!mail.contains("on its way") && !mail.contains("unterwegs"), "the confirmation does not announce itself: {mail}");
    let months = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."];
    assert!(months.iter().any(|m| mail.contains(&format!(" {m} 20"))), "the date is German: {mail}");

    // Their personal page speaks the language they answered in, whatever the browser asks for.
    let link = link_in(&raw, &format!("{}/rsvp/", app.url)).expect("a personal link");
    let personal = text(&browser("en-US,en;q=0.9"), link.clone()).await;
    assert!(personal.contains(r#"<html lang="de""#), "{personal}");
    assert!(personal.contains("Antwort ändern") && personal.contains("Sie sind dabei (Gruppe von 2)."), "{personal}");

    // The switcher: English for this visitor, on the same page.
    let path = link.trim_start_matches(&app.url).to_string();
    let r = german
        .post(app.at("/api/public/language"))
        .header("origin", &app.url)
        .header(ACCEPT, "text/html")
        .form(&[("language", "en"), ("back", path.as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(r.headers().get(LOCATION).unwrap().to_str().unwrap(), path, "back to the page it was on");
    let cookie = r.headers().get(SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    assert_eq!(cookie, "lang=en");
    let english = german.get(&link).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
    assert!(english.contains(r#"<html lang="en""#) && english.contains("Change your answer"), "{english}");

    // The switcher never sends anyone to another site.
    let r = german
        .post(app.at("/api/public/language"))
        .header("origin", &app.url)
        .header(ACCEPT, "text/html")
        .form(&[("language", "de"), ("back", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get(LOCATION).unwrap().to_str().unwrap(), "/");
}

#[tokio::test]
async fn an_accounts_language_outranks_the_browser_and_the_switcher_keeps_it() {
    let app = TestApp::spawn().await;
    app.seed_event_with_capacity("grillen", None).await;
    let (id, client) = app.signed_in("ada@example.org", false).await;
    app::db::users::update_profile(&app.state.db, id, "Ada", "de").await.unwrap();
    let home = client.get(app.at("/")).header(ACCEPT_LANGUAGE, "en").send().await.unwrap().text().await.unwrap();
    assert!(home.contains(r#"<html lang="de""#) && home.contains("Kommende Veranstaltungen"), "{home}");

    let r = client
        .post(app.at("/api/public/language"))
        .header("origin", &app.url)
        .header(ACCEPT, "text/html")
        .form(&[("language", "en"), ("back", "/")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let user = app::db::users::by_id(&app.state.db, id).await.unwrap().unwrap();
    assert_eq!(user.language, "en", "the switcher changed the account's setting");
    let home = client.get(app.at("/")).header(ACCEPT_LANGUAGE, "de").send().await.unwrap().text().await.unwrap();
    assert!(home.contains(r#"<html lang="en""#) && home.contains("Upcoming events"));
}

/// The German journey in Chromium (de-DE), with axe-core on each page.
#[tokio::test(flavor = "multi_thread")]
async fn a_german_browser_sees_festplan_in_german_answers_and_switches_to_english() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event_with_capacity("sommerfest", Some(30)).await;
    peek::set_german_title(&app.state.db, event, "Sommerfest im Hof").await;
    festplan_tests::journey(&app, "german.mjs", &[smtp.maildir().as_os_str()]).await;
}
