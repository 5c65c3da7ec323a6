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
pub mod indexed;
mod jump;
pub mod loaded;
pub(crate) mod overlay;
pub mod rank;
mod scan;
pub mod sources;
pub mod words;

pub use indexed::IndexedSource;
pub use loaded::LoadedSource;
pub use overlay::{SLICE, SearchBox};
pub use rank::{Group, Hit, Results, Searcher};
pub use sources::Sources;

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
    Service,
}

impl Kind {
    pub const COUNT: usize = 7;
    /// Every kind, by its position (`kind as usize`).
    pub const ALL: [Kind; Kind::COUNT] = [
        Kind::Organization,
        Kind::Project,
        Kind::User,
        Kind::Member,
        Kind::Administrator,
        Kind::Subscription,
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

/// One searchable thing, as a chunk lends it ([`Entries::get`]). The label and the secondary
/// text are one haystack, so the words of a query may fall in either ("lena acme.se").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchEntry<'a> {
    pub kind: Kind,
    text: &'a str,
    /// Where the label ends in `text` (bytes); a separator follows it.
    label_len: u32,
    /// `text` is ASCII: the matcher reads its bytes as they are, with no scan per search to
    /// learn it.
    ascii: bool,
}

/// Between the label and the secondary text: a space, so a word boundary for the matcher.
const SEPARATOR: &str = "  ";

impl<'a> SearchEntry<'a> {
    /// What is matched: the label, then the secondary text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn label(&self) -> &'a str {
        &self.text[..self.label_len as usize]
    }

    /// The secondary text, its parts separated by two spaces.
    pub fn secondary(&self) -> &'a str {
        let rest = &self.text[self.label_len as usize..];
        rest.strip_prefix(SEPARATOR).unwrap_or(rest)
    }

    /// The last part of the secondary text (an entry's id, as `loaded::entries_of` makes
    /// them).
    pub fn last_part(&self) -> Option<&'a str> {
        let rest = &self.text[self.label_len as usize..];
        rest.rsplit(SEPARATOR).next().filter(|_| !rest.is_empty())
    }

    /// Characters (not bytes) before the secondary text starts: highlight indices at or past
    /// it belong to the secondary text.
    pub fn secondary_start(&self) -> usize {
        let label_chars = self.label().chars().count();
        if self.text.len() > self.label_len as usize {
            label_chars + SEPARATOR.len()
        } else {
            label_chars
        }
    }
}

/// The entries of one chunk, in one allocation made once ([`EntriesBuilder`]) and kept at
/// its size: 8 bytes each of where each starts, where its label ends and what it is, then
/// their texts one after another. A million entries are a million texts,
/// not a million allocations, and 300,000 chunks (100,000 organizations) one each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entries {
    /// The heads ([`Head::SIZE`] bytes each), then the texts. Never written after
    /// `EntriesBuilder::finish`: the bytes past the heads are the UTF-8 it packed.
    packed: Box<[u8]>,
    /// How many: kept here, not in `packed`, because a search skips chunks by their count
    /// and 300,000 of them must not be 300,000 reads of memory elsewhere.
    count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    start: u32,
    label_len: u16,
    kind: Kind,
    ascii: bool,
}

impl Head {
    const SIZE: usize = 8;

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.start.to_le_bytes());
        out.extend_from_slice(&self.label_len.to_le_bytes());
        out.extend_from_slice(&[self.kind as u8, u8::from(self.ascii)]);
    }

    fn read(bytes: &[u8]) -> Option<Head> {
        let [a, b, c, d, e, f, kind, ascii] = *bytes else {
            return None;
        };
        Some(Head {
            start: u32::from_le_bytes([a, b, c, d]),
            label_len: u16::from_le_bytes([e, f]),
            kind: *Kind::ALL.get(usize::from(kind))?,
            ascii: ascii != 0,
        })
    }
}

/// The longest label kept (bytes); what a label holds past it is dropped. A name that long
/// is not a name, and two bytes a head are 2 MB of a million entries.
const LONGEST_LABEL: usize = u16::MAX as usize;

/// What a chunk past the last lends.
static NO_ENTRIES: std::sync::LazyLock<Entries> = std::sync::LazyLock::new(Entries::default);

/// Entries being made, one [`push`](EntriesBuilder::push) at a time; [`finish`] packs them.
///
/// [`finish`]: EntriesBuilder::finish
#[derive(Debug, Default)]
pub struct EntriesBuilder {
    text: String,
    heads: Vec<Head>,
}

impl EntriesBuilder {
    /// Adds an entry. The texts are kept as the screen shows them (`ui::text::sanitize`): a
    /// name holding escape sequences or invisible characters is found by what the user reads,
    /// and the matched positions are those of the shown text.
    pub fn push(&mut self, kind: Kind, label: &str, secondary: &[&str]) {
        let start = self.text.len();
        crate::ui::text::push_sanitized(&mut self.text, label);
        if self.text.len() - start > LONGEST_LABEL {
            let mut end = start + LONGEST_LABEL;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            self.text.truncate(end);
        }
        let label_len = (self.text.len() - start) as u16;
        for part in secondary.iter().filter(|s| !s.trim().is_empty()) {
            self.text.push_str(SEPARATOR);
            crate::ui::text::push_sanitized(&mut self.text, part);
        }
        self.heads.push(Head {
            start: start as u32,
            label_len,
            kind,
            ascii: self.text[start..].is_ascii(),
        });
    }

    /// The entries, packed in one allocation of their size.
    pub fn finish(self) -> Entries {
        let size = self.heads.len() * Head::SIZE + self.text.len();
        let mut packed = Vec::with_capacity(size);
        self.heads.iter().for_each(|head| head.write(&mut packed));
        packed.extend_from_slice(self.text.as_bytes());
        Entries {
            packed: packed.into_boxed_slice(),
            count: self.heads.len() as u32,
        }
    }
}

impl Entries {
    /// No entries, to lend where there are none.
    pub fn none() -> &'static Entries {
        &NO_ENTRIES
    }

    pub fn builder() -> EntriesBuilder {
        EntriesBuilder::default()
    }

    /// These entries, to add to.
    pub fn into_builder(self) -> EntriesBuilder {
        EntriesBuilder {
            text: self.text().to_string(),
            heads: (0..self.len()).filter_map(|row| self.head(row)).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn head(&self, row: usize) -> Option<Head> {
        if row >= self.len() {
            return None;
        }
        let at = row * Head::SIZE;
        Head::read(self.packed.get(at..at + Head::SIZE)?)
    }

    /// All the entries' texts.
    fn text(&self) -> &str {
        let at = (self.len() * Head::SIZE).min(self.packed.len());
        // SAFETY: past the heads, `packed` holds the bytes of the `String` that
        // `EntriesBuilder::finish` packed, unchanged since (`packed` is private and written
        // nowhere else), so they are UTF-8.
        unsafe { std::str::from_utf8_unchecked(&self.packed[at..]) }
    }

    pub fn get(&self, row: usize) -> Option<SearchEntry<'_>> {
        let head = self.head(row)?;
        let text = self.text();
        let end = self
            .head(row + 1)
            .map_or(text.len(), |next| next.start as usize);
        Some(SearchEntry {
            kind: head.kind,
            text: text.get(head.start as usize..end)?,
            label_len: u32::from(head.label_len),
            ascii: head.ascii,
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = SearchEntry<'_>> {
        (0..self.len()).filter_map(|row| self.get(row))
    }
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
    fn entry(&self, id: EntryId) -> Option<SearchEntry<'_>> {
        self.chunk(id.chunk as usize).get(id.row as usize)
    }
    /// The name of the organization the entry belongs to (its own name for an organization).
    fn organization(&self, id: EntryId) -> Option<std::borrow::Cow<'_, str>>;
    fn target(&self, id: EntryId) -> Option<Target>;
    /// What was not searched.
    fn gaps(&self) -> &[Gap];
    /// How many entries there are.
    fn len(&self) -> usize {
        (0..self.chunk_count()).map(|at| self.chunk(at).len()).sum()
    }
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests;
