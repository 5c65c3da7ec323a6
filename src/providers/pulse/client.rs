//! The Pulse IoT Center client: every organization call, through the profile's
//! [`Discipline`] (a limit in flight, the `Retry-After` gate, retries of reads). A call carries
//! the `Accept: application/json;api-version=<v>` header and the access token; a 401 drops the
//! tokens and signs in once more; a write (POST, PUT, DELETE) that met one is not sent again
//! blindly ([`ApiError::ExpiredMidWrite`]).

use std::time::Duration;

use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::{Mutex, OnceCell};

use super::errors::map_error;
use super::session::{Tokens, accept};
use super::wire::{NewUser, Organization, OrganizationInput};
use crate::api::discipline::{Discipline, Reply, http_client};
use crate::api::{ApiError, DEFAULT_MAX_IN_FLIGHT, RetryPolicy};
use crate::domain::lenient;
use crate::secret::Secret;

/// Organizations asked for per page by default: the stand-in's largest page, the fastest
/// whole read in `benches/pulse_tree.rs`; a server that serves fewer says so in `pageInfo`,
/// and the page numbers stay right.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;

/// Where and as whom to connect.
#[derive(Debug, Clone)]
pub struct PulseConfig {
    pub base_url: String,
    pub username: String,
    pub password: Secret,
    pub timeout: Duration,
    /// Requests in flight at once, all callers of this client together.
    pub max_in_flight: usize,
    pub retry: RetryPolicy,
    /// Organizations asked for per page.
    pub page_size: u32,
}

impl PulseConfig {
    pub fn new(base_url: &str, username: &str, password: Secret) -> PulseConfig {
        PulseConfig {
            base_url: base_url.to_string(),
            username: username.to_string(),
            password,
            timeout: Duration::from_secs(30),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            retry: RetryPolicy::default(),
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// A Pulse client. Share it behind an `Arc`; the tokens are reused by every call.
pub struct PulseClient {
    pub(super) http: reqwest::Client,
    base: Url,
    pub(super) config: PulseConfig,
    discipline: Discipline,
    pub(super) version: OnceCell<String>,
    pub(super) tokens: Mutex<Option<Tokens>>,
}

/// The parts of an organization a write sends (`update` keeps the version check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationUpdate {
    pub name: String,
    pub parent_id: String,
    pub status: String,
    /// The version the change was made from; 0 sends no check.
    pub update_version: i64,
}

impl PulseClient {
    pub fn new(config: PulseConfig) -> Result<PulseClient, ApiError> {
        let (base, http) = http_client(&config.base_url, config.timeout)?;
        Ok(PulseClient {
            http,
            base,
            discipline: Discipline::new(config.max_in_flight, config.retry),
            config,
            version: OnceCell::new(),
            tokens: Mutex::new(None),
        })
    }

    /// Every change of the "not before" gate set by a `Retry-After` (for the status bar).
    pub fn throttle(&self) -> tokio::sync::watch::Receiver<Option<tokio::time::Instant>> {
        self.discipline.throttle()
    }

    /// `path` (with its query) under the base URL.
    pub(super) fn url(&self, path: &str) -> Url {
        let mut url = self.base.clone();
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        url.set_path(&format!("{}{path}", self.base.path().trim_end_matches('/')));
        url.set_query((!query.is_empty()).then_some(query));
        url
    }

    pub(super) async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<Reply, ApiError> {
        self.discipline.exchange(request, self.config.timeout).await
    }

    /// One API call, sent again as the discipline allows; the 2xx answer.
    pub(super) async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Reply, ApiError> {
        let attempt = || self.call_once(&method, path, body);
        self.discipline.with_retries(&method, path, attempt).await
    }

    /// One API call with the access token; on 401 signs in again once and repeats.
    async fn call_once(
        &self,
        method: &Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Reply, ApiError> {
        let version = self.api_version().await?;
        for attempt in 0..2 {
            let token = self.access_token().await?;
            let mut request = self
                .http
                .request(method.clone(), self.url(path))
                .bearer_auth(token.expose())
                .header(reqwest::header::ACCEPT, accept(&version));
            if let Some(body) = body {
                request = request.json(body);
            }
            let reply = self.exchange(request).await?;
            tracing::debug!(%method, path, status = %reply.status, "pulse call");
            if reply.status == StatusCode::UNAUTHORIZED && attempt == 0 {
                self.forget_tokens().await;
                // A write reached the other end and may have been acted on: whoever sends it
                // again checks first. Sent again as it is, a create would be made twice, an
                // update would meet the version it moved on (a 409 for a change that was made)
                // and a delete would find nothing (a 404).
                if *method != Method::GET {
                    return Err(ApiError::ExpiredMidWrite);
                }
                continue;
            }
            if !reply.status.is_success() {
                return Err(map_error(&reply));
            }
            return Ok(reply);
        }
        Err(ApiError::Unauthorized)
    }

    /// Reads a 2xx body as `T`, leniently.
    pub(super) fn decode<T: DeserializeOwned>(what: &str, body: &str) -> Result<T, ApiError> {
        serde_json::from_str(body)
            .and_then(lenient::from_value)
            .map_err(|e| ApiError::Decode(format!("{what}: {e}")))
    }

    /// `GET /api/organizations/{id}`: every field of one organization.
    pub async fn organization(&self, id: &str) -> Result<Organization, ApiError> {
        let reply = self.call(Method::GET, &org_path(id), None).await?;
        Self::decode("the organization", &reply.body)
    }

    /// `GET /api/organizations/{id}` as the server sent it (the raw view).
    pub async fn organization_body(&self, id: &str) -> Result<Value, ApiError> {
        let reply = self.call(Method::GET, &org_path(id), None).await?;
        serde_json::from_str(&reply.body).map_err(|e| ApiError::Decode(e.to_string()))
    }

    /// `POST /api/organizations`: the new organization's id.
    pub async fn create(&self, input: &OrganizationInput) -> Result<String, ApiError> {
        let body = serde_json::to_value(input).map_err(|e| ApiError::Decode(e.to_string()))?;
        let reply = self
            .call(Method::POST, "/api/organizations", Some(&body))
            .await?;
        let created: Value = Self::decode("the created id", &reply.body)?;
        text_field(&created, "id")
    }

    /// `PUT /api/organizations/{id}`: a stale `update_version` is [`ApiError::Conflict`].
    pub async fn update(&self, id: &str, change: &OrganizationUpdate) -> Result<(), ApiError> {
        let body = json!({
            "id": id,
            "name": change.name,
            "parentId": change.parent_id,
            "status": change.status,
            "updateVersion": change.update_version,
        });
        self.call(Method::PUT, &org_path(id), Some(&body)).await?;
        Ok(())
    }

    /// Changes what `edit` changes of the organization as it is now, checked against
    /// `expected_version` (or the version just read, when `None`).
    pub(super) async fn edit(
        &self,
        id: &str,
        expected_version: Option<i64>,
        edit: impl FnOnce(&mut OrganizationUpdate),
    ) -> Result<(), ApiError> {
        let current = self.organization(id).await?;
        let mut change = OrganizationUpdate {
            name: current.name,
            parent_id: current.parent_id,
            status: current.status,
            update_version: expected_version.unwrap_or(current.update_version),
        };
        edit(&mut change);
        self.update(id, &change).await
    }

    /// Moves an organization (and what is below it) under `new_parent`.
    pub async fn move_to(
        &self,
        id: &str,
        new_parent: &str,
        expected_version: Option<i64>,
    ) -> Result<(), ApiError> {
        self.edit(id, expected_version, |c| {
            c.parent_id = new_parent.to_string()
        })
        .await
    }

    /// Sets `ACTIVE` or `INACTIVE`.
    pub async fn set_status(
        &self,
        id: &str,
        active: bool,
        expected_version: Option<i64>,
    ) -> Result<(), ApiError> {
        let status = if active { "ACTIVE" } else { "INACTIVE" };
        self.edit(id, expected_version, |c| c.status = status.to_string())
            .await
    }

    /// `DELETE /api/organizations/{id}`.
    pub async fn delete(&self, id: &str) -> Result<(), ApiError> {
        self.call(Method::DELETE, &org_path(id), None).await?;
        Ok(())
    }

    /// `POST /api/organizations/root`: a root tenant with its first user; (user id, org id).
    pub async fn create_root(
        &self,
        organization: &OrganizationInput,
        user: &NewUser,
    ) -> Result<(String, String), ApiError> {
        let body = json!({
            "createOrganizationRequest": organization,
            "createUserRequest": user,
        });
        let reply = self
            .call(Method::POST, "/api/organizations/root", Some(&body))
            .await?;
        let created: Value = Self::decode("the created root tenant", &reply.body)?;
        Ok((
            text_field(&created, "userId")?,
            text_field(&created, "orgId")?,
        ))
    }
}

/// The path of one organization; an id is server text, so what would change the path's
/// shape (`/ ? # %`) is escaped.
fn org_path(id: &str) -> String {
    let mut encoded = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            '/' | '?' | '#' | '%' => encoded.push_str(&format!("%{:02X}", c as u32)),
            other => encoded.push(other),
        }
    }
    format!("/api/organizations/{encoded}")
}

/// A non-empty text field of an answer (a number reads as its text).
fn text_field(body: &Value, key: &str) -> Result<String, ApiError> {
    match body.get(key) {
        Some(Value::String(text)) if !text.is_empty() => Ok(text.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(ApiError::Decode(format!("the answer has no '{key}'"))),
    }
}
