//! The open space through the JSON API: an organizer's token sets it up, imports a wall of
//! sessions and dots, places them and reads the placement back; a refused entry stores nothing;
//! every other caller finds nothing there.

use std::collections::{HashMap, HashSet};

use festplan_tests::TestApp;
use festplan_tests::openspace::{ORGANIZER, api_token, organized_event};
use serde_json::{Value, json};

const SPACE: &str = "/api/v1/events/unconf/open-space";

fn setup_body() -> Value {
    let rooms = [("Garden", 30), ("Kitchen", 20), ("Library", 10), ("Hall", 60), ("Porch", 8)]
        .map(|(name, capacity)| json!({ "name": name, "capacity": capacity }));
    let slots: Vec<Value> = (0..6)
        .map(|h| json!({ "starts": format!("2030-07-04T{:02}:00", 10 + h), "ends": format!("2030-07-04T{:02}:50", 10 + h) }))
        .collect();
    json!({ "participation": "link", "dots_per_voter": 5, "max_dots_per_session": 3, "voting_closes": null, "rooms": rooms, "slots": slots })
}

/// Voter `v` as the wall knew them: an address (in any case) for even numbers, an id otherwise.
fn voter(v: usize) -> String {
    if v.is_multiple_of(2) { format!("Voter{v}@Example.org") } else { format!("wall-{v}") }
}

/// 30 sessions (every seventh lasts two slots), two each run by one voter, named as the wall
/// wrote them or lower-cased, and 60 voters with 2 + 2 + 1 dots on three different sessions.
fn wall() -> (Value, u64) {
    let sessions: Vec<Value> = (0..30_usize)
        .map(|n| {
            let facilitator = if n.is_multiple_of(3) { voter(n % 15 * 2).to_lowercase() } else { voter(n % 15 * 2) };
            json!({ "key": format!("note-{n}"), "title": format!("Session {n}"), "length": if n.is_multiple_of(7) { 2 } else { 1 },
                    "facilitators": [facilitator] })
        })
        .collect();
    let mut votes = Vec::new();
    let mut total = 0;
    for v in 0..60 {
        let a = v * 7 % 30;
        for (session, dots) in [(a, 2), ((a + 1 + v % 5) % 30, 2), ((a + 10 + v % 3) % 30, 1)] {
            votes.push(json!({ "voter": voter(v), "session": format!("note-{session}"), "dots": dots }));
            total += dots * if session.is_multiple_of(7) { 2 } else { 1 };
        }
    }
    (json!({ "sessions": sessions, "votes": votes }), total)
}

async fn send(request: reqwest::RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Every cell a placed session holds (its start cell, and the next slot for a long one), as
/// (slot index, room id): none may be held twice.
fn held_cells(placement: &Value, slots: &[i64]) -> Vec<(usize, i64)> {
    let mut cells = Vec::new();
    for s in placement["sessions"].as_array().unwrap() {
        let (Some(slot), Some(room)) = (s["slot_id"].as_i64(), s["room_id"].as_i64()) else { continue };
        let index = slots.iter().position(|&id| id == slot).expect("a slot of the grid");
        for i in 0..s["length"].as_u64().unwrap() as usize {
            cells.push((index + i, room));
        }
    }
    cells
}

fn cells(placement: &Value) -> HashMap<i64, (Value, Value)> {
    placement["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_i64().unwrap(), (s["slot_id"].clone(), s["room_id"].clone())))
        .collect()
}

#[tokio::test]
async fn an_organizers_token_sets_up_imports_places_and_reads_back_an_open_space() {
    let app = TestApp::spawn().await;
    organized_event(&app, "unconf").await;
    let token = api_token(&app, ORGANIZER).await;
    let client = reqwest::Client::new();

    let (status, space) = send(client.put(app.at(SPACE)).bearer_auth(&token).json(&setup_body())).await;
    assert_eq!(status, 200, "{space}");
    assert_eq!((space["settings"]["dots_per_voter"].as_u64(), space["settings"]["participation"].as_str()), (Some(5), Some("link")));
    assert_eq!(space["settings"]["time_zone"], "Europe/Berlin");
    assert_eq!(space["rooms"][0]["name"], "Hall", "largest room first");
    let slots: Vec<i64> = space["slots"].as_array().unwrap().iter().map(|s| s["id"].as_i64().unwrap()).collect();
    assert_eq!(slots.len(), 6);
    assert_eq!(space["slots"][0]["starts_at_iso"], "2030-07-04T08:00:00Z", "local times are the event's zone");

    let (body, total) = wall();
    let (status, summary) = send(client.post(app.at(&format!("{SPACE}/import"))).bearer_auth(&token).json(&body)).await;
    assert_eq!(status, 200, "{summary}");
    assert_eq!(summary, json!({ "sessions_created": 30, "voters_created": 60, "votes_stored": 180 }), "facilitators are voters too");

    let (status, placed) = send(client.post(app.at(&format!("{SPACE}/placement"))).bearer_auth(&token).json(&json!({ "seed": 42 }))).await;
    assert_eq!(status, 200, "{placed}");
    let figures = &placed["figures"];
    assert_eq!(figures["total_dots"].as_u64(), Some(total), "every imported dot counts, per slot a session lasts");
    assert!(figures["missed_dots"].as_u64() >= figures["lower_bound"].as_u64(), "{figures}");
    assert_eq!(figures["facilitator_clashes"], 0);
    assert_eq!(figures["seed"], 42);
    let held = held_cells(&placed, &slots);
    assert_eq!(held.iter().collect::<HashSet<_>>().len(), held.len(), "no cell holds two sessions: {held:?}");
    assert!(held.len() >= 25, "most sessions found a cell: {}", held.len());
    let session = &placed["sessions"][0];
    assert!(session["dots"].as_u64() > Some(0) && !session["facilitators"].as_array().unwrap().is_empty(), "{session}");
    if session["slot_id"].is_i64() {
        assert!(session["starts_at"].as_str().is_some_and(|t| t.starts_with("2030-07-04T")) && session["room"].is_string(), "{session}");
    }

    let (status, read) = send(client.get(app.at(&format!("{SPACE}/placement"))).bearer_auth(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(cells(&read), cells(&placed), "the placement reads back as placed");
    assert_eq!(read["figures"]["seed"], 42);

    // Without keeping announced cells, the same seed on the same votes places the same way.
    let run = json!({ "seed": 42, "keep_announced": false });
    let (_, first) = send(client.post(app.at(&format!("{SPACE}/placement"))).bearer_auth(&token).json(&run)).await;
    let (_, again) = send(client.post(app.at(&format!("{SPACE}/placement"))).bearer_auth(&token).json(&run)).await;
    assert_eq!(cells(&first), cells(&again));
    assert_eq!(first["figures"]["missed_dots"], again["figures"]["missed_dots"]);
}

#[tokio::test]
async fn a_refused_entry_refuses_the_whole_import_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let event = organized_event(&app, "unconf").await;
    let token = api_token(&app, ORGANIZER).await;
    let client = reqwest::Client::new();
    let (status, _) = send(client.put(app.at(SPACE)).bearer_auth(&token).json(&setup_body())).await;
    assert_eq!(status, 200);
    let import = |body: Value| send(client.post(app.at(&format!("{SPACE}/import"))).bearer_auth(&token).json(&body));
    let sessions = json!([{ "key": "a", "title": "Kata" }, { "key": "b", "title": "Pis", "format": "workshop", "length": 2 }]);
    let vote = |voter: &str, session: &str, dots: u32| json!({ "voter": voter, "session": session, "dots": dots });

    let refusals = [
        (json!([vote("ada@example.org", "a", 1), vote("bob", "nope", 1)]), "votes[1].session"),
        (json!([vote("ada@example.org", "a", 3), vote("ada@example.org", "b", 3)]), "votes[1].dots"),
        (json!([vote("bob", "a", 4)]), "votes[0].dots"),
        (json!([vote("not an address@", "a", 1)]), "votes[0].voter"),
    ];
    for (votes, field) in refusals {
        let (status, error) = import(json!({ "sessions": sessions, "votes": votes })).await;
        assert_eq!((status, error["detail"]["field"].as_str()), (422, Some(field)), "{error}");
    }
    let (status, error) = import(json!({ "sessions": [{ "key": "a", "title": "  " }] })).await;
    assert_eq!((status, error["detail"]["field"].as_str()), (422, Some("sessions[0].title")));
    let (status, error) = import(json!({ "sessions": [{ "key": "a", "title": "A" }, { "key": "a", "title": "B" }] })).await;
    assert_eq!((status, error["detail"]["field"].as_str()), (422, Some("sessions[1].key")));
    let (status, error) = import(json!({ "sessions": [{ "key": "a", "title": "A", "length": 3 }] })).await;
    assert_eq!((status, error["detail"]["field"].as_str()), (422, Some("sessions[0].length")));

    let (_, placement) = send(client.get(app.at(&format!("{SPACE}/placement"))).bearer_auth(&token)).await;
    assert_eq!(placement["sessions"], json!([]), "no session of a refused import was kept");
    assert!(placement["figures"].is_null(), "no placement yet");
    let mut conn = app.state.db.read().await.unwrap();
    for voter in ["ada@example.org", "bob"] {
        assert!(app::db::openspace::participant_by_external(&mut conn, event, voter).await.unwrap().is_none(), "{voter}");
    }
    drop(conn);

    // A repeated vote sets the dots again; a later import adds to the same voter's budget.
    let votes = json!([vote("Ada@Example.org", "a", 1), vote("ada@example.org", "a", 3)]);
    let (status, summary) = import(json!({ "sessions": sessions, "votes": votes })).await;
    assert_eq!((status, summary), (200, json!({ "sessions_created": 2, "voters_created": 1, "votes_stored": 1 })));
    let over = json!([vote("ada@example.org", "a", 2), vote("ada@example.org", "b", 1)]);
    let (status, error) = import(json!({ "sessions": sessions, "votes": over })).await;
    assert_eq!((status, error["detail"]["field"].as_str()), (422, Some("votes[1].dots")), "3 before, + 2 + 1 is over 5: {error}");
    let within = json!([vote("ada@example.org", "b", 2)]);
    let (status, summary) = import(json!({ "sessions": [{ "key": "b", "title": "Pis" }], "votes": within })).await;
    assert_eq!((status, summary), (200, json!({ "sessions_created": 1, "voters_created": 0, "votes_stored": 1 })));
    let (_, placement) = send(client.get(app.at(&format!("{SPACE}/placement"))).bearer_auth(&token)).await;
    let dots: Vec<u64> = placement["sessions"].as_array().unwrap().iter().map(|s| s["dots"].as_u64().unwrap()).collect();
    assert_eq!(dots, [3, 2, 0], "most dots first: {placement}");

    // An imported address takes up the co-facilitation a proposal named it for.
    let proposer = festplan_tests::openspace::account(&app, "bo@example.org").await;
    let mut proposal = festplan_tests::openspace::proposal("Pairing");
    proposal.co_facilitators = "cy@example.org".into();
    let pairing = app::openspace::service::propose(&app.state, &proposer, event, &proposal).await.unwrap();
    let (status, _) = import(json!({ "sessions": sessions, "votes": [vote("CY@example.org", "a", 1)] })).await;
    assert_eq!(status, 200);
    let (_, placement) = send(client.get(app.at(&format!("{SPACE}/placement"))).bearer_auth(&token)).await;
    let pairing = placement["sessions"].as_array().unwrap().iter().find(|s| s["id"] == pairing).unwrap();
    assert_eq!(pairing["facilitators"], json!(["bo", "cy"]), "{pairing}");
}

#[tokio::test]
async fn every_open_space_endpoint_answers_not_found_to_another_accounts_token() {
    let app = TestApp::spawn().await;
    organized_event(&app, "unconf").await;
    let token = api_token(&app, ORGANIZER).await;
    let stranger = api_token(&app, "stranger@example.org").await;
    let client = reqwest::Client::new();
    let (status, _) = send(client.put(app.at(SPACE)).bearer_auth(&token).json(&setup_body())).await;
    assert_eq!(status, 200);
    let import = json!({ "sessions": [{ "key": "a", "title": "Kata" }], "votes": [] });
    let calls = |token: &str, slug: &str| {
        let at = |path: &str| app.at(&format!("/api/v1/events/{slug}/open-space{path}"));
        vec![
            client.put(at("")).bearer_auth(token).json(&setup_body()),
            client.post(at("/import")).bearer_auth(token).json(&import),
            client.post(at("/placement")).bearer_auth(token).json(&json!({})),
            client.get(at("/placement")).bearer_auth(token),
            // Even a body that could not be read reads like a missing event to a stranger.
            client.post(at("/import")).bearer_auth(token).json(&json!({ "sessions": 1 })),
        ]
    };
    for request in calls(&stranger, "unconf").into_iter().chain(calls(&token, "nope")) {
        let (status, body) = send(request).await;
        assert_eq!((status, body["kind"].as_str()), (404, Some("not_found")), "{body}");
    }
    let (status, _) = send(client.get(app.at(&format!("{SPACE}/placement")))).await;
    assert_eq!(status, 401, "a token is required");
    let (_, placement) = send(client.get(app.at(&format!("{SPACE}/placement"))).bearer_auth(&token)).await;
    assert_eq!(placement["sessions"], json!([]), "nothing the stranger sent was stored");
}
