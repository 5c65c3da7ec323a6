//! Keystroke → results of the one search (`Ctrl-K`) over 1,000,000 synthetic entries (users
//! with their GUID ids, organizations, subscriptions in chunks of 1,000, as loaded lists
//! are). Prints figures only:
//! building the entries, then each keystroke of a few queries typed letter by letter (the
//! first letter scans everything, the next ones narrow the last matches), as p50 / p99 / max
//! of two times: to the first frame's results (the search's first slice, as the console draws
//! after it; drawing the box is not counted), and to all results (slice after slice, the hits
//! so far made after each as for a frame); and a whole query searched at once from nothing (a
//! paste). The slowest keystrokes, with how many entries each looked at, say where the time
//! goes. Then the memory: the heap the entries hold
//! (counted by `support/counting.rs`, every thread) and the process's resident memory, and the
//! most the searches added to the heap on top (the matches kept for narrowing, the matchers).
//!
//! `cargo bench --bench search_keystroke` (optimised) or `--profile dev` (debug).

use std::time::{Duration, Instant};

use tenantdeck::app::search::{
    Entries, EntriesBuilder, EntryId, Gap, Kind, SLICE, SearchSource, Searcher, Target,
};

const ENTRIES: usize = 1_000_000;
const CHUNK: usize = 1_000;
const FIRST: [&str; 12] = [
    "Jane", "Lena", "Olof", "Amelia", "Noah", "Eva", "Nils", "Aino", "Mikko", "Sara", "Per", "Kim",
];
const LAST: [&str; 10] = [
    "Doe", "Berg", "Martin", "Holm", "Lind", "Ek", "Saar", "Virtanen", "Kask", "Tamm",
];

#[path = "support/counting.rs"]
mod counting;
use counting::reset_peak;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// The process's resident memory (VmRSS), in bytes.
fn resident() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    (status.lines())
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|kb| kb.parse::<usize>().ok())
        .map_or(0, |kb| kb * 1024)
}

struct Synthetic {
    chunks: Vec<Entries>,
}

impl SearchSource for Synthetic {
    fn version(&self) -> u64 {
        1
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

fn synthetic() -> Synthetic {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize
    };
    let push = |entries: &mut EntriesBuilder, i: usize, r: usize| {
        let (first, last) = (FIRST[r % FIRST.len()], LAST[(r / 13) % LAST.len()]);
        match i % 10 {
            0 => entries.push(
                Kind::Organization,
                &format!("{last} {first} Holding {i}"),
                &[&format!("C-{i:07}"), &format!("tenant{i}.example")],
            ),
            1 => entries.push(
                Kind::Subscription,
                "Microsoft 365 Business Basic",
                &["Microsoft 365", "Active", &format!("sub-{i:07}")],
            ),
            _ => entries.push(
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
                    // Its id, written as the APIs write ids.
                    &format!("{i:08x}-{:04x}-4000-8000-{:012x}", r & 0xffff, i * 7),
                ],
            ),
        }
    };
    // Chunk by chunk, so no copy of all of them is left behind in the resident figure.
    let chunks = (0..ENTRIES.div_ceil(CHUNK))
        .map(|c| {
            let mut entries = Entries::builder();
            for i in c * CHUNK..ENTRIES.min((c + 1) * CHUNK) {
                push(&mut entries, i, next());
            }
            entries.finish()
        })
        .collect();
    Synthetic { chunks }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let (heap_before, resident_before) = (counting::now(), resident());
    let started = Instant::now();
    let source = synthetic();
    println!(
        "{} entries built in {}",
        source.len(),
        ms(started.elapsed())
    );
    let (heap_entries, resident_entries) = (
        counting::now() - heap_before,
        resident().saturating_sub(resident_before),
    );
    let heap_searching = reset_peak();
    let queries = [
        "jane.doe12",
        "lena berg",
        "c-0004711",
        "amelia martin",
        "tenant99",
    ];
    // Per keystroke, as the console does it: the search starts and works one slice, the hits
    // so far make the frame; then slice after slice until it is through.
    let (mut first_frames, mut throughs) = (Vec::new(), Vec::new());
    // (time through, what was typed, the entries it looked at, slices)
    let mut slowest = Vec::new();
    let mut searcher = Searcher::default();
    for query in queries {
        let mut looked_at = source.len();
        for end in 1..=query.len() {
            let typed = &query[..end];
            let at = Instant::now();
            searcher.start(&source, typed);
            let mut through = searcher.advance(&source, Some(at + SLICE));
            std::hint::black_box(searcher.results(&source));
            first_frames.push(at.elapsed());
            let mut slices = 1;
            while !through {
                through = searcher.advance(&source, Some(Instant::now() + SLICE));
                std::hint::black_box(searcher.results(&source));
                slices += 1;
            }
            let results = searcher.results(&source);
            let took = at.elapsed();
            throughs.push(took);
            slowest.push((took, typed, looked_at, slices));
            looked_at = results.matched();
        }
        let at = Instant::now();
        let results = Searcher::default().search(&source, query);
        println!(
            "{query:>14}: {:>7} matches, whole query from nothing at once {}",
            results.matched(),
            ms(at.elapsed())
        );
    }
    for (what, times) in [
        ("keystroke → first frame's results", &mut first_frames),
        ("keystroke → all results", &mut throughs),
    ] {
        times.sort();
        println!(
            "{what} over {} entries ({} keystrokes): p50 {} · p99 {} · max {}",
            source.len(),
            times.len(),
            ms(percentile(times, 0.5)),
            ms(percentile(times, 0.99)),
            ms(*times.last().unwrap())
        );
    }
    slowest.sort_by(|a, b| b.cmp(a));
    for (took, typed, looked_at, slices) in &slowest[..5] {
        println!(
            "  slow: {typed:>14} {} over {looked_at} entries, {slices} slices",
            ms(*took)
        );
    }
    let searching = counting::peak().saturating_sub(heap_searching);
    println!(
        "memory of {} entries: heap {} · resident {} · the searches' most on top {}",
        source.len(),
        mb(heap_entries),
        mb(resident_entries),
        mb(searching)
    );
    std::hint::black_box(searcher);
}
