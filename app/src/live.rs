//! Pages that show an event's attendees follow it live: every RSVP, check-in, promotion or
//! edit is announced here, and each open page (a server-sent event stream) refetches.

use tokio::sync::{broadcast, watch};

/// Announcements a slow follower may miss before it skips ahead; it refetches anyway.
const BACKLOG: usize = 256;

#[derive(Clone, Debug)]
pub struct LiveHub {
    changes: broadcast::Sender<i64>,
    closed: watch::Sender<bool>,
}

impl Default for LiveHub {
    fn default() -> Self {
        Self { changes: broadcast::channel(BACKLOG).0, closed: watch::channel(false).0 }
    }
}

impl LiveHub {
    /// Announces that what is known about `event_id`'s attendees changed. Call after the commit.
    pub fn changed(&self, event_id: i64) {
        let _ = self.changes.send(event_id);
    }

    /// Ends every follow, so a stopping server is not kept open by them.
    pub fn close(&self) {
        self.closed.send_replace(true);
    }

    pub fn follow(&self, event_id: i64) -> Follow {
        Follow { event_id, changes: self.changes.subscribe(), closed: self.closed.subscribe() }
    }
}

/// One page following one event.
pub struct Follow {
    event_id: i64,
    changes: broadcast::Receiver<i64>,
    closed: watch::Receiver<bool>,
}

impl Follow {
    /// Waits for the next change of the event; `None` once the server stops.
    pub async fn next(&mut self) -> Option<()> {
        loop {
            tokio::select! {
                change = self.changes.recv() => match change {
                    Ok(id) if id != self.event_id => continue,
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
        hub.close();
        assert_eq!(follow.next().await, None, "the other event's change is not announced");
    }
}
