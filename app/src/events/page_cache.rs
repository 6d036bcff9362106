//! The public event page is what everybody opens when registration starts, and it is the same
//! for every visitor without an account. Its data is kept for a second, so a rush costs a few
//! reads per second instead of three per visit. An RSVP makes it stale at once (the group
//! commit counts commits), so whoever just answered sees the new count; other changes, such
//! as an organizer's edit, show within the second. Places are never decided from this.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::model::EventDetails;
use crate::locale::Locale;

const FRESH_FOR: Duration = Duration::from_secs(1);
/// Bounds memory when many different events are visited at once.
const MAX_ENTRIES: usize = 512;

struct Entry {
    read_at: Instant,
    /// `Db::commits()` when the read began: a commit since then makes the entry stale.
    commits: u64,
    details: EventDetails,
}

#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<(String, Locale), Entry>>,
}

impl PageCache {
    pub fn get(&self, slug: &str, locale: Locale, commits: u64) -> Option<EventDetails> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get(&(slug.to_owned(), locale))?;
        (entry.commits == commits && entry.read_at.elapsed() < FRESH_FOR).then(|| entry.details.clone())
    }

    /// Keeps `details`, read after `commits` commits had happened.
    pub fn put(&self, slug: &str, locale: Locale, commits: u64, details: &EventDetails) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| e.read_at.elapsed() < FRESH_FOR);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert((slug.to_owned(), locale), Entry { read_at: Instant::now(), commits, details: details.clone() });
    }
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageCache(..)")
    }
}
