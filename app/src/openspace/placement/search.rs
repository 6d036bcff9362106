//! Seeded simulated annealing over start cells, with exact incremental missed-dot totals.
//!
//! The cost is missed dots plus, when announced cells are kept, the move penalty per moved
//! announced session. A step moves one session to a random fitting cell; if another non-pinned
//! session holds it, the two swap (an unplaced session taking a cell leaves its holder unplaced).
//! Steps that would block a cell, cross a day or double-book a facilitator are never taken. Only the
//! voters of the moved sessions can change what they attend, so each step recounts just them.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::model::{Board, FREE, Model};
use super::{Cell, Options, Placement};

/// Temperatures in dots: early on a step losing a couple of dots is often taken, at the end rarely.
const HOT: f64 = 2.0;
const COLD: f64 = 0.05;

/// The running state: a board, what each voter attends, and the cost.
pub(crate) struct Search<'m> {
    m: &'m Model,
    board: Board,
    /// Per session, the slots it holds as a half-open range (empty when unplaced).
    held: Vec<(u16, u16)>,
    /// Ballots flattened: voter `v`'s (session, dots) are `ballot[ballot_start[v]..ballot_start[v + 1]]`.
    ballot: Vec<(u32, u32)>,
    ballot_start: Vec<u32>,
    /// Dot-slots each voter attends.
    attended: Vec<u32>,
    /// Per session, dots charged when it is not at its announced cell.
    penalty: Vec<u64>,
    pub cost: i64,
    slot_best: Vec<u32>,
    touched: Vec<usize>,
    stamp: Vec<u32>,
    round: u32,
    pending: Vec<(u32, u32)>,
}

impl<'m> Search<'m> {
    pub fn new(m: &'m Model, placement: &Placement, move_penalty: u64) -> Search<'m> {
        let mut board = Board::with_pins(m);
        for s in 0..m.sessions() {
            if let (None, Some(c)) = (m.pinned[s], placement.cell(s)) {
                debug_assert!(board.can_put(m, s, c), "start placement breaks a rule");
                board.put(m, s, c);
            }
        }
        let penalty = m.announced.iter().map(|a| if a.is_some() { move_penalty } else { 0 }).collect();
        let mut search = Search {
            m,
            held: vec![(0, 0); m.sessions()],
            ballot: m.by_voter.iter().flatten().copied().collect(),
            ballot_start: std::iter::once(0)
                .chain(m.by_voter.iter().scan(0u32, |n, b| {
                    *n += b.len() as u32;
                    Some(*n)
                }))
                .collect(),
            board,
            attended: vec![0; m.by_voter.len()],
            penalty,
            cost: 0,
            slot_best: vec![0; m.slots],
            touched: Vec::new(),
            stamp: vec![0; m.by_voter.len()],
            round: 0,
            pending: Vec::new(),
        };
        for s in 0..m.sessions() {
            search.sync(s);
        }
        let mut attended_total = 0u64;
        for v in 0..m.by_voter.len() {
            search.attended[v] = search.voter_attended(v);
            attended_total += u64::from(search.attended[v]);
        }
        let moved: u64 = (0..m.sessions()).map(|s| search.charge(s, search.board.start[s])).sum();
        search.cost = (m.total_dots - attended_total + moved) as i64;
        search
    }

    pub fn placement(&self) -> Placement {
        self.board.placement()
    }

    fn charge(&self, s: usize, cell: Option<Cell>) -> u64 {
        if self.m.announced[s].is_some() && self.m.announced[s] != cell { self.penalty[s] } else { 0 }
    }

    /// Dot-slots voter `v` attends: per slot, the most dots among their sessions there.
    fn voter_attended(&mut self, v: usize) -> u32 {
        let range = self.ballot_start[v] as usize..self.ballot_start[v + 1] as usize;
        for &(s, d) in &self.ballot[range] {
            let (from, to) = self.held[s as usize];
            for t in usize::from(from)..usize::from(to) {
                if self.slot_best[t] == 0 {
                    self.touched.push(t);
                }
                self.slot_best[t] = self.slot_best[t].max(d);
            }
        }
        let mut sum = 0;
        for t in self.touched.drain(..) {
            sum += self.slot_best[t];
            self.slot_best[t] = 0;
        }
        sum
    }

    /// Refreshes the held slots of `s` from the board.
    fn sync(&mut self, s: usize) {
        self.held[s] = match self.board.start[s] {
            Some(c) => {
                let r = self.m.held(self.m.span[s], c);
                (r.start as u16, r.end as u16)
            }
            None => (0, 0),
        };
    }

    /// Applies `changes` (at most two) if every rule holds and returns the cost change; else leaves all as it was.
    /// Call [`Search::commit`] or [`Search::undo`] after a `Some`.
    pub fn try_move(&mut self, changes: &[(usize, Option<Cell>)]) -> Option<i64> {
        let mut old = [None; 2];
        for (i, &(s, _)) in changes.iter().enumerate() {
            old[i] = self.board.start[s];
        }
        for &(s, _) in changes {
            self.board.take(self.m, s);
        }
        for (i, &(s, new)) in changes.iter().enumerate() {
            if let Some(c) = new {
                if !self.board.can_put(self.m, s, c) {
                    for &(earlier, _) in &changes[..i] {
                        self.board.take(self.m, earlier);
                    }
                    self.restore(changes, &old);
                    return None;
                }
                self.board.put(self.m, s, c);
            }
        }
        for &(s, _) in changes {
            self.sync(s);
        }
        self.round += 1;
        if self.round == u32::MAX {
            self.stamp.iter_mut().for_each(|x| *x = 0);
            self.round = 1;
        }
        let mut delta = 0i64;
        self.pending.clear();
        for (&(s, new), &was) in changes.iter().zip(&old) {
            delta += self.charge(s, new) as i64 - self.charge(s, was) as i64;
            for &(v, _) in &self.m.by_session[s] {
                if self.stamp[v as usize] != self.round {
                    self.stamp[v as usize] = self.round;
                    let now = self.voter_attended(v as usize);
                    delta -= i64::from(now) - i64::from(self.attended[v as usize]);
                    self.pending.push((v, now));
                }
            }
        }
        Some(delta)
    }

    fn restore(&mut self, changes: &[(usize, Option<Cell>)], old: &[Option<Cell>]) {
        for (&(s, _), &was) in changes.iter().zip(old) {
            if let Some(c) = was {
                self.board.put(self.m, s, c);
            }
            self.sync(s);
        }
    }

    pub fn commit(&mut self, delta: i64) {
        for &(v, now) in &self.pending {
            self.attended[v as usize] = now;
        }
        self.cost += delta;
    }

    /// Puts back the sessions of a move that [`Search::try_move`] applied.
    pub fn undo(&mut self, changes: &[(usize, Option<Cell>)], old: &[Option<Cell>]) {
        for &(s, _) in changes {
            self.board.take(self.m, s);
        }
        self.restore(changes, old);
    }

    /// A random step: `s` to a random fitting cell, swapping with a non-pinned holder if any.
    fn propose(&self, rng: &mut ChaCha8Rng, movable: &[usize]) -> Option<[(usize, Option<Cell>); 2]> {
        let s = movable[rng.random_range(0..movable.len())];
        let starts = &self.m.starts[usize::from(self.m.span[s]) - 1];
        if starts.is_empty() {
            return None;
        }
        let target = starts[rng.random_range(0..starts.len())];
        let here = self.board.start[s];
        if here == Some(target) {
            return None;
        }
        let mut holder = None;
        for i in self.m.cells(self.m.span[s], target) {
            let o = self.board.occupant[i];
            if o == FREE || o as usize == s || holder == Some(o as usize) {
                continue;
            }
            if holder.is_some() || self.m.pinned[o as usize].is_some() {
                return None;
            }
            holder = Some(o as usize);
        }
        match holder {
            None => Some([(s, Some(target)), (s, Some(target))]),
            Some(o) => Some([(s, Some(target)), (o, here)]),
        }
    }
}

/// Anneals from the cheapest of `starts` and returns the best placement seen and the steps taken.
/// Stops early when the cost reaches `bound`, which nothing can beat.
pub(crate) fn anneal(m: &Model, starts: &[&Placement], options: &Options, bound: u64) -> (Placement, u64) {
    let penalty = if options.keep_announced { u64::from(options.move_penalty) } else { 0 };
    let mut search = starts.iter().map(|p| Search::new(m, p, penalty)).min_by_key(|s| s.cost).expect("at least one start");
    let mut best = (search.cost, search.placement());
    let movable: Vec<usize> = (0..m.sessions()).filter(|&s| m.pinned[s].is_none()).collect();
    let budget = if options.iterations > 0 { options.iterations } else { default_budget(m) };
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut temperature = HOT;
    let mut steps = 0;
    while steps < budget && !movable.is_empty() && best.0 > bound as i64 {
        if steps % 256 == 0 {
            temperature = HOT * (COLD / HOT).powf(steps as f64 / budget as f64);
        }
        steps += 1;
        let Some(proposal) = search.propose(&mut rng, &movable) else { continue };
        let changes: &[(usize, Option<Cell>)] = if proposal[0].0 == proposal[1].0 { &proposal[..1] } else { &proposal[..] };
        let old = [search.board.start[changes[0].0], search.board.start[changes[changes.len() - 1].0]];
        let Some(delta) = search.try_move(changes) else { continue };
        if delta <= 0 || rng.random::<f64>() < (-(delta as f64) / temperature).exp() {
            search.commit(delta);
            if search.cost < best.0 {
                best = (search.cost, search.placement());
            }
        } else {
            search.undo(changes, &old);
        }
    }
    (best.1, steps)
}

/// Enough steps for the search to settle on the sizes an open space has, within a tenth of a second.
fn default_budget(m: &Model) -> u64 {
    (m.sessions() as u64 * 1_000).clamp(20_000, 100_000)
}
