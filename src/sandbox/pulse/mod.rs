//! The VMware Pulse IoT Center dialect of the stand-in: IAM sign-in (`/api/versions`,
//! `/api/tokens`, `/api/tokens/refresh`) and the organization service (`/api/organizations`),
//! with grpc-gateway's JSON (int64 as strings, errors as `{"error","code","message","details"}`)
//! over its own SQLite tables. The "Pulse IoT Center" section of `docs/ASSUMPTIONS.md` says
//! what is assumed where the public documentation is silent.

mod auth;
mod reply;
mod routes;
mod seed;
mod store;
mod writes;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use rusqlite::Connection;

use super::front_door::behind_front_door;
use super::sqlite;
use super::state::Shared;
use super::{DemoAccounts, SandboxConfig, SandboxError};

pub(crate) use reply::fault_answer;
pub use routes::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// Opens `config.db_path`, creating and seeding it when it holds no Pulse user yet.
pub(crate) fn open(config: &SandboxConfig) -> Result<(Connection, DemoAccounts), SandboxError> {
    let file = sqlite::DialectFile {
        marker_table: "pulse_orgs",
        users_table: "pulse_users",
        migrations: store::MIGRATIONS,
    };
    let conn = sqlite::open_dialect(config, file, |conn| {
        seed::seed(conn, config.seed, config.extra_orgs).map_err(|message| SandboxError::Open {
            path: config.db_path.clone(),
            message,
        })
    })?;
    let accounts = store::accounts(&conn).map_err(|source| SandboxError::Database {
        path: config.db_path.clone(),
        source,
    })?;
    Ok((conn, DemoAccounts::Pulse(accounts)))
}

/// The Pulse router behind the shared front door.
pub(crate) fn app(shared: Arc<Shared>) -> Router {
    let inner = Router::new()
        .route("/api/versions", get(auth::versions))
        .route("/api/tokens", get(auth::tokens))
        .route("/api/tokens/refresh", get(auth::refresh))
        .route("/api/organizations", get(routes::list).post(routes::create))
        .route(
            "/api/organizations/root",
            axum::routing::post(routes::create_root),
        )
        .route(
            "/api/organizations/{id}",
            get(routes::get).put(routes::update).delete(routes::delete),
        )
        .fallback(reply::no_route)
        .method_not_allowed_fallback(reply::no_method)
        .with_state(shared.clone());
    behind_front_door(shared, inner)
}
