//! A fake Cloudmore for the decoding tests: a tiny axum app on a free loopback port that signs
//! anyone in and answers each request with exactly the body a test gave it, so a test can send
//! what the stand-in never would (nulls, numbers as text, unknown fields, broken rows).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::Value;
use tenantdeck::api::{DEFAULT_MAX_IN_FLIGHT, Resource, RetryPolicy};
use tenantdeck::providers::cloudmore::routes::resource_path;
use tenantdeck::providers::cloudmore::{ClientConfig, CloudmoreClient};
use tenantdeck::secret::Secret;

pub const RESELLER: &str = "r-fake";

type Replies = Arc<Mutex<HashMap<(Method, String), (StatusCode, String)>>>;

pub struct Fake {
    pub base: String,
    replies: Replies,
}

impl Fake {
    pub async fn start() -> Fake {
        let replies = Replies::default();
        let router = Router::new()
            .route("/connect/token", post(token))
            .fallback(reply)
            .with_state(replies.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Fake { base, replies }
    }

    /// A client of this fake, signed in on its first call.
    pub fn client(&self) -> Arc<CloudmoreClient> {
        let config = ClientConfig {
            base_url: self.base.clone(),
            reseller_id: RESELLER.into(),
            username: "someone@example.com".into(),
            password: Secret::new("pw"),
            client_id: "ro.customer.client".into(),
            client_secret: Secret::new("secret"),
            client_auth: Default::default(),
            timeout: Duration::from_secs(10),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            retry: RetryPolicy::default(),
        };
        Arc::new(CloudmoreClient::new(config).unwrap())
    }

    /// Answers the GET of `resource` with `body`.
    pub fn serve(&self, resource: &Resource, body: &Value) {
        let path = resource_path(resource).expect("a resource with a path of its own");
        self.answer(Method::GET, &path, StatusCode::OK, &body.to_string());
    }

    /// Answers `method` on the reseller path made of `segments` with `status` and `body`.
    pub fn answer(&self, method: Method, segments: &[&str], status: StatusCode, body: &str) {
        let path = format!("/api/resellers/{RESELLER}/{}", segments.join("/"));
        self.replies
            .lock()
            .unwrap()
            .insert((method, path), (status, body.to_string()));
    }
}

/// A token answer as a lax server might send it (the lifetime as text).
async fn token() -> impl IntoResponse {
    let body = r#"{"access_token":"fake-token","token_type":"Bearer","expires_in":"3600"}"#;
    ([("content-type", "application/json")], body)
}

async fn reply(State(replies): State<Replies>, method: Method, uri: Uri) -> Response {
    let found = replies
        .lock()
        .unwrap()
        .get(&(method, uri.path().to_string()))
        .cloned();
    match found {
        Some((status, body)) => {
            (status, [("content-type", "application/json")], body).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
