//! One search over everything (`Ctrl-K`, `:find`): a [`SearchSource`] lends entries (what
//! kind, a label, secondary text, the organization, and what Enter opens), the [`Searcher`]
//! matches a query against them with nucleo's fuzzy matcher and keeps the best few of each
//! kind, the overlay (`overlay.rs`) holds what is typed and selected, and `jump.rs` opens the
//! hit on its own screen with the screens above the root built so `Esc` walks back.
//!
//! Two sources make one (`sources.rs`): what is loaded (`loaded.rs`: built from the store when
//! it changes, never per keystroke) and what the background indexer read (`indexed.rs`: the
//! entries of every organization's lists, none of their records). `rank.rs` ranks, `scan.rs`
//! searches a part of a big source on a thread of its own, `bound.rs` tells cheaply whether
//! an entry could place among the best at all.
//! `words.rs` is the multi-word match the tree and list filters share.

mod bound;
mod entries;
pub mod indexed;
mod jump;
pub mod loaded;
pub(crate) mod overlay;
pub mod rank;
mod scan;
pub mod sources;
pub mod words;

pub use entries::{Entries, EntriesBuilder, SearchEntry};
pub use indexed::IndexedSource;
pub use loaded::LoadedSource;
pub use overlay::{SLICE, SearchBox};
pub use rank::{Group, Hit, Results, Searcher};
pub use sources::Sources;

use std::ops::Range;

use crate::domain::hierarchy::NodeKind;

/// What an entry is; results are grouped by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Organization,
    Project,
    User,
    Member,
    Administrator,
    Subscription,
    /// A user's assignment to a subscription, found by its external user id too.
    Assignment,
    Service,
}

impl Kind {
    pub const COUNT: usize = 8;
    /// Every kind, by its position (`kind as usize`).
    pub const ALL: [Kind; Kind::COUNT] = [
        Kind::Organization,
        Kind::Project,
        Kind::User,
        Kind::Member,
        Kind::Administrator,
        Kind::Subscription,
        Kind::Assignment,
        Kind::Service,
    ];

    /// The group's title.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Organization => "Organizations",
            Kind::Project => "Projects",
            Kind::User => "Users",
            Kind::Member => "Members",
            Kind::Administrator => "Administrators",
            Kind::Subscription => "Subscriptions",
            Kind::Assignment => "Assignments",
            Kind::Service => "Services",
        }
    }
}

/// What Enter on a hit opens, in the words of the screens (ids only: a source may hold no
/// record, only where it points).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Organization {
        id: String,
    },
    User {
        org: String,
        id: String,
    },
    Administrator {
        id: String,
    },
    Service {
        org: String,
        id: String,
    },
    Subscription {
        org: String,
        service: String,
        id: String,
    },
    /// An organization or project of a provider's hierarchy.
    Node {
        id: String,
    },
    Member {
        node: String,
        kind: NodeKind,
        id: String,
    },
}

/// Where an entry is in its source: which chunk, which row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId {
    pub chunk: u32,
    pub row: u32,
}

/// Something not searched because it is not loaded: "users of 3 organizations".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// What is missing, plural ("users").
    pub what: &'static str,
    /// Of how many, and of what ("organizations").
    pub of: usize,
    pub of_what: &'static str,
}

/// Where entries come from. Entries come in chunks (one per loaded list) so that a list that
/// changes is rebuilt alone; `version` changes whenever any entry does. A source is read by
/// several threads at once when a search is split.
pub trait SearchSource: Sync {
    fn version(&self) -> u64;
    fn chunk_count(&self) -> usize;
    /// The entries of chunk `at`; none past the last.
    fn chunk(&self, at: usize) -> &Entries;
    /// Rows of chunk `at` not searched (another chunk holds a newer copy of them), in order.
    fn hidden(&self, _at: usize) -> &[Range<u32>] {
        &[]
    }
    fn entry(&self, id: EntryId) -> Option<SearchEntry<'_>> {
        let hidden = self.hidden(id.chunk as usize);
        if hidden.iter().any(|rows| rows.contains(&id.row)) {
            return None;
        }
        self.chunk(id.chunk as usize).get(id.row as usize)
    }
    /// The name of the organization the entry belongs to (its own name for an organization).
    fn organization(&self, id: EntryId) -> Option<std::borrow::Cow<'_, str>>;
    fn target(&self, id: EntryId) -> Option<Target>;
    /// What was not searched.
    fn gaps(&self) -> &[Gap];
    /// How many entries there are to search.
    fn len(&self) -> usize {
        (0..self.chunk_count()).map(|at| self.chunk(at).len()).sum()
    }
    /// How many rows the chunks hold, hidden ones too: what a search's parts are cut from.
    fn rows(&self) -> usize {
        self.len()
    }
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests;
