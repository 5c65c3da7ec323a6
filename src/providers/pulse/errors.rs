//! Pulse's error answers onto the neutral [`ApiError`]. The body is grpc-gateway's
//! `{"error","code","message","details"}`; the gRPC `code` decides when there is one, the
//! HTTP status otherwise, so a body that is missing or not JSON (a proxy's page) still maps.

use reqwest::StatusCode;
use serde_json::Value;

use crate::api::ApiError;
use crate::api::discipline::Reply;
use crate::domain::{BusinessError, FieldErrors};

/// gRPC status codes that matter to the mapping.
const INVALID_ARGUMENT: i64 = 3;
const NOT_FOUND: i64 = 5;
const PERMISSION_DENIED: i64 = 7;
const RESOURCE_EXHAUSTED: i64 = 8;
const FAILED_PRECONDITION: i64 = 9;
const ABORTED: i64 = 10;
const UNAVAILABLE: i64 = 14;
const UNAUTHENTICATED: i64 = 16;

/// The gRPC code of a status when the body names none (grpc-gateway's mapping, reversed).
fn code_of_status(status: StatusCode) -> Option<i64> {
    Some(match status.as_u16() {
        400 => INVALID_ARGUMENT,
        401 => UNAUTHENTICATED,
        403 => PERMISSION_DENIED,
        404 => NOT_FOUND,
        409 => ABORTED,
        412 => FAILED_PRECONDITION,
        429 => RESOURCE_EXHAUSTED,
        503 => UNAVAILABLE,
        _ => return None,
    })
}

/// The error a non-2xx answer stands for.
pub fn map_error(reply: &Reply) -> ApiError {
    let body: Value = serde_json::from_str(&reply.body).unwrap_or(Value::Null);
    let text = |key: &str| {
        body.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let message = text("message")
        .or_else(|| text("error"))
        .unwrap_or_else(|| reply.excerpt());
    let code = body
        .get("code")
        .and_then(|c| c.as_i64().or_else(|| c.as_str()?.trim().parse().ok()))
        .or_else(|| code_of_status(reply.status));
    let status = reply.status.as_u16();
    match code {
        // A 412 is an old gateway's FAILED_PRECONDITION: a stale version, as a 409 is.
        Some(ABORTED) => ApiError::Conflict { message },
        _ if status == 412 => ApiError::Conflict { message },
        Some(NOT_FOUND) => ApiError::NotFound,
        Some(PERMISSION_DENIED) => ApiError::Forbidden,
        Some(UNAUTHENTICATED) => ApiError::Unauthorized,
        Some(RESOURCE_EXHAUSTED) if status == 429 => reply.throttled(),
        Some(UNAVAILABLE) if reply.retry_after.is_some() => reply.throttled(),
        _ if status == 429 => reply.throttled(),
        Some(INVALID_ARGUMENT) => match field_violations(&body) {
            Some(fields) => ApiError::Fields(fields),
            None => business(INVALID_ARGUMENT, "INVALID_ARGUMENT", message),
        },
        Some(code) if (400..500).contains(&status) => business(code, &code_name(code), message),
        _ => ApiError::Server { status, message },
    }
}

fn business(code: i64, name: &str, message: String) -> ApiError {
    ApiError::Business(vec![BusinessError {
        error_code: code,
        error_name: name.to_string(),
        error_message: message,
    }])
}

fn code_name(code: i64) -> String {
    match code {
        FAILED_PRECONDITION => "FAILED_PRECONDITION".into(),
        6 => "ALREADY_EXISTS".into(),
        other => format!("code {other}"),
    }
}

/// The fields of a `google.rpc.BadRequest` detail, when the answer carries one.
fn field_violations(body: &Value) -> Option<FieldErrors> {
    let mut fields = FieldErrors::default();
    let details = body.get("details")?.as_array()?;
    for violation in details
        .iter()
        .filter_map(|d| d.get("fieldViolations")?.as_array())
        .flatten()
    {
        let field = violation.get("field").and_then(Value::as_str).unwrap_or("");
        let description = violation
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("invalid");
        fields.add(field, description);
    }
    (!fields.is_empty()).then_some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            location: None,
            retry_after: None,
            body: body.to_string(),
        }
    }

    fn grpc(code: i64, message: &str) -> String {
        serde_json::json!({"error": message, "code": code, "message": message, "details": []})
            .to_string()
    }

    #[test]
    fn codes_and_statuses_map_onto_the_neutral_errors() {
        let conflict = map_error(&reply(409, &grpc(10, "stale")));
        assert_eq!(
            conflict,
            ApiError::Conflict {
                message: "stale".into()
            }
        );
        assert!(matches!(
            map_error(&reply(412, "")),
            ApiError::Conflict { .. }
        ));
        assert_eq!(map_error(&reply(404, &grpc(5, "gone"))), ApiError::NotFound);
        assert_eq!(
            map_error(&reply(403, "<html>no</html>")),
            ApiError::Forbidden
        );
        assert_eq!(map_error(&reply(401, "")), ApiError::Unauthorized);
        let precondition = map_error(&reply(400, &grpc(9, "has children")));
        let ApiError::Business(errors) = precondition else {
            panic!("{precondition:?}");
        };
        assert_eq!(errors[0].error_message, "has children");
        assert_eq!(errors[0].error_name, "FAILED_PRECONDITION");
        let duplicate = map_error(&reply(409, &grpc(6, "user exists")));
        assert!(
            matches!(duplicate, ApiError::Business(_)),
            "ALREADY_EXISTS is no conflict"
        );
        let with_fields = serde_json::json!({"code": 3, "message": "name is required", "details": [
            {"@type": "type.googleapis.com/google.rpc.BadRequest",
             "fieldViolations": [{"field": "name", "description": "name is required"}]}]});
        let ApiError::Fields(fields) = map_error(&reply(400, &with_fields.to_string())) else {
            panic!("fields");
        };
        assert_eq!(fields.first("name"), Some("name is required"));
        assert!(matches!(
            map_error(&reply(400, &grpc(3, "bad"))),
            ApiError::Business(_)
        ));
        let mut throttled = reply(503, &grpc(14, "busy"));
        throttled.retry_after = Some(Duration::from_millis(1500));
        assert_eq!(
            map_error(&throttled),
            ApiError::Throttled {
                status: 503,
                retry_in: Some(2)
            }
        );
        assert!(matches!(
            map_error(&reply(429, "")),
            ApiError::Throttled { status: 429, .. }
        ));
        assert_eq!(
            map_error(&reply(500, "boom")),
            ApiError::Server {
                status: 500,
                message: "boom".into()
            }
        );
        assert_eq!(
            map_error(&reply(502, "")),
            ApiError::Server {
                status: 502,
                message: "Bad Gateway".into()
            }
        );
    }

    #[test]
    fn the_message_falls_back_to_error_then_to_the_body() {
        let only_error = r#"{"error": "from error", "code": 10}"#;
        assert_eq!(
            map_error(&reply(409, only_error)),
            ApiError::Conflict {
                message: "from error".into()
            }
        );
        assert_eq!(
            map_error(&reply(409, "plain text")),
            ApiError::Conflict {
                message: "plain text".into()
            }
        );
        assert_eq!(
            map_error(&reply(409, "")),
            ApiError::Conflict {
                message: "Conflict".into()
            }
        );
        let string_code = r#"{"code": "5", "message": "x"}"#;
        assert_eq!(map_error(&reply(404, string_code)), ApiError::NotFound);
    }
}
