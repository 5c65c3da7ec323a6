//! The search source of what the background indexer read (`api::indexer`): one chunk per
//! list (an organization's users, its services, a service's subscriptions, the
//! administrators, a node's members), made when the list arrives, holding the entries alone —
//! never the records: each entry's text ends with its row's id, which is where Enter goes,
//! so a million entries cost their text.
//!
//! A list arriving again replaces its chunk in place; an owner's lists that did not come
//! again (a service removed since) are emptied. Chunk positions never move, so an arrival
//! costs the lists that arrived, whatever the index holds.
//!
//! At 100,000 organizations there are 300,000 lists, so what a chunk costs beside its
//! entries counts: a chunk names its list by kind and its owner by a number (each owner's id
//! is kept once), and the chunks grow by a quarter at a time.

use std::collections::HashMap;
use std::sync::Arc;

use super::loaded::{Held, Listed, entries_of, row_id, target_for};
use super::{Entries, Target};
use crate::api::indexer::{IndexProgress, IndexedLists};
use crate::api::{Mutation, Resource, ResourceData, scope};
use crate::domain::hierarchy::NodeKind;

/// One list's entries. 300,000 lists make 300,000 chunks, so a chunk names its list in a few
/// bytes: which of its owner's lists it is, the owner by number (`Names`).
#[derive(Debug)]
struct Chunk {
    owner: u32,
    list: List,
    entries: Entries,
    /// The rows' ids, only when an entry's text does not end with its id as the server sent
    /// it (an id with characters the screen does not show as they are, or none).
    ids: Option<Box<[Box<str>]>>,
}

/// Which of its owner's lists a chunk holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum List {
    Users,
    Services,
    Subscriptions {
        service: Box<str>,
    },
    Administrators,
    Members {
        kind: NodeKind,
    },
    /// A list the indexer does not read today, kept whole.
    Other(Box<Resource>),
}

impl List {
    /// The list of `resource`, and the id of whom it belongs to ("" for the shared lists).
    fn of(resource: &Resource) -> (List, &str) {
        match resource {
            Resource::Users { org } => (List::Users, org),
            Resource::OrgServices { org } => (List::Services, org),
            Resource::Subscriptions { org, service } => {
                let service = service.as_str().into();
                (List::Subscriptions { service }, org)
            }
            Resource::Administrators => (List::Administrators, ""),
            Resource::Members { node, kind } => (List::Members { kind: *kind }, node),
            other => (List::Other(Box::new(other.clone())), ""),
        }
    }

    fn resource(&self, owner: &str) -> Resource {
        let org = owner.to_string();
        match self {
            List::Users => Resource::Users { org },
            List::Services => Resource::OrgServices { org },
            List::Subscriptions { service } => Resource::Subscriptions {
                org,
                service: service.to_string(),
            },
            List::Administrators => Resource::Administrators,
            List::Members { kind } => Resource::Members {
                node: org,
                kind: *kind,
            },
            List::Other(resource) => (**resource).clone(),
        }
    }
}

/// Owners' ids, each kept once and named by its number.
#[derive(Debug, Default)]
struct Names {
    ids: Vec<Arc<str>>,
    numbers: HashMap<Arc<str>, u32>,
}

impl Names {
    fn number(&mut self, id: &str) -> u32 {
        if let Some(&number) = self.numbers.get(id) {
            return number;
        }
        let number = self.ids.len() as u32;
        let id: Arc<str> = id.into();
        self.ids.push(id.clone());
        self.numbers.insert(id, number);
        number
    }

    fn find(&self, id: &str) -> Option<u32> {
        self.numbers.get(id).copied()
    }

    fn id(&self, number: u32) -> &str {
        &self.ids[number as usize]
    }
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
    names: Names,
    /// Owner (by number) → the chunks of its lists, which is also how a list's chunk is
    /// found: an owner has a few.
    owned: HashMap<u32, Vec<u32>>,
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
    fn resource(&self, at: usize) -> Option<Resource> {
        let chunk = self.chunks.get(at)?;
        Some(chunk.list.resource(self.names.id(chunk.owner)))
    }

    /// Whom chunk `at`'s list belongs to (an organization's or a node's id; "" for the shared
    /// lists), and whether it is a node's members: what a drawn hit names beside it, with no
    /// list name made for it.
    pub fn owner(&self, at: usize) -> Option<(&str, bool)> {
        let chunk = self.chunks.get(at)?;
        Some(match &chunk.list {
            List::Members { .. } => (self.names.id(chunk.owner), true),
            List::Other(resource) => (resource.organization().unwrap_or_default(), false),
            _ => (self.names.id(chunk.owner), false),
        })
    }

    /// Where the list of `resource` is, if it was indexed.
    pub fn slot(&self, resource: &Resource) -> Option<usize> {
        let (list, owner) = List::of(resource);
        let owned = self.owned.get(&self.names.find(owner)?)?;
        (owned.iter().map(|&at| at as usize)).find(|&at| self.chunks[at].list == list)
    }

    /// Entries held in all.
    pub fn len(&self) -> usize {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    pub fn target(&self, at: usize, row: usize) -> Option<Target> {
        let id = self.chunks.get(at)?.id(row)?;
        target_for(&self.resource(at)?, id)
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
                slots.push(self.keep(resource, entries, ids));
            }
            let key = self
                .names
                .number(owner.owner.as_deref().unwrap_or_default());
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
        let number = self.names.find(owner)?;
        let slots = self.owned.get(&number)?.clone();
        let touched: Vec<u32> = (slots.iter().copied())
            .filter(|&at| {
                gone || (self.resource(at as usize)).is_some_and(|r| mutation.invalidates(&r))
            })
            .collect();
        for &at in &touched {
            self.empty(at as usize);
        }
        if touched.is_empty() {
            return None;
        }
        self.version += 1;
        if gone {
            self.owned.remove(&number);
            return None;
        }
        Some(owner.to_string())
    }

    /// Puts a list's entries in its slot (a new one for a new list); returns the slot.
    fn keep(&mut self, resource: &Resource, entries: Entries, ids: Option<Box<[Box<str>]>>) -> u32 {
        self.entries += entries.len();
        if let Some(at) = self.slot(resource) {
            let chunk = &mut self.chunks[at];
            self.entries -= chunk.entries.len();
            (chunk.entries, chunk.ids) = (entries, ids);
            return at as u32;
        }
        let at = self.chunks.len() as u32;
        if let Some(kind) = Listed::of(resource) {
            self.held[kind as usize] += 1;
        }
        let (list, owner) = List::of(resource);
        let owner = self.names.number(owner);
        // Grown by a quarter, not doubled: 300,000 chunks would otherwise hold room for
        // 524,288.
        if self.chunks.len() == self.chunks.capacity() {
            self.chunks.reserve_exact(self.chunks.len() / 4 + 64);
        }
        self.chunks.push(Chunk {
            owner,
            list,
            entries,
            ids,
        });
        at
    }

    fn empty(&mut self, at: usize) {
        let chunk = &mut self.chunks[at];
        self.entries -= chunk.entries.len();
        chunk.entries = Entries::default();
        chunk.ids = None;
    }
}
