//! Writes to Metal's people through the `Provider` seam, against the Metal stand-in over real
//! HTTP: an invite (its id is the answer; a second is refused; the check after a lost answer
//! finds it), a revoke, a change of roles, a removal, the last owner kept, and the providers
//! without people writes refusing them before anything is sent.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use tenantdeck::api::{ApiError, Mutation, PeopleChange, Provider, Resource, ResourceData};
use tenantdeck::bulk::verify::{Check, check};
use tenantdeck::domain::hierarchy::{Capability, NodeKind};
use tenantdeck::domain::people::{Invitation, Member};
use tenantdeck::providers::Connected;
use tenantdeck::providers::metal::{MetalClient, MetalConfig};
use tenantdeck::sandbox::Seed;
use tenantdeck::secret::Secret;

use crate::metal_support::{MAIN, Metal, SAMS_PROJECT_INVITATION, TOMAS, id_of, start};

fn as_user(metal: &Metal, first: &str) -> Connected {
    let base = format!("{}/metal/v1", metal.handle.base_url());
    let config = MetalConfig::new(&base, Secret::new(metal.account(first).token), "test");
    Connected::Metal(Arc::new(MetalClient::new(config).unwrap()))
}

fn people(change: PeopleChange) -> Mutation {
    Mutation::People(change)
}

async fn members(provider: &Connected, node: &str, kind: NodeKind) -> Vec<Member> {
    let resource = Resource::Members {
        node: node.into(),
        kind,
    };
    match provider.fetch(&resource).await.unwrap() {
        ResourceData::Members(list) => list,
        other => panic!("{other:?}"),
    }
}

async fn pending(provider: &Connected, org: &str) -> Vec<Invitation> {
    let resource = Resource::Invitations {
        node: org.into(),
        kind: NodeKind::Organization,
    };
    match provider.fetch(&resource).await.unwrap() {
        ResourceData::Invitations(list) => list,
        other => panic!("{other:?}"),
    }
}

fn business(result: Result<Option<String>, ApiError>, needle: &str) {
    match result {
        Err(ApiError::Business(errors)) => assert!(
            errors.iter().any(|e| e.error_message.contains(needle)),
            "{errors:?}"
        ),
        other => panic!("expected a refusal with {needle:?}: {other:?}"),
    }
}

/// Brightline Hosting: its id and its projects' ids.
async fn brightline(metal: &Metal) -> (String, Vec<String>) {
    let org = metal.as_user(MAIN).org_named(SAMS_PROJECT_INVITATION).await;
    let projects = org["projects"].as_array().unwrap().iter().map(id_of);
    (org["id"].as_str().unwrap().into(), projects.collect())
}

#[tokio::test]
async fn an_invite_answers_its_id_is_found_after_a_lost_answer_and_is_revoked() {
    let metal = start(Seed::Demo).await;
    let provider = as_user(&metal, MAIN);
    assert!(provider.capabilities().has(Capability::EditMembers));
    let (org, projects) = brightline(&metal).await;
    let invite = people(PeopleChange::Invite {
        organization: org.clone(),
        email: "Lena.New@example.org".into(),
        roles: vec!["billing".into(), "collaborator".into()],
        projects: vec![projects[0].clone()],
        place: SAMS_PROJECT_INVITATION.into(),
    });
    assert_eq!(
        check(&provider, &invite).await.unwrap(),
        Check::NotApplied,
        "not sent yet"
    );
    let id = provider.mutate(&invite).await.unwrap().expect("its id");
    let sent = pending(&provider, &org).await;
    let made = sent.iter().find(|i| i.id == id).expect("listed");
    assert_eq!(made.invitee, "Lena.New@example.org");
    assert_eq!(made.roles, ["billing", "collaborator"]);
    assert_eq!(made.containers, [org.clone(), projects[0].clone()]);

    // Not idempotent: a second is refused, so a lost answer is checked, not sent again.
    assert!(!invite.is_idempotent());
    business(provider.mutate(&invite).await, "already");
    assert_eq!(
        check(&provider, &invite).await.unwrap(),
        Check::Applied {
            created: Some(id.clone())
        }
    );

    let revoke = people(PeopleChange::Revoke {
        organization: org.clone(),
        invitation: id.clone(),
        email: "Lena.New@example.org".into(),
        place: SAMS_PROJECT_INVITATION.into(),
    });
    assert_eq!(check(&provider, &revoke).await.unwrap(), Check::NotApplied);
    assert_eq!(provider.mutate(&revoke).await.unwrap(), None);
    assert!(pending(&provider, &org).await.iter().all(|i| i.id != id));
    assert_eq!(
        check(&provider, &revoke).await.unwrap(),
        Check::Applied { created: None }
    );
    assert_eq!(provider.mutate(&revoke).await, Err(ApiError::NotFound));
}

#[tokio::test]
async fn a_member_s_roles_change_and_a_member_is_removed_with_their_projects() {
    let metal = start(Seed::Demo).await;
    let provider = as_user(&metal, MAIN);
    let (org, _) = brightline(&metal).await;
    let email = metal.account(TOMAS).email;
    let tomas = members(&provider, &org, NodeKind::Organization)
        .await
        .into_iter()
        .find(|m| m.person.email == email)
        .expect("Tomas is a member");
    let set = people(PeopleChange::SetRoles {
        node: org.clone(),
        kind: NodeKind::Organization,
        member: tomas.id.clone(),
        roles: vec!["billing".into(), "admin".into()],
        before: tomas.roles.clone(),
        person: tomas.person.name.clone(),
        place: SAMS_PROJECT_INVITATION.into(),
    });
    assert!(set.is_idempotent());
    assert_eq!(check(&provider, &set).await.unwrap(), Check::SafeToResend);
    assert_eq!(provider.mutate(&set).await.unwrap(), None);
    let now = members(&provider, &org, NodeKind::Organization).await;
    let roles = now
        .iter()
        .find(|m| m.id == tomas.id)
        .map(|m| m.roles.clone());
    assert_eq!(roles.unwrap(), ["billing", "admin"]);
    let refused = people(PeopleChange::SetRoles {
        node: org.clone(),
        kind: NodeKind::Organization,
        member: tomas.id.clone(),
        roles: vec!["superuser".into()],
        before: vec![],
        person: tomas.person.name.clone(),
        place: SAMS_PROJECT_INVITATION.into(),
    });
    assert!(matches!(
        provider.mutate(&refused).await,
        Err(ApiError::Business(_) | ApiError::Fields(_))
    ));

    let remove = people(PeopleChange::Remove {
        node: org.clone(),
        kind: NodeKind::Organization,
        member: tomas.id.clone(),
        person: tomas.person.name.clone(),
        place: SAMS_PROJECT_INVITATION.into(),
    });
    assert_eq!(check(&provider, &remove).await.unwrap(), Check::NotApplied);
    provider.mutate(&remove).await.unwrap();
    let left = members(&provider, &org, NodeKind::Organization).await;
    assert!(left.iter().all(|m| m.id != tomas.id));
    assert_eq!(
        check(&provider, &remove).await.unwrap(),
        Check::Applied { created: None }
    );
    // Leaving the organization ended his project memberships too (the stand-in's rule, and
    // why a removal outdates every project's members).
    let api = metal.as_user(MAIN);
    let org_json = api
        .ok(&format!("/organizations/{org}?include=projects"))
        .await;
    for project in org_json["projects"].as_array().unwrap() {
        let id = project["id"].as_str().unwrap();
        let listed = members(&provider, id, NodeKind::Project).await;
        assert!(listed.iter().all(|m| m.person.email != email), "{id}");
    }
}

#[tokio::test]
async fn the_last_owner_is_neither_removed_nor_demoted() {
    let metal = start(Seed::Demo).await;
    let provider = as_user(&metal, MAIN);
    let api = metal.as_user(MAIN);
    let made: Value = api.create_org("Solo Works").await;
    let org = made["id"].as_str().unwrap().to_string();
    let own = members(&provider, &org, NodeKind::Organization).await;
    let [owner] = own.as_slice() else {
        panic!("one member: {own:?}")
    };
    let remove = people(PeopleChange::Remove {
        node: org.clone(),
        kind: NodeKind::Organization,
        member: owner.id.clone(),
        person: owner.person.name.clone(),
        place: "Solo Works".into(),
    });
    business(provider.mutate(&remove).await, "last one");
    let demote = people(PeopleChange::SetRoles {
        node: org.clone(),
        kind: NodeKind::Organization,
        member: owner.id.clone(),
        roles: vec!["collaborator".into()],
        before: vec!["owner".into()],
        person: owner.person.name.clone(),
        place: "Solo Works".into(),
    });
    business(provider.mutate(&demote).await, "last one");
    let answer = api.get(&format!("/memberships/{}", owner.id)).await;
    assert_eq!(answer.0, StatusCode::OK, "still there: {answer:?}");
}

#[tokio::test]
async fn providers_without_people_writes_refuse_them_unsent() {
    let change = people(PeopleChange::Revoke {
        organization: "o1".into(),
        invitation: "i1".into(),
        email: "a@example.org".into(),
        place: "A".into(),
    });
    let cloudmore = crate::support::stand_in().await;
    let before = cloudmore.handle.request_log().len();
    let client = Connected::Cloudmore(crate::support::client(&cloudmore.handle));
    let refused = client.mutate(&change).await;
    assert!(
        matches!(refused, Err(ApiError::Unsupported(_))),
        "{refused:?}"
    );
    assert_eq!(cloudmore.handle.request_log().len(), before);
    let pulse = crate::pulse_support::start(Seed::Empty).await;
    let config = tenantdeck::demo::pulse_config(&pulse.handle, Duration::from_secs(30));
    let pulse = Connected::Pulse(Arc::new(
        tenantdeck::providers::pulse::PulseClient::new(config).unwrap(),
    ));
    for provider in [client, pulse] {
        assert!(!provider.capabilities().has(Capability::EditMembers));
        let refused = provider.mutate(&change).await;
        assert!(
            matches!(refused, Err(ApiError::Unsupported(_))),
            "{refused:?}"
        );
    }
}
