//! The search source of what the background indexer read (`api::indexer`): one chunk per
//! owner (an organization, a node, and one for the shared lists such as the administrators),
//! holding its lists' entries a part a list (an organization's users, its services, a
//! service's subscriptions; a node's members). It holds the entries alone — never the
//! records: each entry's text ends with its row's id, which is where Enter goes, so a
//! million entries cost their text.
//!
//! An owner's lists arrive together and replace what it had: its chunk is made again, and
//! the chunks never move, so an arrival costs the lists that arrived, whatever the index
//! holds. A write empties the lists it touches from their owner's chunk.
//!
//! At 100,000 organizations what a chunk costs beside its entries counts: a chunk is its
//! entries (24 bytes and one allocation), found by its owner's number (each id is kept once,
//! in [`Names`]); a part names its list in 4 bytes ([`List::name`]). One chunk a list, with its
//! owner and a link to the next, was 12 MB more.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::ops::Range;

use hashbrown::HashTable;

use super::entries::{GUID_TEXT, guid_text, packed_id};
use super::loaded::{Held, Listed, push_entries, row_id, target_for};
use super::{Entries, Target};
use crate::api::indexer::{IndexProgress, IndexedLists};
use crate::api::{Mutation, Resource, ResourceData, scope};
use crate::domain::hierarchy::NodeKind;

/// Which of its owner's lists a part of its chunk holds.
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
    /// Who is assigned to a subscription, the subscription by number in
    /// [`IndexedSource::subscriptions`] (its service beside it in `service_of`).
    Assignments {
        subscription: u32,
    },
    /// A list the indexer does not read today, kept whole in [`IndexedSource::others`].
    Other(u32),
}

/// The bits of a part's name left to a list's number (the rest say which list it is).
const NUMBER_BITS: u32 = 28;
const NUMBER: u32 = (1 << NUMBER_BITS) - 1;

impl List {
    /// The list as its part is named: which list in the high bits, its number in the rest.
    fn name(self) -> u32 {
        let (which, number) = match self {
            List::Users => (0, 0),
            List::Services => (1, 0),
            List::Subscriptions { service } => (2, service),
            List::Administrators => (3, 0),
            List::Members { kind } => (4, kind as u32),
            List::Other(at) => (5, at),
            List::Assignments { subscription } => (6, subscription),
        };
        debug_assert!(number <= NUMBER, "2^28 services or lists");
        which << NUMBER_BITS | (number & NUMBER)
    }

    fn named(name: u32) -> Option<List> {
        let number = name & NUMBER;
        Some(match name >> NUMBER_BITS {
            0 => List::Users,
            1 => List::Services,
            2 => List::Subscriptions { service: number },
            3 => List::Administrators,
            4 => List::Members {
                kind: match number {
                    0 => NodeKind::Organization,
                    _ => NodeKind::Project,
                },
            },
            5 => List::Other(number),
            6 => List::Assignments {
                subscription: number,
            },
            _ => return None,
        })
    }

    /// What the gaps count it as.
    fn listed(self) -> Option<Listed> {
        Some(match self {
            List::Users => Listed::Users,
            List::Services => Listed::Services,
            List::Administrators => Listed::Administrators,
            List::Members { .. } => Listed::Members,
            List::Subscriptions { .. } | List::Assignments { .. } | List::Other(_) => return None,
        })
    }
}

/// A list as `resource` names it: whom it belongs to ("" for the shared lists), and what
/// else tells it from its owner's other lists.
enum Key<'a> {
    Users(&'a str),
    Services(&'a str),
    Subscriptions(&'a str, &'a str),
    /// The organization, the service and the subscription.
    Assignments(&'a str, &'a str, &'a str),
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
            Resource::SubscriptionUsers {
                org,
                service,
                subscription,
            } => Key::Assignments(org, service, subscription),
            Resource::Administrators => Key::Administrators,
            Resource::Members { node, kind } => Key::Members(node, *kind),
            other => Key::Other(other),
        }
    }

    /// The list, when it needs no number of its own.
    fn fixed(&self) -> Option<List> {
        Some(match *self {
            Key::Users(_) => List::Users,
            Key::Services(_) => List::Services,
            Key::Administrators => List::Administrators,
            Key::Members(_, kind) => List::Members { kind },
            Key::Subscriptions(..) | Key::Assignments(..) | Key::Other(_) => return None,
        })
    }

    fn owner(&self) -> &'a str {
        match *self {
            Key::Users(org)
            | Key::Services(org)
            | Key::Subscriptions(org, _)
            | Key::Assignments(org, _, _) => org,
            Key::Members(node, _) => node,
            Key::Administrators | Key::Other(_) => "",
        }
    }
}

/// What the lists' names number: services, subscriptions (each with its service) and the
/// lists kept whole. Found when a list is looked for, made when one arrives.
#[derive(Debug, Default)]
struct ListNames {
    services: Names,
    subscriptions: Names,
    /// Each subscription's service, by their numbers.
    service_of: Vec<u32>,
    others: Vec<Resource>,
}

impl ListNames {
    /// The list `key` names, if its numbers were made.
    fn find(&self, key: &Key) -> Option<List> {
        Some(match *key {
            Key::Subscriptions(_, service) => List::Subscriptions {
                service: self.services.find(service)?,
            },
            Key::Assignments(_, service, id) => {
                let subscription = self.subscriptions.find(id)?;
                let of = *self.service_of.get(subscription as usize)?;
                if self.services.find(service) != Some(of) {
                    return None;
                }
                List::Assignments { subscription }
            }
            Key::Other(resource) => {
                List::Other(self.others.iter().position(|r| r == resource)? as u32)
            }
            _ => key.fixed()?,
        })
    }

    /// The list `key` names, its numbers made if they are new.
    fn make(&mut self, key: &Key) -> List {
        match *key {
            Key::Subscriptions(_, service) => List::Subscriptions {
                service: self.services.number(service),
            },
            Key::Assignments(_, service, id) => {
                let service = self.services.number(service);
                let subscription = self.subscriptions.number(id);
                let at = subscription as usize;
                if self.service_of.len() <= at {
                    self.service_of.resize(at + 1, service);
                }
                self.service_of[at] = service;
                List::Assignments { subscription }
            }
            Key::Other(resource) => {
                let at = self.others.iter().position(|r| r == resource);
                List::Other(at.unwrap_or_else(|| {
                    self.others.push(resource.clone());
                    self.others.len() - 1
                }) as u32)
            }
            _ => key.fixed().expect("a list of no number"),
        }
    }

    /// The list `list` of the owner `owner` names, as a resource.
    fn resource(&self, owner: impl FnOnce() -> String, list: List) -> Resource {
        match list {
            List::Users => Resource::Users { org: owner() },
            List::Services => Resource::OrgServices { org: owner() },
            List::Subscriptions { service } => Resource::Subscriptions {
                org: owner(),
                service: self.services.id(service).into_owned(),
            },
            List::Administrators => Resource::Administrators,
            List::Members { kind } => Resource::Members {
                node: owner(),
                kind,
            },
            List::Assignments { subscription } => Resource::SubscriptionUsers {
                org: owner(),
                service: (self.services)
                    .id(self.service_of[subscription as usize])
                    .into_owned(),
                subscription: self.subscriptions.id(subscription).into_owned(),
            },
            List::Other(at) => self.others[at as usize].clone(),
        }
    }
}

/// Ids, each kept once and named by its number (the order they came in): a GUID (written as
/// the APIs write them) in 16 bytes, any other in one string. At 100,000 organizations an id
/// costs 20 bytes, not an allocation and two map entries.
#[derive(Debug, Default)]
struct Names {
    /// The ids that are not GUIDs, each its length (two bytes) then its text.
    text: Vec<u8>,
    guids: Vec<[u8; 16]>,
    /// Per number: where its id is in `text`, or (with [`GUID`] set) which of `guids` it is.
    at: Vec<u32>,
    /// The numbers, found by their id's hash.
    numbers: HashTable<u32>,
    hasher: RandomState,
}

/// Marks a number whose id is a GUID.
const GUID: u32 = 1 << 31;

/// One id of [`Names`], as it is kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Name<'a> {
    Text(&'a [u8]),
    Guid(&'a [u8; 16]),
}

impl Name<'_> {
    /// The id written out (a GUID into `out`).
    fn text<'a>(&'a self, out: &'a mut [u8; GUID_TEXT]) -> &'a str {
        match *self {
            // The bytes were copied from a `&str`, cut at a character's boundary.
            Name::Text(text) => std::str::from_utf8(text).unwrap_or_default(),
            Name::Guid(guid) => guid_text(guid, out),
        }
    }
}

fn name_at<'a>(text: &'a [u8], guids: &'a [[u8; 16]], at: u32) -> Name<'a> {
    if at & GUID != 0 {
        return Name::Guid(&guids[(at & !GUID) as usize]);
    }
    let at = at as usize;
    let len = u16::from_le_bytes([text[at], text[at + 1]]) as usize;
    Name::Text(&text[at + 2..at + 2 + len])
}

impl Names {
    fn number(&mut self, id: &str) -> u32 {
        if let Some(number) = self.find(id) {
            return number;
        }
        let number = self.at.len() as u32;
        match packed_id(id) {
            Some(guid) => {
                self.at.push(GUID | self.guids.len() as u32);
                self.guids.push(guid);
            }
            None => {
                // An id of 64 KiB is no id; what is past it is not kept.
                let id = &id.as_bytes()[..id.floor_char_boundary(usize::from(u16::MAX))];
                self.at.push(self.text.len() as u32);
                self.text
                    .extend_from_slice(&(id.len() as u16).to_le_bytes());
                self.text.extend_from_slice(id);
            }
        }
        let (text, guids, at, hasher) = (&self.text, &self.guids, &self.at, &self.hasher);
        let rehash = |&n: &u32| {
            let name = name_at(text, guids, at[n as usize]);
            hasher.hash_one(name.text(&mut [0; GUID_TEXT]))
        };
        self.numbers
            .insert_unique(hasher.hash_one(id), number, rehash);
        number
    }

    fn find(&self, id: &str) -> Option<u32> {
        let wanted = packed_id(id);
        let is_id = |&n: &u32| match (self.name(n), &wanted) {
            (Name::Guid(guid), Some(wanted)) => guid == wanted,
            (Name::Text(text), None) => text == id.as_bytes(),
            _ => false,
        };
        self.numbers.find(self.hasher.hash_one(id), is_id).copied()
    }

    fn name(&self, number: u32) -> Name<'_> {
        name_at(&self.text, &self.guids, self.at[number as usize])
    }

    fn id(&self, number: u32) -> Cow<'_, str> {
        match self.name(number) {
            Name::Text(text) => Cow::Borrowed(std::str::from_utf8(text).unwrap_or_default()),
            guid => Cow::Owned(guid.text(&mut [0; GUID_TEXT]).to_string()),
        }
    }
}

#[derive(Debug, Default)]
pub struct IndexedSource {
    version: u64,
    /// Each owner's lists' entries, at its number in `owners`; a part a list, named by
    /// [`List::name`].
    chunks: Vec<Entries>,
    owners: Names,
    lists: ListNames,
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
        self.chunks.get(at).unwrap_or(Entries::none())
    }

    /// The list of row `row` of chunk `at`.
    fn list_of(&self, at: usize, row: usize) -> Option<List> {
        List::named(self.chunks.get(at)?.part_of(row)?.0)
    }

    /// The list a part of owner `owner` holds, as a resource.
    fn resource(&self, owner: u32, list: List) -> Resource {
        (self.lists).resource(|| self.owners.id(owner).into_owned(), list)
    }

    /// Whom row `row` of chunk `at` belongs to (an organization's or a node's id; "" for the
    /// shared lists), and whether it is one of a node's members: what a drawn hit names
    /// beside it, with no list name made for it.
    pub fn owner(&self, at: usize, row: usize) -> Option<(Cow<'_, str>, bool)> {
        let owner = self.owners.id(at as u32);
        Some(match self.list_of(at, row)? {
            List::Members { .. } => (owner, true),
            List::Other(other) => {
                let other = &self.lists.others[other as usize];
                (
                    Cow::Borrowed(other.organization().unwrap_or_default()),
                    false,
                )
            }
            _ => (owner, false),
        })
    }

    /// Where the list of `resource` is, if it was indexed: its chunk and rows.
    pub fn slot(&self, resource: &Resource) -> Option<(usize, Range<usize>)> {
        let key = Key::of(resource);
        let list = self.lists.find(&key)?;
        let at = self.owners.find(key.owner())? as usize;
        let (_, rows) = (self.chunk(at).parts()).find(|(name, _)| *name == list.name())?;
        Some((at, rows))
    }

    /// Entries held in all.
    pub fn len(&self) -> usize {
        self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    pub fn target(&self, at: usize, row: usize) -> Option<Target> {
        let id = match self.odd_ids.get(&(at as u32)) {
            Some(ids) => ids.get(row).map(|id| Cow::Borrowed(&**id)),
            None => self.chunk(at).get(row)?.last_part(),
        }?;
        let resource = self.resource(at as u32, self.list_of(at, row)?);
        target_for(&resource, &id)
    }

    /// Lists that arrived: each owner's replace what it had (all of an owner's lists are
    /// its, as the indexer reads them).
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
            let mut entries = Entries::builder();
            for (resource, data) in &owner.lists {
                entries.part(self.lists.make(&Key::of(resource)).name());
                push_entries(&mut entries, resource, data, &service_names);
            }
            let entries = entries.finish();
            let rows = (owner.lists.iter())
                .flat_map(|(_, data)| (0..).map_while(move |row| row_id(data, row)));
            let ids: Vec<&str> = rows.collect();
            let in_text = ids.len() == entries.len()
                && (entries.iter().zip(&ids))
                    .all(|(e, id)| !id.is_empty() && e.last_part().as_deref() == Some(*id));
            let ids = (!in_text).then(|| ids.iter().map(|&id| id.into()).collect());
            let owner = self
                .owners
                .number(owner.owner.as_deref().unwrap_or_default());
            self.keep(owner, entries, ids);
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
        let chunk = self.chunk(number as usize);
        let touched = |name: u32| {
            gone || List::named(name)
                .is_some_and(|list| mutation.invalidates(&self.resource(number, list)))
        };
        if !chunk.parts().any(|(name, _)| touched(name)) {
            return None;
        }
        let kept = chunk.without(touched);
        let ids = self.odd_ids.get(&number).map(|ids| {
            let rows = chunk.parts().filter(|(name, _)| !touched(*name));
            let ids = rows.flat_map(|(_, rows)| ids.get(rows).unwrap_or_default());
            ids.cloned().collect()
        });
        self.keep(number, kept, ids);
        self.version += 1;
        (!gone).then(|| owner.to_string())
    }

    /// Puts an owner's entries in its chunk (a new one, for a new owner).
    fn keep(&mut self, owner: u32, entries: Entries, ids: Option<Box<[Box<str>]>>) {
        let at = owner as usize;
        if self.chunks.len() <= at {
            // Grown by a quarter, not doubled: 100,000 chunks would otherwise hold room for
            // 131,072.
            if self.chunks.capacity() <= at {
                self.chunks.reserve_exact(self.chunks.len() / 4 + 64);
            }
            self.chunks.resize_with(at + 1, Entries::default);
        }
        let was = std::mem::replace(&mut self.chunks[at], entries);
        counted(&mut self.held, &mut self.entries, &was, false);
        counted(&mut self.held, &mut self.entries, &self.chunks[at], true);
        match ids {
            Some(ids) => self.odd_ids.insert(owner, ids),
            None => self.odd_ids.remove(&owner),
        };
    }
}

/// Adds to the counts (or takes from them) what a chunk holds.
fn counted(held: &mut Held, entries: &mut usize, chunk: &Entries, add: bool) {
    let lists = chunk
        .parts()
        .filter_map(|(name, _)| List::named(name)?.listed());
    for kind in lists {
        let held = &mut held[kind as usize];
        *held = if add {
            *held + 1
        } else {
            held.saturating_sub(1)
        };
    }
    *entries = if add {
        *entries + chunk.len()
    } else {
        entries.saturating_sub(chunk.len())
    };
}
