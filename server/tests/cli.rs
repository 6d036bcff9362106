//! The `festplan` binary's command line.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `festplan ARGS` on the data folder `data`.
fn festplan(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_festplan")).args(args).env("FESTPLAN_DATA_DIR", data).env("FESTPLAN_LOG", "warn").output().unwrap()
}

#[test]
fn admin_create_makes_an_administrator_and_refuses_a_bad_address() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| festplan(dir.path(), args);
    let out = run(&["admin", "create", "--email", "Root@Example.org", "--name", "Root"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("is now an administrator"));
    assert!(dir.path().join("festplan.db").exists(), "the database file was created");

    let bad = run(&["admin", "create", "--email", "not-an-address"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("email address"), "{}", String::from_utf8_lossy(&bad.stderr));
}

#[test]
fn demo_loads_living_events_once() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| festplan(dir.path(), args);
    let out = run(&["demo"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for slug in ["summer-party", "code-sprint", "developer-admin-bbq-with-open-space", "community-conference"] {
        assert!(stdout.contains(&format!("/events/{slug}")), "{stdout}");
    }
    // A second run is not a failure: it says so and leaves the events as they are.
    let again = run(&["demo"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(String::from_utf8_lossy(&again.stdout).contains("already there, nothing to do"));
    assert!(!String::from_utf8_lossy(&again.stderr).contains("backtrace"));

    // What a newcomer finds: the party in German too, people coming everywhere, the conference sold out.
    let url = format!("sqlite://{}", dir.path().join("festplan.db").display());
    let facts = tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::Connection;
        let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query_as::<_, (String, Option<String>, Option<i64>, i64, i64)>(
            "SELECT e.slug, e.title_de, e.capacity, t.going_places, (SELECT COUNT(*) FROM rsvps r WHERE r.event_id = e.id AND r.status = 'waitlisted')
             FROM events e JOIN rsvp_totals t ON t.event_id = e.id ORDER BY e.id",
        )
        .fetch_all(&mut db)
        .await
        .unwrap()
    });
    let party = facts.iter().find(|f| f.0 == "summer-party").unwrap();
    assert_eq!(party.1.as_deref(), Some("Sommerfest"));
    assert!(facts.iter().all(|f| f.3 >= 5), "every event has people coming: {facts:?}");
    let conference = facts.iter().find(|f| f.0 == "community-conference").unwrap();
    assert_eq!((conference.2, conference.3), (Some(2500), 2500), "sold out");
    assert!(conference.4 > 0, "and the late ones wait");
}
