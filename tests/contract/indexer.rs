//! The background indexer against the stand-in, through the actor and its disk cache: it
//! reads each organization's users, services and their subscriptions and the
//! administrators; keeps them on disk, not in memory; a second walk reads from the disk what
//! an earlier one read; it waits while a bulk run goes; it keeps to its rate; offline it
//! indexes what the disk holds and sends nothing.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tenantdeck::api::disk_cache::DiskCache;
use tenantdeck::api::indexer::{IndexOrder, IndexProgress, IndexSettings, IndexedLists};
use tenantdeck::api::{
    ActorChannels, ActorOptions, ApiEvent, ApiRequest, DEFAULT_FRESH_FOR, Resource, ResourceData,
    spawn_actor_with,
};

use tenantdeck::domain::OrganizationSummary;

use crate::support::{self, client, count_requests, next_event};

fn actor(
    stand: &tenantdeck::sandbox::SandboxHandle,
    file: &Path,
    rate: u32,
    offline: bool,
) -> ActorChannels {
    let options = ActorOptions {
        disk: Some(DiskCache::open(file).unwrap()),
        offline,
        index: IndexSettings {
            rate,
            ..IndexSettings::default()
        },
        ..ActorOptions::new(DEFAULT_FRESH_FOR)
    };
    spawn_actor_with(client(stand), options)
}

/// The ids of the stand-in's first `n` organizations, as the actor reads them.
async fn first_orgs(actor: &mut ActorChannels, n: usize) -> Vec<String> {
    let resource = Resource::Organizations;
    let request = ApiRequest::Fetch { id: 1, resource };
    actor.requests.send(request).unwrap();
    loop {
        if let ApiEvent::Loaded { data, .. } = next_event(&mut actor.events).await
            && let ResourceData::Organizations(orgs) = data.as_ref()
        {
            return orgs.iter().take(n).map(|o| o.id.to_string()).collect();
        }
    }
}

/// The order the console gives when its organization list (these) arrives.
fn walk(orgs: &[String]) -> ApiRequest {
    let summary = |id: &String| OrganizationSummary {
        id: id.into(),
        ..Default::default()
    };
    let root = ResourceData::Organizations(orgs.iter().map(summary).collect());
    ApiRequest::Index(IndexOrder::Walk {
        root: Arc::new(root),
        members: false,
    })
}

/// A stand-in, a cache file, an actor over both indexing at `rate`, and the ids of the
/// stand-in's first `n` organizations.
struct Setup {
    stand: support::Sandbox,
    file: std::path::PathBuf,
    actor: ActorChannels,
    orgs: Vec<String>,
    _dir: tempfile::TempDir,
}

async fn setup(n: usize, rate: u32) -> Setup {
    let stand = support::stand_in().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("c.sqlite3");
    let mut actor = actor(&stand.handle, &file, rate, false);
    let orgs = first_orgs(&mut actor, n).await;
    Setup {
        stand,
        file,
        actor,
        orgs,
        _dir: dir,
    }
}

/// Every list the walk delivered and its last progress, once it says it is over.
async fn to_the_end(actor: &mut ActorChannels) -> (Vec<IndexedLists>, IndexProgress) {
    let mut delivered = Vec::new();
    loop {
        let event = tokio::time::timeout(Duration::from_secs(30), actor.events.recv())
            .await
            .expect("the walk ends within 30 s")
            .expect("the actor runs");
        if let ApiEvent::Indexed { lists, progress } = event {
            delivered.extend(lists);
            if progress.finished || progress.stopped.is_some() {
                return (delivered, progress);
            }
        }
    }
}

fn lists_of<'a>(delivered: &'a [IndexedLists], org: &str) -> Vec<&'a Resource> {
    (delivered.iter())
        .filter(|l| l.owner.as_deref() == Some(org))
        .flat_map(|l| l.lists.iter().map(|(r, _)| r))
        .collect()
}

#[tokio::test]
async fn the_indexer_reads_each_organizations_users_services_their_subscriptions_and_who_is_assigned()
 {
    let mut s = setup(4, 100).await;
    s.actor.requests.send(walk(&s.orgs)).unwrap();
    let (delivered, progress) = to_the_end(&mut s.actor).await;
    assert_eq!((progress.indexed, progress.of, progress.failed), (4, 4, 0));
    let shared: Vec<_> = delivered.iter().filter(|l| l.owner.is_none()).collect();
    assert!(
        matches!(shared[0].lists[0].0, Resource::Administrators),
        "the administrators are read once, owned by no organization"
    );
    let mut subscriptions = 0;
    for org in &s.orgs {
        let lists = lists_of(&delivered, org);
        assert!(lists.contains(&&Resource::Users { org: org.clone() }));
        let owned = delivered.iter().find(|l| l.owner.as_ref() == Some(org));
        let services = owned
            .unwrap()
            .lists
            .iter()
            .find_map(|(_, d)| match d.as_ref() {
                ResourceData::OrgServices(v) => Some(v.clone()),
                _ => None,
            });
        for service in services.expect("its services were read") {
            let wanted = Resource::Subscriptions {
                org: org.clone(),
                service: service.id.clone(),
            };
            assert!(lists.contains(&&wanted), "each service's subscriptions");
            let read = owned.unwrap().lists.iter().find(|(r, _)| *r == wanted);
            let Some((_, read)) = read else { continue };
            let ResourceData::Subscriptions(read) = read.as_ref() else {
                panic!("subscriptions read as {read:?}")
            };
            for subscription in read {
                let assigned = Resource::SubscriptionUsers {
                    org: org.clone(),
                    service: service.id.clone(),
                    subscription: subscription.id.clone(),
                };
                assert!(lists.contains(&&assigned), "who is assigned to each");
                subscriptions += 1;
            }
        }
    }
    assert!(
        subscriptions > 0,
        "the demo's first organizations have subscriptions"
    );
    // Kept on disk, not in memory: a screen asking for one of the lists is shown the disk's
    // copy first (memory would have answered with a fresh load).
    let users = Resource::Users {
        org: s.orgs[0].clone(),
    };
    let request = ApiRequest::Fetch {
        id: 9,
        resource: users,
    };
    s.actor.requests.send(request).unwrap();
    match next_event(&mut s.actor.events).await {
        ApiEvent::Cached { id: 9, .. } => {}
        other => panic!("the disk's copy first, got {other:?}"),
    }
}

#[tokio::test]
async fn a_walk_after_a_restart_reads_from_the_disk_what_the_last_one_read_and_sends_only_the_rest()
{
    let mut s = setup(6, 100).await;
    s.actor.requests.send(walk(&s.orgs[..3])).unwrap();
    let (_, progress) = to_the_end(&mut s.actor).await;
    assert_eq!(progress.indexed, 3);
    s.actor.close().await;
    let users_read = |org: &str| count_requests(&s.stand.handle, &format!("{org}/users"));
    let before: Vec<usize> = s.orgs.iter().map(|o| users_read(o)).collect();
    assert_eq!(
        before,
        [1, 1, 1, 0, 0, 0],
        "the first walk read the first three"
    );

    let mut second = actor(&s.stand.handle, &s.file, 100, false);
    second.requests.send(walk(&s.orgs)).unwrap();
    let (delivered, progress) = to_the_end(&mut second).await;
    assert_eq!((progress.indexed, progress.of), (6, 6));
    let after: Vec<usize> = s.orgs.iter().map(|o| users_read(o)).collect();
    assert_eq!(
        after,
        [1, 1, 1, 1, 1, 1],
        "the second walk read only the organizations the first did not reach"
    );
    for org in &s.orgs {
        let users = Resource::Users { org: org.clone() };
        assert!(lists_of(&delivered, org).contains(&&users), "{org} indexed");
    }
}

#[tokio::test]
async fn the_indexer_waits_while_a_bulk_run_goes() {
    let mut s = setup(2, 100).await;
    let pause = |on| ApiRequest::Index(IndexOrder::Pause(on));
    s.actor.requests.send(pause(true)).unwrap();
    s.actor.requests.send(walk(&s.orgs)).unwrap();
    let paused = loop {
        if let ApiEvent::Indexed { progress, .. } = next_event(&mut s.actor.events).await {
            break progress;
        }
    };
    assert!(paused.paused, "it says it waits: {paused:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(count_requests(&s.stand.handle, "/users"), 0, "nothing sent");
    s.actor.requests.send(pause(false)).unwrap();
    let (_, progress) = to_the_end(&mut s.actor).await;
    assert_eq!(progress.indexed, 2);
    assert!(!progress.paused);
}

#[tokio::test]
async fn the_indexer_keeps_to_its_rate() {
    let rate = 20;
    let mut s = setup(2, rate).await;
    let started = Instant::now();
    s.actor.requests.send(walk(&s.orgs)).unwrap();
    let (delivered, _) = to_the_end(&mut s.actor).await;
    let took = started.elapsed();
    let reads: usize = delivered.iter().map(|l| l.lists.len()).sum();
    // Each read after the first waits its turn: a lower bound, whatever the machine's speed.
    let least = Duration::from_secs(1) * (reads as u32 - 1) / rate;
    assert!(
        took >= least,
        "{reads} reads at {rate}/s took {took:?}, less than {least:?}"
    );
}

#[tokio::test]
async fn offline_the_indexer_indexes_what_the_disk_holds_and_sends_nothing_even_of_an_older_file() {
    let mut s = setup(4, 100).await;
    s.actor.requests.send(walk(&s.orgs[..2])).unwrap();
    to_the_end(&mut s.actor).await;
    s.actor.close().await;
    let sent = s.stand.handle.request_count();
    // A file from before the index read who is assigned to each subscription.
    let file = rusqlite::Connection::open(&s.file).unwrap();
    let older = "DELETE FROM entries WHERE key LIKE '{\"SubscriptionUsers\"%'";
    assert!(
        file.execute(older, []).unwrap() > 0,
        "the walk had read some"
    );
    drop(file);

    let mut offline = actor(&s.stand.handle, &s.file, 100, true);
    offline.requests.send(walk(&s.orgs)).unwrap();
    let (delivered, progress) = to_the_end(&mut offline).await;
    assert_eq!(
        s.stand.handle.request_count(),
        sent,
        "offline sends nothing"
    );
    assert_eq!((progress.indexed, progress.failed), (2, 2));
    let first = lists_of(&delivered, &s.orgs[0]);
    let users = Resource::Users {
        org: s.orgs[0].clone(),
    };
    assert!(
        first.contains(&&users),
        "what the disk holds of it is indexed"
    );
    let assigned = |r: &&Resource| matches!(r, Resource::SubscriptionUsers { .. });
    assert!(!first.iter().any(assigned));
    assert!(lists_of(&delivered, &s.orgs[3]).is_empty());
}

#[tokio::test]
async fn after_a_write_the_indexer_reads_the_owners_lists_again_from_the_server() {
    use tenantdeck::api::Mutation;
    use tenantdeck::domain::UserInput;
    let mut s = setup(2, 100).await;
    s.actor.requests.send(walk(&s.orgs)).unwrap();
    let (delivered, _) = to_the_end(&mut s.actor).await;
    let org = s.orgs[0].clone();
    let user = delivered
        .iter()
        .filter(|l| l.owner.as_ref() == Some(&org))
        .flat_map(|l| &l.lists)
        .find_map(|(_, data)| match data.as_ref() {
            ResourceData::Users(users) => users.first().cloned(),
            _ => None,
        })
        .expect("a user of the first organization");
    // The console renames them: the write's success drops their list from the disk too.
    let input = UserInput {
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        display_name: "Renamed By Test".into(),
        email: user.email.clone(),
        role_id: user.role_id,
        ..Default::default()
    };
    let rename = Mutation::UpdateUser {
        org: org.clone(),
        user: user.id.clone(),
        input: Box::new(input),
    };
    let mutation = Box::new(rename);
    s.actor
        .requests
        .send(ApiRequest::Mutate { id: 7, mutation })
        .unwrap();
    loop {
        if let ApiEvent::Mutated { id: 7, result, .. } = next_event(&mut s.actor.events).await {
            result.expect("renamed");
            break;
        }
    }
    // Reads of the list only (the write itself is a PUT to a user's own path).
    let list = format!("{org}/users").to_lowercase();
    let users_read = || {
        let log = s.stand.handle.request_log();
        let path = |l: &String| l.split('?').next().unwrap_or_default().to_lowercase();
        let reads = log
            .iter()
            .filter(|l| l.starts_with("GET ") && path(l).ends_with(&list));
        reads.count()
    };
    assert_eq!(users_read(), 1);
    let again = ApiRequest::Index(IndexOrder::Reread(org.clone()));
    s.actor.requests.send(again).unwrap();
    let lists = loop {
        if let ApiEvent::Indexed { lists, .. } = next_event(&mut s.actor.events).await
            && let Some(lists) = lists.into_iter().find(|l| l.owner.as_ref() == Some(&org))
        {
            break lists;
        }
    };
    assert_eq!(
        users_read(),
        2,
        "read from the server, not the disk's old copy"
    );
    let renamed = lists.lists.iter().any(|(_, data)| match data.as_ref() {
        ResourceData::Users(users) => users.iter().any(|u| u.display_name == "Renamed By Test"),
        _ => false,
    });
    assert!(renamed, "the new name is what the index gets");
}

#[tokio::test]
async fn a_throttling_or_failing_server_slows_the_walk_and_the_next_walk_fills_the_gap() {
    let mut s = setup(3, 100).await;
    // The first organization's users: two 429s (each with Retry-After: 1), then answered.
    s.stand
        .handle
        .fail_next(&format!("{}/users", s.orgs[0]), 429, 2);
    // The second's: gone (deleted since the list was read), so it is missed this walk.
    s.stand
        .handle
        .fail_next(&format!("{}/users", s.orgs[1]), 404, 1);
    let started = Instant::now();
    s.actor.requests.send(walk(&s.orgs)).unwrap();
    let (delivered, progress) = to_the_end(&mut s.actor).await;
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "both Retry-After waits were kept: {:?}",
        started.elapsed()
    );
    assert_eq!((progress.indexed, progress.failed), (2, 1), "{progress:?}");
    assert!(
        !lists_of(&delivered, &s.orgs[0]).is_empty(),
        "read once let through"
    );
    assert!(lists_of(&delivered, &s.orgs[1]).is_empty());
    // A new walk (the list arriving again) reads only what is missing.
    s.actor.requests.send(walk(&s.orgs)).unwrap();
    let (delivered, progress) = to_the_end(&mut s.actor).await;
    assert_eq!((progress.indexed, progress.failed), (3, 0));
    let owners: Vec<_> = delivered.iter().filter_map(|l| l.owner.clone()).collect();
    assert_eq!(owners, [s.orgs[1].clone()], "only the one missed");
}

#[tokio::test]
async fn a_refused_sign_in_stops_the_walk_and_says_why() {
    let mut s = setup(3, 100).await;
    // The second organization's users: refused, and refused again after signing in anew.
    s.stand
        .handle
        .fail_next(&format!("{}/users", s.orgs[1]), 401, 2);
    s.actor.requests.send(walk(&s.orgs)).unwrap();
    let (delivered, progress) = to_the_end(&mut s.actor).await;
    assert_eq!(
        progress.stopped.as_deref(),
        Some("the server refused the sign-in"),
        "{progress:?}"
    );
    assert!(!progress.finished);
    assert_eq!(progress.indexed, 1, "the first was read before");
    assert!(!lists_of(&delivered, &s.orgs[0]).is_empty());
    let users_read = |org: &str| count_requests(&s.stand.handle, &format!("{org}/users"));
    assert_eq!(
        users_read(&s.orgs[2]),
        0,
        "nothing more is sent once the server refuses the sign-in"
    );
}
