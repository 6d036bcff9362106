//! RSVP rules on a real SQLite file: never oversold, fair waitlists, harmless repeats.

use std::collections::HashSet;

use app::rsvp::model::{Answer, Status};
use festplan_tests::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn last_places_go_to_exactly_c_of_200_concurrent_rsvps_and_the_rest_wait_in_arrival_order() {
    let app = TestApp::spawn().await;
    for round in 0..10 {
        let places = round % 5 + 1;
        let event = app.seed_event_with_capacity(&format!("rush-{round}"), Some(places)).await;
        festplan_tests::answer_all_at_once(std::slice::from_ref(&app.state), event, 200).await;
        let rows = app.rsvps(event).await;
        assert_eq!(rows.len(), 200, "round {round}: one RSVP per person");
        let emails: HashSet<_> = rows.iter().map(|r| &r.0).collect();
        assert_eq!(emails.len(), 200, "no duplicates");
        let going: Vec<_> = rows.iter().enumerate().filter(|(_, r)| r.1 == "going").map(|(i, _)| i).collect();
        assert_eq!(going.len() as i64, places, "round {round}: exactly {places} confirmed");
        assert_eq!(going, (0..places as usize).collect::<Vec<_>>(), "the first to arrive got the places");
        let seqs: Vec<i64> = rows.iter().filter(|r| r.1 == "waitlisted").map(|r| r.3.unwrap()).collect();
        assert_eq!(seqs.len() as i64, 200 - places);
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "round {round}: the waitlist follows arrival order");
    }
}

#[tokio::test]
async fn repeating_the_same_rsvp_changes_nothing_and_sends_one_mail() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    let first = app.rsvp(event, "ada@example.org", Answer::Yes, 3).await.unwrap();
    let again = app.rsvp(event, "ada@example.org", Answer::Yes, 3).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(first.status, Some(Status::Going));
    assert_eq!(app.rsvps(event).await.len(), 1);
    let mails = festplan_tests::peek::outbox_counts(&app.state.db).await;
    assert_eq!(mails.pending + mails.sent, 1);
}

#[tokio::test]
async fn a_full_event_waitlists_whole_parties_and_promotes_those_that_fit_in_order() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("party", Some(5)).await;
    assert_eq!(app.rsvp(event, "a@example.org", Answer::Yes, 3).await.unwrap().status, Some(Status::Going));
    assert_eq!(app.rsvp(event, "b@example.org", Answer::Yes, 2).await.unwrap().status, Some(Status::Going));
    let c = app.rsvp(event, "c@example.org", Answer::Yes, 3).await.unwrap();
    assert_eq!((c.status, c.waitlist_position), (Some(Status::Waitlisted), Some(1)));
    let d = app.rsvp(event, "d@example.org", Answer::Yes, 1).await.unwrap();
    assert_eq!((d.status, d.waitlist_position), (Some(Status::Waitlisted), Some(2)));

    // b leaves: 2 places. c (3) does not fit yet and keeps its place; d (1) moves up.
    app.change_rsvp(event, "b@example.org", Answer::No, 2).await.unwrap();
    let status = |rows: &[(String, String, i64, Option<i64>)], who: &str| rows.iter().find(|r| r.0 == who).unwrap().1.clone();
    let rows = app.rsvps(event).await;
    assert_eq!(status(&rows, "d@example.org"), "going");
    assert_eq!(status(&rows, "c@example.org"), "waitlisted");
    assert_eq!(app.change_rsvp(event, "c@example.org", Answer::Yes, 3).await.unwrap().waitlist_position, Some(1), "c is first in line");

    // a shrinks their party from 3 to 1: now 3 places are free and c fits.
    app.change_rsvp(event, "a@example.org", Answer::Yes, 1).await.unwrap();
    assert_eq!(status(&app.rsvps(event).await, "c@example.org"), "going");
}

#[tokio::test]
async fn more_capacity_promotes_the_waitlist() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("meetup", Some(1)).await;
    app.rsvp(event, "a@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "b@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "c@example.org", Answer::Yes, 1).await.unwrap();
    festplan_tests::peek::set_capacity(&app.state.db, event, Some(2)).await;
    let mut tx = app.state.db.begin_write().await.unwrap();
    let row = app::db::events::by_id(&mut tx, event).await.unwrap().unwrap();
    let promoted = app::rsvp::service::promote_waitlist(&app.state, &mut tx, &row).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(promoted.len(), 1, "only c fits; b's party of 2 keeps waiting at the front");
    let rows = app.rsvps(event).await;
    assert_eq!(rows.iter().filter(|r| r.1 == "going").map(|r| r.0.as_str()).collect::<Vec<_>>(), vec!["a@example.org", "c@example.org"]);
}

#[tokio::test]
async fn a_confirmed_party_cannot_grow_past_the_free_places_and_keeps_its_places() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(4)).await;
    app.rsvp(event, "a@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "b@example.org", Answer::Yes, 1).await.unwrap();
    let err = app.change_rsvp(event, "a@example.org", Answer::Yes, 4).await.unwrap_err();
    assert_eq!(err.field(), Some("party_size"));
    assert!(err.message().contains("only 3 places"), "{}", err.message());
    let rows = app.rsvps(event).await;
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("going", 2), "nothing half-saved");
}

#[tokio::test]
async fn someone_else_cannot_overwrite_a_guest_rsvp_by_typing_the_same_address() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    let outcome = app.rsvp(event, "ada@example.org", Answer::No, 1).await.unwrap();
    assert_eq!(outcome.status, None, "the answer is not revealed");
    let rows = app.rsvps(event).await;
    assert_eq!((rows[0].1.as_str(), rows[0].2), ("going", 2), "the RSVP stands");
}

#[tokio::test]
async fn bad_answers_get_field_level_messages() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", None).await;
    for party in [0, 500] {
        let err = app.rsvp(event, "a@example.org", Answer::Yes, party).await.unwrap_err();
        assert_eq!(err.field(), Some("party_size"), "{party}");
    }
    let err = app.rsvp(event, "not an address", Answer::Yes, 1).await.unwrap_err();
    assert_eq!(err.field(), Some("email"));
    assert!(app.rsvps(event).await.is_empty(), "nothing saved");
}

#[tokio::test]
async fn organizers_move_a_party_on_the_waitlist_only_with_a_reason_that_is_kept() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(1)).await;
    let (owner_id, owner) = app.signed_in("org@example.org", false).await;
    app.grant_role(event, owner_id, app::auth::model::EventRole::Owner).await;
    for who in ["in", "w1", "w2", "w3"] {
        app.rsvp(event, &format!("{who}@example.org"), Answer::Yes, 1).await.unwrap();
    }
    let id = event.to_string();
    let no_reason =
        app.post(&owner, "/api/rsvp/move", &[("event_id", &id), ("email", "w3@example.org"), ("position", "1"), ("reason", " ")]).await;
    assert_eq!(no_reason.status(), 422);
    let r = app
        .post(
            &owner,
            "/api/rsvp/move",
            &[("event_id", &id), ("email", "w3@example.org"), ("position", "1"), ("reason", "Speaker's partner")],
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let order: Vec<String> = {
        let mut rows: Vec<_> = app.rsvps(event).await.into_iter().filter(|r| r.1 == "waitlisted").collect();
        rows.sort_by_key(|r| r.3);
        rows.into_iter().map(|r| r.0).collect()
    };
    assert_eq!(order, vec!["w3@example.org", "w1@example.org", "w2@example.org"]);
    let list: serde_json::Value = owner.get(app.at("/api/events/attendees?slug=bbq")).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["audit"][0]["change"], "waitlist place 3 → 1");
    assert_eq!(list["audit"][0]["reason"], "Speaker's partner");

    // When the place frees, the moved party is first in line.
    app.change_rsvp(event, "in@example.org", Answer::No, 1).await.unwrap();
    let going: Vec<String> = app.rsvps(event).await.into_iter().filter(|r| r.1 == "going").map(|r| r.0).collect();
    assert_eq!(going, vec!["w3@example.org"]);
}

#[tokio::test]
async fn the_running_totals_match_the_rsvps_after_changes_promotions_and_a_deletion() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("totals", Some(4)).await;
    for (who, party) in [("a", 2), ("b", 2), ("c", 3), ("d", 1), ("e", 1)] {
        app.rsvp(event, &format!("{who}@example.org"), Answer::Yes, party).await.unwrap();
    }
    app.change_rsvp(event, "a@example.org", Answer::Yes, 1).await.unwrap();
    app.change_rsvp(event, "b@example.org", Answer::Maybe, 2).await.unwrap();
    app.rsvp(event, "f@example.org", Answer::No, 1).await.unwrap();
    let app = &app;
    let check = |label: &'static str| async move {
        let rows = app::db::rsvps::for_event(&app.state.db, event).await.unwrap();
        let going: i64 = rows.iter().filter(|r| r.status == Status::Going).map(|r| r.party_size).sum();
        let waiting = rows.iter().filter(|r| r.status == Status::Waitlisted).count() as i64;
        let mut conn = app.state.db.read().await.unwrap();
        assert_eq!(app::db::rsvps::places_taken(&mut conn, event, None).await.unwrap(), going, "{label}: places taken");
        assert_eq!(app::db::rsvps::places_going(&app.state.db, event).await.unwrap(), going, "{label}: places shown");
        assert_eq!(app::db::rsvps::line(&mut conn, event, None).await.unwrap().tail.waiting, waiting, "{label}: waiting");
        going
    };
    // a 1 + d 1 + e 1 going (promoted in turn); c's party of 3 still waits for three free places.
    assert_eq!(check("after changes").await, 3);
    let deleted = app.rsvps(event).await.into_iter().find(|r| r.1 == "going").unwrap().0;
    app::db::query("DELETE FROM rsvps WHERE event_id = $1 AND email = $2")
        .bind(event)
        .bind(&deleted)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    check("after a deletion").await;
}

#[tokio::test]
async fn a_visitor_sees_the_places_left_change_right_after_an_rsvp_although_the_page_is_cached() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("cached", Some(10)).await;
    let visitor = app::auth::service::Actor::anonymous("127.0.0.1");
    let page = || app::events::service::details_in(&app.state, &visitor, "cached", app::locale::Locale::en);
    assert_eq!(page().await.unwrap().places_left, Some(10));
    assert_eq!(page().await.unwrap().places_left, Some(10), "a second visit within the second");
    app.rsvp(event, "ada@example.org", Answer::Yes, 3).await.unwrap();
    assert_eq!(page().await.unwrap().places_left, Some(7));
}

#[tokio::test]
async fn places_added_while_unpublished_go_to_the_waitlist_when_it_is_published_again() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(1)).await;
    app.owner_of(event, "org@example.org").await;
    app.rsvp(event, "first@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "waiting@example.org", Answer::Yes, 1).await.unwrap();
    let actor = app.actor_for("org@example.org").await;
    app::events::service::set_published(&app.state, &actor, event, false).await.unwrap();
    let mut input = app::events::service::details(&app.state, &actor, "bbq").await.unwrap().input.unwrap();
    input.capacity = "2".into();
    app::events::service::update(&app.state, &actor, event, &input).await.unwrap();
    let status = |rows: Vec<(String, String, i64, Option<i64>)>| rows.into_iter().find(|r| r.0 == "waiting@example.org").unwrap().1;
    assert_eq!(status(app.rsvps(event).await), "waitlisted", "a draft promotes nobody");
    app::events::service::set_published(&app.state, &actor, event, true).await.unwrap();
    assert_eq!(status(app.rsvps(event).await), "going", "publishing again gives the new place to the waitlist, not to the next answer");
}

#[tokio::test]
async fn one_client_answering_for_hundreds_of_addresses_is_slowed_down_and_typed_addresses_get_few_mails() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", None).await;
    let office = app::auth::service::Actor::anonymous("203.0.113.7");
    let answer = |i: usize| festplan_tests::guest_answer(event, &format!("colleague{i}@example.org"), Answer::Yes, 1);
    // A whole office behind one address answers for its party...
    for i in 0..300 {
        app::rsvp::service::respond(&app.state, &office, answer(i)).await.unwrap();
    }
    // ...but a script sending more from that address is stopped. The allowance refills evenly
    // (one answer every 3 s), so a slow run's own seconds may let a few more through.
    let mut extra = 0;
    let err = loop {
        match app::rsvp::service::respond(&app.state, &office, answer(300 + extra)).await {
            Ok(_) if extra < 10 => extra += 1,
            Ok(_) => panic!("a script answering from one address is never stopped"),
            Err(err) => break err,
        }
    };
    assert_eq!(err.status(), 429, "{err}");
    assert_eq!(app.rsvps(event).await.len(), 300 + extra);

    // Answering again for an address that answered mails it its link, three times at most.
    let typed = |client: &str| (app::auth::service::Actor::anonymous(client), answer(0));
    for n in 0..3 {
        let (actor, mut request) = typed(&format!("prankster-{n}"));
        request.party_size = 2;
        assert_eq!(app::rsvp::service::respond(&app.state, &actor, request).await.unwrap().status, None);
    }
    let (actor, mut request) = typed("prankster-4");
    request.party_size = 2;
    assert_eq!(app::rsvp::service::respond(&app.state, &actor, request).await.unwrap_err().status(), 429);
}

#[tokio::test]
async fn answers_close_at_the_deadline_and_an_unpublished_event_takes_none() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    app.rsvp(event, "early@example.org", Answer::Yes, 1).await.unwrap();
    app::db::query("UPDATE events SET rsvp_deadline = $2 WHERE id = $1")
        .bind(event)
        .bind(app::db::now() - 60)
        .execute(app.state.db.pool())
        .await
        .unwrap();
    let late = app.rsvp(event, "late@example.org", Answer::Yes, 1).await.unwrap_err();
    assert_eq!(late.status(), 409);
    assert!(late.to_string().contains("deadline"), "{late}");
    let change = app.change_rsvp(event, "early@example.org", Answer::No, 1).await.unwrap_err();
    assert!(change.to_string().contains("deadline"), "changing closes too: {change}");

    let other = app.seed_event_with_capacity("party", Some(10)).await;
    app.owner_of(other, "org@example.org").await;
    app::events::service::set_published(&app.state, &app.actor_for("org@example.org").await, other, false).await.unwrap();
    let hidden = app.rsvp(other, "guest@example.org", Answer::Yes, 1).await.unwrap_err();
    assert_eq!(hidden.status(), 404, "a draft takes no answers and does not say it exists");
    let page = app.client().get(app.at("/events/party")).send().await.unwrap();
    assert_eq!(page.status(), 404);
}

#[tokio::test]
async fn a_freed_place_goes_to_the_first_party_that_fits_even_far_down_a_long_waitlist() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("conference", Some(4)).await;
    app.rsvp(event, "a@example.org", Answer::Yes, 3).await.unwrap();
    app.rsvp(event, "b@example.org", Answer::Yes, 1).await.unwrap();
    // More parties than one page of the walk, none of which fits into one place.
    for i in 0..150 {
        app.rsvp(event, &format!("pair{i}@example.org"), Answer::Yes, 2).await.unwrap();
    }
    app.rsvp(event, "solo@example.org", Answer::Yes, 1).await.unwrap();
    app.change_rsvp(event, "b@example.org", Answer::No, 1).await.unwrap();
    let rsvps = app.rsvps(event).await;
    let status = |email: &str| rsvps.iter().find(|r| r.0 == email).map(|r| r.1.clone()).unwrap();
    assert_eq!(status("solo@example.org"), "going");
    assert!(rsvps.iter().filter(|r| r.0.starts_with("pair")).all(|r| r.1 == "waitlisted"), "the pairs keep their places");
    let waitlisted: Vec<_> = rsvps.iter().filter(|r| r.1 == "waitlisted").collect();
    assert_eq!(waitlisted.len(), 150);
}
