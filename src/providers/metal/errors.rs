//! Metal's error answers onto the neutral [`ApiError`]. The body is the spec's `Error`,
//! `{"errors": ["…"]}` (sometimes `{"error": "…"}`); the HTTP status decides, so a body that
//! is missing or not JSON (a proxy's page) still maps.
//!
//! A 422 is [`ApiError::Fields`] when every message names a field of the body that was sent:
//! Metal words them as Rails does, the field's name first ("Name can't be blank", "Address zip
//! code can't be blank" for a field of `address`). Anything else (a rule about the whole
//! object, "An organization must keep at least one owner or admin") keeps all its messages
//! together as [`ApiError::Business`].

use reqwest::StatusCode;
use serde_json::Value;

use crate::api::ApiError;
use crate::api::discipline::Reply;
use crate::domain::{BusinessError, FieldErrors};

/// The error a non-2xx answer stands for; `sent` is the JSON body of the request, if any.
pub fn map_error(reply: &Reply, sent: Option<&Value>) -> ApiError {
    let messages = messages(&reply.body);
    let message = if messages.is_empty() {
        reply.excerpt()
    } else {
        messages.join("; ")
    };
    let status = reply.status;
    match status {
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized,
        StatusCode::FORBIDDEN => ApiError::Forbidden,
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::CONFLICT => ApiError::Conflict { message },
        StatusCode::TOO_MANY_REQUESTS => reply.throttled(),
        StatusCode::SERVICE_UNAVAILABLE if reply.retry_after.is_some() => reply.throttled(),
        StatusCode::UNPROCESSABLE_ENTITY if !messages.is_empty() => {
            match fields_of(&messages, sent) {
                Some(fields) => ApiError::Fields(fields),
                None => business(status, messages),
            }
        }
        _ if status.is_client_error() => business(status, vec![message]),
        _ => ApiError::Server {
            status: status.as_u16(),
            message,
        },
    }
}

/// The texts of an error body: `errors` (strings, or objects with a `message`), else `error`.
fn messages(body: &str) -> Vec<String> {
    let body: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = |value: &Value| {
        let text = match value {
            Value::String(text) => text.as_str(),
            other => other.get("message").and_then(Value::as_str).unwrap_or(""),
        };
        Some(text.trim().to_string()).filter(|t| !t.is_empty())
    };
    let listed: Vec<String> = match body.get("errors") {
        Some(Value::Array(items)) => items.iter().filter_map(text).collect(),
        _ => Vec::new(),
    };
    if listed.is_empty() {
        // The spec's `Error` has both fields, each optional.
        return body.get("error").and_then(text).into_iter().collect();
    }
    listed
}

/// The messages by the field each names, when every one names a top-level key of `sent`.
fn fields_of(messages: &[String], sent: Option<&Value>) -> Option<FieldErrors> {
    let keys: Vec<&String> = sent?.as_object()?.keys().collect();
    let mut fields = FieldErrors::default();
    for message in messages {
        let lower = message.to_lowercase();
        // The longest match wins ("billing address …" is not "address …").
        let key = keys
            .iter()
            .filter(|key| {
                let words = key.replace('_', " ");
                lower.starts_with(&format!("{words} "))
            })
            .max_by_key(|key| key.len())?;
        fields.add(key, message.clone());
    }
    (!fields.is_empty()).then_some(fields)
}

fn business(status: StatusCode, messages: Vec<String>) -> ApiError {
    let name = status.canonical_reason().unwrap_or("refused").to_string();
    ApiError::Business(
        messages
            .into_iter()
            .map(|message| BusinessError {
                error_code: i64::from(status.as_u16()),
                error_name: name.clone(),
                error_message: message,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            location: None,
            retry_after: None,
            body: body.to_string(),
        }
    }

    fn errors(messages: &[&str]) -> String {
        json!({ "errors": messages }).to_string()
    }

    #[test]
    fn statuses_map_whatever_the_body() {
        for body in ["", "<html>proxy</html>", &errors(&["Not found"])] {
            assert_eq!(map_error(&reply(401, body), None), ApiError::Unauthorized);
            assert_eq!(map_error(&reply(403, body), None), ApiError::Forbidden);
            assert_eq!(map_error(&reply(404, body), None), ApiError::NotFound);
            assert!(matches!(
                map_error(&reply(429, body), None),
                ApiError::Throttled { status: 429, .. }
            ));
        }
        assert_eq!(
            map_error(&reply(500, &errors(&["boom"])), None),
            ApiError::Server {
                status: 500,
                message: "boom".into()
            }
        );
        assert_eq!(
            map_error(&reply(502, ""), None),
            ApiError::Server {
                status: 502,
                message: "Bad Gateway".into()
            }
        );
        let mut unavailable = reply(503, "");
        unavailable.retry_after = Some(Duration::from_secs(2));
        assert_eq!(
            map_error(&unavailable, None),
            ApiError::Throttled {
                status: 503,
                retry_in: Some(2)
            }
        );
        assert!(matches!(
            map_error(&reply(503, ""), None),
            ApiError::Server { status: 503, .. }
        ));
        let ApiError::Business(refused) = map_error(&reply(405, r#"{"error": "no"}"#), None) else {
            panic!("a 405 is a refusal");
        };
        assert_eq!(refused[0].error_message, "no");
        let ApiError::Business(both) =
            map_error(&reply(400, r#"{"errors": [], "error": "only here"}"#), None)
        else {
            panic!("a 400 is a refusal");
        };
        assert_eq!(both[0].error_message, "only here");
    }

    #[test]
    fn a_422_names_fields_when_every_message_does_else_it_is_a_refusal() {
        let sent = json!({"name": "", "billing_address": {}, "address": {}});
        let answer = reply(
            422,
            &errors(&[
                "Name can't be blank",
                "Address zip code can't be blank",
                "Billing address country can't be blank",
            ]),
        );
        let ApiError::Fields(fields) = map_error(&answer, Some(&sent)) else {
            panic!("fields");
        };
        assert_eq!(fields.first("name"), Some("Name can't be blank"));
        assert_eq!(
            fields.first("address"),
            Some("Address zip code can't be blank")
        );
        assert_eq!(
            fields.first("billing_address"),
            Some("Billing address country can't be blank")
        );
        let rule = reply(
            422,
            &errors(&["Name can't be blank", "An organization must keep one owner"]),
        );
        let ApiError::Business(all) = map_error(&rule, Some(&sent)) else {
            panic!("business");
        };
        assert_eq!(all.len(), 2, "every message is kept");
        assert_eq!(all[1].error_code, 422);
        assert!(matches!(
            map_error(&reply(422, &errors(&["Name can't be blank"])), None),
            ApiError::Business(_)
        ));
        assert!(matches!(
            map_error(&reply(422, ""), None),
            ApiError::Business(_)
        ));
    }
}
