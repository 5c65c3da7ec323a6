//! The Pulse organization routes (`/api/organizations...`) and their paging: `page.number` and
//! `page.size` (grpc-gateway's spelling of a nested `page` message; `page` and `pageSize` are
//! read too), 1-based, [`DEFAULT_PAGE_SIZE`] by default and at most [`MAX_PAGE_SIZE`].

use axum::extract::{Path, RawQuery};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use super::auth::Session;
use super::reply::{Code, PulseError, PulseJson, PulseResult, empty_object};
use super::store;
use super::writes::{self, OrgInput, RootInput};

/// Page size when none (or 0) is asked for.
pub const DEFAULT_PAGE_SIZE: i64 = 10;
/// A larger page size is served as this many.
pub const MAX_PAGE_SIZE: i64 = 1000;

/// Which page a list asks for: 1-based number and size, both already defaulted and clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageAsk {
    pub number: i64,
    pub size: i64,
}

/// Reads the paging parameters: the dotted names win over the tolerated `page`/`pageSize`;
/// 0 or absent means the default; negative or not a number is `INVALID_ARGUMENT`.
pub(crate) fn page_ask(query: Option<&str>) -> PulseResult<PageAsk> {
    let (mut number, mut size) = (None, None);
    let (mut alias_number, mut alias_size) = (None, None);
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let slot = match key {
            "page.number" => &mut number,
            "page.size" => &mut size,
            "page" => &mut alias_number,
            "pageSize" => &mut alias_size,
            _ => continue,
        };
        let parsed = value
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| {
                PulseError::new(
                    Code::InvalidArgument,
                    format!("invalid value '{value}' for query parameter {key}"),
                )
            })?;
        *slot = Some(parsed);
    }
    let number = number.or(alias_number).filter(|n| *n > 0).unwrap_or(1);
    let size = size
        .or(alias_size)
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .min(MAX_PAGE_SIZE);
    Ok(PageAsk { number, size })
}

/// `iamListOrganizationsResponse`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListAnswer<'a> {
    tenants: Vec<store::Summary<'a>>,
    page_info: PageInfo,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    page: i64,
    page_size: i64,
    total_elements: String,
    total_pages: String,
}

/// `GET /api/organizations`: one page; a page past the end is empty, with the totals.
pub(crate) async fn list(session: Session, RawQuery(query): RawQuery) -> PulseResult<Response> {
    let ask = page_ask(query.as_deref())?;
    let offset = (ask.number - 1).saturating_mul(ask.size);
    let (orgs, total) = session
        .db(move |conn, caller| store::page(conn, caller, offset, ask.size))
        .await?;
    let pages = (total + ask.size - 1) / ask.size;
    let tenants: Vec<_> = orgs.iter().map(store::Org::summary).collect();
    let body = ListAnswer {
        tenants,
        page_info: PageInfo {
            page: ask.number,
            page_size: ask.size,
            total_elements: total.to_string(),
            total_pages: pages.to_string(),
        },
    };
    Ok(axum::Json(body).into_response())
}

/// `POST /api/organizations` → `{"id"}` (200, as grpc-gateway answers).
pub(crate) async fn create(
    session: Session,
    PulseJson(input): PulseJson<OrgInput>,
) -> PulseResult<Response> {
    let id = session
        .db(move |conn, caller| writes::create(conn, caller, input))
        .await?;
    Ok(axum::Json(json!({ "id": id })).into_response())
}

/// `GET /api/organizations/{id}`.
pub(crate) async fn get(session: Session, Path(id): Path<String>) -> PulseResult<Response> {
    let org = session
        .db(move |conn, caller| store::visible(conn, caller, &id))
        .await?;
    Ok(axum::Json(org.detail()).into_response())
}

/// `PUT /api/organizations/{id}` → `{}`.
pub(crate) async fn update(
    session: Session,
    Path(id): Path<String>,
    PulseJson(input): PulseJson<OrgInput>,
) -> PulseResult<Response> {
    session
        .db(move |conn, caller| writes::update(conn, caller, &id, input))
        .await?;
    Ok(empty_object())
}

/// `DELETE /api/organizations/{id}` → `{}`.
pub(crate) async fn delete(session: Session, Path(id): Path<String>) -> PulseResult<Response> {
    session
        .db(move |conn, caller| writes::delete(conn, caller, &id))
        .await?;
    Ok(empty_object())
}

/// `POST /api/organizations/root` → `{"userId","orgId"}`.
pub(crate) async fn create_root(
    session: Session,
    PulseJson(input): PulseJson<RootInput>,
) -> PulseResult<Response> {
    let (user_id, org_id) = session
        .db(move |conn, caller| writes::create_root(conn, caller, input))
        .await?;
    Ok(axum::Json(json!({ "userId": user_id, "orgId": org_id })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_defaults_clamps_and_reads_both_spellings() {
        let ask = |q: &str| page_ask(Some(q)).unwrap();
        assert_eq!(
            ask(""),
            PageAsk {
                number: 1,
                size: 10
            }
        );
        assert_eq!(
            ask("page.number=3&page.size=50"),
            PageAsk {
                number: 3,
                size: 50
            }
        );
        assert_eq!(ask("page=2&pageSize=5"), PageAsk { number: 2, size: 5 });
        assert_eq!(
            ask("page=2&page.number=4"),
            PageAsk {
                number: 4,
                size: 10
            }
        );
        assert_eq!(
            ask("page.size=0&page.number=0"),
            PageAsk {
                number: 1,
                size: 10
            }
        );
        assert_eq!(ask("page.size=5000").size, MAX_PAGE_SIZE);
        assert!(page_ask(Some("page.size=-1")).is_err());
        assert!(page_ask(Some("page.number=two")).is_err());
    }
}
