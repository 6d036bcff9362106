//! `--postgres URL`: two instances of the release server on one PostgreSQL database, as behind
//! a reverse proxy. Measures the RSVP burst split across both against a pgbench-style bound (one
//! RSVP-shaped transaction per client, straight to the same server), and the event page served
//! by one instance against both.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use serde_json::json;
use sqlx::Connection as _;
use sqlx::postgres::PgPoolOptions;

use crate::load::{self, Stats, Stop};
use crate::report::Row;
use crate::server::Server;
use crate::{Options, burst};

pub async fn run(o: &Options, server_url: &str) -> Result<()> {
    let database = fresh_database(server_url, "festplan_bench").await?;
    let scratch = o.out.join("scratch-postgres");
    let _ = std::fs::remove_dir_all(&scratch);
    let (dir_a, dir_b) = (scratch.join("a"), scratch.join("b"));
    std::fs::create_dir_all(&dir_a)?;
    std::fs::create_dir_all(&dir_b)?;
    let a = Server::start_on(&o.server, &o.site, &dir_a, &database).await?;
    let b = Server::start_on(&o.server, &o.site, &dir_b, &database).await?;
    eprintln!("two instances on {database}: {} and {}", a.base, b.base);
    a.cli(&["admin", "create", "--email", "organizer@bench.test"])?;
    let token = a.cli(&["admin", "token", "--email", "organizer@bench.test", "--name", "benchmark"])?;

    let page_event = burst::create_event(&a, &token, "Summer party", o.attendees * 2).await?;
    let (seeded, _) = burst::rsvps_across(&[&a, &b], &page_event, "guest", o.attendees, 8).await;
    if seeded.errors > 0 {
        bail!("{} of {} seed RSVPs failed", seeded.errors, o.attendees);
    }
    let limit = Stop::After(Duration::from_secs(o.seconds));
    let mut rows = Vec::new();
    for connections in [32, 256] {
        eprintln!("event page at {connections} connections: one instance, then both");
        let page = |bases: Vec<String>| {
            let slug = page_event.slug.clone();
            let urls: Vec<String> = bases.iter().map(|base| format!("{base}/events/{slug}")).collect();
            let make: load::MakeRequest = Arc::new(move |client, i| client.get(&urls[i % urls.len()]).header("accept", "text/html"));
            make
        };
        let one = load::run(connections, limit, page(vec![a.base.clone()]), |_| false).await.0;
        let two = load::run(connections, limit, page(vec![a.base.clone(), b.base.clone()]), |_| false).await.0;
        rows.push(Row::new(format!("GET event page, one instance, {connections} conns"), one.clone(), &one));
        rows.push(Row::new(format!("GET event page, two instances, {connections} conns"), two, &one));
    }

    // A database in service has answers from earlier events and planner statistics on them (as
    // pgbench vacuums before it measures). A table that grew from nothing in the last minute has
    // none yet: PostgreSQL keeps the plans it made while the table was a page long, and scans it
    // per answer until autovacuum's next ANALYZE. So an earlier, smaller sale comes first.
    let earlier = burst::create_event(&a, &token, "Earlier sale", o.places / 5).await?;
    let (warm, _) = burst::rsvps_across(&[&a, &b], &earlier, "early", o.rsvps / 5, o.clients).await;
    if warm.errors > 0 {
        bail!("{} of {} RSVPs of the earlier sale failed", warm.errors, o.rsvps / 5);
    }
    settle(&database).await?;
    eprintln!("bound: one RSVP-shaped transaction per client, {} in all, {} clients", o.rsvps, o.clients);
    let bound = transaction_bound(&database, o.clients, o.rsvps).await?;
    let burst_event = burst::create_event(&a, &token, "Conference", o.places).await?;
    eprintln!("RSVP burst: {} attempts from {} clients for {} places, across both instances", o.rsvps, o.clients, o.places);
    let (burst_stats, answers) = burst::rsvps_across(&[&a, &b], &burst_event, "attendee", o.rsvps, o.clients).await;
    rows.push(Row::new(
        format!("RSVP-shaped transaction straight to PostgreSQL (the bound), {} clients", o.clients),
        bound.clone(),
        &bound,
    ));
    rows.push(Row::new(format!("POST RSVP burst across two instances, {} clients", o.clients), burst_stats, &bound));
    let verdict = burst::verify(&a, &burst_event, "attendee", o.rsvps, o.places, &answers).await?;

    let mut table = String::new();
    let _ = writeln!(table, "PostgreSQL, two instances on one database (× baseline: the one-instance page, or the bound)");
    table.push_str(&crate::report::workloads(&rows));
    let _ = writeln!(
        table,
        "\nRSVP burst check: {} — {} stored, {} going, {} waitlisted, {} mails queued{}",
        if verdict.ok { "OK" } else { "FAILED" },
        verdict.rsvps,
        verdict.going,
        verdict.waitlisted,
        verdict.mails,
        if verdict.problems.is_empty() { String::new() } else { format!("\n  {}", verdict.problems.join("\n  ")) }
    );
    println!("{table}");
    let record = json!({
        "taken_at_unix": std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs(),
        "options": { "seconds": o.seconds, "rsvps": o.rsvps, "places": o.places, "clients": o.clients, "attendees": o.attendees },
        "workloads": rows,
        "burst_check": verdict,
    });
    let path = o.out.join("postgres.json");
    std::fs::write(&path, serde_json::to_string_pretty(&record)?)?;
    eprintln!("written to {}", path.display());
    drop((a, b));
    if !o.keep {
        std::fs::remove_dir_all(&scratch).ok();
    }
    if !verdict.ok {
        bail!("the RSVP burst left the database in a wrong state: {}", verdict.problems.join("; "));
    }
    Ok(())
}

/// A new database `name` on the server (dropped first if a former run left it).
async fn fresh_database(server_url: &str, name: &str) -> Result<String> {
    let mut admin = sqlx::PgConnection::connect(server_url).await?;
    // One statement each: PostgreSQL runs several sent at once in a transaction, which these refuse.
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).execute(&mut admin).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await?;
    let (base, _) = server_url.rsplit_once('/').unwrap_or((server_url, ""));
    Ok(format!("{base}/{name}"))
}

/// Waits until the earlier mail is delivered (its delivery would compete with the burst), then
/// gathers the planner's statistics.
async fn settle(database: &str) -> Result<()> {
    let mut conn = sqlx::PgConnection::connect(database).await?;
    let started = Instant::now();
    loop {
        let unsent: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL").fetch_one(&mut conn).await?;
        if unsent == 0 || started.elapsed() > Duration::from_secs(120) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    sqlx::raw_sql("VACUUM ANALYZE").execute(&mut conn).await?;
    Ok(())
}

/// What the database alone allows: each of `clients` connections runs RSVP-shaped transactions
/// (lock the event's totals row, store the answer, count it, queue a 2 KB mail, commit) until
/// `count` are done, in tables of their own beside the app's.
async fn transaction_bound(database: &str, clients: usize, count: usize) -> Result<Stats> {
    let connections = clients.min(64);
    let pool = PgPoolOptions::new().max_connections(connections as u32).connect(database).await?;
    sqlx::raw_sql(
        "DROP TABLE IF EXISTS bound_rsvps, bound_totals, bound_outbox;
         CREATE TABLE bound_totals (event_id BIGINT PRIMARY KEY, going BIGINT NOT NULL);
         CREATE TABLE bound_rsvps (id BIGSERIAL PRIMARY KEY, event_id BIGINT NOT NULL, email TEXT NOT NULL UNIQUE, status TEXT NOT NULL, created_at BIGINT NOT NULL);
         CREATE TABLE bound_outbox (id BIGSERIAL PRIMARY KEY, envelope_to TEXT NOT NULL, message BYTEA NOT NULL);
         INSERT INTO bound_totals VALUES (1, 0);",
    )
    .execute(&pool)
    .await?;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (pool, next) = (pool.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let message = vec![b'x'; 2048];
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return Ok::<_, sqlx::Error>(latencies);
                }
                let sent = Instant::now();
                let mut tx = pool.begin().await?;
                let (going,): (i64,) =
                    sqlx::query_as("SELECT going FROM bound_totals WHERE event_id = 1 FOR UPDATE").fetch_one(&mut *tx).await?;
                let status = if going < 2_500 { "going" } else { "waitlisted" };
                sqlx::query("INSERT INTO bound_rsvps (event_id, email, status, created_at) VALUES (1, $1, $2, 0)")
                    .bind(format!("bound{i}@bench.test"))
                    .bind(status)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE bound_totals SET going = going + 1 WHERE event_id = 1").execute(&mut *tx).await?;
                sqlx::query("INSERT INTO bound_outbox (envelope_to, message) VALUES ($1, $2)")
                    .bind(format!("bound{i}@bench.test"))
                    .bind(&message)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
            }
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    let seconds = started.elapsed().as_secs_f64();
    pool.close().await;
    Ok(Stats::from_latencies_over(latencies, connections, seconds))
}
