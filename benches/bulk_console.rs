//! Bulk role changes through the whole console, not only the engine: the App on a `TestBackend`
//! driven by the real event loop (the typed count starts the run, `q` quits once it ended), the
//! real API actor and bulk worker, a journal synced per item batch, against the stand-in over
//! HTTP. Prints figures only (no assertion on time):
//!
//! - at 20 ms latency: the console at concurrency 8 (and 1) against a plain sequential client
//!   doing the same PUTs (goal ≥ 7x, the limit is 8x);
//! - at 0 ms: the console's rate against the stand-in's raw capacity for that PUT, measured by
//!   a plain client with 8 requests in flight (goal ≥ 0.5x), with the journal on disk and on
//!   tmpfs (whether the disk syncs are what limits it);
//! - 1,000 against 10,000 items: the cost per item (goal within 1.2x), next to the plain
//!   client's at the same sizes;
//! - during the 10,000-item run: frames drawn per second (goal ≥ 10) and, for a `j` typed every
//!   50 ms, the time to the next frame drawn (goal: every key within 50 ms).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tokio::sync::mpsc;

use tenantdeck::api::{self, Mutation, Resource, ResourceData};
use tenantdeck::app::{App, SessionInfo, event_loop};
use tenantdeck::bulk::journal::{Journal, JournalWriter};
use tenantdeck::bulk::plan::BulkPlan;
use tenantdeck::bulk::runner::BulkEvent;
use tenantdeck::bulk::worker::{BulkUpdate, WorkerChannels, WorkerSetup, spawn_worker};
use tenantdeck::domain::{OrganizationInput, Role, User, UserInput};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::{self, PaceConfig, SandboxConfig, SandboxHandle};

/// Users in the benchmark's organization (the 10,000-item run changes them all).
const USERS: usize = 10_000;
const AT_LATENCY: usize = 400;
const AT_ZERO: usize = 2_000;

/// A `TestBackend` that notes when each frame is flushed.
struct Timed {
    inner: TestBackend,
    frames: Arc<Mutex<Vec<Instant>>>,
}

impl ratatui::backend::Backend for Timed {
    type Error = <TestBackend as ratatui::backend::Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<ratatui::layout::Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<ratatui::layout::Position>>(
        &mut self,
        position: P,
    ) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ratatui::backend::ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<ratatui::layout::Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<ratatui::backend::WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.frames.lock().unwrap().push(Instant::now());
        self.inner.flush()
    }
}

/// How live the console stayed during a run: frames per second, and per typed key the time to
/// the next frame.
struct Liveness {
    frames_per_second: f64,
    key_to_frame: Vec<Duration>,
}

struct Bench {
    db: PathBuf,
    /// Where the journals go (a folder on disk).
    disk: PathBuf,
    org: String,
    /// Alternates so that every run really changes every user's role.
    role: i64,
}

async fn stand_in(db: &Path, latency_ms: u64) -> SandboxHandle {
    let mut config = SandboxConfig::new("127.0.0.1:0".parse().unwrap(), db.to_path_buf());
    config.pace = PaceConfig {
        latency: Duration::from_millis(latency_ms),
        ..PaceConfig::default()
    };
    sandbox::start(config).await.unwrap()
}

fn client(stand_in: &SandboxHandle) -> Arc<CloudmoreClient> {
    let config = tenantdeck::demo::client_config(stand_in, Duration::from_secs(60));
    Arc::new(CloudmoreClient::new(config).unwrap())
}

/// An organization with `USERS` users, created 16 at a time.
async fn fill(stand_in: &SandboxHandle) -> String {
    let client = client(stand_in);
    let org = client
        .mutate(&Mutation::CreateOrganization(Box::new(OrganizationInput {
            name: "Console Bench Ltd".into(),
            ..Default::default()
        })))
        .await
        .unwrap()
        .unwrap();
    stream::iter(0..USERS)
        .map(|n| {
            let create = Mutation::CreateUser {
                org: org.clone(),
                input: Box::new(UserInput {
                    username: format!("c{n}@console.example"),
                    first_name: "Console".into(),
                    last_name: format!("{n}"),
                    email: format!("c{n}@console.example"),
                    generate_password: true,
                    ..Default::default()
                }),
            };
            let client = client.clone();
            async move { client.mutate(&create).await.unwrap() }
        })
        .buffer_unordered(16)
        .count()
        .await;
    org
}

impl Bench {
    async fn users(&self, stand_in: &SandboxHandle, n: usize) -> Vec<User> {
        let users = Resource::Users {
            org: self.org.clone(),
        };
        let ResourceData::Users(mut users) = client(stand_in).fetch(&users).await.unwrap() else {
            panic!("users");
        };
        users.sort_by(|a, b| a.username.cmp(&b.username));
        users.truncate(n);
        users
    }

    fn next_role(&mut self) -> Role {
        self.role = 3 - self.role;
        Role {
            id: self.role,
            name: format!("role {}", self.role),
        }
    }

    /// The role change of (up to) `n` users through the console; returns the time from `y` to
    /// the end and the number of items (users who have the role already are left out).
    async fn console(
        &mut self,
        stand_in: &SandboxHandle,
        n: usize,
        concurrency: usize,
        journal_dir: &Path,
    ) -> (Duration, usize, Liveness) {
        let users = self.users(stand_in, n).await;
        let role = self.next_role();
        let plan = BulkPlan::change_user_role(&self.org, &users, &role);
        let items = plan.items.len();
        let journal_path = journal_dir.join(format!("journal-{n}-{concurrency}.jsonl"));
        let client = client(stand_in);
        let actor = api::spawn_actor(client.clone(), api::DEFAULT_FRESH_FOR);
        let mut worker = spawn_worker(WorkerSetup {
            provider: client,
            journal: JournalWriter::spawn(Journal::open(&journal_path).unwrap()),
            profile: "bench".into(),
            concurrency,
            actor: actor.requests.clone(),
            journal_path,
            read_only: false,
        });
        // The keyboard: confirm now, `q` once the run has ended (seen on its way to the app).
        let (keys, typed) = mpsc::unbounded_channel::<std::io::Result<Event>>();
        let key = |c| Ok(Event::Key(KeyEvent::from(KeyCode::Char(c))));
        let (to_app, updates) = mpsc::unbounded_channel();
        let (ended_tx, ended) = tokio::sync::oneshot::channel();
        let quit = keys.clone();
        let over = Arc::new(AtomicBool::new(false));
        let over_at_end = over.clone();
        tokio::spawn(async move {
            let mut ended_tx = Some(ended_tx);
            while let Some(update) = worker.updates.recv().await {
                let end = matches!(&update, BulkUpdate::Progress { events, .. }
                    if events.iter().any(|e| matches!(e, BulkEvent::Ended { .. })));
                let _ = to_app.send(update);
                if end && let Some(tx) = ended_tx.take() {
                    over_at_end.store(true, Ordering::SeqCst);
                    let _ = tx.send(Instant::now());
                    // The loop may read this key before the end it follows: then the first
                    // `q` only warns that a run is going, and the second quits.
                    let _ = quit.send(key('q'));
                    let _ = quit.send(key('q'));
                }
            }
        });
        let mut app = App::new(session(stand_in));
        app.preview_bulk(plan);
        // More than 100 items ask for their count to be typed; fewer take a `y`.
        if items > 100 {
            for digit in items.to_string().chars() {
                keys.send(key(digit)).unwrap();
            }
            keys.send(Ok(Event::Key(KeyEvent::from(KeyCode::Enter))))
                .unwrap();
        } else {
            keys.send(key('y')).unwrap();
        }
        let input = stream::unfold(typed, |mut typed| async move {
            typed.recv().await.map(|event| (event, typed))
        })
        .boxed();
        // A key every 50 ms while the run goes, each noted when sent.
        let sent = Arc::new(Mutex::new(Vec::new()));
        let (prod, sent_by) = (keys.clone(), sent.clone());
        tokio::spawn(async move {
            while !over.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(50)).await;
                sent_by.lock().unwrap().push(Instant::now());
                if prod.send(key('j')).is_err() {
                    break;
                }
            }
        });
        let frames = Arc::new(Mutex::new(Vec::new()));
        let backend = Timed {
            inner: TestBackend::new(120, 40),
            frames: frames.clone(),
        };
        let mut terminal = Terminal::new(backend).unwrap();
        let bulk = WorkerChannels {
            commands: worker.commands,
            updates,
        };
        let started = Instant::now();
        event_loop::run_with(
            &mut terminal,
            app,
            (actor.requests, actor.events),
            bulk,
            input,
            false,
        )
        .await
        .unwrap();
        let screen = format!("{:?}", terminal.backend().inner.buffer());
        assert!(screen.contains("every item succeeded"), "the run succeeded");
        let end = ended.await.unwrap();
        let frames = frames.lock().unwrap().clone();
        let during = frames.iter().filter(|&&f| f >= started && f <= end).count();
        let key_to_frame = sent
            .lock()
            .unwrap()
            .iter()
            .filter(|&&at| at <= end)
            .filter_map(|&at| frames.iter().find(|&&f| f >= at).map(|&f| f - at))
            .collect();
        let liveness = Liveness {
            frames_per_second: rate(during, end - started),
            key_to_frame,
        };
        (end - started, items, liveness)
    }

    /// The same PUTs from a plain client, `in_flight` at a time; returns the time they took and
    /// how many there were.
    async fn plain(
        &mut self,
        stand_in: &SandboxHandle,
        n: usize,
        in_flight: usize,
    ) -> (Duration, usize) {
        let users = self.users(stand_in, n).await;
        let role = self.next_role();
        let http = reqwest::Client::new();
        let demo = stand_in.credentials();
        let token: serde_json::Value = http
            .post(format!("{}/connect/token", stand_in.base_url()))
            .form(&[
                ("grant_type", "password"),
                ("username", demo.username.as_str()),
                ("password", demo.password.as_str()),
                ("scope", "api"),
                ("client_id", demo.client_id.as_str()),
                ("client_secret", demo.client_secret.as_str()),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = token["access_token"].as_str().unwrap().to_string();
        let base = format!(
            "{}/api/resellers/{}/organizations/{}/users",
            stand_in.base_url(),
            demo.reseller_id,
            self.org
        );
        let plan = BulkPlan::change_user_role(&self.org, &users, &role);
        let count = plan.items.len();
        let started = Instant::now();
        stream::iter(plan.items)
            .map(|item| {
                let Mutation::UpdateUser { user, input, .. } = item.mutation else {
                    panic!("a role change");
                };
                let put = http
                    .put(format!("{base}/{user}"))
                    .bearer_auth(&token)
                    .json(&input);
                async move {
                    let status = put.send().await.unwrap().status();
                    assert!(status.is_success(), "{status}");
                }
            })
            .buffer_unordered(in_flight)
            .count()
            .await;
        (started.elapsed(), count)
    }
}

fn session(stand_in: &SandboxHandle) -> SessionInfo {
    let demo = stand_in.credentials();
    SessionInfo {
        profile: "bench".into(),
        api_url: stand_in.base_url(),
        reseller_id: demo.reseller_id.clone(),
        reseller_name: None,
        username: demo.username.clone(),
        read_only: false,
        inactive_after_days: 90,
        ..Default::default()
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

#[tokio::main]
async fn main() {
    let folder = tempfile::tempdir().unwrap();
    let tmpfs = tempfile::tempdir_in("/dev/shm").unwrap_or_else(|_| tempfile::tempdir().unwrap());
    let db = folder.path().join("console.sqlite");
    let setup = stand_in(&db, 0).await;
    let org = fill(&setup).await;
    setup.shutdown().await;
    let mut bench = Bench {
        db,
        disk: folder.path().to_path_buf(),
        org,
        role: 1,
    };
    println!("bulk_console: role changes through the console (event loop + worker + actor + app)");

    let slow = stand_in(&bench.db, 20).await;
    let disk = bench.disk.clone();
    let (sequential, _) = bench.plain(&slow, AT_LATENCY, 1).await;
    let (one, ..) = bench.console(&slow, AT_LATENCY, 1, &disk).await;
    let (eight, ..) = bench.console(&slow, AT_LATENCY, 8, &disk).await;
    slow.shutdown().await;
    println!("  20 ms latency, {AT_LATENCY} items:");
    println!(
        "    plain sequential client {:>8.0} ms  ({:.0} items/s)",
        ms(sequential),
        rate(AT_LATENCY, sequential)
    );
    println!(
        "    console, concurrency 1  {:>8.0} ms  ({:.0} items/s)",
        ms(one),
        rate(AT_LATENCY, one)
    );
    println!(
        "    console, concurrency 8  {:>8.0} ms  ({:.0} items/s)",
        ms(eight),
        rate(AT_LATENCY, eight)
    );
    println!(
        "    console 8 vs sequential: {:.2}x (goal >= 7x, limit 8x)",
        sequential.as_secs_f64() / eight.as_secs_f64()
    );

    let fast = stand_in(&bench.db, 0).await;
    let (raw, _) = bench.plain(&fast, AT_ZERO, 8).await;
    let (on_disk, ..) = bench.console(&fast, AT_ZERO, 8, &disk).await;
    let (on_tmpfs, ..) = bench.console(&fast, AT_ZERO, 8, tmpfs.path()).await;
    println!("  0 ms latency, {AT_ZERO} items:");
    println!(
        "    stand-in raw capacity (plain client, 8 in flight) {:>8.0} ms  ({:.0} items/s)",
        ms(raw),
        rate(AT_ZERO, raw)
    );
    println!(
        "    console, concurrency 8, journal on disk           {:>8.0} ms  ({:.0} items/s)",
        ms(on_disk),
        rate(AT_ZERO, on_disk)
    );
    println!(
        "    console, concurrency 8, journal on tmpfs          {:>8.0} ms  ({:.0} items/s)",
        ms(on_tmpfs),
        rate(AT_ZERO, on_tmpfs)
    );
    println!(
        "    console vs raw capacity: {:.2}x (goal >= 0.5x); journal on tmpfs: {:.2}x",
        raw.as_secs_f64() / on_disk.as_secs_f64(),
        raw.as_secs_f64() / on_tmpfs.as_secs_f64()
    );

    // Every user gets the same role first, so that each run below changes all its users.
    bench.plain(&fast, USERS, 8).await;
    let (large, many, live) = bench.console(&fast, USERS, 8, &disk).await;
    let (plain_large, plain_many) = bench.plain(&fast, USERS, 8).await;
    let (small, few, _) = bench.console(&fast, 1_000, 8, &disk).await;
    let (plain_small, plain_few) = bench.plain(&fast, 1_000, 8).await;
    fast.shutdown().await;
    let per = |d: Duration, n: usize| ms(d) / n as f64;
    println!("  0 ms latency, cost per item (console | plain client, 8 in flight):");
    for (n, console, plain, m) in [
        (few, small, plain_small, plain_few),
        (many, large, plain_large, plain_many),
    ] {
        println!(
            "    {n:>6} items {:>8.0} ms ({:.3} ms/item) | {m:>6} items {:>8.0} ms ({:.3} ms/item)",
            ms(console),
            per(console, n),
            ms(plain),
            per(plain, m)
        );
    }
    println!(
        "    {many} vs {few} per item: console {:.2}x (goal within 1.2x), plain client {:.2}x",
        per(large, many) / per(small, few),
        per(plain_large, plain_many) / per(plain_small, plain_few)
    );
    let mut keys = live.key_to_frame;
    keys.sort();
    let at = |q: f64| {
        keys.get(((keys.len() as f64 - 1.0) * q) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!("  during the {many}-item run:");
    println!(
        "    frames drawn: {:.0}/s (goal >= 10/s); a key every 50 ms to the next frame: {} keys, median {:.1} ms, p99 {:.1} ms, max {:.1} ms (goal <= 50 ms)",
        live.frames_per_second,
        keys.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(keys.last().copied().unwrap_or_default())
    );
}
