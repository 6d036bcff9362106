//! A proven lower bound on missed dots.
//!
//! Let A be the dot-slots that a valid placement lets voters attend, so missed = total − A, and
//! A = Σ_v A_v over voters. Two facts hold for each voter v:
//!
//! 1. v attends at most one session per slot, and only in slots where some session can be (a slot
//!    with a free unblocked cell, or holding a pin v voted for): with S_v such slots,
//!    A_v ≤ top_v, the S_v largest of v's dot-slot units (a session gives `length` units of its dots).
//! 2. v attends only placed sessions: A_v ≤ P_v = Σ over placed s of length_s × dots_vs.
//!
//! So A_v ≤ min(top_v, P_v) ≤ μ_v·top_v + (1 − μ_v)·P_v for any μ_v in [0, 1]. Summed over voters,
//! the P part is Σ over placed s of length_s × u_s with u_s = Σ_v (1 − μ_v)·dots_vs: pins are always
//! placed, and the other placed sessions hold distinct free cells (unblocked, not held by a pin), at
//! most B of them, so that part is at most the fractional knapsack of B cell-units by value u_s.
//! Hence missed ≥ total − g(μ) for every μ, where g(μ) = Σ_v μ_v·top_v + pins + knapsack.
//! μ = 1 everywhere is the bound from voters having more dot-slots than slots; μ = 0 everywhere is
//! the bound from sessions that cannot all fit; a subgradient search over μ takes the best mix, which
//! is the linear-programming relaxation of both facts together.

use super::Instance;
use super::model::{Board, Model};

/// Subgradient steps; each costs one pass over the votes.
const STEPS: usize = 150;

/// A number of missed dots that no valid placement goes below (argument in the module source).
pub fn lower_bound(instance: &Instance) -> u64 {
    let m = Model::new(instance);
    if m.total_dots == 0 {
        return 0;
    }
    let board = Board::with_pins(&m);
    let sessions = m.sessions();
    // Sessions that some valid placement can hold: pinned, or with a start that pins leave free.
    let placeable: Vec<bool> = (0..sessions)
        .map(|s| m.pinned[s].is_some() || m.starts[usize::from(m.span[s]) - 1].iter().any(|&c| board.can_put(&m, s, c)))
        .collect();
    let free_cells = (0..m.slots * m.rooms).filter(|&i| !m.blocked[i] && board.occupant[i] == u32::MAX).count();
    let open_slot: Vec<bool> =
        (0..m.slots).map(|t| (0..m.rooms).any(|r| !m.blocked[t * m.rooms + r] && board.occupant[t * m.rooms + r] == u32::MAX)).collect();
    let top: Vec<f64> = m
        .by_voter
        .iter()
        .map(|ballot| {
            let mut slots = open_slot.clone();
            for &(s, _) in ballot {
                if let Some(c) = m.pinned[s as usize] {
                    m.held(m.span[s as usize], c).for_each(|t| slots[t] = true);
                }
            }
            let reachable = slots.iter().filter(|&&x| x).count();
            let mut units: Vec<u32> = ballot
                .iter()
                .filter(|&&(s, _)| placeable[s as usize])
                .flat_map(|&(s, d)| std::iter::repeat_n(d, usize::from(m.span[s as usize])))
                .collect();
            units.sort_unstable_by(|a, b| b.cmp(a));
            units.iter().take(reachable).map(|&d| f64::from(d)).sum()
        })
        .collect();
    let voters = m.by_voter.len();
    let mut order: Vec<usize> = (0..sessions).filter(|&s| placeable[s] && m.pinned[s].is_none()).collect();
    // g(μ) and the placed fraction z_s of each session in the knapsack's optimum.
    let mut z = vec![0.0f64; sessions];
    let mut g = |mu: &[f64], z: &mut [f64]| -> f64 {
        let unit: Vec<f64> =
            (0..sessions).map(|s| m.by_session[s].iter().map(|&(v, d)| (1.0 - mu[v as usize]) * f64::from(d)).sum()).collect();
        let mut value: f64 = mu.iter().zip(&top).map(|(a, b)| a * b).sum();
        z.iter_mut().for_each(|x| *x = 0.0);
        for s in 0..sessions {
            if m.pinned[s].is_some() {
                z[s] = 1.0;
                value += f64::from(m.span[s]) * unit[s];
            }
        }
        order.sort_by(|&a, &b| unit[b].total_cmp(&unit[a]).then(a.cmp(&b)));
        let mut left = free_cells as f64;
        for &s in order.iter() {
            let take = left.min(f64::from(m.span[s]));
            if take <= 0.0 {
                break;
            }
            z[s] = take / f64::from(m.span[s]);
            value += take * unit[s];
            left -= take;
        }
        value
    };
    let mut best = f64::INFINITY;
    for start in [0.0, 1.0] {
        best = best.min(g(&vec![start; voters], &mut z));
    }
    let mut mu = vec![0.5; voters];
    for step in 0..STEPS {
        best = best.min(g(&mu, &mut z));
        // ∂g/∂μ_v = top_v − P_v(z); step against it, scaled so the largest move shrinks over time.
        let grad: Vec<f64> = (0..voters)
            .map(|v| top[v] - m.by_voter[v].iter().map(|&(s, d)| z[s as usize] * f64::from(m.span[s as usize]) * f64::from(d)).sum::<f64>())
            .collect();
        let largest = grad.iter().fold(0.0f64, |a, b| a.max(b.abs()));
        if largest == 0.0 {
            break;
        }
        let rate = 0.5 / (1.0 + step as f64 / 10.0) / largest;
        for (x, d) in mu.iter_mut().zip(&grad) {
            *x = (*x - rate * d).clamp(0.0, 1.0);
        }
    }
    // The slack absorbs float rounding; missed dots are whole, so round the bound up.
    let bound = m.total_dots as f64 - best - 1e-6;
    if bound <= 0.0 { 0 } else { bound.ceil() as u64 }
}
