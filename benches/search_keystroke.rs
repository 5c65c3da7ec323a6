//! Keystroke → results of the one search (`Ctrl-K`) over 1,000,000 synthetic entries (users,
//! organizations, subscriptions in chunks of 1,000, as loaded lists are). Prints figures only:
//! building the entries, then each keystroke of a few queries typed letter by letter (the
//! first letter scans everything, the next ones narrow the last matches), as p50 / p99 / max,
//! and a whole query searched from nothing (a paste).

use std::time::{Duration, Instant};

use tenantdeck::app::search::{EntryId, Gap, Kind, SearchEntry, SearchSource, Searcher, Target};

const ENTRIES: usize = 1_000_000;
const CHUNK: usize = 1_000;
const FIRST: [&str; 12] = [
    "Jane", "Lena", "Olof", "Amelia", "Noah", "Eva", "Nils", "Aino", "Mikko", "Sara", "Per", "Kim",
];
const LAST: [&str; 10] = [
    "Doe", "Berg", "Martin", "Holm", "Lind", "Ek", "Saar", "Virtanen", "Kask", "Tamm",
];

struct Synthetic {
    chunks: Vec<Vec<SearchEntry>>,
}

impl SearchSource for Synthetic {
    fn version(&self) -> u64 {
        1
    }
    fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    fn chunk(&self, at: usize) -> &[SearchEntry] {
        self.chunks.get(at).map_or(&[], Vec::as_slice)
    }
    fn organization(&self, _id: EntryId) -> Option<&str> {
        None
    }
    fn target(&self, _id: EntryId) -> Option<Target> {
        None
    }
    fn gaps(&self) -> &[Gap] {
        &[]
    }
}

fn synthetic() -> Synthetic {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize
    };
    let entry = |i: usize, r: usize| {
        let (first, last) = (FIRST[r % FIRST.len()], LAST[(r / 13) % LAST.len()]);
        match i % 10 {
            0 => SearchEntry::new(
                Kind::Organization,
                &format!("{last} {first} Holding {i}"),
                &[&format!("C-{i:07}"), &format!("tenant{i}.example")],
            ),
            1 => SearchEntry::new(
                Kind::Subscription,
                "Microsoft 365 Business Basic",
                &["Microsoft 365", "Active", &format!("sub-{i:07}")],
            ),
            _ => SearchEntry::new(
                Kind::User,
                &format!("{first} {last}"),
                &[
                    &format!(
                        "{}.{}{i}@tenant{}.example",
                        first.to_lowercase(),
                        last.to_lowercase(),
                        i / 40
                    ),
                    "Organization User",
                ],
            ),
        }
    };
    let all: Vec<SearchEntry> = (0..ENTRIES).map(|i| entry(i, next())).collect();
    Synthetic {
        chunks: all.chunks(CHUNK).map(<[SearchEntry]>::to_vec).collect(),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let started = Instant::now();
    let source = synthetic();
    println!(
        "{} entries built in {}",
        source.len(),
        ms(started.elapsed())
    );
    let queries = [
        "jane.doe12",
        "lena berg",
        "c-0004711",
        "amelia martin",
        "tenant99",
    ];
    let mut keystrokes = Vec::new();
    let mut searcher = Searcher::default();
    for query in queries {
        for end in 1..=query.len() {
            let typed = &query[..end];
            let at = Instant::now();
            let results = searcher.search(&source, typed);
            keystrokes.push(at.elapsed());
            std::hint::black_box(results);
        }
        let at = Instant::now();
        let results = Searcher::default().search(&source, query);
        println!(
            "{query:>14}: {:>7} matches, whole query from nothing {}",
            results.matched(),
            ms(at.elapsed())
        );
    }
    keystrokes.sort();
    println!(
        "keystroke → results over {} entries ({} keystrokes): p50 {} · p99 {} · max {}",
        source.len(),
        keystrokes.len(),
        ms(percentile(&keystrokes, 0.5)),
        ms(percentile(&keystrokes, 0.99)),
        ms(*keystrokes.last().unwrap())
    );
}
