//! The packing line's use cases on a real SQLite file: taps from forty stations at once counted
//! exactly, a retried batch counted once, station keys, the leads' pages and files, volunteers.

use app::error::AppError;
use app::packing::model::TapKind;
use app::packing::service;
use festplan_tests::TestApp;
use festplan_tests::packing::{LEAD, batch, line};

fn key(app: &TestApp, station: i64) -> String {
    service::station_key(&app.state.settings, station)
}

#[tokio::test(flavor = "multi_thread")]
async fn taps_from_forty_stations_at_once_are_counted_exactly() {
    let app = TestApp::spawn().await;
    let (event, stations) = line(&app, "conf", 3000, 39).await;
    assert_eq!(stations.len(), 40);
    let fold = *stations.last().unwrap();
    // Every station sends five batches at once: the folding one finished bags, the others reports.
    let sends = stations.iter().flat_map(|&station| {
        (0..5).map(move |n| {
            let kind = if station == fold { TapKind::Bag } else { [TapKind::Refill, TapKind::Low][n % 2] };
            (station, batch(station, kind, 20, &format!("s{station}-batch-{n}")))
        })
    });
    let tasks: Vec<_> = sends
        .map(|(station, batch)| {
            let (state, key) = (app.state.clone(), key(&app, station));
            tokio::spawn(async move { service::record_taps(&state, batch, &key).await })
        })
        .collect();
    for task in futures::future::join_all(tasks).await {
        assert!(task.unwrap().unwrap().new);
    }
    let counts = service::setup_page(&app.state, &app.actor_for(LEAD).await, "conf").await.unwrap();
    assert_eq!(counts.stations.len(), 40);
    let figures: app::packing::model::LineFigures = serde_json::from_str(&service::figures_json(&app.state, event).await.unwrap()).unwrap();
    assert_eq!(figures.bags_done, 100, "five batches of twenty bags");
    let lead = app.owner_of(event, LEAD).await;
    let csv = lead.get(app.at("/events/conf/packing/stations.csv")).send().await.unwrap().text().await.unwrap();
    assert!(csv.lines().any(|l| l.starts_with("40,Fold and stack,fold,,100,0,0,0")), "{csv}");
    assert!(csv.lines().any(|l| l.starts_with("1,Station 0,dispense,item 0,0,60,40,0")), "{csv}");
}

#[tokio::test]
async fn a_batch_sent_again_is_counted_once_and_a_wrong_key_or_station_is_refused() {
    let app = TestApp::spawn().await;
    let (event, stations) = line(&app, "conf", 100, 2).await;
    let (pens, fold) = (stations[0], stations[2]);
    let first = service::record_taps(&app.state, batch(fold, TapKind::Bag, 3, "phone-1-batch-1"), &key(&app, fold)).await.unwrap();
    let again = service::record_taps(&app.state, batch(fold, TapKind::Bag, 3, "phone-1-batch-1"), &key(&app, fold)).await.unwrap();
    assert!(first.new && !again.new, "the retry is recognised");
    let figures: app::packing::model::LineFigures = serde_json::from_str(&service::figures_json(&app.state, event).await.unwrap()).unwrap();
    assert_eq!(figures.bags_done, 3);

    let wrong_key = service::record_taps(&app.state, batch(fold, TapKind::Bag, 1, "phone-1-batch-2"), &key(&app, pens)).await;
    assert!(matches!(wrong_key, Err(AppError::NotFound { .. })), "another station's key opens nothing");
    let not_folding = service::record_taps(&app.state, batch(pens, TapKind::Bag, 1, "phone-2-batch-1"), &key(&app, pens)).await;
    assert!(matches!(not_folding, Err(AppError::Invalid { .. })), "only the folding station counts bags");
    let stolen_id = service::record_taps(&app.state, batch(pens, TapKind::Low, 1, "phone-1-batch-1"), &key(&app, pens)).await;
    assert!(matches!(stolen_id, Err(AppError::Invalid { .. })), "a batch id belongs to its station");
    let mut old = batch(fold, TapKind::Bag, 1, "phone-1-batch-3");
    old.taps[0].at_ms -= 2 * 86_400_000;
    assert!(matches!(service::record_taps(&app.state, old, &key(&app, fold)).await, Err(AppError::Invalid { .. })));
}

#[tokio::test]
async fn the_stock_view_names_what_is_short_and_the_line_names_the_station_holding_it_back() {
    let app = TestApp::spawn().await;
    let (event, stations) = line(&app, "conf", 3000, 3).await;
    let lead = app.actor_for(LEAD).await;
    let setup = service::setup_page(&app.state, &lead, "conf").await.unwrap();
    assert_eq!(setup.short, ["item 0: 2,700 received for 3,000 bags"]);
    assert!(setup.missing.is_empty() && setup.not_shipped.is_empty());
    service::record_taps(&app.state, batch(stations[1], TapKind::Out, 1, "station-1-out"), &key(&app, stations[1])).await.unwrap();
    let figures: app::packing::model::LineFigures = serde_json::from_str(&service::figures_json(&app.state, event).await.unwrap()).unwrap();
    let slowest = figures.slowest.expect("a station holds the line back");
    assert_eq!(slowest.station_id, stations[1], "being out beats running out later");
    assert!(slowest.why.starts_with("out of item 1"), "{}", slowest.why);
    assert_eq!(figures.stations[0].runs_out_at_bag, Some(2700));
}

#[tokio::test]
async fn leads_pages_and_files_are_not_found_for_everyone_else_and_a_wall_screen_needs_its_key() {
    let app = TestApp::spawn().await;
    let (event, _) = line(&app, "conf", 100, 1).await;
    let lead = app.owner_of(event, LEAD).await;
    let (_, attendee) = app.signed_in("ada@example.org", false).await;
    for path in [
        "/api/packing/setup?slug=conf",
        "/api/packing/line?slug=conf",
        "/events/conf/packing/stations.csv",
        "/events/conf/packing/shipments.csv",
        "/events/conf/packing/volunteers.csv",
        "/events/conf/packing/live",
    ] {
        let ok = lead.get(app.at(path)).send().await.unwrap();
        assert_eq!(ok.status(), 200, "{path}");
        drop(ok);
        for client in [&attendee, &app.client()] {
            assert_eq!(client.get(app.at(path)).send().await.unwrap().status(), 404, "{path}");
        }
    }
    let setup = service::setup_page(&app.state, &app.actor_for(LEAD).await, "conf").await.unwrap();
    let kiosk = setup.kiosk_path.split("kiosk=").nth(1).unwrap();
    let wall = app.client().get(app.at(&format!("/api/packing/line?slug=conf&kiosk={kiosk}"))).send().await.unwrap();
    assert_eq!(wall.status(), 200, "the wall screen's key opens the live line");
}

#[tokio::test]
async fn a_volunteer_signs_up_without_an_account_and_gets_their_stations_screen_by_mail() {
    let smtp = festplan_tests::SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let (event, stations) = line(&app, "conf", 100, 1).await;
    let setup = service::setup_page(&app.state, &app.actor_for(LEAD).await, "conf").await.unwrap();
    let shift = setup.shifts[0].id;
    let anonymous = app::auth::service::Actor::anonymous("volunteer");
    let said = service::sign_up(&app.state, &anonymous, shift, "station", Some(stations[0]), "Grace", "grace@example.org").await.unwrap();
    assert!(said.starts_with("Thank you, Grace"), "{said}");
    let mail = app.new_mail(&smtp, &[], "grace@example.org", "Station 0").await;
    let link = festplan_tests::link_in(&mail, &app.url).expect("the station's screen");
    assert!(link.contains(&format!("/events/conf/packing/stations/{}?key=", stations[0])), "{link}");
    let page = app.client().get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200, "the mailed link opens the station");
    let setup = service::setup_page(&app.state, &app.actor_for(LEAD).await, "conf").await.unwrap();
    assert_eq!(setup.shifts[0].volunteers[0].name, "Grace");
    assert!(matches!(
        service::sign_up(&app.state, &anonymous, shift, "station", None, "Bob", "bob@example.org").await,
        Err(AppError::Invalid { .. })
    ));
    let _ = event;
}

#[tokio::test]
async fn the_demo_gives_the_conference_a_half_finished_packing_line() {
    let app = TestApp::spawn().await;
    app::demo::load(&app.state).await.unwrap();
    let event = app::db::events::by_slug(&app.state.db, "community-conference").await.unwrap().expect("the demo's conference");
    let figures: app::packing::model::LineFigures =
        serde_json::from_str(&service::figures_json(&app.state, event.id).await.unwrap()).unwrap();
    assert_eq!((figures.bags_done, figures.target), (1250, 2500));
    assert!(figures.per_minute > 20.0, "the line is running: {}", figures.per_minute);
    assert!(figures.finish_at_ms.is_some());
    let slowest = figures.slowest.expect("the pens hold the line back");
    assert!(slowest.why.contains("pens"), "{}", slowest.why);
    let organizer = app.actor_for("organizer@festplan.example").await;
    let setup = service::setup_page(&app.state, &organizer, "community-conference").await.unwrap();
    assert_eq!(setup.short, ["pens: 2,200 received for 2,500 bags"]);
    assert_eq!((setup.stations.len(), setup.shifts.len()), (6, 2));
}
