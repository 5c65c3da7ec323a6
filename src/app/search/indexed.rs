//! The search source of what the background indexer read (`api::indexer`): one chunk per
//! list (an organization's users, its services, a service's subscriptions, the
//! administrators, a node's members), made when the list arrives, holding the entries alone —
//! never the records: each entry's text ends with its row's id, which is where Enter goes,
//! so a million entries cost their text.
//!
//! A list arriving again replaces its chunk in place; an owner's lists that did not come
//! again (a service removed since) are emptied. Chunk positions never move, so an arrival
//! costs the lists that arrived, whatever the index holds.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::loaded::{Held, Listed, entries_of, row_id, target_for};
use super::{Entries, Target};
use crate::api::indexer::{IndexProgress, IndexedLists};
use crate::api::{Mutation, Resource, ResourceData, scope};

#[derive(Debug)]
struct Chunk {
    resource: Resource,
    entries: Entries,
    /// The rows' ids, only when an entry's text does not end with its id as the server sent
    /// it (an id with characters the screen does not show as they are, or none).
    ids: Option<Vec<Box<str>>>,
}

impl Chunk {
    fn id(&self, row: usize) -> Option<&str> {
        match &self.ids {
            Some(ids) => ids.get(row).map(|id| &**id),
            None => self.entries.get(row)?.last_part(),
        }
    }
}

#[derive(Debug, Default)]
pub struct IndexedSource {
    version: u64,
    chunks: Vec<Chunk>,
    /// A list's hash → its chunk (which holds the list's name): 300,000 lists are not named
    /// twice. Two lists of one hash (odds of one in billions) keep the first its slot.
    slots: HashMap<u64, u32>,
    /// Owner → the chunks of its lists.
    owned: HashMap<String, Vec<u32>>,
    entries: usize,
    /// The lists indexed, by kind (for the gaps).
    pub(super) held: Held,
    /// The indexer's last word on how far it is; `None` until it speaks (or when it is off).
    pub progress: Option<IndexProgress>,
}

impl IndexedSource {
    /// Changes whenever an entry does.
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    pub fn chunk(&self, at: usize) -> &Entries {
        self.chunks.get(at).map_or(Entries::none(), |c| &c.entries)
    }

    /// The list chunk `at` was made of.
    pub fn resource(&self, at: usize) -> Option<&Resource> {
        self.chunks.get(at).map(|c| &c.resource)
    }

    /// Where the list of `resource` is, if it was indexed.
    pub fn slot(&self, resource: &Resource) -> Option<usize> {
        let at = *self.slots.get(&hash_of(resource))? as usize;
        (self.chunks[at].resource == *resource).then_some(at)
    }

    /// Entries held in all.
    pub fn len(&self) -> usize {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    pub fn target(&self, chunk: usize, row: usize) -> Option<Target> {
        let chunk = self.chunks.get(chunk)?;
        target_for(&chunk.resource, chunk.id(row)?)
    }

    /// Lists that arrived: each owner's replace what it had.
    pub fn put(&mut self, arrived: Vec<IndexedLists>) {
        if arrived.is_empty() {
            return;
        }
        for owner in arrived {
            let services = owner.lists.iter().find_map(|(r, d)| match d.as_ref() {
                ResourceData::OrgServices(v) if matches!(r, Resource::OrgServices { .. }) => {
                    Some(v)
                }
                _ => None,
            });
            let service_names = |_: &str, service: &str| {
                let found = services?.iter().find(|s| s.id == service);
                found.map(|s| s.name.clone())
            };
            let mut slots = Vec::with_capacity(owner.lists.len());
            for (resource, data) in &owner.lists {
                let entries = entries_of(resource, data, &service_names);
                let id = |row| row_id(data, row).unwrap_or_default();
                let in_text = (entries.iter().enumerate())
                    .all(|(row, e)| !id(row).is_empty() && e.last_part() == Some(id(row)));
                let ids =
                    (!in_text).then(|| (0..entries.len()).map(|row| id(row).into()).collect());
                slots.push(self.keep(Chunk {
                    resource: resource.clone(),
                    entries,
                    ids,
                }));
            }
            let key = owner.owner.unwrap_or_default();
            for gone in self.owned.remove(&key).unwrap_or_default() {
                if !slots.contains(&gone) {
                    self.empty(gone as usize);
                }
            }
            self.owned.insert(key, slots);
        }
        self.version += 1;
    }

    /// A write succeeded: the owner's lists it touches are dropped (a deleted organization's
    /// all) and, unless the owner is gone, its id is returned for the indexer to read them
    /// again (`""` for the shared lists). Costs the owner's lists, whatever the index holds.
    pub fn outdate(&mut self, mutation: &Mutation) -> Option<String> {
        let owner = scope::organization(mutation).unwrap_or_default();
        let gone = matches!(mutation, Mutation::DeleteOrganization { .. });
        let slots = self.owned.get(owner)?.clone();
        let touched: Vec<u32> = (slots.iter().copied())
            .filter(|&at| gone || mutation.invalidates(&self.chunks[at as usize].resource))
            .collect();
        for &at in &touched {
            self.empty(at as usize);
        }
        if touched.is_empty() {
            return None;
        }
        self.version += 1;
        if gone {
            self.owned.remove(owner);
            return None;
        }
        Some(owner.to_string())
    }

    /// Puts a chunk in its list's slot (a new one for a new list); returns the slot.
    fn keep(&mut self, chunk: Chunk) -> u32 {
        self.entries += chunk.entries.len();
        match self.slot(&chunk.resource) {
            Some(at) => {
                let old = std::mem::replace(&mut self.chunks[at], chunk);
                self.entries -= old.entries.len();
                at as u32
            }
            None => {
                let at = self.chunks.len() as u32;
                if let Some(kind) = Listed::of(&chunk.resource) {
                    self.held[kind as usize] += 1;
                }
                self.slots.entry(hash_of(&chunk.resource)).or_insert(at);
                self.chunks.push(chunk);
                at
            }
        }
    }

    fn empty(&mut self, at: usize) {
        let chunk = &mut self.chunks[at];
        self.entries -= chunk.entries.len();
        chunk.entries = Entries::default();
        chunk.ids = None;
    }
}

fn hash_of(resource: &Resource) -> u64 {
    let mut hasher = DefaultHasher::new();
    resource.hash(&mut hasher);
    hasher.finish()
}
