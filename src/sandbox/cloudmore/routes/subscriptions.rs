//! `.../services/{service}/subscriptions`: subscriptions of an organization service. DELETE
//! cancels: the subscription stays listed with status "Cancelled" and a cancelled date. Each
//! write is recorded in the subscription's history (`subscription_history.rs`).

use std::sync::Arc;

use super::paths::{ServicePath, SubPath};
use super::subscription_history::{Change, record};
use axum::extract::Path;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{Connection, Row, params};

use crate::domain::dates::now_timestamp;
use crate::domain::validation::required_message;
use crate::domain::{
    HISTORY_CANCELLED, HISTORY_CREATED, HISTORY_QUANTITY_CHANGED, Product, SUBSCRIPTION_ACTIVE,
    SUBSCRIPTION_CANCELLED, Subscription, SubscriptionCreate, SubscriptionUpdate,
};
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::{
    ApiFailure, ApiResult, Created, JsonBody, found, no_content,
};
use crate::sandbox::cloudmore::store::{catalog, ensure_org_service, subscription_status};
use crate::sandbox::state::Shared;

const BASE: &str = "/organizations/{org}/services/{service}/subscriptions";

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new().route(BASE, get(list).post(create)).route(
        &format!("{BASE}/{{sub}}"),
        get(detail).put(update).delete(cancel),
    )
}

/// One new subscription row (the seed writes cancelled ones too).
pub(crate) struct NewSubscription<'a> {
    pub id: &'a str,
    pub org: &'a str,
    pub service: &'a str,
    pub product: &'a str,
    pub quantity: i64,
    pub created_date: &'a str,
    pub cancelled_date: Option<&'a str>,
}

pub(crate) fn insert_subscription(conn: &Connection, s: &NewSubscription) -> rusqlite::Result<()> {
    let status = if s.cancelled_date.is_some() {
        SUBSCRIPTION_CANCELLED
    } else {
        SUBSCRIPTION_ACTIVE
    };
    conn.prepare_cached(
        "INSERT INTO subscriptions (id, organization_id, service_id, product_id, quantity, status,
         created_date, cancelled_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        s.id,
        s.org,
        s.service,
        s.product,
        s.quantity,
        status,
        s.created_date,
        s.cancelled_date,
    ])?;
    Ok(())
}

const SELECT: &str = "SELECT s.id, s.product_id, p.name, s.quantity, s.status, s.created_date,
    s.cancelled_date FROM subscriptions s JOIN products p ON p.id = s.product_id";

fn read(row: &Row) -> rusqlite::Result<Subscription> {
    Ok(Subscription {
        id: row.get(0)?,
        product_id: row.get(1)?,
        product_name: row.get(2)?,
        quantity: row.get(3)?,
        status: row.get(4)?,
        created_date: row.get(5)?,
        cancelled_date: row.get(6)?,
    })
}

fn check_quantity(product: &Product, quantity: i64) -> ApiResult<()> {
    if quantity < 1 {
        return Err(ApiFailure::field(
            "Quantity",
            "The field Quantity must be at least 1.",
        ));
    }
    if quantity < product.min_quantity || quantity > product.max_quantity {
        return Err(ApiFailure::business(format!(
            "Quantity {quantity} is outside the limits of {} ({}–{}).",
            product.name, product.min_quantity, product.max_quantity
        )));
    }
    Ok(())
}

async fn list(ctx: Ctx, Path(path): Path<ServicePath>) -> ApiResult<Json<Vec<Subscription>>> {
    let subs = ctx
        .db(move |conn, reseller| {
            ensure_org_service(conn, reseller, &path.org, &path.service)?;
            let sql = format!(
                "{SELECT} WHERE s.organization_id = ?1 AND s.service_id = ?2 ORDER BY s.rowid"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params![path.org, path.service], read)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await?;
    Ok(Json(subs))
}

async fn create(
    ctx: Ctx,
    Path(path): Path<ServicePath>,
    JsonBody(input): JsonBody<SubscriptionCreate>,
) -> ApiResult<Created> {
    if input.product_id.trim().is_empty() {
        return Err(ApiFailure::field(
            "ProductId",
            required_message("ProductId"),
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let new_id = id.clone();
    let by = ctx.account();
    ctx.db(move |conn, reseller| {
        ensure_org_service(conn, reseller, &path.org, &path.service)?;
        let product_id = input.product_id.to_lowercase();
        let product = catalog::product(conn, &path.service, &product_id)?.ok_or_else(|| {
            ApiFailure::business(format!(
                "Product '{}' is not a product of this service.",
                input.product_id
            ))
        })?;
        check_quantity(&product, input.quantity)?;
        let now = now_timestamp();
        let tx = conn.transaction()?;
        insert_subscription(
            &tx,
            &NewSubscription {
                id: &new_id,
                org: &path.org,
                service: &path.service,
                product: &product.id,
                quantity: input.quantity,
                created_date: &now,
                cancelled_date: None,
            },
        )?;
        let change = Change {
            subscription: &new_id,
            by: &by,
            action: HISTORY_CREATED,
            old: None,
            new: Some(input.quantity),
        };
        record(&tx, &change)?;
        tx.commit()?;
        Ok(())
    })
    .await?;
    Ok(ctx.created(&id))
}

async fn detail(ctx: Ctx, Path(path): Path<SubPath>) -> ApiResult<Json<Subscription>> {
    let sub = ctx
        .db(move |conn, reseller| {
            subscription_status(conn, reseller, &path.org, &path.service, &path.sub)?;
            let sql = format!("{SELECT} WHERE s.id = ?1");
            Ok(conn.prepare_cached(&sql)?.query_row([&path.sub], read)?)
        })
        .await?;
    Ok(Json(sub))
}

fn refuse_cancelled(status: &str) -> ApiResult<()> {
    if status.eq_ignore_ascii_case(SUBSCRIPTION_CANCELLED) {
        Err(ApiFailure::business("The subscription is cancelled."))
    } else {
        Ok(())
    }
}

async fn update(
    ctx: Ctx,
    Path(path): Path<SubPath>,
    JsonBody(input): JsonBody<SubscriptionUpdate>,
) -> ApiResult<Response> {
    let by = ctx.account();
    ctx.db(move |conn, reseller| {
        let status = subscription_status(conn, reseller, &path.org, &path.service, &path.sub)?;
        refuse_cancelled(&status)?;
        let (product_id, old): (String, i64) = conn
            .prepare_cached("SELECT product_id, quantity FROM subscriptions WHERE id = ?1")?
            .query_row([&path.sub], |row| Ok((row.get(0)?, row.get(1)?)))?;
        let product = catalog::product(conn, &path.service, &product_id)?
            .ok_or_else(|| ApiFailure::Internal("subscription without product".into()))?;
        check_quantity(&product, input.quantity)?;
        if old == input.quantity {
            // Nothing changed: nothing to record.
            return Ok(());
        }
        let tx = conn.transaction()?;
        let rows = tx
            .prepare_cached("UPDATE subscriptions SET quantity = ?2 WHERE id = ?1")?
            .execute(params![path.sub, input.quantity])?;
        found(rows)?;
        let change = Change {
            subscription: &path.sub,
            by: &by,
            action: HISTORY_QUANTITY_CHANGED,
            old: Some(old),
            new: Some(input.quantity),
        };
        record(&tx, &change)?;
        tx.commit()?;
        Ok(())
    })
    .await?;
    Ok(no_content())
}

async fn cancel(ctx: Ctx, Path(path): Path<SubPath>) -> ApiResult<Response> {
    let by = ctx.account();
    ctx.db(move |conn, reseller| {
        let status = subscription_status(conn, reseller, &path.org, &path.service, &path.sub)?;
        refuse_cancelled(&status)?;
        let tx = conn.transaction()?;
        let quantity: i64 = tx
            .prepare_cached("SELECT quantity FROM subscriptions WHERE id = ?1")?
            .query_row([&path.sub], |row| row.get(0))?;
        let rows = tx
            .prepare_cached(
                "UPDATE subscriptions SET status = ?2, cancelled_date = ?3 WHERE id = ?1",
            )?
            .execute(params![path.sub, SUBSCRIPTION_CANCELLED, now_timestamp()])?;
        found(rows)?;
        // The seats stay as they were; the entry says they stopped counting.
        let change = Change {
            subscription: &path.sub,
            by: &by,
            action: HISTORY_CANCELLED,
            old: Some(quantity),
            new: Some(quantity),
        };
        record(&tx, &change)?;
        tx.commit()?;
        Ok(())
    })
    .await?;
    Ok(no_content())
}
