//! Metal's authentication: an API key in `X-Auth-Token` on every call (there is no sign-in
//! call; keys are made in the portal), and the [`Session`] extractor that resolves it to its
//! user on the database thread.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use rusqlite::Connection;

use super::reply::{MetalError, MetalResult};
use super::store::{self, Caller};
use crate::sandbox::state::Shared;

/// The header that carries the API key.
pub(crate) const TOKEN_HEADER: &str = "x-auth-token";

/// A call that carries an API key; [`Session::db`] resolves its user (401 when the key is
/// unknown).
pub(crate) struct Session {
    token: String,
    shared: Arc<Shared>,
}

impl FromRequestParts<Arc<Shared>> for Session {
    type Rejection = MetalError;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                MetalError::unauthorized("Authentication required: send an X-Auth-Token header")
            })?;
        Ok(Session {
            token: token.to_string(),
            shared: shared.clone(),
        })
    }
}

impl Session {
    /// Runs `f(connection, caller)` on a blocking thread.
    pub async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection, &Caller) -> MetalResult<T> + Send + 'static,
    ) -> MetalResult<T> {
        let token = self.token.clone();
        let shared = self.shared.clone();
        tokio::task::spawn_blocking(move || {
            shared
                .with_conn(|conn| {
                    let caller = store::caller(conn, &token)?;
                    f(conn, &caller)
                })
                .unwrap_or_else(|| {
                    Err(MetalError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "the database is closed",
                    ))
                })
        })
        .await
        .map_err(|join| MetalError::new(StatusCode::INTERNAL_SERVER_ERROR, join.to_string()))?
    }
}
