//! Metal's answers: every error as the spec's `Error` schema with the list filled in,
//! `{"errors": ["…"]}`, Rails-style messages ("Name can't be blank"), and the JSON body reader
//! whose failures are 422s too.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// A failed call: its status and every message (validation reports all problems at once).
#[derive(Debug)]
pub(crate) struct MetalError {
    pub status: StatusCode,
    pub errors: Vec<String>,
}

pub(crate) type MetalResult<T> = Result<T, MetalError>;

impl MetalError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        MetalError {
            status,
            errors: vec![message.into()],
        }
    }

    pub fn unauthorized(message: &str) -> Self {
        MetalError::new(StatusCode::UNAUTHORIZED, message)
    }

    /// What an unknown id, or one the caller may not see, answers.
    pub fn not_found() -> Self {
        MetalError::new(StatusCode::NOT_FOUND, "Not found")
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        MetalError::new(StatusCode::FORBIDDEN, message)
    }

    /// One validation failure.
    pub fn invalid(message: impl Into<String>) -> Self {
        MetalError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// Several validation failures; `Ok` when there are none.
    pub fn check(errors: Vec<String>) -> MetalResult<()> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(MetalError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                errors,
            })
        }
    }
}

impl From<rusqlite::Error> for MetalError {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "metal stand-in database error");
        MetalError::new(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
    }
}

impl IntoResponse for MetalError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(json!({ "errors": self.errors }))).into_response()
    }
}

/// The answer of an injected fault or a rate-limit refusal with `status`.
pub(crate) fn fault_answer(status: StatusCode) -> Response {
    MetalError::new(
        status,
        format!("injected fault: the sandbox was told to answer {status}"),
    )
    .into_response()
}

/// A JSON object body. An empty body reads as `{}` (accept and the PUTs of the SDK may send
/// none); malformed JSON or another JSON type is a 422.
pub(crate) struct MetalJson(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for MetalJson {
    type Rejection = MetalError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|rejection| MetalError::invalid(rejection.body_text()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(MetalJson(Map::new()));
        }
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(MetalJson(map)),
            Ok(_) => Err(MetalError::invalid(
                "The request body must be a JSON object",
            )),
            Err(e) => Err(MetalError::invalid(format!(
                "The request body is not valid JSON: {e}"
            ))),
        }
    }
}

/// A route the API does not have, in the same shape.
pub(crate) async fn no_route() -> MetalError {
    MetalError::not_found()
}

pub(crate) async fn no_method() -> MetalError {
    MetalError::new(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
}

/// 201 with `body`.
pub(crate) fn created(body: Value) -> Response {
    (StatusCode::CREATED, axum::Json(body)).into_response()
}

/// 200 with `body`.
pub(crate) fn ok(body: Value) -> Response {
    axum::Json(body).into_response()
}

/// 204, no body.
pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}
