//! Contract: the Pulse IoT Center stand-in over real HTTP: versions, Basic sign-in, refresh,
//! Bearer checks, paging edges, every organization route with each of its errors (the
//! grpc-gateway shape and code), the hierarchy rules and the demo seed.

mod pulse_support;

use std::collections::HashMap;

use pulse_support::{Raw, assert_grpc, read, start, start_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::sandbox::{PULSE_MAX_PAGE_SIZE, Seed};

/// id → (parent id, name) of every organization.
fn tree(orgs: &[Value]) -> HashMap<String, (String, String)> {
    orgs.iter()
        .map(|o| {
            let field = |k: &str| o[k].as_str().unwrap_or_default().to_string();
            (field("id"), (field("parentId"), field("name")))
        })
        .collect()
}

/// Depth below the root tenant (the root is 0).
fn depth(tree: &HashMap<String, (String, String)>, id: &str) -> usize {
    let mut depth = 0;
    let mut at = &tree[id].0;
    while !at.is_empty() {
        depth += 1;
        at = &tree[at].0;
    }
    depth
}

/// An organization at exactly `wanted` depth, and one chain of ids from its root down to it.
fn chain_to_depth(tree: &HashMap<String, (String, String)>, wanted: usize) -> Vec<String> {
    let leaf = tree
        .keys()
        .find(|id| depth(tree, id) == wanted)
        .expect("an organization that deep");
    let mut chain = vec![leaf.clone()];
    while !tree[chain.last().unwrap()].0.is_empty() {
        chain.push(tree[chain.last().unwrap()].0.clone());
    }
    chain.reverse();
    chain
}

#[tokio::test]
async fn versions_and_basic_sign_in_with_int64_fields_as_strings() {
    let pulse = start(Seed::Empty).await;
    let base = pulse.handle.base_url();
    let http = reqwest::Client::new();
    let (status, versions) = read(
        http.get(format!("{base}/api/versions"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(versions, json!({"versions": ["1.0"]}));

    let operator = pulse.operator();
    let tokens = format!("{base}/api/tokens");
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let (status, token) = read(
        http.get(&tokens)
            .basic_auth(&operator.username, Some(&operator.password))
            .header("Accept", "application/json;api-version=9.9")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the api-version is not enforced");
    for key in [
        "accessToken",
        "refreshToken",
        "accessTokenExpiresAt",
        "refreshTokenExpiresAt",
        "expiresInSecs",
    ] {
        assert!(token[key].is_string(), "{key} is a string: {token}");
    }
    assert_eq!(token["expiresInSecs"], "86400");
    let expires: i64 = token["accessTokenExpiresAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((expires - before - 86_400_000).abs() < 60_000, "{expires}");
    let refresh_at: i64 = token["refreshTokenExpiresAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(refresh_at > expires);

    let wrong = http
        .get(&tokens)
        .basic_auth(&operator.username, Some("nope"))
        .send()
        .await
        .unwrap();
    assert_grpc(
        &read(wrong).await,
        StatusCode::UNAUTHORIZED,
        16,
        "invalid user name or password",
    );
    let unknown = http
        .get(&tokens)
        .basic_auth("who@example", Some("x"))
        .send()
        .await
        .unwrap();
    assert_grpc(
        &read(unknown).await,
        StatusCode::UNAUTHORIZED,
        16,
        "invalid user name",
    );
    let bare = http.get(&tokens).send().await.unwrap();
    assert_grpc(&read(bare).await, StatusCode::UNAUTHORIZED, 16, "basic");
    let upper = http
        .get(&tokens)
        .basic_auth(operator.username.to_uppercase(), Some(&operator.password))
        .send()
        .await
        .unwrap();
    assert_eq!(
        upper.status(),
        StatusCode::OK,
        "user names compare case-insensitively"
    );
}

#[tokio::test]
async fn refresh_takes_the_refresh_token_as_bearer_and_tokens_are_not_interchangeable() {
    let pulse = start_with(Seed::Demo, |c| c.refresh_lifetime_secs = 1).await;
    let base = pulse.handle.base_url();
    let http = reqwest::Client::new();
    let operator = pulse.operator();
    let sign_in = http
        .get(format!("{base}/api/tokens"))
        .basic_auth(&operator.username, Some(&operator.password))
        .send()
        .await
        .unwrap();
    let (_, token) = read(sign_in).await;
    let refresh_url = format!("{base}/api/tokens/refresh");
    let refresh_with = |bearer: String| {
        let request = http.get(&refresh_url).bearer_auth(bearer);
        async move { read(request.send().await.unwrap()).await }
    };
    let (status, renewed) = refresh_with(token["refreshToken"].as_str().unwrap().into()).await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    assert_ne!(renewed["accessToken"], token["accessToken"]);
    assert!(renewed["expiresInSecs"].is_string());
    let api = Raw {
        http: http.clone(),
        base: base.clone(),
        token: renewed["accessToken"].as_str().unwrap().into(),
    };
    assert_eq!(
        api.get("/api/organizations").await.0,
        StatusCode::OK,
        "the new access token works"
    );

    let access_as_refresh = refresh_with(token["accessToken"].as_str().unwrap().into()).await;
    assert_grpc(
        &access_as_refresh,
        StatusCode::UNAUTHORIZED,
        16,
        "invalid refresh token",
    );
    let refresh_as_access = Raw {
        token: token["refreshToken"].as_str().unwrap().into(),
        ..api
    };
    assert_grpc(
        &refresh_as_access.get("/api/organizations").await,
        StatusCode::UNAUTHORIZED,
        16,
        "invalid access token",
    );
    let bare = read(http.get(&refresh_url).send().await.unwrap()).await;
    assert_grpc(
        &bare,
        StatusCode::UNAUTHORIZED,
        16,
        "refresh token is required",
    );

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let late = refresh_with(renewed["refreshToken"].as_str().unwrap().into()).await;
    assert_grpc(&late, StatusCode::UNAUTHORIZED, 16, "refresh token expired");
}

#[tokio::test]
async fn every_route_but_versions_and_tokens_needs_a_live_bearer() {
    let pulse = start(Seed::Demo).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let id = api.all_orgs().await[0]["id"].as_str().unwrap().to_string();
    let routes = [
        ("GET", "/api/organizations".to_string()),
        ("POST", "/api/organizations".to_string()),
        ("POST", "/api/organizations/root".to_string()),
        ("GET", format!("/api/organizations/{id}")),
        ("PUT", format!("/api/organizations/{id}")),
        ("DELETE", format!("/api/organizations/{id}")),
    ];
    for (method, path) in &routes {
        let method: reqwest::Method = method.parse().unwrap();
        let url = format!("{}{path}", api.base);
        let none = read(
            api.http
                .request(method.clone(), &url)
                .json(&json!({}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_grpc(
            &none,
            StatusCode::UNAUTHORIZED,
            16,
            "access token is required",
        );
        let bad = api
            .http
            .request(method, &url)
            .bearer_auth("not-a-token")
            .json(&json!({}));
        assert_grpc(
            &read(bad.send().await.unwrap()).await,
            StatusCode::UNAUTHORIZED,
            16,
            "invalid access token",
        );
    }
    pulse.handle.expire_tokens();
    assert_grpc(
        &api.get("/api/organizations").await,
        StatusCode::UNAUTHORIZED,
        16,
        "access token expired",
    );
    let expected = json!({
        "error": "access token expired", "code": 16, "message": "access token expired", "details": []
    });
    assert_eq!(
        api.get(&format!("/api/organizations/{id}")).await.1,
        expected,
        "the whole body"
    );
}

#[tokio::test]
async fn pages_are_one_based_with_string_totals_and_every_edge_answers() {
    let pulse = start_with(Seed::Empty, |c| c.extra_orgs = 2_345).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let page = |query: &'static str| {
        let api = &api;
        async move { api.get(&format!("/api/organizations{query}")).await }
    };
    // 2,345 synthetic organizations and the root tenant that holds them.
    let total = 2_346;
    let (status, first) = page("").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first["tenants"].as_array().unwrap().len(),
        10,
        "default size 10"
    );
    assert_eq!(
        first["pageInfo"],
        json!({"page": 1, "pageSize": 10, "totalElements": total.to_string(), "totalPages": "235"})
    );
    let (_, zero) = page("?page.size=0&page.number=0").await;
    assert_eq!(zero["pageInfo"]["pageSize"], 10, "size 0 is the default");
    assert_eq!(zero["pageInfo"]["page"], 1, "page 0 is the first");
    assert_eq!(zero["tenants"], first["tenants"]);

    let (_, big) = page("?page.size=5000").await;
    assert_eq!(big["pageInfo"]["pageSize"], PULSE_MAX_PAGE_SIZE);
    assert_eq!(
        big["tenants"].as_array().unwrap().len(),
        PULSE_MAX_PAGE_SIZE as usize
    );
    assert_eq!(big["pageInfo"]["totalPages"], "3");

    let (_, last) = page("?page.number=3&page.size=1000").await;
    assert_eq!(
        last["tenants"].as_array().unwrap().len(),
        total - 2_000,
        "last partial page"
    );
    let (status, past) = page("?page.number=4&page.size=1000").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(past["tenants"], json!([]));
    assert_eq!(
        past["pageInfo"],
        json!({"page": 4, "pageSize": 1000, "totalElements": total.to_string(), "totalPages": "3"})
    );
    let (_, alias) = page("?page=2&pageSize=7").await;
    let (_, dotted) = page("?page.number=2&page.size=7").await;
    assert_eq!(
        alias, dotted,
        "page/pageSize are read as page.number/page.size"
    );

    for bad in ["?page.size=-1", "?page.number=two", "?pageSize=1.5"] {
        let answer = api.get(&format!("/api/organizations{bad}")).await;
        assert_grpc(&answer, StatusCode::BAD_REQUEST, 3, "invalid value");
    }
    let all = api.all_orgs().await;
    let ids: std::collections::HashSet<_> = all.iter().map(|o| o["id"].clone()).collect();
    assert_eq!(
        (all.len(), ids.len()),
        (total, total),
        "every organization once"
    );
}

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
    let other_depth3 = tree
        .keys()
        .find(|id| depth(&tree, id) == 3 && !deep.contains(id))
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
        .map(|o| chain_of(&tree, o["id"].as_str().unwrap()))
        .collect();
    assert!(tenants.len() >= 3, "spread over the tenants: {tenants:?}");
}

/// The root tenant of `id`.
fn chain_of(tree: &HashMap<String, (String, String)>, id: &str) -> String {
    let mut at = id.to_string();
    while !tree[&at].0.is_empty() {
        at = tree[&at].0.clone();
    }
    at
}

#[tokio::test]
async fn faults_unknown_routes_and_methods_answer_in_the_grpc_shape() {
    let pulse = start(Seed::Demo).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    pulse.handle.fail_next("/api/organizations", 503, 1);
    let response = api
        .http
        .get(format!("{}/api/organizations", api.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["retry-after"], "1");
    assert_grpc(
        &read(response).await,
        StatusCode::SERVICE_UNAVAILABLE,
        14,
        "injected",
    );
    pulse.handle.fail_next("/api/organizations", 401, 1);
    assert_grpc(
        &api.get("/api/organizations").await,
        StatusCode::UNAUTHORIZED,
        16,
        "injected",
    );
    pulse.handle.fail_next("/api/organizations", 409, 1);
    assert_grpc(
        &api.get("/api/organizations").await,
        StatusCode::CONFLICT,
        10,
        "injected",
    );
    assert_grpc(
        &api.get("/api/nothing").await,
        StatusCode::NOT_FOUND,
        5,
        "not found",
    );
    assert_grpc(
        &api.get("/API/ORGANIZATIONS").await,
        StatusCode::NOT_FOUND,
        5,
        "not found",
    );
    let patch = api
        .send(reqwest::Method::PATCH, "/api/organizations", None)
        .await;
    assert_grpc(
        &patch,
        StatusCode::METHOD_NOT_ALLOWED,
        12,
        "method not allowed",
    );
    let log = pulse.handle.request_log();
    assert!(
        log.iter().any(|l| l == "PATCH /api/organizations"),
        "{log:?}"
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429_in_the_grpc_shape() {
    let pulse = start_with(Seed::Empty, |c| c.pace.rate_limit = Some(2)).await;
    let http = reqwest::Client::new();
    let url = format!("{}/api/versions", pulse.handle.base_url());
    let mut refused = None;
    for _ in 0..5 {
        let response = http.get(&url).send().await.unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(response.headers().contains_key("retry-after"));
            refused = Some(read(response).await);
            break;
        }
    }
    assert_grpc(
        &refused.expect("a refusal"),
        StatusCode::TOO_MANY_REQUESTS,
        8,
        "injected",
    );
}

#[tokio::test]
async fn data_survives_a_restart_and_a_cloudmore_file_is_refused() {
    let pulse = start(Seed::Demo).await;
    let api = Raw::login(&pulse.handle, &pulse.operator()).await;
    let root = api.all_orgs().await[0]["id"].as_str().unwrap().to_string();
    let id = api.create_child(&root, "Kept across restarts").await;
    let db = pulse.dir.path().join("pulse.db");
    pulse.handle.shutdown().await;
    let mut config = tenantdeck::sandbox::SandboxConfig::new("127.0.0.1:0".parse().unwrap(), db);
    config.dialect = tenantdeck::sandbox::Dialect::Pulse;
    let reopened = tenantdeck::sandbox::start(config).await.unwrap();
    let operator = reopened.pulse_credentials().unwrap().clone();
    let api = Raw::login(&reopened, &operator).await;
    assert_eq!(
        api.get(&format!("/api/organizations/{id}")).await.1["name"],
        "Kept across restarts"
    );

    let cloudmore = tempfile::tempdir().unwrap();
    let path = cloudmore.path().join("cm.db");
    let handle = tenantdeck::sandbox::start(tenantdeck::sandbox::SandboxConfig::new(
        "127.0.0.1:0".parse().unwrap(),
        path.clone(),
    ))
    .await
    .unwrap();
    handle.shutdown().await;
    let mut config = tenantdeck::sandbox::SandboxConfig::new("127.0.0.1:0".parse().unwrap(), path);
    config.dialect = tenantdeck::sandbox::Dialect::Pulse;
    let refused = tenantdeck::sandbox::start(config)
        .await
        .err()
        .expect("refused");
    assert!(refused.to_string().contains("another dialect"), "{refused}");
}
