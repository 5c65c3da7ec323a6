//! `tenantdeck get organizations -o jsonl` at 10,000 and 100,000 organizations: the peak heap
//! of the client while it reads and writes the list, and the time, side by side (a ratio near
//! 1 is memory flat), then the same through the collecting path `get` took before (the whole
//! list read, then written). The output is hashed, so both paths are seen to write the same
//! bytes. Figures only.
//!
//! The heap is counted (`support/counting.rs`) on this bench's own thread only: the client runs
//! on it (a current-thread runtime) and the stand-in on a runtime of its own, whose memory is
//! not the client's.
//!
//! `cargo bench --profile dev --bench get_stream`

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tenantdeck::api::Resource;
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::{self, SandboxConfig};
use tenantdeck::script::get::{GetRequest, Kind, get};
use tenantdeck::script::output::{Format, Output};
use tenantdeck::script::records::records;

#[path = "support/counting.rs"]
mod counting;
use counting::reset_peak;

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

/// Standard output as a script's pipe sees it: the bytes counted and hashed (FNV-1a, the same
/// whatever the pieces they come in), none kept.
#[derive(Clone, Default)]
struct Digest {
    bytes: Arc<AtomicU64>,
    hash: Arc<AtomicU64>,
}

impl Write for Digest {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut hash = match self.bytes.load(Ordering::Relaxed) {
            0 => 0xcbf2_9ce4_8422_2325,
            _ => self.hash.load(Ordering::Relaxed),
        };
        for &b in buf {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.hash.store(hash, Ordering::Relaxed);
        self.bytes.fetch_add(buf.len() as u64, Ordering::Relaxed);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What one read measured.
struct Figures {
    rows: usize,
    peak_mb: f64,
    took: Duration,
    bytes: u64,
    hash: u64,
}

/// Runs `read` (which writes to the digest it is given) with the heap counted.
fn measure<F: Future<Output = usize>>(
    runtime: &tokio::runtime::Runtime,
    read: impl FnOnce(Digest) -> F,
) -> Figures {
    let out = Digest::default();
    let base = reset_peak();
    let started = Instant::now();
    let rows = runtime.block_on(read(out.clone()));
    let took = started.elapsed();
    let peak = counting::peak().saturating_sub(base);
    Figures {
        rows,
        peak_mb: peak as f64 / (1024.0 * 1024.0),
        took,
        bytes: out.bytes.load(Ordering::Relaxed),
        hash: out.hash.load(Ordering::Relaxed),
    }
}

fn request() -> GetRequest {
    GetRequest {
        kind: Kind::Organizations,
        org: None,
        filter: None,
        format: Format::Jsonl,
        columns: None,
        width: None,
        every_org: false,
    }
}

/// Both paths against a stand-in of `extra` more organizations.
fn run(extra: usize) -> (Figures, Figures) {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().unwrap(),
        folder.path().join("get.sqlite"),
    );
    config.extra_orgs = extra;
    let stand_in = server.block_on(sandbox::start(config)).unwrap();
    let client = CloudmoreClient::new(tenantdeck::demo::client_config(
        &stand_in,
        Duration::from_secs(120),
    ))
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    counting::count_marked_threads();
    counting::mark_this_thread(true);
    // Signed in and connected before either is measured.
    runtime
        .block_on(client.fetch(&Resource::ResellerRoles))
        .unwrap();
    let streamed = measure(&runtime, |out| async {
        get(&client, "cloudmore", &request(), out, &|_, _| {})
            .await
            .unwrap()
    });
    let collected = measure(&runtime, |out| async {
        // The path `get` took before: the whole list read, then written in one piece.
        let read = client.read(&Resource::Organizations).await.unwrap();
        let mut output = Output::new(Format::Jsonl, out, None, &[]);
        output.write(&records(&read.data)).unwrap();
        let rows = output.rows();
        output.finish().unwrap();
        rows
    });
    counting::mark_this_thread(false);
    server.block_on(stand_in.shutdown());
    (streamed, collected)
}

fn main() {
    let small = run(10_000);
    let large = run(100_000);
    println!("get_stream: `get organizations -o jsonl`, the client's peak heap and time");
    println!(
        "  {:<22} {:>16} {:>16} {:>7}",
        "", "10,000 extra", "100,000 extra", "ratio"
    );
    let line = |label: &str, a: &Figures, b: &Figures| {
        println!(
            "  {label:<22} {:>13.1} MB {:>13.1} MB {:>6.1}x",
            a.peak_mb,
            b.peak_mb,
            b.peak_mb / a.peak_mb
        );
        println!(
            "  {:<22} {:>13.0} ms {:>13.0} ms {:>6.1}x",
            "",
            a.took.as_secs_f64() * 1000.0,
            b.took.as_secs_f64() * 1000.0,
            b.took.as_secs_f64() / a.took.as_secs_f64()
        );
    };
    line("streamed (now)", &small.0, &large.0);
    line("collected (before)", &small.1, &large.1);
    for (label, (streamed, collected)) in [("10,000", &small), ("100,000", &large)] {
        println!(
            "  {label}: {} rows, {} bytes; the same output both ways: {}",
            streamed.rows,
            streamed.bytes,
            (streamed.rows, streamed.bytes, streamed.hash)
                == (collected.rows, collected.bytes, collected.hash)
        );
    }
}
