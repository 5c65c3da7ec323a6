//! Memory of the console during a very large bulk run, the way a user meets it: the real
//! binary (`tenantdeck demo --orgs N`, its stand-in in the same process) in a pseudo-terminal,
//! every organization marked (`Ctrl-A`), `x` (set inactive), the count typed, Enter. Prints the
//! resident memory with the organizations loaded, at the preview, and the most it reached while
//! the run went (sampled every 50 ms, and the kernel's high-water mark). Twice: as `demo`, and
//! as the console alone against a stand-in in another process (as against the real API).
//!
//! `cargo bench --profile dev --bench bulk_memory [-- ORGS]` (default 100,000).

// The end-to-end tests' pty driver; this bench uses a part of it.
#[allow(dead_code)]
#[path = "../tests/support/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::Console;
use tenantdeck::sandbox::{self, SandboxConfig};

/// Resident and peak resident memory of `pid`, in MB.
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The number of organizations the status bar counts ("1 of 100,200 organizations").
fn organizations_in(screen: &str) -> Option<usize> {
    let before = screen.split(" organizations").next()?;
    before.rsplit(' ').next()?.replace(',', "").parse().ok()
}

/// The count of items in the preview's "Changes N items" prompt.
fn items_in(screen: &str) -> Option<usize> {
    let rest = screen.split("Changes ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

/// What one run measured, in MB.
struct Figures {
    items: usize,
    loaded: f64,
    loading_peak: f64,
    preview: f64,
    running: f64,
    most: f64,
    after: f64,
    high_water: f64,
    took: Duration,
}

/// Marks every organization, sets them inactive and follows the console's memory to the end.
fn measure(mut console: Console, orgs: usize) -> Figures {
    let pid = console.child.process_id().expect("the console's pid");
    let long = Duration::from_secs(600);
    // The status bar counts the organizations once the list has loaded.
    console.wait_for("the organizations", long, |s| {
        organizations_in(s).is_some_and(|n| n >= orgs)
    });
    std::thread::sleep(Duration::from_secs(2));
    let (loaded, loading_peak) = memory(pid);

    console.type_keys("\x01");
    std::thread::sleep(Duration::from_millis(500));
    console.type_keys("x");
    let preview = console.wait_for("the preview", long, |s| items_in(s).is_some());
    let items = items_in(&preview).unwrap();
    std::thread::sleep(Duration::from_secs(1));
    let (at_preview, _) = memory(pid);

    console.type_keys(&items.to_string());
    console.type_keys("\r");
    let started = Instant::now();
    let mut most = at_preview;
    loop {
        let (now, _) = memory(pid);
        most = most.max(now);
        let screen = console.screen_text();
        if screen.contains("every item succeeded") || screen.contains("done with") {
            break;
        }
        assert!(
            started.elapsed() < long,
            "the run ended; the screen:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = started.elapsed();
    let running = most;
    // The list reloads after the run (it outdated every organization it changed).
    let reloaded = Instant::now();
    while reloaded.elapsed() < Duration::from_secs(5) {
        most = most.max(memory(pid).0);
        std::thread::sleep(Duration::from_millis(50));
    }
    let (after, high_water) = memory(pid);
    console.type_keys("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    console.type_keys("q");
    let _ = console.wait_exit(Duration::from_secs(10));
    Figures {
        items,
        loaded,
        loading_peak,
        preview: at_preview,
        running,
        most: most.max(after),
        after,
        high_water,
        took,
    }
}

fn print(title: &str, f: &Figures) {
    println!("{title}: {} items set inactive", f.items);
    println!("  loaded:            {:7.1} MB resident", f.loaded);
    println!(
        "  while loading:     {:7.1} MB at most (VmHWM: the list's body and its rows at once)",
        f.loading_peak
    );
    println!("  preview:           {:7.1} MB", f.preview);
    println!(
        "  during the run:    {:7.1} MB at most (sampled every 50 ms)",
        f.running
    );
    println!(
        "  with the reload:   {:7.1} MB at most (the run outdated the list: it is read again)",
        f.most
    );
    println!("  after the run:     {:7.1} MB", f.after);
    println!(
        "  high-water mark:   {:7.1} MB (VmHWM, the whole life)",
        f.high_water
    );
    println!("  run took {:.1} s", f.took.as_secs_f64());
}

fn main() {
    let orgs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    println!("bulk_memory: {orgs} organizations");
    // As a new user meets it: the stand-in runs inside the console's process.
    let demo = measure(Console::start(&["demo", "--orgs", &orgs.to_string()]), orgs);
    print("demo (stand-in in the same process)", &demo);
    // As against a real API: the stand-in is another process (here, this one).
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().unwrap(),
        folder.path().join("memory.sqlite"),
    );
    config.extra_orgs = orgs;
    let stand_in = runtime.block_on(sandbox::start(config)).unwrap();
    let alone = measure(Console::on_stand_in(&stand_in, None), orgs);
    print("console alone (stand-in in another process)", &alone);
    runtime.block_on(stand_in.shutdown());
}
