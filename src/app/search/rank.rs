//! Matching and ranking: nucleo's fuzzy matcher (one per thread, reused: its scratch space is
//! allocated once) scores every entry against the query's words, a big source cut into parts
//! searched on threads of their own (`scan.rs`); the best [`PER_KIND`] of each kind are
//! kept in a bounded heap, so a query matching a million entries sorts twenty per kind, not a
//! million. A query that only adds to the one before searches that one's matches alone: every
//! match of "lena.b" is a match of "lena".

use std::cmp::Reverse;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};

use super::scan::{self, Share, Work, Worker};
use super::{EntryId, Kind, SearchSource};

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
pub(super) type Rank = (u32, Reverse<u32>, Reverse<EntryId>);

/// Below this many entries per thread a search stays on the calling thread: starting a thread
/// costs more than the entries take.
const MIN_SHARE: usize = 16_384;
/// Threads a search uses at most (the calling one among them).
const MAX_THREADS: usize = 8;

pub struct Searcher {
    /// One per thread a search may use; the first works on the calling thread and scores the
    /// kept hits' characters.
    workers: Vec<Worker>,
    threads: usize,
    min_share: usize,
    pattern: Pattern,
    /// The last query, for narrowing; its matches are in the workers.
    query: String,
    version: Option<u64>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("query", &self.query)
            .field("matches", &self.matches())
            .field("threads", &self.threads)
            .finish()
    }
}

impl Default for Searcher {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        Searcher::split(threads.min(MAX_THREADS), MIN_SHARE)
    }
}

impl Searcher {
    /// A searcher using up to `threads` threads, each for `min_share` entries at least.
    pub(super) fn split(threads: usize, min_share: usize) -> Searcher {
        Searcher {
            workers: vec![Worker::default()],
            threads: threads.max(1),
            min_share: min_share.max(1),
            pattern: Pattern::default(),
            query: String::new(),
            version: None,
        }
    }

    /// How many entries the last query matched.
    pub(super) fn matches(&self) -> usize {
        self.workers.iter().map(|w| w.found.len()).sum()
    }

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
            self.workers.iter_mut().for_each(|w| w.found.clear());
            return Results {
                searched,
                ..Results::default()
            };
        }
        let share = if narrowing {
            self.narrow(source)
        } else {
            self.scan_all(source, searched)
        };
        let Share { best, totals } = share;
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

    /// Every entry, cut into as many parts as are worth a thread.
    fn scan_all(&mut self, source: &dyn SearchSource, len: usize) -> Share {
        let parts = (len / self.min_share).clamp(1, self.threads);
        if self.workers.len() < parts {
            self.workers.resize_with(parts, Worker::default);
        }
        for idle in &mut self.workers[parts..] {
            idle.found.clear();
        }
        let work = scan::ranges(len, parts).map(Work::Entries);
        self.run(source, work.collect())
    }

    /// Each worker's matches of the query before, on threads of their own when they are many.
    fn narrow(&mut self, source: &dyn SearchSource) -> Share {
        let parts = self.workers.len();
        if parts > 1 && self.matches() < self.min_share * 2 {
            let mut share = Share::default();
            for worker in &mut self.workers {
                share.merge(worker.scan(source, &self.pattern, self.query.trim(), Work::Narrow));
            }
            return share;
        }
        self.run(source, vec![Work::Narrow; parts])
    }

    /// `work[k]` by worker `k`, the first on this thread and the others on threads of their own.
    fn run(&mut self, source: &dyn SearchSource, work: Vec<Work>) -> Share {
        let (pattern, needle) = (&self.pattern, self.query.trim());
        let mut work = work.into_iter();
        let (first, rest) = self.workers.split_first_mut().expect("a worker");
        let mine = work.next().expect("some work");
        if rest.is_empty() {
            return first.scan(source, pattern, needle, mine);
        }
        std::thread::scope(|scope| {
            let others: Vec<_> = (rest.iter_mut().zip(work))
                .map(|(worker, work)| {
                    scope.spawn(move || worker.scan(source, pattern, needle, work))
                })
                .collect();
            let mut share = first.scan(source, pattern, needle, mine);
            for other in others {
                match other.join() {
                    Ok(part) => share.merge(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            share
        })
    }

    /// A kept hit with its matched characters (worked out for the few kept, not for all).
    fn hit(&mut self, source: &dyn SearchSource, (score, _, Reverse(id)): Rank) -> Hit {
        let mut indices = Vec::new();
        if let Some(entry) = source.entry(id) {
            let Worker { matcher, buf, .. } = &mut self.workers[0];
            self.pattern
                .indices(scan::haystack(entry, buf), matcher, &mut indices);
            indices.sort_unstable();
            indices.dedup();
        }
        Hit { id, score, indices }
    }
}

pub(super) fn bonus(label: &str, needle: &str) -> u32 {
    let starts = label
        .get(..needle.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(needle));
    match (starts, label.len() == needle.len()) {
        (true, true) => EXACT_BONUS,
        (true, false) => PREFIX_BONUS,
        _ => 0,
    }
}
