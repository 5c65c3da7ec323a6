//! Reading a whole list page by page, following `meta.next`: each page is handed over as
//! soon as it arrives, first page first, before the next one is asked for (the link to it is
//! in the page). A row that cannot be read is left out and counted; the rest loads.
//!
//! `meta.next` is a server-relative link that repeats the request's filters and view. It is
//! followed only while it stays on the API's own host (the key goes with every request) and
//! never twice, so a server that links in a circle ends the read instead of looping.

use std::collections::HashSet;

use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::client::{MetalClient, OrgQuery, View};
use super::wire::{InvitationItem, Membership, Meta, Organization, Project};
use crate::api::ApiError;
use crate::domain::lenient;

/// One page as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// 1-based: `meta.current_page`, else the count of pages read.
    pub number: i64,
    /// `meta.last_page` (0 when the server said nothing).
    pub last_page: i64,
    /// `meta.total` (0 when the server said nothing).
    pub total: i64,
    pub items: Vec<T>,
    /// Rows of this page that could not be read (left out).
    pub unreadable: usize,
}

/// What a whole read came to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListSummary {
    pub pages: i64,
    pub items: usize,
    pub unreadable: usize,
}

impl MetalClient {
    /// Every item of the list at `path` (under `key`), handed to `on_page` a page at a time.
    /// Pages handed over before an error stay handed over.
    pub async fn list_by_page<T: DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
        query: Vec<(&'static str, String)>,
        mut on_page: impl FnMut(Page<T>),
    ) -> Result<ListSummary, ApiError> {
        let mut query = query;
        query.push(("per_page", self.config.per_page.to_string()));
        let mut next = Some(self.url(path, &query));
        let mut asked = HashSet::new();
        let mut summary = ListSummary::default();
        while let Some(url) = next.take() {
            asked.insert(url.to_string());
            let reply = self.call(Method::GET, url, None).await?;
            let (meta, page) = decode_page(key, &reply.body, summary.pages + 1)?;
            summary.pages += 1;
            summary.items += page.items.len();
            summary.unreadable += page.unreadable;
            let empty = page.items.is_empty() && page.unreadable == 0;
            on_page(page);
            // The list shrank while it was read: nothing further to come.
            if empty {
                break;
            }
            next = match meta.next.filter(|link| !link.href.is_empty()) {
                Some(link) => Some(self.follow(&link.href)?),
                None => None,
            };
            if next
                .as_ref()
                .is_some_and(|url| asked.contains(url.as_str()))
            {
                tracing::warn!(
                    list = key,
                    "meta.next leads to a page already read; the read ends"
                );
                next = None;
            }
        }
        Ok(summary)
    }

    /// Every item of a list, all pages read.
    async fn list_all<T: DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
        query: Vec<(&'static str, String)>,
    ) -> Result<Vec<T>, ApiError> {
        let mut all = Vec::new();
        self.list_by_page(path, key, query, |page| all.extend(page.items))
            .await?;
        Ok(all)
    }

    /// The URL of a `meta.next` link, refused when it leaves the API's host.
    fn follow(&self, href: &str) -> Result<Url, ApiError> {
        let url = self
            .base
            .join(href)
            .map_err(|e| ApiError::Decode(format!("meta.next is not a link: {e}")))?;
        if url.origin() != self.base.origin() {
            return Err(ApiError::Decode(
                "meta.next leads to another host; the API key is not sent there".into(),
            ));
        }
        Ok(url)
    }

    /// `GET /organizations` (findOrganizations), page by page.
    pub async fn organizations_by_page(
        &self,
        query: &OrgQuery,
        on_page: impl FnMut(Page<Organization>),
    ) -> Result<ListSummary, ApiError> {
        self.list_by_page("/organizations", "organizations", query.pairs(), on_page)
            .await
    }

    /// Every organization of the user that `query` keeps.
    pub async fn organizations(&self, query: &OrgQuery) -> Result<Vec<Organization>, ApiError> {
        self.list_all("/organizations", "organizations", query.pairs())
            .await
    }

    /// `GET /organizations/{id}/projects` (findOrganizationProjects); `name` filters by it
    /// (empty: every project).
    pub async fn projects(
        &self,
        org_id: &str,
        name: &str,
        view: &View,
    ) -> Result<Vec<Project>, ApiError> {
        let path = format!(
            "{}/projects",
            super::client::path_of("organizations", org_id)
        );
        self.list_all(&path, "projects", with_filter(view, "name", name))
            .await
    }

    /// `GET /organizations/{id}/invitations` (findOrganizationInvitations): owners and admins
    /// only.
    pub async fn invitations(
        &self,
        org_id: &str,
        view: &View,
    ) -> Result<Vec<InvitationItem>, ApiError> {
        let path = format!(
            "{}/invitations",
            super::client::path_of("organizations", org_id)
        );
        self.list_all(&path, "invitations", view.pairs()).await
    }

    /// `GET /invitations` (findInvitations): the caller's own, those sent to their e-mail,
    /// to accept or decline. Items as in [`MetalClient::invitations`].
    pub async fn my_invitations(&self, view: &View) -> Result<Vec<InvitationItem>, ApiError> {
        self.list_all("/invitations", "invitations", view.pairs())
            .await
    }

    /// `GET /projects/{id}/memberships` (findProjectMemberships); `search` matches the
    /// member's name or e-mail (empty: everyone).
    pub async fn memberships(
        &self,
        project_id: &str,
        search: &str,
        view: &View,
    ) -> Result<Vec<Membership>, ApiError> {
        let path = format!(
            "{}/memberships",
            super::client::path_of("projects", project_id)
        );
        self.list_all(&path, "memberships", with_filter(view, "search", search))
            .await
    }
}

/// The view's query pairs, and `key=value` when the value is not blank.
fn with_filter(view: &View, key: &'static str, value: &str) -> Vec<(&'static str, String)> {
    let mut query = view.pairs();
    if !value.trim().is_empty() {
        query.push((key, value.trim().to_string()));
    }
    query
}

/// Reads one list answer: its `meta` and its rows under `key`, each leniently.
fn decode_page<T: DeserializeOwned>(
    key: &str,
    body: &str,
    counted: i64,
) -> Result<(Meta, Page<T>), ApiError> {
    let body: Value =
        serde_json::from_str(body).map_err(|e| ApiError::Decode(format!("the {key} list: {e}")))?;
    let meta: Meta = match body.get("meta") {
        None | Some(Value::Null) => Meta::default(),
        Some(meta) => {
            lenient::from_value(meta.clone()).map_err(|e| ApiError::Decode(format!("meta: {e}")))?
        }
    };
    let rows = match body.get(key) {
        Some(Value::Array(rows)) => rows.clone(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(ApiError::Decode(format!("'{key}' is not a list"))),
    };
    let mut items = Vec::with_capacity(rows.len());
    let mut unreadable = 0;
    for row in rows {
        match lenient::from_value::<T>(row) {
            Ok(item) => items.push(item),
            Err(error) => {
                unreadable += 1;
                tracing::warn!(list = key, error = %error.to_string().escape_debug(), "a row could not be read");
            }
        }
    }
    let page = Page {
        number: if meta.current_page > 0 {
            meta.current_page
        } else {
            counted
        },
        last_page: meta.last_page,
        total: meta.total,
        items,
        unreadable,
    };
    Ok((meta, page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_nulls_a_bad_row_and_no_meta_still_loads() {
        let body = r#"{"organizations": [
            {"id": "a", "name": null, "extra": {"x": 1}},
            {"id": {"not": "text"}},
            {"id": "c", "name": "C"}
        ], "meta": {"total": "3", "current_page": 1, "last_page": 1, "next": null}}"#;
        let (meta, page) = decode_page::<Organization>("organizations", body, 1).unwrap();
        assert!(meta.next.is_none());
        assert_eq!((page.total, page.unreadable), (3, 1));
        let ids: Vec<_> = page.items.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        let (_, bare) = decode_page::<Organization>("organizations", "{}", 4).unwrap();
        assert_eq!((bare.number, bare.items.len()), (4, 0));
        assert!(decode_page::<Organization>("organizations", "<html>", 1).is_err());
        assert!(
            decode_page::<Organization>("organizations", r#"{"organizations": 5}"#, 1).is_err()
        );
    }
}
