//! Shared by the tests: small instances, an independent rule checker and an exhaustive optimum.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::model::{Board, Model};
use super::{Cell, Instance, Placement, Room, Session, Slot, Vote};

/// A grid with `per_day[d]` slots on day `d` and one room per capacity.
pub fn grid(per_day: &[usize], capacities: &[u32]) -> Instance {
    Instance {
        slots: per_day.iter().enumerate().flat_map(|(d, &n)| std::iter::repeat_n(Slot { day: d as u16 }, n)).collect(),
        rooms: capacities.iter().map(|&capacity| Room { capacity }).collect(),
        attendees_per_voter: 1.0,
        ..Instance::default()
    }
}

pub fn session(length: u8, facilitators: &[u32]) -> Session {
    Session { length, facilitators: facilitators.to_vec(), ..Session::default() }
}

pub fn vote(voter: u32, session: u32, dots: u32) -> Vote {
    Vote { voter, session, dots }
}

pub fn cell(slot: u16, room: u16) -> Cell {
    Cell { slot, room }
}

/// Every rule a placement must keep, checked from the definitions; pins are exempt except that they
/// must sit on their cells. Returns what is broken.
pub fn broken_rules(instance: &Instance, placement: &Placement) -> Vec<String> {
    let mut broken = Vec::new();
    let n = instance.sessions.len();
    for (s, session) in instance.sessions.iter().enumerate() {
        let at = placement.cell(s);
        if let Some(pin) = session.pinned {
            if at != Some(pin) {
                broken.push(format!("pinned session {s} is at {at:?}, not {pin:?}"));
            }
            continue;
        }
        let Some(c) = at else { continue };
        let slots: Vec<u16> = (c.slot..c.slot + session.span()).collect();
        if usize::from(c.room) >= instance.rooms.len() || slots.iter().any(|&t| usize::from(t) >= instance.slots.len()) {
            broken.push(format!("session {s} leaves the grid at {c:?}"));
            continue;
        }
        if slots.iter().any(|&t| instance.slots[usize::from(t)].day != instance.slots[usize::from(c.slot)].day) {
            broken.push(format!("session {s} crosses a day at {c:?}"));
        }
        for &t in &slots {
            if instance.blocked.contains(&Cell { slot: t, room: c.room }) {
                broken.push(format!("session {s} sits in blocked cell ({t}, {})", c.room));
            }
        }
        for o in (0..n).filter(|&o| o != s) {
            let theirs = placement.slots_of(instance, o);
            let shared: Vec<&u16> = slots.iter().filter(|t| theirs.contains(t)).collect();
            if shared.is_empty() {
                continue;
            }
            if placement.cell(o).is_some_and(|oc| oc.room == c.room) {
                broken.push(format!("sessions {s} and {o} share a cell in room {}", c.room));
            }
            if session.facilitators.iter().any(|p| instance.sessions[o].facilitators.contains(p)) {
                broken.push(format!("sessions {s} and {o} share a facilitator in one slot"));
            }
        }
    }
    if placement.cells.len() > n {
        broken.push("more cells than sessions".into());
    }
    broken
}

/// The placement holding only the pins.
pub fn pins_only(instance: &Instance) -> Placement {
    Placement { cells: instance.sessions.iter().map(|s| s.pinned).collect() }
}

/// The fewest missed dots over every valid placement, by exhaustive search (tiny instances only).
pub fn optimum(instance: &Instance) -> u64 {
    let m = Model::new(instance);
    let mut board = Board::with_pins(&m);
    let free: Vec<usize> = (0..m.sessions()).filter(|&s| m.pinned[s].is_none()).collect();
    let mut best = u64::MAX;
    explore(&m, &mut board, &free, &mut best);
    best
}

fn explore(m: &Model, board: &mut Board, free: &[usize], best: &mut u64) {
    let Some((&s, rest)) = free.split_first() else {
        *best = (*best).min(missed(m, &board.start));
        return;
    };
    explore(m, board, rest, best);
    for &c in &m.starts[usize::from(m.span[s]) - 1] {
        if board.can_put(m, s, c) {
            board.put(m, s, c);
            explore(m, board, rest, best);
            board.take(m, s);
        }
    }
}

/// Missed dots computed over the dense model, straight from the definition.
fn missed(m: &Model, start: &[Option<Cell>]) -> u64 {
    let mut attended = 0u64;
    for ballot in &m.by_voter {
        for t in 0..m.slots {
            let here = ballot.iter().filter(|&&(s, _)| start[s as usize].is_some_and(|c| m.held(m.span[s as usize], c).contains(&t)));
            attended += u64::from(here.map(|&(_, d)| d).max().unwrap_or(0));
        }
    }
    m.total_dots - attended
}

/// A small random instance with every feature: days, blocked cells, 2-slot sessions, shared
/// facilitators, pins (possibly clashing or overlapping) and announced cells.
pub fn random_instance(seed: u64, sessions: usize, slots: usize, rooms: usize, pins: bool) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut day = 0u16;
    let slot_list: Vec<Slot> = (0..slots)
        .map(|t| {
            if t > 0 && rng.random_bool(0.3) {
                day += 1;
            }
            Slot { day }
        })
        .collect();
    let any_cell = |rng: &mut ChaCha8Rng| cell(rng.random_range(0..slots) as u16, rng.random_range(0..rooms) as u16);
    let mut instance = Instance {
        slots: slot_list,
        rooms: (0..rooms).map(|_| Room { capacity: rng.random_range(1..8) }).collect(),
        attendees_per_voter: if rng.random_bool(0.5) { 1.0 } else { 1.5 },
        ..Instance::default()
    };
    for _ in 0..sessions {
        let facilitators: Vec<u32> = (0..rng.random_range(0..3)).map(|_| rng.random_range(0..5)).collect();
        let pinned = (pins && rng.random_bool(0.2)).then(|| any_cell(&mut rng));
        let announced = rng.random_bool(0.5).then(|| any_cell(&mut rng));
        instance.sessions.push(Session { length: if rng.random_bool(0.3) { 2 } else { 1 }, facilitators, pinned, announced });
    }
    for t in 0..slots {
        for r in 0..rooms {
            if rng.random_bool(0.15) {
                instance.blocked.push(cell(t as u16, r as u16));
            }
        }
    }
    for voter in 0..rng.random_range(1..10u32) {
        for _ in 0..rng.random_range(1..4) {
            let s = rng.random_range(0..sessions as u32);
            instance.votes.push(vote(voter, s, rng.random_range(1..4)));
        }
    }
    instance
}
