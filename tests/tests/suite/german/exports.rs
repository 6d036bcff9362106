//! What Festplan hands out besides pages, in German: the set-up page's time of the last
//! placement, the conduct report's export, the CSV downloads and the integrations API's import
//! errors follow the reader's language, and stay English for English readers.

use festplan_tests::TestApp;
use reqwest::header::ACCEPT_LANGUAGE;

/// `email`'s signed-in client, its account set to German.
async fn german_account(app: &TestApp, email: &str) -> reqwest::Client {
    let (id, client) = app.signed_in(email, false).await;
    app::db::users::update_profile(&app.state.db, id, "Hedwig", "de").await.unwrap();
    client
}

/// The set-up page's "placed at" line: "Sun 6 Dec 2026, 14:05 (in 12 ms)".
fn placed_at(page: &str) -> String {
    let document = scraper::Html::parse_document(page);
    let facts = scraper::Selector::parse("dl.facts dd").unwrap();
    let found = document.select(&facts).map(|dd| dd.text().collect::<String>()).find(|text| text.ends_with(" ms)"));
    found.unwrap_or_else(|| panic!("the figures tell when the placement ran: {page}"))
}

async fn text(request: reqwest::RequestBuilder) -> String {
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{:?}", response.url().path());
    response.text().await.unwrap()
}

#[tokio::test]
async fn a_german_organizer_reads_when_the_placement_ran_in_german_and_gets_german_csv_headings() {
    use festplan_tests::openspace::{ORGANIZER, account, open_space, place, propose};
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "link", 2).await;
    let ada = account(&app, "ada@example.org").await;
    propose(&app, &ada, event, "Sauerteig für alle").await;
    place(&app, event, "7").await;
    let (_, english) = app.signed_in(ORGANIZER, false).await;
    let page = text(english.get(app.at("/events/bbq/open-space/setup")).header(ACCEPT_LANGUAGE, "en")).await;
    let english_time = placed_at(&page);
    let (weekday, rest) = english_time.split_once(' ').unwrap();
    let (day, rest) = rest.split_once(' ').unwrap();
    let (month, rest) = rest.split_once(' ').unwrap();
    let in_german = |days: [&str; 7], months: [&str; 12]| {
        let weekday = days[["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].iter().position(|d| *d == weekday).expect(&english_time)];
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].iter().position(|m| *m == month);
        format!("{weekday}, {day}. {} {rest}", months[month.expect(&english_time)])
    };
    let csv = text(english.get(app.at("/events/bbq/open-space/sessions.csv"))).await;
    assert!(csv.starts_with("id,title,format,slots,facilitators,dots,voters,room,starts,pinned\r\n"), "{csv}");

    let german = german_account(&app, ORGANIZER).await;
    let page = text(german.get(app.at("/events/bbq/open-space/setup")).header(ACCEPT_LANGUAGE, "en")).await;
    let expected = in_german(
        ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."],
        ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
    );
    assert_eq!(placed_at(&page), expected, "the time it ran ({english_time:?}), in German");

    let csv = text(german.get(app.at("/events/bbq/open-space/sessions.csv"))).await;
    assert!(csv.starts_with("ID,Titel,Format,Zeitfenster,Moderation,Punkte,Abstimmende,Raum,Beginn,Festgelegt\r\n"), "{csv}");
    assert!(csv.contains("Sauerteig für alle"), "the cells stay as they are: {csv}");
}

#[tokio::test]
async fn a_german_organizer_downloads_attendees_and_the_packing_files_with_german_headings() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    app.rsvp(event, "ada@example.org", app::rsvp::model::Answer::Yes, 2).await.unwrap();
    let english = app.owner_of(event, "owner@example.org").await;
    let csv = text(english.get(app.at("/events/bbq/attendees.csv")).header(ACCEPT_LANGUAGE, "de")).await;
    assert!(csv.starts_with("name,email,status,party_size,waitlist_position,dietary,checked_in\r\n"), "the account's English: {csv}");

    let german = german_account(&app, "owner@example.org").await;
    let csv = text(german.get(app.at("/events/bbq/attendees.csv"))).await;
    assert!(csv.starts_with("Name,E-Mail,Status,Gruppengröße,Wartelistenplatz,Ernährungswünsche,Eingecheckt\r\n"), "{csv}");
    assert!(csv.contains("ada,ada@example.org,going,2,,,no\r\n"), "the cells stay as they are: {csv}");

    festplan_tests::packing::line(&app, "conf", 3000, 2).await;
    let lead = german_account(&app, festplan_tests::packing::LEAD).await;
    for (file, headings) in [
        ("stations", "Position,Station,Aufgabe,Artikel,Taschen,Nachschub,Wird knapp,Leer\r\n"),
        ("shipments", "Erhalten am,Sponsor,Artikel,Erwartet,Erhalten,Notiz\r\n"),
        ("volunteers", "Name,E-Mail,Schichtbeginn,Schichtende,Aufgabe,Station,Stunden\r\n"),
    ] {
        let csv = text(lead.get(app.at(&format!("/events/conf/packing/{file}.csv")))).await;
        assert!(csv.starts_with(headings), "{file}: {csv}");
    }
}

#[tokio::test]
async fn a_german_responder_exports_a_report_with_german_headings() {
    use festplan_tests::conduct::{RESPONDER, event_with_responder, input, report};
    let app = TestApp::spawn().await;
    let (event, english) = event_with_responder(&app, "conf").await;
    let (id, _) = report(&app, event, &input("He kept shouting at volunteers")).await;
    let path = format!("/events/conf/conduct/reports/{id}/export.txt");

    let export = text(english.get(app.at(&path))).await;
    assert!(export.starts_with(&format!("Code-of-conduct report {id} for \"Conference conf\"\nSent: ")), "{export}");
    for words in
        ["\nWhat happened:\nHe kept shouting at volunteers\n", "\nUrgent: no\n", "\nContact: not to be contacted\n", "\nRead log:\n"]
    {
        assert!(export.contains(words), "the English export says {words:?}: {export}");
    }

    let german = german_account(&app, RESPONDER).await;
    let export = text(german.get(app.at(&path))).await;
    assert!(export.starts_with(&format!("Meldung {id} zum Verhaltenskodex für „Conference conf“\nGesendet: ")), "{export}");
    for words in [
        "\nDringend: nein\n",
        "\nStatus: Neu\n",
        "\nWas passiert ist:\nHe kept shouting at volunteers\n",
        "\nWann und wo:\n",
        "\nWer beteiligt war:\n",
        "\nZeuginnen und Zeugen:\n",
        "\nMeldende Person: (kein Name angegeben)\n",
        "\nKontakt: keine Kontaktaufnahme\n",
        "\nVerlauf:\n",
        "\nAusgeschlossen: niemand\n",
        "\nLeseprotokoll:\n",
    ] {
        assert!(export.contains(words), "the German export says {words:?}: {export}");
    }
    for english in ["What happened", "Timeline", "Read log", "Recused"] {
        assert!(!export.contains(english), "no English {english:?} is left: {export}");
    }
}

#[tokio::test]
async fn the_open_space_import_refuses_in_the_clients_language() {
    use festplan_tests::openspace::{ORGANIZER, api_token, open_space};
    let app = TestApp::spawn().await;
    open_space(&app, "unconf", "link", 1).await;
    let token = api_token(&app, ORGANIZER).await;
    let import = |language: &'static str, body: serde_json::Value| {
        let request = reqwest::Client::new()
            .post(app.at("/api/v1/events/unconf/open-space/import"))
            .bearer_auth(&token)
            .header(ACCEPT_LANGUAGE, language)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 422);
            let error: serde_json::Value = response.json().await.unwrap();
            (error["detail"]["field"].as_str().unwrap().to_string(), error["detail"]["message"].as_str().unwrap().to_string())
        }
    };
    let twice = serde_json::json!({ "sessions": [{ "key": "a", "title": "A" }, { "key": "a", "title": "B" }] });
    let too_many = serde_json::json!({
        "sessions": [{ "key": "a", "title": "A" }],
        "votes": [{ "voter": "ada@example.org", "session": "a", "dots": 4 }],
    });

    assert_eq!(import("en", twice.clone()).await, ("sessions[1].key".into(), "another session of this request has this key".into()));
    assert_eq!(
        import("de-DE,de;q=0.9", twice).await,
        ("sessions[1].key".into(), "eine andere Session dieser Anfrage hat diesen Schlüssel".into())
    );
    assert_eq!(import("en", too_many.clone()).await.1, "put from 1 to 3 dots on one session");
    assert_eq!(import("de", too_many).await, ("votes[0].dots".into(), "vergeben Sie 1 bis 3 Punkte auf einer Session".into()));
}

#[tokio::test]
async fn the_json_api_names_a_field_of_the_wrong_type_in_the_clients_language() {
    use festplan_tests::openspace::{ORGANIZER, api_token, open_space};
    let app = TestApp::spawn().await;
    open_space(&app, "unconf", "link", 1).await;
    let token = api_token(&app, ORGANIZER).await;
    let refused = |language: &'static str| {
        let request = reqwest::Client::new()
            .post(app.at("/api/v1/events"))
            .bearer_auth(&token)
            .header(ACCEPT_LANGUAGE, language)
            .json(&serde_json::json!({ "title": "Picnic", "kind": 5 }));
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 422);
            let error: serde_json::Value = response.json().await.unwrap();
            (error["detail"]["field"].as_str().unwrap().to_string(), error["detail"]["message"].as_str().unwrap().to_string())
        }
    };
    assert_eq!(refused("en").await, ("kind".into(), "this field has the wrong type; see the OpenAPI document".into()));
    assert_eq!(refused("de-DE,de;q=0.9").await, ("kind".into(), "dieses Feld hat den falschen Typ; siehe das OpenAPI-Dokument".into()));
}
