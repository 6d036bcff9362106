//! Rooms within slots: the search fixes who runs when, and this gives the crowded sessions the big
//! rooms. Rooms never change who attends what, so only seats short are at stake here.

use super::model::{FREE, Model};
use super::{Cell, Instance, Placement, expected_attendance};

/// Passes of improving room exchanges; each pass that changes nothing ends the work early.
const PASSES: usize = 20;

/// Reassigns rooms in `placement` to cut seats short, keeping every session in its slots. Pinned
/// sessions stay, and so, when `keep_announced`, do sessions sitting at their announced cell.
pub(crate) fn assign(m: &Model, instance: &Instance, placement: &Placement, keep_announced: bool) -> Placement {
    let expected = expected_attendance(instance, placement);
    let mut cells: Vec<Option<Cell>> = (0..m.sessions()).map(|s| placement.cell(s)).collect();
    let fixed: Vec<bool> =
        (0..m.sessions()).map(|s| m.pinned[s].is_some() || (keep_announced && cells[s].is_some() && m.announced[s] == cells[s])).collect();
    let short = |s: usize, room: u16| -> u64 {
        let capacity = m.capacity[usize::from(room)];
        expected[s].iter().map(|&e| u64::from(e.saturating_sub(capacity))).sum()
    };
    sort_single_slot(m, &mut cells, &fixed, &expected);
    for _ in 0..PASSES {
        let mut improved = false;
        for s in 0..m.sessions() {
            let Some(cell) = cells[s] else { continue };
            if fixed[s] {
                continue;
            }
            for room in 0..m.rooms as u16 {
                if room == cell.room {
                    continue;
                }
                let Some(others) = exchange(m, &cells, &fixed, s, room) else { continue };
                let before: u64 = short(s, cell.room) + others.iter().map(|&o| short(o, room)).sum::<u64>();
                let after: u64 = short(s, room) + others.iter().map(|&o| short(o, cell.room)).sum::<u64>();
                if after < before {
                    cells[s] = Some(Cell { room, ..cell });
                    for &o in &others {
                        cells[o] = cells[o].map(|c| Cell { room: cell.room, ..c });
                    }
                    improved = true;
                    break;
                }
            }
        }
        if !improved {
            break;
        }
    }
    Placement { cells }
}

/// Who holds each cell, by board index.
fn occupancy(m: &Model, cells: &[Option<Cell>]) -> Vec<u32> {
    let mut occupant = vec![FREE; m.slots * m.rooms];
    for (s, cell) in cells.iter().enumerate() {
        if let Some(c) = cell {
            for i in m.cells(m.span[s], *c) {
                if occupant[i] == FREE {
                    occupant[i] = s as u32;
                }
            }
        }
    }
    occupant
}

/// The sessions that would trade rooms with `s` if it went to `room` in its own slots: they must be
/// movable and lie within `s`'s slots, and the cells of `s` there must be unblocked.
fn exchange(m: &Model, cells: &[Option<Cell>], fixed: &[bool], s: usize, room: u16) -> Option<Vec<usize>> {
    let cell = cells[s]?;
    let target = Cell { room, ..cell };
    if !m.fits(m.span[s], target) {
        return None;
    }
    let occupant = occupancy(m, cells);
    let slots = m.held(m.span[s], cell);
    let mut others: Vec<usize> = Vec::new();
    for i in m.cells(m.span[s], target) {
        let o = occupant[i];
        if o == FREE || others.contains(&(o as usize)) {
            continue;
        }
        let o = o as usize;
        let theirs = cells[o].map(|c| m.held(m.span[o], c))?;
        if fixed[o] || theirs.start < slots.start || theirs.end > slots.end {
            return None;
        }
        others.push(o);
    }
    Some(others)
}

/// Within each slot, 1-slot movable sessions take the rooms left free by the others, the largest
/// expected crowd in the largest room: sorting both sides minimizes the seats short among them.
fn sort_single_slot(m: &Model, cells: &mut [Option<Cell>], fixed: &[bool], expected: &[Vec<u32>]) {
    for t in 0..m.slots {
        let mut sessions: Vec<usize> =
            (0..m.sessions()).filter(|&s| !fixed[s] && m.span[s] == 1 && cells[s].is_some_and(|c| usize::from(c.slot) == t)).collect();
        if sessions.is_empty() {
            continue;
        }
        let others: Vec<Option<Cell>> = cells.iter().enumerate().map(|(s, c)| if sessions.contains(&s) { None } else { *c }).collect();
        let occupant = occupancy(m, &others);
        let mut rooms: Vec<u16> = (0..m.rooms as u16)
            .filter(|&r| !m.blocked[t * m.rooms + usize::from(r)] && occupant[t * m.rooms + usize::from(r)] == FREE)
            .collect();
        rooms.sort_by_key(|&r| (std::cmp::Reverse(m.capacity[usize::from(r)]), r));
        sessions.sort_by_key(|&s| (std::cmp::Reverse(expected[s][0]), s));
        debug_assert!(sessions.len() <= rooms.len(), "more sessions than free rooms in a slot");
        for (&s, &room) in sessions.iter().zip(&rooms) {
            cells[s] = Some(Cell { slot: t as u16, room });
        }
    }
}
