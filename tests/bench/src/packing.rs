//! The packing line on the day: forty stations tapping twice a second each while five hundred
//! screens watch the live line. Measures how long a station waits for its tap to be
//! acknowledged (next to `/healthz` from the same clients, the same process, as the baseline),
//! and how long a finished bag takes to show on every screen.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::load::Stats;

#[derive(Debug, Serialize)]
pub struct Figures {
    pub stations: usize,
    pub viewers: usize,
    pub seconds: u64,
    pub taps: Stats,
    pub baseline: Stats,
    /// Tap sent → the bag counted on a screen, over every screen and every bag.
    pub fan_out_p50_ms: f64,
    pub fan_out_p99_ms: f64,
    pub fan_out_samples: usize,
    pub bags_seen_by_slowest_screen: u64,
    pub bags_sent: u64,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or_default()
}

/// Runs the line for `seconds` on an app of its own in this process.
pub async fn run(seconds: u64, viewers: usize) -> Result<Figures> {
    let app = festplan_tests::TestApp::spawn().await;
    let (event, stations) = festplan_tests::packing::line(&app, "bench", 100_000, 39).await;
    let lead = app.actor_for(festplan_tests::packing::LEAD).await;
    let setup = app::packing::service::setup_page(&app.state, &lead, "bench").await.map_err(|e| anyhow::anyhow!("{}", e.message()))?;
    let live = app.at(&format!("/events/bench/packing/live?kiosk={}", setup.kiosk_path.split("kiosk=").nth(1).context("kiosk key")?));
    let fold = *stations.last().context("the folding station")?;
    let _ = event;

    // Bag n (1-based) was sent at sent[n - 1].
    let sent: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let samples: Arc<Mutex<Vec<f64>>> = Arc::default();
    let seen: Arc<Mutex<Vec<u64>>> = Arc::new(Mutex::new(vec![0; viewers]));
    let client = reqwest::Client::builder().pool_max_idle_per_host(1_000).build()?;
    let mut screens = Vec::new();
    for screen in 0..viewers {
        let (client, live, sent, samples, seen) = (client.clone(), live.clone(), sent.clone(), samples.clone(), seen.clone());
        screens.push(tokio::spawn(async move { watch(client, live, screen, sent, samples, seen).await }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let tap_latencies: Arc<Mutex<Vec<f64>>> = Arc::default();
    let errors = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let url = app.at("/api/public/packing/taps");
    let mut tappers = Vec::new();
    for (n, &station) in stations.iter().enumerate() {
        let key = app::packing::service::station_key(&app.state.settings, station);
        let (client, url, sent, tap_latencies, errors) = (client.clone(), url.clone(), sent.clone(), tap_latencies.clone(), errors.clone());
        tappers.push(tokio::spawn(async move {
            let kind = if station == fold { "bag" } else { ["refill", "low"][n % 2] };
            let mut tick = tokio::time::interval(Duration::from_millis(500));
            let mut batch = 0;
            while Instant::now() < deadline {
                tick.tick().await;
                batch += 1;
                let body = serde_json::json!({
                    "batch": { "id": format!("bench-{station}-{batch}"), "station_id": station, "taps": [{ "kind": kind, "at_ms": now_ms() }] },
                    "key": key,
                });
                let started = Instant::now();
                if station == fold {
                    sent.lock().unwrap().push(started);
                }
                let ok = client.post(&url).header("accept", "application/json").json(&body).send().await.is_ok_and(|r| r.status().is_success());
                tap_latencies.lock().unwrap().push(started.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }));
    }
    for tapper in tappers {
        tapper.await?;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    for screen in &screens {
        screen.abort();
    }
    let taps = Stats::from_latencies(
        std::mem::take(&mut *tap_latencies.lock().unwrap()),
        errors.load(std::sync::atomic::Ordering::Relaxed),
        seconds,
    );

    // The baseline: the same clients' pace against /healthz, on the same server, right after.
    let health = app.at("/healthz");
    let latencies: Arc<Mutex<Vec<f64>>> = Arc::default();
    let deadline = Instant::now() + Duration::from_secs(seconds.min(5));
    let mut pollers = Vec::new();
    for _ in 0..stations.len() {
        let (client, health, latencies) = (client.clone(), health.clone(), latencies.clone());
        pollers.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(500));
            while Instant::now() < deadline {
                tick.tick().await;
                let started = Instant::now();
                let _ = client.get(&health).send().await;
                latencies.lock().unwrap().push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }));
    }
    for poller in pollers {
        poller.await?;
    }
    let baseline = Stats::from_latencies(std::mem::take(&mut *latencies.lock().unwrap()), 0, seconds.min(5));
    let mut fan_out = std::mem::take(&mut *samples.lock().unwrap());
    fan_out.sort_by(f64::total_cmp);
    let pct = |p: f64| fan_out.get(((fan_out.len() as f64 * p) as usize).min(fan_out.len().saturating_sub(1))).copied().unwrap_or(0.0);
    let figures = Figures {
        stations: stations.len(),
        viewers,
        seconds,
        taps,
        baseline,
        fan_out_p50_ms: pct(0.5),
        fan_out_p99_ms: pct(0.99),
        fan_out_samples: fan_out.len(),
        bags_seen_by_slowest_screen: seen.lock().unwrap().iter().copied().min().unwrap_or(0),
        bags_sent: sent.lock().unwrap().len() as u64,
    };
    app.stop().await;
    Ok(figures)
}

/// One screen on the live line: for each figure update, how long ago each newly counted bag was sent.
async fn watch(
    client: reqwest::Client,
    live: String,
    screen: usize,
    sent: Arc<Mutex<Vec<Instant>>>,
    samples: Arc<Mutex<Vec<f64>>>,
    seen: Arc<Mutex<Vec<u64>>>,
) -> Result<()> {
    let mut response = client.get(&live).send().await?;
    let mut buffer = String::new();
    let mut counted = 0u64;
    while let Some(chunk) = response.chunk().await? {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let message: String = buffer.drain(..end + 2).collect();
            let Some(data) = message.lines().find_map(|l| l.strip_prefix("data:")) else { continue };
            // Only the count is read: five hundred full parses a update would make this client,
            // which shares the cores with the server, the thing measured.
            let Some(bags) = count_after(data, "\"bags_done\":") else { continue };
            let now = Instant::now();
            let sent = sent.lock().unwrap();
            let mut got = samples.lock().unwrap();
            for bag in counted + 1..=bags {
                if let Some(at) = sent.get(bag as usize - 1) {
                    got.push(now.duration_since(*at).as_secs_f64() * 1000.0);
                }
            }
            counted = counted.max(bags);
            seen.lock().unwrap()[screen] = counted;
        }
    }
    Ok(())
}

/// The number right after `key` in `json`.
fn count_after(json: &str, key: &str) -> Option<u64> {
    let rest = &json[json.find(key)? + key.len()..];
    rest.trim_start().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

pub fn table(f: &Figures) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| packing line: {} stations × 2 taps/s, {} screens, {} s | p50 ms | p99 ms | × baseline p99 |",
        f.stations, f.viewers, f.seconds
    );
    let _ = writeln!(out, "|---|---:|---:|---:|");
    let ratio = if f.baseline.p99_ms > 0.0 { f.taps.p99_ms / f.baseline.p99_ms } else { 0.0 };
    let _ =
        writeln!(out, "| GET /healthz, same clients and pace (baseline) | {:.2} | {:.2} | 1.00 |", f.baseline.p50_ms, f.baseline.p99_ms);
    let _ = writeln!(
        out,
        "| POST a tap, until acknowledged ({} taps, {} errors) | {:.2} | {:.2} | {:.2} |",
        f.taps.requests, f.taps.errors, f.taps.p50_ms, f.taps.p99_ms, ratio
    );
    let _ = writeln!(
        out,
        "| a bag tapped → counted on every screen ({} observations; slowest screen saw {} of {} bags) | {:.1} | {:.1} | |",
        f.fan_out_samples, f.bags_seen_by_slowest_screen, f.bags_sent, f.fan_out_p50_ms, f.fan_out_p99_ms
    );
    out
}
