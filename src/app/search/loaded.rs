//! The search source of what is loaded: one chunk of entries per list in the store
//! (organizations, each organization's users and services, each service's subscriptions, the
//! administrators; a provider's hierarchy and the members of its nodes). It is brought up to
//! date when the store's generation moves, and then only the lists whose data changed are
//! made again, so a keystroke never builds an entry.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::{Entries, EntriesBuilder, EntryId, Gap, Kind, SearchSource, Target};
use crate::api::{Resource, ResourceData, SharedData};
use crate::app::store::Store;
use crate::domain::hierarchy::NodeKind;
use crate::domain::people::Member;

/// The lists searched: the resources whose data become entries.
fn searched(resource: &Resource) -> bool {
    matches!(
        resource,
        Resource::Organizations
            | Resource::Users { .. }
            | Resource::Administrators
            | Resource::OrgServices { .. }
            | Resource::Subscriptions { .. }
            | Resource::SubscriptionUsers { .. }
            | Resource::Hierarchy
            | Resource::Members { .. }
    )
}

#[derive(Debug)]
struct Part {
    resource: Resource,
    data: SharedData,
}

#[derive(Debug, Default)]
pub struct LoadedSource {
    generation: Option<u64>,
    version: u64,
    parts: Vec<Part>,
    chunks: Vec<Entries>,
    /// Organization (or node) id → its entry, for the organization shown beside a hit: the
    /// entries found by their row's id, which stays in the row (100,000 ids are not copied).
    owners: HashTable<EntryId>,
    hasher: RandomState,
    /// Where the lists of owners are among the chunks, when `owners` was made.
    owner_chunks: Vec<usize>,
    gaps: Vec<Gap>,
    /// The provider has people in its nodes: those not read yet are a gap.
    members: bool,
}

impl LoadedSource {
    /// `members`: whether the provider keeps people in its hierarchy's nodes.
    pub fn new(members: bool) -> LoadedSource {
        LoadedSource {
            members,
            ..Default::default()
        }
    }

    /// Whether the store moved on since the last [`update`](Self::update).
    pub fn behind(&self, store: &Store) -> bool {
        self.generation != Some(store.generation())
    }

    /// Catches up with the store: returns whether anything changed. Costs nothing when the
    /// store did not change, and the lists that changed when it did.
    pub fn update(&mut self, store: &Store) -> bool {
        if self.generation == Some(store.generation()) {
            return false;
        }
        self.generation = Some(store.generation());
        let mut old: HashMap<Resource, (SharedData, Entries)> = self
            .parts
            .drain(..)
            .zip(self.chunks.drain(..))
            .map(|(p, c)| (p.resource, (p.data, c)))
            .collect();
        let mut changed = false;
        // The owners' map is made again only when a list of owners changed (100,000 of them).
        let owns = |r: &Resource| matches!(r, Resource::Organizations | Resource::Hierarchy);
        let mut owners_changed = false;
        for (resource, data) in store.all_data().filter(|(r, _)| searched(r)) {
            let entries = match old.remove(resource) {
                Some((was, entries)) if Arc::ptr_eq(&was, data) => entries,
                _ => {
                    changed = true;
                    owners_changed |= owns(resource);
                    entries_of(resource, data, &|org, service| {
                        service_name(store, org, service)
                    })
                }
            };
            self.parts.push(Part {
                resource: resource.clone(),
                data: data.clone(),
            });
            self.chunks.push(entries);
        }
        changed |= !old.is_empty();
        // The owners' chunks moved (a list before them came or went): so did their entries.
        let owner_chunks: Vec<usize> = (self.parts.iter().enumerate())
            .filter_map(|(at, p)| owns(&p.resource).then_some(at))
            .collect();
        owners_changed |= owner_chunks != self.owner_chunks;
        self.owner_chunks = owner_chunks;
        if changed {
            self.version += 1;
            if owners_changed {
                self.index_owners();
            }
            self.gaps = gaps(&self.parts, self.members, &self.held());
        }
        changed
    }

    /// The lists loaded, by kind.
    pub(super) fn held(&self) -> Held {
        let mut held = Held::default();
        for kind in self.parts.iter().filter_map(|p| Listed::of(&p.resource)) {
            held[kind as usize] += 1;
        }
        held
    }

    /// The gaps when other lists than the loaded ones are searched too: `held` counts both.
    pub(super) fn gaps_with(&self, held: &Held) -> Vec<Gap> {
        gaps(&self.parts, self.members, held)
    }

    /// The lists loaded.
    pub(super) fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.parts.iter().map(|p| &p.resource)
    }

    fn index_owners(&mut self) {
        let (parts, hasher) = (&self.parts, &self.hasher);
        let id_of = |at: &EntryId| owner_id(parts, *at).unwrap_or_default();
        let hash = |at: &EntryId| hasher.hash_one(id_of(at));
        self.owners.clear();
        for (chunk, part) in parts.iter().enumerate() {
            let rows = match part.data.as_ref() {
                ResourceData::Organizations(orgs) => orgs.len(),
                ResourceData::Hierarchy(nodes) => nodes.len(),
                _ => continue,
            };
            for row in 0..rows {
                let at = EntryId {
                    chunk: chunk as u32,
                    row: row as u32,
                };
                let id = id_of(&at);
                // A later row of the same id is the one found, as it always was.
                match (self.owners).entry(hasher.hash_one(id), |o| id_of(o) == id, hash) {
                    Entry::Occupied(mut found) => *found.get_mut() = at,
                    Entry::Vacant(room) => {
                        room.insert(at);
                    }
                }
            }
        }
    }

    /// The entry of the organization (or node) with this id.
    fn owner(&self, id: &str) -> Option<EntryId> {
        let is_it = |at: &EntryId| owner_id(&self.parts, *at) == Some(id);
        self.owners.find(self.hasher.hash_one(id), is_it).copied()
    }

    /// Where a node is, for people: "Parent › Name" when it has a parent (two projects or
    /// floors of one name are told apart beside their hits), else its name. Made for the hits
    /// drawn only.
    pub(super) fn place(&self, id: &str) -> Option<Cow<'_, str>> {
        let name = self.owner_name(id)?;
        let parent = (self.node(id).and_then(|n| n.parent.as_deref()))
            .and_then(|parent| self.owner_name(parent));
        Some(match parent {
            Some(parent) => Cow::Owned(format!("{parent} › {name}")),
            None => Cow::Borrowed(name),
        })
    }

    /// The hierarchy's node with this id, when the hierarchy is loaded.
    fn node(&self, id: &str) -> Option<&crate::domain::hierarchy::OrgNode> {
        let at = self.owner(id)?;
        match self.parts.get(at.chunk as usize)?.data.as_ref() {
            ResourceData::Hierarchy(nodes) => nodes.get(at.row as usize),
            _ => None,
        }
    }

    /// The name of the organization (or node) with this id, when the root list holds it.
    pub(super) fn owner_name(&self, id: &str) -> Option<&str> {
        let at = self.owner(id)?;
        self.entry(at).map(|entry| entry.label())
    }
}

impl SearchSource for LoadedSource {
    fn version(&self) -> u64 {
        self.version
    }

    fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    fn chunk(&self, at: usize) -> &Entries {
        self.chunks.get(at).unwrap_or(Entries::none())
    }

    fn organization(&self, id: EntryId) -> Option<Cow<'_, str>> {
        let part = self.parts.get(id.chunk as usize)?;
        match (&part.resource, part.data.as_ref()) {
            (Resource::Members { node, .. }, _) => self.place(node),
            (Resource::Hierarchy, ResourceData::Hierarchy(nodes)) => {
                let node = nodes.get(id.row as usize)?;
                self.place(node.parent.as_deref()?)
            }
            (resource, _) => self.owner_name(resource.organization()?).map(Cow::Borrowed),
        }
    }

    fn target(&self, id: EntryId) -> Option<Target> {
        let part = self.parts.get(id.chunk as usize)?;
        let row_id = row_id(&part.data, id.row as usize)?;
        target_for(&part.resource, row_id)
    }

    fn gaps(&self) -> &[Gap] {
        &self.gaps
    }
}

/// What Enter on the row with this id of `resource`'s list opens.
pub(super) fn target_for(resource: &Resource, id: &str) -> Option<Target> {
    let id = id.to_string();
    Some(match resource {
        Resource::Organizations => Target::Organization { id },
        Resource::Users { org } => Target::User {
            org: org.clone(),
            id,
        },
        Resource::Administrators => Target::Administrator { id },
        Resource::OrgServices { org } => Target::Service {
            org: org.clone(),
            id,
        },
        Resource::Subscriptions { org, service } => Target::Subscription {
            org: org.clone(),
            service: service.clone(),
            id,
        },
        // An assignment opens its subscription (whose users Enter shows).
        Resource::SubscriptionUsers {
            org,
            service,
            subscription,
        } => Target::Subscription {
            org: org.clone(),
            service: service.clone(),
            id: subscription.clone(),
        },
        Resource::Hierarchy => Target::Node { id },
        Resource::Members { node, kind } => Target::Member {
            node: node.clone(),
            kind: *kind,
            id,
        },
        _ => return None,
    })
}

/// The id of a searched list's row.
pub(super) fn row_id(data: &ResourceData, row: usize) -> Option<&str> {
    use ResourceData as D;
    Some(match data {
        D::Organizations(v) => &v.get(row)?.id,
        D::Users(v) => &v.get(row)?.id,
        D::Administrators(v) => &v.get(row)?.id,
        D::OrgServices(v) => &v.get(row)?.id,
        D::Subscriptions(v) => &v.get(row)?.id,
        D::SubscriptionUsers(v) => &v.get(row)?.user_id,
        D::Hierarchy(v) => &v.get(row)?.id,
        D::Members(v) => &v.get(row)?.id,
        _ => return None,
    })
}

/// The id of the row an owners' entry is.
fn owner_id(parts: &[Part], at: EntryId) -> Option<&str> {
    row_id(&parts.get(at.chunk as usize)?.data, at.row as usize)
}

/// A service's name by organization and service id, for its subscriptions' entries.
pub(super) type ServiceNames<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

/// The entries of one list, one per row (so a row's position is its entry's). Each entry's
/// text ends with its row's id (found by it, and the index keeps no other copy of it).
pub(super) fn entries_of(
    resource: &Resource,
    data: &ResourceData,
    service_names: ServiceNames,
) -> Entries {
    let mut entries = Entries::builder();
    push_entries(&mut entries, resource, data, service_names);
    entries.finish()
}

/// Adds the entries of a list to what `entries` holds (see [`entries_of`]).
pub(super) fn push_entries(
    entries: &mut EntriesBuilder,
    resource: &Resource,
    data: &ResourceData,
    service_names: ServiceNames,
) {
    use ResourceData as D;
    let mut e = |kind, label: &str, secondary: &[&str]| entries.push(kind, label, secondary);
    // The name of the service a subscription list (or its assignments) belongs to.
    let service_name = || {
        (resource.service())
            .and_then(|(org, service)| service_names(org, service))
            .unwrap_or_default()
    };
    match data {
        D::Organizations(v) => (v.iter()).for_each(|o| {
            e(
                Kind::Organization,
                &o.name,
                &[&o.customer_number, &o.primary_domain, &o.id],
            )
        }),
        D::Users(v) => {
            let org = resource.organization().unwrap_or_default();
            (v.iter()).for_each(|u| person_entry(&mut e, Kind::User, &u.as_member(org)))
        }
        D::Administrators(v) => {
            (v.iter()).for_each(|a| person_entry(&mut e, Kind::Administrator, &a.as_member()))
        }
        D::OrgServices(v) => (v.iter()).for_each(|s| {
            e(
                Kind::Service,
                &s.name,
                &[&s.vendor_name, &s.category, &s.id],
            )
        }),
        D::Subscriptions(v) => {
            let service = service_name();
            (v.iter()).for_each(|s| {
                e(
                    Kind::Subscription,
                    &s.product_name,
                    &[&service, &s.status, &s.id],
                )
            })
        }
        D::SubscriptionUsers(v) => {
            let service = service_name();
            (v.iter()).for_each(|a| {
                let person = a.as_person();
                let secondary = [
                    &a.external_user_id,
                    &person.email,
                    &person.login,
                    &service,
                    &a.user_id,
                ];
                e(
                    Kind::Assignment,
                    person.label(),
                    &secondary.map(String::as_str),
                )
            })
        }
        D::Hierarchy(v) => (v.iter()).for_each(|n| {
            let kind = match n.kind {
                NodeKind::Project => Kind::Project,
                _ => Kind::Organization,
            };
            e(kind, &n.name, &[&n.status, &n.id])
        }),
        D::Members(v) => (v.iter()).for_each(|m| person_entry(&mut e, Kind::Member, m)),
        _ => {}
    }
}

/// Anyone's entry, whichever provider's people they are: found by name, e-mail, login, role
/// or id. A login that is the e-mail is not kept twice (a million people's entries are the
/// index's size).
fn person_entry(push: &mut impl FnMut(Kind, &str, &[&str]), kind: Kind, member: &Member) {
    let person = &member.person;
    let roles = member.roles.join(", ");
    let login = match person.login.eq_ignore_ascii_case(&person.email) {
        true => "",
        false => person.login.as_str(),
    };
    push(
        kind,
        person.label(),
        &[&person.email, login, &roles, &member.id],
    )
}

fn service_name(store: &Store, org: &str, service: &str) -> Option<String> {
    let services = Resource::OrgServices { org: org.into() };
    match store.data(&services)?.as_ref() {
        ResourceData::OrgServices(v) => v.iter().find(|s| s.id == service).map(|s| s.name.clone()),
        _ => None,
    }
}

/// The lists a gap counts, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Listed {
    Users,
    Services,
    Administrators,
    Members,
}

impl Listed {
    pub(super) const COUNT: usize = 4;

    pub(super) fn of(resource: &Resource) -> Option<Listed> {
        Some(match resource {
            Resource::Users { .. } => Listed::Users,
            Resource::OrgServices { .. } => Listed::Services,
            Resource::Administrators => Listed::Administrators,
            Resource::Members { .. } => Listed::Members,
            _ => return None,
        })
    }
}

/// Lists held, by [`Listed`] kind.
pub(super) type Held = [usize; Listed::COUNT];

/// What is left out: the users and services of organizations whose lists no source holds,
/// the administrators before they are read, the members of nodes never read. `held` counts
/// the lists some source holds, by kind.
fn gaps(parts: &[Part], members: bool, held: &Held) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let mut missing = |what, of: usize, of_what| {
        if of > 0 {
            gaps.push(Gap { what, of, of_what });
        }
    };
    let held = |kind: Listed| held[kind as usize];
    for part in parts {
        match part.data.as_ref() {
            ResourceData::Organizations(orgs) => {
                let (users, services) = (held(Listed::Users), held(Listed::Services));
                missing("users", orgs.len().saturating_sub(users), "organizations");
                missing(
                    "services",
                    orgs.len().saturating_sub(services),
                    "organizations",
                );
                if held(Listed::Administrators) == 0 {
                    missing("administrators", 1, "reseller");
                }
            }
            ResourceData::Hierarchy(nodes) if members => {
                missing(
                    "members",
                    nodes.len().saturating_sub(held(Listed::Members)),
                    "organizations and projects",
                );
            }
            _ => {}
        }
    }
    gaps
}
