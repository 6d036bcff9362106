//! What moving one session to each cell would cost, for the organizer's "move my session" screen.

use std::collections::BTreeSet;

use super::figures::missed_dots;
use super::{Cell, Instance, Placement, expected_attendance, held_slots};

/// Why a session may not go to a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The session itself is pinned elsewhere.
    SessionPinned,
    /// The cell, or the session's second cell, is blocked.
    Blocked,
    /// A pinned session holds the cell.
    Pinned(u32),
    /// Two or more sessions hold the cells, so no single swap frees them.
    Crowded,
    /// The holder cannot take the session's current place (blocked, no room for its length, or taken).
    SwapDoesNotFit(u32),
    /// `person` would be in `session` at the same time.
    FacilitatorBusy { person: u32, session: u32 },
    /// A 2-slot session would run into the next day.
    CrossesDay,
    /// A 2-slot session would run past the last slot, or the cell is not in the grid.
    OutOfGrid,
}

/// The effect of moving a session to one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellCost {
    pub cell: Cell,
    pub allowed: bool,
    /// Why not, when not allowed.
    pub refusal: Option<Refusal>,
    /// The non-pinned session that would swap places with this one.
    pub swaps_with: Option<u32>,
    /// Of the session's voters, how many would have another of their sessions in the same slot(s).
    pub clashing_voters: u32,
    /// Change of the total missed dots (the swap included). Computed for refused cells too, as if
    /// the rule were lifted, except outside the grid or across days, where it is 0.
    pub missed_dots_delta: i64,
    /// Seats short of the session at that cell, over its slots.
    pub seats_short: u32,
}

/// Every cell of the grid (slot by slot, room by room) with the cost of moving `session` there.
pub fn cell_costs(instance: &Instance, placement: &Placement, session: usize) -> Vec<CellCost> {
    let Some(me) = instance.sessions.get(session) else { return Vec::new() };
    let (missed_now, _) = missed_dots(instance, placement);
    let here = placement.cell(session);
    let span = me.span();
    let blocked: BTreeSet<Cell> = instance.blocked.iter().copied().collect();
    let mut out = Vec::new();
    for slot in 0..instance.slots.len() as u16 {
        for room in 0..instance.rooms.len() as u16 {
            let cell = Cell { slot, room };
            let held = held_slots(instance, cell, span);
            let mut cost = CellCost {
                cell,
                allowed: false,
                refusal: None,
                swaps_with: None,
                clashing_voters: 0,
                missed_dots_delta: 0,
                seats_short: 0,
            };
            if held.len() < usize::from(span) {
                cost.refusal = Some(Refusal::OutOfGrid);
                out.push(cost);
                continue;
            }
            if held.iter().any(|&t| instance.slots[usize::from(t)].day != instance.slots[usize::from(slot)].day) {
                cost.refusal = Some(Refusal::CrossesDay);
                out.push(cost);
                continue;
            }
            let cells: Vec<Cell> = held.iter().map(|&t| Cell { slot: t, room }).collect();
            let holders: BTreeSet<usize> = (0..instance.sessions.len())
                .filter(|&o| o != session)
                .filter(|&o| {
                    placement
                        .cell(o)
                        .is_some_and(|c| placement.slots_of(instance, o).iter().any(|&t| cells.contains(&Cell { slot: t, room: c.room })))
                })
                .collect();
            let pinned_holder = holders.iter().copied().find(|&o| instance.sessions[o].pinned.is_some());
            let swap = if holders.len() == 1 && pinned_holder.is_none() { holders.first().copied() } else { None };
            let mut moved = placement.clone();
            moved.cells.resize(instance.sessions.len(), None);
            moved.cells[session] = Some(cell);
            if let Some(o) = swap {
                moved.cells[o] = here;
            }
            cost.swaps_with = swap.map(|o| o as u32);
            cost.refusal = if here == Some(cell) {
                None
            } else if me.pinned.is_some() {
                Some(Refusal::SessionPinned)
            } else if cells.iter().any(|c| blocked.contains(c)) {
                Some(Refusal::Blocked)
            } else if let Some(p) = pinned_holder {
                Some(Refusal::Pinned(p as u32))
            } else if holders.len() > 1 {
                Some(Refusal::Crowded)
            } else if let Some(o) = swap.filter(|&o| !fits_at(instance, &moved, &blocked, o)) {
                Some(Refusal::SwapDoesNotFit(o as u32))
            } else {
                facilitator_busy(instance, &moved, session).or_else(|| swap.and_then(|o| facilitator_busy(instance, &moved, o)))
            };
            cost.allowed = cost.refusal.is_none();
            cost.missed_dots_delta = missed_dots(instance, &moved).0 as i64 - missed_now as i64;
            cost.clashing_voters = clashing_voters(instance, &moved, session);
            let capacity = instance.rooms[usize::from(room)].capacity;
            cost.seats_short = expected_attendance(instance, &moved)[session].iter().map(|&e| e.saturating_sub(capacity)).sum();
            out.push(cost);
        }
    }
    out
}

/// Whether session `o` sits validly in `placement`: unplaced, or whole, on one day, unblocked, alone.
fn fits_at(instance: &Instance, placement: &Placement, blocked: &BTreeSet<Cell>, o: usize) -> bool {
    let Some(cell) = placement.cell(o) else { return true };
    let held = held_slots(instance, cell, instance.sessions[o].span());
    let day = instance.slots[usize::from(cell.slot)].day;
    held.len() == usize::from(instance.sessions[o].span())
        && held.iter().all(|&t| instance.slots[usize::from(t)].day == day && !blocked.contains(&Cell { slot: t, room: cell.room }))
        && (0..instance.sessions.len()).filter(|&x| x != o && placement.cell(x).is_some_and(|c| c.room == cell.room)).all(|x| {
            let theirs = placement.slots_of(instance, x);
            !held.iter().any(|t| theirs.contains(t))
        })
}

/// A facilitator of `s` who also runs another session in one of `s`'s slots.
fn facilitator_busy(instance: &Instance, placement: &Placement, s: usize) -> Option<Refusal> {
    let mine = placement.slots_of(instance, s);
    for (o, other) in instance.sessions.iter().enumerate() {
        if o == s || !placement.slots_of(instance, o).iter().any(|t| mine.contains(t)) {
            continue;
        }
        if let Some(&person) = instance.sessions[s].facilitators.iter().find(|p| other.facilitators.contains(p)) {
            return Some(Refusal::FacilitatorBusy { person, session: o as u32 });
        }
    }
    None
}

/// Voters of `s` who put dots on another session running in one of `s`'s slots.
fn clashing_voters(instance: &Instance, placement: &Placement, s: usize) -> u32 {
    let mine = placement.slots_of(instance, s);
    let concurrent: BTreeSet<u32> = (0..instance.sessions.len())
        .filter(|&o| o != s && placement.slots_of(instance, o).iter().any(|t| mine.contains(t)))
        .map(|o| o as u32)
        .collect();
    let voters: BTreeSet<u32> = instance.votes.iter().filter(|v| v.session as usize == s && v.dots > 0).map(|v| v.voter).collect();
    voters.iter().filter(|&&v| instance.votes.iter().any(|x| x.voter == v && x.dots > 0 && concurrent.contains(&x.session))).count() as u32
}
