//! The Cloudmore HTTP client: password-grant sign-in, token reuse, one re-sign-in on 401, and the
//! mapping of every readable [`Resource`] and every [`Mutation`] onto the REST paths. Every
//! request goes through the profile's [`Discipline`]: a limit in flight, the `Retry-After`
//! gate and retries with backoff.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode, Url};
use tokio::sync::Mutex;

use crate::domain::{BusinessError, FieldErrors, lenient};
use crate::secret::Secret;

use super::organization_rows::OrganizationRows;
use super::routes::{self, Route};
use crate::api::discipline::{BodySink, Discipline, Reply, RetryPolicy, body_excerpt, http_client};
use crate::api::gather;
use crate::api::provider::PageSink;
use crate::api::{ApiError, Mutation, Read, Resource, ResourceData};

/// The fixed OAuth client id every Cloudmore customer uses.
pub const CLOUDMORE_CLIENT_ID: &str = "ro.customer.client";

/// A token is renewed this long before it expires, so a request never starts with one that
/// runs out mid-flight.
const TOKEN_RENEW_MARGIN: Duration = Duration::from_secs(60);

/// How long a token is taken to live when its reply has no `expires_in`: Cloudmore documents
/// 24 hours for its access tokens (research §2), so a missing lifetime means that, not the
/// OAuth habit of an hour. A token revoked earlier still ends in a 401 and one re-sign-in.
pub const DOCUMENTED_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// How the client id and secret travel in a sign-in: Cloudmore's public client takes them as
/// form fields or as HTTP Basic, and a gateway in front of it may allow only one of the two.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_id` and `client_secret` in the form body (what the seeds show).
    #[default]
    Form,
    /// An `Authorization: Basic` header; the form then carries neither.
    Basic,
}

impl ClientAuth {
    /// The profile's word for it (`client_auth = "form"`), or `None` for a word it is not.
    pub fn from_word(word: &str) -> Option<ClientAuth> {
        match word {
            "form" => Some(ClientAuth::Form),
            "basic" => Some(ClientAuth::Basic),
            _ => None,
        }
    }
}

/// A sign-in's answer; a missing lifetime is the documented one.
#[derive(serde::Deserialize)]
struct TokenReply {
    access_token: String,
    #[serde(default = "documented_lifetime")]
    expires_in: u64,
}

fn documented_lifetime() -> u64 {
    DOCUMENTED_TOKEN_LIFETIME.as_secs()
}

/// Reads a sign-in's answer leniently (a `null` is a field left out, a number may come as a
/// string).
fn token_reply(body: &str) -> Result<TokenReply, ApiError> {
    (serde_json::from_str(body).and_then(lenient::from_value))
        .map_err(|e| ApiError::Decode(format!("token response: {e}")))
}

/// Where and as whom to connect.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub base_url: String,
    pub reseller_id: String,
    pub username: String,
    pub password: Secret,
    pub client_id: String,
    pub client_secret: Secret,
    pub client_auth: ClientAuth,
    pub timeout: Duration,
    /// Requests of this profile in flight at once (the actor's and the bulk worker's together).
    pub max_in_flight: usize,
    pub retry: RetryPolicy,
}

struct Token {
    value: Secret,
    renew_at: Instant,
}

/// Reads the password again (a profile's `password_command`); see
/// [`CloudmoreClient::rereading_password`].
pub type PasswordSource = Arc<dyn Fn() -> Result<Secret, String> + Send + Sync>;

/// A typed Cloudmore client. Cheap to share behind an `Arc`; the token is reused by all calls.
pub struct CloudmoreClient {
    http: reqwest::Client,
    base: Url,
    config: ClientConfig,
    token: Mutex<Option<Token>>,
    discipline: Discipline,
    /// The password signed in with: the configured one until a refused sign-in reads it again.
    password: std::sync::Mutex<Secret>,
    reread: Option<PasswordSource>,
    /// The last sign-in was refused: the next one reads the password again first.
    refused: AtomicBool,
}

impl CloudmoreClient {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let (base, http) = http_client(&config.base_url, config.timeout)?;
        Ok(CloudmoreClient {
            http,
            base,
            discipline: Discipline::new(config.max_in_flight, config.retry),
            password: std::sync::Mutex::new(config.password.clone()),
            config,
            token: Mutex::new(None),
            reread: None,
            refused: AtomicBool::new(false),
        })
    }

    /// After a refused sign-in, the next one reads the password from `source` first: a user who
    /// fixed it where it comes from (the password manager) signs in again with `r`, no restart.
    pub fn rereading_password(mut self, source: PasswordSource) -> Self {
        self.reread = Some(source);
        self
    }

    /// The password for the next sign-in: read again after a refusal when there is a source.
    async fn password(&self) -> Result<Secret, ApiError> {
        if let Some(source) = self
            .reread
            .clone()
            .filter(|_| self.refused.load(Ordering::Relaxed))
        {
            // A password manager can take a while: off the async threads.
            let fresh = tokio::task::spawn_blocking(move || source())
                .await
                .map_err(|e| ApiError::Auth(format!("reading the password again failed: {e}")))?
                .map_err(ApiError::Auth)?;
            *self.password.lock().unwrap_or_else(|e| e.into_inner()) = fresh;
        }
        Ok(self
            .password
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone())
    }

    /// Every change of the "not before" gate set by a `Retry-After` (for the status bar).
    pub fn throttle(&self) -> tokio::sync::watch::Receiver<Option<tokio::time::Instant>> {
        self.discipline.throttle()
    }

    /// Sends one HTTP request within the profile's limits and reads its answer.
    async fn exchange(&self, request: reqwest::RequestBuilder) -> Result<Reply, ApiError> {
        self.discipline.exchange(request, self.config.timeout).await
    }

    /// A valid token: the cached one while it is fresh, else a new password grant.
    async fn token(&self) -> Result<Secret, ApiError> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(token.value.clone());
        }
        let token = self.sign_in().await?;
        let value = token.value.clone();
        *slot = Some(token);
        Ok(value)
    }

    async fn forget_token(&self) {
        *self.token.lock().await = None;
    }

    /// The token request as the profile's [`ClientAuth`] sends it.
    fn token_request(&self, password: &Secret) -> reqwest::RequestBuilder {
        let url = self.url(&["connect", "token"]);
        let mut form = vec![
            ("grant_type", "password"),
            ("username", self.config.username.as_str()),
            ("password", password.expose()),
            ("scope", "api"),
        ];
        let request = self.http.post(url);
        match self.config.client_auth {
            ClientAuth::Form => {
                form.push(("client_id", self.config.client_id.as_str()));
                form.push(("client_secret", self.config.client_secret.expose()));
                request.form(&form)
            }
            ClientAuth::Basic => request
                .basic_auth(
                    &self.config.client_id,
                    Some(self.config.client_secret.expose()),
                )
                .form(&form),
        }
    }

    async fn sign_in(&self) -> Result<Token, ApiError> {
        let password = self.password().await?;
        let started = Instant::now();
        let reply = self.exchange(self.token_request(&password)).await?;
        if !reply.status.is_success() {
            tracing::warn!(status = %reply.status, "sign-in refused");
            if reply.status == StatusCode::TOO_MANY_REQUESTS {
                return Err(reply.throttled());
            }
            self.refused.store(true, Ordering::Relaxed);
            return Err(ApiError::Auth(describe_token_error(
                reply.status,
                &reply.body,
            )));
        }
        let reply = token_reply(&reply.body)?;
        let lifetime = Duration::from_secs(reply.expires_in);
        tracing::info!(expires_in = reply.expires_in, "signed in");
        self.refused.store(false, Ordering::Relaxed);
        Ok(Token {
            value: Secret::new(reply.access_token),
            renew_at: started + lifetime.saturating_sub(TOKEN_RENEW_MARGIN),
        })
    }

    fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("http URLs have path segments")
            .extend(segments);
        url
    }

    /// `/api/resellers/{resellerId}/` followed by `segments`.
    fn reseller_url(&self, segments: &[&str]) -> Url {
        let mut all = vec!["api", "resellers", self.config.reseller_id.as_str()];
        all.extend_from_slice(segments);
        self.url(&all)
    }

    /// Sends one API call; what failed in a way that may pass is sent again as the
    /// discipline allows, after its backoff.
    async fn call(
        &self,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply, ApiError> {
        self.call_into(method, url, body, None).await
    }

    /// [`CloudmoreClient::call`] with a successful answer's body given to `sink` as it arrives.
    async fn call_into(
        &self,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
        sink: Option<&dyn BodySink>,
    ) -> Result<Reply, ApiError> {
        let attempt = || self.call_once(&method, &url, body, sink);
        self.discipline
            .with_retries(&method, url.path(), attempt)
            .await
    }

    /// Sends one API call with a bearer token; on 401 signs in again once and repeats.
    async fn call_once(
        &self,
        method: &Method,
        url: &Url,
        body: Option<&serde_json::Value>,
        sink: Option<&dyn BodySink>,
    ) -> Result<Reply, ApiError> {
        for attempt in 0..2 {
            let token = self.token().await?;
            let mut request = self
                .http
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose())
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(body) = body {
                request = request.json(body);
            }
            let reply = self
                .discipline
                .exchange_into(request, self.config.timeout, sink)
                .await?;
            tracing::debug!(%method, path = url.path(), status = %reply.status, "api call");
            if reply.status == StatusCode::UNAUTHORIZED && attempt == 0 {
                self.forget_token().await;
                // A create's body reached the other end: whoever sends it again checks first
                // (bulk::verify), so a 401 from a proxy after forwarding makes no duplicate.
                if *method == Method::POST {
                    return Err(ApiError::ExpiredMidWrite);
                }
                continue;
            }
            return check_status(reply);
        }
        Err(ApiError::Unauthorized)
    }

    /// Sends a write and returns the id at the end of the `Location` header, if any.
    async fn send(&self, route: Route<'_>) -> Result<Option<String>, ApiError> {
        let reply = self
            .call(
                route.method,
                self.reseller_url(&route.path),
                route.body.as_ref(),
            )
            .await?;
        Ok(reply
            .location
            .as_deref()
            .and_then(|l| l.trim_end_matches('/').rsplit('/').next())
            .map(str::to_string))
    }

    /// `GET /api/healthcheck` (no token needed).
    pub async fn health(&self) -> Result<(), ApiError> {
        let reply = self
            .exchange(self.http.get(self.url(&["api", "healthcheck"])))
            .await?;
        check_status(reply).map(|_| ())
    }

    /// Reads a resource that has a path of its own (the parts of gathered reads always do).
    async fn fetch_direct(&self, resource: &Resource) -> Result<ResourceData, ApiError> {
        self.read_direct(resource, None).await.map(|read| read.data)
    }

    /// Reads a resource with one call; the organizations list goes to `pages` as it is
    /// decoded, when given, instead of into the answer.
    async fn read_direct(
        &self,
        resource: &Resource,
        pages: Option<PageSink>,
    ) -> Result<Read, ApiError> {
        let path = routes::resource_path(resource).ok_or_else(|| {
            ApiError::Decode(format!("{resource:?} cannot be read with one call"))
        })?;
        let url = self.reseller_url(&path);
        let decoded = if *resource == Resource::Organizations {
            // Read as it arrives: the one list that grows to 100,000 rows.
            let rows = pages.map_or_else(OrganizationRows::default, OrganizationRows::handing_to);
            self.call_into(Method::GET, url, None, Some(&rows)).await?;
            rows.finish()
        } else {
            let reply = self.call(Method::GET, url, None).await?;
            routes::decode(resource, &reply.body)
        };
        decoded.map_err(|e| ApiError::Decode(e.to_string()))
    }

    /// The body of a resource with a path of its own, as the server sent it: unknown fields
    /// and all, read as JSON only (the raw view). A list is refused: the view is of one record.
    pub async fn fetch_raw(&self, resource: &Resource) -> Result<serde_json::Value, ApiError> {
        let path = routes::resource_path(resource)
            .filter(|_| resource.is_record())
            .ok_or_else(|| ApiError::Unsupported(format!("the raw body of {resource:?}")))?;
        let reply = self
            .call(Method::GET, self.reseller_url(&path), None)
            .await?;
        serde_json::from_str(&reply.body).map_err(|e| ApiError::Decode(e.to_string()))
    }

    /// Reads one resource.
    pub async fn fetch(&self, resource: &Resource) -> Result<ResourceData, ApiError> {
        self.read(resource).await.map(|read| read.data)
    }

    /// Reads one resource, with the number of list rows that could not be read.
    pub async fn read(&self, resource: &Resource) -> Result<Read, ApiError> {
        match resource {
            Resource::Hierarchy
            | Resource::Node { .. }
            | Resource::Members { .. }
            | Resource::Invitations { .. } => Err(ApiError::Unsupported(format!("{resource:?}"))),
            gathered if gather::is_gathered(gathered) => {
                let read = |part: Resource| async move {
                    self.fetch_direct(&part).await.map(std::sync::Arc::new)
                };
                gather::gather(gathered, read).await.map(Read::from)
            }
            _ => self.read_direct(resource, None).await,
        }
    }

    /// Reads one resource for `get`: the organizations list, the one that grows to 100,000
    /// rows and comes in one answer, is handed to `pages` as it is decoded and not kept; any
    /// other is answered whole.
    pub async fn stream(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        match resource {
            Resource::Organizations => self.read_direct(resource, Some(pages)).await,
            _ => self.read(resource).await,
        }
    }

    /// Performs one write; returns the new id for creates.
    pub async fn mutate(&self, mutation: &Mutation) -> Result<Option<String>, ApiError> {
        if let Mutation::Node(_) | Mutation::People(_) = mutation {
            return Err(ApiError::Unsupported(mutation.describe().into()));
        }
        if let Mutation::SetOrganizationActive { org, active, .. } = mutation {
            return self.set_organization_active(org, *active).await;
        }
        self.send_one(mutation).await
    }

    /// A write that is one HTTP call.
    async fn send_one(&self, mutation: &Mutation) -> Result<Option<String>, ApiError> {
        let route =
            routes::mutation_route(mutation).map_err(|e| ApiError::Decode(e.to_string()))?;
        self.send(route).await
    }
}

impl CloudmoreClient {
    /// Reads the organization's current record and PUTs it back with only `isActive` changed.
    async fn set_organization_active(
        &self,
        org: &str,
        active: bool,
    ) -> Result<Option<String>, ApiError> {
        let resource = Resource::Organization {
            org: org.to_string(),
        };
        let ResourceData::Organization(record) = self.fetch_direct(&resource).await? else {
            return Err(ApiError::Decode("the organization's record".into()));
        };
        let update = Mutation::UpdateOrganization {
            org: org.to_string(),
            input: Box::new(crate::domain::OrganizationInput {
                is_active: active,
                ..crate::domain::OrganizationInput::from(&record)
            }),
        };
        self.send_one(&update).await
    }
}

/// Turns a non-2xx status into an [`ApiError`]; a 400 body becomes structured field or
/// business errors when it has one of the two documented shapes.
fn check_status(reply: Reply) -> Result<Reply, ApiError> {
    let status = reply.status;
    if status.is_success() {
        return Ok(reply);
    }
    Err(match status {
        StatusCode::BAD_REQUEST => parse_bad_request(&reply.body),
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
        StatusCode::FORBIDDEN => ApiError::Forbidden,
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::TOO_MANY_REQUESTS => reply.throttled(),
        StatusCode::SERVICE_UNAVAILABLE if reply.retry_after.is_some() => reply.throttled(),
        _ => ApiError::Server {
            status: status.as_u16(),
            message: reply.excerpt(),
        },
    })
}

/// Reads either 400 shape: the ModelState dictionary or the `errorCode` list.
pub fn parse_bad_request(body: &str) -> ApiError {
    if let Ok(fields) = serde_json::from_str::<FieldErrors>(body)
        && !fields.is_empty()
    {
        return ApiError::Fields(fields);
    }
    if let Ok(errors) = serde_json::from_str::<Vec<BusinessError>>(body)
        && !errors.is_empty()
    {
        return ApiError::Business(errors);
    }
    ApiError::Server {
        status: 400,
        message: body_excerpt(body, StatusCode::BAD_REQUEST),
    }
}

fn describe_token_error(status: StatusCode, body: &str) -> String {
    let code = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string));
    match code.as_deref() {
        Some("invalid_grant") => "wrong username or password (invalid_grant)".into(),
        Some("invalid_client") => {
            "the client id or client secret was refused (invalid_client)".into()
        }
        Some(other) => format!("the token endpoint answered {status}: {other}"),
        None => format!("the token endpoint answered {status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_400_shapes_are_structured() {
        let fields = parse_bad_request(r#"{"Email":["The Email field is required."]}"#);
        let ApiError::Fields(fields) = fields else {
            panic!("expected field errors, got {fields:?}");
        };
        assert_eq!(fields.first("Email"), Some("The Email field is required."));
        let business = parse_bad_request(
            r#"[{"errorCode":5,"errorName":"InvalidValue","errorMessage":"Invalid country code"}]"#,
        );
        assert_eq!(
            business,
            ApiError::Business(vec![BusinessError::invalid_value("Invalid country code")])
        );
        assert!(matches!(
            parse_bad_request("<html>oops</html>"),
            ApiError::Server { status: 400, .. }
        ));
    }

    #[test]
    fn token_errors_in_plain_words() {
        let text = describe_token_error(StatusCode::BAD_REQUEST, r#"{"error":"invalid_grant"}"#);
        assert!(text.contains("wrong username or password"));
    }

    fn client_with(client_auth: ClientAuth) -> CloudmoreClient {
        CloudmoreClient::new(ClientConfig {
            base_url: "http://127.0.0.1:1".into(),
            reseller_id: "r".into(),
            username: "u@example.com".into(),
            password: Secret::new("pw"),
            client_id: CLOUDMORE_CLIENT_ID.into(),
            client_secret: Secret::new("cs"),
            client_auth,
            timeout: Duration::from_secs(1),
            max_in_flight: 1,
            retry: RetryPolicy::default(),
        })
        .unwrap()
    }

    fn form_of(request: &reqwest::Request) -> String {
        let bytes = request
            .body()
            .and_then(|b| b.as_bytes())
            .unwrap_or_default();
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn client_credentials_travel_as_the_profile_says() {
        let password = Secret::new("pw");
        let form = client_with(ClientAuth::Form)
            .token_request(&password)
            .build()
            .unwrap();
        assert!(form.headers().get("authorization").is_none());
        assert!(form_of(&form).contains("client_id=ro.customer.client&client_secret=cs"));

        let basic = client_with(ClientAuth::Basic)
            .token_request(&password)
            .build()
            .unwrap();
        let header = basic.headers().get("authorization").unwrap();
        // base64("ro.customer.client:cs")
        assert_eq!(header, "Basic cm8uY3VzdG9tZXIuY2xpZW50OmNz");
        let body = form_of(&basic);
        assert!(body.contains("grant_type=password"), "{body}");
        assert!(!body.contains("client_secret"), "{body}");
    }

    #[test]
    fn a_token_without_a_lifetime_lives_the_documented_day() {
        assert_eq!(DOCUMENTED_TOKEN_LIFETIME, Duration::from_secs(86_400));
        let lifetime = |body: &str| token_reply(body).unwrap().expires_in;
        assert_eq!(lifetime(r#"{"access_token":"t"}"#), 86_400);
        assert_eq!(
            lifetime(r#"{"access_token":"t","expires_in":null}"#),
            86_400
        );
        assert_eq!(lifetime(r#"{"access_token":"t","expires_in":"600"}"#), 600);
        assert_eq!(lifetime(r#"{"access_token":"t","expires_in":600}"#), 600);
    }
}
