//! Calendars to subscribe to, read by an independent parser (Python's `icalendar`): a series'
//! dates, an organizer's events, and a person's own feed at a secret address they can replace.

use app::events::model::EventKind;
use app::rsvp::model::Answer;
use festplan_tests::TestApp;

/// The SUMMARY of each VEVENT, as `icalendar` reads the file.
fn summaries(ics: &str) -> Vec<String> {
    let script = "import sys, icalendar\n\
                  cal = icalendar.Calendar.from_ical(sys.stdin.read())\n\
                  for e in cal.walk('VEVENT'):\n    print(e.get('SUMMARY'))\n";
    let mut names: Vec<String> = festplan_tests::python(script, &[], ics, "icalendar reading the feed").lines().map(String::from).collect();
    names.sort();
    names
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, String) {
    let r = client.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_series_and_an_organizer_can_be_subscribed_to() {
    let app = TestApp::spawn().await;
    let first = app.seed_event("meetup-1", EventKind::Meetup, "Meetup one", 7).await;
    let second = app.seed_event("meetup-2", EventKind::Meetup, "Meetup two", 37).await;
    app.seed_event("bbq", EventKind::Bbq, "BBQ", 3).await;
    let mut tx = app.state.db.begin_write().await.unwrap();
    let series = app::db::series::find_or_create(&mut tx, "rust-meetup", "Rust meetup", app::db::now()).await.unwrap();
    for id in [first, second] {
        app::db::query("UPDATE events SET series_id = $1 WHERE id = $2").bind(series).bind(id).execute(&mut tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    let visitor = app.client();
    let (status, ics) = get(&visitor, &app.at("/series/rust-meetup/calendar.ics")).await;
    assert_eq!(status, 200);
    assert_eq!(summaries(&ics), ["Meetup one", "Meetup two"]);
    assert_eq!(get(&visitor, &app.at("/series/no-such-series/calendar.ics")).await.0, 404);

    app.owner_of(second, "org@example.org").await;
    let org = app::db::users::by_email(&app.state.db, "org@example.org").await.unwrap().unwrap().id;
    let (status, ics) = get(&visitor, &app.at(&format!("/organizers/{org}/calendar.ics"))).await;
    assert_eq!(status, 200);
    assert_eq!(summaries(&ics), ["Meetup two"]);
}

#[tokio::test]
async fn a_personal_feed_lists_what_its_owner_goes_to_until_its_address_is_replaced() {
    let app = TestApp::spawn().await;
    let going = app.seed_event("going", EventKind::Party, "Summer party", 7).await;
    let maybe = app.seed_event("maybe", EventKind::Meetup, "Meetup", 9).await;
    app.seed_event("other", EventKind::Bbq, "BBQ", 3).await;
    app.rsvp(going, "ada@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(maybe, "ada@example.org", Answer::Maybe, 1).await.unwrap();
    app.rsvp(going, "grace@example.org", Answer::Yes, 1).await.unwrap();
    let (_, ada) = app.signed_in("ada@example.org", false).await;

    let link: String = ada.get(app.at("/api/events/personal-feed")).send().await.unwrap().json().await.unwrap();
    assert!(link.contains("/calendar/personal/") && link.ends_with("/going.ics"), "{link}");
    let account = ada.get(app.at("/account")).send().await.unwrap().text().await.unwrap();
    assert!(account.contains(&link), "the account page shows the address");
    let stranger = app.client();
    let (status, ics) = get(&stranger, &link).await;
    assert_eq!(status, 200, "the address is all it takes");
    assert_eq!(summaries(&ics), ["Summer party"], "what she goes to, not maybes or others' events");

    let reset = app.post(&ada, "/api/events/personal-feed/reset", &[]).await;
    assert_eq!(reset.status(), 200);
    assert_eq!(get(&stranger, &link).await.0, 404, "the old address stops working");
    let new_link: String = ada.get(app.at("/api/events/personal-feed")).send().await.unwrap().json().await.unwrap();
    assert_ne!(new_link, link);
    assert_eq!(get(&stranger, &new_link).await.0, 200);
    let forged = link.replace("/calendar/personal/", "/calendar/personal/1");
    assert_eq!(get(&stranger, &forged).await.0, 404);
    assert_eq!(app.client().get(app.at("/api/events/personal-feed")).send().await.unwrap().status(), 401, "signed out, no feed");
}
