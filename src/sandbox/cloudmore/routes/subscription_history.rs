//! `.../services/{service}/Subscriptions/history/{subscription}`: what changed a
//! subscription's quantity, by whom and when. The subscription routes record an entry on
//! create, on each quantity change and on cancel; this serves them, oldest first.

use std::sync::Arc;

use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};
use rusqlite::{Connection, params};

use super::paths::SubPath;
use crate::domain::SubscriptionHistoryEntry;
use crate::domain::dates::now_timestamp;
use crate::sandbox::cloudmore::auth::Ctx;
use crate::sandbox::cloudmore::reply::ApiResult;
use crate::sandbox::cloudmore::store::subscription_status;
use crate::sandbox::state::Shared;

pub(super) fn routes() -> Router<Arc<Shared>> {
    Router::new().route(
        "/organizations/{org}/services/{service}/subscriptions/history/{sub}",
        get(history),
    )
}

/// One change to record: what it was and the quantity before (none on create) and after.
pub(crate) struct Change<'a> {
    pub subscription: &'a str,
    pub by: &'a str,
    pub action: &'a str,
    pub old: Option<i64>,
    pub new: Option<i64>,
}

/// Records `change`, stamped now.
pub(super) fn record(conn: &Connection, change: &Change) -> rusqlite::Result<()> {
    insert_history(conn, change, &now_timestamp())
}

/// Records `change` as made at `when` (the seed writes past changes).
pub(crate) fn insert_history(
    conn: &Connection,
    change: &Change,
    when: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO subscription_history (subscription_id, changed_date, changed_by, action,
         old_quantity, new_quantity) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        change.subscription,
        when,
        change.by,
        change.action,
        change.old,
        change.new,
    ])?;
    Ok(())
}

async fn history(
    ctx: Ctx,
    Path(path): Path<SubPath>,
) -> ApiResult<Json<Vec<SubscriptionHistoryEntry>>> {
    let entries = ctx
        .db(move |conn, reseller| {
            subscription_status(conn, reseller, &path.org, &path.service, &path.sub)?;
            let mut stmt = conn.prepare_cached(
                "SELECT changed_date, changed_by, action, old_quantity, new_quantity
                 FROM subscription_history WHERE subscription_id = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([&path.sub], |row| {
                Ok(SubscriptionHistoryEntry {
                    changed_date: row.get(0)?,
                    changed_by: row.get(1)?,
                    action: row.get(2)?,
                    old_quantity: row.get(3)?,
                    new_quantity: row.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await?;
    Ok(Json(entries))
}
