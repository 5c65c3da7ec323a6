//! The stand-in at 100,000 extra organizations: seeding time, the time to list them all over
//! HTTP (and only the active ones), and reopening the database. Figures only.

use std::time::{Duration, Instant};

use tenantdeck::api::{CloudmoreClient, Resource, ResourceData};
use tenantdeck::sandbox::{self, SandboxConfig};

const EXTRA: usize = 100_000;

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
