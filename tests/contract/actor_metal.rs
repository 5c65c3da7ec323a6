//! The API actor over the Metal client and its stand-in, as the console browses Metal: the
//! hierarchy is the user's organizations with their projects below them, arriving page by
//! page; a node read by id is an organization or a project with every field for the detail
//! pane; writes are not offered yet and are refused as unsupported; `findProjectById`
//! answers members of the project's organization only.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use tenantdeck::api::{
    ApiError, ApiEvent, ApiRequest, Mutation, NodeChange, Provider, Resource, ResourceData,
    spawn_actor,
};
use tenantdeck::providers::Connected;
use tenantdeck::providers::metal::{MetalClient, MetalConfig};
use tenantdeck::sandbox::Seed;
use tenantdeck::secret::Secret;

use crate::metal_support::{MAIN, Metal, SAM, start};
use crate::support::next_event;

fn connected(metal: &Metal, per_page: u32) -> Connected {
    let base = format!("{}/metal/v1", metal.handle.base_url());
    let mut config = MetalConfig::new(&base, Secret::new(metal.account(MAIN).token), "test");
    config.per_page = per_page;
    Connected::Metal(Arc::new(MetalClient::new(config).unwrap()))
}

#[tokio::test]
async fn organizations_come_with_their_projects_below_them_page_by_page() {
    let metal = start(Seed::Demo).await;
    let provider = Arc::new(connected(&metal, 10));
    let capabilities = provider.capabilities();
    use tenantdeck::domain::hierarchy::Capability;
    assert!(capabilities.has(Capability::EditHierarchy));
    assert!(
        !capabilities.has(Capability::MoveOrganizations)
            && !capabilities.has(Capability::NodeStatus),
        "Metal has no parent change and no status"
    );
    let mut actor = spawn_actor(provider, Duration::from_secs(30));
    actor
        .requests
        .send(ApiRequest::Fetch {
            id: 1,
            resource: Resource::Hierarchy,
        })
        .unwrap();
    let mut pages = 0;
    let nodes = loop {
        match next_event(&mut actor.events).await {
            ApiEvent::Page { .. } => pages += 1,
            ApiEvent::Loaded { data, .. } => match data.as_ref() {
                ResourceData::Hierarchy(nodes) => break nodes.clone(),
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    };
    let organizations: Vec<_> = nodes.iter().filter(|n| n.parent.is_none()).collect();
    assert!(organizations.len() >= 25, "{}", organizations.len());
    assert!(pages >= 3, "28 organizations, 10 a page: {pages}");
    let projects: Vec<_> = nodes.iter().filter(|n| n.parent.is_some()).collect();
    assert!(!projects.is_empty());
    for project in &projects {
        let parent = project.parent.as_deref().unwrap();
        assert!(organizations.iter().any(|o| o.id == parent), "{parent}");
        assert!(project.extra.contains(&("Kind", "project".to_string())));
    }

    // One of each by id: every field for the detail pane.
    let org = organizations
        .iter()
        .find(|o| {
            projects
                .iter()
                .any(|p| p.parent.as_deref() == Some(o.id.as_str()))
        })
        .unwrap();
    for (id, kind) in [(&org.id, "organization"), (&projects[0].id, "project")] {
        actor
            .requests
            .send(ApiRequest::Fetch {
                id: 2,
                resource: Resource::Node { id: id.clone() },
            })
            .unwrap();
        match next_event(&mut actor.events).await {
            ApiEvent::Loaded { data, .. } => match data.as_ref() {
                ResourceData::Node(node) => {
                    assert_eq!(&node.id, id);
                    assert!(node.extra.contains(&("Kind", kind.to_string())), "{node:?}");
                    assert!(node.created.is_some(), "dates read: {node:?}");
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    }

    let refused = connected(&metal, 10)
        .mutate(&Mutation::Node(NodeChange::Move {
            id: org.id.clone(),
            name: org.name.clone(),
            parent: projects[0].id.clone(),
            version: None,
        }))
        .await;
    assert!(
        matches!(refused, Err(ApiError::Unsupported(_))),
        "{refused:?}"
    );

    // findProjectById: a stranger to the organization gets 404, as for its organization.
    let (status, body) = metal
        .as_user(MAIN)
        .get(&format!("/projects/{}", projects[0].id))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], projects[0].id.as_str());
    let (status, _) = metal
        .as_user(SAM)
        .get(&format!("/projects/{}", projects[0].id))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
