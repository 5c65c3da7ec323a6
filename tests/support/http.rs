//! Raw HTTP calls for the contract tests: sign in to a stand-in and call reseller routes, with
//! assertions on the status and the shape of the error bodies.

use reqwest::{Method, Response, StatusCode};
use serde_json::Value;
use tenantdeck::sandbox::{DemoCredentials, SandboxHandle};

/// Form fields of a password grant for `creds`.
pub fn token_form(creds: &DemoCredentials) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "password".into()),
        ("username", creds.username.clone()),
        ("password", creds.password.clone()),
        ("scope", "api".into()),
        ("client_id", creds.client_id.clone()),
        ("client_secret", creds.client_secret.clone()),
    ]
}

/// A signed-in API client for one reseller.
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub reseller: String,
    pub token: String,
}

impl Api {
    pub async fn login(handle: &SandboxHandle, creds: &DemoCredentials) -> Api {
        let http = reqwest::Client::new();
        let response = http
            .post(format!("{}/connect/token", handle.base_url()))
            .form(&token_form(creds))
            .send()
            .await
            .expect("token request");
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.expect("token json");
        Api {
            http,
            base: handle.base_url(),
            reseller: creds.reseller_id.clone(),
            token: body["access_token"].as_str().expect("token").to_string(),
        }
    }

    /// Absolute URL of a path under `/api/resellers/{resellerId}`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/resellers/{}{path}", self.base, self.reseller)
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Response {
        let mut request = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.expect("request")
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send(Method::GET, path, None).await
    }

    /// GET that must answer 200; the JSON body.
    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.expect("json body")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.send(Method::DELETE, path, None).await
    }

    /// POST that must answer 201 with an empty body and a `Location` that GET resolves;
    /// returns the new id (the last segment of `Location`).
    pub async fn create(&self, path: &str, body: &Value) -> String {
        let response = self.post(path, body).await;
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let text = response.text().await.expect("body");
        assert_eq!(status, StatusCode::CREATED, "POST {path}: {text}");
        assert!(text.is_empty(), "201 has no body");
        let location = location.expect("Location header");
        assert!(location.starts_with("http://"), "absolute: {location}");
        let resolved = self
            .http
            .get(&location)
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("GET Location");
        assert_eq!(resolved.status(), StatusCode::OK, "GET {location}");
        location.rsplit('/').next().expect("id").to_string()
    }
}

/// Asserts a status and returns the body as JSON (`Null` when empty).
pub async fn expect(response: Response, status: StatusCode) -> Value {
    let got = response.status();
    let text = response.text().await.expect("body");
    assert_eq!(got, status, "body: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("json body")
    }
}

/// Asserts a 400 business-error list whose first message contains `needle`.
pub async fn expect_business(response: Response, needle: &str) {
    let body = expect(response, StatusCode::BAD_REQUEST).await;
    let list = body.as_array().expect("business error list");
    assert_eq!(list[0]["errorCode"], 5, "{body}");
    assert_eq!(list[0]["errorName"], "InvalidValue", "{body}");
    let message = list[0]["errorMessage"].as_str().expect("message");
    assert!(
        message.contains(needle),
        "{message:?} should contain {needle:?}"
    );
}

/// Asserts a 400 ModelState dictionary with an entry for `field`.
pub async fn expect_field(response: Response, field: &str) -> Value {
    let body = expect(response, StatusCode::BAD_REQUEST).await;
    let messages = body
        .get(field)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no {field:?} in {body}"));
    assert!(!messages.is_empty() && messages[0].is_string(), "{body}");
    body
}
