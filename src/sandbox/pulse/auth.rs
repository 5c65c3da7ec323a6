//! Pulse sign-in: `GET /api/versions` (open), `GET /api/tokens` with HTTP Basic, `GET
//! /api/tokens/refresh` with the refresh token as Bearer, and the [`Session`] extractor that
//! guards every other route with an access token.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{FromRequestParts, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use serde_json::json;

use super::reply::{Code, PulseError, PulseResult};
use super::store::{self, Caller};
use crate::sandbox::state::Shared;
use crate::sandbox::tokens::{TokenProblem, basic_credentials, bearer_token};

/// The API versions the stand-in lists; the first is the one clients ask for.
pub(crate) const API_VERSIONS: &[&str] = &["1.0"];

/// `GET /api/versions`: no sign-in needed.
pub(crate) async fn versions() -> Response {
    axum::Json(json!({ "versions": API_VERSIONS })).into_response()
}

/// `iamToken` for `user_id`: fresh access and refresh tokens, int64 fields as strings.
fn token_answer(shared: &Shared, user_id: &str) -> Response {
    let access = shared.tokens.issue(user_id);
    let refresh = shared.refresh_tokens.issue(user_id);
    let at = |lifetime: Duration| (store::now_ms() + lifetime.as_millis() as i64).to_string();
    let body = json!({
        "accessToken": access,
        "refreshToken": refresh,
        "accessTokenExpiresAt": at(shared.tokens.lifetime()),
        "refreshTokenExpiresAt": at(shared.refresh_tokens.lifetime()),
        "expiresInSecs": shared.tokens.lifetime().as_secs().to_string(),
    });
    axum::Json(body).into_response()
}

/// Runs `f` on the database from a blocking thread.
async fn blocking<T: Send + 'static>(
    shared: &Arc<Shared>,
    f: impl FnOnce(&mut Connection) -> PulseResult<T> + Send + 'static,
) -> PulseResult<T> {
    let shared = shared.clone();
    tokio::task::spawn_blocking(move || {
        shared
            .with_conn(f)
            .unwrap_or_else(|| Err(PulseError::new(Code::Unavailable, "the database is closed")))
    })
    .await
    .map_err(|join| PulseError::new(Code::Internal, join.to_string()))?
}

/// `GET /api/tokens`: signs in with `Authorization: Basic user:password`.
pub(crate) async fn tokens(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> PulseResult<Response> {
    let (user, password) = basic_credentials(&headers)
        .ok_or_else(|| PulseError::unauthenticated("HTTP Basic credentials are required"))?;
    let user_id = blocking(&shared, move |conn| store::sign_in(conn, &user, &password)).await?;
    Ok(token_answer(&shared, &user_id))
}

/// `GET /api/tokens/refresh`: new tokens for `Authorization: Bearer <refreshToken>`.
pub(crate) async fn refresh(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
) -> PulseResult<Response> {
    let token = bearer_token(&headers)
        .ok_or_else(|| PulseError::unauthenticated("a refresh token is required as Bearer"))?;
    let user_id = shared
        .refresh_tokens
        .owner_of(&token)
        .map_err(|problem| refused("refresh token", problem))?;
    let owner = user_id.clone();
    blocking(&shared, move |conn| store::caller(conn, &owner)).await?;
    Ok(token_answer(&shared, &user_id))
}

fn refused(what: &str, problem: TokenProblem) -> PulseError {
    PulseError::unauthenticated(&match problem {
        TokenProblem::Unknown => format!("invalid {what}"),
        TokenProblem::Expired => format!("{what} expired"),
    })
}

/// A call with a live access token; [`Session::db`] resolves the user behind it.
pub(crate) struct Session {
    user_id: String,
    shared: Arc<Shared>,
}

impl FromRequestParts<Arc<Shared>> for Session {
    type Rejection = PulseError;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(&parts.headers)
            .ok_or_else(|| PulseError::unauthenticated("an access token is required as Bearer"))?;
        let user_id = shared
            .tokens
            .owner_of(&token)
            .map_err(|problem| refused("access token", problem))?;
        Ok(Session {
            user_id,
            shared: shared.clone(),
        })
    }
}

impl Session {
    /// Runs `f(connection, caller)` on a blocking thread.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection, &Caller) -> PulseResult<T> + Send + 'static,
    ) -> PulseResult<T> {
        let user_id = self.user_id.clone();
        blocking(&self.shared, move |conn| {
            let caller = store::caller(conn, &user_id)?;
            f(conn, &caller)
        })
        .await
    }
}
