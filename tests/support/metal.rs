//! Shared set-up of the Equinix Metal tests: a Metal stand-in on a free loopback port with a
//! temporary database, its demo users, a raw HTTP caller that sends `X-Auth-Token`, and a
//! fake Metal for the bodies the stand-in never sends.

use std::collections::HashMap;
use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use tenantdeck::sandbox::{self, Dialect, MetalAccount, SandboxConfig, SandboxHandle, Seed};

/// A running Metal stand-in and the directory holding its database (deleted on drop).
pub struct Metal {
    pub handle: SandboxHandle,
    pub dir: tempfile::TempDir,
}

/// The demo users by first name (`tests` read them by the role they hold in the seed).
pub const MAIN: &str = "Morgan";
pub const PRIYA: &str = "Priya";
pub const TOMAS: &str = "Tomas";
/// Invited twice, member of nothing but their personal organization.
pub const SAM: &str = "Sam";

/// Team organizations in which the main user holds a lesser role (the seed's every ninth).
pub const MAIN_IS_COLLABORATOR: &str = "Delta Logistics Cloud";
/// The team whose pending invitation for Sam names two projects.
pub const SAMS_PROJECT_INVITATION: &str = "Brightline Hosting";

/// Settings of a Metal stand-in; `tweak` changes them before it starts.
pub async fn start_with(seed: Seed, tweak: impl FnOnce(&mut SandboxConfig)) -> Metal {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().expect("address"),
        dir.path().join("metal.db"),
    );
    config.dialect = Dialect::Metal;
    config.seed = seed;
    tweak(&mut config);
    let handle = sandbox::start(config).await.expect("sandbox starts");
    Metal { handle, dir }
}

pub async fn start(seed: Seed) -> Metal {
    start_with(seed, |_| {}).await
}

impl Metal {
    /// The demo user whose full name starts with `first`.
    pub fn account(&self, first: &str) -> MetalAccount {
        self.handle
            .metal_accounts()
            .iter()
            .find(|a| a.full_name.starts_with(first))
            .expect("a demo user")
            .clone()
    }

    /// A caller with the API key of the demo user `first`.
    pub fn as_user(&self, first: &str) -> Raw {
        Raw::new(&self.handle, Some(self.account(first).token))
    }

    /// A caller with no API key.
    pub fn anonymous(&self) -> Raw {
        Raw::new(&self.handle, None)
    }
}

/// A raw caller of the Metal API under `/metal/v1`.
pub struct Raw {
    pub http: reqwest::Client,
    /// `http://ADDR/metal/v1`.
    pub base: String,
    pub token: Option<String>,
}

/// A status and the body read as JSON (`Null` when it is not JSON or empty).
pub type Answer = (StatusCode, Value);

impl Raw {
    pub fn new(handle: &SandboxHandle, token: Option<String>) -> Raw {
        Raw {
            http: reqwest::Client::new(),
            base: format!("{}/metal/v1", handle.base_url()),
            token,
        }
    }

    /// The request, not yet sent (for tests that read headers).
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.http.request(method, format!("{}{path}", self.base));
        match &self.token {
            Some(token) => request.header("X-Auth-Token", token),
            None => request,
        }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.json(body);
        }
        read(request.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Answer {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Answer {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }

    /// `GET path` that must answer 200; its body.
    pub async fn ok(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    /// Every organization the caller sees, each with its projects (`include=projects`).
    pub async fn organizations_with_projects(&self) -> Vec<Value> {
        self.all(
            "/organizations?per_page=1000&include=projects",
            "organizations",
        )
        .await
    }

    /// Every item of a list, page by page, following `meta.next` from `path`.
    pub async fn all(&self, path: &str, key: &str) -> Vec<Value> {
        let mut items = Vec::new();
        let mut next = Some(path.to_string());
        while let Some(path) = next {
            let body = self.ok(&path).await;
            items.extend(body[key].as_array().expect("a list").iter().cloned());
            next = body["meta"]["next"]["href"]
                .as_str()
                .map(|href| href.trim_start_matches("/metal/v1").to_string());
        }
        items
    }

    /// The organization of the caller named `name`.
    pub async fn org_named(&self, name: &str) -> Value {
        self.all("/organizations?per_page=1000", "organizations")
            .await
            .into_iter()
            .find(|o| o["name"] == name)
            .unwrap_or_else(|| panic!("an organization named {name}"))
    }

    /// Creates an organization named `name`; its body.
    pub async fn create_org(&self, name: &str) -> Value {
        let (status, body) = self
            .post("/organizations", &serde_json::json!({ "name": name }))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }
}

pub async fn read(response: reqwest::Response) -> Answer {
    let status = response.status();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Checks a Metal error: the status, and an `errors` list of strings of which one contains
/// `needle` (case-insensitively).
pub fn assert_errors(answer: &Answer, status: StatusCode, needle: &str) {
    let (got, body) = answer;
    assert_eq!(*got, status, "{body}");
    let errors = body["errors"].as_array().expect("an errors list");
    assert!(errors.iter().all(Value::is_string), "{body}");
    assert!(
        errors.iter().any(|e| e
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains(&needle.to_lowercase())),
        "{body} should mention {needle:?}"
    );
}

/// The id at the end of an href.
pub fn id_of(href: &Value) -> String {
    href["href"]
        .as_str()
        .expect("an href")
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// A fake Metal for what the stand-in never sends: each path answers the body given.
pub async fn fake(bodies: HashMap<&'static str, serde_json::Value>) -> String {
    use axum::extract::State;
    use axum::http::Uri;
    use axum::response::IntoResponse;
    let bodies = Arc::new(bodies);
    let router = axum::Router::new()
        .fallback(
            |State(bodies): State<Arc<HashMap<&'static str, serde_json::Value>>>, uri: Uri| async move {
                match bodies.get(uri.path()) {
                    Some(body) => axum::Json(body.clone()).into_response(),
                    None => axum::http::StatusCode::NOT_FOUND.into_response(),
                }
            },
        )
        .with_state(bodies);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/metal/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}
