//! The API actor over the Metal client and its stand-in, as the console browses Metal: the
//! hierarchy is the user's organizations with their projects below them, arriving page by
//! page; a node read by id is an organization or a project with every field of the spec's
//! model for the detail pane; a move is refused as unsupported; `findProjectById`
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
        assert!(
            project
                .extra
                .contains(&("Kind".into(), "project".to_string()))
        );
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
                    assert!(
                        node.extra.contains(&("Kind".into(), kind.to_string())),
                        "{node:?}"
                    );
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

/// The detail pane's line `label` of `node`, if it has one.
fn line<'n>(node: &'n tenantdeck::domain::hierarchy::OrgNode, label: &str) -> Option<&'n str> {
    node.extra
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, value)| value.as_str())
}

#[tokio::test]
async fn a_node_read_by_id_carries_every_field_of_the_spec_s_model() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let address = |street: &str, country: &str| {
        serde_json::json!({"address": street, "address2": "Floor 2", "city": "Oslo",
            "state": "Oslo", "zip_code": "0150", "country": country})
    };
    let (status, org) = api
        .post(
            "/organizations",
            &serde_json::json!({
                "name": "Every Field AS", "description": "All of it",
                "website": "https://every.example", "twitter": "@every",
                "logo": "https://every.example/logo.png",
                "address": address("Karl Johans gate 1", "NO"),
                "billing_address": address("Postboks 9", "SE"),
                "enforce_2fa_at": "2026-01-02T03:04:05Z",
                "customdata": {"crm_id": "C-1"},
            }),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{org}");
    let org_id = org["id"].as_str().unwrap().to_string();
    let (status, project) = api
        .post(
            &format!("/organizations/{org_id}/projects"),
            &serde_json::json!({"name": "Render", "tags": ["gpu", "eu"],
                "customdata": {"team": "vfx"},
                "payment_method_id": "3c2a7b8e-1f0d-4e5a-9b6c-7d8e9f0a1b2c"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{project}");
    let project_id = project["id"].as_str().unwrap().to_string();
    let (status, body) = api
        .put(
            &format!("/projects/{project_id}"),
            &serde_json::json!({"backend_transfer_enabled": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let provider = connected(&metal, 10);
    let node = |id: String| {
        let provider = &provider;
        async move {
            match provider.fetch(&Resource::Node { id }).await.unwrap() {
                ResourceData::Node(node) => node,
                other => panic!("{other:?}"),
            }
        }
    };
    let org = node(org_id.clone()).await;
    for (label, value) in [
        ("Kind", "organization".to_string()),
        ("Description", "All of it".into()),
        ("Website", "https://every.example".into()),
        ("Twitter", "@every".into()),
        ("Logo", "https://every.example/logo.png".into()),
        (
            "Address",
            "Karl Johans gate 1, Floor 2, 0150, Oslo, Oslo, NO".into(),
        ),
        (
            "Billing address",
            "Postboks 9, Floor 2, 0150, Oslo, Oslo, SE".into(),
        ),
        ("2FA from", "2026-01-02T03:04:05Z".into()),
        ("Credit", "0.00".into()),
        ("Terms", "0".into()),
        ("Custom data", r#"{"crm_id":"C-1"}"#.into()),
        ("Projects", "1".into()),
        ("Members", "1".into()),
        ("Link", format!("/metal/v1/organizations/{org_id}")),
    ] {
        assert_eq!(line(&org, label), Some(value.as_str()), "{label}: {org:?}");
    }
    assert!(org.created.is_some() && org.updated.is_some(), "{org:?}");

    let project = node(project_id.clone()).await;
    assert_eq!(project.parent.as_deref(), Some(org_id.as_str()));
    for (label, value) in [
        ("Kind", "project".to_string()),
        ("Type", "default".into()),
        ("Tags", "gpu, eu".into()),
        ("Backend transfer", "enabled".into()),
        ("Custom data", r#"{"team":"vfx"}"#.into()),
        (
            "Payment method",
            "/metal/v1/payment-methods/3c2a7b8e-1f0d-4e5a-9b6c-7d8e9f0a1b2c".into(),
        ),
        ("Members", "1".into()),
        ("Link", format!("/metal/v1/projects/{project_id}")),
    ] {
        assert_eq!(
            line(&project, label),
            Some(value.as_str()),
            "{label}: {project:?}"
        );
    }

    // A bare organization draws no empty lines for what it lacks.
    let bare = api.create_org("Bare Org").await;
    let bare = node(bare["id"].as_str().unwrap().to_string()).await;
    for label in [
        "Description",
        "Logo",
        "Address",
        "Billing address",
        "2FA from",
        "Custom data",
    ] {
        assert_eq!(line(&bare, label), None, "{label}: {bare:?}");
    }
}
