//! The dialect's answers in one place: the two 400 shapes, empty 401/403/404s, 201 with
//! `Location`, and the JSON body extractor whose failures come back as a ModelState dictionary.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::domain::{BusinessError, FieldErrors, Validation};

/// Everything a handler can fail with.
#[derive(Debug)]
pub(crate) enum ApiFailure {
    NotFound,
    Unauthorized {
        expired: bool,
    },
    Forbidden,
    /// ModelState dictionary (input-model validation).
    Fields(FieldErrors),
    /// `ApiError` list (business rules).
    Business(Vec<BusinessError>),
    Internal(String),
}

pub(crate) type ApiResult<T> = Result<T, ApiFailure>;

/// The key malformed or empty bodies are reported under (ASP.NET's model-level key).
pub(crate) const BODY_KEY: &str = "";

impl ApiFailure {
    pub fn business(message: impl Into<String>) -> Self {
        ApiFailure::Business(vec![BusinessError::invalid_value(message)])
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        ApiFailure::Fields(errors)
    }
}

/// Turns a domain validation into the answer the API gives: the dictionary when there are model
/// errors (ASP.NET validates the model before any business rule), else the business list.
pub(crate) fn validated(validation: Validation) -> ApiResult<()> {
    if !validation.fields.is_empty() {
        Err(ApiFailure::Fields(validation.fields))
    } else if !validation.business.is_empty() {
        Err(ApiFailure::Business(validation.business))
    } else {
        Ok(())
    }
}

impl From<rusqlite::Error> for ApiFailure {
    fn from(error: rusqlite::Error) -> Self {
        match error {
            rusqlite::Error::QueryReturnedNoRows => ApiFailure::NotFound,
            other => ApiFailure::Internal(other.to_string()),
        }
    }
}

/// A bare status with an empty body.
pub(crate) fn empty(status: StatusCode) -> Response {
    (status, Body::empty()).into_response()
}

/// 401 with the challenge header RFC 6750 asks for.
pub(crate) fn unauthorized(expired: bool) -> Response {
    let challenge = if expired {
        r#"Bearer error="invalid_token", error_description="The token expired""#
    } else {
        "Bearer"
    };
    let mut response = empty(StatusCode::UNAUTHORIZED);
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    );
    response
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        match self {
            ApiFailure::NotFound => empty(StatusCode::NOT_FOUND),
            ApiFailure::Unauthorized { expired } => unauthorized(expired),
            ApiFailure::Forbidden => empty(StatusCode::FORBIDDEN),
            ApiFailure::Fields(errors) => {
                (StatusCode::BAD_REQUEST, axum::Json(errors)).into_response()
            }
            ApiFailure::Business(errors) => {
                (StatusCode::BAD_REQUEST, axum::Json(errors)).into_response()
            }
            ApiFailure::Internal(message) => {
                tracing::error!(%message, "sandbox internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, message).into_response()
            }
        }
    }
}

/// The answer of an injected fault with `status`: the Bearer challenge, a business error, or
/// empty.
pub(crate) fn fault_answer(status: StatusCode) -> Response {
    match status {
        StatusCode::UNAUTHORIZED => unauthorized(false),
        StatusCode::BAD_REQUEST => {
            ApiFailure::business("Injected fault: the sandbox was told to reject this request.")
                .into_response()
        }
        other => empty(other),
    }
}

/// 201 Created with the absolute URL of the new resource and no body.
pub(crate) struct Created(pub String);

impl IntoResponse for Created {
    fn into_response(self) -> Response {
        let mut response = empty(StatusCode::CREATED);
        if let Ok(value) = HeaderValue::from_str(&self.0) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        response
    }
}

/// 404 when an UPDATE or DELETE touched no row.
pub(crate) fn found(rows: usize) -> ApiResult<()> {
    if rows == 0 {
        Err(ApiFailure::NotFound)
    } else {
        Ok(())
    }
}

/// 204 No Content, the answer to every successful PUT, PATCH and DELETE.
pub(crate) fn no_content() -> Response {
    empty(StatusCode::NO_CONTENT)
}

/// A JSON request body. Any content type is accepted; an empty or malformed body is a 400 with
/// the message under the model-level key `""`.
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiFailure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            let message = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                "The request body is larger than 2 MiB.".to_string()
            } else {
                rejection.body_text()
            };
            ApiFailure::field(BODY_KEY, message)
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiFailure::field(
                BODY_KEY,
                "A non-empty request body is required.",
            ));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(invalid_json)
    }
}

fn invalid_json(error: serde_json::Error) -> ApiFailure {
    ApiFailure::field(BODY_KEY, format!("Invalid JSON body: {error}"))
}

/// Decodes a body read as a raw [`serde_json::Value`] (for handlers that must tell an absent
/// field from a default one), with the same error shape as [`JsonBody`].
pub(crate) fn decode<T: DeserializeOwned>(value: serde_json::Value) -> ApiResult<T> {
    serde_json::from_value(value).map_err(invalid_json)
}

/// Reads a boolean query parameter; names match case-insensitively and so do `true`/`false`,
/// as in ASP.NET model binding. Absent gives `None`.
pub(crate) fn query_bool(query: Option<&str>, name: &str) -> ApiResult<Option<bool>> {
    let Some(query) = query else {
        return Ok(None);
    };
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !key.eq_ignore_ascii_case(name) {
            continue;
        }
        return match value.to_ascii_lowercase().as_str() {
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(ApiFailure::field(
                name,
                format!("The value '{value}' is not valid."),
            )),
        };
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_bool_is_case_insensitive() {
        assert_eq!(
            query_bool(Some("ShowActive=True"), "showActive").unwrap(),
            Some(true)
        );
        assert_eq!(
            query_bool(Some("x=1&showactive=false"), "showActive").unwrap(),
            Some(false)
        );
        assert_eq!(query_bool(None, "showActive").unwrap(), None);
        assert!(query_bool(Some("showActive=yes"), "showActive").is_err());
    }
}
