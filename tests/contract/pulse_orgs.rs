//! Contract: the Pulse IoT Center organization routes over real HTTP: get, create, update
//! with `updateVersion` (conflicts), move (cycles, depth), delete (children) and root tenants
//! with their users, each error in the grpc-gateway shape with its code; and the demo
//! hierarchy with its synthetic organizations.

use crate::pulse_support::{
    Raw, assert_grpc, chain_to_depth, depth, read, root_of, start, start_with, tree,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::sandbox::Seed;

#[tokio::test]
async fn get_returns_every_field_and_create_answers_the_new_id() {
    let pulse = start(Seed::Demo).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let orgs = api.all_orgs().await;
    let tree = tree(&orgs);
    let parent = &chain_to_depth(&tree, 2)[2];
    let (status, created) = api
        .post("/api/organizations", &json!({"name": "  Lisbon Depot ", "parentId": parent, "status": "INACTIVE", "domainName": "ignored"}))
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "200, as grpc-gateway answers a create"
    );
    let id = created["id"].as_str().unwrap();
    assert_eq!(created.as_object().unwrap().len(), 1, "{created}");
    let (status, org) = api.get(&format!("/api/organizations/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(org["name"], "Lisbon Depot");
    assert_eq!(org["parentId"], parent.as_str());
    assert_eq!(org["status"], "INACTIVE");
    assert_eq!(org["updateVersion"], 1);
    assert_eq!(
        org["orgId"],
        chain_to_depth(&tree, 2)[0].as_str(),
        "orgId is the root tenant"
    );
    assert!(org["createdBy"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(org["createdBy"], org["lastUpdatedBy"]);
    let created_ms: i64 = org["createdTime"].as_str().unwrap().parse().unwrap();
    assert!(
        created_ms > 1_700_000_000_000,
        "epoch milliseconds as a string"
    );
    assert_eq!(org["createdTime"], org["lastUpdatedTime"]);
    let (_, defaulted) = api
        .post(
            "/api/organizations",
            &json!({"name": "No status", "parentId": parent}),
        )
        .await;
    let (_, read_back) = api
        .get(&format!(
            "/api/organizations/{}",
            defaulted["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(read_back["status"], "ACTIVE", "an absent status is ACTIVE");

    let missing = api
        .get("/api/organizations/00000000-0000-4000-8000-000000000000")
        .await;
    assert_grpc(&missing, StatusCode::NOT_FOUND, 5, "not found");
}

#[tokio::test]
async fn create_refuses_bad_input_unknown_parents_and_a_fifth_level() {
    let pulse = start(Seed::Demo).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let tree = tree(&api.all_orgs().await);
    let parent = chain_to_depth(&tree, 1)[1].clone();
    let deepest = chain_to_depth(&tree, 4)[4].clone();
    let post = |body: Value| {
        let api = &api;
        async move { api.post("/api/organizations", &body).await }
    };
    let no_name = post(json!({"name": "  ", "parentId": parent})).await;
    assert_grpc(&no_name, StatusCode::BAD_REQUEST, 3, "name is required");
    assert_eq!(
        no_name.1["details"][0]["@type"],
        "type.googleapis.com/google.rpc.BadRequest"
    );
    assert_eq!(
        no_name.1["details"][0]["fieldViolations"][0]["field"],
        "name"
    );
    let long = post(json!({"name": "x".repeat(129), "parentId": parent})).await;
    assert_grpc(&long, StatusCode::BAD_REQUEST, 3, "at most 128");
    let status = post(json!({"name": "A", "parentId": parent, "status": "active"})).await;
    assert_grpc(&status, StatusCode::BAD_REQUEST, 3, "ACTIVE or INACTIVE");
    let orphan = post(json!({"name": "A"})).await;
    assert_grpc(&orphan, StatusCode::BAD_REQUEST, 3, "parentId is required");
    let unknown = post(json!({"name": "A", "parentId": "nope"})).await;
    assert_grpc(&unknown, StatusCode::BAD_REQUEST, 3, "does not exist");
    let too_deep = post(json!({"name": "Fifth level", "parentId": deepest})).await;
    assert_grpc(&too_deep, StatusCode::BAD_REQUEST, 9, "at most 4 levels");
    let malformed = api
        .http
        .post(format!("{}/api/organizations", api.base))
        .bearer_auth(&api.token)
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_grpc(
        &read(malformed).await,
        StatusCode::BAD_REQUEST,
        3,
        "invalid JSON",
    );
    let wrong_type = post(json!({"name": 5, "parentId": parent})).await;
    assert_grpc(&wrong_type, StatusCode::BAD_REQUEST, 3, "invalid JSON");
    let empty = api
        .http
        .post(format!("{}/api/organizations", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_grpc(
        &read(empty).await,
        StatusCode::BAD_REQUEST,
        3,
        "body is required",
    );
}

#[tokio::test]
async fn update_checks_the_version_and_a_stale_one_is_aborted_with_409() {
    let pulse = start(Seed::Demo).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let tree = tree(&api.all_orgs().await);
    let chain = chain_to_depth(&tree, 3);
    let path = format!("/api/organizations/{}", chain[3]);
    let (_, before) = api.get(&path).await;
    let version = before["updateVersion"].as_i64().unwrap();
    let (status, body) = api
        .put(&path, &json!({"id": chain[3], "name": "Renamed", "parentId": chain[2], "status": "INACTIVE", "updateVersion": version}))
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    let (_, after) = api.get(&path).await;
    assert_eq!(after["name"], "Renamed");
    assert_eq!(after["status"], "INACTIVE");
    assert_eq!(after["updateVersion"], version + 1);
    let updated: i64 = after["lastUpdatedTime"].as_str().unwrap().parse().unwrap();
    let created: i64 = after["createdTime"].as_str().unwrap().parse().unwrap();
    assert!(updated > created);

    let stale = api
        .put(&path, &json!({"name": "Mine", "updateVersion": version}))
        .await;
    assert_eq!(stale.0, StatusCode::CONFLICT);
    let message = stale.1["message"].as_str().unwrap().to_string();
    assert_eq!(
        stale.1,
        json!({"error": message, "code": 10, "message": message, "details": []})
    );
    assert!(message.contains("changed by someone else"), "{message}");
    assert_eq!(
        api.get(&path).await.1["name"],
        "Renamed",
        "a refused update changes nothing"
    );

    for unchecked in [
        json!({"name": "No check"}),
        json!({"name": "Zero", "updateVersion": 0}),
    ] {
        assert_eq!(
            api.put(&path, &unchecked).await.0,
            StatusCode::OK,
            "0 or absent: no check"
        );
    }
    let (_, kept) = api.get(&path).await;
    assert_eq!(
        kept["status"], "INACTIVE",
        "an absent status keeps the current one"
    );
    assert_eq!(
        kept["parentId"],
        chain[2].as_str(),
        "an absent parentId keeps the parent"
    );
    assert_eq!(kept["updateVersion"], version + 3);

    let no_name = api.put(&path, &json!({"status": "ACTIVE"})).await;
    assert_grpc(&no_name, StatusCode::BAD_REQUEST, 3, "name is required");
    let other_id = api.put(&path, &json!({"id": chain[2], "name": "X"})).await;
    assert_grpc(
        &other_id,
        StatusCode::BAD_REQUEST,
        3,
        "differs from the path",
    );
    let missing = api
        .put("/api/organizations/nope", &json!({"name": "X"}))
        .await;
    assert_grpc(&missing, StatusCode::NOT_FOUND, 5, "not found");
}

#[tokio::test]
async fn a_move_keeps_the_tree_acyclic_and_at_most_four_deep() {
    let pulse = start(Seed::Demo).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let tree = tree(&api.all_orgs().await);
    let deep = chain_to_depth(&tree, 4);
    let put = |id: &str, body: Value| {
        let api = &api;
        let path = format!("/api/organizations/{id}");
        async move { api.put(&path, &body).await }
    };
    let name = |id: &str| tree[id].1.clone();

    let under_itself = put(
        &deep[1],
        json!({"name": name(&deep[1]), "parentId": deep[1]}),
    )
    .await;
    assert_grpc(
        &under_itself,
        StatusCode::BAD_REQUEST,
        3,
        "its own ancestor",
    );
    let under_grandchild = put(
        &deep[1],
        json!({"name": name(&deep[1]), "parentId": deep[3]}),
    )
    .await;
    assert_grpc(
        &under_grandchild,
        StatusCode::BAD_REQUEST,
        3,
        "its own ancestor",
    );
    // deep[2] carries two levels below it; under a depth-3 organization they would reach 6.
    // One of another tenant: below deep[2] itself it would be a cycle, not too deep.
    let other_depth3 = tree
        .keys()
        .find(|id| depth(&tree, id) == 3 && root_of(&tree, id) != root_of(&tree, &deep[0]))
        .unwrap();
    let too_deep = put(
        &deep[2],
        json!({"name": name(&deep[2]), "parentId": other_depth3}),
    )
    .await;
    assert_grpc(&too_deep, StatusCode::BAD_REQUEST, 9, "at most 4 levels");
    let root = put(
        &deep[0],
        json!({"name": name(&deep[0]), "parentId": deep[1]}),
    )
    .await;
    assert_grpc(
        &root,
        StatusCode::BAD_REQUEST,
        9,
        "root tenant cannot be moved",
    );
    let nowhere = put(
        &deep[2],
        json!({"name": name(&deep[2]), "parentId": "nope"}),
    )
    .await;
    assert_grpc(&nowhere, StatusCode::BAD_REQUEST, 3, "does not exist");

    // A subtree moves whole into another tenant: its organizations follow, one level up.
    let other_root = tree
        .keys()
        .find(|id| tree[*id].0.is_empty() && **id != deep[0])
        .unwrap();
    let moved = put(
        &deep[2],
        json!({"name": name(&deep[2]), "parentId": other_root}),
    )
    .await;
    assert_eq!(moved, (StatusCode::OK, json!({})));
    let (_, leaf) = api.get(&format!("/api/organizations/{}", deep[4])).await;
    assert_eq!(
        leaf["orgId"],
        other_root.as_str(),
        "the subtree changed tenant"
    );
    assert_eq!(
        api.get(&format!("/api/organizations/{}", deep[2])).await.1["parentId"],
        other_root.as_str()
    );
    // Now three deep, deep[4] may take a child again.
    api.create_child(&deep[4], "Back to four").await;
}

#[tokio::test]
async fn delete_answers_an_empty_object_and_refuses_an_organization_with_children() {
    let pulse = start(Seed::Demo).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let tree = tree(&api.all_orgs().await);
    let chain = chain_to_depth(&tree, 4);
    let with_children = api
        .delete(&format!("/api/organizations/{}", chain[3]))
        .await;
    assert_grpc(
        &with_children,
        StatusCode::BAD_REQUEST,
        9,
        "sub-organization",
    );
    let leaf = format!("/api/organizations/{}", chain[4]);
    assert_eq!(api.delete(&leaf).await, (StatusCode::OK, json!({})));
    assert_grpc(&api.get(&leaf).await, StatusCode::NOT_FOUND, 5, "not found");
    assert_grpc(
        &api.delete(&leaf).await,
        StatusCode::NOT_FOUND,
        5,
        "not found",
    );
}

#[tokio::test]
async fn root_tenants_come_with_their_user_who_sees_only_that_tenant() {
    let pulse = start(Seed::Demo).await;
    let operator = Raw::login(&pulse.handle, &pulse.operator()).await;
    let body = json!({
        "createOrganizationRequest": {"name": "Solaris Water Utilities", "status": "ACTIVE"},
        "createUserRequest": {"userName": "admin@solaris.example", "password": "Solaris-Pass-1",
            "email": "admin@solaris.example", "displayName": "Solaris Admin", "status": "ACTIVE",
            "roles": ["ORG_ADMIN"], "groups": []}
    });
    let (status, created) = operator.post("/api/organizations/root", &body).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let org_id = created["orgId"].as_str().unwrap().to_string();
    assert!(created["userId"].as_str().is_some_and(|s| !s.is_empty()));
    let (_, root) = operator.get(&format!("/api/organizations/{org_id}")).await;
    assert_eq!(
        (root["parentId"].as_str(), root["orgId"].as_str()),
        (Some(""), Some(org_id.as_str()))
    );
    let duplicate = operator.post("/api/organizations/root", &body).await;
    assert_grpc(&duplicate, StatusCode::CONFLICT, 6, "already exists");

    let account = tenantdeck::sandbox::PulseAccount {
        username: "admin@solaris.example".into(),
        password: "Solaris-Pass-1".into(),
        tenant_id: None,
        tenant_name: None,
    };
    let tenant = Raw::login(&pulse.handle, &account).await;
    let (_, page) = tenant.get("/api/organizations").await;
    assert_eq!(
        page["pageInfo"]["totalElements"], "1",
        "only its own tenant"
    );
    let child = tenant.create_child(&org_id, "Pumping Station 1").await;
    assert_eq!(
        tenant.get(&format!("/api/organizations/{child}")).await.0,
        StatusCode::OK
    );

    let foreign = operator
        .all_orgs()
        .await
        .iter()
        .find(|o| o["id"] != org_id.as_str() && o["parentId"] == "")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let denied = tenant.get(&format!("/api/organizations/{foreign}")).await;
    assert_grpc(&denied, StatusCode::FORBIDDEN, 7, "another tenant");
    assert_grpc(
        &tenant.post("/api/organizations/root", &body).await,
        StatusCode::FORBIDDEN,
        7,
        "only the operator",
    );
    let under_foreign = tenant
        .post(
            "/api/organizations",
            &json!({"name": "X", "parentId": foreign}),
        )
        .await;
    assert_grpc(&under_foreign, StatusCode::FORBIDDEN, 7, "another tenant");
    let child_path = format!("/api/organizations/{child}");
    assert_eq!(
        tenant.delete(&child_path).await,
        (StatusCode::OK, json!({}))
    );
    let root_path = format!("/api/organizations/{org_id}");
    assert_grpc(
        &tenant.delete(&root_path).await,
        StatusCode::FORBIDDEN,
        7,
        "only the operator",
    );
    assert_eq!(
        operator.delete(&root_path).await,
        (StatusCode::OK, json!({}))
    );
    let gone = reqwest::Client::new()
        .get(format!("{}/api/tokens", pulse.handle.base_url()))
        .basic_auth(&account.username, Some(&account.password))
        .send()
        .await
        .unwrap();
    assert_eq!(
        gone.status(),
        StatusCode::UNAUTHORIZED,
        "a root tenant takes its users along"
    );

    let invalid = json!({"createOrganizationRequest": {"name": "X"}, "createUserRequest": {"userName": "x@y", "password": "short"}});
    assert_grpc(
        &operator.post("/api/organizations/root", &invalid).await,
        StatusCode::BAD_REQUEST,
        3,
        "at least 8",
    );
    let parented = json!({"createOrganizationRequest": {"name": "X", "parentId": org_id}, "createUserRequest": {"userName": "x@y", "password": "long-enough"}});
    assert_grpc(
        &operator.post("/api/organizations/root", &parented).await,
        StatusCode::BAD_REQUEST,
        3,
        "has no parent",
    );
}

#[tokio::test]
async fn the_demo_seed_is_an_iot_hierarchy_four_deep_and_the_same_every_time() {
    let first = start(Seed::Demo).await;
    let second = start(Seed::Demo).await;
    let orgs = Raw::login(&first.handle, &first.operator())
        .await
        .all_orgs()
        .await;
    let again = Raw::login(&second.handle, &second.operator())
        .await
        .all_orgs()
        .await;
    let tree = tree(&orgs);
    let roots: Vec<_> = tree
        .values()
        .filter(|(parent, _)| parent.is_empty())
        .map(|(_, n)| n.clone())
        .collect();
    assert!(roots.len() >= 3, "{roots:?}");
    assert!(roots.contains(&"Aurora Smart Buildings".to_string()));
    assert!(orgs.len() >= 150, "{} organizations", orgs.len());
    let deepest = tree.keys().map(|id| depth(&tree, id)).max().unwrap();
    assert_eq!(deepest, 4);
    assert!(
        tree.values()
            .all(|(parent, _)| parent.is_empty() || tree.contains_key(parent))
    );
    assert!(orgs.iter().any(|o| o["status"] == "INACTIVE"));
    let ids = |orgs: &[Value]| {
        orgs.iter()
            .map(|o| (o["id"].clone(), o["name"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&orgs), ids(&again), "deterministic ids and names");
    let accounts = first.handle.pulse_accounts();
    assert_eq!(
        accounts.len(),
        roots.len() + 1,
        "the operator and one administrator per tenant"
    );
    let helios = first.tenant_admin("Helios Energy Networks");
    let tenant = Raw::login(&first.handle, &helios).await;
    let own = tenant.all_orgs().await;
    assert!(!own.is_empty() && own.len() < orgs.len());
}

#[tokio::test]
async fn synthetic_organizations_spread_over_the_hierarchy_within_the_depth_rule() {
    let pulse = start_with(Seed::Demo, |c| c.extra_orgs = 3_000).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let orgs = api.all_orgs().await;
    let tree = tree(&orgs);
    let synthetic: Vec<_> = orgs
        .iter()
        .filter(|o| {
            o["name"]
                .as_str()
                .unwrap()
                .ends_with(|c: char| c.is_ascii_digit())
                && o["name"].as_str().unwrap().contains(' ')
        })
        .collect();
    assert!(synthetic.len() >= 3_000);
    assert!(tree.keys().all(|id| depth(&tree, id) <= 4));
    let tenants: std::collections::HashSet<_> = synthetic
        .iter()
        .map(|o| root_of(&tree, o["id"].as_str().unwrap()))
        .collect();
    assert!(tenants.len() >= 3, "spread over the tenants: {tenants:?}");
}
