//! `festplan-bench`: starts the release server on a scratch database and measures
//! what people meet when registration opens: the event page under load, a burst
//! of RSVPs (checked afterwards in the database), the first load's weight, memory
//! and start-up time. Every throughput is also given as a ratio to `/healthz` on
//! the same server under the same load, so runs on a noisy machine compare.
//!
//! Run it with `cargo xtask bench`, which builds what it needs.

mod burst;
mod cancel;
mod load;
mod packing;
mod placement;
mod postgres;
mod report;
mod server;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde_json::json;

use load::{MakeRequest, Stop};
use server::Server;

/// What to run; `--quick` is a seconds-long smoke run.
struct Options {
    server: PathBuf,
    site: PathBuf,
    out: PathBuf,
    seconds: u64,
    rsvps: usize,
    places: usize,
    clients: usize,
    attendees: usize,
    /// Parties waiting in the long case of the cancellation benchmark, and cancellations per case.
    waiting: usize,
    cancellations: usize,
    /// Keep the scratch data directory for a look at the server's log and database.
    keep: bool,
    /// Measure only the open-space placement (seconds, no server).
    placement_only: bool,
    /// Measure only the packing line (its own app in this process).
    packing_only: bool,
    /// Measure two instances on this PostgreSQL server (a URL to its `postgres` database) instead.
    postgres: Option<String>,
}

impl Options {
    fn parse() -> Result<Self> {
        let root = std::env::current_dir()?;
        let mut o = Options {
            server: root.join("target/release/festplan"),
            site: root.join("target/site"),
            out: root.join("target/bench"),
            seconds: 10,
            rsvps: 10_000,
            places: 2_500,
            clients: 256,
            attendees: 100,
            waiting: 50_000,
            cancellations: 100,
            keep: false,
            placement_only: false,
            packing_only: false,
            postgres: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
            match arg.as_str() {
                "--server" => o.server = value()?.into(),
                "--site" => o.site = value()?.into(),
                "--out" => o.out = value()?.into(),
                "--seconds" => o.seconds = value()?.parse()?,
                "--rsvps" => o.rsvps = value()?.parse()?,
                "--places" => o.places = value()?.parse()?,
                "--quick" => (o.seconds, o.rsvps, o.places, o.waiting, o.cancellations) = (1, 1_000, 250, 5_000, 20),
                "--keep" => o.keep = true,
                "--placement" => o.placement_only = true,
                "--packing" => o.packing_only = true,
                "--postgres" => o.postgres = Some(value()?),
                other => bail!(
                    "unknown argument `{other}`\nusage: festplan-bench [--server PATH] [--site DIR] [--out DIR] [--seconds N] [--rsvps N] [--places N] [--quick] [--keep] [--placement] [--packing] [--postgres URL]"
                ),
            }
        }
        if o.places > o.rsvps {
            bail!("--places must not exceed --rsvps");
        }
        Ok(o)
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let o = Options::parse()?;
    std::fs::create_dir_all(&o.out)?;
    if let Some(url) = &o.postgres {
        return postgres::run(&o, url).await;
    }
    if !o.packing_only {
        eprintln!("open-space placement: the 300-voter instance and the demo's BBQ, in this process");
    }
    let placements = if o.packing_only { Vec::new() } else { placement::run().await? };
    if o.placement_only {
        println!("{}", placement::table(&placements));
        return Ok(());
    }
    let line_seconds = o.seconds.max(5);
    eprintln!("packing line: 40 stations tapping twice a second, 500 screens watching, {line_seconds} s");
    let line = packing::run(line_seconds, 500).await?;
    if o.packing_only {
        println!("{}", packing::table(&line));
        return Ok(());
    }
    let scratch = o.out.join("scratch");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    std::fs::create_dir_all(&scratch)?;
    let server = Server::start(&o.server, &o.site, &scratch).await?;
    eprintln!("server up in {} ms at {}", server.startup.as_millis(), server.base);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_idle = server.rss()?;

    let token = {
        server.cli(&["admin", "create", "--email", "organizer@bench.test"])?;
        server.cli(&["admin", "token", "--email", "organizer@bench.test", "--name", "benchmark"])?
    };
    let page_event = burst::create_event(&server, &token, "Summer party", o.attendees * 2).await?;
    eprintln!("seeding {} attendees", o.attendees);
    let (seeded, _) = burst::rsvps(&server, &page_event, "guest", o.attendees, 8).await;
    if seeded.errors > 0 {
        bail!("{} of {} seed RSVPs failed", seeded.errors, o.attendees);
    }
    let page_url = format!("{}/events/{}", server.base, page_event.slug);

    let limit = Stop::After(Duration::from_secs(o.seconds));
    let mut rows = Vec::new();
    for connections in [32, 256] {
        eprintln!("baseline and event page at {connections} connections, {} s each", o.seconds);
        let baseline = load::run(connections, limit, get(format!("{}/healthz", server.base)), |_| false).await.0;
        let page = load::run(connections, limit, get(page_url.clone()), |_| false).await.0;
        rows.push(report::Row::new(format!("GET /healthz (baseline), {connections} conns"), baseline.clone(), &baseline));
        rows.push(report::Row::new(format!("GET event page, {} attendees, {connections} conns", o.attendees), page, &baseline));
    }

    let burst_event = burst::create_event(&server, &token, "Conference", o.places).await?;
    eprintln!("RSVP burst: {} attempts from {} clients for {} places", o.rsvps, o.clients, o.places);
    let baseline = load::run(o.clients, limit, get(format!("{}/healthz", server.base)), |_| false).await.0;
    let (burst_stats, answers) = burst::rsvps(&server, &burst_event, "attendee", o.rsvps, o.clients).await;
    let rss_after = server.rss()?;
    rows.push(report::Row::new(format!("GET /healthz (baseline), {} conns", o.clients), baseline.clone(), &baseline));
    rows.push(report::Row::new(format!("POST RSVP burst, {} clients", o.clients), burst_stats, &baseline));
    let verdict = burst::verify(&server, &burst_event, "attendee", o.rsvps, o.places, &answers).await?;

    // One cancellation frees a place for the head of the line: as cheap with 50,000 waiting as with 500.
    eprintln!("cancellations: {} each with 500 and {} parties waiting, one client", o.cancellations, o.waiting);
    let single = burst::create_event(&server, &token, "One by one", o.cancellations * 2).await?;
    let (one_rsvp, _) = burst::rsvps(&server, &single, "single", o.cancellations, 1).await;
    rows.push(report::Row::new("POST RSVP, 1 client (baseline of the cancellations)".into(), one_rsvp.clone(), &one_rsvp));
    for waiting in [500, o.waiting] {
        let cancelled = cancel::with_waitlist(&server, &token, o.cancellations, waiting).await?;
        rows.push(report::Row::new(format!("POST cancel, {waiting} waiting, 1 client"), cancelled, &one_rsvp));
    }

    eprintln!("first loads: every page of a seeded app, as the test command weighs them");
    let weight = festplan_tests::weight::every_page().await?;
    let table = report::table(&rows, &verdict, &weight, server.startup, rss_idle, rss_after);
    println!("{table}");
    println!("{}", placement::table(&placements));
    println!("{}", packing::table(&line));

    let record = json!({
        "taken_at_unix": std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs(),
        "options": { "seconds": o.seconds, "rsvps": o.rsvps, "places": o.places, "clients": o.clients, "attendees": o.attendees, "waiting": o.waiting, "cancellations": o.cancellations },
        "workloads": rows,
        "burst_check": verdict,
        "first_load": weight,
        "placement": placements,
        "packing_line": line,
        "startup_ms": server.startup.as_secs_f64() * 1000.0,
        "rss_idle_bytes": rss_idle,
        "rss_after_burst_bytes": rss_after,
    });
    let path = o.out.join("latest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&record)?)?;
    eprintln!("written to {}", path.display());
    drop(server);
    if o.keep {
        eprintln!("the server's data directory (database, log, mail) stays in {}", scratch.display());
    } else {
        std::fs::remove_dir_all(&scratch).ok();
    }
    if !verdict.ok {
        bail!("the RSVP burst left the database in a wrong state: {}", verdict.problems.join("; "));
    }
    Ok(())
}

/// A plain GET of `url`, as a browser sends it.
fn get(url: String) -> MakeRequest {
    Arc::new(move |client, _| client.get(&url).header("accept", "text/html"))
}
