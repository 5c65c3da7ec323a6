//! What can go wrong talking to a provider, in terms a user can act on.

use thiserror::Error;

use crate::domain::{BusinessError, FieldErrors};

/// A failed API call. `Display` is the plain-words message for the status bar.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ApiError {
    #[error("sign-in failed: {0}")]
    Auth(String),
    /// A 401 that signing in again (where the provider has a sign-in) did not cure.
    #[error("not authorised (401): the server refused this account's credentials")]
    Unauthorized,
    /// A write met a 401 (Cloudmore: a create; Pulse: any write, whose updates carry a
    /// version): the token is renewed, but the write is not sent again blindly (the request
    /// reached something that may have acted on it); it is checked first.
    #[error(
        "the session ran out while a change was being sent; it is checked before being sent again"
    )]
    ExpiredMidWrite,
    /// A write whose answer was lost and whose outcome could not be checked: the message says
    /// so and what to do.
    #[error("{0}")]
    Unsettled(String),
    #[error("forbidden (403): this account may not access it")]
    Forbidden,
    /// Refused before anything was sent: the profile is read-only.
    #[error("read-only profile: this change was refused and nothing was sent")]
    ReadOnly,
    /// Offline (`--offline`): the disk cache does not hold it, and nothing is sent.
    #[error("not cached: offline, and this was not loaded before")]
    Offline,
    /// Not sent: without its journal line a crash could lose or double it.
    #[error("not sent: the journal cannot be written ({0})")]
    NotJournaled(String),
    #[error("not found (404): it may have been deleted")]
    NotFound,
    /// The write was made from an older version than the server's (a stale concurrency
    /// token: 409, or 412): someone else changed it meanwhile.
    #[error("someone else changed it meanwhile: {message}")]
    Conflict { message: String },
    #[error("the server rejected the input: {}", summarize_fields(.0))]
    Fields(FieldErrors),
    #[error("the server refused: {}", summarize_business(.0))]
    Business(Vec<BusinessError>),
    #[error("server error {status}: {message}")]
    Server { status: u16, message: String },
    /// 429, or 503 with `Retry-After`: the server did not process the request.
    #[error("the API asked us to slow down{}", retry_text(.retry_in))]
    Throttled { status: u16, retry_in: Option<u64> },
    #[error("request timed out after {0} s; check the network and retry")]
    Timeout(u64),
    #[error("cannot reach the server: {0}")]
    Network(String),
    #[error("unexpected response: {0}")]
    Decode(String),
    /// The provider has no such call (what the console asks for follows its capabilities, so
    /// this is a defect if it is ever shown).
    #[error("this provider cannot do that: {0}")]
    Unsupported(String),
}

fn retry_text(retry_in: &Option<u64>) -> String {
    match retry_in {
        Some(secs) => format!("; try again in {secs} s"),
        None => "; try again in a moment".into(),
    }
}

fn summarize_fields(errors: &FieldErrors) -> String {
    errors
        .0
        .iter()
        .map(|(field, messages)| format!("{field}: {}", messages.join(" ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn summarize_business(errors: &[BusinessError]) -> String {
    errors
        .iter()
        .map(|e| e.error_message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}
