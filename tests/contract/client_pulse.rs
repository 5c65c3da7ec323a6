//! The Pulse client against the Pulse stand-in over real HTTP: sign-in (versions, Basic,
//! api-version on every call), refresh before expiry, one new sign-in on a 401, creates not
//! re-sent after one, every page of a large tenant with the first handed over first, conflicts
//! and each error mapping.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::pulse_support::{Pulse, Tree, chain_to_depth, root_of, start, start_with, tree};
use tenantdeck::api::{ApiError, RetryPolicy};
use tenantdeck::domain::hierarchy::OrgNode;
use tenantdeck::providers::pulse::{
    NewUser, Organization, OrganizationInput, OrganizationUpdate, PulseClient, PulseConfig,
};
use tenantdeck::sandbox::{AfterServed, PulseAccount, Seed};

fn config(pulse: &Pulse) -> PulseConfig {
    let mut config = tenantdeck::demo::pulse_config(&pulse.handle, Duration::from_secs(10));
    config.retry = RetryPolicy {
        retries: 3,
        base: Duration::from_millis(10),
    };
    config.page_size = 500;
    config
}

fn client(pulse: &Pulse) -> PulseClient {
    PulseClient::new(config(pulse)).unwrap()
}

fn config_as(pulse: &Pulse, account: &PulseAccount) -> PulseConfig {
    PulseConfig {
        username: account.username.clone(),
        password: tenantdeck::secret::Secret::new(account.password.clone()),
        ..config(pulse)
    }
}

fn client_as(pulse: &Pulse, account: &PulseAccount) -> PulseClient {
    PulseClient::new(config_as(pulse, account)).unwrap()
}

/// How many logged requests start with `prefix` (method and path as sent).
fn count(pulse: &Pulse, prefix: &str) -> usize {
    pulse
        .handle
        .request_log()
        .iter()
        .filter(|line| line.starts_with(prefix))
        .count()
}

/// The client's organizations as the support module's tree.
fn tree_of(orgs: &[Organization]) -> Tree {
    let rows: Vec<_> = orgs
        .iter()
        .map(|o| serde_json::json!({"id": o.id, "parentId": o.parent_id, "name": o.name}))
        .collect();
    tree(&rows)
}

/// Some organization `depth` levels below its root, and its parent.
async fn org_at_depth(client: &PulseClient, depth: usize) -> (String, String) {
    let orgs = client.organizations().await.unwrap();
    let chain = chain_to_depth(&tree_of(&orgs), depth);
    (chain[depth].clone(), chain[depth - 1].clone())
}

#[tokio::test]
async fn signs_in_with_the_version_then_basic_and_sends_the_api_version_on_every_call() {
    let pulse = start(Seed::Demo).await;
    let client = client(&pulse);
    let all = client.organizations().await.unwrap();
    assert!(all.len() >= 150);
    let log = pulse.handle.request_log();
    assert_eq!(log[0], "GET /api/versions");
    assert_eq!(log[1], "GET /api/tokens");
    assert!(log[2].starts_with("GET /api/organizations?page.number=1&page.size=500"));
    let org = client.organization(&all[0].id).await.unwrap();
    assert_eq!(org.org_id, all[0].id, "a root tenant owns itself");
    assert_eq!(
        count(&pulse, "GET /api/versions"),
        1,
        "the version is asked once"
    );
    assert_eq!(count(&pulse, "GET /api/tokens"), 1, "the token is reused");
    assert_eq!(pulse.handle.unversioned_requests(), 0);

    let wrong = PulseClient::new(PulseConfig {
        password: tenantdeck::secret::Secret::new("wrong"),
        ..config(&pulse)
    })
    .unwrap();
    let refused = wrong.organizations().await.unwrap_err();
    assert!(
        matches!(&refused, ApiError::Auth(m) if m.contains("wrong username or password")),
        "{refused:?}"
    );
}

/// Signs in to a stand-in whose access tokens live 2 s and refresh tokens `refresh_secs`,
/// reads, waits 1.6 s (past the renewal point, a quarter early) and reads once more: how many
/// refreshes, Basic sign-ins and reads of that organization the stand-in saw.
async fn renewal_after_waiting(refresh_secs: u64) -> (usize, usize, usize) {
    let pulse = start_with(Seed::Demo, |c| {
        c.token_lifetime_secs = 2;
        c.refresh_lifetime_secs = refresh_secs;
    })
    .await;
    let client = client(&pulse);
    let (id, _) = org_at_depth(&client, 1).await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    client.organization(&id).await.unwrap();
    let refreshes = count(&pulse, "GET /api/tokens/refresh");
    let sign_ins = count(&pulse, "GET /api/tokens") - refreshes;
    let reads = count(&pulse, &format!("GET /api/organizations/{id}"));
    (refreshes, sign_ins, reads)
}

#[tokio::test]
async fn the_access_token_is_refreshed_before_it_expires() {
    assert_eq!(
        renewal_after_waiting(60).await,
        (1, 1, 1),
        "one refresh, no second sign-in, no 401 met"
    );
}

#[tokio::test]
async fn once_the_refresh_token_is_gone_too_it_signs_in_again() {
    assert_eq!(
        renewal_after_waiting(1).await,
        (0, 2, 1),
        "a dead refresh token is not sent: a second Basic sign-in, no 401 met"
    );
}

#[tokio::test]
async fn a_refused_refresh_falls_back_to_basic() {
    let lifetimes = |c: &mut tenantdeck::sandbox::SandboxConfig| {
        c.token_lifetime_secs = 2;
        c.refresh_lifetime_secs = 60;
    };
    let first = start_with(Seed::Demo, lifetimes).await;
    let client = client(&first);
    let (id, _) = org_at_depth(&client, 1).await;
    // The stand-in restarts on the same port and file: every token it issued is forgotten.
    let listen: std::net::SocketAddr = first.handle.base_url()["http://".len()..].parse().unwrap();
    let db = first.dir.path().join("pulse.db");
    first.handle.shutdown().await;
    let mut config = tenantdeck::sandbox::SandboxConfig::new(listen, db);
    config.dialect = tenantdeck::sandbox::Dialect::Pulse;
    lifetimes(&mut config);
    let again = tenantdeck::sandbox::start(config).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1600)).await;
    client.organization(&id).await.unwrap();
    let log = again.request_log();
    assert_eq!(
        log[..2],
        ["GET /api/tokens/refresh", "GET /api/tokens"],
        "the refresh was refused, then Basic: {log:?}"
    );
    assert_eq!(log.len(), 3, "then the read, once: {log:?}");
    drop(first.dir);
}

#[tokio::test]
async fn a_401_signs_in_again_once_and_a_create_that_met_one_is_not_sent_again() {
    let pulse = start(Seed::Demo).await;
    let client = client(&pulse);
    let (id, parent) = org_at_depth(&client, 2).await;
    pulse.handle.expire_tokens();
    client.organization(&id).await.unwrap();
    assert_eq!(count(&pulse, "GET /api/tokens"), 2, "one new sign-in");
    assert_eq!(count(&pulse, &format!("GET /api/organizations/{id}")), 2);

    pulse
        .handle
        .fail_next(&format!("/api/organizations/{id}"), 401, 2);
    assert_eq!(client.organization(&id).await, Err(ApiError::Unauthorized));
    assert_eq!(
        count(&pulse, &format!("GET /api/organizations/{id}")),
        4,
        "tried twice"
    );

    pulse
        .handle
        .faults()
        .after_served("POST /api/organizations", AfterServed::Status(401), 1);
    let input = OrganizationInput {
        name: "Created behind a 401".into(),
        parent_id: parent.clone(),
        status: "ACTIVE".into(),
    };
    assert_eq!(client.create(&input).await, Err(ApiError::ExpiredMidWrite));
    assert_eq!(
        count(&pulse, "POST /api/organizations"),
        1,
        "not re-sent blindly"
    );
    let made = client.organizations().await.unwrap();
    assert_eq!(
        made.iter()
            .filter(|o| o.name == "Created behind a 401")
            .count(),
        1
    );
}

#[tokio::test]
async fn every_page_of_a_large_tenant_arrives_in_order_the_first_before_the_last_is_asked() {
    let pulse = start_with(Seed::Empty, |c| c.extra_orgs = 5_000).await;
    let client = client(&pulse);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let handle = &pulse.handle;
    let summary = client
        .organizations_by_page(|page| {
            let asked_last = handle
                .request_log()
                .iter()
                .any(|l| l.contains("page.number=11&"));
            seen.lock().unwrap().push((
                page.number,
                page.organizations.len(),
                asked_last,
                page.total_elements,
            ));
        })
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        summary.organizations, 5_001,
        "the synthetic tenant and its organizations"
    );
    assert_eq!(summary.pages, 11);
    assert_eq!(
        seen.iter().map(|p| p.0).collect::<Vec<_>>(),
        (1..=11).collect::<Vec<_>>()
    );
    assert_eq!(
        seen[0],
        (1, 500, false, 5_001),
        "the first page before the last is asked"
    );
    assert_eq!(seen[10].1, 1, "the last partial page");
    assert_eq!(
        count(&pulse, "GET /api/organizations?"),
        11,
        "one request per page"
    );
    let all = client.organizations().await.unwrap();
    let ids: std::collections::HashSet<_> = all.iter().map(|o| o.id.clone()).collect();
    assert_eq!(ids.len(), 5_001);
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_writes_round_trip() {
    let pulse = start(Seed::Demo).await;
    let mine = client(&pulse);
    let theirs = client(&pulse);
    let (id, parent) = org_at_depth(&mine, 3).await;
    let read = mine.organization(&id).await.unwrap();
    theirs.set_status(&id, false, None).await.unwrap();
    let change = OrganizationUpdate {
        name: "Mine".into(),
        parent_id: read.parent_id.clone(),
        status: read.status.clone(),
        update_version: read.update_version,
    };
    let conflict = mine.update(&id, &change).await.unwrap_err();
    assert!(
        matches!(&conflict, ApiError::Conflict { message } if message.contains("changed by someone else")),
        "{conflict:?}"
    );
    let now = mine.organization(&id).await.unwrap();
    assert_eq!(
        (now.status.as_str(), now.update_version),
        ("INACTIVE", read.update_version + 1)
    );
    mine.update(
        &id,
        &OrganizationUpdate {
            update_version: now.update_version,
            ..change
        },
    )
    .await
    .unwrap();
    let node = OrgNode::from(mine.organization(&id).await.unwrap());
    assert_eq!(node.name, "Mine");
    assert_eq!(node.version, Some((read.update_version + 2).to_string()));
    assert!(node.created.is_some());

    let stale = mine.set_status(&id, true, Some(read.update_version)).await;
    assert!(matches!(stale, Err(ApiError::Conflict { .. })));

    let child = mine
        .create(&OrganizationInput {
            name: "Moved child".into(),
            parent_id: parent.clone(),
            status: "ACTIVE".into(),
        })
        .await
        .unwrap();
    mine.move_to(&child, &id, None).await.unwrap();
    assert_eq!(mine.organization(&child).await.unwrap().parent_id, id);
    mine.delete(&child).await.unwrap();
    assert_eq!(mine.organization(&child).await, Err(ApiError::NotFound));
}

#[tokio::test]
async fn each_error_of_the_stand_in_maps_onto_the_neutral_error() {
    let pulse = start(Seed::Demo).await;
    let client = client(&pulse);
    let (deep, parent) = org_at_depth(&client, 4).await;
    let named = |name: &str, parent: &str| OrganizationInput {
        name: name.into(),
        parent_id: parent.into(),
        status: String::new(),
    };
    let Err(ApiError::Fields(fields)) = client.create(&named(" ", &parent)).await else {
        panic!("a missing name is a field error");
    };
    assert_eq!(fields.first("name"), Some("name is required"));
    let too_deep = client.create(&named("Fifth", &deep)).await.unwrap_err();
    assert!(
        matches!(&too_deep, ApiError::Business(e) if e[0].error_message.contains("at most 4")),
        "{too_deep:?}"
    );
    let children = client.delete(&parent).await.unwrap_err();
    assert!(
        matches!(&children, ApiError::Business(e) if e[0].error_message.contains("sub-organization")),
        "{children:?}"
    );
    let cycle = client.move_to(&parent, &deep, None).await.unwrap_err();
    assert!(
        matches!(&cycle, ApiError::Fields(f) if f.first("parentId").is_some()),
        "{cycle:?}"
    );
    assert_eq!(
        client.organization("no-such-id").await,
        Err(ApiError::NotFound)
    );

    let helios = pulse.tenant_admin("Helios Energy Networks");
    let tenant = client_as(&pulse, &helios);
    let foreign = client
        .organizations()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.parent_id.is_empty() && Some(&o.id) != helios.tenant_id.as_ref())
        .unwrap();
    assert_eq!(
        tenant.organization(&foreign.id).await,
        Err(ApiError::Forbidden)
    );
    let user = NewUser {
        user_name: "x@y.example".into(),
        password: "long-enough".into(),
        ..NewUser::default()
    };
    let root = named("Tenant's own root", "");
    assert_eq!(
        tenant.create_root(&root, &user).await,
        Err(ApiError::Forbidden)
    );
    let (user_id, org_id) = client.create_root(&root, &user).await.unwrap();
    assert!(!user_id.is_empty());
    assert_eq!(
        client.organization(&org_id).await.unwrap().name,
        "Tenant's own root"
    );
    let again = client.create_root(&root, &user).await.unwrap_err();
    assert!(
        matches!(&again, ApiError::Business(e) if e[0].error_name == "ALREADY_EXISTS"),
        "{again:?}"
    );

    let path = format!("/api/organizations/{deep}");
    pulse.handle.fail_next(&path, 500, 4);
    let server = client.organization(&deep).await.unwrap_err();
    assert!(
        matches!(server, ApiError::Server { status: 500, .. }),
        "{server:?}"
    );
    assert_eq!(
        count(&pulse, &format!("GET {path}")),
        4,
        "a read is tried 1 + 3 times"
    );
    pulse.handle.fail_next(&path, 429, 1);
    client
        .organization(&deep)
        .await
        .expect("a 429 is waited out and retried");
    let no_retries = PulseClient::new(PulseConfig {
        retry: RetryPolicy {
            retries: 0,
            base: Duration::ZERO,
        },
        ..config(&pulse)
    })
    .unwrap();
    pulse.handle.fail_next(&path, 429, 1);
    assert_eq!(
        no_retries.organization(&deep).await,
        Err(ApiError::Throttled {
            status: 429,
            retry_in: Some(1)
        })
    );
    pulse.handle.fail_next(&path, 409, 1);
    assert!(matches!(
        no_retries.organization(&deep).await,
        Err(ApiError::Conflict { .. })
    ));
    pulse
        .handle
        .faults()
        .after_served(&format!("GET {path}"), AfterServed::Reset, 1);
    assert!(matches!(
        no_retries.organization(&deep).await,
        Err(ApiError::Network(_))
    ));
}

#[tokio::test]
async fn a_tenant_administrator_reads_only_its_tenant_in_pages_of_any_size() {
    let pulse = start_with(Seed::Demo, |c| c.extra_orgs = 600).await;
    let helios = pulse.tenant_admin("Helios Energy Networks");
    let tenant = helios.tenant_id.clone().unwrap();
    let all = client(&pulse).organizations().await.unwrap();
    let tree = tree_of(&all);
    let expected: Vec<_> = all
        .iter()
        .filter(|o| root_of(&tree, &o.id) == tenant)
        .map(|o| o.id.clone())
        .collect();
    for page_size in [7, 1000] {
        let own = PulseClient::new(PulseConfig {
            page_size,
            ..config_as(&pulse, &helios)
        })
        .unwrap()
        .organizations()
        .await
        .unwrap();
        let ids: Vec<_> = own.iter().map(|o| o.id.clone()).collect();
        assert_eq!(
            ids, expected,
            "its tenant, in list order, with pages of {page_size}"
        );
    }
    assert!(expected.len() > 7 && expected.len() < all.len());
}
