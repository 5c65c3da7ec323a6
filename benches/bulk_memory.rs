//! Memory of the console during a very large bulk run, the way a user meets it: the real
//! binary (`tenantdeck demo --orgs N`, its stand-in in the same process) in a pseudo-terminal,
//! every organization marked (`Ctrl-A`), `x` (set inactive), the count typed, Enter. Prints the
//! resident memory with the organizations loaded, at the preview, and the most it reached while
//! the run went (sampled every 50 ms, and the kernel's high-water mark).
//!
//! `cargo bench --profile dev --bench bulk_memory [-- ORGS]` (default 100,000).

#[path = "../tests/support/pty.rs"]
mod pty;

use std::time::{Duration, Instant};

use pty::Console;

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

/// The number of organizations the status bar counts ("1 of 100200 organizations").
fn organizations_in(screen: &str) -> Option<usize> {
    let before = screen.split(" organizations").next()?;
    before.rsplit(' ').next()?.parse().ok()
}

/// The count of items in the preview's "Changes N items" prompt.
fn items_in(screen: &str) -> Option<usize> {
    let rest = screen.split("Changes ").nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

fn main() {
    let orgs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut console = Console::start(&["demo", "--orgs", &orgs.to_string()]);
    let pid = console.child.process_id().expect("the console's pid");
    let long = Duration::from_secs(600);
    // The tree counts its organizations once the list has loaded.
    console.wait_for("the organizations", long, |s| {
        organizations_in(s).is_some_and(|n| n >= orgs)
    });
    std::thread::sleep(Duration::from_secs(2));
    let (loaded, _) = memory(pid);

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
    let (after, high_water) = memory(pid);
    console.type_keys("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    console.type_keys("q");
    let _ = console.wait_exit(Duration::from_secs(10));

    println!("bulk_memory: {orgs} organizations, {items} items set inactive");
    println!("  loaded:            {loaded:7.1} MB resident");
    println!("  preview:           {at_preview:7.1} MB");
    println!("  during the run:    {most:7.1} MB at most (sampled every 50 ms)");
    println!("  after the run:     {after:7.1} MB");
    println!("  high-water mark:   {high_water:7.1} MB (VmHWM, the whole life)");
    println!("  run took {:.1} s", took.as_secs_f64());
}
