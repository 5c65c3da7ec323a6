//! `/OrganizationGroups` and `/OrganizationGroups/{groupId}/Members`: named sets of the
//! reseller's organizations. Names are unique per reseller, case-insensitively; a deleted group
//! takes its memberships with it, and so does a deleted organization.

use std::sync::Arc;

use axum::extract::Path;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::paths::{GroupMemberPath, GroupPath};
use crate::domain::reseller::groups::{
    OrganizationGroup, OrganizationGroupInput, OrganizationGroupMember, OrganizationGroupMemberAdd,
    group_name_taken_message, validate_group,
};
use crate::domain::validation::required_message;
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::{
    ApiFailure, ApiResult, Created, JsonBody, found, no_content, validated,
};
use crate::sandbox::state::Shared;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/organizationgroups", get(list).post(create))
        .route(
            "/organizationgroups/{group}",
            get(detail).put(update).delete(remove),
        )
        .route(
            "/organizationgroups/{group}/members",
            get(members).post(add_member),
        )
        .route(
            "/organizationgroups/{group}/members/{member}",
            delete(remove_member),
        )
}

const SELECT_GROUP: &str = "SELECT g.id, g.name, g.description,
    (SELECT COUNT(*) FROM organization_group_members m WHERE m.group_id = g.id)
    FROM organization_groups g";

fn read(row: &Row) -> rusqlite::Result<OrganizationGroup> {
    Ok(OrganizationGroup {
        id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        members_count: row.get::<_, i64>(3)?.unsigned_abs(),
    })
}

/// Inserts a group (the seed's and the API's one statement).
pub(crate) fn insert_group(
    conn: &Connection,
    reseller: &str,
    id: &str,
    input: &OrganizationGroupInput,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO organization_groups (id, reseller_id, name, description)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, reseller, input.name.trim(), input.description])?;
    Ok(())
}

/// 404 unless `group` is a group of `reseller`; its name otherwise.
fn ensure_group(conn: &Connection, reseller: &str, group: &str) -> ApiResult<String> {
    Ok(conn
        .prepare_cached("SELECT name FROM organization_groups WHERE id = ?1 AND reseller_id = ?2")?
        .query_row(params![group, reseller], |row| row.get(0))?)
}

/// The model's rules, then the name must be unused by the reseller's other groups.
fn check(
    conn: &Connection,
    reseller: &str,
    input: &OrganizationGroupInput,
    except: Option<&str>,
) -> ApiResult<()> {
    validated(validate_group(input))?;
    let taken = conn
        .prepare_cached(
            "SELECT id FROM organization_groups
             WHERE reseller_id = ?1 AND name = ?2 COLLATE NOCASE",
        )?
        .query_row(params![reseller, input.name.trim()], |row| {
            row.get::<_, String>(0)
        })
        .optional()?;
    match taken {
        Some(id) if Some(id.as_str()) != except => {
            Err(ApiFailure::business(group_name_taken_message(&input.name)))
        }
        _ => Ok(()),
    }
}

async fn list(ctx: Ctx) -> ApiResult<Json<Vec<OrganizationGroup>>> {
    let groups = ctx
        .db(|conn, reseller| {
            let sql = format!(
                "{SELECT_GROUP} WHERE g.reseller_id = ?1 ORDER BY g.name COLLATE NOCASE, g.id"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([reseller], read)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await?;
    Ok(Json(groups))
}

async fn detail(ctx: Ctx, Path(path): Path<GroupPath>) -> ApiResult<Json<OrganizationGroup>> {
    let group = ctx
        .db(move |conn, reseller| {
            let sql = format!("{SELECT_GROUP} WHERE g.id = ?1 AND g.reseller_id = ?2");
            Ok(conn
                .prepare_cached(&sql)?
                .query_row(params![path.group, reseller], read)?)
        })
        .await?;
    Ok(Json(group))
}

async fn create(ctx: Ctx, JsonBody(input): JsonBody<OrganizationGroupInput>) -> ApiResult<Created> {
    let id = uuid::Uuid::new_v4().to_string();
    let new_id = id.clone();
    ctx.db(move |conn, reseller| {
        check(conn, reseller, &input, None)?;
        Ok(insert_group(conn, reseller, &new_id, &input)?)
    })
    .await?;
    Ok(ctx.created(&id))
}

async fn update(
    ctx: Ctx,
    Path(path): Path<GroupPath>,
    JsonBody(input): JsonBody<OrganizationGroupInput>,
) -> ApiResult<Response> {
    ctx.db(move |conn, reseller| {
        ensure_group(conn, reseller, &path.group)?;
        check(conn, reseller, &input, Some(&path.group))?;
        let rows = conn
            .prepare_cached(
                "UPDATE organization_groups SET name = ?3, description = ?4
                 WHERE id = ?1 AND reseller_id = ?2",
            )?
            .execute(params![
                path.group,
                reseller,
                input.name.trim(),
                input.description
            ])?;
        found(rows)
    })
    .await?;
    Ok(no_content())
}

async fn remove(ctx: Ctx, Path(path): Path<GroupPath>) -> ApiResult<Response> {
    ctx.delete_owned(
        "DELETE FROM organization_groups WHERE id = ?1 AND reseller_id = ?2",
        path.group,
    )
    .await
}

async fn members(
    ctx: Ctx,
    Path(path): Path<GroupPath>,
) -> ApiResult<Json<Vec<OrganizationGroupMember>>> {
    let members = ctx
        .db(move |conn, reseller| {
            ensure_group(conn, reseller, &path.group)?;
            let mut stmt = conn.prepare_cached(
                "SELECT o.id, o.name, o.customer_number FROM organization_group_members m
                 JOIN organizations o ON o.id = m.organization_id
                 WHERE m.group_id = ?1 ORDER BY o.name COLLATE NOCASE, o.id",
            )?;
            let rows = stmt.query_map([&path.group], |row| {
                Ok(OrganizationGroupMember {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    customer_number: row.get(2)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await?;
    Ok(Json(members))
}

/// 201 with the member's URL (`…/Members/{organizationId}`). An organization that is not the
/// reseller's, or is in the group already, is a business error: the group exists, the body
/// is what is wrong.
async fn add_member(
    ctx: Ctx,
    Path(path): Path<GroupPath>,
    JsonBody(input): JsonBody<OrganizationGroupMemberAdd>,
) -> ApiResult<Created> {
    let org = input.organization_id.trim().to_string();
    let member = org.clone();
    ctx.db(move |conn, reseller| {
        let group = ensure_group(conn, reseller, &path.group)?;
        if org.is_empty() {
            return Err(ApiFailure::field(
                "OrganizationId",
                required_message("OrganizationId"),
            ));
        }
        let name: Option<String> = conn
            .prepare_cached("SELECT name FROM organizations WHERE id = ?1 AND reseller_id = ?2")?
            .query_row(params![org, reseller], |row| row.get(0))
            .optional()?;
        let Some(name) = name else {
            return Err(ApiFailure::business(format!(
                "Organization {org} was not found."
            )));
        };
        let added = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO organization_group_members (group_id, organization_id)
                 VALUES (?1, ?2)",
            )?
            .execute(params![path.group, org])?;
        if added == 0 {
            return Err(ApiFailure::business(format!(
                "Organization {name} is already a member of {group}."
            )));
        }
        Ok(())
    })
    .await?;
    Ok(ctx.created(&member))
}

async fn remove_member(ctx: Ctx, Path(path): Path<GroupMemberPath>) -> ApiResult<Response> {
    ctx.db(move |conn, reseller| {
        ensure_group(conn, reseller, &path.group)?;
        let rows = conn
            .prepare_cached(
                "DELETE FROM organization_group_members WHERE group_id = ?1 AND organization_id = ?2",
            )?
            .execute(params![path.group, path.member])?;
        found(rows)
    })
    .await?;
    Ok(no_content())
}
