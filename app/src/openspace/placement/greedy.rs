//! The baseline an organizer would do by hand, and the start from announced cells.

use super::model::{Board, Model};
use super::{Cell, Instance, Placement};

/// Baseline: pins first; then sessions by most dots (ties: lowest index), each into the first free
/// cell in time order whose slot(s) keep its facilitators apart, largest room first within a slot.
/// A session that finds no such cell stays unplaced.
pub fn greedy(instance: &Instance) -> Placement {
    let m = Model::new(instance);
    let mut board = Board::with_pins(&m);
    fill(&m, &mut board);
    board.placement()
}

/// Pins, then every announced cell that is still valid (by session index), then greedy for the rest.
pub(crate) fn from_announced(m: &Model) -> Placement {
    let mut board = Board::with_pins(m);
    for s in 0..m.sessions() {
        if let (None, Some(c)) = (m.pinned[s], m.announced[s])
            && board.can_put(m, s, c)
        {
            board.put(m, s, c);
        }
    }
    fill(m, &mut board);
    board.placement()
}

/// Rooms by capacity, largest first (ties: lowest index).
pub(crate) fn rooms_by_capacity(m: &Model) -> Vec<u16> {
    let mut rooms: Vec<u16> = (0..m.rooms as u16).collect();
    rooms.sort_by_key(|&r| (std::cmp::Reverse(m.capacity[usize::from(r)]), r));
    rooms
}

/// Places every session not yet on the board, most dots first.
fn fill(m: &Model, board: &mut Board) {
    let mut order: Vec<usize> = (0..m.sessions()).filter(|&s| board.start[s].is_none() && m.pinned[s].is_none()).collect();
    order.sort_by_key(|&s| (std::cmp::Reverse(m.session_dots(s)), s));
    let rooms = rooms_by_capacity(m);
    for s in order {
        let cell =
            (0..m.slots as u16).flat_map(|slot| rooms.iter().map(move |&room| Cell { slot, room })).find(|&c| board.can_put(m, s, c));
        if let Some(c) = cell {
            board.put(m, s, c);
        }
    }
}
