//! The stand-in at 100,000 extra organizations: seeding time, the time to list them all over
//! HTTP (and only the active ones), resident memory before and after 100,000 more requests
//! (it should stay flat: the request log is a ring), and reopening the database. Figures only.

use std::time::{Duration, Instant};

use futures_util::StreamExt;

use tenantdeck::api::{Resource, ResourceData};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::{self, SandboxConfig};

const EXTRA: usize = 100_000;
const LOAD: usize = 100_000;
const WARM_UP: usize = 20_000;

#[tokio::main]
async fn main() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("scale.sqlite");
    let mut config = SandboxConfig::new("127.0.0.1:0".parse().unwrap(), db.clone());
    config.extra_orgs = EXTRA;
    let started = Instant::now();
    let stand_in = sandbox::start(config).await.unwrap();
    println!("stand_in_scale: demo seed + {EXTRA} organizations");
    println!("  seed:                 {:>8.1} ms", ms(started.elapsed()));
    let client = CloudmoreClient::new(tenantdeck::demo::client_config(
        &stand_in,
        Duration::from_secs(30),
    ))
    .unwrap();
    // Before the big lists, whose freed memory would hide growth; a first round fills the
    // request log and warms the connections.
    load(&client, WARM_UP).await;
    let before = resident_mb();
    let started = Instant::now();
    load(&client, LOAD).await;
    let elapsed = started.elapsed();
    let after = resident_mb();
    println!(
        "  {LOAD} requests:     {:>8.1} ms  ({:.0}/s, concurrency 8)",
        ms(elapsed),
        LOAD as f64 / elapsed.as_secs_f64()
    );
    println!(
        "  resident memory:      {before:>8.1} MB before, {after:.1} MB after ({:+.1} MB; after {WARM_UP} warm-up requests)",
        after - before
    );
    for round in 1..=3 {
        let started = Instant::now();
        let ResourceData::Organizations(orgs) =
            client.fetch(&Resource::Organizations).await.unwrap()
        else {
            panic!("organizations");
        };
        println!(
            "  list all, round {round}:    {:>8.1} ms  ({} organizations, decoded)",
            ms(started.elapsed()),
            orgs.len()
        );
    }
    stand_in.shutdown().await;
    let started = Instant::now();
    let again = sandbox::start(SandboxConfig::new("127.0.0.1:0".parse().unwrap(), db))
        .await
        .unwrap();
    println!("  reopen the database:  {:>8.1} ms", ms(started.elapsed()));
    again.shutdown().await;
}

fn ms(elapsed: Duration) -> f64 {
    elapsed.as_secs_f64() * 1000.0
}

/// `count` small authenticated reads, 8 at a time.
async fn load(client: &CloudmoreClient, count: usize) {
    futures_util::stream::iter(0..count)
        .for_each_concurrent(8, |_| async {
            client.fetch(&Resource::ResellerRoles).await.unwrap();
        })
        .await;
}

/// This process's resident memory (client and stand-in together), from /proc/self/status.
fn resident_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .unwrap_or(f64::NAN);
    kb / 1024.0
}
