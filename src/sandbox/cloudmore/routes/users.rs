//! `organizations/{org}/Users` and `OrganizationRoles`: the organization's own users, their
//! roles and when they last signed in. Passwords are checked against the policy, never stored.

use std::sync::Arc;

use super::paths::{OrgPath, UserPath};
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::reseller::rules::validate_user;
use crate::domain::{BusinessError, Role, User, UserInput, Validation};
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::{
    ApiResult, Created, JsonBody, found, no_content, validated,
};
use crate::sandbox::cloudmore::store::{ORGANIZATION_ROLES, ensure_org, role_list, role_name};
use crate::sandbox::state::Shared;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/organizations/{org}/users", get(list).post(create))
        .route(
            "/organizations/{org}/users/{user}",
            get(detail).put(update).delete(remove),
        )
        .route("/organizations/{org}/organizationroles", get(roles))
}

/// `displayName` when given, else "First Last".
fn display_name(input: &UserInput) -> String {
    if input.display_name.trim().is_empty() {
        format!("{} {}", input.first_name, input.last_name)
    } else {
        input.display_name.clone()
    }
}

pub(crate) fn insert_user(
    conn: &Connection,
    org: &str,
    id: &str,
    input: &UserInput,
    last_accessed_date: Option<&str>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO users (id, organization_id, username, first_name, last_name, display_name,
         email, phone_prefix, phone, role_id, last_accessed_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        org,
        input.username,
        input.first_name,
        input.last_name,
        display_name(input),
        input.email,
        input.phone_prefix,
        input.phone,
        input.role_id,
        last_accessed_date,
    ])?;
    Ok(())
}

const SELECT: &str = "SELECT id, username, first_name, last_name, display_name, email,
    phone_prefix, phone, role_id, last_accessed_date FROM users";

fn read(row: &Row) -> rusqlite::Result<User> {
    let role_id: Option<i64> = row.get(8)?;
    Ok(User {
        id: row.get(0)?,
        username: row.get(1)?,
        first_name: row.get(2)?,
        last_name: row.get(3)?,
        display_name: row.get(4)?,
        email: row.get(5)?,
        phone_prefix: row.get(6)?,
        phone: row.get(7)?,
        role_id,
        role_name: role_id
            .and_then(|id| role_name(ORGANIZATION_ROLES, id))
            .unwrap_or_default()
            .to_string(),
        last_accessed_date: row.get(9)?,
    })
}

/// The model rules, then the business rules: the role must be an organization role and the
/// username unique within the organization (`except` is the user being updated).
fn check(
    conn: &Connection,
    org: &str,
    input: &UserInput,
    creating: bool,
    except: Option<&str>,
) -> ApiResult<()> {
    let mut v: Validation = validate_user(input, creating);
    if let Some(role) = input.role_id
        && role_name(ORGANIZATION_ROLES, role).is_none()
    {
        v.business.push(BusinessError::invalid_value(format!(
            "Invalid role id {role}; see OrganizationRoles."
        )));
    }
    let taken = conn
        .prepare_cached(
            "SELECT id FROM users WHERE organization_id = ?1 AND username = ?2 COLLATE NOCASE",
        )?
        .query_row(params![org, input.username], |row| row.get::<_, String>(0))
        .optional()?;
    if taken.is_some_and(|id| Some(id.as_str()) != except) {
        v.business.push(BusinessError::invalid_value(format!(
            "Username {} is already taken in this organization.",
            input.username
        )));
    }
    validated(v)
}

async fn list(ctx: Ctx, Path(path): Path<OrgPath>) -> ApiResult<Json<Vec<User>>> {
    let users = ctx
        .db(move |conn, reseller| {
            ensure_org(conn, reseller, &path.org)?;
            let sql = format!("{SELECT} WHERE organization_id = ?1 ORDER BY rowid");
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([&path.org], read)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await?;
    Ok(Json(users))
}

async fn create(
    ctx: Ctx,
    Path(path): Path<OrgPath>,
    JsonBody(input): JsonBody<UserInput>,
) -> ApiResult<Created> {
    let id = uuid::Uuid::new_v4().to_string();
    let new_id = id.clone();
    ctx.db(move |conn, reseller| {
        ensure_org(conn, reseller, &path.org)?;
        check(conn, &path.org, &input, true, None)?;
        insert_user(conn, &path.org, &new_id, &input, None)?;
        Ok(())
    })
    .await?;
    Ok(ctx.created(&id))
}

async fn detail(ctx: Ctx, Path(path): Path<UserPath>) -> ApiResult<Json<User>> {
    let user = ctx
        .db(move |conn, reseller| {
            ensure_org(conn, reseller, &path.org)?;
            let sql = format!("{SELECT} WHERE id = ?1 AND organization_id = ?2");
            Ok(conn
                .prepare_cached(&sql)?
                .query_row(params![path.user, path.org], read)?)
        })
        .await?;
    Ok(Json(user))
}

async fn update(
    ctx: Ctx,
    Path(path): Path<UserPath>,
    JsonBody(input): JsonBody<UserInput>,
) -> ApiResult<Response> {
    ctx.db(move |conn, reseller| {
        ensure_org(conn, reseller, &path.org)?;
        conn.prepare_cached("SELECT 1 FROM users WHERE id = ?1 AND organization_id = ?2")?
            .query_row(params![path.user, path.org], |_| Ok(()))?;
        check(conn, &path.org, &input, false, Some(&path.user))?;
        let rows = conn
            .prepare_cached(
                "UPDATE users SET username = ?3, first_name = ?4, last_name = ?5,
                 display_name = ?6, email = ?7, phone_prefix = ?8, phone = ?9, role_id = ?10
                 WHERE id = ?1 AND organization_id = ?2",
            )?
            .execute(params![
                path.user,
                path.org,
                input.username,
                input.first_name,
                input.last_name,
                display_name(&input),
                input.email,
                input.phone_prefix,
                input.phone,
                input.role_id,
            ])?;
        found(rows)
    })
    .await?;
    Ok(no_content())
}

async fn remove(ctx: Ctx, Path(path): Path<UserPath>) -> ApiResult<Response> {
    ctx.db(move |conn, reseller| {
        ensure_org(conn, reseller, &path.org)?;
        let rows = conn
            .prepare_cached("DELETE FROM users WHERE id = ?1 AND organization_id = ?2")?
            .execute(params![path.user, path.org])?;
        found(rows)
    })
    .await?;
    Ok(no_content())
}

async fn roles(ctx: Ctx, Path(path): Path<OrgPath>) -> ApiResult<Json<Vec<Role>>> {
    ctx.db(move |conn, reseller| ensure_org(conn, reseller, &path.org))
        .await?;
    Ok(Json(role_list(ORGANIZATION_ROLES)))
}
