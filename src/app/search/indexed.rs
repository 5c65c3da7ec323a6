//! The search source of what the background indexer read (`api::indexer`): one chunk per
//! list (an organization's users, its services, a service's subscriptions, the
//! administrators, a node's members), made when the list arrives, holding the entries alone —
//! never the records: each entry's text ends with its row's id, which is where Enter goes,
//! so a million entries cost their text.
//!
//! A list arriving again replaces its chunk in place; an owner's lists that did not come
//! again (a service removed since) are emptied, and filled again if they come back. Chunk
//! positions never move, so an arrival costs the lists that arrived, whatever the index holds.
//!
//! At 100,000 organizations there are 300,000 lists, so what a chunk costs beside its
//! entries counts: 40 bytes. A chunk names its list by kind, its owner and a subscription
//! list's service by number (each id is kept once, in [`Names`]), and links to its owner's
//! next chunk, which is how a list's chunk is found with no map of lists. The chunks grow by a
//! quarter at a time.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use hashbrown::HashTable;

use super::loaded::{Held, Listed, entries_of, row_id, target_for};
use super::{Entries, Target};
use crate::api::indexer::{IndexProgress, IndexedLists};
use crate::api::{Mutation, Resource, ResourceData, scope};
use crate::domain::hierarchy::NodeKind;

/// One list's entries, and where its owner's next list is.
#[derive(Debug)]
struct Chunk {
    entries: Entries,
    owner: u32,
    /// The owner's next chunk; [`LAST`] at its last.
    next: u32,
    list: List,
}

const _: () = assert!(std::mem::size_of::<Chunk>() == 40);

/// No next chunk, no first chunk.
const LAST: u32 = u32::MAX;

/// Which of its owner's lists a chunk holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Users,
    Services,
    /// A service's subscriptions, the service by number in [`IndexedSource::services`].
    Subscriptions {
        service: u32,
    },
    Administrators,
    Members {
        kind: NodeKind,
    },
    /// A list the indexer does not read today, kept whole in [`IndexedSource::others`].
    Other(u32),
}

/// A list as `resource` names it: whom it belongs to ("" for the shared lists), and what
/// else tells it from its owner's other lists.
enum Key<'a> {
    Users(&'a str),
    Services(&'a str),
    Subscriptions(&'a str, &'a str),
    Administrators,
    Members(&'a str, NodeKind),
    Other(&'a Resource),
}

impl<'a> Key<'a> {
    fn of(resource: &'a Resource) -> Key<'a> {
        match resource {
            Resource::Users { org } => Key::Users(org),
            Resource::OrgServices { org } => Key::Services(org),
            Resource::Subscriptions { org, service } => Key::Subscriptions(org, service),
            Resource::Administrators => Key::Administrators,
            Resource::Members { node, kind } => Key::Members(node, *kind),
            other => Key::Other(other),
        }
    }

    /// The list as a chunk names it, the service and the other list by the numbers given.
    fn list(
        &self,
        service: impl FnOnce(&str) -> Option<u32>,
        other: impl FnOnce(&Resource) -> Option<usize>,
    ) -> Option<List> {
        Some(match *self {
            Key::Users(_) => List::Users,
            Key::Services(_) => List::Services,
            Key::Subscriptions(_, id) => List::Subscriptions {
                service: service(id)?,
            },
            Key::Administrators => List::Administrators,
            Key::Members(_, kind) => List::Members { kind },
            Key::Other(resource) => List::Other(other(resource)? as u32),
        })
    }

    fn owner(&self) -> &'a str {
        match *self {
            Key::Users(org) | Key::Services(org) | Key::Subscriptions(org, _) => org,
            Key::Members(node, _) => node,
            Key::Administrators | Key::Other(_) => "",
        }
    }
}

/// Ids, each kept once in one string and named by its number (the order they came in): at
/// 100,000 organizations, an id costs its text and some 10 bytes, not an allocation and two
/// map entries.
#[derive(Debug, Default)]
struct Names {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<u32>,
    /// The numbers, found by their id's hash.
    numbers: HashTable<u32>,
    hasher: RandomState,
}

fn name_at<'a>(text: &'a str, ends: &[u32], number: u32) -> &'a str {
    let at = number as usize;
    let start = at.checked_sub(1).map_or(0, |before| ends[before] as usize);
    &text[start..ends[at] as usize]
}

impl Names {
    fn number(&mut self, id: &str) -> u32 {
        if let Some(number) = self.find(id) {
            return number;
        }
        let number = self.ends.len() as u32;
        self.text.push_str(id);
        self.ends.push(self.text.len() as u32);
        let (text, ends, hasher) = (&self.text, &self.ends, &self.hasher);
        let rehash = |&n: &u32| hasher.hash_one(name_at(text, ends, n));
        self.numbers
            .insert_unique(hasher.hash_one(id), number, rehash);
        number
    }

    fn find(&self, id: &str) -> Option<u32> {
        let is_id = |&n: &u32| self.id(n) == id;
        self.numbers.find(self.hasher.hash_one(id), is_id).copied()
    }

    fn id(&self, number: u32) -> &str {
        name_at(&self.text, &self.ends, number)
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

#[derive(Debug, Default)]
pub struct IndexedSource {
    version: u64,
    chunks: Vec<Chunk>,
    owners: Names,
    /// Owner (by number) → its first chunk; the rest follow through [`Chunk::next`].
    first: Vec<u32>,
    services: Names,
    others: Vec<Resource>,
    /// A chunk's rows' ids, only when an entry's text does not end with its id as the server
    /// sent it (an id with characters the screen does not show as they are, or none).
    odd_ids: HashMap<u32, Box<[Box<str>]>>,
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
        let org = || self.owners.id(chunk.owner).to_string();
        Some(match chunk.list {
            List::Users => Resource::Users { org: org() },
            List::Services => Resource::OrgServices { org: org() },
            List::Subscriptions { service } => Resource::Subscriptions {
                org: org(),
                service: self.services.id(service).to_string(),
            },
            List::Administrators => Resource::Administrators,
            List::Members { kind } => Resource::Members { node: org(), kind },
            List::Other(at) => self.others[at as usize].clone(),
        })
    }

    /// Whom chunk `at`'s list belongs to (an organization's or a node's id; "" for the shared
    /// lists), and whether it is a node's members: what a drawn hit names beside it, with no
    /// list name made for it.
    pub fn owner(&self, at: usize) -> Option<(&str, bool)> {
        let chunk = self.chunks.get(at)?;
        Some(match chunk.list {
            List::Members { .. } => (self.owners.id(chunk.owner), true),
            List::Other(at) => (
                self.others[at as usize].organization().unwrap_or_default(),
                false,
            ),
            _ => (self.owners.id(chunk.owner), false),
        })
    }

    /// The list `key` names as a chunk names it, if any chunk does.
    fn list(&self, key: &Key) -> Option<List> {
        key.list(
            |service| self.services.find(service),
            |resource| self.others.iter().position(|r| r == resource),
        )
    }

    /// The chunks of owner `number`, first to last.
    fn owned(&self, number: u32) -> impl Iterator<Item = u32> + '_ {
        let linked = |at: u32| (at != LAST).then_some(at);
        let first = self.first.get(number as usize).copied().and_then(linked);
        std::iter::successors(first, move |&at| linked(self.chunks[at as usize].next))
    }

    /// Where the list of `resource` is, if it was indexed.
    pub fn slot(&self, resource: &Resource) -> Option<usize> {
        let key = Key::of(resource);
        let list = self.list(&key)?;
        let owner = self.owners.find(key.owner())?;
        let at = self
            .owned(owner)
            .find(|&at| self.chunks[at as usize].list == list)?;
        Some(at as usize)
    }

    /// Entries held in all.
    pub fn len(&self) -> usize {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    pub fn target(&self, at: usize, row: usize) -> Option<Target> {
        let chunk = self.chunks.get(at)?;
        let id = match self.odd_ids.get(&(at as u32)) {
            Some(ids) => ids.get(row).map(|id| Cow::Borrowed(&**id)),
            None => chunk.entries.get(row)?.last_part(),
        }?;
        target_for(&self.resource(at)?, &id)
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
            let mut arrived = Vec::with_capacity(owner.lists.len());
            for (resource, data) in &owner.lists {
                let entries = entries_of(resource, data, &service_names);
                let id = |row| row_id(data, row).unwrap_or_default();
                let in_text = (entries.iter().enumerate()).all(|(row, e)| {
                    !id(row).is_empty() && e.last_part().as_deref() == Some(id(row))
                });
                let ids =
                    (!in_text).then(|| (0..entries.len()).map(|row| id(row).into()).collect());
                arrived.push(self.keep(resource, entries, ids));
            }
            let number = self.owners.find(owner.owner.as_deref().unwrap_or_default());
            let gone = number.into_iter().flat_map(|number| self.owned(number));
            let gone: Vec<u32> = gone.filter(|at| !arrived.contains(at)).collect();
            for at in gone {
                self.empty(at as usize);
            }
        }
        self.version += 1;
    }

    /// A write succeeded: the owner's lists it touches are emptied (a deleted organization's
    /// all) and, unless the owner is gone, its id is returned for the indexer to read them
    /// again (`""` for the shared lists). Costs the owner's lists, whatever the index holds.
    pub fn outdate(&mut self, mutation: &Mutation) -> Option<String> {
        let owner = scope::organization(mutation).unwrap_or_default();
        let gone = matches!(mutation, Mutation::DeleteOrganization { .. });
        let number = self.owners.find(owner)?;
        let touched: Vec<u32> = (self.owned(number))
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
        (!gone).then(|| owner.to_string())
    }

    /// Puts a list's entries in its slot (a new one, first of its owner's, for a new list);
    /// returns the slot.
    fn keep(&mut self, resource: &Resource, entries: Entries, ids: Option<Box<[Box<str>]>>) -> u32 {
        self.entries += entries.len();
        let at = match self.slot(resource) {
            Some(at) => {
                let chunk = &mut self.chunks[at];
                self.entries -= chunk.entries.len();
                chunk.entries = entries;
                at as u32
            }
            None => self.add(resource, entries),
        };
        match ids {
            Some(ids) => self.odd_ids.insert(at, ids),
            None => self.odd_ids.remove(&at),
        };
        at
    }

    fn add(&mut self, resource: &Resource, entries: Entries) -> u32 {
        let at = self.chunks.len() as u32;
        if let Some(kind) = Listed::of(resource) {
            self.held[kind as usize] += 1;
        }
        let key = Key::of(resource);
        let (services, others) = (&mut self.services, &mut self.others);
        let other = |resource: &Resource| {
            others.push(resource.clone());
            Some(others.len() - 1)
        };
        let list = key.list(|service| Some(services.number(service)), other);
        let list = list.expect("both numbers are made, never looked for");
        let owner = self.owners.number(key.owner());
        if self.first.len() < self.owners.len() {
            self.first.resize(self.owners.len(), LAST);
        }
        let next = std::mem::replace(&mut self.first[owner as usize], at);
        // Grown by a quarter, not doubled: 300,000 chunks would otherwise hold room for
        // 524,288.
        if self.chunks.len() == self.chunks.capacity() {
            self.chunks.reserve_exact(self.chunks.len() / 4 + 64);
        }
        self.chunks.push(Chunk {
            entries,
            owner,
            next,
            list,
        });
        at
    }

    fn empty(&mut self, at: usize) {
        let chunk = &mut self.chunks[at];
        self.entries -= chunk.entries.len();
        chunk.entries = Entries::default();
        self.odd_ids.remove(&(at as u32));
    }
}
