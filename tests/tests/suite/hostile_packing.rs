//! The packing line's pages fed the hostile corpus: sponsor, item and station names, notes, the
//! tables' place and a volunteer's name, stored directly (past validation, as an older version
//! or another tool could have written them).

use app::db::packing::NewItem;
use app::db::packing_taps::NewSignup;
use app::events::model::EventKind;
use app::packing::model::{StationKind, TapKind};
use festplan_tests::TestApp;
use festplan_tests::hostile::{PLAIN, assert_pages_inert};

/// A line whose every user-written field holds `text`, and the pages that show them.
async fn seed(app: TestApp, text: String) -> (TestApp, Vec<(String, reqwest::Client)>) {
    let event = app.seed_event("conf", EventKind::Conference, "Conference", 7).await;
    let lead = app.owner_of(event, "lead@example.org").await;
    let now = app::db::now();
    let mut tx = app.state.db.begin_write().await.unwrap();
    app::db::packing::save_line(&mut tx, event, 100, &text, now).await.unwrap();
    let sponsor = app::db::packing::insert_sponsor(&mut tx, event, &text, &text, &text).await.unwrap().unwrap();
    let item = NewItem { sponsor_id: sponsor, name: &text, per_bag: 1, expected: 100, notes: &text };
    let item = app::db::packing::insert_item(&mut tx, event, &item).await.unwrap().unwrap();
    app::db::packing::insert_shipment(&mut tx, event, item, 90, &text, 1, now).await.unwrap();
    let station = app::db::packing::insert_station(&mut tx, event, &text, StationKind::Dispense, Some(item)).await.unwrap().unwrap();
    let fold = app::db::packing::insert_station(&mut tx, event, "Fold and stack", StationKind::Fold, None).await.unwrap().unwrap();
    let shift = app::db::packing::insert_shift(&mut tx, event, now + 86_400, now + 90_000, 5).await.unwrap();
    let volunteer =
        NewSignup { shift_id: shift, job: "station", station_id: Some(station), user_id: None, name: &text, email: "v@example.org" };
    app::db::packing_taps::upsert_signup(&mut tx, event, &volunteer, now).await.unwrap();
    app::db::packing_taps::insert_batch(&mut tx, "seeded-batch-1", fold, &[(TapKind::Bag, now * 1000)], now).await.unwrap();
    app::db::packing_taps::insert_batch(&mut tx, "seeded-batch-2", station, &[(TapKind::Out, now * 1000)], now).await.unwrap();
    tx.commit().await.unwrap();
    let key = app::packing::service::station_key(&app.state.settings, station);
    let visitor = app.client();
    let pages = vec![
        (format!("/events/conf/packing/stations/{station}?key={key}"), visitor.clone()),
        ("/events/conf/packing/volunteer".to_string(), visitor),
        ("/events/conf/packing".to_string(), lead.clone()),
        ("/events/conf/packing/line".to_string(), lead.clone()),
        ("/events/conf/packing/report".to_string(), lead),
    ];
    (app, pages)
}

#[tokio::test]
async fn hostile_text_on_every_packing_page_stays_text() {
    assert_pages_inert(seed).await;
}

#[tokio::test]
async fn the_plain_line_shows_its_text_on_every_page() {
    // The comparison pages must really show the text, or comparing them proves nothing.
    let (app, pages) = seed(TestApp::spawn().await, PLAIN.to_string()).await;
    for (path, client) in pages {
        let html = client.get(app.at(&path)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(PLAIN), "{path} does not show the seeded text");
    }
    app.stop().await;
}
