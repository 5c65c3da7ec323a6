//! Matching and ranking: nucleo's fuzzy matcher (one per thread, reused: its scratch space is
//! allocated once) scores every entry against the query's words, a big source cut into parts
//! searched on threads of their own (`scan.rs`); the best [`PER_KIND`] of each kind are
//! kept in a bounded heap, so a query matching a million entries sorts twenty per kind, not a
//! million. A query that only adds to the one before searches that one's matches alone: every
//! match of "lena.b" is a match of "lena".
//!
//! A search is started, then advanced in slices of time ([`Searcher::advance`]) with its best
//! hits so far to draw between them: the console draws a frame after each slice, so typing
//! never waits for a million entries. [`Searcher::search`] does it all at once.

use std::cmp::Reverse;
use std::time::Instant;

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};

use super::scan::{self, Needle, Share, Worker};
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
    /// How many entries there are to search.
    pub searched: usize,
    /// While the search goes on: how much of its work is done, of how much.
    pub pending: Option<(usize, usize)>,
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
/// Entries a worker looks at in a slice before the clock counts: few enough that the dearest
/// of them (a long query's full fuzzy match, some microseconds each) keep a slice near its
/// time, enough that a small source needs one slice.
const MIN_SLICE: usize = 1024;
/// Threads a search uses at most (the calling one among them).
const MAX_THREADS: usize = 8;

pub struct Searcher {
    /// One per thread a search may use; the first works on the calling thread and scores the
    /// kept hits' characters.
    workers: Vec<Worker>,
    /// The workers the query is cut among.
    parts: usize,
    threads: usize,
    min_share: usize,
    /// Entries each worker looks at in a slice before it looks at the clock: a source this
    /// small is searched through in one slice, whatever the clock says.
    min_slice: usize,
    pattern: Pattern,
    /// The query being searched (or last searched), for narrowing; its matches are in the
    /// workers.
    query: String,
    version: Option<u64>,
    searched: usize,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("query", &self.query)
            .field("matches", &self.matches())
            .field("threads", &self.threads)
            .field("finished", &self.finished())
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
            parts: 0,
            threads: threads.max(1),
            min_share: min_share.max(1),
            min_slice: MIN_SLICE.min(min_share.max(1)),
            pattern: Pattern::default(),
            query: String::new(),
            version: None,
            searched: 0,
        }
    }

    /// How many entries the last query matched (so far, while it is searched).
    pub(super) fn matches(&self) -> usize {
        self.workers.iter().map(|w| w.found.len()).sum()
    }

    /// The best hits of `query` in `source`, grouped by kind, searched all through at once.
    pub fn search(&mut self, source: &dyn SearchSource, query: &str) -> Results {
        self.start(source, query);
        self.advance(source, None);
        self.results(source)
    }

    /// Starts searching `query`; [`advance`](Self::advance) does the work. A query that adds
    /// to the one before searches that one's matches, even when it was left unfinished.
    pub fn start(&mut self, source: &dyn SearchSource, query: &str) {
        let narrowing = self.version == Some(source.version())
            && self.parts > 0
            && !self.query.trim().is_empty()
            && query.starts_with(self.query.as_str());
        self.version = Some(source.version());
        self.query = query.to_string();
        self.searched = source.len();
        // Typed words, each matched anywhere; `Pattern::new` gives no character a special
        // meaning (an e-mail may hold `$` or `!`).
        self.pattern = Pattern::new(
            query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        if narrowing && !self.pattern.atoms.is_empty() {
            self.workers[..self.parts]
                .iter_mut()
                .for_each(Worker::begin_narrowing);
            return;
        }
        let len = if self.pattern.atoms.is_empty() {
            0
        } else {
            source.rows()
        };
        self.parts = (len / self.min_share).clamp(1, self.threads);
        if self.workers.len() < self.parts {
            self.workers.resize_with(self.parts, Worker::default);
        }
        let parts = scan::ranges(len, self.parts).chain(std::iter::repeat(0..0));
        for (worker, part) in self.workers.iter_mut().zip(parts) {
            worker.begin(part);
        }
    }

    /// Searches on until the query is searched all through, or until `until` has passed (each
    /// worker looks at [`MIN_SLICE`] entries first, so a small source is always searched at
    /// once). Returns whether it is all through. A source that changed meanwhile is searched
    /// again from its start.
    pub fn advance(&mut self, source: &dyn SearchSource, until: Option<Instant>) -> bool {
        if self.version != Some(source.version()) {
            self.version = None;
            let query = std::mem::take(&mut self.query);
            self.start(source, &query);
        }
        let needle = Needle::new(&self.pattern, self.query.trim());
        let at_least = self.min_slice;
        let workers = &mut self.workers[..self.parts];
        let left: usize = workers.iter().map(Worker::left).sum();
        let (first, rest) = workers.split_first_mut().expect("a worker");
        if left < self.min_share * 2 || rest.is_empty() {
            first.advance(source, &needle, until, at_least);
            for worker in rest {
                worker.advance(source, &needle, until, at_least);
            }
            return self.finished();
        }
        std::thread::scope(|scope| {
            let needle = &needle;
            let others: Vec<_> = (rest.iter_mut().filter(|w| !w.finished()))
                .map(|worker| scope.spawn(move || worker.advance(source, needle, until, at_least)))
                .collect();
            first.advance(source, needle, until, at_least);
            for other in others {
                if let Err(panic) = other.join() {
                    std::panic::resume_unwind(panic);
                }
            }
        });
        self.finished()
    }

    /// Whether the query is searched all through.
    pub fn finished(&self) -> bool {
        self.workers[..self.parts].iter().all(Worker::finished)
    }

    /// The best hits so far: all of them once [`finished`](Self::finished).
    pub fn results(&mut self, source: &dyn SearchSource) -> Results {
        let mut share = Share::default();
        let (mut done, mut todo) = (0, 0);
        for worker in &self.workers[..self.parts] {
            share.merge(worker.share.clone());
            let (worker_done, worker_todo) = worker.progress();
            (done, todo) = (done + worker_done, todo + worker_todo);
        }
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
        let pending = (!self.finished()).then_some((done, todo));
        Results {
            groups,
            searched: self.searched,
            pending,
        }
    }

    /// A kept hit with its matched characters (worked out for the few kept, not for all).
    fn hit(&mut self, source: &dyn SearchSource, (score, _, Reverse(id)): Rank) -> Hit {
        let mut indices = Vec::new();
        if let Some(entry) = source.entry(id) {
            let Worker {
                matcher,
                buf,
                whole,
                ..
            } = &mut self.workers[0];
            let text = entry.whole(whole);
            (self.pattern).indices(
                scan::haystack(text, entry.ascii, buf),
                matcher,
                &mut indices,
            );
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
