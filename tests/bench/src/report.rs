//! The printed table.

use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use crate::burst::Verdict;
use crate::load::Stats;
use festplan_tests::weight::PageWeight;

#[derive(Debug, Serialize)]
pub struct Row {
    pub workload: String,
    #[serde(flatten)]
    pub stats: Stats,
    /// Throughput relative to `/healthz` at the same concurrency, measured just before.
    pub ratio_to_baseline: f64,
}

impl Row {
    pub fn new(workload: String, stats: Stats, baseline: &Stats) -> Self {
        let ratio_to_baseline = if baseline.per_second > 0.0 { stats.per_second / baseline.per_second } else { 0.0 };
        Self { workload, stats, ratio_to_baseline }
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

/// The workloads as a Markdown table, one row each.
pub fn workloads(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| workload | requests | errors | req/s | p50 ms | p99 ms | max ms | × baseline |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let s = &r.stats;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {:.2} |",
            r.workload, s.requests, s.errors, s.per_second, s.p50_ms, s.p99_ms, s.max_ms, r.ratio_to_baseline
        );
    }
    out
}

pub fn table(rows: &[Row], verdict: &Verdict, weight: &[PageWeight], startup: Duration, rss_idle: u64, rss_after: u64) -> String {
    let mut out = workloads(rows);
    let _ = writeln!(
        out,
        "\nRSVP burst check: {} — {} stored, {} going, {} waitlisted, {} distinct addresses, {} mails queued{}",
        if verdict.ok { "OK" } else { "FAILED" },
        verdict.rsvps,
        verdict.going,
        verdict.waitlisted,
        verdict.distinct_addresses,
        verdict.mails,
        if verdict.problems.is_empty() { String::new() } else { format!("\n  {}", verdict.problems.join("\n  ")) }
    );
    let _ = writeln!(out, "\n{}", festplan_tests::weight::table(weight));
    let _ = writeln!(
        out,
        "\nstart to first 200: {} ms · RSS idle: {} · RSS after the burst: {}",
        startup.as_millis(),
        mb(rss_idle),
        mb(rss_after)
    );
    out
}
