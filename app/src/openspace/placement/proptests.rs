//! Property tests on small random instances with pins, blocks, 2-slot sessions and shared facilitators.

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::model::Model;
use super::rooms;
use super::search::Search;
use super::testkit::{broken_rules, optimum, pins_only, random_instance};
use super::*;

/// Enough steps for tiny instances while keeping the suite quick.
fn options(seed: u64) -> Options {
    Options { seed, iterations: 3_000, ..Options::default() }
}

fn shapes() -> impl Strategy<Value = (u64, usize, usize, usize, bool)> {
    (any::<u64>(), 1..7usize, 1..5usize, 1..4usize, any::<bool>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn placements_keep_every_rule((seed, sessions, slots, rooms, pins) in shapes()) {
        let i = random_instance(seed, sessions, slots, rooms, pins);
        let out = place(&i, &options(seed));
        prop_assert_eq!(broken_rules(&i, &out.placement), Vec::<String>::new());
        prop_assert_eq!(broken_rules(&i, &greedy(&i)), Vec::<String>::new());
        // Only clashes among the pins themselves may remain.
        prop_assert_eq!(out.figures.facilitator_clashes, evaluate(&i, &pins_only(&i)).facilitator_clashes);
    }

    #[test]
    fn figures_are_the_recount_and_never_worse_than_greedy((seed, sessions, slots, rooms, pins) in shapes()) {
        let i = random_instance(seed, sessions, slots, rooms, pins);
        let out = place(&i, &options(seed));
        prop_assert_eq!(&out.figures, &evaluate(&i, &out.placement));
        prop_assert_eq!(&out.baseline, &evaluate(&i, &greedy(&i)));
        prop_assert!(out.figures.missed_dots <= out.baseline.missed_dots);
        if out.figures.missed_dots == out.baseline.missed_dots {
            prop_assert!(out.figures.seats_short_total() <= out.baseline.seats_short_total());
        }
    }

    #[test]
    fn the_bound_is_never_above_the_optimum((seed, sessions, slots, rooms, pins) in shapes()) {
        let i = random_instance(seed, sessions, slots.min(3), rooms.min(2), pins);
        let best = optimum(&i);
        let out = place(&i, &options(seed));
        prop_assert!(lower_bound(&i) <= best, "bound {} above optimum {}", lower_bound(&i), best);
        prop_assert!(best <= out.figures.missed_dots);
    }

    #[test]
    fn the_same_seed_gives_the_same_placement((seed, sessions, slots, rooms, pins) in shapes()) {
        let i = random_instance(seed, sessions, slots, rooms, pins);
        prop_assert_eq!(place(&i, &options(seed)), place(&i, &options(seed)));
    }

    #[test]
    fn keeping_announced_cells_moves_no_more_of_them((seed, sessions, slots, rooms, pins) in shapes()) {
        let i = random_instance(seed, sessions, slots, rooms, pins);
        let free = place(&i, &options(seed));
        let kept = place(&i, &Options { keep_announced: true, ..options(seed) });
        prop_assert!(kept.figures.moved <= free.figures.moved, "kept {:?} free {:?}", kept.figures, free.figures);
        prop_assert_eq!(broken_rules(&i, &kept.placement), Vec::<String>::new());
    }

    #[test]
    fn running_totals_match_the_recount_after_any_steps((seed, sessions, slots, rooms, pins) in shapes(), penalty in 0..5u64) {
        let i = random_instance(seed, sessions, slots, rooms, pins);
        let m = Model::new(&i);
        let mut search = Search::new(&m, &greedy(&i), penalty);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..40 {
            let s = rng.random_range(0..sessions);
            if i.sessions[s].pinned.is_some() {
                continue;
            }
            let o = rng.random_range(0..sessions);
            let target = (slots > 0 && rng.random_bool(0.8)).then(|| Cell { slot: rng.random_range(0..slots) as u16, room: rng.random_range(0..rooms) as u16 });
            let here = search.placement().cell(s);
            let changes: Vec<(usize, Option<Cell>)> = if o != s && i.sessions[o].pinned.is_none() { vec![(s, target), (o, here)] } else { vec![(s, target)] };
            let old: Vec<Option<Cell>> = changes.iter().map(|&(x, _)| search.placement().cell(x)).collect();
            let before = search.placement();
            if let Some(delta) = search.try_move(&changes) {
                if rng.random_bool(0.7) {
                    search.commit(delta);
                } else {
                    search.undo(&changes, &old);
                    prop_assert_eq!(search.placement(), before);
                }
            } else {
                prop_assert_eq!(search.placement(), before);
            }
            let p = search.placement();
            prop_assert_eq!(broken_rules(&i, &p), Vec::<String>::new());
            let f = evaluate(&i, &p);
            prop_assert_eq!(search.cost, (f.missed_dots + penalty * u64::from(f.moved)) as i64);
        }
    }

    #[test]
    fn allowed_cell_moves_keep_every_rule_and_report_the_true_change((seed, sessions, slots, rooms, pins) in shapes()) {
        let i = random_instance(seed, sessions, slots, rooms, pins);
        let p = place(&i, &options(seed)).placement;
        let before = evaluate(&i, &p).missed_dots as i64;
        let s = (seed % sessions as u64) as usize;
        let costs = cell_costs(&i, &p, s);
        prop_assert_eq!(costs.len(), slots * rooms);
        for cost in costs {
            let mut moved = p.clone();
            moved.cells[s] = Some(cost.cell);
            if let Some(o) = cost.swaps_with {
                moved.cells[o as usize] = p.cell(s);
            }
            prop_assert_eq!(cost.allowed, cost.refusal.is_none());
            if cost.allowed {
                prop_assert_eq!(broken_rules(&i, &moved), Vec::<String>::new(), "cell {:?}", cost.cell);
                prop_assert_eq!(cost.missed_dots_delta, evaluate(&i, &moved).missed_dots as i64 - before);
            } else if i.sessions[s].pinned.is_none() && matches!(cost.refusal, Some(Refusal::FacilitatorBusy { .. }) | Some(Refusal::Blocked) | Some(Refusal::SwapDoesNotFit(_))) {
                prop_assert!(!broken_rules(&i, &moved).is_empty(), "refused {:?} yet valid", cost);
            }
        }
    }

    #[test]
    fn rooms_keep_slots_and_never_add_seats_short((seed, sessions, slots, rooms, pins) in shapes(), keep in any::<bool>()) {
        let i = random_instance(seed, sessions, slots, rooms, pins);
        let m = Model::new(&i);
        let start = greedy(&i);
        let roomed = rooms::assign(&m, &i, &start, keep);
        prop_assert_eq!(broken_rules(&i, &roomed), Vec::<String>::new());
        for s in 0..sessions {
            prop_assert_eq!(roomed.slots_of(&i, s), start.slots_of(&i, s));
            if keep && i.sessions[s].announced.is_some() && start.cell(s) == i.sessions[s].announced {
                prop_assert_eq!(roomed.cell(s), start.cell(s));
            }
        }
        prop_assert!(evaluate(&i, &roomed).seats_short_total() <= evaluate(&i, &start).seats_short_total());
    }
}
