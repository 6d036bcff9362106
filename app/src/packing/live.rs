//! The live line for every open screen at once. Forty stations tapping twice a second would be
//! eighty changes a second; five hundred screens re-reading the figures on each would be forty
//! thousand reads a second. Instead each line has one feed: after a change it waits a moment
//! for more (`COALESCE`), computes the figures once, and every screen receives the same JSON.
//! A feed lives while someone watches it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, watch};

use crate::state::AppState;

/// How long a feed waits after a change for the ones that follow, before it recomputes: a
/// tap reaches the screens within this plus one computation.
const COALESCE: Duration = Duration::from_millis(250);

/// The figures as JSON; `None` until first computed.
pub type Figures = Option<Arc<str>>;

#[derive(Default)]
pub struct Feeds {
    feeds: Mutex<HashMap<i64, Feed>>,
}

impl std::fmt::Debug for Feeds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Feeds(..)")
    }
}

struct Feed {
    figures: watch::Sender<Figures>,
    dirty: Arc<Notify>,
}

impl Feeds {
    /// After a commit that changed the line of `event_id`: its feed, if anyone watches, recomputes.
    pub fn touch(&self, event_id: i64) {
        if let Some(feed) = self.lock().get(&event_id) {
            feed.dirty.notify_one();
        }
    }

    /// The line's figures as they change, starting the feed if nobody watched it yet.
    pub fn watch(&self, state: &AppState, event_id: i64) -> watch::Receiver<Figures> {
        let mut feeds = self.lock();
        if let Some(feed) = feeds.get(&event_id) {
            return feed.figures.subscribe();
        }
        let (figures, receiver) = watch::channel(None);
        let dirty = Arc::new(Notify::new());
        feeds.insert(event_id, Feed { figures: figures.clone(), dirty: dirty.clone() });
        tokio::spawn(refresh(state.clone(), event_id, figures, dirty));
        receiver
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Feed>> {
        self.feeds.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Computes the figures now and after each change, until the last screen has gone.
async fn refresh(state: AppState, event_id: i64, figures: watch::Sender<Figures>, dirty: Arc<Notify>) {
    loop {
        match super::service::figures_json(&state, event_id).await {
            Ok(json) => {
                figures.send_replace(Some(json.into()));
            }
            Err(err) => tracing::warn!(event_id, error = %err, "packing line: figures not computed"),
        }
        tokio::select! {
            _ = dirty.notified() => tokio::time::sleep(COALESCE).await,
            _ = figures.closed() => {
                let mut feeds = state.packing.lock();
                // A screen may have come in meanwhile; it holds a receiver of this same feed.
                if figures.receiver_count() == 0 {
                    feeds.remove(&event_id);
                    return;
                }
            }
        }
    }
}
