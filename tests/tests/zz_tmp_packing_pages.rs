use app::packing::service;
use app::packing::views::ItemInput;
use festplan_tests::TestApp;

#[tokio::test(flavor = "multi_thread")]
async fn packing_pages_render_and_taps_count_once() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", app::events::model::EventKind::OpenSpace, "Summer BBQ", 7).await;
    let lead = app.owner_of(event, "lead@example.org").await;
    let anon = app.client();

    let r = lead.get(app.at("/events/bbq/packing")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Set up the packing line"), "{html}");
    for path in ["line", "volunteer", "stations/1?key=x"] {
        let r = lead.get(app.at(&format!("/events/bbq/packing/{path}"))).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path} before the line exists");
    }

    let actor = app.actor_for("lead@example.org").await;
    let st = &app.state;
    service::save_line(st, &actor, event, "1,000", "hall B").await.unwrap();
    service::add_sponsor(st, &actor, event, "Acme <b>", "ann@acme.test", "Gold").await.unwrap();
    service::add_sponsor(st, &actor, event, "Globex", "", "").await.unwrap();
    let page = service::setup_page(st, &actor, "bbq").await.unwrap();
    let acme = page.sponsors[0].id;
    let item = ItemInput { sponsor_id: acme, name: "pens".into(), per_bag: "1".into(), expected: "1000".into(), notes: "fragile".into() };
    service::add_item(st, &actor, event, &item).await.unwrap();
    let item2 = ItemInput { sponsor_id: acme, name: "flyers".into(), per_bag: "2".into(), ..Default::default() };
    service::add_item(st, &actor, event, &item2).await.unwrap();
    let page = service::setup_page(st, &actor, "bbq").await.unwrap();
    let pens = page.items.iter().find(|i| i.stock.name == "pens").unwrap().stock.item_id;
    service::check_in(st, &actor, event, pens, "800", "one box short").await.unwrap();
    service::add_station(st, &actor, event, "Table 1: pens", "dispense", Some(pens)).await.unwrap();
    service::add_station(st, &actor, event, "Folding", "fold", None).await.unwrap();
    service::add_shift(st, &actor, event, "2030-07-03T09:00", "2030-07-03T12:00", "4").await.unwrap();
    let page = service::setup_page(st, &actor, "bbq").await.unwrap();

    let html = lead.get(app.at("/events/bbq/packing")).send().await.unwrap().text().await.unwrap();
    for needle in [
        "Short of the target",
        "Nothing shipped yet",
        "Sponsors who have not shipped",
        "Acme &lt;b&gt;",
        "Table 1: pens",
        "station-link-",
        "kiosk-link",
        "stations.csv",
        "Add shift",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
    let fold = page.stations.iter().find(|s| s.name == "Folding").unwrap();
    let table = page.stations.iter().find(|s| s.name != "Folding").unwrap();

    // The station screens, by their links, and refused with a wrong key.
    let r = anon.get(app.at(&fold.screen)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Bag done") && html.contains("id=\"pending\"") && html.contains("0 taps waiting to sync"), "{html}");
    assert!(html.contains("festplan-islands"));
    let html = anon.get(app.at(&table.screen)).send().await.unwrap().text().await.unwrap();
    for needle in ["Refill opened", "Running low", ">Out<", "stock-left"] {
        assert!(html.contains(needle), "{needle} on the table screen");
    }
    let r = anon.get(app.at(&format!("/events/bbq/packing/stations/{}?key=nope", fold.id))).send().await.unwrap();
    assert_eq!(r.status(), 404);

    // The live line: leads, the kiosk key, and not for others.
    let r = lead.get(app.at("/events/bbq/packing/line")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = anon.get(app.at(&page.kiosk_path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("line-progress") && html.contains("LiveLine"), "{html}");
    assert_eq!(anon.get(app.at("/events/bbq/packing/line")).send().await.unwrap().status(), 404);
    assert_eq!(anon.get(app.at("/events/bbq/packing")).send().await.unwrap().status(), 404);
    assert_eq!(anon.get(app.at("/events/bbq/packing/report")).send().await.unwrap().status(), 404);

    // Taps: the same batch twice counts once.
    let key = fold.screen.split("key=").nth(1).unwrap().to_string();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    let body = serde_json::json!({
        "batch": {"id": "batch-0001-abcd", "station_id": fold.id, "taps": [{"kind": "bag", "at_ms": now - 2000}, {"kind": "bag", "at_ms": now - 1000}]},
        "key": key,
    });
    let post =
        || anon.post(app.at("/api/public/packing/taps")).header("origin", &app.url).header("accept", "application/json").json(&body).send();
    let first: serde_json::Value = post().await.unwrap().json().await.unwrap();
    assert_eq!(first, serde_json::json!({"new": true, "taps": 2}));
    let second: serde_json::Value = post().await.unwrap().json().await.unwrap();
    assert_eq!(second, serde_json::json!({"new": false, "taps": 2}));
    // A dispensing station's bag is refused with a message.
    let bad = serde_json::json!({
        "batch": {"id": "batch-0002-abcd", "station_id": table.id, "taps": [{"kind": "bag", "at_ms": now}]},
        "key": table.screen.split("key=").nth(1).unwrap(),
    });
    let r = anon.post(app.at("/api/public/packing/taps")).header("origin", &app.url).json(&bad).send().await.unwrap();
    assert_eq!(r.status(), 422);
    println!("refused: {}", r.text().await.unwrap());

    let html = anon.get(app.at(&fold.screen)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Bags done: <strong>2</strong>") || html.contains(">2<"), "{html}");

    let r = lead.get(app.at("/events/bbq/packing/report")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Bags done: 2") && html.contains("Your 800 pens went into 2 bags"), "{html}");

    let r = anon.get(app.at("/events/bbq/packing/volunteer")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Sign up for") && html.contains("job-") && html.contains("Folding and stacking"), "{html}");
    assert_eq!(anon.get(app.at("/events/nope/packing/volunteer")).send().await.unwrap().status(), 404);

    let shift = page.shifts[0].id.to_string();
    let r = app
        .post(
            &anon,
            "/api/public/packing/sign-up",
            &[("shift_id", &shift), ("job", "folder"), ("name", "Ada"), ("email", "ada@example.org")],
        )
        .await;
    assert!(r.status().is_redirection() || r.status().is_success(), "{}", r.status());
    let html = lead.get(app.at("/events/bbq/packing")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Ada, folding"));

    let r = anon.get(app.at("/sw.js")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    println!("sw.js: {:?} {:?}", r.headers().get("content-type"), r.headers().get("content-security-policy"));
    std::fs::write("/tmp/packing-leads.html", html).unwrap();
    std::fs::write("/tmp/packing-station.html", anon.get(app.at(&table.screen)).send().await.unwrap().text().await.unwrap()).unwrap();
    std::fs::write("/tmp/packing-line.html", anon.get(app.at(&page.kiosk_path)).send().await.unwrap().text().await.unwrap()).unwrap();
    app.stop().await;
}
