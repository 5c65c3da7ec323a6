//! Warm start at 100,000 organizations: the time from opening the profile's cache file to the
//! first frame that draws the tree from it, next to a cold start that waits for the stand-in's
//! whole list over HTTP (the run that fills the cache). The stand-in is held back during the
//! warm start, as a slow API would be, so the frame shows the cached copy; then its answer
//! replaces it in place. Figures only, no assertions on time.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tenantdeck::api::disk_cache::{CacheIdentity, DiskCache, file_for};
use tenantdeck::api::{
    ActorChannels, ActorOptions, ApiEvent, DEFAULT_FRESH_FOR, Resource, spawn_actor_with,
};
use tenantdeck::app::{App, SessionInfo};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::{self, SandboxConfig, SandboxHandle};

/// Organizations added to the demo seed (`WARM_START_ORGS` for a quicker look).
fn extra() -> usize {
    std::env::var("WARM_START_ORGS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// The console's parts as `main` wires them, drawn on a 120x40 `TestBackend`.
struct Console {
    app: App,
    terminal: Terminal<TestBackend>,
    actor: ActorChannels,
    /// When the cache's copy of the organizations arrived, if it did.
    cached_at: Option<Instant>,
}

impl Console {
    fn start(stand_in: &SandboxHandle, cache_file: &Path) -> Console {
        // As `main` does: the cache first, its first list read ahead while the client is made.
        let disk = DiskCache::open(cache_file).unwrap();
        disk.prefetch(&App::first_list(
            &tenantdeck::providers::cloudmore::CAPABILITIES,
        ));
        let client = CloudmoreClient::new(tenantdeck::demo::client_config(
            stand_in,
            Duration::from_secs(120),
        ))
        .unwrap();
        let options = ActorOptions {
            disk: Some(disk),
            ..ActorOptions::new(DEFAULT_FRESH_FOR)
        };
        let reseller_id = stand_in.credentials().reseller_id.clone();
        Console {
            app: App::new(SessionInfo {
                reseller_id,
                ..SessionInfo::default()
            }),
            terminal: Terminal::new(TestBackend::new(120, 40)).unwrap(),
            actor: spawn_actor_with(Arc::new(client), options),
            cached_at: None,
        }
    }

    /// Runs the event loop's work (send what the app asks, apply what arrives, draw) until a
    /// drawn frame satisfies `done`; returns when that frame's answer arrived, was applied
    /// and was drawn.
    async fn until(&mut self, done: impl Fn(&str) -> bool) -> [Instant; 3] {
        loop {
            for request in self.app.take_requests() {
                self.actor.requests.send(request).unwrap();
            }
            let next = tokio::time::timeout(Duration::from_secs(120), self.actor.events.recv());
            let Ok(Some(event)) = next.await else {
                panic!("nothing for 2 min; last frame:\n{}", screen(&self.terminal));
            };
            let arrived = Instant::now();
            let mut events = vec![event];
            events.extend(std::iter::from_fn(|| self.actor.events.try_recv().ok()));
            for event in events {
                if matches!(&event, ApiEvent::Cached { resource, .. } if *resource == Resource::Organizations)
                {
                    self.cached_at.get_or_insert(arrived);
                }
                self.app.handle_api_event(event);
            }
            let applied = Instant::now();
            let app = &self.app;
            self.terminal
                .draw(|frame| tenantdeck::ui::draw(frame, app))
                .unwrap();
            if done(&screen(&self.terminal)) {
                return [arrived, applied, Instant::now()];
            }
        }
    }

    /// Ends the actor; returns once its cache file is written.
    async fn close(self) {
        self.actor.close().await;
    }
}

/// The drawn frame as text.
fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

/// How many organizations the drawn status bar counts ("N of M organizations": M, grouped by
/// thousands).
fn organizations(screen: &str) -> usize {
    let Some(at) = screen.find(" organizations") else {
        return 0;
    };
    let words: Vec<&str> = screen[..at].split_whitespace().rev().take(2).collect();
    match words.as_slice() {
        [total, "of"] => total.replace(',', "").parse().unwrap_or(0),
        _ => 0,
    }
}

/// The frame shows the whole tree, from the cache (`Some(true)`), fresh, or either (`None`).
fn tree_drawn(screen: &str, cached: Option<bool>) -> bool {
    organizations(screen) > extra() && cached.is_none_or(|c| screen.contains("cached ") == c)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// How long the stand-in holds the warm start's read back (a slow API).
const HELD_BACK: Duration = Duration::from_secs(20);

#[tokio::main]
async fn main() {
    let folder = tempfile::tempdir().unwrap();
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().unwrap(),
        folder.path().join("stand-in.sqlite"),
    );
    config.extra_orgs = extra();
    let stand_in = sandbox::start(config).await.unwrap();
    let id = CacheIdentity {
        profile: "bench",
        provider: "cloudmore",
        api_url: &stand_in.base_url(),
        account: &stand_in.credentials().reseller_id,
    };
    let cache_file = file_for(&folder.path().join("cache"), &id);
    println!(
        "warm_start: demo seed + {} organizations, TestBackend 120x40 (as built)",
        extra()
    );

    let started = Instant::now();
    let mut cold = Console::start(&stand_in, &cache_file);
    cold.until(|screen| tree_drawn(screen, Some(false))).await;
    let cold_frame = started.elapsed();
    let total = organizations(&screen(&cold.terminal));
    let started = Instant::now();
    cold.close().await;
    let written = started.elapsed();
    let size = std::fs::metadata(&cache_file).map_or(0, |m| m.len());
    println!(
        "  cold start, first frame of the tree:  {:>8.1} ms  ({total} organizations over HTTP)",
        ms(cold_frame)
    );
    println!(
        "  cache written (after that frame):      {:>8.1} ms  (off the UI; file {:.1} MB)",
        ms(written),
        size as f64 / 1e6
    );

    // The cache's part alone: the file's list read back and decoded.
    let disk = DiskCache::open(&cache_file).unwrap();
    let started = Instant::now();
    let read = disk
        .loader(&Resource::Organizations)
        .and_then(|load| load());
    println!(
        "  read + decode of the cached list:      {:>8.1} ms  ({})",
        ms(started.elapsed()),
        if read.is_some() { "read" } else { "MISSING" }
    );
    drop((read, disk));

    // A slow API: the warm start must not wait for it.
    stand_in.faults().slow("organizations", HELD_BACK);
    let started = Instant::now();
    let mut warm = Console::start(&stand_in, &cache_file);
    let opened = started.elapsed();
    let [arrived, applied, drawn] = warm.until(|screen| tree_drawn(screen, None)).await;
    let shown = screen(&warm.terminal);
    let from = match warm.cached_at {
        _ if shown.contains("cached ") => "from the cache".to_string(),
        Some(at) => format!(
            "FRESH; the cached copy arrived after {:.1} ms but was not drawn",
            ms(at - started)
        ),
        None => "FRESH: the cached copy never arrived".to_string(),
    };
    println!(
        "  warm start, first frame of the tree:  {:>8.1} ms  ({} organizations {from})",
        ms(drawn - started),
        organizations(&shown),
    );
    println!(
        "    of which: open {:.1} ms, read + decode {:.1} ms, apply {:.1} ms, draw {:.1} ms",
        ms(opened),
        ms(arrived - started - opened),
        ms(applied - arrived),
        ms(drawn - applied)
    );
    warm.until(|screen| tree_drawn(screen, Some(false))).await;
    println!(
        "  revalidated in place after:            {:>8.1} ms  (the stand-in held back {} s)",
        ms(started.elapsed()),
        HELD_BACK.as_secs()
    );
    stand_in.faults().clear();
    warm.close().await;
}
