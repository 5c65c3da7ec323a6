//! What a validation finds, in no provider's terms: messages keyed by field, business-rule
//! errors, and the framework wording the forms and the stand-ins share. Cloudmore's ASP.NET
//! ModelState dictionary gave the shape; every provider maps its own error bodies onto it
//! (see `api::ApiError`), and every form shows it under its fields.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The ModelState dictionary: property path → messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0
            .entry(field.to_string())
            .or_default()
            .push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message for a field, if any.
    pub fn first(&self, field: &str) -> Option<&str> {
        self.0
            .get(field)
            .and_then(|m| m.first())
            .map(String::as_str)
    }
}

/// One business-rule error (`ApiError` model): `{errorCode, errorName, errorMessage}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessError {
    pub error_code: i64,
    pub error_name: String,
    pub error_message: String,
}

/// Error code 5 is the only one public material shows.
pub const INVALID_VALUE: i64 = 5;

impl BusinessError {
    pub fn invalid_value(message: impl Into<String>) -> Self {
        BusinessError {
            error_code: INVALID_VALUE,
            error_name: "InvalidValue".into(),
            error_message: message.into(),
        }
    }
}

/// Result of validating one input: model errors first, business errors second (the server sends
/// the dictionary when there are model errors and the list otherwise, like ASP.NET does).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validation {
    pub fields: FieldErrors,
    pub business: Vec<BusinessError>,
}

impl Validation {
    pub fn is_ok(&self) -> bool {
        self.fields.is_empty() && self.business.is_empty()
    }
}

/// The framework's text for a missing required field.
pub fn required_message(field: &str) -> String {
    format!("The {field} field is required.")
}

/// The framework's text for a value that is not an e-mail address.
pub fn not_email_message(field: &str) -> String {
    format!("The {field} field is not a valid e-mail address.")
}

/// An e-mail address in the practical sense: one `@`, a non-empty local part, a dotted domain,
/// no whitespace or control characters.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let clean = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control());
    clean(local)
        && clean(domain)
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

/// Digits 0–9 only, at least one (phone numbers and prefixes, written without `+`).
pub fn is_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}
