//! Placement of open-space sessions into rooms × time slots.
//!
//! Attendees vote with dots on proposed sessions; this module decides where each session goes so
//! that as few dots as possible are missed, then gives every session a room that fits its crowd.
//!
//! # Definitions (shown to users)
//!
//! - **Cell**: a (slot, room) pair. A session is placed by its start cell; a 2-slot session also
//!   holds the same room in the next slot, which must be on the same day.
//! - **Missed attendance**: for each voter and each slot, take the sessions the voter put dots on
//!   that occupy that slot. The voter attends the one with the most dots (ties: lowest index);
//!   every other one is missed, weighted by the voter's dots on it. A 2-slot session counts in each
//!   slot it holds, so the total is Σ dots × length ("dot-slots"). An unplaced session's dots are
//!   all missed.
//! - **Expected attendance** of a placed session in one of its slots: the voters who attend it there
//!   (rule above, its own facilitators left out) × `attendees_per_voter`, rounded up, plus its
//!   facilitators. **Seats short** = expected attendance − room capacity, where positive.
//! - **Facilitator clash**: a person facilitating two sessions in one slot. Placement never makes
//!   one; only pins set by the organizer can force one, and it is then reported.
//! - **Lower bound**: a number of missed dots that no valid placement can go below. Each voter
//!   attends at most one session per slot, and only placed sessions, and the sessions that are
//!   placed must fit in the free cells; [`lower_bound`] mixes these facts per voter (its source
//!   holds the proof). When the result equals it, the result is optimal.
//!
//! # Objective
//!
//! Missed dots first; with [`Options::keep_announced`], each announced session that ends up
//! elsewhere adds [`Options::move_penalty`] dots to that count. Among equal counts, fewer seats
//! short. Rooms never change who attends what, so slots are searched on dots alone and rooms are
//! then given by expected demand.

mod bound;
mod figures;
mod greedy;
mod model;
mod moves;
mod rooms;
mod search;
pub mod synthetic;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests;

pub use bound::lower_bound;
pub use figures::{SHARED_VOTERS_WARNING, Warning, evaluate, expected_attendance, warnings};
pub use greedy::greedy;
pub use moves::{CellCost, Refusal, cell_costs};

/// A time slot; slots are listed in time order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The day it belongs to: a 2-slot session may not cross days.
    pub day: u16,
}

/// A room and how many people it seats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Room {
    pub capacity: u32,
}

/// A (slot, room) pair, indices into [`Instance::slots`] and [`Instance::rooms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    pub slot: u16,
    pub room: u16,
}

/// A proposed session.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Session {
    /// 1 or 2 consecutive slots; 0 counts as 1 and anything above 2 as 2.
    pub length: u8,
    /// Person ids (the same id space as voters); none of them can be in two sessions at once.
    pub facilitators: Vec<u32>,
    /// Set by the organizer: the session stays exactly here, even if the cell breaks a rule.
    pub pinned: Option<Cell>,
    /// Where the session was last announced, if it was; [`Figures::moved`] counts changes.
    pub announced: Option<Cell>,
}

impl Session {
    /// How many slots the session holds.
    pub fn span(&self) -> u16 {
        if self.length >= 2 { 2 } else { 1 }
    }
}

/// Dots one voter put on one session. Several votes of one voter on one session add up; votes
/// naming no existing session, or with no dots, are ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vote {
    pub voter: u32,
    /// Index into [`Instance::sessions`].
    pub session: u32,
    pub dots: u32,
}

/// Everything placement needs to know.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Instance {
    pub slots: Vec<Slot>,
    pub rooms: Vec<Room>,
    pub sessions: Vec<Session>,
    /// Cells no session may hold (e.g. the lunch hall at lunch).
    pub blocked: Vec<Cell>,
    pub votes: Vec<Vote>,
    /// Expected people per voter (voting is optional); values below 1 count as 1.
    pub attendees_per_voter: f64,
}

/// How [`place`] searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The same instance and seed always give the same placement.
    pub seed: u64,
    /// Start from the announced cells and charge [`Options::move_penalty`] per announced session
    /// that ends up elsewhere (or unplaced).
    pub keep_announced: bool,
    /// Dots charged per moved announced session when `keep_announced` is set.
    pub move_penalty: u32,
    /// Search steps; 0 picks a budget from the instance size.
    pub iterations: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options { seed: 0, keep_announced: false, move_penalty: 10, iterations: 0 }
    }
}

/// Where each session starts, or `None` when it is not placed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    /// One entry per session; a missing entry counts as `None`.
    pub cells: Vec<Option<Cell>>,
}

impl Placement {
    /// The start cell of a session, if placed.
    pub fn cell(&self, session: usize) -> Option<Cell> {
        self.cells.get(session).copied().flatten()
    }

    /// The slots a session holds, within the grid, in time order.
    pub fn slots_of(&self, instance: &Instance, session: usize) -> Vec<u16> {
        match (self.cell(session), instance.sessions.get(session)) {
            (Some(cell), Some(s)) => held_slots(instance, cell, s.span()),
            _ => Vec::new(),
        }
    }
}

/// The slots a session starting at `cell` holds; cells outside the grid hold nothing.
fn held_slots(instance: &Instance, cell: Cell, span: u16) -> Vec<u16> {
    if usize::from(cell.room) >= instance.rooms.len() {
        return Vec::new();
    }
    (cell.slot..cell.slot.saturating_add(span)).filter(|&t| usize::from(t) < instance.slots.len()).collect()
}

/// What a user reads about a placement.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Figures {
    /// Dot-slots missed (see the module doc).
    pub missed_dots: u64,
    /// All dot-slots: Σ dots × session length.
    pub total_dots: u64,
    /// No valid placement misses fewer dots than this.
    pub lower_bound: u64,
    /// Per room: seats short summed over its slots.
    pub seats_short: Vec<u32>,
    /// (slot, person) pairs where the person facilitates two or more sessions.
    pub facilitator_clashes: u32,
    /// Sessions not placed.
    pub unplaced: u32,
    /// Announced sessions that are no longer in their announced cell.
    pub moved: u32,
}

impl Figures {
    /// Share of dot-slots missed, 0 when nobody voted.
    pub fn missed_share(&self) -> f64 {
        if self.total_dots == 0 { 0.0 } else { self.missed_dots as f64 / self.total_dots as f64 }
    }

    /// Share of dot-slots that no placement can avoid missing.
    pub fn bound_share(&self) -> f64 {
        if self.total_dots == 0 { 0.0 } else { self.lower_bound as f64 / self.total_dots as f64 }
    }

    /// Seats short over all rooms.
    pub fn seats_short_total(&self) -> u64 {
        self.seats_short.iter().map(|&s| u64::from(s)).sum()
    }
}

/// The result of [`place`].
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub placement: Placement,
    /// Recounted by [`evaluate`].
    pub figures: Figures,
    /// Figures of [`greedy`] on the same instance, for comparison.
    pub baseline: Figures,
    /// Search steps taken.
    pub iterations: u64,
}

/// Places the sessions: greedy (or announced) start, seeded local search over slots, then rooms by
/// expected demand. Never worse than [`greedy`] by the objective in the module doc.
pub fn place(instance: &Instance, options: &Options) -> Outcome {
    let model = model::Model::new(instance);
    let bound = lower_bound(instance);
    let baseline_placement = greedy(instance);
    let baseline = evaluate(instance, &baseline_placement);
    let penalty = if options.keep_announced { u64::from(options.move_penalty) } else { 0 };
    let announced = options.keep_announced.then(|| greedy::from_announced(&model));
    // The search starts from the better of greedy and the announced cells, so it cannot end worse than greedy.
    let starts: Vec<&Placement> = announced.iter().chain(std::iter::once(&baseline_placement)).collect();
    let (best, iterations) = search::anneal(&model, &starts, options, bound);
    let placed = rooms::assign(&model, instance, &best, options.keep_announced);
    let figures = evaluate(instance, &placed);
    // Rooms alone may still lose to greedy's on seats; the search never loses on dots.
    let objective = |f: &Figures| (f.missed_dots + penalty * u64::from(f.moved), f.seats_short_total());
    debug_assert!(objective(&figures).0 <= objective(&baseline).0, "search ended worse than greedy");
    let (placement, figures) = if objective(&figures) <= objective(&baseline) {
        (placed, figures)
    } else {
        let roomed = rooms::assign(&model, instance, &baseline_placement, options.keep_announced);
        let roomed_figures = evaluate(instance, &roomed);
        if objective(&roomed_figures) <= objective(&baseline) { (roomed, roomed_figures) } else { (baseline_placement, baseline.clone()) }
    };
    Outcome { placement, figures, baseline, iterations }
}
