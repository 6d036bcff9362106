//! The taps a station's phone has not had acknowledged yet, as kept in `localStorage`. Pure, so
//! the rules that keep a tap from being lost or counted twice are tested without a browser:
//! a batch is fixed (id and taps) before it is first sent, and only its acknowledgement or its
//! refusal removes it.

use serde::{Deserialize, Serialize};

use super::model::{BatchTap, MAX_BATCH_TAPS, TapKind};

/// The `localStorage` key of a station's queue.
pub fn storage_key(station_id: i64) -> String {
    format!("festplan-taps-{station_id}")
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// Taps not yet in a batch, oldest first.
    #[serde(default)]
    pub unsent: Vec<BatchTap>,
    /// The batch on its way (or whose answer was lost): sent again as it is until answered.
    #[serde(default)]
    pub inflight: Option<Inflight>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inflight {
    pub id: String,
    pub taps: Vec<BatchTap>,
}

impl Inflight {
    pub fn bags(&self) -> u64 {
        bags(&self.taps)
    }
}

fn bags(taps: &[BatchTap]) -> u64 {
    taps.iter().filter(|t| t.kind == TapKind::Bag).count() as u64
}

impl Queue {
    /// A stored queue; anything unreadable starts afresh rather than stopping the screen.
    pub fn parse(json: Option<&str>) -> Self {
        json.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn push(&mut self, kind: TapKind, at_ms: i64) {
        self.unsent.push(BatchTap { kind, at_ms });
    }

    /// Taps waiting, in a batch or not.
    pub fn waiting(&self) -> usize {
        self.unsent.len() + self.inflight.as_ref().map_or(0, |b| b.taps.len())
    }

    /// Finished bags among the waiting taps.
    pub fn waiting_bags(&self) -> u64 {
        bags(&self.unsent) + self.inflight.as_ref().map_or(0, Inflight::bags)
    }

    /// The batch to send: the one already on its way, else up to `MAX_BATCH_TAPS` of the
    /// unsent taps under `new_id` (called only when a new batch is made). Store the queue
    /// before sending, so a reload sends the same batch under the same id.
    pub fn batch(&mut self, new_id: impl FnOnce() -> String) -> Option<Inflight> {
        if self.inflight.is_none() && !self.unsent.is_empty() {
            let taps: Vec<BatchTap> = self.unsent.drain(..self.unsent.len().min(MAX_BATCH_TAPS)).collect();
            self.inflight = Some(Inflight { id: new_id(), taps });
        }
        self.inflight.clone()
    }

    /// The server answered batch `id` (stored it, or refused it for good): it leaves the queue.
    /// Another batch in its place (another tab's) stays.
    pub fn settle(&mut self, id: &str) -> bool {
        let ours = self.inflight.as_ref().is_some_and(|b| b.id == id);
        if ours {
            self.inflight = None;
        }
        ours
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("batch-{n:04}")
        }
    }

    #[test]
    fn a_batch_keeps_its_id_and_taps_until_it_is_answered() {
        let mut q = Queue::default();
        let mut next = ids();
        assert_eq!(q.batch(&mut next), None, "nothing to send");
        q.push(TapKind::Bag, 1);
        q.push(TapKind::Bag, 2);
        let first = q.batch(&mut next).unwrap();
        assert_eq!((first.id.as_str(), first.taps.len()), ("batch-0001", 2));
        q.push(TapKind::Bag, 3);
        assert_eq!(q.batch(&mut next), Some(first.clone()), "a retry sends the same batch, the new tap waits");
        assert_eq!((q.waiting(), q.waiting_bags()), (3, 3));
        assert!(!q.settle("batch-9999"), "another batch's answer changes nothing");
        assert!(q.settle(&first.id));
        let second = q.batch(&mut next).unwrap();
        assert_eq!((second.id.as_str(), second.taps), ("batch-0002", vec![BatchTap { kind: TapKind::Bag, at_ms: 3 }]));
    }

    #[test]
    fn batches_hold_at_most_500_taps() {
        let mut q = Queue::default();
        for at in 0..1_200 {
            q.push(TapKind::Bag, at);
        }
        let mut next = ids();
        let first = q.batch(&mut next).unwrap();
        assert_eq!((first.taps.len(), first.taps[0].at_ms, q.unsent.len()), (500, 0, 700));
        q.settle(&first.id);
        assert_eq!(q.batch(&mut next).unwrap().taps[0].at_ms, 500, "oldest first");
    }

    #[test]
    fn the_stored_shape_reads_back_and_junk_starts_afresh() {
        let mut q = Queue::default();
        q.push(TapKind::Out, 5);
        q.push(TapKind::Refill, 6);
        q.batch(|| "abcd-1234".into());
        q.push(TapKind::Low, 7);
        let json = q.to_json();
        assert_eq!(
            json,
            r#"{"unsent":[{"kind":"low","at_ms":7}],"inflight":{"id":"abcd-1234","taps":[{"kind":"out","at_ms":5},{"kind":"refill","at_ms":6}]}}"#
        );
        assert_eq!(Queue::parse(Some(&json)), q);
        assert_eq!(q.waiting_bags(), 0);
        assert_eq!(Queue::parse(Some("{not json")), Queue::default());
        assert_eq!(Queue::parse(None), Queue::default());
        assert_eq!(Queue::parse(Some(r#"{"unsent":[]}"#)), Queue::default());
    }
}
