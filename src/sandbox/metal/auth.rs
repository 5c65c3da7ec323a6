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

/// A call whose API key is known: its user. Resolved as the first extractor of every
/// handler, so an unknown key is refused with 401 before the parameters or the body are read
/// (as Rails authenticates before anything else), never a 422 for a stranger's bad query.
pub(crate) struct Session {
    caller: Caller,
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
            })?
            .to_string();
        let caller = on_db(shared.clone(), move |conn| store::caller(conn, &token)).await?;
        Ok(Session {
            caller,
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
        let caller = self.caller.clone();
        on_db(self.shared.clone(), move |conn| f(conn, &caller)).await
    }
}

/// Runs `f` on the database on a blocking thread; 503 once the database is closed.
async fn on_db<T: Send + 'static>(
    shared: Arc<Shared>,
    f: impl FnOnce(&mut Connection) -> MetalResult<T> + Send + 'static,
) -> MetalResult<T> {
    tokio::task::spawn_blocking(move || {
        shared.with_conn(f).unwrap_or_else(|| {
            Err(MetalError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is closed",
            ))
        })
    })
    .await
    .map_err(|join| MetalError::new(StatusCode::INTERNAL_SERVER_ERROR, join.to_string()))?
}
