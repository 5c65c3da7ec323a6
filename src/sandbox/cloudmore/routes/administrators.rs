//! `ResellerAdministrators` and `ResellerRoles`: the reseller's own staff accounts (seed 003).
//! The password is checked against the policy and then dropped: it is never stored or returned.

use std::sync::Arc;

use super::paths::AdminPath;
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::reseller::rules::validate_administrator;
use crate::domain::{Administrator, AdministratorAddress, AdministratorInput, BusinessError, Role};
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::{
    ApiResult, Created, JsonBody, found, no_content, validated,
};
use crate::sandbox::cloudmore::store::{RESELLER_ROLES, role_list, role_name};
use crate::sandbox::state::Shared;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/reselleradministrators", get(list).post(create))
        .route(
            "/reselleradministrators/{admin}",
            get(detail).put(update).delete(remove),
        )
        .route("/resellerroles", get(roles))
}

/// The writable columns, in the order of [`values`] (`?3` onwards).
const COLUMNS: [&str; 20] = [
    "name",
    "first_name",
    "last_name",
    "display_name",
    "role_id",
    "title",
    "email",
    "home_phone_prefix",
    "home_phone",
    "cell_phone_prefix",
    "cell_phone",
    "department",
    "office",
    "company",
    "azure_ad_id",
    "address_street",
    "address_postal_code",
    "address_city",
    "address_country_code",
    "mfa_option",
];

fn values(input: &AdministratorInput) -> [&dyn rusqlite::ToSql; 20] {
    let a = &input.address;
    [
        &input.name,
        &input.first_name,
        &input.last_name,
        &input.display_name,
        &input.role_id,
        &input.title,
        &input.email,
        &input.home_phone_prefix,
        &input.home_phone,
        &input.cell_phone_prefix,
        &input.cell_phone,
        &input.department,
        &input.office,
        &input.company,
        &input.azure_ad_id,
        &a.street,
        &a.postal_code,
        &a.city,
        &a.country_code,
        &input.mfa_option,
    ]
}

/// Binds `?1` = id, `?2` = reseller, then [`values`].
fn execute(
    conn: &Connection,
    sql: &str,
    id: &str,
    reseller: &str,
    input: &AdministratorInput,
) -> rusqlite::Result<usize> {
    let mut all: Vec<&dyn rusqlite::ToSql> = vec![&id, &reseller];
    all.extend(values(input));
    conn.prepare_cached(sql)?.execute(all.as_slice())
}

pub(crate) fn insert_administrator(
    conn: &Connection,
    reseller: &str,
    id: &str,
    input: &AdministratorInput,
    last_accessed_date: Option<&str>,
) -> rusqlite::Result<()> {
    let placeholders: Vec<String> = (3..=COLUMNS.len() + 2).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO administrators (id, reseller_id, {}) VALUES (?1, ?2, {})",
        COLUMNS.join(", "),
        placeholders.join(", ")
    );
    execute(conn, &sql, id, reseller, input)?;
    conn.prepare_cached("UPDATE administrators SET last_accessed_date = ?2 WHERE id = ?1")?
        .execute(params![id, last_accessed_date])?;
    Ok(())
}

fn read(row: &Row) -> rusqlite::Result<Administrator> {
    let role_id: i64 = row.get("role_id")?;
    Ok(Administrator {
        id: row.get("id")?,
        name: row.get("name")?,
        first_name: row.get("first_name")?,
        last_name: row.get("last_name")?,
        display_name: row.get("display_name")?,
        role_id,
        role_name: role_name(RESELLER_ROLES, role_id)
            .unwrap_or_default()
            .to_string(),
        title: row.get("title")?,
        email: row.get("email")?,
        home_phone_prefix: row.get("home_phone_prefix")?,
        home_phone: row.get("home_phone")?,
        cell_phone_prefix: row.get("cell_phone_prefix")?,
        cell_phone: row.get("cell_phone")?,
        department: row.get("department")?,
        office: row.get("office")?,
        company: row.get("company")?,
        azure_ad_id: row.get("azure_ad_id")?,
        address: AdministratorAddress {
            street: row.get("address_street")?,
            postal_code: row.get("address_postal_code")?,
            city: row.get("address_city")?,
            country_code: row.get("address_country_code")?,
        },
        mfa_option: row.get("mfa_option")?,
        last_accessed_date: row.get("last_accessed_date")?,
    })
}

/// Seed 003's rules, then the role must be a reseller role and the login name unused.
fn check(
    conn: &Connection,
    reseller: &str,
    input: &AdministratorInput,
    creating: bool,
    except: Option<&str>,
) -> ApiResult<()> {
    let mut v = validate_administrator(input, creating);
    if input.role_id > 0 && role_name(RESELLER_ROLES, input.role_id).is_none() {
        v.business.push(BusinessError::invalid_value(format!(
            "Invalid role id {}; see ResellerRoles.",
            input.role_id
        )));
    }
    let taken = conn
        .prepare_cached(
            "SELECT id FROM administrators WHERE reseller_id = ?1 AND name = ?2 COLLATE NOCASE",
        )?
        .query_row(params![reseller, input.name], |row| row.get::<_, String>(0))
        .optional()?;
    if taken.is_some_and(|id| Some(id.as_str()) != except) {
        v.business.push(BusinessError::invalid_value(format!(
            "Administrator {} already exists.",
            input.name
        )));
    }
    validated(v)
}

async fn list(ctx: Ctx) -> ApiResult<Json<Vec<Administrator>>> {
    let admins = ctx
        .db(|conn, reseller| {
            let mut stmt = conn.prepare_cached(
                "SELECT * FROM administrators WHERE reseller_id = ?1 ORDER BY rowid",
            )?;
            let rows = stmt.query_map([reseller], read)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await?;
    Ok(Json(admins))
}

async fn create(ctx: Ctx, JsonBody(input): JsonBody<AdministratorInput>) -> ApiResult<Created> {
    let id = uuid::Uuid::new_v4().to_string();
    let new_id = id.clone();
    ctx.db(move |conn, reseller| {
        check(conn, reseller, &input, true, None)?;
        insert_administrator(conn, reseller, &new_id, &input, None)?;
        Ok(())
    })
    .await?;
    Ok(ctx.created(&id))
}

async fn detail(ctx: Ctx, Path(path): Path<AdminPath>) -> ApiResult<Json<Administrator>> {
    let admin = ctx
        .db(move |conn, reseller| {
            Ok(conn
                .prepare_cached("SELECT * FROM administrators WHERE id = ?1 AND reseller_id = ?2")?
                .query_row(params![path.admin, reseller], read)?)
        })
        .await?;
    Ok(Json(admin))
}

async fn update(
    ctx: Ctx,
    Path(path): Path<AdminPath>,
    JsonBody(input): JsonBody<AdministratorInput>,
) -> ApiResult<Response> {
    ctx.db(move |conn, reseller| {
        conn.prepare_cached("SELECT 1 FROM administrators WHERE id = ?1 AND reseller_id = ?2")?
            .query_row(params![path.admin, reseller], |_| Ok(()))?;
        check(conn, reseller, &input, false, Some(&path.admin))?;
        let sets: Vec<String> = COLUMNS
            .iter()
            .enumerate()
            .map(|(i, column)| format!("{column} = ?{}", i + 3))
            .collect();
        let sql = format!(
            "UPDATE administrators SET {} WHERE id = ?1 AND reseller_id = ?2",
            sets.join(", ")
        );
        found(execute(conn, &sql, &path.admin, reseller, &input)?)
    })
    .await?;
    Ok(no_content())
}

async fn remove(ctx: Ctx, Path(path): Path<AdminPath>) -> ApiResult<Response> {
    ctx.delete_owned(
        "DELETE FROM administrators WHERE id = ?1 AND reseller_id = ?2",
        path.admin,
    )
    .await
}

async fn roles(_ctx: Ctx) -> Json<Vec<Role>> {
    Json(role_list(RESELLER_ROLES))
}
