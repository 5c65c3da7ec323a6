//! The actor with its disk cache, against the stand-in: a second start shows the first one's
//! list at once, marked with when it was fetched, while the stand-in is slow, then the fresh
//! answer; offline nothing is sent; the file holds no secret. Metal's hierarchy and nodes,
//! with their provider's field labels, are kept the same way.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tenantdeck::api::disk_cache::DiskCache;
use tenantdeck::api::{
    ActorChannels, ActorOptions, ApiError, ApiEvent, ApiRequest, DEFAULT_FRESH_FOR, Mutation,
    Resource, ResourceData, spawn_actor_with,
};
use tenantdeck::domain::UserInput;
use tenantdeck::domain::hierarchy::NodeKind;
use tenantdeck::providers::Connected;
use tenantdeck::providers::metal::{MetalClient, MetalConfig};
use tenantdeck::sandbox::Seed;
use tenantdeck::secret::Secret;

use crate::metal_support::{self, MAIN, Metal};
use crate::support::{self, client, count_requests, next_event};

fn actor(stand: &tenantdeck::sandbox::SandboxHandle, file: &Path, offline: bool) -> ActorChannels {
    let options = ActorOptions {
        disk: Some(DiskCache::open(file).unwrap()),
        offline,
        ..ActorOptions::new(DEFAULT_FRESH_FOR)
    };
    spawn_actor_with(client(stand), options)
}

/// A stand-in, a cache file, and an actor over both that has read the organizations.
struct Warmed {
    stand: support::Sandbox,
    file: std::path::PathBuf,
    actor: ActorChannels,
    organizations: ResourceData,
    _dir: tempfile::TempDir,
}

async fn warmed() -> Warmed {
    let stand = support::stand_in().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cache.sqlite3");
    let mut actor = actor(&stand.handle, &file, false);
    fetch(&actor, 1, Resource::Organizations);
    let organizations = loaded(&mut actor).await;
    Warmed {
        stand,
        file,
        actor,
        organizations,
        _dir: dir,
    }
}

fn fetch(actor: &ActorChannels, id: u64, resource: Resource) {
    actor
        .requests
        .send(ApiRequest::Fetch { id, resource })
        .unwrap();
}

async fn loaded(actor: &mut ActorChannels) -> ResourceData {
    match next_event(&mut actor.events).await {
        ApiEvent::Loaded {
            data, stale: false, ..
        } => data.as_ref().clone(),
        other => panic!("expected a fresh load, got {other:?}"),
    }
}

fn first_org(data: &ResourceData) -> String {
    match data {
        ResourceData::Organizations(list) => list[0].id.to_string(),
        other => panic!("organizations expected, got {other:?}"),
    }
}

#[tokio::test]
async fn a_second_start_shows_the_cached_list_while_the_server_is_slow_then_the_fresh_one() {
    let Warmed {
        stand,
        file,
        actor: first,
        organizations: list,
        _dir,
    } = warmed().await;
    let fetched_by_then = SystemTime::now();
    first.close().await;

    stand
        .handle
        .faults()
        .slow("organizations", Duration::from_millis(2000));
    let mut second = actor(&stand.handle, &file, false);
    fetch(&second, 1, Resource::Organizations);
    // First, before the stand-in (held back 2 s) answers: the fresh list comes after.
    match next_event(&mut second.events).await {
        ApiEvent::Cached {
            id: 1,
            data,
            fetched,
            revalidating: true,
            ..
        } => {
            assert_eq!(*data, list, "the first start's list");
            assert!(fetched <= fetched_by_then);
        }
        other => panic!("expected the cached copy first, got {other:?}"),
    }
    assert_eq!(loaded(&mut second).await, list, "then revalidated");
    stand.handle.faults().clear();
    second.close().await;
}

#[tokio::test]
async fn offline_answers_from_the_cache_sends_nothing_and_refuses_writes() {
    let warm = warmed().await;
    let (stand, file) = (&warm.stand, &warm.file);
    let org = first_org(&warm.organizations);
    warm.actor.close().await;

    let before = stand.handle.request_count();
    let mut offline = actor(&stand.handle, file, true);
    fetch(&offline, 1, Resource::Organizations);
    assert!(matches!(
        next_event(&mut offline.events).await,
        ApiEvent::Cached {
            revalidating: false,
            ..
        }
    ));
    fetch(&offline, 2, Resource::Users { org: org.clone() });
    match next_event(&mut offline.events).await {
        ApiEvent::LoadFailed { id: 2, error, .. } => {
            assert_eq!(error, ApiError::Offline);
            assert!(error.to_string().contains("not cached: offline"), "{error}");
        }
        other => panic!("expected a miss, got {other:?}"),
    }
    let write = Mutation::DeleteUser {
        org,
        user: "someone".into(),
    };
    offline
        .requests
        .send(ApiRequest::Mutate {
            id: 3,
            mutation: Box::new(write),
        })
        .unwrap();
    assert!(matches!(
        next_event(&mut offline.events).await,
        ApiEvent::Mutated {
            result: Err(ApiError::ReadOnly),
            ..
        }
    ));
    // The raw view's body is read from the server only: offline it is not sent either.
    let raw = Resource::Organization {
        org: first_org(&warm.organizations),
    };
    offline
        .requests
        .send(ApiRequest::FetchRaw {
            id: 4,
            resource: raw,
        })
        .unwrap();
    assert!(matches!(
        next_event(&mut offline.events).await,
        ApiEvent::Raw {
            id: 4,
            body: Err(ApiError::Offline)
        }
    ));
    assert_eq!(stand.handle.request_count(), before, "nothing was sent");
    offline.close().await;
}

#[tokio::test]
async fn the_cache_file_holds_no_password_secret_or_token_after_a_sign_in_and_a_user_create() {
    let Warmed {
        stand,
        file,
        mut actor,
        organizations,
        _dir,
    } = warmed().await;
    let org = first_org(&organizations);
    let users = Resource::Users { org: org.clone() };
    fetch(&actor, 2, users.clone());
    loaded(&mut actor).await;
    let password = "Very-Secret-Passw0rd-4711!";
    let create = Mutation::CreateUser {
        org: org.clone(),
        input: Box::new(UserInput {
            username: "cache.check@example.com".into(),
            first_name: "Cache".into(),
            last_name: "Check".into(),
            display_name: "Cache Check".into(),
            email: "cache.check@example.com".into(),
            password: Some(Secret::new(password)),
            ..Default::default()
        }),
    };
    let mutation = Box::new(create);
    actor
        .requests
        .send(ApiRequest::Mutate { id: 3, mutation })
        .unwrap();
    match next_event(&mut actor.events).await {
        ApiEvent::Mutated { result, .. } => assert!(result.is_ok(), "{result:?}"),
        other => panic!("expected the write, got {other:?}"),
    }
    fetch(&actor, 4, users);
    let ResourceData::Users(list) = loaded(&mut actor).await else {
        panic!("users")
    };
    assert!(list.iter().any(|u| u.username == "cache.check@example.com"));
    actor.close().await;
    assert!(count_requests(&stand.handle, "token") > 0, "signed in");

    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(file.parent().unwrap()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("cache.check@example.com"),
        "the data is there"
    );
    let demo = stand.handle.credentials();
    for secret in [
        password,
        demo.password.as_str(),
        demo.client_secret.as_str(),
        "access_token",
        "Bearer",
    ] {
        assert!(!text.contains(secret), "the cache holds {secret}");
    }
}

fn metal_actor(metal: &Metal, file: &Path) -> ActorChannels {
    let base = format!("{}/metal/v1", metal.handle.base_url());
    let config = MetalConfig::new(&base, Secret::new(metal.account(MAIN).token), "test");
    let provider = Arc::new(Connected::Metal(Arc::new(
        MetalClient::new(config).unwrap(),
    )));
    let options = ActorOptions {
        disk: Some(DiskCache::open(file).unwrap()),
        ..ActorOptions::new(DEFAULT_FRESH_FOR)
    };
    spawn_actor_with(provider, options)
}

/// The answer after the pages a paged read sends on its way.
async fn loaded_after_pages(actor: &mut ActorChannels) -> ResourceData {
    loop {
        match next_event(&mut actor.events).await {
            ApiEvent::Page { .. } => {}
            ApiEvent::Loaded {
                data, stale: false, ..
            } => return data.as_ref().clone(),
            other => panic!("expected a fresh load, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_second_start_over_metal_shows_the_cached_hierarchy_and_node_while_the_server_is_slow() {
    let metal = metal_support::start(Seed::Demo).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cache.sqlite3");
    let mut first = metal_actor(&metal, &file);
    fetch(&first, 1, Resource::Hierarchy);
    let hierarchy = loaded_after_pages(&mut first).await;
    let ResourceData::Hierarchy(nodes) = &hierarchy else {
        panic!("a hierarchy expected, got {hierarchy:?}")
    };
    let project = nodes
        .iter()
        .find(|node| node.kind == NodeKind::Project)
        .expect("the demo has projects");
    let node = Resource::Node {
        id: project.id.clone(),
    };
    fetch(&first, 2, node.clone());
    let detail = loaded_after_pages(&mut first).await;
    assert!(
        matches!(&detail, ResourceData::Node(n) if !n.extra.is_empty()),
        "a node read by id has its provider's fields: {detail:?}"
    );
    first.close().await;

    metal
        .handle
        .faults()
        .slow("/metal/v1/", Duration::from_millis(2000));
    let mut second = metal_actor(&metal, &file);
    for (id, resource, kept) in [(1, Resource::Hierarchy, &hierarchy), (2, node, &detail)] {
        // First, before the stand-in (held back 2 s) answers.
        fetch(&second, id, resource.clone());
        match next_event(&mut second.events).await {
            ApiEvent::Cached {
                id: cached_id,
                data,
                revalidating: true,
                ..
            } => {
                assert_eq!(cached_id, id);
                assert_eq!(
                    *data, *kept,
                    "the first start's {resource:?}, labels and all"
                );
            }
            other => panic!("expected the cached {resource:?} first, got {other:?}"),
        }
    }
    metal.handle.faults().clear();
    second.close().await;
}
