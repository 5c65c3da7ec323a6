//! One pass of the search over a part of the source: each part has a worker of its own (a
//! matcher, its scratch space and the part's matches), so the parts of a big source are
//! searched on several threads at once and their best hits merged after. An ASCII entry is
//! first bounded (`bound.rs`): one that cannot place among the best so far is counted as a
//! match without nucleo's full match.
//!
//! Every match of a query is kept by the worker that found it, in place: the next, longer
//! query narrows each worker's own list without moving it, and a full search refills the lists
//! into the capacity the last one left. Which worker holds a match changes nothing in the
//! results: the best hits are the best under a total order (ties end at the entry's id), and
//! the counts are sums.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use nucleo_matcher::pattern::Pattern;
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::bound::{Bound, Word};
use super::rank::{PER_KIND, Rank, bonus};
use super::{EntryId, Kind, SearchEntry, SearchSource};

/// The best ranks of one kind, the worst of them on top.
pub(super) type Best = BinaryHeap<Reverse<Rank>>;

/// The best hits and the counts of one part.
#[derive(Debug, Default)]
pub(super) struct Share {
    pub best: [Best; Kind::COUNT],
    pub totals: [usize; Kind::COUNT],
}

impl Share {
    /// Whether a hit ranked `best` at most could be among the best of its kind so far.
    fn may_place(&self, kind: usize, best: Rank) -> bool {
        let heap = &self.best[kind];
        heap.len() < PER_KIND || heap.peek().is_some_and(|worst| best > worst.0)
    }

    fn keep(&mut self, kind: usize, rank: Rank) {
        let heap = &mut self.best[kind];
        if heap.len() < PER_KIND {
            heap.push(Reverse(rank));
        } else if heap.peek().is_some_and(|worst| rank > worst.0) {
            heap.pop();
            heap.push(Reverse(rank));
        }
    }

    /// Adds the hits and counts of another part: the best of both halves are the best of all.
    pub fn merge(&mut self, other: Share) {
        for (kind, heap) in other.best.into_iter().enumerate() {
            self.totals[kind] += other.totals[kind];
            for Reverse(rank) in heap {
                self.keep(kind, rank);
            }
        }
    }
}

/// What a worker searches: a range of the source's entries, counted across its chunks, or
/// the matches it kept from the query before.
#[derive(Debug, Clone)]
pub(super) enum Work {
    Entries(Range<usize>),
    Narrow,
}

pub(super) struct Worker {
    pub matcher: Matcher,
    pub buf: Vec<char>,
    /// The matches of the last query in this worker's part.
    pub found: Vec<EntryId>,
}

impl Default for Worker {
    fn default() -> Self {
        Worker {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
            found: Vec::new(),
        }
    }
}

impl Worker {
    /// Scores the entries of `work` against `pattern`; what matches is kept in `found`.
    pub fn scan(
        &mut self,
        source: &dyn SearchSource,
        pattern: &Pattern,
        needle: &str,
        work: Work,
    ) -> Share {
        let Worker {
            matcher,
            buf,
            found,
        } = self;
        let mut share = Share::default();
        // The words as bytes when all are ASCII (and short): then an ASCII entry is bounded
        // before nucleo, first by what any match can score, then by what it can score there.
        let words: Option<Vec<Word>> = (pattern.atoms.iter())
            .map(|atom| match atom.needle_text() {
                Utf32Str::Ascii(word) => Word::new(word),
                Utf32Str::Unicode(_) => None,
            })
            .collect();
        let loosest: u32 = words.iter().flatten().map(Word::most).sum();
        let checks_first = matches!(work, Work::Entries(_));
        let mut visit = |id: EntryId, entry: &SearchEntry| {
            let kind = entry.kind as usize;
            let label_bonus = bonus(entry.label(), needle);
            if let (true, Some(words)) = (entry.ascii, &words) {
                let text = entry.text.as_bytes();
                let rank = |most: u32| (most + label_bonus, Reverse(entry.label_len), Reverse(id));
                let may_place = share.may_place(kind, rank(loosest));
                // Over every entry most do not match, and a byte search says so soonest; the
                // matches of the query before mostly match again, and the pass below says it.
                if !may_place || checks_first {
                    let found = words.iter().all(|word| word.is_in(text));
                    if !found || !may_place {
                        share.totals[kind] += usize::from(found);
                        return found;
                    }
                }
                let mut most = 0;
                for word in words {
                    match word.bound(text) {
                        Bound::Missing => return false,
                        Bound::AtMost(score) => most += score,
                    }
                }
                if !share.may_place(kind, rank(most)) {
                    share.totals[kind] += 1;
                    return true;
                }
            }
            let Some(score) = pattern.score(haystack(entry, buf), matcher) else {
                return false;
            };
            let rank = (score + label_bonus, Reverse(entry.label_len), Reverse(id));
            share.totals[kind] += 1;
            share.keep(kind, rank);
            true
        };
        match work {
            Work::Narrow => found.retain(|&id| source.entry(id).is_some_and(|e| visit(id, e))),
            Work::Entries(range) => {
                found.clear();
                let mut start = 0;
                for chunk in 0..source.chunk_count() {
                    if start >= range.end {
                        break;
                    }
                    let entries = source.chunk(chunk);
                    let end = start + entries.len();
                    let lo = range.start.clamp(start, end) - start;
                    let hi = range.end.clamp(start, end) - start;
                    for (row, entry) in (lo..).zip(&entries[lo..hi]) {
                        let id = EntryId {
                            chunk: chunk as u32,
                            row: row as u32,
                        };
                        if visit(id, entry) {
                            found.push(id);
                        }
                    }
                    start = end;
                }
            }
        }
        share
    }
}

/// The entry's text as the matcher reads it; text known to be ASCII is lent as it is, with no
/// scan to find that out again.
pub(super) fn haystack<'a>(entry: &'a SearchEntry, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if entry.ascii {
        Utf32Str::Ascii(entry.text.as_bytes())
    } else {
        Utf32Str::new(&entry.text, buf)
    }
}

/// The source's entries cut into `parts` ranges of (nearly) the same size.
pub(super) fn ranges(len: usize, parts: usize) -> impl Iterator<Item = Range<usize>> {
    (0..parts).map(move |k| len * k / parts..len * (k + 1) / parts)
}
