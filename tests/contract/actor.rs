//! The API actor against the stand-in over real HTTP: cache hits make no request, concurrent
//! reads share one, mutations drop exactly the keys they touch.

use std::time::Duration;

use tenantdeck::api::{ApiEvent, ApiRequest, Mutation, Resource, ResourceData, spawn_actor};
use tenantdeck::domain::{OrganizationInput, User};

use crate::support;
use crate::support::{count_requests, next_event, stand_in};

fn fetch(id: u64, resource: Resource) -> ApiRequest {
    ApiRequest::Fetch { id, resource }
}

async fn loaded(
    events: &mut tokio::sync::mpsc::UnboundedReceiver<ApiEvent>,
) -> (u64, Resource, bool, std::sync::Arc<ResourceData>) {
    match next_event(events).await {
        ApiEvent::Loaded {
            id,
            resource,
            data,
            stale,
            ..
        } => (id, resource, stale, data),
        other => panic!("expected Loaded, got {other:?}"),
    }
}

fn org_ids(data: &ResourceData) -> Vec<String> {
    let ResourceData::Organizations(orgs) = data else {
        panic!("expected organizations");
    };
    orgs.iter().map(|o| o.id.to_string()).collect()
}

#[tokio::test]
async fn a_revisit_within_the_freshness_window_makes_no_request() {
    let stand = stand_in().await;
    let mut actor = spawn_actor(support::client(&stand.handle), Duration::from_secs(60));
    actor
        .requests
        .send(fetch(1, Resource::Organizations))
        .unwrap();
    let (id, _, stale, first) = loaded(&mut actor.events).await;
    assert_eq!((id, stale), (1, false));
    let before = stand.handle.request_count();

    actor
        .requests
        .send(fetch(2, Resource::Organizations))
        .unwrap();
    let (id, _, stale, again) = loaded(&mut actor.events).await;
    assert_eq!((id, stale), (2, false));
    assert_eq!(stand.handle.request_count(), before, "served from cache");
    assert_eq!(first, again);
}

#[tokio::test]
async fn two_concurrent_identical_requests_make_one_call() {
    let stand = stand_in().await;
    let mut actor = spawn_actor(support::client(&stand.handle), Duration::from_secs(60));
    actor
        .requests
        .send(fetch(1, Resource::Organizations))
        .unwrap();
    let (_, _, _, orgs) = loaded(&mut actor.events).await;
    let org = org_ids(&orgs)[0].clone();

    let users = Resource::Users { org: org.clone() };
    actor.requests.send(fetch(2, users.clone())).unwrap();
    actor.requests.send(fetch(3, users.clone())).unwrap();
    let mut ids = vec![
        loaded(&mut actor.events).await.0,
        loaded(&mut actor.events).await.0,
    ];
    ids.sort();
    assert_eq!(ids, vec![2, 3]);
    assert_eq!(
        count_requests(
            &stand.handle,
            &format!(
                "GET /api/resellers/{}/organizations/{org}/users",
                stand.handle.credentials().reseller_id
            )
        ),
        1
    );
}

#[tokio::test]
async fn a_mutation_invalidates_exactly_what_it_touches() {
    let stand = stand_in().await;
    let mut actor = spawn_actor(support::client(&stand.handle), Duration::from_secs(600));
    actor
        .requests
        .send(fetch(1, Resource::Organizations))
        .unwrap();
    let (_, _, _, orgs) = loaded(&mut actor.events).await;
    let ids = org_ids(&orgs);
    let (a, b) = (ids[0].clone(), ids[1].clone());
    let mut records = Vec::new();
    for (n, org) in [(2, &a), (3, &b)] {
        actor
            .requests
            .send(fetch(n, Resource::Organization { org: org.clone() }))
            .unwrap();
        records.push(loaded(&mut actor.events).await.3);
    }
    let ResourceData::Organization(record) = &*records[0] else {
        panic!("expected an organization");
    };
    let mut input = OrganizationInput::from(record);
    input.name = format!("{} (renamed)", record.name);
    actor
        .requests
        .send(ApiRequest::Mutate {
            id: 5,
            mutation: Box::new(Mutation::UpdateOrganization {
                org: a.clone(),
                input: Box::new(input),
            }),
        })
        .unwrap();
    match next_event(&mut actor.events).await {
        ApiEvent::Mutated {
            id: 5,
            result: Ok(_),
            ..
        } => {}
        other => panic!("expected a successful mutation, got {other:?}"),
    }

    let before = stand.handle.request_count();
    actor
        .requests
        .send(fetch(6, Resource::Organization { org: b.clone() }))
        .unwrap();
    loaded(&mut actor.events).await;
    assert_eq!(
        stand.handle.request_count(),
        before,
        "the other organization stays cached"
    );

    actor
        .requests
        .send(fetch(7, Resource::Organization { org: a.clone() }))
        .unwrap();
    let (_, _, _, fresh) = loaded(&mut actor.events).await;
    let ResourceData::Organization(fresh) = &*fresh else {
        panic!()
    };
    assert!(fresh.name.ends_with("(renamed)"));
    actor
        .requests
        .send(fetch(8, Resource::Organizations))
        .unwrap();
    loaded(&mut actor.events).await;
    assert_eq!(
        stand.handle.request_count(),
        before + 2,
        "the edited organization and the list were refetched"
    );
}

#[tokio::test]
async fn stale_entries_answer_at_once_then_revalidate() {
    let stand = stand_in().await;
    let mut actor = spawn_actor(support::client(&stand.handle), Duration::ZERO);
    actor
        .requests
        .send(fetch(1, Resource::ResellerRoles))
        .unwrap();
    loaded(&mut actor.events).await;
    actor
        .requests
        .send(fetch(2, Resource::ResellerRoles))
        .unwrap();
    let (id, _, stale, _) = loaded(&mut actor.events).await;
    assert_eq!((id, stale), (2, true));
    let (id, _, stale, _) = loaded(&mut actor.events).await;
    assert_eq!((id, stale), (2, false));
    assert_eq!(count_requests(&stand.handle, "/resellerroles"), 2);
}

#[tokio::test]
async fn failures_reach_every_waiter() {
    let stand = stand_in().await;
    let mut actor = spawn_actor(support::client(&stand.handle), Duration::from_secs(60));
    let missing = Resource::Organization {
        org: "00000000-0000-0000-0000-000000000000".into(),
    };
    actor.requests.send(fetch(1, missing.clone())).unwrap();
    match next_event(&mut actor.events).await {
        ApiEvent::LoadFailed { id: 1, error, .. } => {
            assert_eq!(error, tenantdeck::api::ApiError::NotFound)
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[tokio::test]
async fn the_users_of_one_organization_are_gathered_from_the_same_cached_lists() {
    let stand = stand_in().await;
    let client = support::client(&stand.handle);
    let read = |resource: Resource| {
        let client = client.clone();
        async move { client.fetch(&resource).await.unwrap() }
    };
    let ResourceData::Organizations(orgs) = read(Resource::Organizations).await else {
        panic!("organizations");
    };
    // An organization with three users or more and subscriptions; what each user has, read
    // by the client alone.
    let mut found = None;
    for org in orgs {
        let ResourceData::Users(users) = read(Resource::Users {
            org: org.id.to_string(),
        })
        .await
        else {
            panic!("users");
        };
        let ResourceData::OrgServices(services) = read(Resource::OrgServices {
            org: org.id.to_string(),
        })
        .await
        else {
            panic!("services");
        };
        let mut parts = 1;
        for service in &services {
            let subscriptions = Resource::Subscriptions {
                org: org.id.to_string(),
                service: service.id.clone(),
            };
            if let ResourceData::Subscriptions(list) = read(subscriptions).await {
                parts += 1 + list.len();
            }
        }
        if users.len() >= 3 && parts > 1 + services.len() {
            found = Some((org.id.to_string(), users, parts));
            break;
        }
    }
    let (org, users, parts) = found.expect("the demo data has such an organization");
    let assignments = |user: &User| Resource::UserAssignments {
        org: org.clone(),
        user: user.id.clone(),
    };
    let mut expected = Vec::new();
    for user in &users[..3] {
        expected.push(read(assignments(user)).await);
    }

    let mut actor = spawn_actor(client.clone(), Duration::from_secs(60));
    let before = stand.handle.request_count();
    actor
        .requests
        .send(fetch(1, assignments(&users[0])))
        .unwrap();
    actor
        .requests
        .send(fetch(2, assignments(&users[1])))
        .unwrap();
    let mut got = [
        loaded(&mut actor.events).await,
        loaded(&mut actor.events).await,
    ];
    got.sort_by_key(|(id, ..)| *id);
    assert_eq!(*got[0].3, expected[0]);
    assert_eq!(*got[1].3, expected[1]);
    assert_eq!(
        stand.handle.request_count() - before,
        parts as u64,
        "two users at once share one read of each list"
    );

    actor
        .requests
        .send(fetch(3, assignments(&users[2])))
        .unwrap();
    assert_eq!(*loaded(&mut actor.events).await.3, expected[2]);
    assert_eq!(
        stand.handle.request_count() - before,
        parts as u64,
        "the next user costs no request"
    );

    let refresh = ApiRequest::Refresh {
        id: 4,
        resource: assignments(&users[0]),
    };
    actor.requests.send(refresh).unwrap();
    assert_eq!(*loaded(&mut actor.events).await.3, expected[0]);
    assert_eq!(
        stand.handle.request_count() - before,
        2 * parts as u64,
        "a refresh reads the lists again"
    );
}
