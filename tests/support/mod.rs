//! Shared set-up for the client, actor and end-to-end tests: a stand-in server with demo data
//! on a free loopback port, and a client signed in as its main reseller.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use tenantdeck::api::{ApiEvent, ClientConfig, CloudmoreClient};
use tenantdeck::sandbox::{SandboxHandle, Seed};
use tokio::sync::mpsc::UnboundedReceiver;

/// The contract tests' stand-in: a demo-seeded server and its database folder.
#[path = "../common/mod.rs"]
pub mod common;

pub use common::Sandbox as Stand;

pub async fn stand_in() -> Stand {
    common::start(Seed::Demo).await
}

pub fn client_config(sandbox: &SandboxHandle) -> ClientConfig {
    tenantdeck::demo::client_config(sandbox, Duration::from_secs(10))
}

pub fn client(sandbox: &SandboxHandle) -> Arc<CloudmoreClient> {
    Arc::new(CloudmoreClient::new(client_config(sandbox)).unwrap())
}

/// The next event, or a test failure after 10 s.
pub async fn next_event(events: &mut UnboundedReceiver<ApiEvent>) -> ApiEvent {
    tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("an event within 10 s")
        .expect("the actor is running")
}

/// How many logged requests contain `needle` (method and path as sent). Fails when the log has
/// already dropped older lines, as the count would then be short.
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

pub mod pty;

/// A filter that matches some but not all demo organizations, and a name it keeps.
pub const DEMO_FILTER: &str = "atlas";
pub const DEMO_FILTER_MATCH: &str = "Atlas Dental AG";
