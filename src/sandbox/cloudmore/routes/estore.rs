//! `organizations/{org}/Estore`: the catalog services an organization can still add, and the
//! details of one catalog service.

use std::sync::Arc;

use super::paths::{OrgPath, ServicePath};
use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};

use crate::domain::{EstoreService, EstoreServiceDetail};
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::ApiResult;
use crate::sandbox::cloudmore::store::{catalog, ensure_org};
use crate::sandbox::state::Shared;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/organizations/{org}/estore", get(list))
        .route("/organizations/{org}/estore/{service}", get(detail))
}

async fn list(ctx: Ctx, Path(path): Path<OrgPath>) -> ApiResult<Json<Vec<EstoreService>>> {
    let services = ctx
        .db(move |conn, reseller| {
            ensure_org(conn, reseller, &path.org)?;
            let added: Vec<String> = conn
                .prepare_cached(
                    "SELECT service_id FROM organization_services WHERE organization_id = ?1",
                )?
                .query_map([&path.org], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(catalog::services(conn)?
                .into_iter()
                .filter(|s| !added.contains(&s.id))
                .map(|s| EstoreService {
                    id: s.id,
                    name: s.name,
                    vendor_name: s.vendor_name,
                    category: s.category.name,
                })
                .collect())
        })
        .await?;
    Ok(Json(services))
}

async fn detail(ctx: Ctx, Path(path): Path<ServicePath>) -> ApiResult<Json<EstoreServiceDetail>> {
    let detail = ctx
        .db(move |conn, reseller| {
            ensure_org(conn, reseller, &path.org)?;
            catalog::service(conn, &path.service)
        })
        .await?;
    Ok(Json(detail))
}
