//! Swag-bag packing types shared by server and browser: the taps stations send, the checks a
//! batch of them passes, and the stock in words before and after the day. Pure Rust; the live
//! line's figures are computed in `line` and re-exported here.

use serde::{Deserialize, Serialize};

use crate::i18n::td_string;
use crate::locale::{Locale, number};

pub use super::line::{
    Bottleneck, ChartPoint, LineFigures, MAX_CHART_POINTS, RATE_WINDOW_MS, StationFigure, StationStatus, StationStock, line_figures,
};

/// What a tap at a station reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum TapKind {
    /// The folding station finished one bag.
    Bag,
    /// A dispensing station opened a fresh box.
    Refill,
    Low,
    Out,
}

impl TapKind {
    pub const ALL: [TapKind; 4] = [Self::Bag, Self::Refill, Self::Low, Self::Out];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bag => "bag",
            Self::Refill => "refill",
            Self::Low => "low",
            Self::Out => "out",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::Bag => td_string!(l, packing.tap.bag),
            Self::Refill => td_string!(l, packing.tap.refill),
            Self::Low => td_string!(l, packing.tap.low),
            Self::Out => td_string!(l, packing.tap.out),
        }
    }
}

/// What a station along the tables does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type, utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum StationKind {
    /// Hands one sponsor item into each bag.
    #[default]
    Dispense,
    /// Folds and closes finished bags; its taps count them.
    Fold,
}

impl StationKind {
    pub const ALL: [StationKind; 2] = [Self::Dispense, Self::Fold];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dispense => "dispense",
            Self::Fold => "fold",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self, l: Locale) -> &'static str {
        match self {
            Self::Dispense => td_string!(l, packing.kind.dispense),
            Self::Fold => td_string!(l, packing.kind.fold),
        }
    }
}

/// A stored tap; `at_ms` is the phone's clock in Unix milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Tap {
    pub station_id: i64,
    pub kind: TapKind,
    pub at_ms: i64,
}

/// Most taps one batch may carry.
pub const MAX_BATCH_TAPS: usize = 500;
/// Oldest a tap may be when it arrives: a phone offline all day still gets its taps in.
pub const MAX_TAP_AGE_MS: i64 = 24 * 60 * 60 * 1000;
/// How far ahead of the server a tap may be, for phone clocks that drift.
pub const MAX_TAP_AHEAD_MS: i64 = 2 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BatchTap {
    pub kind: TapKind,
    pub at_ms: i64,
}

/// Taps a phone stored and sends together. The phone picks `id` once per batch, so a batch
/// sent again after a lost answer can be recognised and stored only once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TapBatch {
    pub id: String,
    pub station_id: i64,
    pub taps: Vec<BatchTap>,
}

/// Why a batch is refused; `index` counts the batch's taps from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BatchError {
    BadId,
    Empty,
    TooManyTaps { count: usize },
    TooOld { index: usize },
    InFuture { index: usize },
}

impl BatchError {
    pub fn message(&self) -> String {
        self.message_in(Locale::en)
    }

    pub fn message_in(&self, l: Locale) -> String {
        match *self {
            Self::BadId => td_string!(l, packing.err.bad_id).into(),
            Self::Empty => td_string!(l, packing.err.empty).into(),
            Self::TooManyTaps { count } => td_string!(l, packing.err.too_many, count = count, max = MAX_BATCH_TAPS).to_string(),
            Self::TooOld { index } => td_string!(l, packing.err.too_old, n = index + 1).to_string(),
            Self::InFuture { index } => td_string!(l, packing.err.in_future, n = index + 1).to_string(),
        }
    }
}

impl TapBatch {
    /// Checks the batch's shape and its taps' times against the server's clock. Whether the
    /// station may tap `Bag` needs the stored station, so the service checks that.
    pub fn check(&self, now_ms: i64) -> Result<(), BatchError> {
        let id_ok = (8..=64).contains(&self.id.len()) && self.id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !id_ok {
            return Err(BatchError::BadId);
        }
        if self.taps.is_empty() {
            return Err(BatchError::Empty);
        }
        if self.taps.len() > MAX_BATCH_TAPS {
            return Err(BatchError::TooManyTaps { count: self.taps.len() });
        }
        let (oldest, latest) = (now_ms.saturating_sub(MAX_TAP_AGE_MS), now_ms.saturating_add(MAX_TAP_AHEAD_MS));
        for (index, tap) in self.taps.iter().enumerate() {
            if tap.at_ms < oldest {
                return Err(BatchError::TooOld { index });
            }
            if tap.at_ms > latest {
                return Err(BatchError::InFuture { index });
            }
        }
        Ok(())
    }

    /// The batch's taps as stored, each carrying the batch's station.
    pub fn taps(&self) -> impl Iterator<Item = Tap> + '_ {
        self.taps.iter().map(|t| Tap { station_id: self.station_id, kind: t.kind, at_ms: t.at_ms })
    }
}

/// One sponsor item and the stock that arrived for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemStock {
    pub item_id: i64,
    pub sponsor: String,
    /// Plural, as people count them: "pens", "flyers".
    pub name: String,
    /// Pieces into each bag; 0: not packed.
    pub per_bag: u32,
    /// Pieces the sponsor announced.
    pub expected: u64,
    /// Pieces counted in at the door, over all shipments.
    pub received: u64,
    pub shipments: u32,
}

impl ItemStock {
    /// Bags its stock fills; `None` for items not packed.
    pub fn bags_covered(&self) -> Option<u64> {
        (self.per_bag > 0).then(|| self.received / u64::from(self.per_bag))
    }
}

/// An item that cannot go into every bag of the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Shortfall {
    pub item_id: i64,
    pub sponsor: String,
    pub name: String,
    pub per_bag: u32,
    pub received: u64,
    /// Pieces the target takes: bag target × per bag.
    pub needed: u64,
    pub bag_target: u64,
    /// Bags the received stock fills.
    pub bags_covered: u64,
    /// No shipment arrived at all.
    pub missing: bool,
}

impl Shortfall {
    /// "pens: 2,600 received for 3,000 bags".
    pub fn words(&self, l: Locale) -> String {
        let bags = number(l, self.bag_target);
        let each = if self.per_bag > 1 {
            td_string!(l, packing.short.at_a_bag, n = self.per_bag, needed = number(l, self.needed)).to_string()
        } else {
            String::new()
        };
        if self.missing {
            td_string!(l, packing.short.nothing, item = &self.name, bags = bags, each = each).to_string()
        } else {
            td_string!(l, packing.short.received, item = &self.name, n = number(l, self.received), bags = bags, each = each).to_string()
        }
    }
}

/// Items that will not stretch to `bag_target` bags, those with no shipment at all first, then
/// the shortest; items not packed (0 a bag) are left out.
pub fn shortfalls(items: &[ItemStock], bag_target: u64) -> Vec<Shortfall> {
    let mut short: Vec<Shortfall> = items
        .iter()
        .filter_map(|item| {
            let bags_covered = item.bags_covered()?;
            let missing = item.shipments == 0;
            (bag_target > 0 && (missing || bags_covered < bag_target)).then(|| Shortfall {
                item_id: item.item_id,
                sponsor: item.sponsor.clone(),
                name: item.name.clone(),
                per_bag: item.per_bag,
                received: item.received,
                needed: bag_target.saturating_mul(u64::from(item.per_bag)),
                bag_target,
                bags_covered,
                missing,
            })
        })
        .collect();
    short.sort_by_key(|s| (!s.missing, s.bags_covered));
    short
}

/// Sponsors, given with their shipment counts, from whom nothing has arrived; in the order given.
pub fn sponsors_not_shipped(sponsors: &[(String, u32)]) -> Vec<String> {
    sponsors.iter().filter(|(_, shipments)| *shipments == 0).map(|(name, _)| name.clone()).collect()
}

/// What became of a sponsor's item, for their report after the day:
/// "your 3,000 flyers went into 2,987 bags; 13 left over".
pub fn sponsor_report(l: Locale, item: &ItemStock, bags_done: u64) -> String {
    let per_bag = u64::from(item.per_bag);
    let used = bags_done.saturating_mul(per_bag);
    let each = if per_bag > 1 { td_string!(l, packing.report.each, n = per_bag).to_string() } else { String::new() };
    let head = td_string!(l, packing.report.head, n = number(l, item.received), item = &item.name).to_string();
    if per_bag == 0 {
        return td_string!(l, packing.report.not_packed, head = head).to_string();
    }
    if item.received >= used {
        let rest = match item.received - used {
            0 => td_string!(l, packing.report.none_left).to_string(),
            left => td_string!(l, packing.report.left, n = number(l, left)).to_string(),
        };
        td_string!(l, packing.report.went, head = head, bags = bags(l, bags_done), each = each, rest = rest).to_string()
    } else {
        let filled = item.received / per_bag;
        let missing = number(l, used - item.received);
        td_string!(
            l,
            packing.report.went_partly,
            head = head,
            filled = number(l, filled),
            bags = bags(l, bags_done),
            each = each,
            missing = missing
        )
        .to_string()
    }
}

/// "1 bag", "2,987 bags".
pub fn bags(l: Locale, n: u64) -> String {
    if n == 1 { td_string!(l, packing.one_bag).into() } else { td_string!(l, packing.n_bags, n = number(l, n)).to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_000_000_000;

    fn batch(id: &str, times: &[i64]) -> TapBatch {
        TapBatch { id: id.into(), station_id: 7, taps: times.iter().map(|&at_ms| BatchTap { kind: TapKind::Bag, at_ms }).collect() }
    }

    fn item(name: &str, per_bag: u32, received: u64, shipments: u32) -> ItemStock {
        ItemStock { item_id: 1, sponsor: "Acme".into(), name: name.into(), per_bag, expected: 3_000, received, shipments }
    }

    #[test]
    fn stored_names_read_back() {
        for k in TapKind::ALL {
            assert_eq!(TapKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        for k in StationKind::ALL {
            assert_eq!(StationKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(TapKind::parse("Bag"), None);
    }

    #[test]
    fn a_well_formed_batch_passes_and_its_taps_carry_the_station() {
        let b = batch("phone-1_abc", &[NOW - MAX_TAP_AGE_MS, NOW, NOW + MAX_TAP_AHEAD_MS]);
        assert_eq!(b.check(NOW), Ok(()));
        assert!(b.taps().all(|t| t.station_id == 7 && t.kind == TapKind::Bag));
        assert_eq!(b.taps().count(), 3);
    }

    #[test]
    fn a_batch_id_must_be_8_to_64_safe_characters() {
        for bad in ["short7", "has space12", "ümlaut-123", "semi;colon", &"x".repeat(65), ""] {
            assert_eq!(batch(bad, &[NOW]).check(NOW), Err(BatchError::BadId), "{bad:?}");
        }
        for good in ["abcd1234", &"A-_9".repeat(16)] {
            assert_eq!(batch(good, &[NOW]).check(NOW), Ok(()), "{good:?}");
        }
    }

    #[test]
    fn a_batch_holds_1_to_500_taps() {
        assert_eq!(batch("abcd1234", &[]).check(NOW), Err(BatchError::Empty));
        assert_eq!(batch("abcd1234", &[NOW; 500]).check(NOW), Ok(()));
        let too_many = batch("abcd1234", &[NOW; 501]).check(NOW);
        assert_eq!(too_many, Err(BatchError::TooManyTaps { count: 501 }));
        assert!(too_many.unwrap_err().message().contains("501"));
    }

    #[test]
    fn taps_older_than_a_day_or_over_2_minutes_ahead_are_refused_by_index() {
        let old = batch("abcd1234", &[NOW, NOW - MAX_TAP_AGE_MS - 1]).check(NOW);
        assert_eq!(old, Err(BatchError::TooOld { index: 1 }));
        assert_eq!(old.unwrap_err().message(), "Tap 2 of the batch is more than 24 hours old.");
        let ahead = batch("abcd1234", &[NOW + MAX_TAP_AHEAD_MS + 1, NOW]).check(NOW);
        assert_eq!(ahead, Err(BatchError::InFuture { index: 0 }));
        assert!(ahead.unwrap_err().message().starts_with("Tap 1 "));
        assert_eq!(batch("abcd1234", &[i64::MIN, i64::MAX]).check(NOW), Err(BatchError::TooOld { index: 0 }));
    }

    #[test]
    fn shortfalls_name_items_below_the_target_and_those_never_shipped() {
        let items = [
            item("pens", 1, 2_600, 2),
            item("flyers", 1, 3_000, 1),
            item("stickers", 2, 5_000, 1),
            item("mints", 1, 0, 0),
            item("posters", 0, 0, 0),
        ];
        let short = shortfalls(&items, 3_000);
        let words: Vec<String> = short.iter().map(|s| s.words(Locale::en)).collect();
        assert_eq!(
            words,
            [
                "mints: nothing shipped yet for 3,000 bags",
                "stickers: 5,000 received for 3,000 bags at 2 a bag (6,000 needed)",
                "pens: 2,600 received for 3,000 bags",
            ]
        );
        assert_eq!((short[2].received, short[2].bag_target, short[2].bags_covered), (2_600, 3_000, 2_600));
        assert!(shortfalls(&items, 0).is_empty());
    }

    #[test]
    fn sponsors_with_no_shipment_are_named_in_order() {
        let sponsors = [("Acme".to_string(), 0), ("Globex".to_string(), 3), ("Initech".to_string(), 0)];
        assert_eq!(sponsors_not_shipped(&sponsors), ["Acme", "Initech"]);
    }

    #[test]
    fn the_sponsor_report_tells_what_was_left_over_or_missing() {
        assert_eq!(sponsor_report(Locale::en, &item("flyers", 1, 3_000, 1), 2_987), "your 3,000 flyers went into 2,987 bags; 13 left over");
        assert_eq!(
            sponsor_report(Locale::en, &item("flyers", 1, 3_000, 1), 3_000),
            "your 3,000 flyers went into 3,000 bags; none left over"
        );
        assert_eq!(
            sponsor_report(Locale::en, &item("stickers", 2, 5_900, 1), 2_987),
            "your 5,900 stickers went into 2,950 of 2,987 bags, 2 in each; 74 were missing"
        );
        assert_eq!(sponsor_report(Locale::en, &item("posters", 0, 50, 1), 2_987), "your 50 posters were not packed into bags");
        assert_eq!(sponsor_report(Locale::de, &item("flyers", 1, 3_000, 1), 2_987), "Ihre 3.000 flyers kamen in 2.987 Taschen; 13 übrig");
    }
}
