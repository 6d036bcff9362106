//! Figures recounted from scratch, written to be plainly right rather than fast; the search keeps
//! its own running totals and the tests hold them against these.

use std::collections::{BTreeMap, BTreeSet};

use super::{Cell, Figures, Instance, Placement, held_slots, lower_bound};

/// Two sessions in one slot sharing at least this many voters are worth a warning.
pub const SHARED_VOTERS_WARNING: u32 = 3;

/// Something an organizer should look at in a placement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// `person` facilitates all of `sessions` in `slot`.
    FacilitatorClash { slot: u16, person: u32, sessions: Vec<u32> },
    /// More people are expected in `session` during `slot` than `room` seats.
    RoomTooSmall { session: u32, slot: u16, room: u16, expected: u32, capacity: u32 },
    /// Sessions `a` < `b` run in the same slot and `shared` voters put dots on both.
    SharedVoters { slot: u16, a: u32, b: u32, shared: u32 },
    /// Several sessions hold the same cell (only pins can do that).
    CellConflict { cell: Cell, sessions: Vec<u32> },
    /// The session's cell is blocked, outside the grid, or its second slot is on another day.
    BadCell { session: u32, cell: Cell },
}

/// Each voter's dots per session, merged; invalid votes dropped.
fn ballots(instance: &Instance) -> BTreeMap<u32, BTreeMap<u32, u32>> {
    let mut ballots: BTreeMap<u32, BTreeMap<u32, u32>> = BTreeMap::new();
    for v in &instance.votes {
        if (v.session as usize) < instance.sessions.len() && v.dots > 0 {
            *ballots.entry(v.voter).or_default().entry(v.session).or_default() += v.dots;
        }
    }
    ballots
}

/// For one voter and one slot, the session attended: most dots, ties to the lowest index.
fn attended(ballot: &BTreeMap<u32, u32>, held: &[Vec<u16>], slot: u16) -> Option<u32> {
    let mut best: Option<(u32, u32)> = None;
    for (&s, &d) in ballot {
        if held[s as usize].contains(&slot) && best.is_none_or(|(_, bd)| d > bd) {
            best = Some((s, d));
        }
    }
    best.map(|(s, _)| s)
}

fn held_by_session(instance: &Instance, placement: &Placement) -> Vec<Vec<u16>> {
    (0..instance.sessions.len()).map(|s| placement.slots_of(instance, s)).collect()
}

/// Missed and total dot-slots, straight from the definition.
pub(crate) fn missed_dots(instance: &Instance, placement: &Placement) -> (u64, u64) {
    let held = held_by_session(instance, placement);
    let (mut missed, mut total) = (0u64, 0u64);
    for ballot in ballots(instance).values() {
        for (&s, &d) in ballot {
            let span = u64::from(instance.sessions[s as usize].span());
            total += u64::from(d) * span;
            // Slots the session should hold but does not (unplaced, or cut off by the grid's end).
            missed += u64::from(d) * (span - held[s as usize].len() as u64);
        }
        for slot in 0..instance.slots.len() as u16 {
            let Some(chosen) = attended(ballot, &held, slot) else { continue };
            for (&s, &d) in ballot {
                if s != chosen && held[s as usize].contains(&slot) {
                    missed += u64::from(d);
                }
            }
        }
    }
    (missed, total)
}

/// Expected attendance per session, one entry per slot it holds in time order (empty if unplaced):
/// voters attending it there (its facilitators left out) × `attendees_per_voter` rounded up, plus
/// its facilitators.
pub fn expected_attendance(instance: &Instance, placement: &Placement) -> Vec<Vec<u32>> {
    let held = held_by_session(instance, placement);
    let mut voters: Vec<Vec<u32>> = held.iter().map(|h| vec![0; h.len()]).collect();
    for (voter, ballot) in ballots(instance) {
        for slot in 0..instance.slots.len() as u16 {
            let Some(s) = attended(&ballot, &held, slot) else { continue };
            if !instance.sessions[s as usize].facilitators.contains(&voter) {
                let offset = held[s as usize].iter().position(|&t| t == slot).unwrap_or(0);
                voters[s as usize][offset] += 1;
            }
        }
    }
    let scale = instance.attendees_per_voter.max(1.0);
    voters
        .iter()
        .zip(&instance.sessions)
        .map(|(counts, session)| {
            let hosts = session.facilitators.iter().collect::<BTreeSet<_>>().len() as u32;
            // The small slack keeps 10 × 1.2 at 12 despite floating point.
            counts.iter().map(|&n| (f64::from(n) * scale - 1e-9).ceil().max(0.0) as u32 + hosts).collect()
        })
        .collect()
}

/// All figures of a placement, recounted from scratch.
pub fn evaluate(instance: &Instance, placement: &Placement) -> Figures {
    let (missed_dots, total_dots) = missed_dots(instance, placement);
    let expected = expected_attendance(instance, placement);
    let mut seats_short = vec![0u32; instance.rooms.len()];
    for (s, per_slot) in expected.iter().enumerate() {
        if let Some(cell) = placement.cell(s)
            && let Some(room) = instance.rooms.get(usize::from(cell.room))
        {
            seats_short[usize::from(cell.room)] += per_slot.iter().map(|&e| e.saturating_sub(room.capacity)).sum::<u32>();
        }
    }
    let sessions = instance.sessions.len();
    Figures {
        missed_dots,
        total_dots,
        lower_bound: lower_bound(instance),
        seats_short,
        facilitator_clashes: clashes(instance, placement).len() as u32,
        unplaced: (0..sessions).filter(|&s| placement.cell(s).is_none()).count() as u32,
        moved: (0..sessions).filter(|&s| instance.sessions[s].announced.is_some_and(|a| placement.cell(s) != Some(a))).count() as u32,
    }
}

/// (slot, person) → the sessions that person facilitates in that slot, where there are two or more.
fn clashes(instance: &Instance, placement: &Placement) -> BTreeMap<(u16, u32), Vec<u32>> {
    let mut by: BTreeMap<(u16, u32), Vec<u32>> = BTreeMap::new();
    for (s, session) in instance.sessions.iter().enumerate() {
        let people: BTreeSet<u32> = session.facilitators.iter().copied().collect();
        for slot in placement.slots_of(instance, s) {
            for &p in &people {
                by.entry((slot, p)).or_default().push(s as u32);
            }
        }
    }
    by.retain(|_, v| v.len() > 1);
    by
}

/// Everything in a placement an organizer should look at, in a stable order.
pub fn warnings(instance: &Instance, placement: &Placement) -> Vec<Warning> {
    let mut out = Vec::new();
    for ((slot, person), sessions) in clashes(instance, placement) {
        out.push(Warning::FacilitatorClash { slot, person, sessions });
    }
    let mut cells: BTreeMap<Cell, Vec<u32>> = BTreeMap::new();
    for (s, session) in instance.sessions.iter().enumerate() {
        let Some(cell) = placement.cell(s) else { continue };
        let held = held_slots(instance, cell, session.span());
        let fits = held.len() == usize::from(session.span())
            && held.iter().all(|&t| instance.slots[usize::from(t)].day == instance.slots[usize::from(cell.slot)].day)
            && held.iter().all(|&t| !instance.blocked.contains(&Cell { slot: t, room: cell.room }));
        if !fits {
            out.push(Warning::BadCell { session: s as u32, cell });
        }
        for t in held {
            cells.entry(Cell { slot: t, room: cell.room }).or_default().push(s as u32);
        }
    }
    for (cell, sessions) in cells {
        if sessions.len() > 1 {
            out.push(Warning::CellConflict { cell, sessions });
        }
    }
    for (s, per_slot) in expected_attendance(instance, placement).iter().enumerate() {
        let Some(cell) = placement.cell(s) else { continue };
        let Some(capacity) = instance.rooms.get(usize::from(cell.room)).map(|r| r.capacity) else { continue };
        for (&expected, slot) in per_slot.iter().zip(placement.slots_of(instance, s)) {
            if expected > capacity {
                out.push(Warning::RoomTooSmall { session: s as u32, slot, room: cell.room, expected, capacity });
            }
        }
    }
    let voters_of =
        |s: usize| -> BTreeSet<u32> { instance.votes.iter().filter(|v| v.session as usize == s && v.dots > 0).map(|v| v.voter).collect() };
    let voters: Vec<BTreeSet<u32>> = (0..instance.sessions.len()).map(voters_of).collect();
    for slot in 0..instance.slots.len() as u16 {
        let here: Vec<usize> = (0..instance.sessions.len()).filter(|&s| placement.slots_of(instance, s).contains(&slot)).collect();
        for (i, &a) in here.iter().enumerate() {
            for &b in &here[i + 1..] {
                let shared = voters[a].intersection(&voters[b]).count() as u32;
                if shared >= SHARED_VOTERS_WARNING {
                    out.push(Warning::SharedVoters { slot, a: a as u32, b: b as u32, shared });
                }
            }
        }
    }
    out
}
