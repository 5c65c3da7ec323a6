//! The set-up every test binary shares: a stand-in with demo data on a free loopback port and a
//! client signed in as its main reseller. Each binary (`contract`, `ui`, `e2e`, `engine`) mounts
//! this module as `support` and, next to it, only the parts of this folder it uses:
//! - `http.rs` — raw HTTP calls and error-shape assertions of the contract tests (`contract`);
//! - `fake.rs` — a fake Cloudmore answering what the stand-in never would (`contract`, `ui`);
//! - `pty.rs` — the real binary in a pseudo-terminal (`e2e`);
//! - `pulse.rs` — a Pulse stand-in and raw Pulse calls (`contract`; `engine` starts one);
//! - `metal.rs` — a Metal stand-in and raw Metal calls (`contract`);
//! - `cli.rs` — `tenantdeck sandbox` started as a command and its printout read (`contract`);
//! - `ui/` — fixtures, a fake actor, key helpers and a `TestBackend` renderer (`ui`).
//!
//! A part mounted only where it is used keeps the dead-code lint useful in every binary.

use std::sync::Arc;
use std::time::Duration;

use tenantdeck::api::ApiEvent;
use tenantdeck::providers::cloudmore::{ClientConfig, CloudmoreClient};
use tenantdeck::sandbox::{self, SandboxConfig, SandboxHandle, Seed};
use tokio::sync::mpsc::UnboundedReceiver;

/// A running stand-in and the directory holding its database.
pub struct Sandbox {
    pub handle: SandboxHandle,
    /// Held so the database outlives the server; deleted on drop.
    _dir: tempfile::TempDir,
}

/// A stand-in's configuration: a free loopback port and a database in `dir`.
pub fn config(dir: &tempfile::TempDir, seed: Seed) -> SandboxConfig {
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().expect("address"),
        dir.path().join("sandbox.db"),
    );
    config.seed = seed;
    config
}

pub async fn start(seed: Seed) -> Sandbox {
    let dir = tempfile::tempdir().expect("temp dir");
    let handle = sandbox::start(config(&dir, seed))
        .await
        .expect("sandbox starts");
    Sandbox { handle, _dir: dir }
}

/// A demo-seeded stand-in.
pub async fn stand_in() -> Sandbox {
    start(Seed::Demo).await
}

pub fn client_config(sandbox: &SandboxHandle) -> ClientConfig {
    tenantdeck::demo::client_config(sandbox, Duration::from_secs(10))
}

pub fn client(sandbox: &SandboxHandle) -> Arc<CloudmoreClient> {
    Arc::new(CloudmoreClient::new(client_config(sandbox)).unwrap())
}

/// The next event, or a test failure after 10 s.
#[allow(
    dead_code,
    reason = "the contract and engine tests read actor events; ui and e2e do not"
)]
pub async fn next_event(events: &mut UnboundedReceiver<ApiEvent>) -> ApiEvent {
    tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("an event within 10 s")
        .expect("the actor is running")
}

/// How many logged requests contain `needle` (method and path as sent). Fails when the log has
/// already dropped older lines, as the count would then be short.
#[allow(
    dead_code,
    reason = "the e2e tests check results through the API, not the request log"
)]
pub fn count_requests(sandbox: &SandboxHandle, needle: &str) -> usize {
    let needle = needle.to_lowercase();
    let log = sandbox.request_log();
    assert_eq!(
        log.len() as u64,
        sandbox.request_count(),
        "the request log keeps only the newest lines; count from a later point"
    );
    log.iter()
        .filter(|line| line.to_lowercase().contains(&needle))
        .count()
}
