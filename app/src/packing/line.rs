//! The live line's figures, from the stations' stock and their taps: bags done, the rate, when
//! the target is reached, which station holds the line back, and the chart. Times in words are
//! relative (minutes): there is no time zone here, so pages format clock times themselves.

use serde::{Deserialize, Serialize};

use super::model::{StationKind, Tap, TapKind};
use crate::i18n::td_string;
use crate::locale::{Locale, number};

const MINUTE_MS: i64 = 60_000;
/// The rate is read over this last stretch, so a pause or a speed-up shows within minutes.
pub const RATE_WINDOW_MS: i64 = 5 * MINUTE_MS;
pub const MAX_CHART_POINTS: usize = 240;

/// A station as stored, with the pieces of its item counted in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StationStock {
    pub station_id: i64,
    pub name: String,
    /// Walking order along the tables.
    pub position: i64,
    pub kind: StationKind,
    /// What it hands out, plural ("pens"); none at the folding station.
    pub item: Option<String>,
    pub per_bag: u32,
    pub received: u64,
}

/// What a station last reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StationStatus {
    #[default]
    Ok,
    Low,
    Out,
}

impl StationStatus {
    /// In English: the line's table names its rows' classes after it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Low => "Running low",
            Self::Out => "Out",
        }
    }

    pub fn label_in(self, l: Locale) -> &'static str {
        match self {
            Self::Ok => td_string!(l, packing.status.ok),
            Self::Low => td_string!(l, packing.status.low),
            Self::Out => td_string!(l, packing.status.out),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineFigures {
    pub target: u64,
    pub bags_done: u64,
    /// Bags in the last 5 minutes / 5; while the line has run less than 5 minutes, bags since
    /// the first one / minutes since it (at least 1), so a fresh start is not diluted.
    pub per_minute: f64,
    /// At the current rate; `None` when the rate is 0 or the target is met.
    pub finish_in_minutes: Option<f64>,
    pub finish_at_ms: Option<i64>,
    /// The station holding the line back, with why.
    pub slowest: Option<Bottleneck>,
    /// In walking order.
    pub stations: Vec<StationFigure>,
    /// Bags done so far, from the first bag to now; empty before the first bag.
    pub chart: Vec<ChartPoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StationFigure {
    pub station_id: i64,
    pub name: String,
    pub item: Option<String>,
    pub kind: StationKind,
    /// Received − bags done × per bag; below 0 the station is short. 0 at the folding station.
    pub stock_left: i64,
    /// The bag its stock runs out at, when that comes before the target.
    pub runs_out_at_bag: Option<u64>,
    pub status: StationStatus,
    /// When the status was tapped; `None` before any report.
    pub status_since_ms: Option<i64>,
    /// Folding station: its bags in the last 5 minutes; others 0.
    pub bags_last_5_min: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Bottleneck {
    pub station_id: i64,
    pub name: String,
    /// "out of pens since 4 min", "pens runs out at bag 2,600 of 3,000", "running low on pens".
    pub why: String,
    /// What holds it back, for `why` in the viewer's language: every screen gets the same figures.
    pub holdup: Holdup,
    /// The item it hands out, else its name.
    pub what: String,
}

/// Why a station holds the line back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Holdup {
    /// Out for this many whole minutes.
    Out {
        minutes: i64,
    },
    /// Runs out at bag `at` of `target`.
    RunsOut {
        at: u64,
        target: u64,
    },
    Low,
}

impl Bottleneck {
    /// `why` in the locale `l`.
    pub fn words(&self, l: Locale) -> String {
        let what = &self.what;
        match self.holdup {
            Holdup::Out { minutes } if minutes < 1 => td_string!(l, packing.why.out_now, what = what).to_string(),
            Holdup::Out { minutes } => td_string!(l, packing.why.out_since, what = what, m = minutes).to_string(),
            Holdup::RunsOut { at, target } => {
                td_string!(l, packing.why.runs_out, what = what, n = number(l, at), target = number(l, target)).to_string()
            }
            Holdup::Low => td_string!(l, packing.why.low, what = what).to_string(),
        }
    }
}

/// Bags done by `at_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChartPoint {
    pub at_ms: i64,
    pub bags: u64,
}

/// The line's figures at `now_ms`. Bags are the `Bag` taps of the folding stations (a stray one
/// from a dispensing station is not a finished bag); taps stamped ahead of `now_ms` by a drifting
/// phone count as made now.
pub fn line_figures(target: u64, stations: &[StationStock], taps: &[Tap], now_ms: i64) -> LineFigures {
    let folds: Vec<i64> = stations.iter().filter(|s| s.kind == StationKind::Fold).map(|s| s.station_id).collect();
    let bag_taps = || taps.iter().filter(|t| t.kind == TapKind::Bag && folds.contains(&t.station_id));
    let mut bag_times: Vec<i64> = bag_taps().map(|t| t.at_ms.min(now_ms)).collect();
    bag_times.sort_unstable();
    let bags_done = bag_times.len() as u64;
    let window_start = now_ms.saturating_sub(RATE_WINDOW_MS);

    let per_minute = rate(&bag_times, now_ms);
    let remaining = target.saturating_sub(bags_done);
    let finish_in_minutes = (remaining > 0 && per_minute > 0.0).then(|| remaining as f64 / per_minute);
    let finish_at_ms = finish_in_minutes.map(|m| now_ms.saturating_add((m * MINUTE_MS as f64).round() as i64));

    let mut walking: Vec<&StationStock> = stations.iter().collect();
    walking.sort_by_key(|s| s.position);
    let stations: Vec<StationFigure> = walking
        .into_iter()
        .map(|s| {
            let dispenses = s.kind == StationKind::Dispense;
            let per_bag = u64::from(s.per_bag);
            let used = i128::from(bags_done) * i128::from(per_bag);
            let stock_left = if dispenses { (i128::from(s.received) - used).clamp(i64::MIN.into(), i64::MAX.into()) as i64 } else { 0 };
            let runs_out_at_bag = (dispenses && per_bag > 0).then(|| s.received / per_bag).filter(|&n| n < target);
            // The latest report wins; of reports stamped alike, the one stored last.
            let report = taps.iter().filter(|t| t.station_id == s.station_id && t.kind != TapKind::Bag).max_by_key(|t| t.at_ms);
            let status = match report.map(|t| t.kind) {
                Some(TapKind::Low) => StationStatus::Low,
                Some(TapKind::Out) => StationStatus::Out,
                _ => StationStatus::Ok,
            };
            let bags_last_5_min = if dispenses {
                0
            } else {
                bag_taps().filter(|t| t.station_id == s.station_id && t.at_ms.min(now_ms) > window_start).count() as u64
            };
            StationFigure {
                station_id: s.station_id,
                name: s.name.clone(),
                item: s.item.clone(),
                kind: s.kind,
                stock_left,
                runs_out_at_bag,
                status,
                status_since_ms: report.map(|t| t.at_ms),
                bags_last_5_min,
            }
        })
        .collect();

    LineFigures {
        target,
        bags_done,
        per_minute,
        finish_in_minutes,
        finish_at_ms,
        slowest: slowest(&stations, target, now_ms),
        chart: chart(&bag_times, now_ms),
        stations,
    }
}

/// `bag_times` sorted, none after `now_ms`.
fn rate(bag_times: &[i64], now_ms: i64) -> f64 {
    let Some(&first) = bag_times.first() else { return 0.0 };
    let ran_ms = now_ms - first;
    if ran_ms < RATE_WINDOW_MS {
        return bag_times.len() as f64 / (ran_ms as f64 / MINUTE_MS as f64).max(1.0);
    }
    let before_window = bag_times.partition_point(|&t| t <= now_ms - RATE_WINDOW_MS);
    (bag_times.len() - before_window) as f64 * MINUTE_MS as f64 / RATE_WINDOW_MS as f64
}

/// Out (longest first) beats running out before the target (soonest first) beats running low
/// (longest first); ties go to the station earlier in walking order.
fn slowest(stations: &[StationFigure], target: u64, now_ms: i64) -> Option<Bottleneck> {
    let what = |s: &StationFigure| s.item.clone().unwrap_or_else(|| s.name.clone());
    let longest = |status: StationStatus| stations.iter().filter(|s| s.status == status).min_by_key(|s| s.status_since_ms);
    let (station, holdup) = if let Some(s) = longest(StationStatus::Out) {
        let minutes = now_ms.saturating_sub(s.status_since_ms.unwrap_or(now_ms)) / MINUTE_MS;
        (s, Holdup::Out { minutes })
    } else if let Some((s, n)) = stations.iter().filter_map(|s| Some((s, s.runs_out_at_bag?))).min_by_key(|&(_, n)| n) {
        (s, Holdup::RunsOut { at: n, target })
    } else if let Some(s) = longest(StationStatus::Low) {
        (s, Holdup::Low)
    } else {
        return None;
    };
    let mut bottleneck =
        Bottleneck { station_id: station.station_id, name: station.name.clone(), why: String::new(), holdup, what: what(station) };
    bottleneck.why = bottleneck.words(Locale::en);
    Some(bottleneck)
}

/// One point per minute from the first bag, the last at `now_ms`; longer runs take several
/// minutes a point so the chart keeps at most `MAX_CHART_POINTS`. `bag_times` sorted, none
/// after `now_ms`.
fn chart(bag_times: &[i64], now_ms: i64) -> Vec<ChartPoint> {
    let Some(&first) = bag_times.first() else { return Vec::new() };
    let span = (now_ms - first) as u64;
    // Points before now: ceil(span / step) ≤ MAX − 1, so with the one at now at most MAX.
    let step = span.div_ceil((MAX_CHART_POINTS as u64 - 1) * MINUTE_MS as u64).max(1) as i64 * MINUTE_MS;
    let point = |at_ms: i64| ChartPoint { at_ms, bags: bag_times.partition_point(|&t| t <= at_ms) as u64 };
    let mut points: Vec<ChartPoint> = (0..).map(|i| first + i * step).take_while(|&at| at < now_ms).map(point).collect();
    points.push(point(now_ms));
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_000_000_000;
    const FOLD: i64 = 100;

    fn station(id: i64, position: i64, item: &str, per_bag: u32, received: u64) -> StationStock {
        let kind = StationKind::Dispense;
        StationStock { station_id: id, name: format!("Table {id}"), position, kind, item: Some(item.into()), per_bag, received }
    }

    /// Pens, flyers and mints with stock for 10,000 bags, then the folding station.
    fn line() -> Vec<StationStock> {
        let fold = StationStock {
            station_id: FOLD,
            name: "Folding".into(),
            position: 9,
            kind: StationKind::Fold,
            item: None,
            per_bag: 0,
            received: 0,
        };
        vec![fold, station(1, 1, "pens", 1, 10_000), station(2, 2, "flyers", 1, 10_000), station(3, 3, "mints", 2, 20_000)]
    }

    /// `count` bags, one every `every_ms`, the last at `last_ms`.
    fn bags(count: i64, every_ms: i64, last_ms: i64) -> Vec<Tap> {
        (0..count).map(|i| Tap { station_id: FOLD, kind: TapKind::Bag, at_ms: last_ms - i * every_ms }).collect()
    }

    fn tap(station_id: i64, kind: TapKind, minutes_ago: i64) -> Tap {
        Tap { station_id, kind, at_ms: NOW - minutes_ago * MINUTE_MS }
    }

    #[test]
    fn a_steady_20_bags_a_minute_reads_20_and_finishes_when_the_rest_is_packed() {
        let f = line_figures(1_000, &line(), &bags(200, 3_000, NOW), NOW);
        assert_eq!(f.bags_done, 200);
        assert!((f.per_minute - 20.0).abs() < 1e-9, "{}", f.per_minute);
        assert!((f.finish_in_minutes.unwrap() - 40.0).abs() < 1e-9);
        assert_eq!(f.finish_at_ms, Some(NOW + 40 * MINUTE_MS));
    }

    #[test]
    fn the_rate_is_read_over_the_last_5_minutes_only() {
        // 40 a minute until 5 minutes ago, then 10 a minute.
        let mut taps = bags(50, 6_000, NOW);
        taps.extend(bags(200, 1_500, NOW - RATE_WINDOW_MS));
        let f = line_figures(1_000, &line(), &taps, NOW);
        assert!((f.per_minute - 10.0).abs() < 1e-9, "{}", f.per_minute);
        assert_eq!(f.stations[3].bags_last_5_min, 50);
    }

    #[test]
    fn a_line_started_2_minutes_ago_is_not_diluted_by_the_5_minute_window() {
        let f = line_figures(1_000, &line(), &bags(40, 3_000, NOW - 3_000), NOW);
        assert_eq!(f.bags_done, 40);
        assert!((f.per_minute - 20.0).abs() < 1e-9, "{}", f.per_minute);
        let fresh = line_figures(1_000, &line(), &bags(5, 4_000, NOW), NOW);
        assert!((fresh.per_minute - 5.0).abs() < 1e-9, "under a minute counts as one: {}", fresh.per_minute);
    }

    #[test]
    fn no_finish_time_at_rate_0_or_once_the_target_is_met() {
        let none = line_figures(1_000, &line(), &[], NOW);
        assert_eq!((none.per_minute, none.finish_in_minutes, none.finish_at_ms, none.bags_done), (0.0, None, None, 0));
        let stalled = line_figures(1_000, &line(), &bags(100, 3_000, NOW - 10 * MINUTE_MS), NOW);
        assert_eq!((stalled.per_minute, stalled.finish_at_ms), (0.0, None));
        let done = line_figures(200, &line(), &bags(200, 3_000, NOW), NOW);
        assert!(done.per_minute > 0.0);
        assert_eq!((done.finish_in_minutes, done.finish_at_ms), (None, None));
    }

    #[test]
    fn only_the_folding_stations_bags_count_and_early_stamps_count_as_now() {
        let mut taps = bags(10, 3_000, NOW + 90_000);
        taps.push(Tap { station_id: 1, kind: TapKind::Bag, at_ms: NOW });
        let f = line_figures(1_000, &line(), &taps, NOW);
        assert_eq!(f.bags_done, 10);
        assert_eq!(f.chart.last(), Some(&ChartPoint { at_ms: NOW, bags: 10 }));
    }

    #[test]
    fn stations_come_in_walking_order_with_their_stock_left() {
        let mut stations = line();
        stations[1].received = 2_600;
        stations[3].received = 5_000;
        stations.push(station(4, 4, "stickers", 1, 50));
        let f = line_figures(3_000, &stations, &bags(100, 3_000, NOW), NOW);
        let ids: Vec<i64> = f.stations.iter().map(|s| s.station_id).collect();
        assert_eq!(ids, [1, 2, 3, 4, FOLD]);
        let stock: Vec<(i64, Option<u64>)> = f.stations.iter().map(|s| (s.stock_left, s.runs_out_at_bag)).collect();
        assert_eq!(stock, [(2_500, Some(2_600)), (9_900, None), (4_800, Some(2_500)), (-50, Some(50)), (0, None)]);
        assert_eq!(f.slowest.unwrap().why, "stickers runs out at bag 50 of 3,000");
    }

    #[test]
    fn a_station_out_beats_one_running_out_which_beats_one_running_low() {
        let mut stations = line();
        stations[1].received = 2_600;
        let target = 3_000;
        let slowest =
            |stations: &[StationStock], taps: &[Tap]| line_figures(target, stations, taps, NOW).slowest.map(|b| (b.station_id, b.why));
        let low = tap(2, TapKind::Low, 9);
        let out = tap(3, TapKind::Out, 3);
        assert_eq!(slowest(&stations, &[low, out]), Some((3, "out of mints since 3 min".into())));
        assert_eq!(slowest(&stations, &[low, out, tap(2, TapKind::Out, 7)]).unwrap().0, 2, "the one out longest");
        assert_eq!(slowest(&stations, &[low, out, tap(3, TapKind::Refill, 1)]), Some((1, "pens runs out at bag 2,600 of 3,000".into())));
        stations[1].received = 10_000;
        assert_eq!(slowest(&stations, &[low, out, tap(3, TapKind::Refill, 1)]), Some((2, "running low on flyers".into())));
        assert_eq!(slowest(&stations, &[low, tap(2, TapKind::Refill, 0)]), None);
        assert_eq!(slowest(&stations, &[Tap { at_ms: NOW - 20_000, ..out }]).unwrap().1, "out of mints just now");
    }

    #[test]
    fn the_latest_report_sets_a_stations_status() {
        let taps = [tap(1, TapKind::Out, 8), tap(1, TapKind::Refill, 6), tap(1, TapKind::Low, 2), tap(2, TapKind::Refill, 4)];
        let f = line_figures(1_000, &line(), &taps, NOW);
        let status: Vec<(StationStatus, Option<i64>)> = f.stations.iter().map(|s| (s.status, s.status_since_ms)).collect();
        let ago = |m: i64| Some(NOW - m * MINUTE_MS);
        assert_eq!(
            status,
            [(StationStatus::Low, ago(2)), (StationStatus::Ok, ago(4)), (StationStatus::Ok, None), (StationStatus::Ok, None)]
        );
    }

    #[test]
    fn the_chart_is_cumulative_one_point_a_minute_from_the_first_bag_to_now() {
        let f = line_figures(1_000, &line(), &bags(200, 3_000, NOW), NOW);
        let first = NOW - 199 * 3_000;
        assert_eq!(f.chart.len(), 11);
        assert_eq!(f.chart[0], ChartPoint { at_ms: first, bags: 1 });
        assert_eq!(f.chart[1], ChartPoint { at_ms: first + MINUTE_MS, bags: 21 });
        assert!(f.chart.windows(2).all(|w| w[0].bags <= w[1].bags && w[0].at_ms < w[1].at_ms));
        assert_eq!(f.chart.last(), Some(&ChartPoint { at_ms: NOW, bags: 200 }));
        assert!(line_figures(1_000, &line(), &[], NOW).chart.is_empty());
    }

    #[test]
    fn a_long_run_charts_at_most_240_points_in_whole_minutes() {
        // A bag a minute for 10 hours, then 20 minutes of pause.
        let f = line_figures(1_000, &line(), &bags(600, MINUTE_MS, NOW - 20 * MINUTE_MS), NOW);
        assert!(f.chart.len() <= MAX_CHART_POINTS && f.chart.len() > MAX_CHART_POINTS / 2, "{}", f.chart.len());
        let step = f.chart[1].at_ms - f.chart[0].at_ms;
        assert_eq!(step % MINUTE_MS, 0);
        assert!(step > MINUTE_MS);
        assert!(f.chart.windows(2).all(|w| w[0].bags <= w[1].bags));
        assert_eq!(f.chart.last(), Some(&ChartPoint { at_ms: NOW, bags: 600 }));
        let exactly = line_figures(1_000, &line(), &bags(2, 239 * MINUTE_MS, NOW), NOW);
        assert_eq!(exactly.chart.len(), MAX_CHART_POINTS);
    }
}
