//! The client's request discipline against the stand-in over real HTTP: `Retry-After` holds
//! every request of the profile, throttled writes are re-sent only when that is safe, the limit
//! of requests in flight holds for the actor and the bulk worker together, and a hung request
//! ends with a plain timeout.
//!
//! The stand-in's injected 429 and 503 answers carry `Retry-After: 1`, so a few tests here wait
//! that one second.

use std::sync::Arc;
use std::time::Duration;

use tenantdeck::api::{self, ApiError, ApiEvent, ApiRequest, Mutation, Resource, RetryPolicy};
use tenantdeck::bulk::journal::{Journal, JournalWriter};
use tenantdeck::bulk::plan::BulkPlan;
use tenantdeck::bulk::runner::BulkEvent;
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate, WorkerSetup, spawn_worker};
use tenantdeck::domain::{OrganizationInput, Role, User};
use tenantdeck::providers::cloudmore::{ClientConfig, CloudmoreClient};
use tenantdeck::sandbox::SandboxHandle;

use crate::support::{client_config, count_requests, next_event, stand_in};

fn client_with(
    sandbox: &SandboxHandle,
    change: impl FnOnce(&mut ClientConfig),
) -> Arc<CloudmoreClient> {
    let mut config = client_config(sandbox);
    config.retry = RetryPolicy {
        retries: 3,
        base: Duration::from_millis(10),
    };
    change(&mut config);
    Arc::new(CloudmoreClient::new(config).unwrap())
}

fn new_org(name: &str) -> Mutation {
    Mutation::CreateOrganization(Box::new(OrganizationInput {
        name: name.into(),
        is_active: true,
        ..Default::default()
    }))
}

#[tokio::test]
async fn retry_after_holds_every_request_of_the_profile_until_it_passes() {
    let stand = stand_in().await;
    let client = client_with(&stand.handle, |_| {});
    client.fetch(&Resource::ResellerRoles).await.unwrap();
    let mut gate = client.throttle();
    stand.handle.fail_next("ResellerRoles", 429, 1);

    let throttled = tokio::spawn({
        let client = client.clone();
        async move { client.fetch(&Resource::ResellerRoles).await }
    });
    gate.changed().await.unwrap();
    assert!(gate.borrow().is_some(), "the 429 closed the gate");
    let other = tokio::spawn({
        let client = client.clone();
        async move { client.fetch(&Resource::Administrators).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        count_requests(&stand.handle, "/ResellerAdministrators"),
        0,
        "another read of the profile waits at the gate too"
    );
    assert_eq!(count_requests(&stand.handle, "ResellerRoles"), 2);

    assert!(other.await.unwrap().is_ok());
    assert!(
        throttled.await.unwrap().is_ok(),
        "the throttled read is sent again"
    );
    assert_eq!(count_requests(&stand.handle, "ResellerRoles"), 3);
    assert_eq!(count_requests(&stand.handle, "/ResellerAdministrators"), 1);
}

#[tokio::test]
async fn a_throttled_write_is_sent_again_only_when_the_server_did_not_process_it() {
    let stand = stand_in().await;
    let client = client_with(&stand.handle, |_| {});
    let posts = |handle: &SandboxHandle| count_requests(handle, "POST /api/resellers");

    stand.handle.fail_next("/Organizations", 429, 1);
    let created = client.mutate(&new_org("After 429 Ltd")).await.unwrap();
    assert!(
        created.is_some(),
        "a POST refused with 429 was not processed: sent again"
    );
    assert_eq!(posts(&stand.handle), 2);

    stand.handle.fail_next("/Organizations", 503, 1);
    let error = client.mutate(&new_org("After 503 Ltd")).await.unwrap_err();
    assert_eq!(
        posts(&stand.handle),
        3,
        "a POST after a 503 is not sent again"
    );
    assert_eq!(
        error.to_string(),
        "the API asked us to slow down; try again in 1 s"
    );

    let org = created.unwrap();
    stand
        .handle
        .fail_next(&format!("/Organizations/{org}"), 503, 1);
    let rename = Mutation::UpdateOrganization {
        org: org.clone(),
        input: Box::new(OrganizationInput {
            name: "Renamed Ltd".into(),
            is_active: true,
            ..Default::default()
        }),
    };
    client.mutate(&rename).await.unwrap();
    assert_eq!(
        count_requests(
            &stand.handle,
            &format!(
                "PUT /api/resellers/{}/Organizations/{org}",
                stand.handle.credentials().reseller_id
            )
        ),
        2,
        "a PUT is idempotent: sent again after the wait"
    );
}

#[tokio::test]
async fn a_read_that_keeps_failing_is_sent_four_times_and_a_write_once() {
    let stand = stand_in().await;
    let client = client_with(&stand.handle, |_| {});
    client.fetch(&Resource::ResellerRoles).await.unwrap();
    stand
        .handle
        .fail_next("/ResellerAdministrators", 500, 1_000);
    let error = client.fetch(&Resource::Administrators).await.unwrap_err();
    assert!(
        matches!(error, ApiError::Server { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(count_requests(&stand.handle, "/ResellerAdministrators"), 4);

    stand.handle.fail_next("/Organizations", 500, 1);
    client.mutate(&new_org("Once Ltd")).await.unwrap_err();
    assert_eq!(
        count_requests(&stand.handle, "POST /api/resellers"),
        1,
        "a failed write is not sent again"
    );
}

#[tokio::test]
async fn a_hung_request_ends_with_a_plain_timeout_and_is_not_repeated() {
    let stand = stand_in().await;
    let client = client_with(&stand.handle, |c| c.timeout = Duration::from_secs(1));
    client.fetch(&Resource::ResellerRoles).await.unwrap();
    stand
        .handle
        .faults()
        .slow("/ResellerAdministrators", Duration::from_secs(3));
    let error = client.fetch(&Resource::Administrators).await.unwrap_err();
    assert_eq!(error, ApiError::Timeout(1));
    assert_eq!(
        error.to_string(),
        "request timed out after 1 s; check the network and retry"
    );
    assert_eq!(count_requests(&stand.handle, "/ResellerAdministrators"), 1);
}

/// Reads through the actor and a bulk run through the worker at once, on one client.
async fn actor_and_worker_together(stand: &SandboxHandle, client: Arc<CloudmoreClient>) {
    let org = client
        .mutate(&new_org("Limits Ltd"))
        .await
        .unwrap()
        .unwrap();
    let api::ActorChannels {
        requests,
        mut events,
    } = api::spawn_actor(client.clone(), api::DEFAULT_FRESH_FOR);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut worker = spawn_worker(WorkerSetup {
        provider: client.clone(),
        journal: JournalWriter::spawn(Journal::open(&path).unwrap()),
        profile: "test".into(),
        concurrency: 8,
        actor: requests.clone(),
        journal_path: path,
        read_only: false,
    });
    // Missing users: each PUT answers 404 after the slow path, which is all this needs.
    let users: Vec<User> = (0..16)
        .map(|n| User {
            id: format!("missing-{n}"),
            ..Default::default()
        })
        .collect();
    let role = Role {
        id: 1,
        name: "Organization Admin".into(),
    };
    stand.faults().slow("/users", Duration::from_millis(60));
    stand.take_peak_in_flight();
    let plan = BulkPlan::change_user_role(&org, &users, &role);
    worker
        .commands
        .send(BulkCommand::Start {
            run: "limits".into(),
            plan: plan.into(),
        })
        .unwrap();
    let orgs: Vec<String> = (0..8).map(|n| format!("org-{n}")).collect();
    for (id, org) in orgs.iter().enumerate() {
        let resource = Resource::Users { org: org.clone() };
        requests
            .send(ApiRequest::Fetch {
                id: id as u64,
                resource,
            })
            .unwrap();
    }
    for _ in &orgs {
        assert!(matches!(
            next_event(&mut events).await,
            ApiEvent::LoadFailed { .. } | ApiEvent::Loaded { .. }
        ));
    }
    loop {
        let update = tokio::time::timeout(Duration::from_secs(20), worker.updates.recv())
            .await
            .unwrap()
            .unwrap();
        if let BulkUpdate::Progress { events, .. } = update
            && events.iter().any(|e| matches!(e, BulkEvent::Ended { .. }))
        {
            break;
        }
    }
    stand.faults().clear();
}

#[tokio::test]
async fn the_actor_and_the_bulk_worker_share_one_limit_of_requests_in_flight() {
    let stand = stand_in().await;
    let limited = client_with(&stand.handle, |c| c.max_in_flight = 3);
    actor_and_worker_together(&stand.handle, limited).await;
    let peak = stand.handle.take_peak_in_flight();
    println!("peak in flight at the stand-in, max_in_flight = 3: {peak}");
    assert_eq!(
        peak, 3,
        "never more than the profile's limit, and the limit is used"
    );

    let wide = client_with(&stand.handle, |c| c.max_in_flight = 32);
    actor_and_worker_together(&stand.handle, wide).await;
    let peak = stand.handle.take_peak_in_flight();
    println!("peak in flight at the stand-in, max_in_flight = 32: {peak}");
    assert!(
        peak > 3,
        "without the limit, more reach the stand-in at once ({peak})"
    );
}
