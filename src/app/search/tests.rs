//! Ranking and grouping over a source made by hand.

use super::*;

/// A source of fixed chunks.
pub(super) struct Fixed {
    pub(super) chunks: Vec<Entries>,
    pub(super) version: u64,
}

impl SearchSource for Fixed {
    fn version(&self) -> u64 {
        self.version
    }
    fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    fn chunk(&self, at: usize) -> &Entries {
        self.chunks.get(at).unwrap_or(Entries::none())
    }
    fn organization(&self, _id: EntryId) -> Option<std::borrow::Cow<'_, str>> {
        None
    }
    fn target(&self, _id: EntryId) -> Option<Target> {
        None
    }
    fn gaps(&self) -> &[Gap] {
        &[]
    }
}

/// An entry to be: its kind, label and secondary texts.
pub(super) type Spec = (Kind, String, Vec<String>);

pub(super) fn spec(kind: Kind, label: &str, rest: &[&str]) -> Spec {
    let rest = rest.iter().map(|s| s.to_string()).collect();
    (kind, label.to_string(), rest)
}

/// A chunk of the entries given.
pub(super) fn built(specs: impl IntoIterator<Item = Spec>) -> Entries {
    specs.into_iter().collect()
}

impl FromIterator<Spec> for Entries {
    fn from_iter<I: IntoIterator<Item = Spec>>(specs: I) -> Self {
        let mut entries = Entries::builder();
        for (kind, label, rest) in specs {
            let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
            entries.push(kind, &label, &rest);
        }
        entries.finish()
    }
}

fn source() -> Fixed {
    let org = |name: &str, rest: &[&str]| spec(Kind::Organization, name, rest);
    let user = |name: &str, rest: &[&str]| spec(Kind::User, name, rest);
    Fixed {
        chunks: vec![
            built([
                org("Aalto Office Supplies", &["C-10482", "aalto.fi"]),
                org("Acme AB", &["C-1001", "acme.se"]),
                org("Lenamark Oy", &["C-2000", "lenamark.fi"]),
            ]),
            built([
                user("Lena Berg", &["lena.berg@acme.se", "Organization Admin"]),
                user("Olof Ek", &["olof@acme.se"]),
                user("Jane Doe", &["jane.doe@acme.example"]),
            ]),
        ],
        version: 1,
    }
}

fn labels(source: &Fixed, results: &Results) -> Vec<(Kind, String)> {
    results
        .hits()
        .map(|h| {
            let entry = source.entry(h.id).unwrap();
            (entry.kind, entry.label().to_string())
        })
        .collect()
}

#[test]
fn hits_are_grouped_by_kind_the_best_group_first() {
    let source = source();
    let mut searcher = Searcher::default();
    let results = searcher.search(&source, "lena");
    let kinds: Vec<Kind> = results.groups.iter().map(|g| g.kind).collect();
    assert_eq!(kinds.len(), 2, "{results:?}");
    assert_eq!(results.matched(), 2);
    let found = labels(&source, &results);
    assert!(found.contains(&(Kind::User, "Lena Berg".into())));
    assert!(found.contains(&(Kind::Organization, "Lenamark Oy".into())));
    assert_eq!(results.searched, 6);
}

#[test]
fn words_match_in_any_order_across_label_and_secondary_text() {
    let source = source();
    let mut searcher = Searcher::default();
    let results = searcher.search(&source, "supplies aalto");
    assert_eq!(
        labels(&source, &results),
        [(Kind::Organization, "Aalto Office Supplies".into())]
    );
    let results = searcher.search(&source, "jane.doe@acme");
    assert_eq!(labels(&source, &results), [(Kind::User, "Jane Doe".into())]);
    let results = searcher.search(&source, "C-10482");
    assert_eq!(
        labels(&source, &results),
        [(Kind::Organization, "Aalto Office Supplies".into())]
    );
}

#[test]
fn a_label_that_starts_with_the_query_ranks_above_a_scattered_match() {
    let source = source();
    let mut searcher = Searcher::default();
    let results = searcher.search(&source, "acme");
    let orgs = &results
        .groups
        .iter()
        .find(|g| g.kind == Kind::Organization)
        .unwrap();
    let first = source.entry(orgs.hits[0].id).unwrap();
    assert_eq!(first.label(), "Acme AB");
    assert_eq!(
        results.groups[0].kind,
        Kind::Organization,
        "the exact-start hit leads"
    );
}

#[test]
fn matched_characters_are_given_for_highlighting() {
    let source = source();
    let mut searcher = Searcher::default();
    let results = searcher.search(&source, "olof");
    let hit = results.hits().next().unwrap();
    let entry = source.entry(hit.id).unwrap();
    let chars: Vec<char> = entry.text().chars().collect();
    let marked: String = hit.indices.iter().map(|&i| chars[i as usize]).collect();
    assert_eq!(marked.to_lowercase(), "olof", "{:?}", hit.indices);
    assert_eq!(entry.secondary(&entry.text()), "olof@acme.se");
    assert_eq!(entry.secondary_start(), "Olof Ek".len() + 2);
}

#[test]
fn narrowing_agrees_with_a_fresh_search_and_a_changed_source_starts_over() {
    let mut source = source();
    let mut searcher = Searcher::default();
    searcher.search(&source, "a");
    let narrowed = searcher.search(&source, "acme.s");
    let fresh = Searcher::default().search(&source, "acme.s");
    assert_eq!(narrowed, fresh);
    let mut chunk = std::mem::take(&mut source.chunks[1]).into_builder();
    chunk.push(Kind::User, "Acme Bot", &["bot@acme.se"]);
    source.chunks[1] = chunk.finish();
    source.version += 1;
    let after = searcher.search(&source, "acme.se");
    assert!(
        labels(&source, &after).contains(&(Kind::User, "Acme Bot".into())),
        "a new version is searched whole"
    );
    assert_eq!(
        searcher.search(&source, "  ").groups,
        vec![],
        "no words, no hits"
    );
}

#[test]
fn each_kind_keeps_its_best_few_and_counts_the_rest() {
    let many = built((0..500).map(|i| spec(Kind::User, &format!("user {i:03}"), &[])));
    let source = Fixed {
        chunks: vec![many],
        version: 1,
    };
    let results = Searcher::default().search(&source, "user");
    assert_eq!(results.groups[0].total, 500);
    assert_eq!(results.groups[0].hits.len(), rank::PER_KIND);
    let first = source.entry(results.groups[0].hits[0].id).unwrap();
    assert_eq!(first.label(), "user 000", "ties go to source order");
}

/// Chunks of uneven sizes (one empty), every kind, non-ASCII names among them.
pub(super) fn many() -> Fixed {
    const NAMES: [&str; 8] = [
        "Lena Berg",
        "Åsa Öberg",
        "Jane Doe",
        "Olof Ek",
        "Jürgen Lind",
        "Lenamark Oy",
        "Acme AB",
        "Eva Holm",
    ];
    let chunks = (0..9)
        .map(|c| {
            (0..(c * 37) % 61)
                .map(|r| {
                    let i = c * 100 + r;
                    let kind = Kind::ALL[i % Kind::COUNT];
                    let mail = format!("user{i}@tenant{}.example", i % 7);
                    spec(kind, NAMES[i % NAMES.len()], &[&mail, "Organization User"])
                })
                .collect()
        })
        .collect();
    Fixed { chunks, version: 1 }
}

#[test]
fn a_search_split_across_threads_finds_what_one_thread_finds() {
    let source = many();
    let queries = ["lena berg", "tenant3", "asa ob", "u e", "jurgen@", "zzz"];
    // One entry per thread at least; and parts that narrow on one thread once few match.
    for (threads, min_share) in [(2, 1), (3, 1), (5, 1), (2, 60)] {
        let mut one = rank::Searcher::split(1, 1);
        let mut split = rank::Searcher::split(threads, min_share);
        for query in queries {
            for end in (1..=query.len()).filter(|&end| query.is_char_boundary(end)) {
                let typed = &query[..end];
                let expected = one.search(&source, typed);
                let got = split.search(&source, typed);
                assert_eq!(got, expected, "{typed:?} on {threads} threads");
                assert_eq!(
                    split.matches(),
                    one.matches(),
                    "{typed:?}: kept for narrowing"
                );
            }
            let fresh = rank::Searcher::split(threads, min_share).search(&source, query);
            assert_eq!(fresh, one.search(&source, query), "{query:?} from nothing");
        }
    }
    let results = rank::Searcher::split(2, 1).search(&source, "asa");
    assert!(
        results
            .hits()
            .any(|h| source.entry(h.id).unwrap().label() == "Åsa Öberg"),
        "non-ASCII text is matched through its normalized letters"
    );
}

/// Every entry scored by nucleo and sorted, with no bound, no heap and no thread: what the
/// search must find.
fn reference(source: &Fixed, query: &str) -> Results {
    use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};
    use std::cmp::Reverse;

    let pattern = Pattern::new(
        query,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
    );
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut ranked = vec![Vec::new(); Kind::COUNT];
    for (chunk, entries) in source.chunks.iter().enumerate() {
        for (row, entry) in entries.iter().enumerate() {
            let id = EntryId {
                chunk: chunk as u32,
                row: row as u32,
            };
            let whole = entry.text();
            let text = Utf32Str::new(&whole, &mut buf);
            if let Some(score) = pattern.score(text, &mut matcher) {
                let score = score + rank::bonus(entry.label(), query.trim());
                ranked[entry.kind as usize].push((score, Reverse(entry.label_len), Reverse(id)));
            }
        }
    }
    let mut groups: Vec<Group> = (ranked.into_iter().enumerate())
        .filter(|(_, ranks)| !ranks.is_empty())
        .map(|(kind, mut ranks)| {
            ranks.sort_by(|a, b| b.cmp(a));
            let total = ranks.len();
            let hits = ranks
                .into_iter()
                .take(rank::PER_KIND)
                .map(|(score, _, Reverse(id))| {
                    let mut indices = Vec::new();
                    let whole = source.entry(id).unwrap().text();
                    let text = Utf32Str::new(&whole, &mut buf);
                    pattern.indices(text, &mut matcher, &mut indices);
                    indices.sort_unstable();
                    indices.dedup();
                    Hit { id, score, indices }
                });
            Group {
                kind: Kind::ALL[kind],
                total,
                hits: hits.collect(),
            }
        })
        .collect();
    groups.sort_by_key(|g| (Reverse(g.hits[0].score), g.kind));
    Results {
        groups,
        searched: source.len(),
        pending: None,
    }
}

#[test]
fn the_bound_on_scores_changes_no_result() {
    // Many entries alike, so the best twenty of a kind fill early and most are bounded out.
    let mut source = many();
    source.chunks.push(
        (0..600)
            .map(|i| {
                let name = ["Tamm Eva", "Eva Ek", "Per Ek", "Kim Tamm"][i % 4];
                let mail = format!("{}{i}@tenant{}.example", name.to_lowercase(), i / 40);
                spec(Kind::User, name, &[&mail, "Organization User"])
            })
            .collect(),
    );
    let mut searcher = Searcher::default();
    for query in [
        "tenant99",
        "eva ek",
        "per@tenant1",
        "t",
        "Ek e",
        "asa",
        "c-0",
    ] {
        for end in (1..=query.len()).filter(|&end| query.is_char_boundary(end)) {
            let typed = &query[..end];
            assert_eq!(
                searcher.search(&source, typed),
                reference(&source, typed),
                "{typed:?}"
            );
        }
    }
}

#[test]
fn the_parts_of_a_split_cover_every_entry_once() {
    for (len, parts) in [(0, 1), (1, 2), (10, 3), (1_000_000, 2), (7, 7)] {
        let ranges: Vec<_> = scan::ranges(len, parts).collect();
        assert_eq!(ranges.len(), parts);
        assert_eq!(ranges[0].start, 0);
        assert_eq!(ranges[parts - 1].end, len);
        assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
    }
}

#[test]
fn find_in_the_palette_takes_the_rest_as_the_query() {
    assert_eq!(
        overlay::typed_in_palette("find jane@acme"),
        Some("jane@acme")
    );
    assert_eq!(overlay::typed_in_palette("find"), None);
    assert_eq!(overlay::typed_in_palette("finder"), None);
}

/// The loaded source over a real store: entries per list, owners beside them, gaps, and a
/// list that changes made again alone.
mod loaded {
    use std::sync::Arc;

    use super::super::*;
    use crate::api::{Resource, ResourceData};
    use crate::app::store::Store;
    use crate::domain::{OrganizationSummary, User};

    pub(super) fn load(store: &mut Store, resource: Resource, data: ResourceData) {
        store.fetch(resource.clone(), false);
        let id = store.next_id() - 1;
        assert!(store.loaded(id, resource, Arc::new(data), false));
    }

    pub(super) fn org(id: &str, name: &str) -> OrganizationSummary {
        OrganizationSummary {
            id: id.into(),
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn users_show_their_organization_and_the_unopened_are_gaps() {
        let mut store = Store::default();
        let users = Resource::Users { org: "o-2".into() };
        let lena = User {
            id: "u-1".into(),
            display_name: "Lena Berg".into(),
            email: "lena@acme.se".into(),
            ..Default::default()
        };
        load(&mut store, users.clone(), ResourceData::Users(vec![lena]));
        let orgs = vec![org("o-1", "Zeta"), org("o-2", "Acme AB")];
        load(
            &mut store,
            Resource::Organizations,
            ResourceData::Organizations(orgs),
        );
        let mut source = LoadedSource::new(false);
        assert!(source.update(&store));
        assert!(!source.update(&store), "nothing new: nothing done");
        let results = Searcher::default().search(&source, "lena@");
        let hit = results.hits().next().expect("the user");
        assert_eq!(source.organization(hit.id).as_deref(), Some("Acme AB"));
        assert_eq!(
            source.target(hit.id),
            Some(Target::User {
                org: "o-2".into(),
                id: "u-1".into()
            })
        );
        let users_gap = &source.gaps()[0];
        assert_eq!((users_gap.what, users_gap.of), ("users", 1));

        let version = source.version();
        let renamed = vec![org("o-1", "Zeta"), org("o-2", "Acme Group")];
        load(
            &mut store,
            Resource::Organizations,
            ResourceData::Organizations(renamed),
        );
        assert!(source.update(&store));
        assert!(source.version() > version);
        let results = Searcher::default().search(&source, "lena@");
        let hit = results.hits().next().expect("the user");
        assert_eq!(
            source.organization(hit.id).as_deref(),
            Some("Acme Group"),
            "owners follow"
        );
    }
}

/// The loaded and the indexed sources as one (`tests/both.rs`).
mod both;
/// A chunk's entries as they are packed (`tests/entries.rs`).
mod entries;
/// A search cut into slices of time (`tests/slices.rs`).
mod slices;
