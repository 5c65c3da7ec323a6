//! Contract: the token endpoint, bearer checks (401/403), case-insensitive paths, the health
//! check, the request log and fault injection.

use crate::http::{Api, expect, token_form};
use crate::support::start;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::Value;
use tenantdeck::sandbox::Seed;

#[tokio::test]
async fn token_endpoint_accepts_form_fields_and_basic_and_names_each_failure() {
    let sandbox = start(Seed::Empty).await;
    let handle = &sandbox.handle;
    let creds = handle.credentials().clone();
    let http = reqwest::Client::new();
    let url = format!("{}/connect/token", handle.base_url());

    let body = expect(
        http.post(&url)
            .form(&token_form(&creds))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 86_400);
    assert_eq!(body["scope"], "api");
    assert!(body["access_token"].as_str().unwrap().len() >= 32);

    // Client credentials in HTTP Basic instead of the form.
    let basic = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", creds.client_id, creds.client_secret));
    let form: Vec<_> = token_form(&creds)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("client_"))
        .collect();
    let response = http
        .post(&url)
        .header("Authorization", format!("Basic {basic}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(expect(response, StatusCode::OK).await["access_token"].is_string());

    let cases: Vec<(&str, &str, StatusCode, &str)> = vec![
        (
            "password",
            "wrong",
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        ),
        (
            "username",
            "nobody@example.com",
            StatusCode::BAD_REQUEST,
            "invalid_grant",
        ),
        (
            "client_secret",
            "wrong",
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            "client_id",
            "other.client",
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            "grant_type",
            "client_credentials",
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
        ),
        ("scope", "admin", StatusCode::BAD_REQUEST, "invalid_scope"),
    ];
    for (field, value, status, error) in cases {
        let form: Vec<_> = token_form(&creds)
            .into_iter()
            .map(|(k, v)| {
                if k == field {
                    (k, value.to_string())
                } else {
                    (k, v)
                }
            })
            .collect();
        let body = expect(http.post(&url).form(&form).send().await.unwrap(), status).await;
        assert_eq!(body["error"], error, "{field}={value}");
    }
    let no_client: Vec<_> = token_form(&creds)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("client_"))
        .collect();
    let body = expect(
        http.post(&url).form(&no_client).send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn bearer_token_is_required_checked_and_bound_to_its_reseller() {
    let sandbox = start(Seed::Demo).await;
    let handle = &sandbox.handle;
    let api = Api::login(handle, handle.credentials()).await;
    let http = reqwest::Client::new();
    let orgs = api.url("/Organizations");

    let health = http
        .get(format!("{}/api/healthcheck", handle.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);

    let missing = http.get(&orgs).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert!(
        missing.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    let invalid = http
        .get(&orgs)
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api.get("/Organizations").await.status(), StatusCode::OK);

    // The main reseller's token on the second reseller's path.
    let other = &handle.resellers()[1];
    let foreign = http
        .get(format!(
            "{}/api/resellers/{}/Organizations",
            handle.base_url(),
            other.reseller_id
        ))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);

    handle.expire_tokens();
    let expired = api.get("/Organizations").await;
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    assert!(expired.headers().contains_key("www-authenticate"));
    // Signing in again works.
    let again = Api::login(handle, handle.credentials()).await;
    assert_eq!(again.get("/Organizations").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn paths_match_case_insensitively_and_requests_are_logged_as_sent() {
    let sandbox = start(Seed::Demo).await;
    let handle = &sandbox.handle;
    let api = Api::login(handle, handle.credentials()).await;
    let before = handle.request_count();
    let upper = api.get_json("/Organizations?showActive=True").await;
    let lower = api.get_json("/organizations?showactive=true").await;
    assert_eq!(upper, lower);
    let mixed = format!(
        "{}/API/Resellers/{}/ORGANIZATIONS",
        api.base,
        api.reseller.to_uppercase()
    );
    let response = api
        .http
        .get(&mixed)
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let all: Value = response.json().await.unwrap();
    assert!(all.as_array().unwrap().len() > upper.as_array().unwrap().len());

    assert_eq!(handle.request_count(), before + 3);
    let log = handle.request_log();
    assert_eq!(log[0], "POST /connect/token");
    assert_eq!(
        log[log.len() - 3],
        format!(
            "GET /api/resellers/{}/Organizations?showActive=True",
            api.reseller
        )
    );
    assert!(log.last().unwrap().starts_with("GET /API/Resellers/"));
}

#[tokio::test]
async fn injected_faults_fire_the_requested_number_of_times() {
    let sandbox = start(Seed::Empty).await;
    let handle = &sandbox.handle;
    let api = Api::login(handle, handle.credentials()).await;
    handle.fail_next("/organizations", 503, 2);
    assert_eq!(
        api.get("/Organizations").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        api.get("/organizations").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(api.get("/Organizations").await.status(), StatusCode::OK);
    handle.fail_next("ResellerRoles", 400, 1);
    let body = expect(api.get("/ResellerRoles").await, StatusCode::BAD_REQUEST).await;
    assert_eq!(body[0]["errorCode"], 5);
    assert!(handle.faults().pending().is_empty());
}
