//! The actor's response cache: one entry per [`Resource`], with a freshness window.
//!
//! Within the window a revisit is answered from memory with no HTTP call; after it, the old
//! data is still shown at once while the actor revalidates (stale-while-revalidate). The actor
//! serves one profile, so the profile is implicit in the key.
//!
//! Entries are kept in key order so that a write finds the keys it touches by range (see
//! [`super::scope`]) instead of testing every key: a bulk run forgets once per item.
//!
//! An entry read back from the disk cache (an earlier run's) is [`Lookup::Cached`] until a
//! fetch replaces it: it is shown with its age and always revalidated.

use std::collections::BTreeMap;
use std::time::{Duration, Instant, SystemTime};

use super::mutation::Mutation;
use super::resource::{Resource, SharedData};
use super::scope;

/// How a cached entry may be used right now.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Fresh(SharedData),
    Stale(SharedData),
    /// From the disk cache, fetched at that time by an earlier run.
    Cached(SharedData, SystemTime),
    Missing,
}

struct Entry {
    data: SharedData,
    stored: Instant,
    /// Set for an entry read back from disk: when it was fetched.
    from_disk: Option<SystemTime>,
}

pub struct Cache {
    entries: BTreeMap<Resource, Entry>,
    fresh_for: Duration,
}

impl Cache {
    pub fn new(fresh_for: Duration) -> Self {
        Cache {
            entries: BTreeMap::new(),
            fresh_for,
        }
    }

    pub fn lookup(&self, key: &Resource) -> Lookup {
        match self.entries.get(key) {
            Some(Entry {
                data,
                from_disk: Some(fetched),
                ..
            }) => Lookup::Cached(data.clone(), *fetched),
            Some(entry) if entry.stored.elapsed() < self.fresh_for => {
                Lookup::Fresh(entry.data.clone())
            }
            Some(entry) => Lookup::Stale(entry.data.clone()),
            None => Lookup::Missing,
        }
    }

    pub fn store(&mut self, key: Resource, data: SharedData) {
        let stored = Instant::now();
        let from_disk = None;
        self.entries.insert(
            key,
            Entry {
                data,
                stored,
                from_disk,
            },
        );
    }

    /// Keeps an entry read back from disk, unless a fetch has already put a newer one here.
    pub fn store_cached(&mut self, key: Resource, data: SharedData, fetched: SystemTime) {
        self.entries.entry(key).or_insert(Entry {
            data,
            stored: Instant::now(),
            from_disk: Some(fetched),
        });
    }

    /// Drops every entry the mutation touches; returns the dropped keys.
    pub fn invalidate(&mut self, mutation: &Mutation) -> Vec<Resource> {
        let stale: Vec<Resource> = scope::touched(&self.entries, mutation).cloned().collect();
        for key in &stale {
            self.entries.remove(key);
        }
        stale
    }

    pub fn contains(&self, key: &Resource) -> bool {
        self.entries.contains_key(key)
    }
}
