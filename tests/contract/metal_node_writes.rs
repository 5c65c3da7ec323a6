//! Contract: the hierarchy's writes on Metal, over real HTTP. The stand-in's `updateProject`
//! and `deleteProject` (200 and 204, 422 with every problem, 403 for a lesser role, 404 for a
//! stranger or an unknown id); and every `NodeChange` through the `Provider` seam: an
//! organization made as a root with its profile and address, edited (only what differs is
//! sent, so the coordinates the console does not show stay), deleted; a project made in it,
//! renamed, deleted; a 422 about an address filed under the console's key for that part; a
//! 404; and what Metal has no call for refused before anything is sent.

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::api::{ApiError, Mutation, NodeChange, Provider, Resource, ResourceData};
use tenantdeck::domain::hierarchy::{NodeKind, OrgNode};
use tenantdeck::domain::profile::{NodeProfile, PostalAddress};
use tenantdeck::providers::Connected;
use tenantdeck::providers::metal::{MetalClient, MetalConfig};
use tenantdeck::sandbox::Seed;
use tenantdeck::secret::Secret;

use crate::metal_support::{MAIN, MAIN_IS_COLLABORATOR, Metal, SAM, assert_errors, id_of, start};

/// No such node, shaped like the stand-in's ids.
const NOBODY: &str = "00000000-0000-4000-8000-000000000000";

fn provider(metal: &Metal) -> Arc<Connected> {
    let base = format!("{}/metal/v1", metal.handle.base_url());
    let config = MetalConfig::new(&base, Secret::new(metal.account(MAIN).token), "test");
    Arc::new(Connected::Metal(Arc::new(
        MetalClient::new(config).unwrap(),
    )))
}

fn node_change(change: NodeChange) -> Mutation {
    Mutation::Node(change)
}

async fn node(provider: &Connected, id: &str) -> OrgNode {
    let resource = Resource::Node { id: id.to_string() };
    match provider.fetch(&resource).await {
        Ok(ResourceData::Node(node)) => node,
        other => panic!("{other:?}"),
    }
}

fn amsterdam() -> PostalAddress {
    PostalAddress {
        line1: "1 Dam Square".into(),
        line2: "Floor 3".into(),
        city: "Amsterdam".into(),
        state: String::new(),
        postal_code: "1012 JS".into(),
        country: "NL".into(),
    }
}

#[tokio::test]
async fn update_project_renames_it_and_refuses_what_the_spec_refuses() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.org_named("Brightline Hosting").await;
    let project = id_of(&org["projects"][0]);
    let path = format!("/projects/{project}");
    let (status, body) = api
        .put(
            &path,
            &json!({"name": "  CI Runners 2 ", "tags": ["ci"], "backend_transfer_enabled": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["name"].clone(), body["tags"].clone()),
        (json!("CI Runners 2"), json!(["ci"]))
    );
    assert_eq!(body["backend_transfer_enabled"], true);
    assert_eq!(api.ok(&path).await["name"], "CI Runners 2", "kept");
    let (status, body) = api.put(&path, &json!({})).await;
    assert_eq!(
        (status, body["name"].clone()),
        (StatusCode::OK, json!("CI Runners 2")),
        "no body changes nothing"
    );

    let too_long = "x".repeat(81);
    let (status, body) = api
        .put(
            &path,
            &json!({"name": too_long, "payment_method_id": "nope"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["errors"],
        json!([
            "Name is too long (maximum is 80 characters)",
            "Payment method id is not a valid UUID"
        ]),
        "every problem at once"
    );
    assert_errors(
        &api.put(&path, &json!({"name": " "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Name can't be blank",
    );
    assert_errors(
        &api.put(&format!("/projects/{NOBODY}"), &json!({"name": "x"}))
            .await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(
        &metal.as_user(SAM).put(&path, &json!({"name": "x"})).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    let lesser = api.org_named(MAIN_IS_COLLABORATOR).await;
    let theirs = format!("/projects/{}", id_of(&lesser["projects"][0]));
    assert_errors(
        &api.put(&theirs, &json!({"name": "x"})).await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
    assert_errors(
        &api.delete(&theirs).await,
        StatusCode::FORBIDDEN,
        "owner or admin",
    );
}

#[tokio::test]
async fn delete_project_answers_204_and_takes_its_memberships_and_invitation_mentions() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.org_named("Brightline Hosting").await;
    let org_id = org["id"].as_str().unwrap().to_string();
    let project = id_of(&org["projects"][0]);
    let invitations = format!("/organizations/{org_id}/invitations");
    let (status, invitation) = api
        .post(
            &invitations,
            &json!({"invitee": "new.one@example.com", "projects_ids": [project]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invitation}");

    let path = format!("/projects/{project}");
    let (status, body) = api.delete(&path).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    assert_errors(&api.get(&path).await, StatusCode::NOT_FOUND, "not found");
    assert_errors(
        &api.get(&format!("{path}/memberships")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(&api.delete(&path).await, StatusCode::NOT_FOUND, "not found");
    let after = api
        .ok(&format!(
            "/invitations/{}",
            invitation["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(after["projects"], json!([]), "{after}");
    let left = api.ok(&format!("/organizations/{org_id}")).await;
    assert!(
        !left["projects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| id_of(p) == project),
        "{left}"
    );
}

#[tokio::test]
async fn an_organization_with_its_address_and_a_project_are_made_edited_and_deleted() {
    let metal = start(Seed::Demo).await;
    let provider = provider(&metal);
    let api = metal.as_user(MAIN);
    let profile = NodeProfile {
        description: "GPU rendering".into(),
        website: "https://acme.example".into(),
        twitter: "@acme".into(),
        address: Some(amsterdam()),
        billing_address: None,
    };
    let create = NodeChange::Create {
        parent: None,
        kind: NodeKind::Organization,
        name: "Acme Render".into(),
        active: true,
        profile: Some(Box::new(profile.clone())),
    };
    let org = provider
        .mutate(&node_change(create))
        .await
        .expect("created")
        .expect("its id");
    let wire = api.ok(&format!("/organizations/{org}")).await;
    assert_eq!(
        wire["address"],
        json!({"address": "1 Dam Square", "address2": "Floor 3", "city": "Amsterdam",
               "zip_code": "1012 JS", "country": "NL"})
    );
    assert_eq!(wire["twitter"], "@acme");
    let made = node(&provider, &org).await;
    assert_eq!(made.profile.as_deref(), Some(&profile), "read back as sent");

    // Coordinates set by someone else stay through an edit that leaves the address alone.
    let mut with_coordinates = wire["address"].clone();
    with_coordinates["coordinates"] = json!({"latitude": "52.37", "longitude": "4.89"});
    let path = format!("/organizations/{org}");
    let (status, body) = api.put(&path, &json!({"address": with_coordinates})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let edited = NodeProfile {
        description: String::new(),
        website: "https://render.acme.example".into(),
        ..profile.clone()
    };
    let update = NodeChange::Update {
        id: org.clone(),
        kind: NodeKind::Organization,
        name: "Acme Render Farm".into(),
        active: true,
        version: None,
        profile: Some(Box::new(edited.clone())),
    };
    assert_eq!(provider.mutate(&node_change(update)).await, Ok(None));
    let wire = api.ok(&path).await;
    assert_eq!(wire["name"], "Acme Render Farm");
    assert_eq!(wire["website"], "https://render.acme.example");
    assert!(wire.get("description").is_none(), "emptied: cleared {wire}");
    assert_eq!(wire["address"]["coordinates"]["latitude"], "52.37");
    assert_eq!(
        node(&provider, &org).await.profile.as_deref(),
        Some(&edited)
    );

    let project = provider
        .mutate(&node_change(NodeChange::Create {
            parent: Some(org.clone()),
            kind: NodeKind::Project,
            name: "Render Queue".into(),
            active: true,
            profile: None,
        }))
        .await
        .expect("created")
        .expect("its id");
    let below = node(&provider, &project).await;
    assert_eq!(
        (below.kind, below.parent.as_deref()),
        (NodeKind::Project, Some(org.as_str()))
    );
    let rename = NodeChange::Update {
        id: project.clone(),
        kind: NodeKind::Project,
        name: "Render Queue EU".into(),
        active: true,
        version: None,
        profile: None,
    };
    assert_eq!(provider.mutate(&node_change(rename)).await, Ok(None));
    assert_eq!(
        api.ok(&format!("/projects/{project}")).await["name"],
        "Render Queue EU"
    );
    let delete = |id: &str, kind| {
        node_change(NodeChange::Delete {
            id: id.to_string(),
            kind,
            name: String::new(),
        })
    };
    let gone = delete(&project, NodeKind::Project);
    assert_eq!(provider.mutate(&gone).await, Ok(None));
    assert_errors(
        &api.get(&format!("/projects/{project}")).await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_eq!(
        provider.mutate(&gone).await,
        Err(ApiError::NotFound),
        "twice"
    );
    let org_gone = delete(&org, NodeKind::Organization);
    assert_eq!(provider.mutate(&org_gone).await, Ok(None));
    assert_errors(&api.get(&path).await, StatusCode::NOT_FOUND, "not found");
}

#[tokio::test]
async fn refusals_come_back_in_the_console_s_terms() {
    let metal = start(Seed::Demo).await;
    let provider = provider(&metal);
    let bad = NodeProfile {
        address: Some(PostalAddress {
            line1: "1 Road".into(),
            country: "Nowhere".into(),
            ..PostalAddress::default()
        }),
        ..NodeProfile::default()
    };
    let create = NodeChange::Create {
        parent: None,
        kind: NodeKind::Organization,
        name: " ".into(),
        active: true,
        profile: Some(Box::new(bad)),
    };
    let Err(ApiError::Fields(fields)) = provider.mutate(&node_change(create)).await else {
        panic!("a 422 on the fields");
    };
    assert_eq!(fields.first("name"), Some("Name can't be blank"));
    assert_eq!(
        fields.first("address.postal_code"),
        Some("Address zip code can't be blank")
    );
    assert!(
        fields
            .first("address.country")
            .is_some_and(|m| m.contains("ISO 3166")),
        "{fields:?}"
    );

    let unknown = NodeChange::Update {
        id: NOBODY.into(),
        kind: NodeKind::Organization,
        name: "x".into(),
        active: true,
        version: None,
        profile: None,
    };
    assert_eq!(
        provider.mutate(&node_change(unknown)).await,
        Err(ApiError::NotFound)
    );
    let project_of_nobody = NodeChange::Create {
        parent: Some(NOBODY.into()),
        kind: NodeKind::Project,
        name: "x".into(),
        active: true,
        profile: None,
    };
    assert_eq!(
        provider.mutate(&node_change(project_of_nobody)).await,
        Err(ApiError::NotFound)
    );
    let before = metal.handle.request_count();
    let below = NodeChange::Create {
        parent: Some(NOBODY.into()),
        kind: NodeKind::Organization,
        name: "x".into(),
        active: true,
        profile: None,
    };
    let status = NodeChange::SetActive {
        id: NOBODY.into(),
        name: "x".into(),
        active: false,
    };
    for change in [below, status] {
        let refused = provider.mutate(&node_change(change)).await;
        assert!(
            matches!(refused, Err(ApiError::Unsupported(_))),
            "{refused:?}"
        );
    }
    assert_eq!(metal.handle.request_count(), before, "nothing sent");
}
