//! The instance in dense, index-based form, and a board that tracks who holds which cell.

use std::collections::BTreeMap;

use super::{Cell, Instance, Placement};

/// Marks a free cell on the board.
pub(crate) const FREE: u32 = u32::MAX;

/// The instance prepared for fast lookups: people and voters renumbered densely, votes merged.
pub(crate) struct Model {
    pub slots: usize,
    pub rooms: usize,
    pub day: Vec<u16>,
    pub capacity: Vec<u32>,
    /// Indexed by `slot * rooms + room`.
    pub blocked: Vec<bool>,
    pub span: Vec<u16>,
    pub pinned: Vec<Option<Cell>>,
    pub announced: Vec<Option<Cell>>,
    /// Dense person indices, deduplicated.
    pub facilitators: Vec<Vec<u32>>,
    pub persons: usize,
    /// Per session: (dense voter, dots).
    pub by_session: Vec<Vec<(u32, u32)>>,
    /// Per dense voter: (session, dots), by session.
    pub by_voter: Vec<Vec<(u32, u32)>>,
    pub total_dots: u64,
    /// Valid start cells for 1-slot and 2-slot sessions.
    pub starts: [Vec<Cell>; 2],
}

impl Model {
    pub fn new(instance: &Instance) -> Model {
        let slots = instance.slots.len();
        let rooms = instance.rooms.len();
        let mut blocked = vec![false; slots * rooms];
        for c in &instance.blocked {
            if usize::from(c.slot) < slots && usize::from(c.room) < rooms {
                blocked[usize::from(c.slot) * rooms + usize::from(c.room)] = true;
            }
        }
        let mut person_index = BTreeMap::new();
        let facilitators: Vec<Vec<u32>> = instance
            .sessions
            .iter()
            .map(|s| {
                let mut ids: Vec<u32> = s
                    .facilitators
                    .iter()
                    .map(|p| {
                        let next = person_index.len() as u32;
                        *person_index.entry(*p).or_insert(next)
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            })
            .collect();
        let mut ballots: BTreeMap<u32, BTreeMap<u32, u32>> = BTreeMap::new();
        for v in &instance.votes {
            if (v.session as usize) < instance.sessions.len() && v.dots > 0 {
                *ballots.entry(v.voter).or_default().entry(v.session).or_default() += v.dots;
            }
        }
        let span: Vec<u16> = instance.sessions.iter().map(|s| s.span()).collect();
        let mut by_session = vec![Vec::new(); instance.sessions.len()];
        let mut by_voter = Vec::with_capacity(ballots.len());
        let mut total_dots = 0u64;
        for (v, ballot) in ballots.values().enumerate() {
            for (&s, &d) in ballot {
                by_session[s as usize].push((v as u32, d));
                total_dots += u64::from(d) * u64::from(span[s as usize]);
            }
            by_voter.push(ballot.iter().map(|(&s, &d)| (s, d)).collect());
        }
        let mut model = Model {
            slots,
            rooms,
            day: instance.slots.iter().map(|s| s.day).collect(),
            capacity: instance.rooms.iter().map(|r| r.capacity).collect(),
            blocked,
            span,
            pinned: instance.sessions.iter().map(|s| s.pinned).collect(),
            announced: instance.sessions.iter().map(|s| s.announced).collect(),
            facilitators,
            persons: person_index.len(),
            by_session,
            by_voter,
            total_dots,
            starts: [Vec::new(), Vec::new()],
        };
        for span in 1..=2u16 {
            let fitting: Vec<Cell> = (0..slots)
                .flat_map(|t| (0..rooms).map(move |r| Cell { slot: t as u16, room: r as u16 }))
                .filter(|&c| model.fits(span, c))
                .collect();
            model.starts[usize::from(span) - 1] = fitting;
        }
        model
    }

    pub fn sessions(&self) -> usize {
        self.span.len()
    }

    /// Whether a session of `span` slots may start at `cell`: inside the grid, on one day, unblocked.
    pub fn fits(&self, span: u16, cell: Cell) -> bool {
        let (t, r) = (usize::from(cell.slot), usize::from(cell.room));
        let end = t + usize::from(span);
        r < self.rooms && end <= self.slots && (t..end).all(|u| self.day[u] == self.day[t] && !self.blocked[u * self.rooms + r])
    }

    /// Board indices of the cells a session of `span` starting at `cell` holds, within the grid.
    pub fn cells(&self, span: u16, cell: Cell) -> impl Iterator<Item = usize> + use<> {
        let (t, r, rooms) = (usize::from(cell.slot), usize::from(cell.room), self.rooms);
        let end = if r < rooms { (t + usize::from(span)).min(self.slots) } else { t };
        (t..end).map(move |u| u * rooms + r)
    }

    /// Slots a session of `span` starting at `cell` holds, within the grid.
    pub fn held(&self, span: u16, cell: Cell) -> std::ops::Range<usize> {
        let t = usize::from(cell.slot);
        if usize::from(cell.room) >= self.rooms { t..t } else { t.min(self.slots)..(t + usize::from(span)).min(self.slots) }
    }

    /// The dots on a session over all voters.
    pub fn session_dots(&self, s: usize) -> u64 {
        self.by_session[s].iter().map(|&(_, d)| u64::from(d)).sum()
    }
}

/// Who holds each cell and how many sessions each person facilitates in each slot.
#[derive(Clone)]
pub(crate) struct Board {
    pub occupant: Vec<u32>,
    pub busy: Vec<u8>,
    pub start: Vec<Option<Cell>>,
}

impl Board {
    pub fn new(m: &Model) -> Board {
        Board { occupant: vec![FREE; m.slots * m.rooms], busy: vec![0; m.slots * m.persons], start: vec![None; m.sessions()] }
    }

    /// A board with the pinned sessions on it, whatever rules their cells break.
    pub fn with_pins(m: &Model) -> Board {
        let mut board = Board::new(m);
        for s in 0..m.sessions() {
            if let Some(c) = m.pinned[s] {
                board.put(m, s, c);
            }
        }
        board
    }

    /// Whether session `s` could start at `cell` now: the cell fits, is free, and its facilitators are free.
    pub fn can_put(&self, m: &Model, s: usize, cell: Cell) -> bool {
        m.fits(m.span[s], cell)
            && m.cells(m.span[s], cell).all(|i| self.occupant[i] == FREE)
            && m.held(m.span[s], cell).all(|t| m.facilitators[s].iter().all(|&p| self.busy[t * m.persons + p as usize] == 0))
    }

    /// Puts `s` at `cell` without checks; a cell already held keeps its first holder.
    pub fn put(&mut self, m: &Model, s: usize, cell: Cell) {
        for i in m.cells(m.span[s], cell) {
            if self.occupant[i] == FREE {
                self.occupant[i] = s as u32;
            }
        }
        for t in m.held(m.span[s], cell) {
            for &p in &m.facilitators[s] {
                self.busy[t * m.persons + p as usize] += 1;
            }
        }
        self.start[s] = Some(cell);
    }

    /// Takes `s` off the board.
    pub fn take(&mut self, m: &Model, s: usize) {
        let Some(cell) = self.start[s].take() else { return };
        for i in m.cells(m.span[s], cell) {
            if self.occupant[i] == s as u32 {
                self.occupant[i] = FREE;
            }
        }
        for t in m.held(m.span[s], cell) {
            for &p in &m.facilitators[s] {
                self.busy[t * m.persons + p as usize] -= 1;
            }
        }
    }

    pub fn placement(&self) -> Placement {
        Placement { cells: self.start.clone() }
    }
}
