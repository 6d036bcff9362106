//! Browser journeys through the packing line: a lead setting it up from nothing, a volunteer's
//! phone tapping through an offline stretch and a reload while the live line follows, and a
//! visitor signing up for a shift.

use app::events::model::EventKind;
use app::packing::model::LineFigures;
use app::packing::service;
use festplan_tests::packing::{LEAD, line};
use festplan_tests::{TestApp, journey};

#[tokio::test(flavor = "multi_thread")]
async fn a_lead_sets_up_sponsors_items_shipments_stations_and_shifts() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("conf", EventKind::Conference, "Conference conf", 7).await;
    app.owner_of(event, LEAD).await;
    let (_, session) = app.session_for(LEAD, false).await;
    journey(&app, "packing_setup.mjs", &[session.as_ref(), "conf".as_ref()]).await;

    let setup = service::setup_page(&app.state, &app.actor_for(LEAD).await, "conf").await.unwrap();
    assert_eq!(setup.line.as_ref().map(|l| l.bag_target), Some(3000));
    assert_eq!(setup.stations.len(), 2, "a dispensing and the folding station");
    assert_eq!(setup.shifts.len(), 1);
    assert_eq!(setup.short, ["pens: 2,600 received for 3,000 bags"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_volunteer_taps_on_a_phone_offline_and_every_tap_arrives_once() {
    let app = TestApp::spawn().await;
    let (event, stations) = line(&app, "conf", 100, 2).await;
    let fold = *stations.last().unwrap();
    let path = format!("/events/conf/packing/stations/{fold}?key={}", service::station_key(&app.state.settings, fold));
    let (_, session) = app.session_for(LEAD, false).await;
    journey(&app, "packing_station.mjs", &[session.as_ref(), "conf".as_ref(), path.as_ref()]).await;

    let figures: LineFigures = serde_json::from_str(&service::figures_json(&app.state, event).await.unwrap()).unwrap();
    assert_eq!(figures.bags_done, 7, "two taps online and five through the offline stretch, each counted once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_volunteer_signs_up_for_a_shift_at_a_station() {
    let app = TestApp::spawn().await;
    line(&app, "conf", 100, 2).await;
    let lead = app.actor_for(LEAD).await;
    let shift = service::setup_page(&app.state, &lead, "conf").await.unwrap().shifts[0].id.to_string();
    journey(&app, "packing_volunteer.mjs", &["conf".as_ref(), shift.as_ref(), "Station 1".as_ref()]).await;

    let setup = service::setup_page(&app.state, &lead, "conf").await.unwrap();
    let volunteers: Vec<_> = setup.shifts[0].volunteers.iter().map(|v| (v.name.as_str(), v.job.as_str())).collect();
    assert_eq!(volunteers, [("Ada Lovelace", "at Station 1")]);
}
