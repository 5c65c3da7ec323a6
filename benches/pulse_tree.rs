//! The Pulse stand-in at 100,000 organizations and the Pulse client reading them: seeding
//! time, then for page sizes 500 and 1,000 the time to the first page and to the whole list
//! (three rounds each), with and without 20 ms of latency per request, and the time of one
//! page deep in the list (offset paging must not slow down with the page number); then the
//! console's path: the API actor asked for the hierarchy, to its first `Page` event and to the
//! whole list (what a screen gets). Figures only.

use std::time::{Duration, Instant};

use std::sync::Arc;

use tenantdeck::api::{ApiEvent, ApiRequest, Resource, ResourceData, spawn_actor};
use tenantdeck::providers::pulse::PulseClient;
use tenantdeck::sandbox::{self, Dialect, PaceConfig, SandboxConfig};

const ORGS: usize = 100_000;

#[tokio::main]
async fn main() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("pulse.sqlite");
    let mut config = SandboxConfig::new("127.0.0.1:0".parse().unwrap(), db.clone());
    config.dialect = Dialect::Pulse;
    config.extra_orgs = ORGS;
    let started = Instant::now();
    let stand_in = sandbox::start(config).await.unwrap();
    println!("pulse_tree: demo hierarchy + {ORGS} organizations");
    println!(
        "  seed:                       {:>8.1} ms",
        ms(started.elapsed())
    );
    for page_size in [500, 1000] {
        for round in 1..=3 {
            read_all(
                &stand_in,
                page_size,
                &format!("size {page_size:>4}, round {round}"),
            )
            .await;
        }
    }
    let client = client(&stand_in, 1000);
    client.page(1).await.unwrap();
    for number in [1, 50, 100] {
        let started = Instant::now();
        let page = client.page(number).await.unwrap();
        println!(
            "  page {number:>3} of 1,000 alone:      {:>8.1} ms  ({} rows)",
            ms(started.elapsed()),
            page.organizations.len()
        );
    }
    for round in 1..=3 {
        through_the_actor(&stand_in, round).await;
    }
    stand_in.shutdown().await;

    let mut config = SandboxConfig::new("127.0.0.1:0".parse().unwrap(), db);
    config.dialect = Dialect::Pulse;
    config.pace = PaceConfig {
        latency: Duration::from_millis(20),
        ..PaceConfig::default()
    };
    let slow = sandbox::start(config).await.unwrap();
    println!("  with 20 ms latency per request:");
    slow.take_peak_in_flight();
    read_all(&slow, 1000, "size 1000, 20 ms").await;
    println!(
        "  most requests in flight:    {:>8}",
        slow.take_peak_in_flight()
    );
    slow.shutdown().await;
}

fn client(stand_in: &sandbox::SandboxHandle, page_size: u32) -> PulseClient {
    let mut config = tenantdeck::demo::pulse_config(stand_in, Duration::from_secs(60));
    config.page_size = page_size;
    PulseClient::new(config).unwrap()
}

/// One whole read by a new client (sign-in included): time to the first page and to the end.
async fn read_all(stand_in: &sandbox::SandboxHandle, page_size: u32, label: &str) {
    let client = client(stand_in, page_size);
    let started = Instant::now();
    let mut first = None;
    let summary = client
        .organizations_by_page(|_| {
            first.get_or_insert_with(|| started.elapsed());
        })
        .await
        .unwrap();
    let whole = started.elapsed();
    println!(
        "  {label}: first page {:>7.1} ms, all {:>8.1} ms  ({} organizations, {} pages)",
        ms(first.unwrap()),
        ms(whole),
        summary.organizations,
        summary.pages
    );
}

/// The hierarchy as a screen asks the actor for it: to the first page event, and to the whole.
async fn through_the_actor(stand_in: &sandbox::SandboxHandle, round: usize) {
    let mut actor = spawn_actor(Arc::new(client(stand_in, 1000)), Duration::from_secs(30));
    let started = Instant::now();
    actor
        .requests
        .send(ApiRequest::Fetch {
            id: 1,
            resource: Resource::Hierarchy,
        })
        .unwrap();
    let (mut first, mut pages) = (None, 0);
    let total = loop {
        match actor.events.recv().await.unwrap() {
            ApiEvent::Page { .. } => {
                pages += 1;
                first.get_or_insert_with(|| started.elapsed());
            }
            ApiEvent::Loaded { data, .. } => match data.as_ref() {
                ResourceData::Hierarchy(nodes) => break nodes.len(),
                other => panic!("{other:?}"),
            },
            ApiEvent::LoadFailed { error, .. } => panic!("{error}"),
            _ => {}
        }
    };
    println!(
        "  actor, round {round}: first page event {:>7.1} ms, whole {:>8.1} ms  ({total} organizations, {pages} page events)",
        ms(first.unwrap_or_default()),
        ms(started.elapsed()),
    );
}

fn ms(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64() * 1000.0
}
