//! A packing line ready to test: sponsors, items, shipments, stations and a shift, set up
//! through the leads' use cases.

use app::packing::service;
use app::packing::views::ItemInput;

use crate::TestApp;

/// The lead's address on every line made here.
pub const LEAD: &str = "lead@example.org";

/// A line of `target` bags on a published event `slug`: `items` sponsor items (each 1 per bag,
/// `target` expected and received, but the first item 10% short), a dispensing station per
/// item, then the folding station, and one shift. Returns the event and the stations in
/// walking order (the folding station last).
pub async fn line(app: &TestApp, slug: &str, target: u64, items: usize) -> (i64, Vec<i64>) {
    let event = app.seed_event(slug, app::events::model::EventKind::Conference, &format!("Conference {slug}"), 7).await;
    app.owner_of(event, LEAD).await;
    let lead = app.actor_for(LEAD).await;
    service::save_line(&app.state, &lead, event, &target.to_string(), "hall B").await.expect("line");
    for n in 0..items {
        service::add_sponsor(&app.state, &lead, event, &format!("Sponsor {n}"), "", "gold").await.expect("sponsor");
    }
    let setup = service::setup_page(&app.state, &lead, slug).await.expect("setup page");
    for (n, sponsor) in setup.sponsors.iter().enumerate() {
        let input = ItemInput {
            sponsor_id: sponsor.id,
            name: format!("item {n}"),
            per_bag: "1".into(),
            expected: target.to_string(),
            notes: String::new(),
        };
        service::add_item(&app.state, &lead, event, &input).await.expect("item");
    }
    let setup = service::setup_page(&app.state, &lead, slug).await.expect("setup page");
    for (n, item) in setup.items.iter().enumerate() {
        let received = if n == 0 { target * 9 / 10 } else { target };
        service::check_in(&app.state, &lead, event, item.stock.item_id, &received.to_string(), "").await.expect("shipment");
        service::add_station(&app.state, &lead, event, &format!("Station {n}"), "dispense", Some(item.stock.item_id))
            .await
            .expect("station");
    }
    service::add_station(&app.state, &lead, event, "Fold and stack", "fold", None).await.expect("folding station");
    service::add_shift(&app.state, &lead, event, "2030-07-04T09:00", "2030-07-04T12:00", "20").await.expect("shift");
    let stations = service::setup_page(&app.state, &lead, slug).await.expect("setup page").stations.into_iter().map(|s| s.id).collect();
    (event, stations)
}

/// A batch of `taps` of `kind` from `station`, one a second up to now, with a fresh id.
pub fn batch(station: i64, kind: app::packing::model::TapKind, taps: usize, id: &str) -> app::packing::model::TapBatch {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_millis() as i64;
    app::packing::model::TapBatch {
        id: id.to_string(),
        station_id: station,
        taps: (0..taps).map(|n| app::packing::model::BatchTap { kind, at_ms: now - (taps - n) as i64 * 1000 }).collect(),
    }
}
