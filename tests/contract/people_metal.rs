//! The people of Metal's hierarchy through the `Provider` seam and the API actor, against the
//! Metal stand-in over real HTTP: a project's members with their roles (page by page), an
//! organization's own members, an organization's pending invitations with the projects they
//! name, an empty list, a node nobody has (404), a list the caller may not see (403), nulls
//! and unknown fields (from the fake), and the providers or kinds without people refusing.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tenantdeck::api::{
    ApiError, ApiEvent, ApiRequest, Provider, Resource, ResourceData, spawn_actor,
};
use tenantdeck::domain::hierarchy::{Capability, NodeKind};
use tenantdeck::domain::people::{Invitation, Member};
use tenantdeck::providers::Connected;
use tenantdeck::providers::metal::{MetalClient, MetalConfig};
use tenantdeck::sandbox::Seed;
use tenantdeck::secret::Secret;

use crate::metal_support::{
    MAIN, MAIN_IS_COLLABORATOR, Metal, PRIYA, SAMS_PROJECT_INVITATION, TOMAS, fake, id_of, start,
};
use crate::support::next_event;

/// No such node, shaped like the stand-in's ids.
const NOBODY: &str = "00000000-0000-4000-8000-000000000000";

fn as_user(metal: &Metal, first: &str, per_page: u32) -> Arc<Connected> {
    let base = format!("{}/metal/v1", metal.handle.base_url());
    let mut config = MetalConfig::new(&base, Secret::new(metal.account(first).token), "test");
    config.per_page = per_page;
    Arc::new(Connected::Metal(Arc::new(
        MetalClient::new(config).unwrap(),
    )))
}

fn members_of(node: &str, kind: NodeKind) -> Resource {
    Resource::Members {
        node: node.to_string(),
        kind,
    }
}

fn invitations_of(org: &str) -> Resource {
    Resource::Invitations {
        node: org.to_string(),
        kind: NodeKind::Organization,
    }
}

/// Reads `resource` through a new actor: how many pages arrived before the whole, and the
/// whole.
async fn through_actor(provider: Arc<Connected>, resource: Resource) -> (usize, ResourceData) {
    let mut actor = spawn_actor(provider, Duration::from_secs(30));
    actor
        .requests
        .send(ApiRequest::Fetch { id: 1, resource })
        .unwrap();
    let mut pages = 0;
    loop {
        match next_event(&mut actor.events).await {
            ApiEvent::Page { .. } => pages += 1,
            ApiEvent::Loaded { data, .. } => return (pages, data.as_ref().clone()),
            other => panic!("{other:?}"),
        }
    }
}

fn members(data: ResourceData) -> Vec<Member> {
    match data {
        ResourceData::Members(members) => members,
        other => panic!("{other:?}"),
    }
}

fn invitations(data: ResourceData) -> Vec<Invitation> {
    match data {
        ResourceData::Invitations(invitations) => invitations,
        other => panic!("{other:?}"),
    }
}

/// (membership id, user e-mail, roles) of each item, from the server's own answer.
fn expected_members(memberships: &[Value]) -> BTreeSet<(String, String, Vec<String>)> {
    memberships
        .iter()
        .map(|m| {
            let roles = serde_json::from_value(m["roles"].clone()).unwrap();
            let email = m["user"]["email"].as_str().unwrap().to_string();
            (m["id"].as_str().unwrap().to_string(), email, roles)
        })
        .collect()
}

fn got_members(members: &[Member]) -> BTreeSet<(String, String, Vec<String>)> {
    members
        .iter()
        .map(|m| (m.id.clone(), m.person.email.clone(), m.roles.clone()))
        .collect()
}

#[tokio::test]
async fn a_project_s_members_arrive_page_by_page_with_their_roles() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.org_named(SAMS_PROJECT_INVITATION).await;
    // The project with the most members.
    let mut biggest = (String::new(), Vec::new());
    for project in org["projects"].as_array().unwrap() {
        let project = id_of(project);
        let path = format!("/projects/{project}/memberships?include=user&per_page=1000");
        let listed = api.all(&path, "memberships").await;
        if listed.len() > biggest.1.len() {
            biggest = (project, listed);
        }
    }
    let (project, listed) = biggest;
    assert!(
        listed.len() >= 2,
        "a project with several members: {listed:?}"
    );

    let provider = as_user(&metal, MAIN, 1);
    assert!(provider.capabilities().has(Capability::Members));
    let (pages, data) = through_actor(provider, members_of(&project, NodeKind::Project)).await;
    let members = members(data);
    assert_eq!(pages, listed.len(), "one member a page, each handed over");
    assert_eq!(got_members(&members), expected_members(&listed));
    let main = metal.account(MAIN);
    let morgan = members
        .iter()
        .find(|m| m.person.id == main.user_id)
        .expect("the main user is a member");
    assert_eq!(
        morgan.roles,
        ["admin"],
        "the seed makes the owner a project admin"
    );
    assert_eq!(morgan.person.name, main.full_name);
    // The detail pane's fields of the member's user and of the membership, as the API has them.
    let user = api.ok("/user").await;
    let line = |label: &str| {
        morgan
            .extra
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(line("Short id").as_deref(), user["short_id"].as_str());
    assert_eq!(line("Timezone").as_deref(), user["timezone"].as_str());
    assert_eq!(line("Phone").as_deref(), user["phone_number"].as_str());
    assert_eq!(
        line("Last login").as_deref(),
        user["last_login_at"].as_str()
    );
    assert_eq!(line("User link").as_deref(), user["href"].as_str());
    assert_eq!(
        line("Link"),
        Some(format!("/metal/v1/memberships/{}", morgan.id))
    );
    for member in &members {
        assert_eq!(member.container, project);
        assert!(
            !member.roles.is_empty() && member.created.is_some(),
            "{member:?}"
        );
        assert!(!member.person.label().is_empty(), "{member:?}");
    }
}

#[tokio::test]
async fn an_organization_s_own_members_and_pending_invitations_are_read() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let org = api.org_named(SAMS_PROJECT_INVITATION).await;
    let org_id = org["id"].as_str().unwrap().to_string();
    let provider = as_user(&metal, MAIN, 1);

    let expanded = api
        .ok(&format!("/organizations/{org_id}?include=memberships.user"))
        .await;
    let listed = expanded["memberships"].as_array().unwrap().clone();
    let got = members(
        provider
            .read(&members_of(&org_id, NodeKind::Organization))
            .await
            .unwrap()
            .data,
    );
    assert_eq!(got_members(&got), expected_members(&listed));
    let roles_of = |first: &str| {
        let email = metal.account(first).email;
        got.iter()
            .find(|m| m.person.email == email)
            .map(|m| m.roles.clone())
            .unwrap_or_else(|| panic!("{email} in {got:?}"))
    };
    // The seed's company organization has all its staff, each in their role.
    assert_eq!(roles_of(MAIN), ["owner"]);
    assert_eq!(roles_of(PRIYA), ["admin"]);
    assert_eq!(roles_of(TOMAS), ["collaborator"]);
    assert!(got.iter().all(|m| m.container == org_id));

    // One more, sent now; each invitation's projects are projects of the organization.
    let project = id_of(&org["projects"][1]);
    let (status, sent) = api
        .post(
            &format!("/organizations/{org_id}/invitations"),
            &json!({"invitee": "lena.new@example.org", "roles": ["billing", "admin"],
                    "projects_ids": [project]}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::CREATED, "{sent}");
    let (pages, data) = through_actor(provider, invitations_of(&org_id)).await;
    let pending = invitations(data);
    assert!(pages >= 3, "one a page: {pages}");
    let lena = pending
        .iter()
        .find(|i| i.invitee == "lena.new@example.org")
        .expect("the new invitation");
    assert_eq!(lena.id, sent["id"].as_str().unwrap());
    assert_eq!(lena.roles, ["billing", "admin"]);
    assert_eq!(lena.containers, [org_id.clone(), project]);
    let inviter = lena.inviter.as_ref().expect("who sent it");
    assert_eq!(inviter.name, metal.account(MAIN).full_name);
    let sams = pending
        .iter()
        .find(|i| i.invitee == "sam.okafor@example.com")
        .expect("the seed's invitation for Sam");
    assert_eq!(sams.also_for().len(), 2, "{sams:?}");
    let projects: Vec<String> = org["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    for invitation in &pending {
        assert_eq!(invitation.containers[0], org_id);
        assert!(invitation.also_for().iter().all(|p| projects.contains(p)));
        assert!(invitation.created.is_some() && invitation.expires.is_none());
    }
}

#[tokio::test]
async fn no_invitations_an_unknown_node_and_a_list_one_may_not_see() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let fresh = api.create_org("Nobody Invited Yet").await;
    let fresh = fresh["id"].as_str().unwrap();
    let provider = as_user(&metal, MAIN, 10);
    let (pages, data) = through_actor(provider.clone(), invitations_of(fresh)).await;
    assert_eq!(
        (pages, invitations(data)),
        (1, Vec::new()),
        "one empty page"
    );
    let only_owner = members(
        provider
            .read(&members_of(fresh, NodeKind::Organization))
            .await
            .unwrap()
            .data,
    );
    assert_eq!(only_owner.len(), 1);
    assert_eq!(only_owner[0].roles, ["owner"], "its maker owns it");

    for resource in [
        members_of(NOBODY, NodeKind::Project),
        members_of(NOBODY, NodeKind::Organization),
        invitations_of(NOBODY),
    ] {
        let refused = provider.read(&resource).await;
        assert!(
            matches!(refused, Err(ApiError::NotFound)),
            "{resource:?}: {refused:?}"
        );
    }

    // A collaborator sees the members, not the invitations (owners and admins only).
    let org = api.org_named(MAIN_IS_COLLABORATOR).await;
    let org_id = org["id"].as_str().unwrap();
    assert!(
        provider
            .read(&members_of(org_id, NodeKind::Organization))
            .await
            .is_ok()
    );
    let refused = provider.read(&invitations_of(org_id)).await;
    assert!(matches!(refused, Err(ApiError::Forbidden)), "{refused:?}");
}

#[tokio::test]
async fn nulls_and_unknown_fields_in_a_member_do_not_break_the_list() {
    let base = fake(HashMap::from([
        (
            "/metal/v1/projects/p1/memberships",
            json!({"memberships": [
                {"id": "m1", "roles": null, "created_at": null, "brand_new": {"x": [1]},
                 "user": {"id": "u1", "full_name": null, "first_name": "Ana", "last_name": null,
                          "email": "ana@example.com", "phone_number": null, "surprise": true},
                 "project": null},
                {"id": "m2", "roles": ["admin", null], "user": null},
                {"id": {"not": "an id"}},
                {"id": "m3", "roles": ["collaborator"], "user": {"href": "/metal/v1/users/u3"}}
            ], "meta": null}),
        ),
        (
            "/metal/v1/organizations/o1/invitations",
            json!({"invitations": [
                {"id": "i1", "invitee": "x@example.com", "nonce": null, "roles": null,
                 "invited_by": null, "projects": [null], "organization": null, "later": 1}
            ]}),
        ),
    ]))
    .await;
    let client = MetalClient::new(MetalConfig::new(&base, Secret::new("t"), "fake")).unwrap();
    let read = client
        .read(&members_of("p1", NodeKind::Project))
        .await
        .unwrap();
    assert_eq!(
        read.skipped, 1,
        "the row without an id is left out and counted"
    );
    let got = members(read.data);
    let ids: Vec<&str> = got.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2", "m3"]);
    assert_eq!(got[0].person.name, "Ana");
    assert!(got[0].roles.is_empty() && got[0].created.is_none());
    assert_eq!(
        got[0].container, "p1",
        "a null project is the one asked for"
    );
    assert_eq!(got[1].roles, ["admin"], "a null role is no role");
    assert_eq!(got[1].person.label(), "", "a null user is nobody known");
    assert_eq!(got[2].person.label(), "u3", "an unexpanded user is its id");

    let pending = invitations(client.read(&invitations_of("o1")).await.unwrap().data);
    assert_eq!(pending.len(), 1);
    assert_eq!(
        pending[0].containers,
        ["o1"],
        "the empty references are dropped"
    );
    assert!(pending[0].inviter.is_none() && pending[0].roles.is_empty());
}

#[tokio::test]
async fn a_project_s_invitations_and_other_providers_people_are_refused_as_unsupported() {
    let metal = start(Seed::Empty).await;
    let provider = as_user(&metal, MAIN, 10);
    let project = Resource::Invitations {
        node: NOBODY.into(),
        kind: NodeKind::Project,
    };
    let before = metal.handle.request_log().len();
    let refused = provider.read(&project).await;
    assert!(
        matches!(refused, Err(ApiError::Unsupported(_))),
        "{refused:?}"
    );
    assert_eq!(metal.handle.request_log().len(), before, "nothing was sent");

    let cloudmore = crate::support::stand_in().await;
    let cloudmore = Connected::Cloudmore(crate::support::client(&cloudmore.handle));
    let pulse = crate::pulse_support::start(Seed::Empty).await;
    let config = tenantdeck::demo::pulse_config(&pulse.handle, Duration::from_secs(30));
    let pulse = Connected::Pulse(Arc::new(
        tenantdeck::providers::pulse::PulseClient::new(config).unwrap(),
    ));
    for provider in [cloudmore, pulse] {
        assert!(!provider.capabilities().has(Capability::Members));
        for resource in [
            members_of("o1", NodeKind::Organization),
            invitations_of("o1"),
        ] {
            let refused = provider.read(&resource).await;
            assert!(
                matches!(refused, Err(ApiError::Unsupported(_))),
                "{resource:?}: {refused:?}"
            );
        }
    }
}
