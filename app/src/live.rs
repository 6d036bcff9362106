//! Pages that follow an event live: every RSVP, check-in, promotion or edit is announced here
//! (and every vote, proposal and placement of its open space, as a topic of its own), and each
//! open page (a server-sent event stream) refetches.
//!
//! Instances sharing a PostgreSQL database pass announcements on to each other (see
//! `db::notify`): each is sent locally at once and to the others over NOTIFY, and what the
//! others announce is fed into the local hub, so a page follows its event whichever instance
//! it is connected to. On SQLite the hub stays within the process.

use std::sync::{Arc, OnceLock};

use tokio::sync::{broadcast, watch};

use crate::db::Db;
use crate::db::notify::{Notice, Notices};

/// Announcements a slow follower may miss before it skips ahead; it refetches anyway.
const BACKLOG: usize = 256;

/// What changed about an event: a page follows only its own topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Topic {
    /// Who comes: RSVPs, arrivals, promotions.
    Attendance,
    /// The open space: proposals, votes, placements, moves.
    OpenSpace,
    /// The packing line: stock, stations, taps.
    Packing,
}

impl Topic {
    fn from_number(n: u8) -> Option<Self> {
        [Self::Attendance, Self::OpenSpace, Self::Packing].into_iter().find(|t| *t as u8 == n)
    }
}

/// Sent to every follower when announcements may have been missed (another instance's, while
/// the connection to the database was down): each page refetches.
const EVERYTHING: i64 = i64::MIN;

#[derive(Clone, Debug)]
pub struct LiveHub {
    changes: broadcast::Sender<(i64, Topic)>,
    closed: watch::Sender<bool>,
    /// The other instances on the same PostgreSQL database, once [`LiveHub::connect`]ed.
    others: Arc<OnceLock<Notices>>,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self { changes: broadcast::channel(BACKLOG).0, closed: watch::channel(false).0, others: Default::default() }
    }
}

impl LiveHub {
    /// On PostgreSQL: announces this instance's changes to the other instances and follows
    /// theirs until the hub closes. On SQLite it does nothing. Call once, at start.
    pub fn connect(&self, db: &Db) {
        let Some(notices) = db.notices() else { return };
        if self.others.set(notices.clone()).is_err() {
            return;
        }
        let hub = self.clone();
        let heard = move |notice| match notice {
            Notice::Changed { event_id, topic } => {
                if let Some(topic) = Topic::from_number(topic) {
                    let _ = hub.changes.send((event_id, topic));
                }
            }
            Notice::Missed => {
                let _ = hub.changes.send((EVERYTHING, Topic::Attendance));
            }
            Notice::Committed => {}
        };
        let hub = self.clone();
        tokio::spawn(notices.clone().listen(heard, async move { hub.stopped().await }));
    }

    /// Announces that what is known about `event_id`'s attendees changed. Call after the commit.
    pub fn changed(&self, event_id: i64) {
        self.changed_topic(event_id, Topic::Attendance);
    }

    /// Announces that `topic` of `event_id` changed. Call after the commit.
    pub fn changed_topic(&self, event_id: i64, topic: Topic) {
        let _ = self.changes.send((event_id, topic));
        if let Some(others) = self.others.get() {
            others.changed(event_id, topic as u8);
        }
    }

    /// Completes once the server stops, for streams that do not follow the hub.
    pub async fn stopped(&self) {
        let mut closed = self.closed.subscribe();
        let _ = closed.wait_for(|closed| *closed).await;
    }

    /// Ends every follow, so a stopping server is not kept open by them.
    pub fn close(&self) {
        self.closed.send_replace(true);
    }

    pub fn follow(&self, event_id: i64) -> Follow {
        self.follow_topic(event_id, Topic::Attendance)
    }

    pub fn follow_topic(&self, event_id: i64, topic: Topic) -> Follow {
        Follow { event_id, topic, changes: self.changes.subscribe(), closed: self.closed.subscribe() }
    }
}

/// One page following one event.
pub struct Follow {
    event_id: i64,
    topic: Topic,
    changes: broadcast::Receiver<(i64, Topic)>,
    closed: watch::Receiver<bool>,
}

impl Follow {
    /// Waits for the next change of the event; `None` once the server stops.
    pub async fn next(&mut self) -> Option<()> {
        loop {
            tokio::select! {
                change = self.changes.recv() => match change {
                    Ok(change) if change != (self.event_id, self.topic) && change.0 != EVERYTHING => continue,
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => return Some(()),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.closed.wait_for(|closed| *closed) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_follower_hears_only_its_event_and_stops_when_the_hub_closes() {
        let hub = LiveHub::default();
        let mut follow = hub.follow(7);
        hub.changed(8);
        hub.changed(7);
        assert_eq!(follow.next().await, Some(()));
        hub.changed(8);
        hub.changed_topic(7, Topic::OpenSpace);
        hub.close();
        assert_eq!(follow.next().await, None, "neither the other event's change nor another topic is announced");
    }
}
