//! Places in line: what a waiting party is told matches its real place, however the line
//! changed (parties leaving from the middle, a party moved to the front) and across the
//! buckets the database keeps its counts in.

use app::db::rsvps::NewRsvp;
use app::events::model::EventKind;
use app::rsvp::model::{Answer, Status};
use festplan_tests::TestApp;

#[tokio::test]
async fn every_waiting_party_is_told_its_true_place_in_line() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("conference", EventKind::Conference, "Conference", 30).await;
    let db = &app.state.db;
    let mut tx = db.begin_write().await.unwrap();
    let mut ids = Vec::new();
    // Sequence numbers 1000, 1002, … 1118: the line crosses the bucket boundary at 1024.
    for i in 0..60 {
        let email = format!("guest{i}@example.org");
        let party = NewRsvp {
            event_id: event,
            user_id: None,
            email: &email,
            name: "Guest",
            answer: Answer::Yes,
            party_size: 1,
            dietary: "",
            status: Status::Waitlisted,
            waitlist_seq: Some(1000 + 2 * i),
            language: "en",
        };
        ids.push(app::db::rsvps::insert(&mut tx, &party, app::db::now()).await.unwrap().id);
    }
    tx.commit().await.unwrap();
    let pool = db.pool();
    // Parties leave from the middle (declined, or deleted with their account's data) …
    for (n, id) in ids.iter().enumerate().filter(|(n, _)| n % 4 == 1) {
        let query = if n % 8 == 1 { "UPDATE rsvps SET status = 'declined' WHERE id = $1" } else { "DELETE FROM rsvps WHERE id = $1" };
        app::db::query(query).bind(id).execute(pool).await.unwrap();
    }
    // … one is promoted from the head, and an organizer moves one from the back to the front.
    app::db::query("UPDATE rsvps SET status = 'going' WHERE id = $1").bind(ids[0]).execute(pool).await.unwrap();
    app::db::query("UPDATE rsvps SET waitlist_seq = 5 WHERE id = $1").bind(ids[59]).execute(pool).await.unwrap();

    let waiting: Vec<(i64, i64)> =
        app::db::query_as("SELECT id, waitlist_seq FROM rsvps WHERE event_id = $1 AND status = 'waitlisted' ORDER BY waitlist_seq")
            .bind(event)
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(waiting.len(), 60 - 15 - 1, "the line as the changes left it");
    assert_eq!(waiting[0].0, ids[59], "the moved party is first");
    let mut conn = db.read().await.unwrap();
    for (place, (id, seq)) in waiting.iter().enumerate() {
        let told = app::db::rsvps::waitlist_position(&mut conn, *id).await.unwrap();
        assert_eq!(told, Some(place as i64 + 1), "the party with sequence number {seq}");
    }
    assert_eq!(app::db::rsvps::waitlist_position(&mut conn, ids[0]).await.unwrap(), None, "a party that has a place waits nowhere");
}
