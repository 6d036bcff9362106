//! Open-space types shared by server and browser: who may take part, what a session is, and
//! what the pages show. Pure Rust; the placement itself lives in `placement` (server only).

use serde::{Deserialize, Serialize};

use crate::{i18n::td_string, locale::Locale};

/// Who may propose and vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Participation {
    /// People whose RSVP says they are going (signed in, or through their personal link).
    #[default]
    Going,
    /// Anyone who can open the event's page; they give a name once.
    Link,
    /// Anyone signed in.
    Accounts,
}

impl Participation {
    pub const ALL: [Participation; 3] = [Self::Going, Self::Link, Self::Accounts];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Going => "going",
            Self::Link => "link",
            Self::Accounts => "accounts",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::Going => td_string!(l, openspace.participation.going),
            Self::Link => td_string!(l, openspace.participation.link),
            Self::Accounts => td_string!(l, openspace.participation.accounts),
        }
    }
}

/// What kind of session a proposer offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum Format {
    #[default]
    Discussion,
    Talk,
    Workshop,
    Kata,
    Other,
}

impl Format {
    pub const ALL: [Format; 5] = [Self::Discussion, Self::Talk, Self::Workshop, Self::Kata, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Discussion => "discussion",
            Self::Talk => "talk",
            Self::Workshop => "workshop",
            Self::Kata => "kata",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::Discussion => td_string!(l, openspace.format.discussion),
            Self::Talk => td_string!(l, openspace.format.talk),
            Self::Workshop => td_string!(l, openspace.format.workshop),
            Self::Kata => td_string!(l, openspace.format.kata),
            Self::Other => td_string!(l, openspace.format.other),
        }
    }
}

/// Limits a proposal is checked against.
pub const MAX_SESSION_TITLE: usize = 120;
pub const MAX_SESSION_DESCRIPTION: usize = 5_000;
pub const MAX_SESSION_NOTES: usize = 20_000;
pub const MAX_ROOM_NAME: usize = 80;
pub const MAX_ROOM_NOTES: usize = 200;
/// Co-facilitators one proposal may name.
pub const MAX_CO_FACILITATORS: usize = 5;

/// The organizer's settings form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SettingsInput {
    /// `going`, `link` or `accounts`.
    pub participation: String,
    /// Local date-times in the event's zone (`2026-07-04T09:00`); empty: no limit.
    #[serde(default)]
    pub proposals_close: String,
    #[serde(default)]
    pub voting_opens: String,
    #[serde(default)]
    pub voting_closes: String,
    pub dots_per_voter: String,
    pub max_dots_per_session: String,
}

/// A proposal as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProposalInput {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub format: String,
    /// "1" or "2" slots.
    pub length: String,
    /// Co-facilitators' email addresses, one per line or separated by commas.
    #[serde(default)]
    pub co_facilitators: String,
}

/// A room of the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoomView {
    pub id: i64,
    pub name: String,
    pub capacity: u32,
    pub notes: String,
}

/// A time slot of the grid, described in the event's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SlotView {
    pub id: i64,
    /// "Sat 4 Jul"
    pub day: String,
    /// "10:00–10:45"
    pub time: String,
    pub starts_at_iso: String,
    pub ends_at_iso: String,
}

/// A session as lists, the grid and the board show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionCard {
    pub id: i64,
    pub title: String,
    pub format: Format,
    /// Slots it lasts: 1 or 2.
    pub length: u8,
    pub facilitators: Vec<String>,
    /// Dots from everyone.
    pub dots: u32,
    /// People who put dots on it.
    pub voters: u32,
    /// The viewer's dots on it.
    pub my_dots: u32,
    pub starred: bool,
    /// The viewer facilitates it.
    pub mine: bool,
    /// Its start cell, when placed.
    pub slot_id: Option<i64>,
    pub room_id: Option<i64>,
    pub pinned: bool,
}

/// A cell the organizer keeps free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BlockedCell {
    pub slot_id: i64,
    pub room_id: i64,
    pub label: String,
}

/// What a placement achieved, in numbers a person can check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlacementFigures {
    /// Dots (per slot a session lasts) on sessions their voters cannot attend, because
    /// another session they voted for runs at the same time or it found no cell.
    pub missed_dots: u64,
    pub total_dots: u64,
    /// No placement of this input can miss fewer dots than this.
    pub lower_bound: u64,
    /// The same input placed greedily, most dots first, slot by slot.
    pub baseline_missed_dots: u64,
    /// Expected attendance over capacity, summed per room.
    pub seats_short: Vec<(String, u32)>,
    pub facilitator_clashes: u32,
    pub unplaced: u32,
    /// Sessions that had a cell before and got another one.
    pub moved: u32,
    pub seed: u64,
    /// When it ran, in words for people, in English ("Sat 4 Jul, 18:00", the event's zone).
    pub placed_at: String,
    /// When it ran (RFC 3339, UTC); pages show it in their reader's language. Null in figures
    /// kept before it was recorded.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub placed_at_iso: Option<String>,
    pub millis: u64,
}

impl PlacementFigures {
    pub fn share(part: u64, total: u64) -> f64 {
        if total == 0 { 0.0 } else { part as f64 * 100.0 / total as f64 }
    }

    pub fn missed_percent(&self) -> f64 {
        Self::share(self.missed_dots, self.total_dots)
    }

    pub fn baseline_percent(&self) -> f64 {
        Self::share(self.baseline_missed_dots, self.total_dots)
    }

    pub fn bound_percent(&self) -> f64 {
        Self::share(self.lower_bound, self.total_dots)
    }

    pub fn seats_short_total(&self) -> u32 {
        self.seats_short.iter().map(|(_, n)| n).sum()
    }
}

/// The viewer as a participant, and what they may do now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Viewer {
    /// Their name, once they take part.
    pub name: Option<String>,
    /// Why they cannot take part yet (sign in, RSVP first, give a name), if so.
    pub cannot_take_part: Option<String>,
    /// They may join by giving a name (anyone with the link).
    pub may_join_by_name: bool,
    pub organizes: bool,
    pub dots_left: u32,
}

/// Where the open space is in its life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Phase {
    pub proposals_open: bool,
    pub voting_open: bool,
    pub locked: bool,
    /// "Proposals until Sat 4 Jul, 12:00", "Voting opens Sat 4 Jul, 09:00" …
    pub words: Vec<String>,
}

/// The open space of one event, as its participants' page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenSpacePage {
    pub event_id: i64,
    pub slug: String,
    pub event_title: String,
    pub time_zone: String,
    pub participation: Participation,
    pub dots_per_voter: u32,
    pub max_dots_per_session: u32,
    pub phase: Phase,
    pub viewer: Viewer,
    pub rooms: Vec<RoomView>,
    pub slots: Vec<SlotView>,
    pub blocked: Vec<BlockedCell>,
    /// Most dots first.
    pub sessions: Vec<SessionCard>,
    /// The slot running now and the one after it, when the grid has them.
    pub now_slot: Option<i64>,
    pub next_slot: Option<i64>,
    pub figures: Option<PlacementFigures>,
}

impl OpenSpacePage {
    pub fn room(&self, id: i64) -> Option<&RoomView> {
        self.rooms.iter().find(|r| r.id == id)
    }

    pub fn slot(&self, id: i64) -> Option<&SlotView> {
        self.slots.iter().find(|s| s.id == id)
    }

    /// The session whose start cell is (slot, room), or that runs on into it from the slot before.
    pub fn session_in(&self, slot_id: i64, room_id: i64) -> Option<&SessionCard> {
        let previous = slot_before(&self.slots, slot_id)?;
        self.sessions.iter().find(|s| holds(s.slot_id, s.room_id, s.length, slot_id, room_id, previous))
    }

    pub fn blocked_label(&self, slot_id: i64, room_id: i64) -> Option<&str> {
        self.blocked.iter().find(|b| b.slot_id == slot_id && b.room_id == room_id).map(|b| b.label.as_str())
    }

    /// "Room A, Sat 4 Jul 10:00–10:45", for a placed session.
    pub fn where_and_when(&self, session: &SessionCard) -> Option<String> {
        let slot = self.slot(session.slot_id?)?;
        let room = self.room(session.room_id?)?;
        Some(format!("{}, {} {}", room.name, slot.day, slot.time))
    }
}

/// A merge someone asked for: fold `from` into `into`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeRequest {
    pub id: i64,
    pub from_id: i64,
    pub from_title: String,
    pub into_id: i64,
    pub into_title: String,
}

/// Why a session cannot move to a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoveRefusal {
    Blocked,
    Pinned,
    FacilitatorBusy,
    CrossesDay,
    OutOfGrid,
    /// The session there cannot take this one's place in exchange.
    NoSwap,
    Here,
}

impl MoveRefusal {
    pub fn words(self, l: Locale) -> &'static str {
        match self {
            Self::Blocked => td_string!(l, openspace.refusal.blocked),
            Self::Pinned => td_string!(l, openspace.refusal.pinned),
            Self::FacilitatorBusy => td_string!(l, openspace.refusal.facilitator_busy),
            Self::CrossesDay => td_string!(l, openspace.refusal.crosses_day),
            Self::OutOfGrid => td_string!(l, openspace.refusal.out_of_grid),
            Self::NoSwap => td_string!(l, openspace.refusal.no_swap),
            Self::Here => td_string!(l, openspace.refusal.here),
        }
    }
}

/// What moving a session to one cell would cost, for the move screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveOption {
    pub slot_id: i64,
    pub room_id: i64,
    pub refusal: Option<MoveRefusal>,
    /// The session it would swap with.
    pub swap_with: Option<String>,
    pub swap_with_id: Option<i64>,
    /// Of the session's voters, how many voted for another session running then.
    pub clashing_voters: u32,
    /// Change in missed dots over the whole grid (negative: better).
    pub missed_dots_delta: i64,
    /// Expected attendance over the room's capacity there.
    pub seats_short: u32,
}

/// A warning on the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridWarning {
    pub text: String,
}

/// One session's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionPage {
    pub space: OpenSpacePage,
    pub session: SessionCard,
    pub description_md: String,
    pub description_html: String,
    pub notes_md: String,
    pub notes_html: String,
    /// Co-facilitators invited by address who have not taken part yet.
    pub invited: Vec<String>,
    /// The viewer facilitates it (or organizes the event).
    pub may_edit: bool,
    /// Merges into this session waiting for its facilitators, and the ones it asked for.
    pub merges_in: Vec<MergeRequest>,
    pub merges_out: Vec<MergeRequest>,
    /// For facilitators before the schedule is locked: every cell, with its cost.
    pub moves: Vec<MoveOption>,
}

/// The organizer's page: the settings, the grid to edit, the placement's figures and warnings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupPage {
    pub event_id: i64,
    pub slug: String,
    pub event_title: String,
    pub time_zone: String,
    /// The open space is on.
    pub enabled: bool,
    /// The form's values as stored (local times in the event's zone).
    pub settings: SettingsInput,
    /// Present once the open space is on.
    pub space: Option<OpenSpacePage>,
    pub warnings: Vec<GridWarning>,
    /// The wall screen's address with its read-only kiosk key, for private events.
    pub kiosk_path: String,
}

/// The wall screen: the grid, now and next, from data anyone allowed may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub slug: String,
    pub event_title: String,
    pub rooms: Vec<RoomView>,
    pub slots: Vec<SlotView>,
    pub blocked: Vec<BlockedCell>,
    pub sessions: Vec<BoardSession>,
    pub now_slot: Option<i64>,
    pub next_slot: Option<i64>,
    pub locked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardSession {
    pub id: i64,
    pub title: String,
    pub facilitators: Vec<String>,
    pub dots: u32,
    pub length: u8,
    pub slot_id: Option<i64>,
    pub room_id: Option<i64>,
}

impl Board {
    /// The session in (slot, room), also when it started one slot earlier.
    pub fn session_in(&self, slot_id: i64, room_id: i64) -> Option<&BoardSession> {
        let previous = slot_before(&self.slots, slot_id)?;
        self.sessions.iter().find(|s| holds(s.slot_id, s.room_id, s.length, slot_id, room_id, previous))
    }
}

/// `None` when `slot_id` is not a slot of the grid; else the slot before it, if any.
fn slot_before(slots: &[SlotView], slot_id: i64) -> Option<Option<i64>> {
    let index = slots.iter().position(|s| s.id == slot_id)?;
    Some(index.checked_sub(1).map(|i| slots[i].id))
}

/// Whether a session starting in (`start`, `room`) and lasting `length` slots holds the cell
/// (`slot_id`, `room_id`); `previous` is the slot before `slot_id`.
fn holds(start: Option<i64>, room: Option<i64>, length: u8, slot_id: i64, room_id: i64, previous: Option<i64>) -> bool {
    room == Some(room_id) && start.is_some() && (start == Some(slot_id) || (length == 2 && start == previous))
}

/// Moves `dots` of a voter's from a merged-away session onto the one it joins: both add up,
/// capped at the per-session limit; what is over it goes back to the voter.
/// Returns (dots on the joined session, dots returned).
pub fn merged_dots(on_from: u32, on_into: u32, max_per_session: u32) -> (u32, u32) {
    let sum = on_from + on_into;
    let kept = sum.min(max_per_session.max(on_into));
    (kept, sum - kept)
}

#[cfg(test)]
mod tests;
