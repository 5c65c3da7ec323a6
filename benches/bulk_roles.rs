//! Changes the role of 1,000 organization users on the stand-in, once with one request in
//! flight and once with eight, and prints both times and their ratio (figures only; no
//! assertion on time). Each run journals every item (synced), as a real run does.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use tenantdeck::api::{Mutation, Resource, ResourceData};
use tenantdeck::bulk::journal::{Journal, JournalWriter};
use tenantdeck::bulk::plan::BulkPlan;
use tenantdeck::bulk::runner::{self, BulkEvent};
use tenantdeck::domain::{OrganizationInput, Role, User, UserInput};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::{self, SandboxConfig};

const USERS: usize = 1000;

#[tokio::main]
async fn main() {
    let folder = tempfile::tempdir().unwrap();
    let config = SandboxConfig::new(
        "127.0.0.1:0".parse().unwrap(),
        folder.path().join("b.sqlite"),
    );
    let stand_in = sandbox::start(config).await.unwrap();
    let client = Arc::new(
        CloudmoreClient::new(tenantdeck::demo::client_config(
            &stand_in,
            Duration::from_secs(30),
        ))
        .unwrap(),
    );
    let org = client
        .mutate(&Mutation::CreateOrganization(Box::new(OrganizationInput {
            name: "Bench Ltd".into(),
            ..Default::default()
        })))
        .await
        .unwrap()
        .unwrap();
    for n in 0..USERS {
        let input = UserInput {
            username: format!("u{n}@bench.example"),
            first_name: "Bench".into(),
            last_name: format!("{n}"),
            email: format!("u{n}@bench.example"),
            generate_password: true,
            ..Default::default()
        };
        client
            .mutate(&Mutation::CreateUser {
                org: org.clone(),
                input: Box::new(input),
            })
            .await
            .unwrap();
    }
    println!(
        "bulk_roles: change the role of {USERS} users on the stand-in (journal synced per item)"
    );
    let mut times = Vec::new();
    // Alternate the target role so every run really changes every user.
    for (concurrency, role) in [(1, 1), (8, 2)] {
        let ResourceData::Users(users) = client
            .fetch(&Resource::Users { org: org.clone() })
            .await
            .unwrap()
        else {
            panic!("users");
        };
        let users: Vec<User> = users;
        let plan = BulkPlan::change_user_role(
            &org,
            &users,
            &Role {
                id: role,
                name: format!("role {role}"),
            },
        );
        let journal =
            JournalWriter::spawn(Journal::open(&folder.path().join("journal.jsonl")).unwrap());
        let record = runner::begin(&journal, &format!("bench-{concurrency}"), "bench", &plan)
            .await
            .unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let started = Instant::now();
        runner::run(
            client.clone(),
            journal,
            &record,
            false,
            concurrency,
            tx,
            Arc::new(AtomicBool::new(false)),
        )
        .await;
        let elapsed = started.elapsed();
        let mut failed = 0;
        while let Ok(event) = rx.try_recv() {
            failed += usize::from(matches!(
                event,
                BulkEvent::Finished {
                    outcome: tenantdeck::bulk::journal::Outcome::Failed { .. },
                    ..
                }
            ));
        }
        println!(
            "  concurrency {concurrency}: {:>8.1} ms  ({:.0} items/s, {failed} failed)",
            elapsed.as_secs_f64() * 1000.0,
            plan.items.len() as f64 / elapsed.as_secs_f64()
        );
        times.push(elapsed);
    }
    println!(
        "  speed-up 8 vs 1: {:.2}x",
        times[0].as_secs_f64() / times[1].as_secs_f64()
    );
    stand_in.shutdown().await;
}
