//! The Equinix Metal client: its settings and every call, through the profile's
//! [`Discipline`] (a limit in flight, the `Retry-After` gate, retries of reads, and the
//! `X-RateLimit-*` budget, `api::rate_budget`). Every call carries the API key in `X-Auth-Token`; there is
//! no sign-in call and keys do not expire, so a 401 is final ([`ApiError::Unauthorized`]) and
//! is never answered by sending again.

use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::errors::map_error;
use super::wire::{
    Invitation, InvitationInput, Membership, Organization, OrganizationInput, Project,
    ProjectInput, ProjectUpdateInput, User, UserUpdateInput,
};
use crate::api::discipline::{Discipline, Reply, http_client};
use crate::api::{ApiError, DEFAULT_MAX_IN_FLIGHT, RetryPolicy};
use crate::domain::lenient;
use crate::secret::Secret;

/// Where the API lives when the profile names no `api_url`.
pub const DEFAULT_API_URL: &str = "https://api.equinix.com/metal/v1";

/// Items asked for per page by default: the largest page the spec allows, so a
/// 2,500-organization user is three requests.
pub const DEFAULT_PER_PAGE: u32 = 1000;

/// The header that carries the API key.
const TOKEN_HEADER: &str = "x-auth-token";

/// Where and with which key to connect.
#[derive(Debug, Clone)]
pub struct MetalConfig {
    /// With the version path: `https://api.equinix.com/metal/v1`.
    pub base_url: String,
    pub token: Secret,
    /// A stable name for this key that is no secret (the profile's name), for logs and the
    /// journal: whose key it is is known only after a call.
    pub label: String,
    pub timeout: Duration,
    /// Requests in flight at once, all callers of this client together.
    pub max_in_flight: usize,
    pub retry: RetryPolicy,
    /// Items asked for per page (1–1,000).
    pub per_page: u32,
}

impl MetalConfig {
    pub fn new(base_url: &str, token: Secret, label: &str) -> MetalConfig {
        MetalConfig {
            base_url: base_url.to_string(),
            token,
            label: label.to_string(),
            timeout: Duration::from_secs(30),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            retry: RetryPolicy::default(),
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// Which organizations of a user `personal` or `without_projects` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Those too (the server's default).
    Include,
    /// Not those.
    Exclude,
    /// Only those.
    Only,
}

impl Filter {
    fn as_str(self) -> &'static str {
        match self {
            Filter::Include => "include",
            Filter::Exclude => "exclude",
            Filter::Only => "only",
        }
    }
}

/// Which references an answer expands (`include`, dotted: `projects.memberships`) and which
/// it leaves as stubs (`exclude`, which wins).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl View {
    pub fn including(names: &[&str]) -> View {
        View {
            include: names.iter().map(|n| n.to_string()).collect(),
            exclude: Vec::new(),
        }
    }

    /// The query pairs of this view.
    pub(super) fn pairs(&self) -> Vec<(&'static str, String)> {
        [("include", &self.include), ("exclude", &self.exclude)]
            .into_iter()
            .filter(|(_, names)| !names.is_empty())
            .map(|(key, names)| (key, names.join(",")))
            .collect()
    }
}

/// The options of `findOrganizations`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgQuery {
    pub personal: Option<Filter>,
    pub without_projects: Option<Filter>,
    pub view: View,
}

impl OrgQuery {
    pub(super) fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<_> = [
            ("personal", self.personal),
            ("without_projects", self.without_projects),
        ]
        .into_iter()
        .filter_map(|(key, filter)| Some((key, filter?.as_str().to_string())))
        .collect();
        pairs.extend(self.view.pairs());
        pairs
    }
}

/// A Metal client. Share it behind an `Arc`.
pub struct MetalClient {
    http: reqwest::Client,
    pub(super) base: Url,
    pub(super) config: MetalConfig,
    discipline: Discipline,
}

impl MetalClient {
    pub fn new(config: MetalConfig) -> Result<MetalClient, ApiError> {
        let (base, http) = http_client(&config.base_url, config.timeout)?;
        Ok(MetalClient {
            http,
            base,
            discipline: Discipline::new(config.max_in_flight, config.retry),
            config,
        })
    }

    pub fn config(&self) -> &MetalConfig {
        &self.config
    }

    /// Every change of the "not before" gate (for the status bar).
    pub fn throttle(&self) -> tokio::sync::watch::Receiver<Option<tokio::time::Instant>> {
        self.discipline.throttle()
    }

    /// `path` under the base URL, with `query` pairs.
    pub(super) fn url(&self, path: &str, query: &[(&str, String)]) -> Url {
        let mut url = self.base.clone();
        url.set_path(&format!("{}{path}", self.base.path().trim_end_matches('/')));
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// One call, sent again as the discipline allows; the 2xx answer.
    pub(super) async fn call(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
    ) -> Result<Reply, ApiError> {
        let attempt = || self.call_once(&method, &url, body);
        self.discipline
            .with_retries(&method, url.path(), attempt)
            .await
    }

    async fn call_once(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<Reply, ApiError> {
        let mut token = HeaderValue::from_str(self.config.token.expose())
            .map_err(|_| ApiError::Auth("the API token is not valid header text".into()))?;
        // Kept out of any debug print of the request.
        token.set_sensitive(true);
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header(TOKEN_HEADER, token)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            request = request.json(body);
        }
        let reply = self
            .discipline
            .exchange(request, self.config.timeout)
            .await?;
        tracing::debug!(%method, path = url.path(), status = %reply.status, "metal call");
        if !reply.status.is_success() {
            return Err(map_error(&reply, body));
        }
        Ok(reply)
    }

    /// Reads a 2xx body as `T`, leniently.
    pub(super) fn decode<T: DeserializeOwned>(what: &str, body: &str) -> Result<T, ApiError> {
        serde_json::from_str(body)
            .and_then(lenient::from_value)
            .map_err(|e| ApiError::Decode(format!("{what}: {e}")))
    }

    async fn get<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        view: &View,
    ) -> Result<T, ApiError> {
        let reply = self
            .call(Method::GET, self.url(path, &view.pairs()), None)
            .await?;
        Self::decode(what, &reply.body)
    }

    /// `GET /organizations/{id}`, else (not found) `GET /projects/{id}`, as the server sent it
    /// (the raw view): a node's id does not say which it is.
    pub async fn node_body(&self, id: &str) -> Result<Value, ApiError> {
        let body = |reply: Reply| {
            serde_json::from_str(&reply.body).map_err(|e| ApiError::Decode(e.to_string()))
        };
        let org = self.call(
            Method::GET,
            self.url(&path_of("organizations", id), &[]),
            None,
        );
        match org.await {
            Err(ApiError::NotFound) => {
                let project = self.url(&path_of("projects", id), &[]);
                body(self.call(Method::GET, project, None).await?)
            }
            answer => body(answer?),
        }
    }

    /// A write whose answer is the object written.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        what: &str,
        path: &str,
        body: &Value,
    ) -> Result<T, ApiError> {
        let reply = self.call(method, self.url(path, &[]), Some(body)).await?;
        Self::decode(what, &reply.body)
    }

    async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.call(Method::DELETE, self.url(path, &[]), None).await?;
        Ok(())
    }

    /// `GET /user` (findCurrentUser): whose key this is.
    pub async fn current_user(&self) -> Result<User, ApiError> {
        self.get("the current user", "/user", &View::default())
            .await
    }

    /// `PUT /user` (updateCurrentUser): the key's owner changes the fields `change` sets.
    pub async fn update_current_user(&self, change: &UserUpdateInput) -> Result<User, ApiError> {
        self.send(Method::PUT, "the updated user", "/user", &to_body(change)?)
            .await
    }

    /// `GET /users/{id}` (findUserById): someone the caller shares an organization with.
    pub async fn user(&self, id: &str, view: &View) -> Result<User, ApiError> {
        self.get("the user", &path_of("users", id), view).await
    }

    /// `GET /organizations/{id}` (findOrganizationById).
    pub async fn organization(&self, id: &str, view: &View) -> Result<Organization, ApiError> {
        self.get("the organization", &path_of("organizations", id), view)
            .await
    }

    /// `POST /organizations` (createOrganization): 201 with the whole organization; the
    /// caller becomes its owner.
    pub async fn create_organization(
        &self,
        input: &OrganizationInput,
    ) -> Result<Organization, ApiError> {
        let body = to_body(input)?;
        self.send(
            Method::POST,
            "the created organization",
            "/organizations",
            &body,
        )
        .await
    }

    /// `PUT /organizations/{id}` (updateOrganization): changes the fields `change` sets.
    pub async fn update_organization(
        &self,
        id: &str,
        change: &OrganizationInput,
    ) -> Result<Organization, ApiError> {
        self.put_organization(id, &to_body(change)?).await
    }

    /// `PUT /organizations/{id}` with a body as it is, which may clear fields with `null`
    /// (what [`OrganizationInput`] cannot say).
    pub async fn put_organization(&self, id: &str, body: &Value) -> Result<Organization, ApiError> {
        let path = path_of("organizations", id);
        self.send(Method::PUT, "the updated organization", &path, body)
            .await
    }

    /// `DELETE /organizations/{id}` (deleteOrganization): 204; its projects, memberships and
    /// invitations go with it.
    pub async fn delete_organization(&self, id: &str) -> Result<(), ApiError> {
        self.delete(&path_of("organizations", id)).await
    }

    /// `POST /organizations/{id}/projects` (createOrganizationProject): 201 with the project.
    pub async fn create_project(
        &self,
        org_id: &str,
        input: &ProjectInput,
    ) -> Result<Project, ApiError> {
        let path = format!("{}/projects", path_of("organizations", org_id));
        self.send(Method::POST, "the created project", &path, &to_body(input)?)
            .await
    }

    /// `PUT /projects/{id}` (updateProject): changes the fields `change` sets.
    pub async fn update_project(
        &self,
        id: &str,
        change: &ProjectUpdateInput,
    ) -> Result<Project, ApiError> {
        let path = path_of("projects", id);
        self.send(Method::PUT, "the updated project", &path, &to_body(change)?)
            .await
    }

    /// `DELETE /projects/{id}` (deleteProject): 204; its memberships go with it.
    pub async fn delete_project(&self, id: &str) -> Result<(), ApiError> {
        self.delete(&path_of("projects", id)).await
    }

    /// `POST /organizations/{id}/invitations` (createOrganizationInvitation): 201.
    pub async fn invite(
        &self,
        org_id: &str,
        input: &InvitationInput,
    ) -> Result<Invitation, ApiError> {
        let path = format!("{}/invitations", path_of("organizations", org_id));
        self.send(Method::POST, "the invitation", &path, &to_body(input)?)
            .await
    }

    /// `GET /invitations/{id}` (findInvitationById).
    pub async fn invitation(&self, id: &str, view: &View) -> Result<Invitation, ApiError> {
        self.get("the invitation", &path_of("invitations", id), view)
            .await
    }

    /// `PUT /invitations/{id}` (acceptInvitation), as the invitee: 200 with a membership it
    /// made (the spec sends no body and answers one `Membership`, though an invitation may
    /// make several: the organization's and one per invited project).
    pub async fn accept_invitation(&self, id: &str, view: &View) -> Result<Membership, ApiError> {
        let url = self.url(&path_of("invitations", id), &view.pairs());
        let reply = self.call(Method::PUT, url, None).await?;
        Self::decode("the accepted invitation's membership", &reply.body)
    }

    /// `DELETE /invitations/{id}` (declineInvitation): the invitee declines, or a manager of
    /// the organization withdraws it (the spec has one call for both).
    pub async fn decline_invitation(&self, id: &str) -> Result<(), ApiError> {
        self.delete(&path_of("invitations", id)).await
    }

    /// `GET /projects/{id}` (findProjectById).
    pub async fn project(&self, id: &str) -> Result<Project, ApiError> {
        self.get("the project", &path_of("projects", id), &View::default())
            .await
    }

    /// `GET /memberships/{id}` (findMembershipById).
    pub async fn membership(&self, id: &str, view: &View) -> Result<Membership, ApiError> {
        self.get("the membership", &path_of("memberships", id), view)
            .await
    }

    /// `PUT /memberships/{id}` (updateMembership): the roles, in the spec's `role` field.
    pub async fn update_membership_roles(
        &self,
        id: &str,
        roles: &[String],
    ) -> Result<Membership, ApiError> {
        let body = json!({ "role": roles });
        let path = path_of("memberships", id);
        self.send(Method::PUT, "the updated membership", &path, &body)
            .await
    }

    /// `DELETE /memberships/{id}` (deleteMembership): 204.
    pub async fn delete_membership(&self, id: &str) -> Result<(), ApiError> {
        self.delete(&path_of("memberships", id)).await
    }
}

/// `/<collection>/<id>`; an id is server text, so what would change the path's shape
/// (`/ ? # %`) is escaped.
pub(super) fn path_of(collection: &str, id: &str) -> String {
    let mut encoded = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            '/' | '?' | '#' | '%' => encoded.push_str(&format!("%{:02X}", c as u32)),
            other => encoded.push(other),
        }
    }
    format!("/{collection}/{encoded}")
}

fn to_body(input: &impl serde::Serialize) -> Result<Value, ApiError> {
    serde_json::to_value(input).map_err(|e| ApiError::Decode(e.to_string()))
}
