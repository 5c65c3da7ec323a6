//! Signing in to Pulse: the API version first (`GET /api/versions`, asked once), then HTTP
//! Basic on `GET /api/tokens`; the access token is reused until shortly before it runs out,
//! then renewed with the refresh token (`GET /api/tokens/refresh`, sent as Bearer), and a new
//! Basic sign-in follows when the refresh token is gone too or is refused.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use super::client::PulseClient;
use super::errors::map_error;
use super::wire::Token;
use crate::api::ApiError;
use crate::domain::lenient;
use crate::secret::Secret;

/// The version asked for when `/api/versions` names none (the one public scripts send).
pub const FALLBACK_API_VERSION: &str = "1.0";

/// The tokens of a signed-in client.
pub(super) struct Tokens {
    access: Secret,
    refresh: Secret,
    /// Renew the access token from here on.
    renew_at: Instant,
    /// The refresh token is no good from here on (when the server said).
    refresh_until: Option<Instant>,
}

/// How early an access token is renewed: a quarter of its life, at most a minute, so a request
/// never starts with one that runs out in flight.
fn renew_margin(lifetime: Duration) -> Duration {
    (lifetime / 4).min(Duration::from_secs(60))
}

impl Tokens {
    fn from_wire(token: Token, received: Instant) -> Result<Tokens, ApiError> {
        if token.access_token.is_empty() {
            return Err(ApiError::Decode(
                "the token answer has no accessToken".into(),
            ));
        }
        // Relative times where the server gives them: our clock and its clock may differ.
        let server_now = token.access_token_expires_at - token.expires_in_secs * 1000;
        let lifetime = Duration::from_secs(token.expires_in_secs.max(0) as u64);
        let lifetime = if lifetime.is_zero() {
            Duration::from_secs(300)
        } else {
            lifetime
        };
        let refresh_left = token.refresh_token_expires_at - server_now;
        let refresh_until = (token.refresh_token_expires_at > 0
            && token.access_token_expires_at > 0)
            .then(|| received + Duration::from_millis(refresh_left.max(0) as u64));
        Ok(Tokens {
            access: Secret::new(token.access_token),
            refresh: Secret::new(token.refresh_token),
            renew_at: received + lifetime - renew_margin(lifetime),
            refresh_until,
        })
    }
}

impl PulseClient {
    /// The API version for the `Accept` header: the first `/api/versions` names, read once.
    pub(super) async fn api_version(&self) -> Result<String, ApiError> {
        self.version
            .get_or_try_init(|| async {
                let url = self.url("/api/versions");
                let reply = self.exchange(self.http.get(url)).await?;
                if !reply.status.is_success() {
                    return Err(map_error(&reply));
                }
                let body: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
                Ok(first_text(&body).unwrap_or_else(|| FALLBACK_API_VERSION.to_string()))
            })
            .await
            .cloned()
    }

    /// A live access token: the current one, a refreshed one, or a new sign-in.
    pub(super) async fn access_token(&self) -> Result<Secret, ApiError> {
        let mut slot = self.tokens.lock().await;
        let now = Instant::now();
        if let Some(tokens) = slot.as_ref() {
            if now < tokens.renew_at {
                return Ok(tokens.access.clone());
            }
            if tokens.refresh_until.is_none_or(|until| now < until) {
                match self.refresh(&tokens.refresh).await {
                    Ok(fresh) => {
                        let access = fresh.access.clone();
                        *slot = Some(fresh);
                        return Ok(access);
                    }
                    Err(ApiError::Unauthorized) => {
                        tracing::info!("the refresh token was refused; signing in again")
                    }
                    Err(other) => return Err(other),
                }
            }
        }
        let fresh = self.sign_in().await?;
        let access = fresh.access.clone();
        *slot = Some(fresh);
        Ok(access)
    }

    /// Drops the tokens, so the next call signs in with Basic again.
    pub(super) async fn forget_tokens(&self) {
        *self.tokens.lock().await = None;
    }

    async fn sign_in(&self) -> Result<Tokens, ApiError> {
        let version = self.api_version().await?;
        let request = self
            .http
            .get(self.url("/api/tokens"))
            .basic_auth(&self.config.username, Some(self.config.password.expose()))
            .header(reqwest::header::ACCEPT, accept(&version));
        let received = Instant::now();
        let reply = self.exchange(request).await?;
        if !reply.status.is_success() {
            tracing::warn!(status = %reply.status, "pulse sign-in refused");
            return Err(match map_error(&reply) {
                ApiError::Unauthorized => {
                    ApiError::Auth(format!("wrong username or password ({})", reply.status))
                }
                other => other,
            });
        }
        tracing::info!("signed in to pulse");
        Tokens::from_wire(decode_token(&reply.body)?, received)
    }

    async fn refresh(&self, refresh: &Secret) -> Result<Tokens, ApiError> {
        let version = self.api_version().await?;
        let request = self
            .http
            .get(self.url("/api/tokens/refresh"))
            .bearer_auth(refresh.expose())
            .header(reqwest::header::ACCEPT, accept(&version));
        let received = Instant::now();
        let reply = self.exchange(request).await?;
        if reply.status == StatusCode::UNAUTHORIZED {
            return Err(ApiError::Unauthorized);
        }
        if !reply.status.is_success() {
            return Err(map_error(&reply));
        }
        tracing::debug!("pulse token refreshed");
        Tokens::from_wire(decode_token(&reply.body)?, received)
    }
}

/// `Accept: application/json;api-version=<v>`, sent on every call.
pub(super) fn accept(version: &str) -> String {
    format!("application/json;api-version={version}")
}

fn decode_token(body: &str) -> Result<Token, ApiError> {
    serde_json::from_str(body)
        .and_then(lenient::from_value)
        .map_err(|e| ApiError::Decode(format!("token answer: {e}")))
}

/// The first text in the answer of `/api/versions`: its first field (or element), however
/// deep, as public scripts read it.
fn first_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => items.first().and_then(first_text),
        Value::Object(fields) => fields.values().next().and_then(first_text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_first_text_of_any_shape() {
        let read = |text: &str| first_text(&serde_json::from_str(text).unwrap());
        assert_eq!(read(r#"{"versions":["1.0","0.9"]}"#), Some("1.0".into()));
        assert_eq!(read(r#"["2.0"]"#), Some("2.0".into()));
        assert_eq!(read(r#"{"current":"1.1"}"#), Some("1.1".into()));
        assert_eq!(read(r#"{}"#), None);
    }

    #[test]
    fn tokens_are_renewed_a_quarter_of_their_life_early_at_most_a_minute() {
        assert_eq!(renew_margin(Duration::from_secs(4)), Duration::from_secs(1));
        assert_eq!(
            renew_margin(Duration::from_secs(86_400)),
            Duration::from_secs(60)
        );
        let now = Instant::now();
        let token = Token {
            access_token: "a".into(),
            refresh_token: "r".into(),
            access_token_expires_at: 10_000 + 8_000,
            refresh_token_expires_at: 10_000 + 20_000,
            expires_in_secs: 8,
        };
        let tokens = Tokens::from_wire(token, now).unwrap();
        assert_eq!(tokens.renew_at, now + Duration::from_secs(6));
        assert_eq!(tokens.refresh_until, Some(now + Duration::from_secs(20)));
    }
}
