//! A closed-loop HTTP load generator: N clients, each on its own keep-alive
//! connection, send a request, wait for the whole answer, and send the next.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;

/// When the clients stop: after a fixed time, or once `n` requests were handed out.
#[derive(Clone, Copy)]
pub enum Stop {
    After(Duration),
    Requests(usize),
}

/// Builds request number `i` on the client's connection.
pub type MakeRequest = Arc<dyn Fn(&reqwest::Client, usize) -> reqwest::RequestBuilder + Send + Sync>;

/// What a client saw for one request: the status and the body.
pub struct Answer {
    pub index: usize,
    pub status: u16,
    pub body: Vec<u8>,
}

/// Throughput and latency of one workload.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub connections: usize,
    pub requests: usize,
    pub errors: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

/// Runs the workload. Answers with a status other than 2xx count as errors;
/// `keep` decides which answers are returned (with their body) for checking.
pub async fn run(connections: usize, stop: Stop, make: MakeRequest, keep: fn(u16) -> bool) -> (Stats, Vec<Answer>) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut clients = Vec::with_capacity(connections);
    for _ in 0..connections {
        let (next, make) = (next.clone(), make.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .timeout(Duration::from_secs(30))
                .build()
                .expect("a plain HTTP client builds");
            let (mut latencies, mut errors, mut kept) = (Vec::new(), 0usize, Vec::new());
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                match stop {
                    Stop::After(limit) if started.elapsed() >= limit => break,
                    Stop::Requests(n) if index >= n => break,
                    _ => {}
                }
                let sent = Instant::now();
                let answer = match make(&client, index).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        response.bytes().await.map(|body| (status, body.to_vec())).ok()
                    }
                    Err(_) => None,
                };
                latencies.push(sent.elapsed());
                match answer {
                    Some((status, body)) => {
                        if !(200..300).contains(&status) {
                            errors += 1;
                        }
                        if keep(status) {
                            kept.push(Answer { index, status, body });
                        }
                    }
                    None => errors += 1,
                }
            }
            (latencies, errors, kept)
        }));
    }
    let (mut latencies, mut errors, mut answers) = (Vec::new(), 0, Vec::new());
    for client in clients {
        let (l, e, k) = client.await.expect("a client task does not panic");
        latencies.extend(l);
        errors += e;
        answers.extend(k);
    }
    let seconds = started.elapsed().as_secs_f64();
    (stats(connections, latencies, errors, seconds), answers)
}

impl Stats {
    /// Figures from latencies in milliseconds measured elsewhere, one request each.
    pub fn from_latencies(ms: Vec<f64>, errors: u64, seconds: u64) -> Stats {
        let latencies = ms.into_iter().map(|m| Duration::from_secs_f64(m.max(0.0) / 1000.0)).collect();
        stats(0, latencies, errors as usize, seconds as f64)
    }

    /// Figures from latencies in milliseconds of `connections` clients over `seconds`.
    pub fn from_latencies_over(ms: Vec<f64>, connections: usize, seconds: f64) -> Stats {
        let latencies = ms.into_iter().map(|m| Duration::from_secs_f64(m.max(0.0) / 1000.0)).collect();
        stats(connections, latencies, 0, seconds)
    }
}

fn stats(connections: usize, mut latencies: Vec<Duration>, errors: usize, seconds: f64) -> Stats {
    latencies.sort_unstable();
    let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let at = |q: f64| ms(latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1))));
    Stats {
        connections,
        requests: latencies.len(),
        errors,
        seconds,
        per_second: latencies.len() as f64 / seconds,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        max_ms: ms(latencies.last()),
    }
}
