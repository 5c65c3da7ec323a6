//! A search cut into slices of time: its results so far are shown between slices, and once
//! through it finds what one search at once finds, however it was cut, when a longer query
//! narrows a search left unfinished, and when the source changes under it.

use std::time::Instant;

use super::super::*;
use super::{Fixed, many};

/// Searches `query` in slices as short as the searcher allows (the deadline is always past),
/// checking what each slice shows; returns the results once through and how many slices
/// it took.
fn sliced(searcher: &mut Searcher, source: &Fixed, query: &str) -> (Results, usize) {
    searcher.start(source, query);
    let mut slices = 0;
    let mut matched = 0;
    loop {
        slices += 1;
        let through = searcher.advance(source, Some(Instant::now()));
        let results = searcher.results(source);
        assert!(results.matched() >= matched, "{query:?}: matches only grow");
        matched = results.matched();
        if through {
            assert_eq!(results.pending, None);
            return (results, slices);
        }
        let (done, of) = results.pending.expect("not through: how far it is");
        assert!(done < of, "{query:?}: {done} of {of}");
    }
}

#[test]
fn a_search_in_slices_finds_what_one_search_finds() {
    let source = many();
    for (threads, min_share) in [(1, 1), (2, 1), (3, 2), (2, 60)] {
        let mut sliced_searcher = rank::Searcher::split(threads, min_share);
        for query in ["lena berg", "tenant3", "asa ob", "u e", "zzz"] {
            for end in (1..=query.len()).filter(|&end| query.is_char_boundary(end)) {
                let typed = &query[..end];
                let expected = rank::Searcher::split(1, 1).search(&source, typed);
                let (got, slices) = sliced(&mut sliced_searcher, &source, typed);
                assert_eq!(got, expected, "{typed:?} on {threads} threads");
                if min_share == 1 && end == 1 {
                    assert!(slices > 10, "{typed:?}: cut into {slices} slices");
                }
            }
        }
    }
}

#[test]
fn a_longer_query_narrows_a_search_left_unfinished() {
    let source = many();
    for threads in [1, 2, 3] {
        let mut searcher = rank::Searcher::split(threads, 1);
        // "u" for one slice, "us" for two, "use" for one more, then "user1" through.
        for (typed, slices) in [("u", 1), ("us", 2), ("use", 1), ("user1", usize::MAX)] {
            searcher.start(&source, typed);
            for _ in 0..slices {
                if searcher.advance(&source, Some(Instant::now())) {
                    break;
                }
            }
        }
        assert!(searcher.finished());
        let expected = rank::Searcher::split(1, 1).search(&source, "user1");
        assert_eq!(searcher.results(&source), expected, "{threads} threads");
        let mut fresh = rank::Searcher::split(1, 1);
        fresh.search(&source, "user1");
        assert_eq!(searcher.matches(), fresh.matches(), "kept for narrowing");
    }
}

#[test]
fn a_source_changed_under_a_search_is_searched_again_whole() {
    let mut source = many();
    let mut searcher = rank::Searcher::split(2, 1);
    searcher.start(&source, "lena");
    assert!(!searcher.advance(&source, Some(Instant::now())));
    let mut chunk = std::mem::take(&mut source.chunks[0]).into_builder();
    chunk.push(Kind::User, "Lena New", &["new@x.example"]);
    source.chunks[0] = chunk.finish();
    source.version += 1;
    while !searcher.advance(&source, Some(Instant::now())) {}
    let expected = rank::Searcher::split(1, 1).search(&source, "lena");
    assert_eq!(searcher.results(&source), expected);
}

#[test]
fn a_small_source_is_searched_through_in_one_slice_whatever_the_clock() {
    let source = many();
    let mut searcher = Searcher::default();
    searcher.start(&source, "lena");
    assert!(
        searcher.advance(&source, Some(Instant::now())),
        "fewer entries than a slice's least"
    );
}

#[test]
fn a_slice_past_its_time_stops_after_its_least_whatever_the_source() {
    let mut source = many();
    source.chunks =
        vec![super::built((0..5000).map(|i| {
            super::spec(Kind::User, &format!("user {i}"), &["x@y.example"])
        }))];
    let mut searcher = rank::Searcher::split(1, 16_384);
    searcher.start(&source, "user");
    assert!(!searcher.advance(&source, Some(Instant::now())));
    let pending = searcher.results(&source).pending;
    assert_eq!(
        pending,
        Some((1024, 5000)),
        "one slice's least, then the clock"
    );
}
