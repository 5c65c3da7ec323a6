//! The router: the token endpoint, the health check and every reseller route, behind the front
//! door (request log, fault injection, case-insensitive paths).

mod administrators;
mod estore;
mod organization_groups;
mod organizations;
mod paths;
mod services;
mod subscription_history;
mod subscription_users;
mod subscriptions;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

pub(crate) use administrators::insert_administrator;
pub(crate) use organization_groups::insert_group;
pub(crate) use organizations::insert_organization;
pub(crate) use services::insert_org_service;
pub(crate) use subscription_history::{Change, insert_history};
pub(crate) use subscription_users::insert_assignment;
pub(crate) use subscriptions::{NewSubscription, insert_subscription};
pub(crate) use users::insert_user;

use super::auth;
use super::reply::empty;
use crate::sandbox::front_door::behind_front_door;
use crate::sandbox::state::Shared;

/// The whole application.
pub(crate) fn app(shared: Arc<Shared>) -> Router {
    let reseller = Router::new()
        .merge(organizations::routes())
        .merge(organization_groups::routes())
        .merge(estore::routes())
        .merge(services::routes())
        .merge(subscriptions::routes())
        .merge(subscription_history::routes())
        .merge(subscription_users::routes())
        .merge(users::routes())
        .merge(administrators::routes());
    let inner = Router::new()
        .route("/connect/token", post(auth::token))
        .route("/api/healthcheck", get(health))
        .nest("/api/resellers/{reseller_id}", reseller)
        .fallback(not_found)
        .with_state(shared.clone());
    behind_front_door(shared, inner)
}

async fn health() -> &'static str {
    "Healthy"
}

async fn not_found() -> Response {
    empty(StatusCode::NOT_FOUND)
}
