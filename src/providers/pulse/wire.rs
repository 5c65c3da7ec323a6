//! Pulse's JSON as it comes off the wire (grpc-gateway's protobuf JSON), read leniently with
//! `domain::lenient`: int64 values as strings or numbers, `null` as missing, unknown fields
//! ignored; times as epoch milliseconds (a string or a number) or RFC 3339 text.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

pub use crate::domain::dates::parse_time;

/// A point in time in epoch milliseconds; `None` when absent or unreadable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EpochMs(pub Option<i64>);

impl<'de> Deserialize<'de> for EpochMs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(EpochMs(match Value::deserialize(deserializer)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(text) => parse_time(text.trim()),
            _ => None,
        }))
    }
}

/// `iamToken`: the answer of sign-in and refresh.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Token {
    pub access_token: String,
    pub refresh_token: String,
    pub access_token_expires_at: i64,
    pub refresh_token_expires_at: i64,
    pub expires_in_secs: i64,
}

/// `iamOrganization`: a list item, or (with `org_id`, `created_by`, `last_updated_by`) the
/// answer of get-by-id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub name: String,
    /// Empty for a root tenant.
    pub parent_id: String,
    pub status: String,
    pub created_time: EpochMs,
    pub last_updated_time: EpochMs,
    pub update_version: i64,
    pub org_id: String,
    pub created_by: String,
    pub last_updated_by: String,
}

/// `pageInfo` of a list answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PageInfo {
    pub page: i64,
    pub page_size: i64,
    pub total_elements: i64,
    pub total_pages: i64,
}

/// The body of `PUT /api/organizations/{id}` (and, without id and version, of a create).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationInput {
    pub name: String,
    pub parent_id: String,
    pub status: String,
}

/// `iamCreateUserRequest`, the first user of a new root tenant (the stand-in reads it too).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NewUser {
    pub user_name: String,
    pub password: String,
    pub email: String,
    pub display_name: String,
    pub status: String,
    pub roles: Vec<String>,
    pub groups: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lenient;

    #[test]
    fn times_read_as_epoch_ms_strings_numbers_or_rfc_3339() {
        assert_eq!(parse_time("1764000000000"), Some(1_764_000_000_000));
        assert_eq!(parse_time("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_time("1970-01-01T01:00:01.25+01:00"), Some(1250));
        assert_eq!(parse_time("2026-03-01T09:30:00Z"), Some(1_772_357_400_000));
        assert_eq!(parse_time("yesterday"), None);
        let org: Organization = lenient::from_value(serde_json::json!({
            "id": 7, "name": null, "createdTime": 1_764_000_000_000_i64,
            "lastUpdatedTime": "2026-03-01T09:30:00Z", "updateVersion": "3", "extra": {"x": 1}
        }))
        .unwrap();
        assert_eq!(org.id, "7");
        assert_eq!(org.name, "");
        assert_eq!(org.created_time, EpochMs(Some(1_764_000_000_000)));
        assert_eq!(org.last_updated_time, EpochMs(Some(1_772_357_400_000)));
        assert_eq!(org.update_version, 3);
        let page: PageInfo = lenient::from_value(serde_json::json!({
            "page": 1, "pageSize": 10, "totalElements": "11", "totalPages": "2"
        }))
        .unwrap();
        assert_eq!((page.total_elements, page.total_pages), (11, 2));
    }
}
