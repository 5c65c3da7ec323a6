//! Issued tokens: opaque random strings, each bound to its owner (a Cloudmore reseller, a
//! Pulse user) and an expiry; and reading the credentials of `Authorization: Basic` and
//! `Bearer`.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, header};
use base64::Engine;

struct Grant {
    owner: String,
    expires_at: Instant,
}

/// Why a bearer token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Unknown,
    Expired,
}

pub(crate) struct TokenStore {
    lifetime: Duration,
    grants: Mutex<HashMap<String, Grant>>,
}

impl TokenStore {
    pub fn new(lifetime: Duration) -> Self {
        TokenStore {
            lifetime,
            grants: Mutex::new(HashMap::new()),
        }
    }

    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// A fresh token for `owner`: 256 random bits as hex.
    pub fn issue(&self, owner: &str) -> String {
        let token = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let grant = Grant {
            owner: owner.to_string(),
            expires_at: Instant::now() + self.lifetime,
        };
        self.grants
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(token.clone(), grant);
        token
    }

    /// The owner of a live token.
    pub fn owner_of(&self, token: &str) -> Result<String, TokenProblem> {
        let grants = self.grants.lock().unwrap_or_else(PoisonError::into_inner);
        let grant = grants.get(token).ok_or(TokenProblem::Unknown)?;
        if Instant::now() >= grant.expires_at {
            return Err(TokenProblem::Expired);
        }
        Ok(grant.owner.clone())
    }

    pub fn expire_all(&self) {
        let now = Instant::now();
        for grant in self
            .grants
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values_mut()
        {
            grant.expires_at = now;
        }
    }
}

/// The `user:password` pair of `Authorization: Basic` (Cloudmore: client credentials, which win
/// over the form fields; Pulse: the user's sign-in).
pub(crate) fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

/// The token of `Authorization: Bearer <token>`.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_string())
}
