//! The API actor over the Pulse client and its stand-in: the hierarchy arrives as numbered
//! pages before the whole list, a node is read by id, a neutral write reaches the server and
//! outdates what it touches, and a Cloudmore noun is refused as unsupported.

use std::sync::Arc;
use std::time::Duration;

use tenantdeck::api::spawn_actor;
use tenantdeck::api::{
    ApiError, ApiEvent, ApiRequest, Mutation, NodeChange, Resource, ResourceData,
};
use tenantdeck::providers::Connected;
use tenantdeck::providers::pulse::PulseClient;
use tenantdeck::sandbox::Seed;

use crate::pulse_support::start_with;
use crate::support::next_event;

fn client(stand: &crate::pulse_support::Pulse, page_size: u32) -> Connected {
    let mut config = tenantdeck::demo::pulse_config(&stand.handle, Duration::from_secs(30));
    config.page_size = page_size;
    Connected::Pulse(Arc::new(PulseClient::new(config).unwrap()))
}

#[tokio::test]
async fn the_hierarchy_arrives_page_by_page_before_the_whole_list() {
    let stand = start_with(Seed::Demo, |c| c.extra_orgs = 1_000).await;
    let mut actor = spawn_actor(Arc::new(client(&stand, 100)), Duration::from_secs(30));
    actor
        .requests
        .send(ApiRequest::Fetch {
            id: 7,
            resource: Resource::Hierarchy,
        })
        .unwrap();
    let (mut numbers, mut rows) = (Vec::new(), 0);
    let whole = loop {
        match next_event(&mut actor.events).await {
            ApiEvent::Page {
                id, number, data, ..
            } => {
                assert_eq!(id, 7);
                numbers.push(number);
                let ResourceData::Hierarchy(nodes) = data.as_ref() else {
                    panic!("{data:?}");
                };
                rows += nodes.len();
            }
            ApiEvent::Loaded { data, .. } => break data,
            other => panic!("{other:?}"),
        }
    };
    let ResourceData::Hierarchy(all) = whole.as_ref() else {
        panic!("{whole:?}");
    };
    assert!(all.len() > 1_000, "{}", all.len());
    assert_eq!(rows, all.len(), "the pages hold the whole list");
    let expected: Vec<usize> = (1..=all.len().div_ceil(100)).collect();
    assert_eq!(numbers, expected, "numbered in order");
    assert!(
        all.iter().filter(|n| n.parent.is_none()).count() >= 3,
        "root tenants"
    );
}

#[tokio::test]
async fn a_node_write_reaches_the_server_and_a_cloudmore_noun_is_refused() {
    let stand = start_with(Seed::Demo, |_| {}).await;
    let mut actor = spawn_actor(Arc::new(client(&stand, 1000)), Duration::from_secs(30));
    let read = |id, resource| ApiRequest::Fetch { id, resource };
    actor.requests.send(read(1, Resource::Hierarchy)).unwrap();
    let nodes = loop {
        if let ApiEvent::Loaded { data, .. } = next_event(&mut actor.events).await {
            match data.as_ref() {
                ResourceData::Hierarchy(nodes) => break nodes.clone(),
                other => panic!("{other:?}"),
            }
        }
    };
    let root = nodes.iter().find(|n| n.parent.is_none()).unwrap();

    let create = Mutation::Node(NodeChange::Create {
        kind: tenantdeck::domain::hierarchy::NodeKind::Organization,
        profile: None,
        parent: Some(root.id.clone()),
        name: "Depot 9".into(),
        active: true,
    });
    actor
        .requests
        .send(ApiRequest::Mutate {
            id: 2,
            mutation: Box::new(create),
        })
        .unwrap();
    let created = match next_event(&mut actor.events).await {
        ApiEvent::Mutated { result, .. } => result.unwrap().expect("the new id"),
        other => panic!("{other:?}"),
    };
    actor
        .requests
        .send(read(
            3,
            Resource::Node {
                id: created.clone(),
            },
        ))
        .unwrap();
    match next_event(&mut actor.events).await {
        ApiEvent::Loaded { data, .. } => match data.as_ref() {
            ResourceData::Node(node) => {
                assert_eq!(node.name, "Depot 9");
                assert_eq!(node.parent.as_deref(), Some(root.id.as_str()));
                assert_eq!(node.version.as_deref(), Some("1"));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }

    actor
        .requests
        .send(read(4, Resource::Organizations))
        .unwrap();
    match next_event(&mut actor.events).await {
        ApiEvent::LoadFailed { error, .. } => {
            assert!(matches!(error, ApiError::Unsupported(_)), "{error}")
        }
        other => panic!("{other:?}"),
    }
}
