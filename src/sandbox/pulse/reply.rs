//! Pulse's answers: every error in grpc-gateway's JSON shape,
//! `{"error": msg, "code": <gRPC code>, "message": msg, "details": [...]}`, with the HTTP
//! status grpc-gateway gives that code, and the JSON body extractor whose failures are
//! `INVALID_ARGUMENT`s too.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The gRPC status codes the stand-in answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    InvalidArgument = 3,
    NotFound = 5,
    AlreadyExists = 6,
    PermissionDenied = 7,
    ResourceExhausted = 8,
    FailedPrecondition = 9,
    Aborted = 10,
    Unimplemented = 12,
    Internal = 13,
    Unavailable = 14,
    Unauthenticated = 16,
}

impl Code {
    /// The HTTP status grpc-gateway (v2) maps the code to.
    fn http(self) -> StatusCode {
        match self {
            Code::InvalidArgument | Code::FailedPrecondition => StatusCode::BAD_REQUEST,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::PermissionDenied => StatusCode::FORBIDDEN,
            Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
            Code::Aborted | Code::AlreadyExists => StatusCode::CONFLICT,
            Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        }
    }

    /// The code whose answer carries `status` (for injected faults).
    fn for_status(status: StatusCode) -> Code {
        match status.as_u16() {
            400 => Code::InvalidArgument,
            401 => Code::Unauthenticated,
            403 => Code::PermissionDenied,
            404 => Code::NotFound,
            409 => Code::Aborted,
            429 => Code::ResourceExhausted,
            501 => Code::Unimplemented,
            502..=504 => Code::Unavailable,
            _ => Code::Internal,
        }
    }
}

/// A failed call: its code, message and, for bad input, the fields at fault (sent as a
/// `google.rpc.BadRequest` detail).
#[derive(Debug)]
pub(crate) struct PulseError {
    pub code: Code,
    pub message: String,
    pub fields: Vec<(&'static str, String)>,
}

pub(crate) type PulseResult<T> = Result<T, PulseError>;

impl PulseError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        PulseError {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// `INVALID_ARGUMENT` naming the one field at fault.
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        PulseError {
            fields: vec![(field, message.clone())],
            ..PulseError::new(Code::InvalidArgument, message)
        }
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        PulseError::new(Code::NotFound, format!("{what} {id} not found"))
    }

    pub fn unauthenticated(message: &str) -> Self {
        PulseError::new(Code::Unauthenticated, message)
    }
}

impl From<rusqlite::Error> for PulseError {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "pulse stand-in database error");
        PulseError::new(Code::Internal, error.to_string())
    }
}

/// The grpc-gateway body of `code` with `message`.
fn body(code: Code, message: &str, details: Vec<Value>) -> Value {
    json!({ "error": message, "code": code as i32, "message": message, "details": details })
}

impl IntoResponse for PulseError {
    fn into_response(self) -> Response {
        let details = if self.fields.is_empty() {
            Vec::new()
        } else {
            let violations: Vec<Value> = self
                .fields
                .iter()
                .map(|(field, description)| json!({"field": field, "description": description}))
                .collect();
            vec![json!({
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": violations,
            })]
        };
        let status = self.code.http();
        (status, axum::Json(body(self.code, &self.message, details))).into_response()
    }
}

/// The answer of an injected fault or a rate-limit refusal with `status`.
pub(crate) fn fault_answer(status: StatusCode) -> Response {
    let code = Code::for_status(status);
    let message = format!("injected fault: the sandbox was told to answer {status}");
    (status, axum::Json(body(code, &message, Vec::new()))).into_response()
}

/// A JSON request body; an empty or malformed one is `INVALID_ARGUMENT`.
pub(crate) struct PulseJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for PulseJson<T> {
    type Rejection = PulseError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|rejection| PulseError::new(Code::InvalidArgument, rejection.body_text()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(PulseError::new(
                Code::InvalidArgument,
                "a request body is required",
            ));
        }
        serde_json::from_slice(&bytes)
            .map(PulseJson)
            .map_err(|e| PulseError::new(Code::InvalidArgument, format!("invalid JSON body: {e}")))
    }
}

/// `{}`: what delete and update answer.
pub(crate) fn empty_object() -> Response {
    axum::Json(json!({})).into_response()
}

/// A route or method the API does not have, in the same shape.
pub(crate) async fn no_route() -> PulseError {
    PulseError::new(Code::NotFound, "Not Found")
}

pub(crate) async fn no_method() -> Response {
    let error = PulseError::new(Code::Unimplemented, "Method Not Allowed");
    let mut response = error.into_response();
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
}
