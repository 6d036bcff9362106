//! The open space's use cases on a real SQLite file: the dot budget under concurrency, merges,
//! moves, pins, locks and placement, and who may see what.

use app::error::AppError;
use app::openspace::service;
use festplan_tests::TestApp;
use festplan_tests::openspace::{account, dots, open_space, organizer, propose};

#[tokio::test(flavor = "multi_thread")]
async fn no_voter_exceeds_the_dot_budget_under_100_concurrent_votes() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "accounts", 4).await;
    let proposer = account(&app, "proposer@example.org").await;
    let mut sessions = Vec::new();
    for n in 0..10 {
        sessions.push(propose(&app, &proposer, event, &format!("Session {n}")).await);
    }
    let voter = account(&app, "voter@example.org").await;
    let clicks = (0..100).map(|n| {
        let (state, voter, session) = (app.state.clone(), voter.clone(), sessions[n % sessions.len()]);
        tokio::spawn(async move { service::vote(&state, &voter, session, 1).await })
    });
    let results = futures::future::join_all(clicks).await;
    let accepted = results.iter().filter(|r| matches!(r, Ok(Ok(_)))).count();
    let refused = results.iter().filter(|r| matches!(r, Ok(Err(AppError::Conflict(_))))).count();
    assert_eq!((accepted, refused), (5, 95), "five dots, then every click is refused");
    let page = service::page(&app.state, &voter, "bbq", None).await.unwrap();
    assert_eq!(page.sessions.iter().map(|s| s.my_dots).sum::<u32>(), 5);
    assert_eq!(page.viewer.dots_left, 0);

    // At most three on one session, however many clicks arrive at once.
    let second = account(&app, "second@example.org").await;
    let clicks = (0..100).map(|_| {
        let (state, voter, session) = (app.state.clone(), second.clone(), sessions[0]);
        tokio::spawn(async move { service::vote(&state, &voter, session, 1).await })
    });
    let accepted = futures::future::join_all(clicks).await.into_iter().filter(|r| matches!(r, Ok(Ok(_)))).count();
    assert_eq!(accepted, 3);
}

#[tokio::test]
async fn dots_move_freely_until_voting_closes() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "accounts", 4).await;
    let ada = account(&app, "ada@example.org").await;
    let (kata, pis) = (propose(&app, &ada, event, "Code kata").await, propose(&app, &ada, event, "Raspberry Pis").await);
    dots(&app, &ada, kata, 3).await;
    dots(&app, &ada, pis, 2).await;
    assert!(matches!(service::vote(&app.state, &ada, pis, 1).await, Err(AppError::Conflict(_))), "no dots left");
    assert_eq!(service::vote(&app.state, &ada, kata, -1).await.unwrap(), 1, "taking one back frees it");
    assert_eq!(service::vote(&app.state, &ada, pis, 1).await.unwrap(), 0);
    assert!(matches!(service::vote(&app.state, &ada, kata, 2).await, Err(AppError::Invalid { .. })), "one dot at a time");

    let settings = app::openspace::model::SettingsInput {
        participation: "accounts".into(),
        voting_opens: "2020-01-01T10:00".into(),
        voting_closes: "2020-01-02T10:00".into(),
        dots_per_voter: "5".into(),
        max_dots_per_session: "3".into(),
        ..Default::default()
    };
    service::save_settings(&app.state, &organizer(&app).await, event, &settings).await.unwrap();
    assert!(matches!(service::vote(&app.state, &ada, kata, -1).await, Err(AppError::Conflict(_))), "voting has closed");
    let page = service::page(&app.state, &ada, "bbq", None).await.unwrap();
    assert!(!page.phase.voting_open);
    assert_eq!(page.sessions.iter().find(|s| s.id == pis).unwrap().dots, 3);
}

#[tokio::test]
async fn a_merge_carries_votes_over_up_to_the_limit_and_gives_the_rest_back() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "accounts", 4).await;
    let (ada, bob, cy) =
        (account(&app, "ada@example.org").await, account(&app, "bob@example.org").await, account(&app, "cy@example.org").await);
    let pis = propose(&app, &ada, event, "Raspberry Pis").await;
    let many_pis = propose(&app, &bob, event, "Deploying lots of Raspberry Pis").await;
    dots(&app, &cy, pis, 2).await;
    dots(&app, &cy, many_pis, 2).await;
    dots(&app, &bob, pis, 1).await;

    service::request_merge(&app.state, &ada, pis, many_pis).await.unwrap();
    // Only the other session's facilitators decide.
    let page = service::session_page(&app.state, &bob, "bbq", many_pis).await.unwrap();
    let merge = page.merges_in.first().expect("bob sees the request").id;
    assert!(matches!(service::answer_merge(&app.state, &cy, merge, true).await, Err(AppError::NotFound { .. })));
    let said = service::answer_merge(&app.state, &bob, merge, true).await.unwrap();
    assert!(said.contains("1 dot over the per-session limit went back"), "{said}");

    let page = service::page(&app.state, &cy, "bbq", None).await.unwrap();
    assert!(page.sessions.iter().all(|s| s.id != pis), "the duplicate is gone");
    let merged = page.sessions.iter().find(|s| s.id == many_pis).unwrap();
    assert_eq!((merged.my_dots, merged.dots), (3, 4), "cy's 2 + 2 capped at 3; bob's dot came along");
    assert_eq!(page.viewer.dots_left, 2, "the dot over the limit went back to cy");
    let mut facilitators = merged.facilitators.clone();
    facilitators.sort();
    assert_eq!(facilitators, ["ada", "bob"], "both proposers facilitate");
}

#[tokio::test]
async fn placement_keeps_pins_keeps_facilitators_apart_and_reports_figures_against_baseline_and_bound() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "accounts", 3).await;
    let org = organizer(&app).await;
    let ada = account(&app, "ada@example.org").await;
    let bob = account(&app, "bob@example.org").await;
    let a1 = propose(&app, &ada, event, "Ada's first").await;
    let a2 = propose(&app, &ada, event, "Ada's second").await;
    let b1 = propose(&app, &bob, event, "Bob's").await;
    let b2 = propose(&app, &bob, event, "Bob's other").await;
    let mut voters = Vec::new();
    for n in 0..12 {
        voters.push(account(&app, &format!("voter{n}@example.org")).await);
    }
    // Everyone wants a1 and b1; half also want a2; nobody wants both b1 and b2 at once.
    for (n, voter) in voters.iter().enumerate() {
        dots(&app, voter, a1, 2).await;
        dots(&app, voter, b1, 2).await;
        dots(&app, voter, if n % 2 == 0 { a2 } else { b2 }, 1).await;
    }
    let page = service::page(&app.state, &ada, "bbq", None).await.unwrap();
    let (first_slot, garden) = (page.slots[0].id, page.rooms[0].id);
    service::pin(&app.state, &org, b2, &format!("{first_slot}:{garden}")).await.unwrap();

    let figures = service::place(&app.state, &org, event, "7", true).await.unwrap();
    let page = service::page(&app.state, &ada, "bbq", None).await.unwrap();
    let cell = |id: i64| page.sessions.iter().find(|s| s.id == id).map(|s| (s.slot_id, s.room_id)).unwrap();
    assert_eq!(cell(b2), (Some(first_slot), Some(garden)), "the pinned session stays");
    assert_ne!(cell(a1).0, cell(a2).0, "ada is never in two places");
    assert_ne!(cell(b1).0, cell(b2).0, "nor bob");
    assert_ne!(cell(a1).0, cell(b1).0, "the two sessions everyone wants run apart");
    assert_eq!(figures.facilitator_clashes, 0);
    assert!(figures.lower_bound <= figures.missed_dots && figures.missed_dots <= figures.baseline_missed_dots, "{figures:?}");
    assert_eq!(figures.total_dots, 12 * 5);
    assert_eq!(figures.missed_dots, 0, "three slots fit every voter's three sessions");
    assert_eq!(page.figures.as_ref().map(|f| f.seed), Some(7), "the figures are kept with the placement");

    // The same seed on the same input places the same way.
    let again = service::place(&app.state, &org, event, "7", true).await.unwrap();
    assert_eq!((again.missed_dots, again.moved), (figures.missed_dots, 0));
}

#[tokio::test]
async fn a_proposer_moves_their_own_session_until_the_schedule_is_locked() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "accounts", 2).await;
    let org = organizer(&app).await;
    let ada = account(&app, "ada@example.org").await;
    let bob = account(&app, "bob@example.org").await;
    let kata = propose(&app, &ada, event, "Code kata").await;
    let other = propose(&app, &bob, event, "Gamification").await;
    service::place(&app.state, &org, event, "1", true).await.unwrap();

    let page = service::session_page(&app.state, &ada, "bbq", kata).await.unwrap();
    assert!(page.may_edit);
    let target = page.moves.iter().find(|m| m.refusal.is_none() && m.swap_with.is_none()).expect("a free cell to move to");
    assert_eq!(page.moves.len(), 2 * 3, "every cell of the grid is listed with its cost");
    service::move_session(&app.state, &ada, kata, target.slot_id, target.room_id).await.unwrap();
    let card = service::page(&app.state, &ada, "bbq", None).await.unwrap().sessions.into_iter().find(|s| s.id == kata).unwrap();
    assert_eq!((card.slot_id, card.room_id), (Some(target.slot_id), Some(target.room_id)));

    let bobs = service::session_page(&app.state, &ada, "bbq", other).await.unwrap();
    assert!(!bobs.may_edit && bobs.moves.is_empty(), "another's session offers no moves");
    assert!(matches!(service::move_session(&app.state, &ada, other, target.slot_id, target.room_id).await, Err(AppError::NotFound { .. })));

    service::lock(&app.state, &org, event, true).await.unwrap();
    let elsewhere = page.moves.iter().find(|m| (m.slot_id, m.room_id) != (target.slot_id, target.room_id)).unwrap();
    assert!(matches!(
        service::move_session(&app.state, &ada, kata, elsewhere.slot_id, elsewhere.room_id).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(service::place(&app.state, &org, event, "", true).await, Err(AppError::Conflict(_))), "no placing after the lock");
}

#[tokio::test]
async fn only_people_going_take_part_when_the_organizers_say_so() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "going", 2).await;
    let ada = account(&app, "ada@example.org").await;
    assert!(matches!(
        service::propose(&app.state, &ada, event, &festplan_tests::openspace::proposal("Kata")).await,
        Err(AppError::Conflict(_))
    ));
    let page = service::page(&app.state, &ada, "bbq", None).await.unwrap();
    assert!(page.viewer.cannot_take_part.as_deref().is_some_and(|why| why.contains("RSVP first")));
    app.rsvp(event, "ada@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();
    propose(&app, &ada, event, "Kata").await;

    // A guest without an account takes part through their personal link.
    app.rsvp(event, "guest@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();
    let mut conn = app.state.db.read().await.unwrap();
    let guest = app::db::rsvps::by_email(&mut conn, event, "guest@example.org").await.unwrap().unwrap();
    drop(conn);
    let link = app::rsvp::service::manage_token(&app.state.settings.secret_key, guest.id);
    let personal = app.client().get(app.at(&format!("/rsvp/{link}"))).send().await.unwrap().text().await.unwrap();
    assert!(personal.contains(&format!("/events/bbq/open-space?rsvp={link}")), "the personal page leads into the open space");
    let anonymous = service::Caller { actor: app::auth::service::Actor::anonymous("guest"), tokens: vec![] };
    let page = service::page(&app.state, &anonymous, "bbq", Some(&link)).await.unwrap();
    assert!(page.viewer.may_join_by_name, "the personal link lets the guest join");
    let (name, token) = service::join(&app.state, &anonymous, event, "", &link).await.unwrap();
    assert_eq!(name, "guest");
    let guest = service::Caller { actor: anonymous.actor.clone(), tokens: vec![token] };
    let kata = service::page(&app.state, &guest, "bbq", None).await.unwrap().sessions[0].id;
    assert_eq!(service::vote(&app.state, &guest, kata, 1).await.unwrap(), 4);
    assert!(
        matches!(service::join(&app.state, &anonymous, event, "Mallory", "").await, Err(AppError::Conflict(_))),
        "no joining by name here"
    );
}

#[tokio::test]
async fn organizer_pages_and_exports_answer_not_found_to_everyone_else() {
    let app = TestApp::spawn().await;
    let event = open_space(&app, "bbq", "link", 2).await;
    let ada = account(&app, "ada@example.org").await;
    propose(&app, &ada, event, "Kata").await;
    let organizer = app.owner_of(event, festplan_tests::openspace::ORGANIZER).await;
    let (_, attendee) = app.signed_in("ada@example.org", false).await;
    for path in ["/events/bbq/open-space/sessions.csv", "/api/openspace/setup?slug=bbq"] {
        assert_eq!(organizer.get(app.at(path)).send().await.unwrap().status(), 200, "{path}");
        for client in [&attendee, &app.client()] {
            assert_eq!(client.get(app.at(path)).send().await.unwrap().status(), 404, "{path}");
        }
    }
    let csv = organizer.get(app.at("/events/bbq/open-space/sessions.csv")).send().await.unwrap().text().await.unwrap();
    assert!(
        csv.starts_with("id,title,format,slots,facilitators,dots,voters,room,starts,pinned\r\n")
            && csv.contains(",Kata,discussion,1,ada,0,0,"),
        "{csv}"
    );
    // The schedule is as public as the event; an agenda needs a participant.
    assert_eq!(app.client().get(app.at("/events/bbq/open-space/schedule.ics")).send().await.unwrap().status(), 200);
    assert_eq!(app.client().get(app.at("/events/bbq/open-space/agenda.ics")).send().await.unwrap().status(), 404);
    assert_eq!(attendee.get(app.at("/events/bbq/open-space/agenda.ics")).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn the_demo_gives_the_bbq_a_living_open_space() {
    let app = TestApp::spawn().await;
    app::demo::load(&app.state).await.unwrap();
    let slug = "developer-admin-bbq-with-open-space";
    let board = service::board(&app.state, &app::auth::service::Actor::anonymous("wall"), slug, None).await.unwrap();
    assert_eq!((board.rooms.len(), board.slots.len(), board.sessions.len()), (3, 4, 12));
    assert!(board.blocked.iter().any(|b| b.label == "Grill time"));
    let placed = board.sessions.iter().filter(|s| s.slot_id.is_some()).count();
    assert!(placed >= 10, "most sessions have a cell: {placed}");
    assert!(board.sessions.iter().map(|s| s.dots).sum::<u32>() >= 90, "twenty guests put their dots");
    let page = app.client().get(app.at(&format!("/events/{slug}/open-space"))).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Deploying lots of Raspberry Pis"), "the proposals are on the page");
    let event = app::db::events::by_slug(&app.state.db, slug).await.unwrap().unwrap();
    let figures = service::page(&app.state, &festplan_tests::openspace::account(&app, "x@example.org").await, slug, None)
        .await
        .unwrap()
        .figures
        .expect("the demo's placement keeps its figures");
    assert_eq!(figures.facilitator_clashes, 0);
    assert!(figures.missed_dots <= figures.baseline_missed_dots);
    assert!(service::placement_input(&app.state, event.id).await.unwrap().votes.len() >= 60);
}
