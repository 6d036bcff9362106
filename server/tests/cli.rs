//! The `festplan` binary's command line, on the data folder's SQLite file, or on a new database
//! of the PostgreSQL server that `FESTPLAN_TEST_POSTGRES` names.

use std::process::{Command, Output};

use sqlx::Connection as _;
use tempfile::TempDir;

/// A data folder and the database the commands run on.
struct Instance {
    dir: TempDir,
    /// `None`: the SQLite file in the data folder.
    postgres: Option<String>,
}

impl Instance {
    fn new() -> Self {
        let postgres = std::env::var("FESTPLAN_TEST_POSTGRES").ok().filter(|url| !url.is_empty()).map(|server| {
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let name = format!("festplan_cli_{}_{n}", std::process::id());
            block_on(async {
                let mut admin = sqlx::PgConnection::connect(&server).await.expect("the test PostgreSQL server answers");
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await.unwrap();
            });
            let (base, _) = server.rsplit_once('/').expect("the server URL names a database");
            format!("{base}/{name}")
        });
        Self { dir: tempfile::tempdir().unwrap(), postgres }
    }

    fn sqlite_file(&self) -> std::path::PathBuf {
        self.dir.path().join("festplan.db")
    }

    /// Runs `festplan ARGS`.
    fn run(&self, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_festplan"));
        command.args(args).env("FESTPLAN_DATA_DIR", self.dir.path()).env("FESTPLAN_LOG", "warn").env_remove("FESTPLAN_DATABASE_URL");
        if let Some(url) = &self.postgres {
            command.env("FESTPLAN_DATABASE_URL", url);
        }
        command.output().unwrap()
    }

    /// The rows of `sql`, read straight from the database.
    fn rows<T>(&self, sql: &'static str) -> Vec<T>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
    {
        block_on(async {
            match &self.postgres {
                Some(url) => {
                    let mut db = sqlx::PgConnection::connect(url).await.unwrap();
                    sqlx::query_as(sql).fetch_all(&mut db).await.unwrap()
                }
                None => {
                    let url = format!("sqlite://{}", self.sqlite_file().display());
                    let mut db = sqlx::SqliteConnection::connect(&url).await.unwrap();
                    sqlx::query_as(sql).fetch_all(&mut db).await.unwrap()
                }
            }
        })
    }
}

fn block_on<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(work)
}

#[test]
fn admin_create_makes_an_administrator_and_refuses_a_bad_address() {
    let instance = Instance::new();
    let out = instance.run(&["admin", "create", "--email", "Root@Example.org", "--name", "Root"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("is now an administrator"));
    assert_eq!(instance.postgres.is_none(), instance.sqlite_file().exists(), "the SQLite file only when no server is named");
    let admins: Vec<(String, bool)> = instance.rows("SELECT email, is_admin FROM users");
    assert_eq!(admins, [("root@example.org".to_string(), true)]);

    let bad = instance.run(&["admin", "create", "--email", "not-an-address"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("email address"), "{}", String::from_utf8_lossy(&bad.stderr));
}

/// Slug, German title, capacity, places going, parties waiting.
type EventFacts = (String, Option<String>, Option<i64>, i64, i64);

#[test]
fn demo_loads_living_events_once() {
    let instance = Instance::new();
    let out = instance.run(&["demo"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for slug in ["summer-party", "code-sprint", "developer-admin-bbq-with-open-space", "community-conference"] {
        assert!(stdout.contains(&format!("/events/{slug}")), "{stdout}");
    }
    // A second run is not a failure: it says so and leaves the events as they are.
    let again = instance.run(&["demo"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(String::from_utf8_lossy(&again.stdout).contains("already there, nothing to do"));
    assert!(!String::from_utf8_lossy(&again.stderr).contains("backtrace"));

    // What a newcomer finds: the party in German too, people coming everywhere, the conference sold out.
    let facts: Vec<EventFacts> = instance.rows(
        "SELECT e.slug, e.title_de, e.capacity, t.going_places, (SELECT COUNT(*) FROM rsvps r WHERE r.event_id = e.id AND r.status = 'waitlisted')
         FROM events e JOIN rsvp_totals t ON t.event_id = e.id ORDER BY e.id",
    );
    let party = facts.iter().find(|f| f.0 == "summer-party").unwrap();
    assert_eq!(party.1.as_deref(), Some("Sommerfest"));
    assert!(facts.iter().all(|f| f.3 >= 5), "every event has people coming: {facts:?}");
    let conference = facts.iter().find(|f| f.0 == "community-conference").unwrap();
    assert_eq!((conference.2, conference.3), (Some(2500), 2500), "sold out");
    assert!(conference.4 > 0, "and the late ones wait");
}
