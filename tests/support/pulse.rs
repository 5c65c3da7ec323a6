//! Shared set-up of the Pulse tests: a Pulse stand-in on a free loopback port with a temporary
//! database, and a raw HTTP caller that signs in the documented way (Basic, then Bearer).

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use tenantdeck::sandbox::{self, Dialect, PulseAccount, SandboxConfig, SandboxHandle, Seed};

/// A running Pulse stand-in and the directory holding its database (deleted on drop).
pub struct Pulse {
    pub handle: SandboxHandle,
    pub dir: tempfile::TempDir,
}

/// Settings of a Pulse stand-in; `tweak` changes them before it starts.
pub async fn start_with(seed: Seed, tweak: impl FnOnce(&mut SandboxConfig)) -> Pulse {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().expect("address"),
        dir.path().join("pulse.db"),
    );
    config.dialect = Dialect::Pulse;
    config.seed = seed;
    tweak(&mut config);
    let handle = sandbox::start(config).await.expect("sandbox starts");
    Pulse { handle, dir }
}

pub async fn start(seed: Seed) -> Pulse {
    start_with(seed, |_| {}).await
}

impl Pulse {
    pub fn operator(&self) -> PulseAccount {
        self.handle
            .pulse_credentials()
            .expect("a Pulse stand-in")
            .clone()
    }

    /// The administrator of the root tenant named `tenant`.
    pub fn tenant_admin(&self, tenant: &str) -> PulseAccount {
        self.handle
            .pulse_accounts()
            .iter()
            .find(|a| a.tenant_name.as_deref() == Some(tenant))
            .expect("a demo tenant")
            .clone()
    }
}

/// A raw caller of the Pulse API.
pub struct Raw {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

/// A status and the body read as JSON (`Null` when it is not JSON).
pub type Answer = (StatusCode, Value);

impl Raw {
    /// Signs in as `account` with HTTP Basic.
    pub async fn login(handle: &SandboxHandle, account: &PulseAccount) -> Raw {
        let http = reqwest::Client::new();
        let (status, body) = read(
            http.get(format!("{}/api/tokens", handle.base_url()))
                .basic_auth(&account.username, Some(&account.password))
                .send()
                .await
                .expect("token request"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        Raw {
            http,
            base: handle.base_url(),
            token: body["accessToken"].as_str().expect("access token").into(),
        }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("Accept", "application/json;api-version=1.0");
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

    /// Every organization visible, read with the largest pages.
    pub async fn all_orgs(&self) -> Vec<Value> {
        let mut all = Vec::new();
        for page in 1.. {
            let (status, body) = self
                .get(&format!(
                    "/api/organizations?page.number={page}&page.size=1000"
                ))
                .await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let rows = body["tenants"].as_array().expect("tenants").clone();
            if rows.is_empty() {
                break;
            }
            all.extend(rows);
        }
        all
    }

    /// Creates a child of `parent`; its id.
    pub async fn create_child(&self, parent: &str, name: &str) -> String {
        let (status, body) = self
            .post(
                "/api/organizations",
                &serde_json::json!({"name": name, "parentId": parent, "status": "ACTIVE"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["id"].as_str().expect("id").to_string()
    }
}

pub async fn read(response: reqwest::Response) -> Answer {
    let status = response.status();
    let text = response.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Checks a grpc-gateway error body: `code`, and `message` = `error` containing `needle`.
pub fn assert_grpc(answer: &Answer, status: StatusCode, code: i64, needle: &str) {
    let (got, body) = answer;
    assert_eq!(*got, status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    let message = body["message"].as_str().expect("message");
    assert_eq!(body["error"], message, "{body}");
    assert!(body["details"].is_array(), "{body}");
    assert!(
        message.to_lowercase().contains(&needle.to_lowercase()),
        "{message:?} should mention {needle:?}"
    );
}

/// The organizations as a tree: id → (parent id, name).
pub type Tree = HashMap<String, (String, String)>;

/// id → (parent id, name) of every organization.
pub fn tree(orgs: &[Value]) -> Tree {
    orgs.iter()
        .map(|o| {
            let field = |k: &str| o[k].as_str().unwrap_or_default().to_string();
            (field("id"), (field("parentId"), field("name")))
        })
        .collect()
}

/// Depth below the root tenant (the root is 0).
pub fn depth(tree: &Tree, id: &str) -> usize {
    let mut depth = 0;
    let mut at = &tree[id].0;
    while !at.is_empty() {
        depth += 1;
        at = &tree[at].0;
    }
    depth
}

/// An organization at exactly `wanted` depth, and one chain of ids from its root down to it.
pub fn chain_to_depth(tree: &Tree, wanted: usize) -> Vec<String> {
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

/// The root tenant of `id`.
pub fn root_of(tree: &Tree, id: &str) -> String {
    let mut at = id.to_string();
    while !tree[&at].0.is_empty() {
        at = tree[&at].0.clone();
    }
    at
}
