//! The stored grid as the placement sees it: rows become a `placement::Instance` (sessions,
//! rooms and slots by index, voters and facilitators by number), and its results become the
//! figures, move costs and warnings the pages show.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::model::{GridWarning, MoveOption, MoveRefusal, PlacementFigures};
use super::placement::{self, Cell, Instance, Placement, Refusal, Warning};
use crate::db::events::EventRow;
use crate::db::openspace::{RoomRow, SlotRow};
use crate::db::openspace_sessions::SessionRow;
use crate::db::{self, Conn};
use crate::error::AppResult;
use crate::i18n::td_string;

/// Everything placed or shown on an open space's grid.
pub struct Grid {
    /// Largest first.
    pub rooms: Vec<RoomRow>,
    /// In time order.
    pub slots: Vec<SlotRow>,
    /// (slot, room, label).
    pub blocked: Vec<(i64, i64, String)>,
    /// Most dots first.
    pub sessions: Vec<SessionRow>,
    /// (session, participant, name, email).
    pub facilitators: Vec<(i64, i64, String, Option<String>)>,
    /// (session, email) of co-facilitators who have not taken part yet.
    pub invites: Vec<(i64, String)>,
    /// (session, participant, dots).
    pub votes: Vec<(i64, i64, i64)>,
}

pub async fn load(conn: &mut Conn, event_id: i64) -> AppResult<Grid> {
    Ok(Grid {
        rooms: db::openspace::rooms(conn, event_id).await?,
        slots: db::openspace::slots(conn, event_id).await?,
        blocked: db::openspace::blocked(conn, event_id).await?,
        sessions: db::openspace_sessions::sessions(conn, event_id).await?,
        facilitators: db::openspace_sessions::facilitators(conn, event_id).await?,
        invites: db::openspace_sessions::facilitator_invites(conn, event_id).await?,
        votes: db::openspace_sessions::votes(conn, event_id).await?,
    })
}

/// The grid as numbers, and how to turn them back into ids and names.
struct Indexed {
    instance: Instance,
    /// Person number → name, for warnings.
    people: Vec<String>,
}

impl Grid {
    /// The session whose start cell is (slot, room).
    pub fn start_cell_holder(&self, slot_id: i64, room_id: i64) -> Option<&SessionRow> {
        self.sessions.iter().find(|s| s.slot_id == Some(slot_id) && s.room_id == Some(room_id))
    }

    fn cell_of(&self, slot_id: Option<i64>, room_id: Option<i64>) -> Option<Cell> {
        let slot = self.slots.iter().position(|s| Some(s.id) == slot_id)?;
        let room = self.rooms.iter().position(|r| Some(r.id) == room_id)?;
        Some(Cell { slot: slot as u16, room: room as u16 })
    }

    fn ids_of(&self, cell: Cell) -> (i64, i64) {
        (self.slots[cell.slot as usize].id, self.rooms[cell.room as usize].id)
    }

    /// `attendees_per_voter` scales the voters up to the people expected (at least 1).
    fn indexed(&self, event: &EventRow, attendees_per_voter: f64) -> Indexed {
        let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
        let mut days: Vec<jiff::civil::Date> = Vec::new();
        let slots = self
            .slots
            .iter()
            .map(|s| {
                let date = Timestamp::from_second(s.starts_at).map(|t| t.to_zoned(tz.clone()).date()).unwrap_or_default();
                if days.last() != Some(&date) {
                    days.push(date);
                }
                placement::Slot { day: (days.len() - 1) as u16 }
            })
            .collect();
        // Facilitators by participant, and invited addresses as people of their own, so two
        // sessions naming the same address are kept apart too.
        let mut people: Vec<String> = Vec::new();
        let mut person_of: HashMap<String, u32> = HashMap::new();
        let mut person = |key: String, name: &str| -> u32 {
            *person_of.entry(key).or_insert_with(|| {
                people.push(name.to_string());
                (people.len() - 1) as u32
            })
        };
        let mut facilitators: HashMap<i64, Vec<u32>> = HashMap::new();
        for (session, participant, name, _) in &self.facilitators {
            facilitators.entry(*session).or_default().push(person(format!("p{participant}"), name));
        }
        for (session, email) in &self.invites {
            facilitators.entry(*session).or_default().push(person(format!("e{email}"), email));
        }
        // Voters are numbered as facilitators are: the placement knows a facilitator who also
        // voted as one person (they attend their own session, not the one they voted for).
        let index_of: HashMap<i64, u32> = self.sessions.iter().enumerate().map(|(i, s)| (s.id, i as u32)).collect();
        let votes: Vec<placement::Vote> = self
            .votes
            .iter()
            .filter_map(|(session, participant, dots)| {
                let session = *index_of.get(session)?;
                Some(placement::Vote { voter: person(format!("p{participant}"), ""), session, dots: (*dots).max(0) as u32 })
            })
            .collect();
        let sessions = self
            .sessions
            .iter()
            .map(|s| {
                let cell = self.cell_of(s.slot_id, s.room_id);
                placement::Session {
                    length: s.length.clamp(1, 2) as u8,
                    facilitators: facilitators.remove(&s.id).unwrap_or_default(),
                    pinned: if s.pinned { cell } else { None },
                    announced: if s.pinned { None } else { cell },
                }
            })
            .collect();
        let blocked = self.blocked.iter().filter_map(|(slot, room, _)| self.cell_of(Some(*slot), Some(*room))).collect();
        let rooms = self.rooms.iter().map(|r| placement::Room { capacity: r.capacity.max(0) as u32 }).collect();
        Indexed { instance: Instance { slots, rooms, sessions, blocked, votes, attendees_per_voter: attendees_per_voter.max(1.0) }, people }
    }

    /// The cells of the sessions as they stand.
    fn current(&self) -> Placement {
        Placement { cells: self.sessions.iter().map(|s| self.cell_of(s.slot_id, s.room_id)).collect() }
    }

    fn voters(&self) -> usize {
        let mut voters: Vec<i64> = self.votes.iter().map(|v| v.1).collect();
        voters.sort_unstable();
        voters.dedup();
        voters.len()
    }
}

/// Expected attendance per voter: the people going, spread over those who voted.
pub fn attendees_per_voter(grid: &Grid, people_going: i64) -> f64 {
    let voters = grid.voters().max(1) as f64;
    (people_going as f64 / voters).max(1.0)
}

/// The placement's input for the grid as stored.
pub fn instance(grid: &Grid, event: &EventRow, people_going: i64) -> Instance {
    grid.indexed(event, attendees_per_voter(grid, people_going)).instance
}

/// Each session's new cell by id: (session, (slot, room)), none where it found no cell.
pub type NewCells = Vec<(i64, Option<(i64, i64)>)>;

/// Places the sessions; returns each session's new cell by id and the figures to keep.
pub fn run(grid: &Grid, event: &EventRow, seed: u64, keep_announced: bool, people_going: i64) -> (NewCells, PlacementFigures) {
    let started = std::time::Instant::now();
    let indexed = grid.indexed(event, attendees_per_voter(grid, people_going));
    let options = placement::Options { seed, keep_announced, ..Default::default() };
    let outcome = placement::place(&indexed.instance, &options);
    let cells = grid.sessions.iter().zip(&outcome.placement.cells).map(|(s, cell)| (s.id, cell.map(|c| grid.ids_of(c)))).collect();
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    // Whole seconds: the time is shown to the minute.
    let now = Timestamp::from_second(Timestamp::now().as_second()).unwrap_or_default();
    let figures = PlacementFigures {
        missed_dots: outcome.figures.missed_dots,
        total_dots: outcome.figures.total_dots,
        lower_bound: outcome.figures.lower_bound,
        baseline_missed_dots: outcome.baseline.missed_dots,
        seats_short: grid.rooms.iter().zip(&outcome.figures.seats_short).map(|(r, n)| (r.name.clone(), *n)).collect(),
        facilitator_clashes: outcome.figures.facilitator_clashes,
        unplaced: outcome.figures.unplaced,
        moved: outcome.figures.moved,
        seed,
        placed_at: now.to_zoned(tz).strftime("%a %-d %b, %H:%M").to_string(),
        placed_at_iso: Some(now.to_string()),
        millis: started.elapsed().as_millis() as u64,
    };
    (cells, figures)
}

/// For the move screen: every cell, with what moving `session_id` there would cost.
pub fn move_options(grid: &Grid, event: &EventRow, session_id: i64) -> Vec<MoveOption> {
    let Some(index) = grid.sessions.iter().position(|s| s.id == session_id) else { return Vec::new() };
    let indexed = grid.indexed(event, 1.0);
    let current = grid.current();
    let here = current.cell(index);
    placement::cell_costs(&indexed.instance, &current, index)
        .into_iter()
        .map(|cost| {
            let (slot_id, room_id) = grid.ids_of(cost.cell);
            let holder = cost.swaps_with.and_then(|i| grid.sessions.get(i as usize));
            let refusal = if here == Some(cost.cell) {
                Some(MoveRefusal::Here)
            } else {
                cost.refusal.map(|reason| match reason {
                    Refusal::Blocked => MoveRefusal::Blocked,
                    Refusal::Pinned(_) | Refusal::SessionPinned => MoveRefusal::Pinned,
                    Refusal::FacilitatorBusy { .. } => MoveRefusal::FacilitatorBusy,
                    Refusal::CrossesDay => MoveRefusal::CrossesDay,
                    Refusal::OutOfGrid => MoveRefusal::OutOfGrid,
                    Refusal::Crowded | Refusal::SwapDoesNotFit(_) => MoveRefusal::NoSwap,
                })
            };
            MoveOption {
                slot_id,
                room_id,
                refusal,
                swap_with: holder.map(|s| s.title.clone()),
                swap_with_id: holder.map(|s| s.id),
                clashing_voters: cost.clashing_voters,
                missed_dots_delta: cost.missed_dots_delta,
                seats_short: cost.seats_short,
            }
        })
        .collect()
}

/// What organizers should look at on the grid as it stands, in the page's language.
pub fn warnings(grid: &Grid, event: &EventRow) -> Vec<GridWarning> {
    let l = crate::locale::current();
    let indexed = grid.indexed(event, 1.0);
    let title = |i: u32| grid.sessions.get(i as usize).map(|s| format!("“{}”", s.title)).unwrap_or_default();
    let titles = |sessions: &[u32]| {
        let and = format!(" {} ", td_string!(l, openspace.warn.and));
        sessions.iter().map(|&i| title(i)).collect::<Vec<_>>().join(&and)
    };
    let tz = TimeZone::get(&event.time_zone).unwrap_or(TimeZone::UTC);
    let slot = |i: u16| {
        grid.slots
            .get(i as usize)
            .map(|s| format!("{} {}", super::service::local_day(l, s.starts_at, &tz), super::service::local(s.starts_at, &tz, "%H:%M")))
            .unwrap_or_default()
    };
    let room = |i: u16| grid.rooms.get(i as usize).map(|r| r.name.clone()).unwrap_or_default();
    placement::warnings(&indexed.instance, &grid.current())
        .into_iter()
        .map(|w| GridWarning {
            text: match w {
                Warning::FacilitatorClash { slot: s, person, sessions } => {
                    let person = indexed.people.get(person as usize).cloned().unwrap_or_default();
                    td_string!(l, openspace.warn.clash, person = &person, sessions = &titles(&sessions), at = &slot(s)).to_string()
                }
                Warning::RoomTooSmall { session, slot: s, room: r, expected, capacity } => td_string!(
                    l,
                    openspace.warn.too_small,
                    session = &title(session),
                    expected = expected,
                    room = &room(r),
                    seats = capacity,
                    at = &slot(s)
                )
                .to_string(),
                Warning::SharedVoters { slot: s, a, b, shared } => {
                    td_string!(l, openspace.warn.shared, a = &title(a), b = &title(b), shared = shared, at = &slot(s)).to_string()
                }
                Warning::CellConflict { cell, sessions } => {
                    td_string!(l, openspace.warn.same_cell, sessions = &titles(&sessions), room = &room(cell.room), at = &slot(cell.slot))
                        .to_string()
                }
                Warning::BadCell { session, cell } => {
                    td_string!(l, openspace.warn.bad_cell, session = &title(session), room = &room(cell.room), at = &slot(cell.slot))
                        .to_string()
                }
            },
        })
        .collect()
}
