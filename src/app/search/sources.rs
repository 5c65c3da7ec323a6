//! What the search searches: the loaded lists, then the indexed ones the screens do not hold.
//! A list both hold is searched as loaded (the newer copy, the one the screens show): its
//! rows in its owner's indexed chunk are hidden. The chunks are the loaded source's, then the
//! indexed source's, in their own order, so neither is copied.

use std::borrow::Cow;
use std::ops::Range;

use super::indexed::IndexedSource;
use super::loaded::{Held, Listed};
use super::{Entries, EntryId, Gap, LoadedSource, SearchSource, Target};
use crate::app::store::Store;

#[derive(Debug)]
pub struct Sources {
    pub loaded: LoadedSource,
    pub indexed: IndexedSource,
    /// The rows of indexed lists that are loaded too, by chunk (`hidden_in`, in order; each
    /// chunk's rows in order), and which chunks have any (a search asks of every chunk).
    hidden_in: Vec<u32>,
    hidden: Vec<Range<u32>>,
    is_hidden: Vec<bool>,
    hidden_entries: usize,
    version: u64,
    /// The two sources' versions when `hidden` and `gaps` were made.
    seen: Option<(u64, u64)>,
    gaps: Vec<Gap>,
}

impl Sources {
    pub fn new(loaded: LoadedSource) -> Sources {
        Sources {
            loaded,
            indexed: IndexedSource::default(),
            hidden_in: Vec::new(),
            hidden: Vec::new(),
            is_hidden: Vec::new(),
            hidden_entries: 0,
            version: 0,
            seen: None,
            gaps: Vec::new(),
        }
    }

    /// Catches up with the store and with what was indexed: returns whether anything changed.
    /// Costs the loaded lists, never the index's size.
    pub fn update(&mut self, store: &Store) -> bool {
        self.loaded.update(store);
        let versions = (self.loaded.version(), self.indexed.version());
        if self.seen == Some(versions) {
            return false;
        }
        self.seen = Some(versions);
        self.version += 1;
        for &at in &self.hidden_in {
            self.is_hidden[at as usize] = false;
        }
        self.is_hidden.resize(self.indexed.chunk_count(), false);
        self.hidden_entries = 0;
        let mut held: Held = self.loaded.held();
        let indexed = &self.indexed;
        let mut hidden: Vec<(u32, Range<u32>)> = Vec::new();
        for resource in self.loaded.resources() {
            if let Some((at, rows)) = indexed.slot(resource) {
                self.is_hidden[at] = true;
                self.hidden_entries += rows.len();
                hidden.push((at as u32, rows.start as u32..rows.end as u32));
                if let Some(kind) = Listed::of(resource) {
                    held[kind as usize] -= 1;
                }
            }
        }
        hidden.sort_by_key(|(at, rows)| (*at, rows.start));
        (self.hidden_in, self.hidden) = hidden.into_iter().unzip();
        for (held, indexed) in held.iter_mut().zip(indexed.held) {
            *held += indexed;
        }
        self.gaps = self.loaded.gaps_with(&held);
        true
    }

    /// Organizations the indexer has not reached yet, and of how many, while it runs (those
    /// it could not read this walk are not among them: the status bar counts them).
    pub fn not_yet_indexed(&self) -> Option<(usize, usize)> {
        let progress = self.indexed.progress.as_ref()?;
        let missing = (progress.of).saturating_sub(progress.indexed + progress.failed);
        Some((missing, progress.of))
    }

    /// Where entry `id` is: in the loaded source (its own id), or in the indexed one (chunk).
    fn split(&self, id: EntryId) -> Result<EntryId, usize> {
        let loaded = self.loaded.chunk_count();
        match (id.chunk as usize).checked_sub(loaded) {
            None => Ok(id),
            Some(at) => Err(at),
        }
    }
}

impl SearchSource for Sources {
    fn version(&self) -> u64 {
        self.version
    }

    fn chunk_count(&self) -> usize {
        self.loaded.chunk_count() + self.indexed.chunk_count()
    }

    fn chunk(&self, at: usize) -> &Entries {
        let loaded = self.loaded.chunk_count();
        match at.checked_sub(loaded) {
            None => self.loaded.chunk(at),
            Some(at) => self.indexed.chunk(at),
        }
    }

    fn hidden(&self, at: usize) -> &[Range<u32>] {
        let Some(at) = at.checked_sub(self.loaded.chunk_count()) else {
            return &[];
        };
        if !self.is_hidden.get(at).copied().unwrap_or(false) {
            return &[];
        }
        let from = self.hidden_in.partition_point(|&c| (c as usize) < at);
        let to = self.hidden_in.partition_point(|&c| (c as usize) <= at);
        &self.hidden[from..to]
    }

    fn organization(&self, id: EntryId) -> Option<Cow<'_, str>> {
        match self.split(id) {
            Ok(id) => self.loaded.organization(id),
            Err(at) => match self.indexed.owner(at, id.row as usize)? {
                (node, true) => self.loaded.place(&node),
                (org, false) => self.loaded.owner_name(&org).map(Cow::Borrowed),
            },
        }
    }

    fn target(&self, id: EntryId) -> Option<Target> {
        match self.split(id) {
            Ok(id) => self.loaded.target(id),
            Err(at) => self.indexed.target(at, id.row as usize),
        }
    }

    fn gaps(&self) -> &[Gap] {
        &self.gaps
    }

    fn len(&self) -> usize {
        self.rows() - self.hidden_entries
    }

    fn rows(&self) -> usize {
        self.loaded.len() + self.indexed.len()
    }
}
