//! The Equinix Metal client against the Metal stand-in over real HTTP: `X-Auth-Token` on
//! every call, every page of a large user following `meta.next` with the first handed over
//! first, `include`/`exclude` and the list filters, every organization and project call, each
//! error mapping (the rate-limit budget is in `client_metal_budget.rs`), lenient
//! decoding (from a small fake, for what the stand-in never sends) and the token kept out of
//! logs and errors.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::metal_support::{MAIN, MAIN_IS_COLLABORATOR, Metal, SAMS_PROJECT_INVITATION};
use crate::metal_support::{fake, start, start_with};
use serde_json::json;
use tenantdeck::api::{ApiError, RetryPolicy};
use tenantdeck::providers::metal::{
    Address, Filter, InvitationItem, MetalClient, MetalConfig, OrgQuery, OrganizationInput,
    ProjectInput, View,
};
use tenantdeck::sandbox::Seed;
use tenantdeck::secret::Secret;

pub(super) fn config_as(metal: &Metal, first: &str) -> MetalConfig {
    let base = format!("{}/metal/v1", metal.handle.base_url());
    let mut config = MetalConfig::new(&base, Secret::new(metal.account(first).token), "test");
    config.timeout = Duration::from_secs(10);
    config.retry = RetryPolicy {
        retries: 3,
        base: Duration::from_millis(10),
    };
    config
}

pub(super) fn client_as(metal: &Metal, first: &str) -> MetalClient {
    MetalClient::new(config_as(metal, first)).unwrap()
}

/// A client that never sends a request twice.
pub(super) fn no_retries(metal: &Metal) -> MetalClient {
    MetalClient::new(MetalConfig {
        retry: RetryPolicy {
            retries: 0,
            base: Duration::ZERO,
        },
        ..config_as(metal, MAIN)
    })
    .unwrap()
}

/// How many logged requests start with `prefix` (method and path as sent).
pub(super) fn count(metal: &Metal, prefix: &str) -> usize {
    metal
        .handle
        .request_log()
        .iter()
        .filter(|line| line.starts_with(prefix))
        .count()
}

/// The caller's organization named `name`.
pub(super) async fn org_named(
    client: &MetalClient,
    name: &str,
) -> tenantdeck::providers::metal::Organization {
    client
        .organizations(&OrgQuery::default())
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("an organization named {name}"))
}

#[tokio::test]
async fn every_page_of_a_large_user_arrives_in_order_the_first_before_page_3_is_asked() {
    let metal = start_with(Seed::Empty, |c| c.extra_orgs = 2_500).await;
    let client = client_as(&metal, MAIN);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let handle = &metal.handle;
    let summary = client
        .organizations_by_page(&OrgQuery::default(), |page| {
            let asked_third = handle.request_log().iter().any(|l| l.contains("page=3"));
            seen.lock().unwrap().push((
                page.number,
                page.items.len(),
                asked_third,
                page.total,
                page.last_page,
            ));
        })
        .await
        .unwrap();
    assert_eq!(
        (summary.pages, summary.items, summary.unreadable),
        (3, 2_501, 0)
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen[0],
        (1, 1000, false, 2_501, 3),
        "the first page before the third is asked"
    );
    assert_eq!(seen.iter().map(|p| p.0).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(seen[2].1, 501, "the last partial page");
    let log = metal.handle.request_log();
    let lists: Vec<_> = log
        .iter()
        .filter(|l| l.starts_with("GET /metal/v1/organizations"))
        .collect();
    assert_eq!(lists.len(), 3, "one request per page: {lists:?}");
    assert!(lists[0].contains("per_page=1000"), "{lists:?}");
    let all = client.organizations(&OrgQuery::default()).await.unwrap();
    let ids: HashSet<_> = all.iter().map(|o| o.id.clone()).collect();
    assert_eq!(ids.len(), 2_501);
}

#[tokio::test]
async fn include_and_exclude_expand_references_and_the_filters_reach_the_server() {
    let metal = start(Seed::Demo).await;
    let client = client_as(&metal, MAIN);
    let plain = org_named(&client, SAMS_PROJECT_INVITATION).await;
    assert!(!plain.projects.is_empty());
    assert!(plain.projects.iter().all(|p| p.object().is_none()), "stubs");
    assert!(plain.members.iter().all(|m| !m.id().is_empty()));
    let expanded = client
        .organizations(&OrgQuery {
            view: View::including(&["projects", "members"]),
            ..OrgQuery::default()
        })
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.id == plain.id)
        .unwrap();
    let project = expanded.projects[0].object().expect("an expanded project");
    assert_eq!(project.id, plain.projects[0].id());
    assert!(!project.name.is_empty());
    assert!(
        expanded
            .members
            .iter()
            .all(|m| m.object().is_some_and(|u| u.email.contains('@')))
    );

    let projects = client
        .projects(&plain.id, "", &View::default())
        .await
        .unwrap();
    let whole = projects[0].organization.as_ref().unwrap();
    assert_eq!(
        whole.object().map(|o| o.name.as_str()),
        Some(SAMS_PROJECT_INVITATION),
        "a project's organization is whole by default"
    );
    let folded = View {
        exclude: vec!["organization".into()],
        ..View::default()
    };
    let projects = client.projects(&plain.id, "", &folded).await.unwrap();
    let stub = projects[0].organization.as_ref().unwrap();
    assert!(stub.object().is_none());
    assert_eq!(stub.id(), plain.id);
    let one = client
        .organization(&plain.id, &View::including(&["projects"]))
        .await
        .unwrap();
    assert!(one.projects.iter().all(|p| p.object().is_some()));

    let personal = client
        .organizations(&OrgQuery {
            personal: Some(Filter::Only),
            ..OrgQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(personal.len(), 1);
    let empty = client
        .organizations(&OrgQuery {
            without_projects: Some(Filter::Only),
            ..OrgQuery::default()
        })
        .await
        .unwrap();
    assert!(!empty.is_empty() && empty.iter().all(|o| o.projects.is_empty()));
    let all = client.organizations(&OrgQuery::default()).await.unwrap();
    let teams = client
        .organizations(&OrgQuery {
            personal: Some(Filter::Exclude),
            ..OrgQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(teams.len(), all.len() - 1);
    assert!(
        metal
            .handle
            .request_log()
            .iter()
            .any(|l| l.contains("include=projects%2Cmembers")),
        "include is sent as one comma-separated list"
    );
}

#[tokio::test]
async fn organizations_and_projects_are_created_read_updated_and_deleted() {
    let metal = start(Seed::Empty).await;
    let client = client_as(&metal, MAIN);
    let me = client.current_user().await.unwrap();
    assert_eq!(me.id, metal.account(MAIN).user_id);
    assert_eq!(me.email, metal.account(MAIN).email);
    assert!(!me.default_organization_id.is_empty());

    let address = Address {
        address: "1 Harbour Road".into(),
        city: "Rotterdam".into(),
        zip_code: "3011".into(),
        country: "NL".into(),
        ..Address::default()
    };
    let input = OrganizationInput {
        description: Some("made by the client".into()),
        address: Some(address.clone()),
        ..OrganizationInput::named("Client Made")
    };
    let made = client.create_organization(&input).await.unwrap();
    assert!(!made.id.is_empty());
    assert_eq!(made.name, "Client Made");
    assert_eq!(made.address.as_ref(), Some(&address));
    assert_eq!(made.description, "made by the client");
    assert!(made.enforce_2fa_at.is_none() && made.billing_address.is_none());
    assert!(!made.created_at.is_empty());
    assert_eq!(made.members.len(), 1, "the creator is its owner");
    assert_eq!(count(&metal, "POST /metal/v1/organizations"), 1);
    assert_eq!(
        client
            .organization(&made.id, &View::default())
            .await
            .unwrap(),
        made
    );

    let change = OrganizationInput {
        website: Some("https://client.example".into()),
        enforce_2fa_at: Some("2030-01-01T00:00:00Z".into()),
        billing_address: Some(address.clone()),
        ..OrganizationInput::default()
    };
    let updated = client.update_organization(&made.id, &change).await.unwrap();
    assert_eq!(updated.website, "https://client.example");
    assert!(updated.enforce_2fa_at.is_some());
    assert_eq!(updated.billing_address, Some(address));
    assert_eq!(updated.name, "Client Made", "what is not sent stays");

    let project = client
        .create_project(
            &made.id,
            &ProjectInput {
                name: "Edge".into(),
                tags: vec!["prod".into()],
                ..ProjectInput::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (project.name.as_str(), project.kind.as_str()),
        ("Edge", "default")
    );
    assert_eq!(project.tags, ["prod"]);
    let core = ProjectInput {
        name: "Core".into(),
        ..ProjectInput::default()
    };
    client.create_project(&made.id, &core).await.unwrap();
    let listed = client
        .projects(&made.id, "", &View::default())
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    let named = client
        .projects(&made.id, "edg", &View::default())
        .await
        .unwrap();
    assert_eq!(
        named.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        [project.id.as_str()],
        "filtered by name"
    );

    client.delete_organization(&made.id).await.unwrap();
    assert_eq!(
        client.organization(&made.id, &View::default()).await,
        Err(ApiError::NotFound)
    );
    assert_eq!(
        client.delete_organization(&made.id).await,
        Err(ApiError::NotFound)
    );
}

#[tokio::test]
async fn each_error_maps_onto_the_neutral_errors() {
    let metal = start(Seed::Demo).await;
    let client = client_as(&metal, MAIN);

    let stranger = MetalClient::new(MetalConfig {
        token: Secret::new("0123456789abcdef"),
        ..config_as(&metal, MAIN)
    })
    .unwrap();
    assert_eq!(stranger.current_user().await, Err(ApiError::Unauthorized));
    assert_eq!(count(&metal, "GET /metal/v1/user"), 1, "a 401 is final");

    let theirs = org_named(&client, MAIN_IS_COLLABORATOR).await;
    assert_eq!(
        client.delete_organization(&theirs.id).await,
        Err(ApiError::Forbidden)
    );
    assert_eq!(
        client
            .organization("00000000-0000-0000-0000-000000000000", &View::default())
            .await,
        Err(ApiError::NotFound)
    );

    let blank = OrganizationInput {
        address: Some(Address {
            address: "1 Road".into(),
            ..Address::default()
        }),
        ..OrganizationInput::named(" ")
    };
    let Err(ApiError::Fields(fields)) = client.create_organization(&blank).await else {
        panic!("a 422 naming fields");
    };
    assert_eq!(fields.first("name"), Some("Name can't be blank"));
    let address = &fields.0["address"];
    assert!(
        address.iter().any(|m| m.contains("zip code"))
            && address.iter().any(|m| m.contains("ountry")),
        "{address:?}"
    );

    // The last owner of a personal organization may not give up the role: a rule of the
    // whole organization, not of a field.
    let personal = client
        .organizations(&OrgQuery {
            personal: Some(Filter::Only),
            ..OrgQuery::default()
        })
        .await
        .unwrap()
        .remove(0);
    let own = personal.memberships[0].id().to_string();
    let refused = client
        .update_membership_roles(&own, &["collaborator".to_string()])
        .await;
    let Err(ApiError::Business(errors)) = refused else {
        panic!("{refused:?}");
    };
    assert!(
        errors[0]
            .error_message
            .contains("at least one owner or admin")
    );
    assert_eq!(errors[0].error_code, 422);
    let Err(ApiError::Fields(fields)) = client.update_membership_roles(&own, &[]).await else {
        panic!("no roles names the field");
    };
    assert_eq!(fields.first("role"), Some("Role can't be blank"));

    let path = format!("/metal/v1/organizations/{}", personal.id);
    metal.handle.fail_next(&path, 500, 4);
    let server = client.organization(&personal.id, &View::default()).await;
    assert!(
        matches!(&server, Err(ApiError::Server { status: 500, message }) if message.contains("injected")),
        "{server:?}"
    );
    assert_eq!(
        count(&metal, &format!("GET {path}")),
        4,
        "a read is sent again three times"
    );
    metal.handle.fail_next(&path, 502, 1);
    assert!(matches!(
        client
            .update_organization(&personal.id, &OrganizationInput::default())
            .await,
        Err(ApiError::Server { status: 502, .. })
    ));
    assert_eq!(count(&metal, &format!("PUT {path}")), 1, "a write is not");
    metal.handle.fail_next(&path, 503, 1);
    let unavailable = no_retries(&metal)
        .organization(&personal.id, &View::default())
        .await;
    assert!(
        matches!(
            unavailable,
            Err(ApiError::Throttled {
                status: 503,
                retry_in: Some(_)
            })
        ),
        "{unavailable:?}"
    );
}

#[tokio::test]
async fn nulls_unknown_fields_bad_rows_and_invitations_typed_as_memberships_are_read() {
    let base = fake(HashMap::from([
        (
            "/metal/v1/organizations",
            json!({"organizations": [
                {"id": "o1", "name": null, "description": null, "address": null,
                 "credit_amount": "3.5", "terms": null, "projects": null, "surprise": {"x": 1}},
                {"id": ["not", "an", "id"]},
                {"id": "o2", "name": "Two", "projects": [{"href": "/metal/v1/projects/p1"}]}
            ], "meta": {"total": 3, "current_page": 1, "last_page": 1, "next": null}}),
        ),
        (
            "/metal/v1/organizations/o1/invitations",
            json!({"invitations": [
                {"id": "m1", "roles": ["collaborator"], "user": {"href": "/metal/v1/users/u1"},
                 "project": null},
                {"id": "i1", "invitee": "x@example.com", "nonce": null, "roles": null}
            ]}),
        ),
        (
            "/metal/v1/user",
            json!({"id": 42, "email": "a@example.com", "max_projects": "7", "emails": null}),
        ),
    ]))
    .await;
    let client = MetalClient::new(MetalConfig::new(&base, Secret::new("t"), "fake")).unwrap();
    let mut pages = Vec::new();
    client
        .organizations_by_page(&OrgQuery::default(), |page| pages.push(page))
        .await
        .unwrap();
    assert_eq!(pages.len(), 1, "no next: the read ends");
    assert_eq!(
        pages[0].unreadable, 1,
        "the bad row is left out and counted"
    );
    let orgs = &pages[0].items;
    assert_eq!(
        (orgs[0].name.as_str(), orgs[0].credit_amount),
        ("", Some(3.5))
    );
    assert!(orgs[0].projects.is_empty() && orgs[0].address.is_none());
    assert_eq!(orgs[1].projects[0].id(), "p1");

    let items = client.invitations("o1", &View::default()).await.unwrap();
    let InvitationItem::Membership(membership) = &items[0] else {
        panic!("the spec's shape: {items:?}");
    };
    assert_eq!(membership.user.as_ref().unwrap().id(), "u1");
    let invitation = items[1].invitation().expect("an invitation");
    assert_eq!(invitation.invitee, "x@example.com");
    assert!(invitation.roles.is_empty());

    let me = client.current_user().await.unwrap();
    assert_eq!((me.id.as_str(), me.max_projects), ("42", Some(7)));
}

/// Collects every log line written while it is the default subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_token_is_never_in_logs_or_errors() {
    let metal = start(Seed::Demo).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);

    let token = metal.account(MAIN).token;
    let client = client_as(&metal, MAIN);
    let mut seen = vec![format!("{:?}", client.config())];
    client.current_user().await.unwrap();
    let org = org_named(&client, SAMS_PROJECT_INVITATION).await;
    metal.handle.fail_next("/metal/v1/organizations/", 500, 4);
    seen.push(format!(
        "{:?}",
        client.organization(&org.id, &View::default()).await
    ));
    let wrong = "wrong-token-0123456789";
    let refused = MetalClient::new(MetalConfig {
        token: Secret::new(wrong),
        ..config_as(&metal, MAIN)
    })
    .unwrap()
    .current_user()
    .await
    .unwrap_err();
    seen.push(format!("{refused:?} {refused}"));
    let unreachable = MetalClient::new(MetalConfig {
        base_url: "http://127.0.0.1:9/metal/v1".into(),
        ..config_as(&metal, MAIN)
    })
    .unwrap()
    .current_user()
    .await
    .unwrap_err();
    seen.push(format!("{unreachable:?} {unreachable}"));

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // That the capture works; which lines it holds depends on tracing's per-callsite cache,
    // which tests running at once on other threads share.
    assert!(logs.contains("127.0.0.1"), "requests were logged: {logs}");
    for text in seen.iter().chain([&logs]) {
        assert!(!text.contains(&token), "{text}");
        assert!(!text.contains(wrong), "{text}");
    }
    assert!(
        metal
            .handle
            .request_log()
            .iter()
            .all(|l| !l.contains(&token)),
        "nor in the URL"
    );
}
