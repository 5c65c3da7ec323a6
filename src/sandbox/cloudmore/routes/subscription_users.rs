//! `.../subscriptions/{sub}/users`: organization users assigned to a subscription. A user must
//! exist in the organization and hold a role before it can be assigned (seed 001), and only a
//! service marked user-assigned takes users (research §3.5).

use std::sync::Arc;

use super::paths::{SubPath, SubUserPath};
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::validation::required_message;
use crate::domain::{SUBSCRIPTION_CANCELLED, SubscriptionUser, SubscriptionUserSet};
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::{
    ApiFailure, ApiResult, Created, JsonBody, found, no_content,
};
use crate::sandbox::cloudmore::store::{catalog, subscription_status};
use crate::sandbox::state::Shared;

const BASE: &str = "/organizations/{org}/services/{service}/subscriptions/{sub}/users";

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route(BASE, get(list).post(assign).put(set_external_id))
        .route(&format!("{BASE}/{{user}}"), get(detail).delete(unassign))
}

/// The message of the role-before-assignment rule.
pub(crate) const NO_ROLE_MESSAGE: &str =
    "User has no role; assign a role before adding the user to a subscription.";

/// The message for an assignment to a service not marked user-assigned (research §3.5, S5:
/// only those take users).
fn not_user_assigned_message(service: &str) -> String {
    format!(
        "{service} is not a user-assigned service; users cannot be assigned to its subscriptions."
    )
}

pub(crate) fn insert_assignment(
    conn: &Connection,
    sub: &str,
    user: &str,
    external_id: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO subscription_users (subscription_id, user_id, external_user_id)
         VALUES (?1, ?2, ?3)",
    )?
    .execute(params![sub, user, external_id])?;
    Ok(())
}

const SELECT: &str = "SELECT u.id, u.username, u.display_name, u.email, su.external_user_id
    FROM subscription_users su JOIN users u ON u.id = su.user_id";

fn read(row: &Row) -> rusqlite::Result<SubscriptionUser> {
    Ok(SubscriptionUser {
        user_id: row.get(0)?,
        username: row.get(1)?,
        display_name: row.get(2)?,
        email: row.get(3)?,
        external_user_id: row.get(4)?,
    })
}

/// The subscription's status after checking the whole path belongs to the reseller.
fn open_subscription(conn: &Connection, reseller: &str, path: &SubPath) -> ApiResult<String> {
    subscription_status(conn, reseller, &path.org, &path.service, &path.sub)
}

fn user_id_of(input: &SubscriptionUserSet) -> ApiResult<String> {
    if input.user_id.trim().is_empty() {
        return Err(ApiFailure::field("UserId", required_message("UserId")));
    }
    Ok(input.user_id.to_lowercase())
}

async fn list(ctx: Ctx, Path(path): Path<SubPath>) -> ApiResult<Json<Vec<SubscriptionUser>>> {
    let users = ctx
        .db(move |conn, reseller| {
            open_subscription(conn, reseller, &path)?;
            let sql = format!("{SELECT} WHERE su.subscription_id = ?1 ORDER BY su.rowid");
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([&path.sub], read)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await?;
    Ok(Json(users))
}

async fn assign(
    ctx: Ctx,
    Path(path): Path<SubPath>,
    JsonBody(input): JsonBody<SubscriptionUserSet>,
) -> ApiResult<Created> {
    let user = user_id_of(&input)?;
    let new_id = user.clone();
    ctx.db(move |conn, reseller| {
        let status = open_subscription(conn, reseller, &path)?;
        if status.eq_ignore_ascii_case(SUBSCRIPTION_CANCELLED) {
            return Err(ApiFailure::business(
                "The subscription is cancelled; users cannot be assigned to it.",
            ));
        }
        let service = catalog::service(conn, &path.service)?;
        if !service.user_assigned {
            return Err(ApiFailure::business(not_user_assigned_message(
                &service.name,
            )));
        }
        let role: Option<Option<i64>> = conn
            .prepare_cached("SELECT role_id FROM users WHERE id = ?1 AND organization_id = ?2")?
            .query_row(params![user, path.org], |row| row.get(0))
            .optional()?;
        match role {
            None => {
                return Err(ApiFailure::business(format!(
                    "User '{}' does not exist in the organization.",
                    input.user_id
                )));
            }
            Some(None) => return Err(ApiFailure::business(NO_ROLE_MESSAGE)),
            Some(Some(_)) => {}
        }
        let already = conn
            .prepare_cached(
                "SELECT 1 FROM subscription_users WHERE subscription_id = ?1 AND user_id = ?2",
            )?
            .query_row(params![path.sub, user], |_| Ok(()))
            .optional()?;
        if already.is_some() {
            return Err(ApiFailure::business(
                "The user is already assigned to the subscription.",
            ));
        }
        insert_assignment(conn, &path.sub, &user, &input.external_user_id)?;
        Ok(())
    })
    .await?;
    Ok(ctx.created(&new_id))
}

async fn set_external_id(
    ctx: Ctx,
    Path(path): Path<SubPath>,
    JsonBody(input): JsonBody<SubscriptionUserSet>,
) -> ApiResult<Response> {
    let user = user_id_of(&input)?;
    ctx.db(move |conn, reseller| {
        open_subscription(conn, reseller, &path)?;
        let rows = conn
            .prepare_cached(
                "UPDATE subscription_users SET external_user_id = ?3
                 WHERE subscription_id = ?1 AND user_id = ?2",
            )?
            .execute(params![path.sub, user, input.external_user_id])?;
        found(rows)
    })
    .await?;
    Ok(no_content())
}

async fn detail(ctx: Ctx, Path(path): Path<SubUserPath>) -> ApiResult<Json<SubscriptionUser>> {
    let user = ctx
        .db(move |conn, reseller| {
            subscription_status(conn, reseller, &path.org, &path.service, &path.sub)?;
            let sql = format!("{SELECT} WHERE su.subscription_id = ?1 AND su.user_id = ?2");
            Ok(conn
                .prepare_cached(&sql)?
                .query_row(params![path.sub, path.user], read)?)
        })
        .await?;
    Ok(Json(user))
}

async fn unassign(ctx: Ctx, Path(path): Path<SubUserPath>) -> ApiResult<Response> {
    ctx.db(move |conn, reseller| {
        subscription_status(conn, reseller, &path.org, &path.service, &path.sub)?;
        let rows = conn
            .prepare_cached(
                "DELETE FROM subscription_users WHERE subscription_id = ?1 AND user_id = ?2",
            )?
            .execute(params![path.sub, path.user])?;
        found(rows)
    })
    .await?;
    Ok(no_content())
}
