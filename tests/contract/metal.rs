//! Contract: the Equinix Metal stand-in over real HTTP, the parts every route shares:
//! `X-Auth-Token`, the current user, paging and its `meta` edges, the list filters,
//! `X-RateLimit-*` headers and 429s, faults and unknown routes in the `{"errors"}` shape, the
//! database, the seed (demo, empty, `--orgs`) and the `sandbox --dialect metal` command.
//! Organizations and projects are in `metal_orgs.rs`, invitations and memberships in
//! `metal_members.rs`.

use std::collections::HashSet;

use crate::metal_support::{MAIN, PRIYA, Raw, SAM, assert_errors, read, start, start_with};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tenantdeck::sandbox::{self, Dialect, METAL_MAX_PER_PAGE, SandboxConfig, Seed};

#[tokio::test]
async fn every_call_needs_a_known_x_auth_token_and_get_user_names_its_owner() {
    let metal = start(Seed::Demo).await;
    let anonymous = metal.anonymous();
    for path in ["/user", "/organizations", "/invitations"] {
        assert_errors(
            &anonymous.get(path).await,
            StatusCode::UNAUTHORIZED,
            "x-auth-token",
        );
    }
    let unknown = Raw::new(&metal.handle, Some("0123456789abcdef".into()));
    assert_errors(
        &unknown.get("/organizations").await,
        StatusCode::UNAUTHORIZED,
        "invalid authentication token",
    );
    let bearer = anonymous
        .request(Method::GET, "/user")
        .bearer_auth(metal.account(MAIN).token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        bearer.status(),
        StatusCode::UNAUTHORIZED,
        "only X-Auth-Token carries the key"
    );

    let main = metal.account(MAIN);
    let user = metal.as_user(MAIN).ok("/user").await;
    assert_eq!(user["id"], main.user_id);
    assert_eq!(user["email"], main.email);
    assert_eq!(user["full_name"], main.full_name);
    assert_eq!(user["href"], format!("/metal/v1/users/{}", main.user_id));
    for key in [
        "first_name",
        "last_name",
        "short_id",
        "created_at",
        "updated_at",
    ] {
        assert!(user[key].is_string(), "{key}: {user}");
    }
    let personal = metal.as_user(MAIN).ok("/organizations?personal=only").await;
    assert_eq!(
        user["default_organization_id"],
        personal["organizations"][0]["id"]
    );
    assert!(user["max_organizations"].is_i64());
}

#[tokio::test]
async fn update_current_user_changes_what_is_sent_and_refuses_what_is_not_text() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let main = metal.account(MAIN);
    let (status, user) = api
        .put(
            "/user",
            &serde_json::json!({"first_name": " Morgana ", "phone_number": null,
                "timezone": "Europe/Oslo", "customdata": {"desk": 4},
                "password": "not kept", "email": "elsewhere@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["first_name"], "Morgana");
    assert_eq!(user["full_name"], "Morgana Lee");
    assert_eq!(user["timezone"], "Europe/Oslo");
    assert_eq!(user["customdata"], serde_json::json!({"desk": 4}));
    assert!(user.get("phone_number").is_none(), "null clears it: {user}");
    assert_eq!(
        user["email"], main.email,
        "the e-mail is not in UserUpdateInput"
    );
    assert!(user.get("password").is_none());
    assert_eq!(api.ok("/user").await, user);
    let seen = metal
        .as_user(PRIYA)
        .ok(&format!("/users/{}", main.user_id))
        .await;
    assert_eq!(seen["full_name"], "Morgana Lee");
    assert_eq!(
        seen["customdata"],
        serde_json::json!({}),
        "custom data is the user's"
    );

    let (status, body) = api
        .put(
            "/user",
            &serde_json::json!({"first_name": "", "last_name": 5, "customdata": [1],
                "password": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["errors"],
        serde_json::json!([
            "First name can't be blank",
            "Last name must be a string",
            "Customdata must be an object",
            "Password must be a string"
        ])
    );
    assert_eq!(
        api.ok("/user").await,
        user,
        "a refused update changes nothing"
    );
}

#[tokio::test]
async fn pages_are_clamped_and_meta_leaves_out_previous_and_next_at_the_ends() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let first = api.ok("/organizations").await;
    let meta = &first["meta"];
    assert_eq!(first["organizations"].as_array().unwrap().len(), 10);
    assert_eq!(meta["total"], 28, "27 teams and the personal one");
    assert_eq!(
        (meta["current_page"].clone(), meta["last_page"].clone()),
        (1.into(), 3.into())
    );
    assert!(meta.get("previous").is_none(), "{meta}");
    assert_eq!(
        meta["first"]["href"],
        "/metal/v1/organizations?page=1&per_page=10"
    );
    assert_eq!(
        meta["self"]["href"],
        "/metal/v1/organizations?page=1&per_page=10"
    );
    assert_eq!(
        meta["next"]["href"],
        "/metal/v1/organizations?page=2&per_page=10"
    );
    assert_eq!(
        meta["last"]["href"],
        "/metal/v1/organizations?page=3&per_page=10"
    );

    let last = api.ok("/organizations?page=3").await;
    assert_eq!(last["organizations"].as_array().unwrap().len(), 8);
    assert!(last["meta"].get("next").is_none());
    assert_eq!(
        last["meta"]["previous"]["href"],
        "/metal/v1/organizations?page=2&per_page=10"
    );

    let past = api.ok("/organizations?page=9").await;
    assert_eq!(past["organizations"], Value::Array(Vec::new()));
    assert_eq!(past["meta"]["current_page"], 9);
    assert!(past["meta"].get("next").is_none());
    assert_eq!(
        past["meta"]["previous"]["href"], "/metal/v1/organizations?page=3&per_page=10",
        "past the end, previous is the last page"
    );

    let big = api.ok("/organizations?per_page=5000").await;
    assert_eq!(
        big["meta"]["self"]["href"],
        format!("/metal/v1/organizations?page=1&per_page={METAL_MAX_PER_PAGE}")
    );
    assert_eq!(big["organizations"].as_array().unwrap().len(), 28);
    assert_eq!(
        (big["meta"]["last_page"].clone(), big["meta"].get("next")),
        (1.into(), None)
    );
    let one = api.ok("/organizations?per_page=0&page=0").await;
    assert_eq!(
        one["meta"]["self"]["href"],
        "/metal/v1/organizations?page=1&per_page=1"
    );
    let far = api.ok("/organizations?page=999999").await;
    assert_eq!(far["meta"]["current_page"], 100_000);
    assert_errors(
        &api.get("/organizations?page=two").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "page must be an integer",
    );
    assert_errors(
        &api.get("/organizations?per_page=1.5").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "per_page",
    );

    // Following next keeps the filters and the page size, and meets every organization once.
    let team = api.ok("/organizations?personal=exclude&per_page=4").await;
    assert_eq!(
        team["meta"]["next"]["href"],
        "/metal/v1/organizations?personal=exclude&page=2&per_page=4"
    );
    let all = api
        .all(
            "/organizations?personal=exclude&per_page=4",
            "organizations",
        )
        .await;
    let ids: HashSet<_> = all
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!((all.len(), ids.len()), (27, 27));
}

#[tokio::test]
async fn personal_and_without_projects_include_exclude_or_show_only() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let total = |path: &'static str| {
        let api = &api;
        async move { api.ok(path).await["meta"]["total"].as_i64().unwrap() }
    };
    assert_eq!(total("/organizations?personal=include").await, 28);
    assert_eq!(total("/organizations?personal=only").await, 1);
    assert_eq!(total("/organizations?personal=exclude").await, 27);
    let bare = api
        .all("/organizations?without_projects=only", "organizations")
        .await;
    assert!(!bare.is_empty());
    assert!(
        bare.iter()
            .all(|o| o["projects"] == Value::Array(Vec::new()))
    );
    let with = total("/organizations?without_projects=exclude").await;
    assert_eq!(with + bare.len() as i64, 28);
    assert_eq!(
        total("/organizations?personal=only&without_projects=only").await,
        0,
        "the personal one has a project"
    );
    assert_errors(
        &api.get("/organizations?personal=maybe").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "include, exclude, only",
    );

    let sam = metal
        .as_user(SAM)
        .all("/organizations", "organizations")
        .await;
    assert_eq!(
        sam.len(),
        1,
        "a user sees only their own organizations: {sam:?}"
    );
}

#[tokio::test]
async fn every_answer_carries_rate_limit_headers_and_the_limit_answers_429() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    for (method, path, status) in [
        (Method::GET, "/organizations", StatusCode::OK),
        (Method::GET, "/nothing/here", StatusCode::NOT_FOUND),
        (Method::DELETE, "/user", StatusCode::METHOD_NOT_ALLOWED),
    ] {
        let response = api.request(method, path).send().await.unwrap();
        assert_eq!(response.status(), status);
        let header =
            |name: &str| -> u64 { response.headers()[name].to_str().unwrap().parse().unwrap() };
        assert_eq!(header("x-ratelimit-limit"), 10_000);
        assert!(header("x-ratelimit-remaining") < 10_000);
        let reset = header("x-ratelimit-reset");
        assert!(reset >= now && reset <= now + 60, "unix seconds: {reset}");
    }
    let refused = metal
        .anonymous()
        .request(Method::GET, "/user")
        .send()
        .await
        .unwrap();
    assert!(
        refused.headers().contains_key("x-ratelimit-remaining"),
        "a 401 too"
    );

    let limited = start_with(Seed::Empty, |c| c.pace.rate_limit = Some(3)).await;
    let api = limited.as_user(MAIN);
    let mut remaining = Vec::new();
    let mut throttled = None;
    for _ in 0..8 {
        let response = api.request(Method::GET, "/user").send().await.unwrap();
        assert_eq!(response.headers()["x-ratelimit-limit"], "3");
        remaining.push(
            response.headers()["x-ratelimit-remaining"]
                .to_str()
                .unwrap()
                .to_string(),
        );
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(response.headers().contains_key("retry-after"));
            throttled = Some(read(response).await);
            break;
        }
    }
    assert_errors(
        &throttled.expect("a refusal"),
        StatusCode::TOO_MANY_REQUESTS,
        "injected",
    );
    assert_eq!(remaining.last().unwrap(), "0", "{remaining:?}");
}

#[tokio::test]
async fn faults_unknown_routes_and_methods_answer_in_the_errors_shape() {
    let metal = start(Seed::Empty).await;
    let api = metal.as_user(MAIN);
    metal.handle.fail_next("/metal/v1/organizations", 503, 1);
    let response = api
        .request(Method::GET, "/organizations")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["retry-after"], "1");
    assert_errors(
        &read(response).await,
        StatusCode::SERVICE_UNAVAILABLE,
        "injected",
    );
    for status in [401u16, 403, 404, 422, 500, 502] {
        metal.handle.fail_next("/metal/v1/user", status, 1);
        let status = StatusCode::from_u16(status).unwrap();
        assert_errors(&api.get("/user").await, status, "injected");
    }
    assert_errors(
        &api.get("/projects").await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(
        &api.get("/api/organizations").await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(
        &api.get("/METAL/V1/USER").await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    assert_errors(
        &api.send(Method::PATCH, "/memberships/x", None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed",
    );
    assert_errors(
        &api.get("/organizations/not-a-uuid").await,
        StatusCode::NOT_FOUND,
        "not found",
    );
    let log = metal.handle.request_log();
    assert!(
        log.iter().any(|l| l == "GET /metal/v1/METAL/V1/USER"),
        "{log:?}"
    );
}

#[tokio::test]
async fn the_empty_seed_is_one_user_and_the_demo_is_the_same_every_time() {
    let empty = start(Seed::Empty).await;
    assert_eq!(empty.handle.metal_accounts().len(), 1);
    let orgs = empty
        .as_user(MAIN)
        .all("/organizations", "organizations")
        .await;
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["projects"], Value::Array(Vec::new()));

    let (a, b) = (start(Seed::Demo).await, start(Seed::Demo).await);
    assert_eq!(
        a.handle.metal_accounts(),
        b.handle.metal_accounts(),
        "same ids and tokens"
    );
    assert_eq!(a.handle.metal_accounts().len(), 6);
    let names = |orgs: Vec<Value>| -> Vec<(String, String)> {
        orgs.iter()
            .map(|o| {
                (
                    o["id"].as_str().unwrap().into(),
                    o["name"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let from_a = names(
        a.as_user(MAIN)
            .all("/organizations?per_page=100", "organizations")
            .await,
    );
    let from_b = names(
        b.as_user(MAIN)
            .all("/organizations?per_page=100", "organizations")
            .await,
    );
    assert_eq!(from_a, from_b);
    assert!(from_a.len() >= 25);
}

#[tokio::test]
async fn synthetic_organizations_are_the_main_users_and_one_in_three_has_a_project() {
    let metal = start_with(Seed::Demo, |c| c.extra_orgs = 3_000).await;
    let api = metal.as_user(MAIN);
    let all = api.ok("/organizations?per_page=1").await;
    assert_eq!(all["meta"]["total"], 3_028);
    assert_eq!(all["meta"]["last_page"], 3_028);
    let deep = api.ok("/organizations?page=3&per_page=1000").await;
    assert_eq!(deep["organizations"].as_array().unwrap().len(), 1_000);
    assert!(deep["meta"].get("next").is_some());
    let bare = api
        .ok("/organizations?without_projects=only&per_page=1")
        .await;
    let bare = bare["meta"]["total"].as_i64().unwrap();
    assert!((2_000..2_100).contains(&bare), "{bare}");
    let others = metal.as_user(SAM).ok("/organizations").await;
    assert_eq!(others["meta"]["total"], 1, "nobody else sees them");
}

#[tokio::test]
async fn data_survives_a_restart_and_another_dialects_file_is_refused() {
    let metal = start(Seed::Demo).await;
    let api = metal.as_user(MAIN);
    let id = api.create_org("Kept across restarts").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = metal.account(MAIN).token;
    let db = metal.dir.path().join("metal.db");
    metal.handle.shutdown().await;
    let mut config = SandboxConfig::new("127.0.0.1:0".parse().unwrap(), db);
    config.dialect = Dialect::Metal;
    let reopened = sandbox::start(config).await.unwrap();
    let api = Raw::new(&reopened, Some(token));
    assert_eq!(
        api.ok(&format!("/organizations/{id}")).await["name"],
        "Kept across restarts"
    );

    let other = tempfile::tempdir().unwrap();
    let path = other.path().join("pulse.db");
    let mut pulse = SandboxConfig::new("127.0.0.1:0".parse().unwrap(), path.clone());
    pulse.dialect = Dialect::Pulse;
    sandbox::start(pulse).await.unwrap().shutdown().await;
    let mut config = SandboxConfig::new("127.0.0.1:0".parse().unwrap(), path);
    config.dialect = Dialect::Metal;
    let refused = sandbox::start(config).await.err().expect("refused");
    assert!(refused.to_string().contains("another dialect"), "{refused}");
}

#[tokio::test]
async fn the_sandbox_command_prints_the_base_url_and_every_users_token() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, printed) = crate::cli_support::sandbox_command("metal", &dir).await;
    let (lines, value) = (&printed.lines, |label: &str| printed.value(label));
    let base = value("base URL:");
    assert!(base.ends_with("/metal/v1"), "{base}");
    let tokens = lines.iter().filter(|l| l.contains("X-Auth-Token:")).count();
    assert_eq!(tokens, 6, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Morgan Lee <morgan.lee@brightline.example>"))
    );
    let answer = reqwest::Client::new()
        .get(format!("{base}/user"))
        .header("X-Auth-Token", value("X-Auth-Token:"))
        .send()
        .await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(answer.unwrap().status(), StatusCode::OK, "{lines:?}");
}
