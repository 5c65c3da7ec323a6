//! Reading the whole organization list page by page: the first page is asked for alone and
//! handed over at once (a 100,000-organization tenant shows its first rows first); the rest
//! follow, a few requests ahead, and are handed over in page order as they arrive.
//!
//! A row that cannot be read is left out and counted, the rest loads (as for Cloudmore). Pages
//! are offsets, so an organization created or deleted during the read may shift one row
//! between pages; the next read sees the list as it is.

use futures_util::{StreamExt, stream};
use reqwest::Method;
use serde::Deserialize;
use serde_json::Value;

use super::client::PulseClient;
use super::wire::{Organization, PageInfo};
use crate::api::ApiError;
use crate::domain::lenient;

/// A page as a well-formed answer has it (int64 totals as strings or numbers).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StrictPage {
    tenants: Vec<Organization>,
    page_info: StrictInfo,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StrictInfo {
    total_elements: Int64,
    total_pages: Int64,
}

/// An int64 as protobuf JSON sends it: a string, or a number.
struct Int64(i64);

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .map(Int64)
        .ok_or_else(|| serde::de::Error::custom("an int64"))
    }
}

/// Pages asked for at once after the first (within the client's limit in flight).
const PAGES_AHEAD: usize = 4;

/// One page as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgPage {
    /// 1-based.
    pub number: i64,
    pub total_pages: i64,
    pub total_elements: i64,
    pub organizations: Vec<Organization>,
    /// Rows of this page that could not be read (left out).
    pub unreadable: usize,
}

/// What a whole read came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadSummary {
    pub pages: i64,
    pub organizations: usize,
    pub unreadable: usize,
}

impl PulseClient {
    /// One page of `page_size` organizations (`number` is 1-based).
    pub async fn page(&self, number: i64) -> Result<OrgPage, ApiError> {
        let path = format!(
            "/api/organizations?page.number={number}&page.size={}",
            self.config.page_size
        );
        let reply = self.call(Method::GET, &path, None).await?;
        decode_page(number, &reply.body)
    }

    /// Every organization, handed to `on_page` one page at a time in page order, the first
    /// as soon as it arrives. Pages handed over before an error stay handed over.
    pub async fn organizations_by_page(
        &self,
        mut on_page: impl FnMut(OrgPage),
    ) -> Result<ReadSummary, ApiError> {
        let first = self.page(1).await?;
        let total_pages = first.total_pages;
        let mut summary = ReadSummary::default();
        let mut take = |page: OrgPage| {
            summary.pages += 1;
            summary.organizations += page.organizations.len();
            summary.unreadable += page.unreadable;
            let empty = page.organizations.is_empty() && page.unreadable == 0;
            on_page(page);
            empty
        };
        if take(first) {
            return Ok(summary);
        }
        let mut rest = stream::iter(2..=total_pages)
            .map(|number| self.page(number))
            .buffered(PAGES_AHEAD);
        while let Some(page) = rest.next().await {
            // The list shrank while it was read: nothing further to come.
            if take(page?) {
                break;
            }
        }
        Ok(summary)
    }

    /// Every organization, all pages read.
    pub async fn organizations(&self) -> Result<Vec<Organization>, ApiError> {
        let mut all = Vec::new();
        self.organizations_by_page(|page| all.extend(page.organizations))
            .await?;
        Ok(all)
    }
}

/// Reads one list answer: strictly when it is well-formed, else row by row.
fn decode_page(number: i64, body: &str) -> Result<OrgPage, ApiError> {
    // Fast path: a well-formed page decodes straight from the text; only a page with an
    // odd row is read row by row.
    if let Ok(page) = serde_json::from_str::<StrictPage>(body) {
        return Ok(OrgPage {
            number,
            total_pages: page.page_info.total_pages.0,
            total_elements: page.page_info.total_elements.0,
            organizations: page.tenants,
            unreadable: 0,
        });
    }
    let body: Value = serde_json::from_str(body)
        .map_err(|e| ApiError::Decode(format!("the organization list: {e}")))?;
    let info: PageInfo = body
        .get("pageInfo")
        .filter(|info| !info.is_null())
        .cloned()
        .map(lenient::from_value)
        .transpose()
        .map_err(|e| ApiError::Decode(format!("pageInfo: {e}")))?
        .unwrap_or_default();
    let rows = match body.get("tenants") {
        Some(Value::Array(rows)) => rows.clone(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(ApiError::Decode("'tenants' is not a list".into())),
    };
    let mut organizations = Vec::with_capacity(rows.len());
    let mut unreadable = 0;
    for row in rows {
        match lenient::from_value::<Organization>(row) {
            Ok(org) => organizations.push(org),
            Err(error) => {
                unreadable += 1;
                tracing::warn!(error = %error.to_string().escape_debug(), "an organization could not be read");
            }
        }
    }
    Ok(OrgPage {
        number,
        total_pages: info.total_pages,
        total_elements: info.total_elements,
        organizations,
        unreadable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_nulls_unknown_fields_and_a_bad_row_still_loads() {
        let body = r#"{"tenants": [
            {"id": "a", "name": null, "parentId": null, "status": "ACTIVE", "createdTime": 5,
             "updateVersion": "2", "futureField": {"x": [1]}},
            {"id": {"not": "text"}},
            {"id": "c", "name": "C", "lastUpdatedTime": "1970-01-01T00:00:01Z"}
        ], "pageInfo": {"page": 1, "pageSize": 10, "totalElements": 3, "totalPages": "1"},
        "extra": true}"#;
        let page = decode_page(1, body).unwrap();
        assert_eq!(page.unreadable, 1);
        assert_eq!((page.total_elements, page.total_pages), (3, 1));
        let ids: Vec<_> = page.organizations.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(page.organizations[0].name, "");
        assert_eq!(page.organizations[0].update_version, 2);
        assert_eq!(page.organizations[1].last_updated_time.0, Some(1000));

        let strict = r#"{"tenants": [{"id": "a", "name": "A", "updateVersion": 1}],
            "pageInfo": {"totalElements": "1", "totalPages": "1"}}"#;
        assert_eq!(decode_page(1, strict).unwrap().organizations[0].name, "A");
        let missing = decode_page(2, r#"{"pageInfo": null}"#).unwrap();
        assert!(missing.organizations.is_empty());
        assert!(matches!(decode_page(1, "<html>"), Err(ApiError::Decode(_))));
        assert!(matches!(
            decode_page(1, r#"{"tenants": 5}"#),
            Err(ApiError::Decode(_))
        ));
    }
}
