//! `/Organizations`: the reseller's customers (list with `showActive`, create, details, full
//! update, delete with cascade), with their custom properties, whose definitions
//! `/settings/CustomProperties` lists.

use super::paths::OrgPath;
use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rusqlite::{Connection, Row, ToSql, params, params_from_iter};
use std::sync::Arc;

use crate::domain::dates::now_timestamp;
use crate::domain::reseller::properties;
use crate::domain::reseller::rules::validate_organization;
use crate::domain::{
    CustomPropertyDefinition, CustomPropertySet, Organization, OrganizationAddress,
    OrganizationContact, OrganizationInput, OrganizationSummary,
};
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::{
    ApiFailure, ApiResult, Created, JsonBody, decode, found, no_content, query_bool, validated,
};
use crate::sandbox::cloudmore::store::{ensure_org, org_properties};
use crate::sandbox::state::Shared;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/organizations", get(list).post(create))
        .route(
            "/organizations/{org}",
            get(detail).put(update).delete(remove),
        )
        .route("/settings/customproperties", get(definitions))
}

async fn definitions(_ctx: Ctx) -> Json<Vec<CustomPropertyDefinition>> {
    Json(org_properties::definitions())
}

/// The values to store for `org` after `given` (merged over `current`, see
/// [`properties::merge`]).
fn checked_properties(
    current: &[(String, String)],
    given: &[CustomPropertySet],
) -> ApiResult<Vec<(String, String)>> {
    let defs = org_properties::definitions();
    let (values, validation) = properties::merge(&defs, current, given, "organizations");
    validated(validation)?;
    Ok(values)
}

/// The writable columns, in the order the INSERT binds them (`?4` onwards).
const COLUMNS: &str = "name, customer_number, registration_number, vat, primary_domain,
    notification_email, is_active, contact_name, contact_job_title, contact_email,
    contact_phone_prefix, contact_phone, contact_cell_phone_prefix, contact_cell_phone,
    address_street, address_postal_code, address_city, address_country_code";

/// The values of [`COLUMNS`], in order.
fn writable_values(input: &OrganizationInput) -> [&dyn ToSql; 18] {
    let (c, a) = (&input.contact, &input.address);
    [
        &input.name,
        &input.customer_number,
        &input.registration_number,
        &input.vat,
        &input.primary_domain,
        &input.notification_email,
        &input.is_active,
        &c.name,
        &c.job_title,
        &c.email,
        &c.phone_prefix,
        &c.phone,
        &c.cell_phone_prefix,
        &c.cell_phone,
        &a.street,
        &a.postal_code,
        &a.city,
        &a.country_code,
    ]
}

/// Inserts one organization; a cached statement, so the seed can call it 100,000 times inside
/// one transaction cheaply.
pub(crate) fn insert_organization(
    conn: &Connection,
    reseller: &str,
    id: &str,
    input: &OrganizationInput,
    created_date: &str,
) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT INTO organizations (id, reseller_id, created_date, {COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21)"
    );
    let keys: [&dyn ToSql; 3] = [&id, &reseller, &created_date];
    conn.prepare_cached(&sql)?.execute(params_from_iter(
        keys.into_iter().chain(writable_values(input)),
    ))?;
    Ok(())
}

fn read(row: &Row) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: row.get("id")?,
        name: row.get("name")?,
        customer_number: row.get("customer_number")?,
        registration_number: row.get("registration_number")?,
        vat: row.get("vat")?,
        primary_domain: row.get("primary_domain")?,
        notification_email: row.get("notification_email")?,
        is_active: row.get("is_active")?,
        created_date: row.get("created_date")?,
        contact: OrganizationContact {
            name: row.get("contact_name")?,
            job_title: row.get("contact_job_title")?,
            email: row.get("contact_email")?,
            phone_prefix: row.get("contact_phone_prefix")?,
            phone: row.get("contact_phone")?,
            cell_phone_prefix: row.get("contact_cell_phone_prefix")?,
            cell_phone: row.get("contact_cell_phone")?,
        },
        address: OrganizationAddress {
            street: row.get("address_street")?,
            postal_code: row.get("address_postal_code")?,
            city: row.get("address_city")?,
            country_code: row.get("address_country_code")?,
        },
        custom_properties: Vec::new(),
    })
}

/// Bytes of the list's body sent at a time.
const LIST_CHUNK: usize = 256 * 1024;

/// The list is sent as SQLite yields its rows, a chunk at a time: a reseller with 100,000
/// organizations (a 30 MB answer, the API has no paging) is never held whole; the stand-in runs
/// inside `tenantdeck demo`, so its memory is the console's. The query holds the database
/// while the answer goes out; a client that stops reading ends it.
async fn list(ctx: Ctx, RawQuery(query): RawQuery) -> ApiResult<Response> {
    let only_active = query_bool(query.as_deref(), "showActive")?.unwrap_or(false);
    let (chunks, body) = tokio::sync::mpsc::channel::<std::io::Result<Vec<u8>>>(4);
    let failed = chunks.clone();
    tokio::spawn(async move {
        let sent = ctx.db(move |conn, reseller| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, name, customer_number, primary_domain, is_active, address_country_code,
                 created_date FROM organizations WHERE reseller_id = ?1 AND (?2 = 0 OR is_active = 1)
                 ORDER BY name COLLATE NOCASE, id",
            )?;
            let rows = stmt.query_map(params![reseller, only_active], |row| {
                let text = |i| row.get::<_, String>(i).map(Into::into);
                Ok(OrganizationSummary {
                    id: text(0)?,
                    name: text(1)?,
                    customer_number: text(2)?,
                    primary_domain: text(3)?,
                    is_active: row.get(4)?,
                    country_code: text(5)?,
                    address: None,
                    created_date: text(6)?,
                })
            })?;
            let gone = |_| ApiFailure::Internal("the client stopped reading".into());
            let mut chunk = b"[".to_vec();
            for (n, org) in rows.enumerate() {
                if n > 0 {
                    chunk.push(b',');
                }
                serde_json::to_writer(&mut chunk, &org?)
                    .map_err(|e| ApiFailure::Internal(e.to_string()))?;
                if chunk.len() >= LIST_CHUNK {
                    chunks.blocking_send(Ok(std::mem::take(&mut chunk))).map_err(gone)?;
                }
            }
            chunk.push(b']');
            chunks.blocking_send(Ok(chunk)).map_err(gone)
        });
        if let Err(error) = sent.await {
            let _ = failed
                .send(Err(std::io::Error::other(format!("{error:?}"))))
                .await;
        }
    });
    let body = futures_util::stream::unfold(body, |mut body| async move {
        body.recv().await.map(|chunk| (chunk, body))
    });
    let body = axum::body::Body::from_stream(body);
    Ok(([(CONTENT_TYPE, "application/json")], body).into_response())
}

async fn create(ctx: Ctx, JsonBody(raw): JsonBody<serde_json::Value>) -> ApiResult<Created> {
    // A new customer is active unless the body says otherwise.
    let absent = raw.get("isActive").is_none();
    let mut input: OrganizationInput = decode(raw)?;
    input.is_active |= absent;
    validated(validate_organization(&input))?;
    let values = checked_properties(&[], &input.custom_properties)?;
    let id = uuid::Uuid::new_v4().to_string();
    let new_id = id.clone();
    ctx.db(move |conn, reseller| {
        let tx = conn.transaction()?;
        insert_organization(&tx, reseller, &new_id, &input, &now_timestamp())?;
        org_properties::store(&tx, &new_id, &values)?;
        tx.commit()?;
        Ok(())
    })
    .await?;
    Ok(ctx.created(&id))
}

async fn detail(ctx: Ctx, Path(path): Path<OrgPath>) -> ApiResult<Json<Organization>> {
    let org = ctx
        .db(move |conn, reseller| {
            let sql = format!(
                "SELECT id, created_date, {COLUMNS} FROM organizations
                 WHERE id = ?1 AND reseller_id = ?2"
            );
            let mut org = conn
                .prepare_cached(&sql)?
                .query_row(params![path.org, reseller], read)?;
            org.custom_properties = org_properties::shown(conn, &org.id)?;
            Ok(org)
        })
        .await?;
    Ok(Json(org))
}

async fn update(
    ctx: Ctx,
    Path(path): Path<OrgPath>,
    JsonBody(input): JsonBody<OrganizationInput>,
) -> ApiResult<Response> {
    validated(validate_organization(&input))?;
    ctx.db(move |conn, reseller| {
        ensure_org(conn, reseller, &path.org)?;
        let current = org_properties::stored(conn, &path.org)?;
        let values = checked_properties(&current, &input.custom_properties)?;
        let tx = conn.transaction()?;
        let keys: [&dyn ToSql; 2] = [&path.org, &reseller];
        let rows = tx
            .prepare_cached(
                "UPDATE organizations SET name = ?3, customer_number = ?4,
                 registration_number = ?5, vat = ?6, primary_domain = ?7,
                 notification_email = ?8, is_active = ?9, contact_name = ?10,
                 contact_job_title = ?11, contact_email = ?12, contact_phone_prefix = ?13,
                 contact_phone = ?14, contact_cell_phone_prefix = ?15, contact_cell_phone = ?16,
                 address_street = ?17, address_postal_code = ?18, address_city = ?19,
                 address_country_code = ?20
                 WHERE id = ?1 AND reseller_id = ?2",
            )?
            .execute(params_from_iter(
                keys.into_iter().chain(writable_values(&input)),
            ))?;
        found(rows)?;
        org_properties::store(&tx, &path.org, &values)?;
        tx.commit()?;
        Ok(())
    })
    .await?;
    Ok(no_content())
}

async fn remove(ctx: Ctx, Path(path): Path<OrgPath>) -> ApiResult<Response> {
    ctx.delete_owned(
        "DELETE FROM organizations WHERE id = ?1 AND reseller_id = ?2",
        path.org,
    )
    .await
}
