//! The open-space placement, run in this process: how long one placement takes next to the
//! greedy baseline it must beat (the same input, the same process), and what each achieves —
//! missed dots against the proven lower bound — on a 300-voter unconference and the demo's BBQ.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use app::openspace::placement::{self, Instance, Options};
use serde::Serialize;

/// Runs per instance; the median is reported.
const RUNS: usize = 9;

#[derive(Debug, Serialize)]
pub struct Row {
    pub instance: String,
    pub place_ms: f64,
    pub greedy_ms: f64,
    pub missed_percent: f64,
    pub baseline_percent: f64,
    pub bound_percent: f64,
    pub seats_short: u64,
    pub baseline_seats_short: u64,
    pub facilitator_clashes: u32,
    pub unplaced: u32,
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn measure(name: String, instance: &Instance) -> Row {
    let options = Options { seed: 7, ..Default::default() };
    let mut place_times = Vec::new();
    let mut greedy_times = Vec::new();
    let mut outcome = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        let greedy = placement::greedy(instance);
        greedy_times.push(started.elapsed());
        std::hint::black_box(greedy);
        let started = Instant::now();
        outcome = Some(placement::place(instance, &options));
        place_times.push(started.elapsed());
    }
    let outcome = outcome.expect("at least one run");
    let (f, b) = (&outcome.figures, &outcome.baseline);
    Row {
        instance: name,
        place_ms: median(place_times),
        greedy_ms: median(greedy_times),
        missed_percent: f.missed_share() * 100.0,
        baseline_percent: b.missed_share() * 100.0,
        bound_percent: f.bound_share() * 100.0,
        seats_short: f.seats_short_total(),
        baseline_seats_short: b.seats_short_total(),
        facilitator_clashes: f.facilitator_clashes,
        unplaced: f.unplaced,
    }
}

/// The 300-voter instance and the demo's BBQ (loaded into a scratch database through the use cases).
pub async fn run() -> Result<Vec<Row>> {
    let unconference = placement::synthetic::instance(7, 50, 6, 8, 300, 5);
    let mut rows = vec![measure("50 sessions × 6 rooms × 8 slots, 300 voters × 5 dots".into(), &unconference)];
    let app = festplan_tests::TestApp::spawn().await;
    app::demo::load(&app.state).await.map_err(|e| anyhow::anyhow!("{}", e.message()))?;
    let event = app::db::events::by_slug(&app.state.db, "developer-admin-bbq-with-open-space").await?.context("the demo's BBQ")?;
    let bbq = app::openspace::service::placement_input(&app.state, event.id).await.map_err(|e| anyhow::anyhow!("{}", e.message()))?;
    let voters = bbq.votes.iter().map(|v| v.voter).collect::<std::collections::BTreeSet<_>>().len();
    rows.push(measure(
        format!("demo BBQ: {} sessions × {} rooms × {} slots, {voters} voters", bbq.sessions.len(), bbq.rooms.len(), bbq.slots.len()),
        &bbq,
    ));
    app.stop().await;
    Ok(rows)
}

pub fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| open-space placement (median of {RUNS}) | place ms | greedy ms | × greedy time | missed | greedy missed | lower bound | seats short (greedy) | clashes |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {:.1} | {:.2} | {:.0} | {:.1}% | {:.1}% | {:.1}% | {} ({}) | {} |",
            r.instance,
            r.place_ms,
            r.greedy_ms,
            r.place_ms / r.greedy_ms.max(1e-6),
            r.missed_percent,
            r.baseline_percent,
            r.bound_percent,
            r.seats_short,
            r.baseline_seats_short,
            r.facilitator_clashes
        );
    }
    out
}
