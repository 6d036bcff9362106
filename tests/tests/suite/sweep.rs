//! Accessibility across the whole app: axe-core on every page for each audience (a visitor, an
//! organizer, a guest with their personal link, check-in staff) in English and German, light and
//! dark, phones and desktops; and a keyboard-only journey through the skip link, the RSVP form,
//! the phone menu and the door, with a visible focus everywhere. Both run on the demo events.

use app::auth::model::EventRole;
use app::rsvp::model::Answer;
use festplan_tests::{TestApp, guest_answer, journey};
use serde_json::{Value, json};

const PARTY: &str = "summer-party";
const BBQ: &str = "developer-admin-bbq-with-open-space";
const CONFERENCE: &str = "community-conference";
const SERIES: &str = "developer-admin-bbq";
/// The demo's organizer (an administrator, owner of every demo event).
const ORGANIZER: &str = "organizer@festplan.example";

async fn event_id(app: &TestApp, slug: &str) -> i64 {
    app::db::events::by_slug(&app.state.db, slug).await.unwrap().expect("a demo event").id
}

/// An account with `language` and a session; returns its id and the session cookie's value.
async fn account(app: &TestApp, email: &str, is_admin: bool, language: &str) -> (i64, String) {
    let (id, session) = app.session_for(email, is_admin).await;
    app::db::users::update_profile(&app.state.db, id, email.split('@').next().unwrap(), language).await.unwrap();
    (id, session)
}

/// The personal link's path of `email`'s answer to `event`.
async fn personal_path(app: &TestApp, event: i64, email: &str) -> (i64, String) {
    let mut conn = app.state.db.read().await.unwrap();
    let rsvp = app::db::rsvps::by_email(&mut conn, event, email).await.unwrap().expect("an answer");
    (rsvp.id, format!("/rsvp/{}", app::rsvp::service::manage_token(&app.state.settings.secret_key, rsvp.id)))
}

fn session(value: &str) -> Value {
    json!({ "name": app::auth::session::COOKIE, "value": value })
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_passes_axe_for_every_audience_in_both_languages_and_schemes() {
    let app = TestApp::spawn().await;
    app::demo::load(&app.state).await.expect("the demo events load");
    let (party, conference) = (event_id(&app, PARTY).await, event_id(&app, CONFERENCE).await);
    let events = [party, event_id(&app, "code-sprint").await, event_id(&app, BBQ).await, conference];

    // Organizers: the demo's, and a German co-organizer; both answer code-of-conduct reports.
    let (organizer, organizer_session) = app.session_for(ORGANIZER, true).await;
    let (organisator, organisator_session) = account(&app, "organisatorin@example.org", true, "de").await;
    for event in events {
        app.grant_role(event, organisator, EventRole::Owner).await;
    }
    for who in [organizer, organisator] {
        app.grant_role(party, who, EventRole::ConductResponder).await;
    }
    // Check-in staff at the summer party and nothing else, in each language.
    let (door, door_session) = account(&app, "door@example.org", false, "en").await;
    let (tuer, tuer_session) = account(&app, "tuer@example.org", false, "de").await;
    for who in [door, tuer] {
        app.grant_role(party, who, EventRole::CheckIn).await;
    }
    // Guests: Ada answered in English (demo), Grete in German; Ada also sent a conduct report and
    // keeps its follow-up open on her device.
    let mut grete = guest_answer(party, "grete@example.org", Answer::Yes, 2);
    grete.language = app::locale::Locale::de;
    app::rsvp::service::respond(&app.state, &app::auth::service::Actor::anonymous("grete"), grete).await.unwrap();
    let (_, ada_link) = personal_path(&app, party, "ada@festplan.example").await;
    let (_, grete_link) = personal_path(&app, party, "grete@example.org").await;
    let (report, code) = festplan_tests::conduct::report(&app, party, &festplan_tests::conduct::input("He kept shouting at people")).await;
    let follow_up = app::conduct::service::open_follow_up(&app.state, "127.0.0.1", PARTY, &code).await.unwrap();

    let lead = app.actor_for(ORGANIZER).await;
    let packing = app::packing::service::setup_page(&app.state, &lead, CONFERENCE).await.unwrap();
    let station = packing.stations.first().expect("a demo station").id;
    let station_path =
        format!("/events/{CONFERENCE}/packing/stations/{station}?key={}", app::packing::service::station_key(&app.state.settings, station));
    let proposal: i64 = app::db::query_scalar("SELECT MIN(id) FROM open_space_sessions").fetch_one(app.state.db.pool()).await.unwrap();

    // Every page of the route table (app/src/app.rs) and the server's embed card; `public` ones
    // are also checked at a phone's size.
    let public = [
        "/".to_string(),
        "/sign-in".into(),
        "/auth/link".into(),
        "/auth/confirm-email".into(),
        format!("/events/{PARTY}"),
        format!("/events/{CONFERENCE}"),
        format!("/events/{BBQ}"),
        format!("/events/{BBQ}/open-space"),
        format!("/events/{BBQ}/open-space/sessions/{proposal}"),
        format!("/events/{BBQ}/board"),
        format!("/events/{CONFERENCE}/packing/volunteer"),
        format!("/events/{PARTY}/conduct"),
        format!("/events/{PARTY}/conduct/report"),
        format!("/events/{PARTY}/conduct/sent"),
        format!("/events/{PARTY}/conduct/follow-up"),
        format!("/series/{SERIES}"),
        format!("/events/{PARTY}/embed"),
        "/rsvp/1-0000000000000000".into(),
        "/no/such/page".into(),
    ];
    let private = [
        "/account".to_string(),
        "/setup".into(),
        "/my-events".into(),
        "/events/new".into(),
        format!("/events/{PARTY}/edit"),
        format!("/events/{PARTY}/attendees"),
        format!("/events/{PARTY}/check-in"),
        format!("/events/{BBQ}/open-space/setup"),
        format!("/events/{CONFERENCE}/packing"),
        format!("/events/{CONFERENCE}/packing/line"),
        packing.kiosk_path.clone(),
        station_path,
        format!("/events/{CONFERENCE}/packing/report"),
        format!("/events/{PARTY}/webhooks"),
        format!("/events/{PARTY}/conduct/reports"),
        format!("/events/{PARTY}/conduct/reports/{report}"),
    ];
    let routes: Vec<Value> = public
        .iter()
        .map(|p| json!({ "path": p, "public": true }))
        .chain(private.iter().map(|p| json!({ "path": p, "public": false })))
        .collect();
    let follow_up = json!({ "name": app::conduct::service::FOLLOW_UP_COOKIE, "value": follow_up });
    let audience = |name: &str, lang: &str, cookies: Vec<Value>, own: Option<&str>| {
        let locale = if lang == "de" { "de-DE" } else { "en-US" };
        let own: Vec<Value> = own.iter().map(|p| json!({ "path": p, "public": true })).collect();
        json!({ "name": name, "lang": lang, "locale": locale, "cookies": cookies, "own": own })
    };
    let plan = json!({
        "routes": routes,
        "audiences": [
            audience("visitor", "en", vec![], None),
            audience("visitor", "de", vec![], None),
            audience("organizer", "en", vec![session(&organizer_session)], None),
            audience("organizer", "de", vec![session(&organisator_session)], None),
            audience("guest", "en", vec![follow_up], Some(&ada_link)),
            audience("guest", "de", vec![], Some(&grete_link)),
            audience("check-in staff", "en", vec![session(&door_session)], None),
            audience("check-in staff", "de", vec![session(&tuer_session)], None),
        ],
    })
    .to_string();
    journey(&app, "sweep.mjs", &[plan.as_ref()]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_skip_link_rsvp_form_phone_menu_and_door_work_from_the_keyboard_alone() {
    let app = TestApp::spawn().await;
    app::demo::load(&app.state).await.expect("the demo events load");
    let party = event_id(&app, PARTY).await;
    let (door, door_session) = account(&app, "door@example.org", false, "en").await;
    app.grant_role(party, door, EventRole::CheckIn).await;
    let (ada, _) = personal_path(&app, party, "ada@festplan.example").await;
    let code = app::rsvp::service::check_in_code(&app.state.settings.secret_key, ada);
    journey(&app, "keyboard.mjs", &[PARTY.as_ref(), door_session.as_ref(), code.as_ref()]).await;

    let rsvps = app.rsvps(party).await;
    let kim = rsvps.iter().find(|r| r.0 == "kim@example.org").expect("the keyboard's answer is stored");
    assert_eq!((kim.1.as_str(), kim.2), ("maybe", 2), "the answer chosen with the arrow keys, for two");
    let mut conn = app.state.db.read().await.unwrap();
    let ada = app::db::rsvps::by_id(&mut conn, ada).await.unwrap().unwrap();
    assert!(ada.checked_in_at.is_some(), "the code typed at the door checked Ada's party in");
}
