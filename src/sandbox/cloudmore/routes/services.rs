//! `organizations/{org}/services`: E-store services added to an organization, their custom
//! property data (PUT with the note, PATCH for the data alone) and their products.

use std::sync::Arc;

use super::paths::{OrgPath, ServicePath};
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{Connection, params};

use crate::domain::dates::now_timestamp;
use crate::domain::reseller::properties;
use crate::domain::validation::required_message;
use crate::domain::{
    CustomPropertyDefinition, CustomPropertySet, OrganizationService, OrganizationServiceAdd,
    OrganizationServiceUpdate, Product,
};
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::{
    ApiFailure, ApiResult, Created, JsonBody, decode, found, no_content, validated,
};
use crate::sandbox::cloudmore::store::{catalog, ensure_org, ensure_org_service};
use crate::sandbox::state::Shared;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/organizations/{org}/services", get(list).post(add))
        .route(
            "/organizations/{org}/services/{service}",
            get(detail).put(update).patch(patch).delete(remove),
        )
        .route(
            "/organizations/{org}/services/{service}/products",
            get(products),
        )
}

/// Status of every added service; the stand-in has no provisioning, so it is active at once.
const ACTIVE: &str = "Active";

/// Records `service` as added to `org` with its property values (already checked).
pub(crate) fn insert_org_service(
    conn: &Connection,
    org: &str,
    service: &str,
    added_date: &str,
    values: &[(String, String)],
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO organization_services (organization_id, service_id, status, added_date, note)
         VALUES (?1, ?2, ?3, ?4, '')",
    )?
    .execute(params![org, service, ACTIVE, added_date])?;
    store_values(conn, org, service, values)
}

fn store_values(
    conn: &Connection,
    org: &str,
    service: &str,
    values: &[(String, String)],
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO organization_service_properties (organization_id, service_id, property_id, value)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (organization_id, service_id, property_id) DO UPDATE SET value = excluded.value",
    )?;
    for (property, value) in values {
        stmt.execute(params![org, service, property, value])?;
    }
    Ok(())
}

/// The service's values after `given` (see [`properties::merge`]).
fn check_properties(
    defs: &[CustomPropertyDefinition],
    current: &[(String, String)],
    given: &[CustomPropertySet],
) -> ApiResult<Vec<(String, String)>> {
    let (values, validation) = properties::merge(defs, current, given, "this service");
    validated(validation)?;
    Ok(values)
}

fn stored_values(conn: &Connection, org: &str, service: &str) -> ApiResult<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT property_id, value FROM organization_service_properties
         WHERE organization_id = ?1 AND service_id = ?2",
    )?;
    let rows = stmt.query_map(params![org, service], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The organization service as the API shows it; every defined property is listed, unset ones
/// with an empty value.
fn read_org_service(conn: &Connection, org: &str, service: &str) -> ApiResult<OrganizationService> {
    let (status, added_date, note): (String, String, String) = conn
        .prepare_cached(
            "SELECT status, added_date, note FROM organization_services
             WHERE organization_id = ?1 AND service_id = ?2",
        )?
        .query_row(params![org, service], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
    let detail = catalog::service(conn, service)?;
    let values = stored_values(conn, org, service)?;
    let custom_properties = properties::shown(&detail.custom_properties, &values);
    Ok(OrganizationService {
        id: detail.id,
        name: detail.name,
        vendor_name: detail.vendor_name,
        category: detail.category.name,
        status,
        added_date,
        note,
        user_assigned: detail.user_assigned,
        custom_properties,
    })
}

async fn list(ctx: Ctx, Path(path): Path<OrgPath>) -> ApiResult<Json<Vec<OrganizationService>>> {
    let services = ctx
        .db(move |conn, reseller| {
            ensure_org(conn, reseller, &path.org)?;
            let ids: Vec<String> = conn
                .prepare_cached(
                    "SELECT os.service_id FROM organization_services os
                     JOIN services s ON s.id = os.service_id
                     WHERE os.organization_id = ?1 ORDER BY s.position",
                )?
                .query_map([&path.org], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            ids.iter()
                .map(|id| read_org_service(conn, &path.org, id))
                .collect()
        })
        .await?;
    Ok(Json(services))
}

async fn add(
    ctx: Ctx,
    Path(path): Path<OrgPath>,
    JsonBody(input): JsonBody<OrganizationServiceAdd>,
) -> ApiResult<Created> {
    if input.service_id.trim().is_empty() {
        return Err(ApiFailure::field(
            "ServiceId",
            required_message("ServiceId"),
        ));
    }
    let service = input.service_id.to_lowercase();
    let new_id = service.clone();
    ctx.db(move |conn, reseller| {
        ensure_org(conn, reseller, &path.org)?;
        let detail = match catalog::service(conn, &service) {
            Err(ApiFailure::NotFound) => {
                return Err(ApiFailure::business(format!(
                    "Service '{service}' is not in the E-store."
                )));
            }
            other => other?,
        };
        if ensure_org_service(conn, reseller, &path.org, &service).is_ok() {
            return Err(ApiFailure::business(format!(
                "{} is already added to the organization.",
                detail.name
            )));
        }
        let values = check_properties(&detail.custom_properties, &[], &input.custom_properties)?;
        let tx = conn.transaction()?;
        insert_org_service(&tx, &path.org, &service, &now_timestamp(), &values)?;
        tx.commit()?;
        Ok(())
    })
    .await?;
    Ok(ctx.created(&new_id))
}

async fn detail(ctx: Ctx, Path(path): Path<ServicePath>) -> ApiResult<Json<OrganizationService>> {
    let service = ctx
        .db(move |conn, reseller| {
            ensure_org_service(conn, reseller, &path.org, &path.service)?;
            read_org_service(conn, &path.org, &path.service)
        })
        .await?;
    Ok(Json(service))
}

/// Shared by PUT and PATCH: merges and checks property values, replaces the note when given.
async fn write_properties(
    ctx: Ctx,
    path: ServicePath,
    note: Option<String>,
    given: Vec<CustomPropertySet>,
) -> ApiResult<Response> {
    ctx.db(move |conn, reseller| {
        ensure_org_service(conn, reseller, &path.org, &path.service)?;
        let defs = catalog::property_definitions(conn, &path.service)?;
        let current = stored_values(conn, &path.org, &path.service)?;
        let values = check_properties(&defs, &current, &given)?;
        let tx = conn.transaction()?;
        store_values(&tx, &path.org, &path.service, &values)?;
        if let Some(note) = note {
            let rows = tx
                .prepare_cached(
                    "UPDATE organization_services SET note = ?3
                     WHERE organization_id = ?1 AND service_id = ?2",
                )?
                .execute(params![path.org, path.service, note])?;
            found(rows)?;
        }
        tx.commit()?;
        Ok(())
    })
    .await?;
    Ok(no_content())
}

async fn update(
    ctx: Ctx,
    Path(path): Path<ServicePath>,
    JsonBody(input): JsonBody<OrganizationServiceUpdate>,
) -> ApiResult<Response> {
    // PUT replaces the whole resource: a note left out is cleared.
    let note = input.note.unwrap_or_default();
    write_properties(ctx, path, Some(note), input.custom_properties).await
}

/// The body is the documented `OrganizationServiceUpdateViewModel`, or the bare list of values
/// the stand-in took before (kept so older clients still work). Told apart by their JSON kind,
/// so a malformed body gets the error of the shape it meant.
async fn patch(
    ctx: Ctx,
    Path(path): Path<ServicePath>,
    JsonBody(input): JsonBody<serde_json::Value>,
) -> ApiResult<Response> {
    let given = if input.is_array() {
        let values = decode::<Vec<CustomPropertySet>>(input)?;
        ctx.count_bare_property_patch();
        values
    } else {
        // A note in it is ignored: PATCH changes custom-property data only (research S4).
        decode::<OrganizationServiceUpdate>(input)?.custom_properties
    };
    write_properties(ctx, path, None, given).await
}

async fn remove(ctx: Ctx, Path(path): Path<ServicePath>) -> ApiResult<Response> {
    ctx.db(move |conn, reseller| {
        ensure_org(conn, reseller, &path.org)?;
        let rows = conn
            .prepare_cached(
                "DELETE FROM organization_services WHERE organization_id = ?1 AND service_id = ?2",
            )?
            .execute(params![path.org, path.service])?;
        found(rows)
    })
    .await?;
    Ok(no_content())
}

async fn products(ctx: Ctx, Path(path): Path<ServicePath>) -> ApiResult<Json<Vec<Product>>> {
    let products = ctx
        .db(move |conn, reseller| {
            ensure_org_service(conn, reseller, &path.org, &path.service)?;
            catalog::products(conn, &path.service)
        })
        .await?;
    Ok(Json(products))
}
