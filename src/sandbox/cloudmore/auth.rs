//! Authentication: the IdentityServer-style `POST /connect/token` (password grant) and the
//! [`Ctx`] extractor that guards every reseller route with its bearer token.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Form, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::json;

use super::reply::{ApiFailure, ApiResult, Created, found, no_content};
use crate::sandbox::front_door::RequestPath;
use crate::sandbox::state::Shared;
use crate::sandbox::tokens::{TokenProblem, basic_credentials, bearer_token};

/// The one client id Cloudmore hands every customer.
pub(crate) const CLIENT_ID: &str = "ro.customer.client";
/// The one scope the API knows.
const SCOPE: &str = "api";

/// The form fields of a token request; all optional so that each missing one gets its own
/// OAuth error instead of a generic decoding failure.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct TokenForm {
    grant_type: Option<String>,
    username: Option<String>,
    password: Option<String>,
    scope: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let body = json!({ "error": error, "error_description": description });
    (status, axum::Json(body)).into_response()
}

/// `POST /connect/token`.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Send an application/x-www-form-urlencoded body.",
        );
    };
    let (client_id, client_secret) = basic_credentials(&headers).unwrap_or_else(|| {
        (
            form.client_id.clone().unwrap_or_default(),
            form.client_secret.clone().unwrap_or_default(),
        )
    });
    let known_secret = shared
        .resellers()
        .iter()
        .any(|r| r.client_secret == client_secret);
    if client_id != CLIENT_ID || !known_secret {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Unknown client or wrong client secret.",
        );
    }
    if form.grant_type.as_deref() != Some("password") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only grant_type=password is supported.",
        );
    }
    if let Some(scope) = form.scope.as_deref()
        && !scope.split(' ').all(|s| s == SCOPE)
    {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "The only scope is 'api'.",
        );
    }
    let username = form.username.unwrap_or_default();
    let password = form.password.unwrap_or_default();
    let reseller = shared.resellers().iter().find(|r| {
        r.username.eq_ignore_ascii_case(&username)
            && r.password == password
            && r.client_secret == client_secret
    });
    let Some(reseller) = reseller else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "invalid_username_or_password",
        );
    };
    let token = shared.tokens.issue(&reseller.reseller_id);
    let body = json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": shared.tokens.lifetime().as_secs(),
        "scope": SCOPE,
    });
    let mut response = axum::Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[derive(Deserialize)]
struct ResellerPath {
    reseller_id: String,
}

/// An authenticated call under `/api/resellers/{resellerId}`: the token was valid and belongs
/// to the reseller in the path.
pub(crate) struct Ctx {
    pub reseller: String,
    shared: Arc<Shared>,
    /// Absolute URL of the request path, the base of `Location` headers.
    request_url: String,
}

impl FromRequestParts<Arc<Shared>> for Ctx {
    type Rejection = ApiFailure;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        let bearer =
            bearer_token(&parts.headers).ok_or(ApiFailure::Unauthorized { expired: false })?;
        let owner =
            shared
                .tokens
                .owner_of(&bearer)
                .map_err(|problem| ApiFailure::Unauthorized {
                    expired: problem == TokenProblem::Expired,
                })?;
        let Path(path) = Path::<ResellerPath>::from_request_parts(parts, shared)
            .await
            .map_err(|_| ApiFailure::NotFound)?;
        if !path.reseller_id.eq_ignore_ascii_case(&owner) {
            return Err(ApiFailure::Forbidden);
        }
        let base = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(|host| format!("http://{host}"))
            .unwrap_or_else(|| shared.base_url.clone());
        let path = parts
            .extensions
            .get::<RequestPath>()
            .map_or_else(|| parts.uri.path().to_string(), |p| p.0.clone());
        let request_url = format!("{base}{}", path.trim_end_matches('/'));
        Ok(Ctx {
            reseller: owner,
            shared: shared.clone(),
            request_url,
        })
    }
}

impl Ctx {
    /// Runs `f(connection, reseller_id)` on a blocking thread.
    pub async fn db<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection, &str) -> ApiResult<T> + Send + 'static,
    {
        let shared = self.shared.clone();
        let reseller = self.reseller.clone();
        tokio::task::spawn_blocking(move || with_db(&shared, |conn| f(conn, &reseller)))
            .await
            .map_err(|join| ApiFailure::Internal(join.to_string()))?
    }

    /// Runs `sql` (a `DELETE ... WHERE id = ?1 AND reseller_id = ?2`) for `id` of the token's
    /// reseller: 204, or 404 when no such row belongs to it.
    pub async fn delete_owned(&self, sql: &'static str, id: String) -> ApiResult<Response> {
        self.db(move |conn, reseller| {
            let rows = conn
                .prepare_cached(sql)?
                .execute(rusqlite::params![id, reseller])?;
            found(rows)
        })
        .await?;
        Ok(no_content())
    }

    /// Counts a PATCH of service properties sent as the bare list, so tests can see that a
    /// client sends the documented object.
    pub fn count_bare_property_patch(&self) {
        self.shared
            .bare_property_patches
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// The username of the API account the token was issued to (who made a change).
    pub fn account(&self) -> String {
        self.shared
            .resellers()
            .iter()
            .find(|r| r.reseller_id == self.reseller)
            .map(|r| r.username.clone())
            .unwrap_or_default()
    }

    /// 201 for a resource created under the request path.
    pub fn created(&self, id: &str) -> Created {
        Created(format!("{}/{id}", self.request_url))
    }
}

/// Runs `f` on the database (from a blocking thread); a closed database is an internal error.
fn with_db<T>(shared: &Shared, f: impl FnOnce(&mut Connection) -> ApiResult<T>) -> ApiResult<T> {
    shared.with_conn(f).unwrap_or_else(|| {
        Err(ApiFailure::Internal(
            "the sandbox database is closed".into(),
        ))
    })
}
