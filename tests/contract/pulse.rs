//! Contract: the Pulse IoT Center stand-in over real HTTP, sign-in and lists: versions, Basic
//! sign-in, refresh, Bearer checks, paging edges, faults in the grpc-gateway shape, the
//! database and the `sandbox --dialect pulse` command. The organization routes and the demo
//! hierarchy are in `pulse_orgs.rs`.

use crate::pulse_support::{Raw, assert_grpc, read, start, start_with};
use reqwest::StatusCode;
use serde_json::json;
use tenantdeck::sandbox::{PULSE_MAX_PAGE_SIZE, Seed};

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
    for (status, code) in [
        (StatusCode::UNAUTHORIZED, 16),
        (StatusCode::CONFLICT, 10),
        (StatusCode::NOT_FOUND, 5),
        (StatusCode::BAD_GATEWAY, 14),
        (StatusCode::INTERNAL_SERVER_ERROR, 13),
    ] {
        pulse
            .handle
            .fail_next("/api/organizations", status.as_u16(), 1);
        let answer = api.get("/api/organizations").await;
        assert_grpc(&answer, status, code, "injected");
    }
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

#[tokio::test]
async fn the_sandbox_command_prints_the_base_url_and_the_demo_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, printed) = crate::cli_support::sandbox_command("pulse", &dir).await;
    let (lines, value) = (&printed.lines, |label: &str| printed.value(label));
    assert_eq!(
        lines[0], "tenantdeck stand-in VMware Pulse IoT Center API",
        "{lines:?}"
    );
    let (username, password) = (value("username:"), value("password:"));
    assert_eq!(username, "operator@pulse.example");
    let (base, http) = (value("base URL:"), reqwest::Client::new());
    let signed_in = http
        .get(format!("{base}/api/tokens"))
        .basic_auth(&username, Some(&password))
        .send()
        .await;
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(signed_in.unwrap().status(), StatusCode::OK, "{lines:?}");
}
