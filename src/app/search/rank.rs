//! Matching and ranking: nucleo's fuzzy matcher (one, reused: its scratch space is allocated
//! once) scores every entry against the query's words; the best [`PER_KIND`] of each kind are
//! kept in a bounded heap, so a query matching a million entries sorts twenty per kind, not a
//! million. A query that only adds to the one before searches that one's matches alone: every
//! match of "lena.b" is a match of "lena".

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::{EntryId, Kind, SearchEntry, SearchSource};

/// Hits kept (and drawn at most) per kind.
pub const PER_KIND: usize = 20;
/// A label that is the query, or starts with it, ranks above one that merely contains its
/// letters in order.
const EXACT_BONUS: u32 = 400;
const PREFIX_BONUS: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: EntryId,
    pub score: u32,
    /// The matched characters of the entry's text, sorted (for highlighting).
    pub indices: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub kind: Kind,
    /// Every match of this kind; `hits` holds the best of them.
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    /// The best group first (by its best hit); within a group, the best hit first.
    pub groups: Vec<Group>,
    /// How many entries were searched in all.
    pub searched: usize,
}

impl Results {
    /// Every hit kept, in the order drawn.
    pub fn hits(&self) -> impl Iterator<Item = &Hit> {
        self.groups.iter().flat_map(|g| &g.hits)
    }

    pub fn matched(&self) -> usize {
        self.groups.iter().map(|g| g.total).sum()
    }
}

/// A hit's rank: the higher the better; ties go to the shorter label, then to source order.
type Rank = (u32, Reverse<u32>, Reverse<EntryId>);

pub struct Searcher {
    matcher: Matcher,
    pattern: Pattern,
    buf: Vec<char>,
    /// The last query and every entry it matched, for narrowing.
    query: String,
    version: Option<u64>,
    matches: Vec<EntryId>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("query", &self.query)
            .field("matches", &self.matches.len())
            .finish()
    }
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: Matcher::new(Config::DEFAULT),
            pattern: Pattern::default(),
            buf: Vec::new(),
            query: String::new(),
            version: None,
            matches: Vec::new(),
        }
    }
}

impl Searcher {
    /// The best hits of `query` in `source`, grouped by kind.
    pub fn search(&mut self, source: &dyn SearchSource, query: &str) -> Results {
        let searched = source.len();
        let narrowing = self.version == Some(source.version())
            && !self.query.trim().is_empty()
            && query.starts_with(self.query.as_str());
        self.version = Some(source.version());
        self.query = query.to_string();
        // Typed words, each matched anywhere; `Pattern::new` gives no character a special
        // meaning (an e-mail may hold `$` or `!`).
        self.pattern = Pattern::new(
            query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        if self.pattern.atoms.is_empty() {
            self.matches.clear();
            return Results {
                searched,
                ..Results::default()
            };
        }
        let needle = query.trim();
        let mut best: Vec<BinaryHeap<Reverse<Rank>>> = vec![BinaryHeap::new(); Kind::COUNT];
        let mut totals = [0usize; Kind::COUNT];
        let Searcher {
            matcher,
            pattern,
            buf,
            matches,
            ..
        } = self;
        let mut found = Vec::new();
        let mut visit = |id: EntryId, entry: &SearchEntry| {
            let haystack = Utf32Str::new(entry.text(), buf);
            let Some(score) = pattern.score(haystack, matcher) else {
                return;
            };
            found.push(id);
            let rank = (
                score + bonus(entry.label(), needle),
                Reverse(entry.label_len),
                Reverse(id),
            );
            let kind = entry.kind as usize;
            totals[kind] += 1;
            let heap = &mut best[kind];
            if heap.len() < PER_KIND {
                heap.push(Reverse(rank));
            } else if heap.peek().is_some_and(|worst| rank > worst.0) {
                heap.pop();
                heap.push(Reverse(rank));
            }
        };
        if narrowing {
            for &id in matches.iter() {
                if let Some(entry) = source.entry(id) {
                    visit(id, entry);
                }
            }
        } else {
            for chunk in 0..source.chunk_count() {
                for (row, entry) in source.chunk(chunk).iter().enumerate() {
                    let id = EntryId {
                        chunk: chunk as u32,
                        row: row as u32,
                    };
                    visit(id, entry);
                }
            }
        }
        *matches = found;
        let mut groups: Vec<Group> = best
            .into_iter()
            .enumerate()
            .filter(|(_, heap)| !heap.is_empty())
            .map(|(kind, heap)| Group {
                kind: Kind::ALL[kind],
                total: totals[kind],
                hits: (heap.into_sorted_vec().into_iter())
                    .map(|Reverse(rank)| self.hit(source, rank))
                    .collect(),
            })
            .collect();
        groups.sort_by_key(|g| (Reverse(g.hits[0].score), g.kind));
        Results { groups, searched }
    }

    /// A kept hit with its matched characters (worked out for the few kept, not for all).
    fn hit(&mut self, source: &dyn SearchSource, (score, _, Reverse(id)): Rank) -> Hit {
        let mut indices = Vec::new();
        if let Some(entry) = source.entry(id) {
            let haystack = Utf32Str::new(entry.text(), &mut self.buf);
            self.pattern
                .indices(haystack, &mut self.matcher, &mut indices);
            indices.sort_unstable();
            indices.dedup();
        }
        Hit { id, score, indices }
    }
}

fn bonus(label: &str, needle: &str) -> u32 {
    let starts = label
        .get(..needle.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(needle));
    match (starts, label.len() == needle.len()) {
        (true, true) => EXACT_BONUS,
        (true, false) => PREFIX_BONUS,
        _ => 0,
    }
}
