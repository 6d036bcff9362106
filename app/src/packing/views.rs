//! What the packing line's pages show, as the service puts it together for each of them.

use serde::{Deserialize, Serialize};

use super::line::{LineFigures, StationStatus};
use super::model::{ItemStock, StationKind};

/// The line's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LineSettings {
    pub bag_target: u64,
    /// Where the tables stand, e.g. "two long tables in hall B".
    pub tables: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SponsorView {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub tier: String,
    pub shipments: u32,
}

/// An item with its notes ("fragile", "insert last").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemView {
    pub stock: ItemStock,
    pub sponsor_id: i64,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StationView {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub kind: StationKind,
    pub item: Option<String>,
    /// The station screen's address with its key, for the volunteer's phone.
    pub screen: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ShiftView {
    pub id: i64,
    /// "Fri 3 Jul, 09:00–12:00"
    pub when: String,
    pub needed: u32,
    pub volunteers: Vec<Volunteer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Volunteer {
    pub name: String,
    /// "at Flyers", "walking bags", "folding".
    pub job: String,
}

/// A sponsor's item as the leads type it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemInput {
    pub sponsor_id: i64,
    pub name: String,
    /// Pieces per bag; empty: 1.
    #[serde(default)]
    pub per_bag: String,
    /// Pieces the sponsor announced; empty: not known.
    #[serde(default)]
    pub expected: String,
    #[serde(default)]
    pub notes: String,
}

/// The leads' page: the line, the stock against the target, stations and shifts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackingSetup {
    pub event_id: i64,
    pub slug: String,
    pub event_title: String,
    /// Present once the line is set up.
    pub line: Option<LineSettings>,
    pub sponsors: Vec<SponsorView>,
    pub items: Vec<ItemView>,
    /// "pens: 2,600 received for 3,000 bags", items with no shipment, sponsors who sent nothing.
    pub short: Vec<String>,
    pub missing: Vec<String>,
    pub not_shipped: Vec<String>,
    pub stations: Vec<StationView>,
    pub shifts: Vec<ShiftView>,
    /// The live line's wall-screen address with a read-only key.
    pub kiosk_path: String,
}

/// A station's phone screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StationScreen {
    pub event_id: i64,
    pub slug: String,
    pub event_title: String,
    pub station_id: i64,
    pub name: String,
    pub kind: StationKind,
    pub item: Option<String>,
    pub stock_left: i64,
    pub bags_done: u64,
    pub target: u64,
    /// The line's rate: for whoever takes over the station.
    pub per_minute: f64,
    pub status: StationStatus,
    /// The key the screen's taps are sent with.
    pub key: String,
}

/// The live line as first rendered; the island keeps it current.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinePage {
    pub slug: String,
    pub event_title: String,
    pub figures: LineFigures,
    pub kiosk: Option<String>,
}

/// The volunteers' sign-up page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VolunteerPage {
    pub event_id: i64,
    pub slug: String,
    pub event_title: String,
    pub shifts: Vec<ShiftView>,
    /// (id, name) of the stations in walking order.
    pub stations: Vec<(i64, String)>,
    /// The signed-in volunteer's name and address, to fill the form.
    pub name: String,
    pub email: String,
}

/// What a batch of taps did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TapAck {
    /// false: the batch had been stored before (a retry); nothing was counted twice.
    pub new: bool,
    pub taps: u32,
}

/// After the day: per sponsor, what went into the bags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorReport {
    pub event_title: String,
    pub bags_done: u64,
    /// (sponsor, one sentence per item).
    pub sponsors: Vec<(String, Vec<String>)>,
}
