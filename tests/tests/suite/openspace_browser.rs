//! Browser journeys through the open space: taking part and voting on a phone while the board
//! follows live, facilitators merging and moving sessions, and an organizer's set-up.

use festplan_tests::openspace::{ORGANIZER, account, dots, event_without_open_space, open_space, place, propose};
use festplan_tests::{TestApp, journey};

#[tokio::test(flavor = "multi_thread")]
async fn attendees_propose_and_vote_and_a_second_tab_sees_the_board_change_live() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "unconf", "link", 3).await;
    let host = account(&app, "host@example.org").await;
    let garden = propose(&app, &host, event, "Rust in the garden").await;
    let home = propose(&app, &host, event, "Home automation").await;
    let voter = account(&app, "voter@example.org").await;
    dots(&app, &voter, garden, 2).await;
    dots(&app, &voter, home, 1).await;
    place(&app, event, "1").await;
    journey(&app, "openspace_vote.mjs", &["unconf".as_ref(), "Rust in the garden".as_ref()]).await;

    let page = app::openspace::service::page(&app.state, &voter, "unconf", None).await.unwrap();
    let garden = page.sessions.iter().find(|s| s.id == garden).unwrap();
    assert_eq!((garden.dots, garden.voters), (4, 2), "the visitor's two dots are stored");
    assert!(page.sessions.iter().any(|s| s.title == "Sourdough for programmers"), "the proposal is stored");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_proposer_merges_a_duplicate_and_moves_their_session_by_its_cost() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "camp", "accounts", 3).await;
    let (ada, bob) = (account(&app, "ada@example.org").await, account(&app, "bob@example.org").await);
    let (cy, dan, eve) =
        (account(&app, "cy@example.org").await, account(&app, "dan@example.org").await, account(&app, "eve@example.org").await);
    let pis = propose(&app, &ada, event, "Raspberry Pis").await;
    let many_pis = propose(&app, &bob, event, "Deploying lots of Raspberry Pis").await;
    let kata = propose(&app, &cy, event, "Code kata").await;
    dots(&app, &cy, pis, 2).await;
    dots(&app, &cy, many_pis, 2).await;
    dots(&app, &dan, pis, 1).await;
    dots(&app, &eve, many_pis, 1).await;
    dots(&app, &eve, kata, 2).await;
    place(&app, event, "1").await;
    let (_, ada_session) = app.session_for("ada@example.org", false).await;
    let (_, bob_session) = app.session_for("bob@example.org", false).await;
    let (pis_id, many_id) = (pis.to_string(), many_pis.to_string());
    journey(
        &app,
        "openspace_facilitate.mjs",
        &[ada_session.as_ref(), bob_session.as_ref(), "camp".as_ref(), pis_id.as_ref(), many_id.as_ref()],
    )
    .await;

    let page = app::openspace::service::page(&app.state, &bob, "camp", None).await.unwrap();
    assert!(page.sessions.iter().all(|s| s.id != pis), "the duplicate is gone");
    let merged = page.sessions.iter().find(|s| s.id == many_pis).unwrap();
    assert_eq!(merged.dots, 5, "Cy's dots up to the limit, Dan's and Eve's carried over");
    assert!(merged.facilitators.len() == 2, "both proposers facilitate the merged session");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_organizer_places_pins_and_locks() {
    let app = TestApp::spawn().await;
    let retreat = event_without_open_space(&app, "retreat").await;
    let event = open_space(&app, "camp", "accounts", 2).await;
    let (ada, bob, cy) =
        (account(&app, "ada@example.org").await, account(&app, "bob@example.org").await, account(&app, "cy@example.org").await);
    let kata = propose(&app, &ada, event, "Code kata").await;
    let pis = propose(&app, &ada, event, "Raspberry Pis").await;
    let home = propose(&app, &bob, event, "Home automation").await;
    let garden = propose(&app, &bob, event, "Rust in the garden").await;
    // Cy wants four sessions and the grid will have three slots: some dots must be missed.
    dots(&app, &cy, kata, 2).await;
    dots(&app, &cy, pis, 1).await;
    dots(&app, &cy, garden, 1).await;
    dots(&app, &cy, home, 1).await;
    dots(&app, &ada, home, 3).await;
    dots(&app, &bob, kata, 1).await;
    let (_, session) = app.session_for(ORGANIZER, false).await;
    let garden_id = garden.to_string();
    journey(
        &app,
        "openspace_organize.mjs",
        &[session.as_ref(), "retreat".as_ref(), "camp".as_ref(), garden_id.as_ref(), "Rust in the garden".as_ref()],
    )
    .await;

    assert!(app::openspace::service::has_open_space(&app.state, retreat).await.unwrap(), "the first open space is on");
    let setup = app::openspace::service::setup_page(&app.state, &ada, "camp").await;
    assert!(setup.is_err(), "only organizers see the set-up");
    let page = app::openspace::service::page(&app.state, &ada, "camp", None).await.unwrap();
    assert!(page.phase.locked, "the schedule is locked");
    assert!(page.sessions.iter().find(|s| s.id == garden).unwrap().pinned, "the pin holds");
    assert!(page.rooms.iter().any(|r| r.name == "Attic") && page.slots.len() == 3, "the new room and slot are stored");
}
