//! The search over a part of the source: each part has a worker of its own (a matcher, its
//! scratch space, the part's matches and how far it is), so the parts of a big source are
//! searched on several threads at once and their best hits merged after. An ASCII entry is
//! first bounded (`bound.rs`): one that cannot place among the best so far is counted as a
//! match without nucleo's full match.
//!
//! A worker searches in slices: it stops when its time is up and goes on where it stopped, so
//! a search over a million entries never holds a frame back (`rank.rs` says when).
//!
//! Every match of a query is kept by the worker that found it, in place: the next, longer
//! query narrows each worker's own list without moving it, and a full search refills the lists
//! into the capacity the last one left. Which worker holds a match changes nothing in the
//! results: the best hits are the best under a total order (ties end at the entry's id), and
//! the counts are sums.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::time::Instant;

use nucleo_matcher::pattern::Pattern;
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::bound::{Bound, Word};
use super::rank::{PER_KIND, Rank, bonus};
use super::{EntryId, Kind, SearchEntry, SearchSource};

/// The best ranks of one kind, the worst of them on top.
pub(super) type Best = BinaryHeap<Reverse<Rank>>;

/// The best hits and the counts of one part.
#[derive(Debug, Default, Clone)]
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

/// How far a worker is with the query being searched: its part of the source's entries, the
/// matches it kept, and the candidates (matches of the query before) still to be checked.
///
/// `found[..kept]` match the query; `found[kept..checked]` were checked and did not;
/// `found[checked..candidates]` are still to be checked; past `candidates` are the matches of
/// the entries scanned since. Between slices every match of the query among the entries of
/// `part` before `scanned` is in `found`, so a query that adds to this one may narrow
/// `found`, even when this one was left unfinished.
pub(super) struct Worker {
    pub matcher: Matcher,
    pub buf: Vec<char>,
    /// An entry's whole text, when its id is packed (`SearchEntry::whole`).
    pub whole: String,
    /// The matches, by their position among the source's rows (4 bytes, not an `EntryId`'s
    /// 8: a one-letter query over a million entries matches most of them), in order.
    pub found: Vec<u32>,
    kept: usize,
    checked: usize,
    candidates: usize,
    part: Range<usize>,
    scanned: usize,
    /// The chunk `scanned` was in when the last slice stopped, and where that chunk starts: a
    /// slice goes on from there, not from the first of 300,000 chunks. The source is the same
    /// between slices (a changed one starts the query again, `begin`).
    resume_at: (usize, usize),
    /// The same for the candidates' check: the chunk the last candidate checked was in, and
    /// where it starts.
    candidate_at: (usize, usize),
    /// The best hits and counts of what this worker has searched of the query so far.
    pub share: Share,
    /// What the query asks of this worker in all, and how much of it is done.
    todo: usize,
    done: usize,
}

impl Default for Worker {
    fn default() -> Self {
        Worker {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
            whole: String::new(),
            found: Vec::new(),
            kept: 0,
            checked: 0,
            candidates: 0,
            part: 0..0,
            scanned: 0,
            resume_at: (0, 0),
            candidate_at: (0, 0),
            share: Share::default(),
            todo: 0,
            done: 0,
        }
    }
}

/// A query's words as the bound reads them (`None` when one is not ASCII or too long), and
/// what any match can score at most.
pub(super) struct Needle<'a> {
    pub pattern: &'a Pattern,
    pub text: &'a str,
    words: Option<Vec<Word<'a>>>,
    loosest: u32,
}

impl<'a> Needle<'a> {
    pub fn new(pattern: &'a Pattern, text: &'a str) -> Needle<'a> {
        let words: Option<Vec<Word>> = (pattern.atoms.iter())
            .map(|atom| match atom.needle_text() {
                Utf32Str::Ascii(word) => Word::new(word),
                Utf32Str::Unicode(_) => None,
            })
            .collect();
        let loosest = words.iter().flatten().map(Word::most).sum();
        Needle {
            pattern,
            text,
            words,
            loosest,
        }
    }
}

/// How often (in entries) a worker looks at the clock: an entry may cost microseconds (a long
/// query's full fuzzy match), the clock some nanoseconds.
const CLOCK_EVERY: usize = 64;

impl Worker {
    /// A new query over `part`: everything in it is to be scanned.
    pub fn begin(&mut self, part: Range<usize>) {
        self.found.clear();
        self.scanned = part.start;
        self.resume_at = (0, 0);
        self.part = part;
        self.restart(0);
    }

    /// A new query that adds to the last one: only what that one matched (or had not checked
    /// yet) is checked again, then the rest of the part is scanned.
    pub fn begin_narrowing(&mut self) {
        self.found.drain(self.kept..self.checked);
        let candidates = self.found.len();
        self.restart(candidates);
    }

    fn restart(&mut self, candidates: usize) {
        (self.kept, self.checked, self.candidates) = (0, 0, candidates);
        self.candidate_at = (0, 0);
        self.share = Share::default();
        self.todo = candidates + (self.part.end - self.scanned);
        self.done = 0;
    }

    /// The query has been searched all through this worker's part.
    pub fn finished(&self) -> bool {
        self.checked == self.candidates && self.scanned == self.part.end
    }

    /// How much of the query's work is left here.
    pub fn left(&self) -> usize {
        self.todo - self.done
    }

    /// (done, to do) of the query's work here.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.todo)
    }

    /// Searches on until the part is done, or until `until` has passed once at least
    /// `at_least` entries were looked at (so a small source is always done at once).
    pub fn advance(
        &mut self,
        source: &dyn SearchSource,
        needle: &Needle,
        until: Option<Instant>,
        at_least: usize,
    ) {
        let Worker {
            matcher,
            buf,
            whole,
            found,
            kept,
            checked,
            candidates,
            part,
            scanned,
            resume_at,
            candidate_at,
            share,
            done,
            ..
        } = self;
        let start = *done;
        let time_up = |done: usize| {
            let looked = done - start;
            looked >= at_least
                && (looked - at_least).is_multiple_of(CLOCK_EVERY)
                && until.is_some_and(|until| Instant::now() >= until)
        };
        while *checked < *candidates {
            if time_up(*done) {
                return;
            }
            let at = found[*checked];
            *checked += 1;
            *done += 1;
            let id = locate(source, candidate_at, at as usize);
            let entry = id.and_then(|id| Some((id, source.entry(id)?)));
            if entry.is_some_and(|(id, entry)| {
                visit(matcher, (buf, whole), share, needle, false, id, entry)
            }) {
                found[*kept] = at;
                *kept += 1;
            }
        }
        // What the candidates' check rejected goes; the matches of a scan left unfinished
        // (past `candidates`) stay.
        found.drain(*kept..*candidates);
        (*checked, *candidates) = (*kept, *kept);
        // The entries of the part not scanned yet, chunk by chunk.
        let (first, mut chunk_start) = *resume_at;
        for chunk in first..source.chunk_count() {
            if *scanned >= part.end {
                break;
            }
            *resume_at = (chunk, chunk_start);
            let entries = source.chunk(chunk);
            let hidden = source.hidden(chunk);
            let chunk_end = chunk_start + entries.len();
            if chunk_end > *scanned {
                let hi = part.end.min(chunk_end) - chunk_start;
                for row in *scanned - chunk_start..hi {
                    if time_up(*done) {
                        return;
                    }
                    *scanned += 1;
                    *done += 1;
                    if hidden.iter().any(|rows| rows.contains(&(row as u32))) {
                        continue;
                    }
                    let id = EntryId {
                        chunk: chunk as u32,
                        row: row as u32,
                    };
                    let entry = entries.get(row);
                    if entry.is_some_and(|entry| {
                        visit(matcher, (buf, whole), share, needle, true, id, entry)
                    }) {
                        found.push((chunk_start + row) as u32);
                    }
                }
            }
            chunk_start = chunk_end;
        }
        let all = found.len();
        (*kept, *checked, *candidates) = (all, all, all);
    }
}

/// Where the row at position `at` is, `cursor` (a chunk and where it starts) moved on to its
/// chunk: positions asked for in order cost one walk over the chunks in all.
fn locate(source: &dyn SearchSource, cursor: &mut (usize, usize), at: usize) -> Option<EntryId> {
    let (mut chunk, mut start) = *cursor;
    while chunk < source.chunk_count() {
        let len = source.chunk(chunk).len();
        if at < start + len {
            *cursor = (chunk, start);
            let (chunk, row) = (chunk as u32, (at - start) as u32);
            return Some(EntryId { chunk, row });
        }
        (chunk, start) = (chunk + 1, start + len);
    }
    None
}

/// Scores one entry against the needle and keeps it in `share` if it places: returns whether
/// it matches. `scanning`: the entry was not a match of the query before, so most such do not
/// match at all and a byte search says so soonest; a candidate mostly matches again, and
/// the bound says it.
fn visit(
    matcher: &mut Matcher,
    (buf, whole): (&mut Vec<char>, &mut String),
    share: &mut Share,
    needle: &Needle,
    scanning: bool,
    id: EntryId,
    entry: SearchEntry,
) -> bool {
    let kind = entry.kind as usize;
    let label_bonus = bonus(entry.label(), needle.text);
    let text = entry.whole(whole);
    // The words as bytes when all are ASCII (and short): then an ASCII entry is bounded
    // before nucleo, first by what any match can score, then by what it can score there.
    if let (true, Some(words)) = (entry.ascii, &needle.words) {
        let text = text.as_bytes();
        let rank = |most: u32| (most + label_bonus, Reverse(entry.label_len), Reverse(id));
        let may_place = share.may_place(kind, rank(needle.loosest));
        if !may_place || scanning {
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
    let Some(score) = needle
        .pattern
        .score(haystack(text, entry.ascii, buf), matcher)
    else {
        return false;
    };
    let rank = (score + label_bonus, Reverse(entry.label_len), Reverse(id));
    share.totals[kind] += 1;
    share.keep(kind, rank);
    true
}

/// The entry's text as the matcher reads it; text known to be ASCII is lent as it is, with no
/// scan to find that out again.
pub(super) fn haystack<'a>(text: &'a str, ascii: bool, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if ascii {
        Utf32Str::Ascii(text.as_bytes())
    } else {
        Utf32Str::new(text, buf)
    }
}

/// The source's entries cut into `parts` ranges of (nearly) the same size.
pub(super) fn ranges(len: usize, parts: usize) -> impl Iterator<Item = Range<usize>> {
    (0..parts).map(move |k| len * k / parts..len * (k + 1) / parts)
}
