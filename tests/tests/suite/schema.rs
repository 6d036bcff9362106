//! The two migration folders are written by hand and kept in step: these tests apply both and
//! hold PostgreSQL's result to SQLite's, so an index, constraint or trigger forgotten on one side
//! shows here instead of as a slow page or a wrong count on that database only.
//!
//! They need a PostgreSQL server where the role may create databases: `FESTPLAN_SCHEMA_POSTGRES`
//! or else `FESTPLAN_TEST_POSTGRES` (so the test command runs them once, in its PostgreSQL run). Each test works in a database of
//! its own and drops it, whether it passes or not.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};

use festplan_tests::schema::{differences, schema_of_postgres, schema_of_sqlite};
use futures::FutureExt as _;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, Connection as _, PgPool, SqlitePool};

fn server() -> Option<String> {
    std::env::var("FESTPLAN_SCHEMA_POSTGRES").ok().filter(|url| !url.is_empty()).or_else(festplan_tests::postgres_server)
}

/// Applies `migrations/<dialect>` at run time, so the test reads the folders as they are now.
async fn migrator(dialect: &str) -> Migrator {
    let dir = festplan_tests::workspace_root().join("migrations").join(dialect);
    Migrator::new(dir).await.unwrap_or_else(|e| panic!("reading migrations/{dialect}: {e}"))
}

/// Runs `test` on a temporary SQLite file and a fresh PostgreSQL database, each migrated with its
/// own folder, then drops the database even when `test` panicked; does nothing (and says so)
/// without a server.
async fn with_migrated<F, Fut>(test: F)
where
    F: FnOnce(SqlitePool, PgPool) -> Fut,
    Fut: Future<Output = ()>,
{
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let Some(url) = server() else {
        println!("skipped: comparing the migrations needs a PostgreSQL server in FESTPLAN_SCHEMA_POSTGRES or FESTPLAN_TEST_POSTGRES");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let options = SqliteConnectOptions::new().filename(dir.path().join("festplan.db")).create_if_missing(true).foreign_keys(true);
    let sqlite = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.expect("opening SQLite");
    migrator("sqlite").await.run(&sqlite).await.expect("migrating SQLite");

    let admin = PgConnectOptions::from_str(&url).expect("a PostgreSQL URL");
    let name = format!("festplan_schema_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut conn = sqlx::PgConnection::connect_with(&admin).await.expect("the PostgreSQL server answers");
    sqlx::raw_sql(AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.expect("CREATE DATABASE");
    let outcome = AssertUnwindSafe(async {
        let pg = PgPoolOptions::new().max_connections(2).connect_with(admin.clone().database(&name)).await.expect("connecting");
        migrator("postgres").await.run(&pg).await.expect("migrating PostgreSQL");
        test(sqlite.clone(), pg.clone()).await;
        pg.close().await;
    })
    .catch_unwind()
    .await;
    sqlite.close().await;
    // FORCE: a panic may have left the pool's connections open.
    let dropped = sqlx::raw_sql(AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut conn).await;
    conn.close().await.ok();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
    dropped.expect("DROP DATABASE");
}

#[tokio::test]
async fn the_postgres_migrations_give_the_sqlite_schema() {
    with_migrated(|sqlite, pg| async move {
        let a = schema_of_sqlite(&sqlite).await;
        let b = schema_of_postgres(&pg).await;
        // Two empty reads would compare equal.
        assert!(
            a.tables.len() > 40 && a.indexes.len() > 20,
            "read only {} tables, {} indexes from SQLite",
            a.tables.len(),
            a.indexes.len()
        );
        let diff = differences(&a, &b);
        assert!(diff.is_empty(), "the PostgreSQL migrations leave a different schema:\n{}", diff.join("\n"));

        // The comparison must see a drift when there is one: break the PostgreSQL copy in
        // ways a hand-written migration could.
        sqlx::raw_sql(
            "DROP INDEX events_upcoming;
             ALTER TABLE rsvps ALTER COLUMN name DROP NOT NULL;
             ALTER TABLE rsvps DROP CONSTRAINT rsvps_arrived_check;
             ALTER TABLE conduct_reports ALTER COLUMN urgent TYPE BIGINT USING urgent::int;
             DROP TRIGGER waitlist_buckets_delete ON rsvps;",
        )
        .execute(&pg)
        .await
        .expect("breaking the PostgreSQL schema");
        let broken = differences(&a, &schema_of_postgres(&pg).await);
        let checks = a.tables["rsvps"].checks;
        for expected in [
            "index events_upcoming: only in sqlite".to_string(),
            "column rsvps.name: NOT NULL in sqlite, nullable in postgres".to_string(),
            format!("table rsvps: {checks} CHECK constraints in sqlite, {} in postgres", checks - 1),
            "column conduct_reports.urgent: type bool in sqlite, integer in postgres".to_string(),
            "trigger waitlist_buckets_delete (on rsvps): only in sqlite".to_string(),
        ] {
            assert!(broken.iter().any(|line| line.starts_with(&expected)), "no {expected:?} among:\n{}", broken.join("\n"));
        }
        assert_eq!(broken.len(), 5, "more differences than the five breaks:\n{}", broken.join("\n"));
    })
    .await;
}

/// The same statements on both databases: the triggers' running totals must end where a recount
/// does, on both.
const SCRIPT: &[&str] = &[
    "INSERT INTO users (id, email, display_name, created_at) VALUES (1, 'a@example.org', 'A', 0)",
    "INSERT INTO events (id, slug, kind, title, starts_at, ends_at, time_zone, created_at, updated_at)
     VALUES (1, 'e1', 'bbq', 'E1', 0, 10, 'UTC', 0, 0), (2, 'e2', 'party', 'E2', 0, 10, 'UTC', 0, 0),
            (3, 'e3', 'sprint', 'E3', 0, 10, 'UTC', 0, 0)",
    "INSERT INTO rsvps (event_id, email, name, answer, party_size, status, waitlist_seq, created_at, updated_at) VALUES
     (1, 'a@x', 'a', 'yes', 3, 'going', NULL, 0, 0),
     (1, 'b@x', 'b', 'yes', 2, 'waitlisted', 1, 0, 0),
     (1, 'c@x', 'c', 'yes', 1, 'waitlisted', 1500, 0, 0),
     (1, 'd@x', 'd', 'yes', 4, 'waitlisted', -3, 0, 0),
     (1, 'g@x', 'g', 'yes', 2, 'waitlisted', 1024, 0, 0),
     (2, 'e@x', 'e', 'maybe', 1, 'maybe', NULL, 0, 0),
     (2, 'f@x', 'f', 'yes', 5, 'going', NULL, 0, 0),
     (2, 'h@x', 'h', 'yes', 1, 'pending', NULL, 0, 0),
     (3, 'i@x', 'i', 'yes', 7, 'going', NULL, 0, 0)",
    "UPDATE rsvps SET status = 'going', waitlist_seq = NULL WHERE email = 'b@x'",
    "UPDATE rsvps SET party_size = 6 WHERE email = 'a@x'",
    "UPDATE rsvps SET waitlist_seq = 3000 WHERE email = 'c@x'",
    "UPDATE rsvps SET status = 'declined' WHERE email = 'f@x'",
    "UPDATE rsvps SET status = 'waitlisted', waitlist_seq = 2 WHERE email = 'e@x'",
    "UPDATE rsvps SET status = 'going' WHERE email = 'h@x'",
    "UPDATE rsvps SET name = 'renamed', updated_at = 5",
    "UPDATE rsvps SET waitlist_seq = -2000 WHERE email = 'g@x'",
    "DELETE FROM rsvps WHERE email = 'd@x'",
    "DELETE FROM events WHERE id = 3",
];

const TOTALS: &str = "SELECT event_id, going_places, waiting FROM rsvp_totals ORDER BY event_id";
const RECOUNTED: &str = "SELECT e.id, CAST(COALESCE(SUM(CASE WHEN r.status = 'going' THEN r.party_size ELSE 0 END), 0) AS BIGINT),
                                CAST(COUNT(CASE WHEN r.status = 'waitlisted' THEN 1 END) AS BIGINT)
                         FROM events e LEFT JOIN rsvps r ON r.event_id = e.id GROUP BY e.id ORDER BY e.id";
const BUCKETS: &str = "SELECT event_id, bucket, waiting FROM waitlist_buckets WHERE waiting <> 0 ORDER BY event_id, bucket";
const RECOUNTED_BUCKETS: &str = "SELECT event_id, waitlist_seq >> 10, CAST(COUNT(*) AS BIGINT) FROM rsvps
                                 WHERE status = 'waitlisted' AND waitlist_seq IS NOT NULL
                                 GROUP BY event_id, waitlist_seq >> 10 ORDER BY 1, 2";

type Rows = Vec<(i64, i64, i64)>;

async fn both(sqlite: &SqlitePool, pg: &PgPool, sql: &'static str) -> (Result<u64, String>, Result<u64, String>) {
    let s = sqlx::query(sql).execute(sqlite).await.map(|r| r.rows_affected()).map_err(|e| e.to_string());
    let p = sqlx::query(sql).execute(pg).await.map(|r| r.rows_affected()).map_err(|e| e.to_string());
    (s, p)
}

#[tokio::test]
async fn the_postgres_triggers_keep_the_sqlite_totals() {
    with_migrated(|sqlite, pg| async move {
        for sql in SCRIPT {
            sqlx::query(AssertSqlSafe(*sql)).execute(&sqlite).await.unwrap_or_else(|e| panic!("SQLite: {sql}: {e}"));
            sqlx::query(AssertSqlSafe(*sql)).execute(&pg).await.unwrap_or_else(|e| panic!("PostgreSQL: {sql}: {e}"));
        }
        let mut rows: Vec<Rows> = Vec::new();
        for q in [TOTALS, RECOUNTED, BUCKETS, RECOUNTED_BUCKETS] {
            let s: Rows = sqlx::query_as(q).fetch_all(&sqlite).await.expect("SQLite query");
            let p: Rows = sqlx::query_as(q).fetch_all(&pg).await.expect("PostgreSQL query");
            assert_eq!(s, p, "SQLite and PostgreSQL disagree on {q}");
            rows.push(s);
        }
        assert_eq!(rows[0], rows[1], "the running totals are not the recount");
        assert_eq!(rows[0], vec![(1, 8, 2), (2, 1, 1)]);
        assert_eq!(rows[2], rows[3], "the waitlist buckets are not the recount");
        assert_eq!(rows[2], vec![(1, -2, 1), (1, 2, 1), (2, 0, 1)]);

        // The conduct read log is append-only on both, and goes with its report.
        for sql in [
            "INSERT INTO conduct_reports (id, event_id, urgent, sealed, code_hash, created_at) VALUES (1, 1, TRUE, $1, $1, 0)",
            "INSERT INTO conduct_reads (report_id, user_id, what, at) VALUES (1, 1, 'report', 0)",
        ] {
            sqlx::query(sql).bind(vec![1u8]).execute(&sqlite).await.expect("SQLite insert");
            sqlx::query(sql).bind(vec![1u8]).execute(&pg).await.expect("PostgreSQL insert");
        }
        for sql in ["UPDATE conduct_reads SET at = 1", "DELETE FROM conduct_reads"] {
            let (s, p) = both(&sqlite, &pg, sql).await;
            assert!(s.is_err() && p.is_err(), "{sql}: SQLite {s:?}, PostgreSQL {p:?}");
        }
        let (s, p) = both(&sqlite, &pg, "DELETE FROM conduct_reports").await;
        assert_eq!((s, p), (Ok(1), Ok(1)), "deleting the report");
        let kept = both(&sqlite, &pg, "DELETE FROM conduct_reads").await;
        assert_eq!(kept, (Ok(1), Ok(1)), "deleting the reads once their report is gone");

        // Removed addresses compare without case on both.
        let removal = "INSERT INTO event_removals (event_id, email, sealed, created_at) VALUES (1, $1, $2, 0)";
        sqlx::query(removal).bind("Someone@Example.org").bind(vec![0u8]).execute(&sqlite).await.expect("SQLite removal");
        sqlx::query(removal).bind("Someone@Example.org").bind(vec![0u8]).execute(&pg).await.expect("PostgreSQL removal");
        let s = sqlx::query(removal).bind("someone@example.ORG").bind(vec![0u8]).execute(&sqlite).await;
        let p = sqlx::query(removal).bind("someone@example.ORG").bind(vec![0u8]).execute(&pg).await;
        assert!(s.is_err() && p.is_err(), "the same address in other case: SQLite {s:?}, PostgreSQL {p:?}");
        let same = "SELECT COUNT(*) FROM event_removals WHERE email = 'SOMEONE@example.org' COLLATE NOCASE";
        let s: i64 = sqlx::query_scalar(same).fetch_one(&sqlite).await.expect("SQLite");
        let p: i64 = sqlx::query_scalar(same).fetch_one(&pg).await.expect("PostgreSQL");
        assert_eq!((s, p), (1, 1), "{same}");
    })
    .await;
}
