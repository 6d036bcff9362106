//! Festplan in German: a guest whose browser asks for German reads the event page, their mail
//! and their personal page in German (the personal page stays German for them whatever the
//! browser says); the switcher changes the language for a visitor and brings them back; an
//! account's setting outranks the browser.

mod exports;

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

/// The organizer's side in German: a German browser signs up through the emailed link, and its
/// new account, the editor of its event and their messages speak German.
#[tokio::test]
async fn a_german_browser_signs_in_and_edits_its_event_in_german() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event_with_capacity("grillfest", Some(20)).await;
    let german = browser("de-DE,de;q=0.9,en;q=0.5");

    let sign_in = text(&german, app.at("/sign-in")).await;
    for words in ["Anmelden", "Anmeldelink per E-Mail senden", "Oder mit Ihrem Passwort", "Mit Passwort anmelden"] {
        assert!(sign_in.contains(words), "the sign-in page says {words:?}");
    }
    assert!(!sign_in.contains("Email me a sign-in link") && !sign_in.contains("Sign in with password"), "{sign_in}");

    let r = german
        .post(app.at("/api/public/auth/request-link"))
        .header("origin", &app.url)
        .form(&[("email", "hedwig@example.org")])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let raw = app.new_mail(&smtp, &[], "hedwig@example.org", "").await;
    let link = link_in(&raw, &format!("{}/auth/link?token=", app.url)).expect("a sign-in link");
    let finish = text(&german, link.clone()).await;
    assert!(finish.contains("Anmeldung abschließen") && finish.contains("Bei Festplan anmelden"), "{finish}");
    assert!(finish.contains("Ein Klick mehr, mit Absicht"), "{finish}");
    let token = link.split("token=").nth(1).unwrap().to_string();
    let r = german.post(app.at("/api/public/auth/sign-in-link")).header("origin", &app.url).form(&[("token", token)]).send().await.unwrap();
    let cookie = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("festplan_session="))
        .expect("a session")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let page = |path: &str| german.get(app.at(path)).header("cookie", &cookie).send();

    let account = page("/account").await.unwrap().text().await.unwrap();
    for words in ["Ihr Konto", "Profil speichern", "E-Mail ändern", "Überall abmelden", "Mein Konto löschen", "Ihre Daten", "Ihr Kalender"]
    {
        assert!(account.contains(words), "the account page says {words:?}");
    }
    assert!(!account.contains("Save profile") && !account.contains("Your data"), "no English is left: {account}");

    let user = app::db::users::by_email(&app.state.db, "hedwig@example.org").await.unwrap().unwrap();
    assert_eq!(user.language, "de", "a new account keeps the language it was made in");
    app.grant_role(event, user.id, app::auth::model::EventRole::Owner).await;
    let editor = page("/events/grillfest/edit").await.unwrap().text().await.unwrap();
    for words in [
        "Bearbeiten: ",
        "Zeitzone",
        "Wer sie sehen kann",
        "Änderungen speichern",
        "In einen neuen Entwurf kopieren",
        "Veranstaltung absagen",
    ] {
        assert!(editor.contains(words), "the editor says {words:?}");
    }
    assert!(!editor.contains("Save changes") && !editor.contains("Time zone"), "no English is left: {editor}");

    // The editor's refusal, beside its field, and a missing event, in German too.
    let r = german
        .post(app.at("/api/events/update"))
        .header("origin", &app.url)
        .header("cookie", &cookie)
        .header(ACCEPT, "text/html")
        .header("referer", app.at("/events/grillfest/edit"))
        .form(&[
            ("event_id", event.to_string().as_str()),
            ("input[title]", "Grillfest"),
            ("input[kind]", "bbq"),
            ("input[starts_at]", "2099-08-17T16:00"),
            ("input[ends_at]", "2099-08-17T23:00"),
            ("input[time_zone]", "Mars/Olympus"),
            ("input[visibility]", "public"),
            ("input[description]", ""),
            ("input[venue_name]", ""),
            ("input[venue_address]", ""),
            ("input[capacity]", "20"),
            ("input[rsvp_deadline]", ""),
        ])
        .send()
        .await
        .unwrap();
    let back = r.headers().get(LOCATION).expect("back to the editor").to_str().unwrap().to_string();
    let refused = german.get(back).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
    let document = scraper::Html::parse_document(&refused);
    let said: String = document.select(&scraper::Selector::parse("#ev-tz-error").unwrap()).flat_map(|e| e.text()).collect();
    assert!(said.contains("Bitte eine IANA-Zeitzone"), "{said:?}");
    let missing = page("/events/gibt-es-nicht/edit").await.unwrap().text().await.unwrap();
    assert!(missing.contains("Veranstaltung nicht gefunden"), "{missing}");

    // The RSVP card other websites frame speaks the visitor's language too.
    let card = text(&german, app.at("/events/grillfest/embed")).await;
    assert!(card.contains(r#"<html lang="de""#) && card.contains("Auf Festplan antworten") && card.contains("20 Plätze frei"), "{card}");
    app.stop().await;
}

/// The open space's page, a session's page and the board in German: words, the slot's day, the
/// format and the reason a visitor cannot vote yet.
#[tokio::test]
async fn a_german_browser_reads_the_open_space_in_german() {
    use festplan_tests::openspace::{account, open_space, propose};
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "link", 2).await;
    let ada = account(&app, "ada@example.org").await;
    let session = propose(&app, &ada, event, "Sauerteig für alle").await;
    app::openspace::service::pin(&app.state, &festplan_tests::openspace::organizer(&app).await, session, &{
        let page = app::openspace::service::page(&app.state, &ada, "bbq", None).await.unwrap();
        format!("{}:{}", page.slots[0].id, page.rooms[0].id)
    })
    .await
    .unwrap();
    let german = browser("de-DE,de;q=0.9");

    let page = text(&german, app.at("/events/bbq/open-space")).await;
    for words in [
        "Open Space: Open space bbq",
        "Zurück zur Veranstaltung",
        "Den ganzen Plan herunterladen (.ics)",
        "Geben Sie unten Ihren Namen an, um vorzuschlagen und abzustimmen.",
        "Ihr Name, wie andere ihn sehen",
        "Mitmachen",
        "Jetzt und als Nächstes",
        "Der Plan",
        "Do., 4. Juli 10:00–10:50",
        "Diskussion",
        "1 Zeitfenster",
        " Punkte von ",
        "Vorschläge bis",
    ] {
        assert!(page.contains(words), "the open space page says {words:?}");
    }
    for english in ["Take part", "The grid", "Now and next", "Thu 4 Jul", "Discussion", " dots from "] {
        assert!(!page.contains(english), "no English {english:?} is left");
    }

    let page = text(&german, app.at(&format!("/events/bbq/open-space/sessions/{session}"))).await;
    for words in ["Zurück zum Open Space", "Wo und wann", "Do., 4. Juli 10:00–10:50", " (festgelegt)", "Noch keine Notizen."] {
        assert!(page.contains(words), "the session page says {words:?}");
    }
    let board = text(&german, app.at("/events/bbq/board")).await;
    assert!(board.contains("Der Plan kann sich noch ändern.") && board.contains("Als Nächstes"), "{board}");

    // The same pages stay English for an English browser.
    let page = text(&browser("en"), app.at("/events/bbq/open-space")).await;
    assert!(page.contains("The grid") && page.contains("Thu 4 Jul 10:00–10:50") && page.contains("Take part"));

    // Ada's second session pinned beside her first: the set-up page warns in its reader's language.
    let organizer = festplan_tests::openspace::organizer(&app).await;
    let second = propose(&app, &ada, event, "Roggen").await;
    let cell = {
        let page = app::openspace::service::page(&app.state, &ada, "bbq", None).await.unwrap();
        format!("{}:{}", page.slots[0].id, page.rooms[1].id)
    };
    app::openspace::service::pin(&app.state, &organizer, second, &cell).await.unwrap();
    let (_, secret) = app.session_for(festplan_tests::openspace::ORGANIZER, false).await;
    let cookie = format!("{}={secret}", app::auth::session::COOKIE);
    let setup = |language: &'static str| {
        let cookie = cookie.clone();
        let url = app.at("/events/bbq/open-space/setup");
        async move {
            let r = reqwest::Client::new().get(url).header("accept-language", language).header("cookie", cookie).send().await.unwrap();
            r.text().await.unwrap()
        }
    };
    let english_setup = setup("de").await;
    assert!(english_setup.contains("at the same time (Thu 4 Jul 10:00)"), "the account's English outranks the browser: {english_setup}");
    let (organizer_id, _) = app.session_for(festplan_tests::openspace::ORGANIZER, false).await;
    let mut tx = app.state.db.begin_write().await.unwrap();
    app::db::users::set_language(&mut tx, organizer_id, "de").await.unwrap();
    tx.commit().await.unwrap();
    let german_setup = setup("en").await;
    assert!(german_setup.contains("zur selben Zeit (Do., 4. Juli 10:00)"), "{german_setup}");
    assert!(german_setup.contains("“Sauerteig für alle” und “Roggen”"), "{german_setup}");
}

/// A station's phone, the live line, the sign-up and the leads' page in German, with German
/// figures (3.000, not 3,000).
#[tokio::test]
async fn a_german_browser_packs_in_german_with_german_figures() {
    let app = TestApp::spawn().await;
    let (_, stations) = festplan_tests::packing::line(&app, "conf", 3000, 2).await;
    let lead = app.actor_for(festplan_tests::packing::LEAD).await;
    let setup = app::packing::service::setup_page(&app.state, &lead, "conf").await.unwrap();
    let german = browser("de");

    let screen = &setup.stations.iter().find(|s| s.id == stations[0]).unwrap().screen;
    let station = text(&german, app.at(screen)).await;
    for words in ["Gibt aus: ", "Restbestand: ", "2.700", "Fertige Taschen: ", " von ", "3.000", "Nachschub geöffnet", "Wird knapp"] {
        assert!(station.contains(words), "the station says {words:?}");
    }
    assert!(!station.contains("Stock left") && !station.contains("3,000"), "no English on the station");

    let line = text(&german, app.at(&setup.kiosk_path)).await;
    for words in [
        "Packstraße: Conference conf",
        " von 3.000 Taschen",
        "Langsamste Station: ",
        "item 0 geht bei Tasche 2.700 von 3.000 aus",
        "Taschen im Zeitverlauf",
        "nicht vor dem Ziel",
    ] {
        assert!(line.contains(words), "the live line says {words:?}");
    }
    // The figures' JSON for the island keeps its English `why`; the page's words are German.
    assert!(!line.contains("Slowest station") && !line.contains("not before the target"), "no English on the line");

    let sign_up = text(&german, app.at("/events/conf/packing/volunteer")).await;
    assert!(sign_up.contains("Beim Taschenpacken helfen") && sign_up.contains("Do., 4. Juli, 09:00–12:00"), "{sign_up}");

    let (lead_id, lead_client) = app.signed_in(festplan_tests::packing::LEAD, false).await;
    app::db::users::update_profile(&app.state.db, lead_id, "Lead", "de").await.unwrap();
    let leads = text(&lead_client, app.at("/events/conf/packing")).await;
    assert!(leads.contains("Bestand im Vergleich zum Ziel") && leads.contains("item 0: 2.700 erhalten für 3.000 Taschen"), "{leads}");
}

/// The code of conduct, the report form and its errors in German.
#[tokio::test]
async fn a_german_browser_reads_the_code_of_conduct_and_reports_in_german() {
    let app = TestApp::spawn().await;
    festplan_tests::conduct::event_with_responder(&app, "conf").await;
    let german = browser("de-DE,de;q=0.9");

    let code = text(&german, app.at("/events/conf/conduct")).await;
    for words in ["Verhaltenskodex: Conference conf", "Einen Vorfall melden", "Ist gerade jemand in Gefahr?", "Belästigung dulden wir"] {
        assert!(code.contains(words), "the code page says {words:?}");
    }

    let form = text(&german, app.at("/events/conf/conduct/report")).await;
    for words in [
        "Einen Vorfall melden: Conference conf",
        "Nur die Ansprechpersonen für den Verhaltenskodex",
        "Was ist passiert?",
        "Dürfen wir Sie kontaktieren?",
        "Meldung senden",
    ] {
        assert!(form.contains(words), "the report form says {words:?}");
    }
    assert!(!form.contains("What happened?") && !form.contains("Send the report"), "no English on the form");

    let follow_up = text(&german, app.at("/events/conf/conduct/follow-up")).await;
    assert!(follow_up.contains("Meine Meldung öffnen"), "{follow_up}");
    let wrong = app.post(&german, "/api/public/conduct/open", &[("slug", "conf"), ("code", "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE")]).await;
    assert_eq!(wrong.status(), 422);
    let said = wrong.text().await.unwrap();
    assert!(said.contains("Dieser Code öffnet keine Meldung dieser Veranstaltung."), "{said}");

    let english = text(&browser("en"), app.at("/events/conf/conduct/report")).await;
    assert!(english.contains("What happened?") && english.contains("Send the report"));
}
