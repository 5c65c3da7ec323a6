//! The Equinix Metal dialect of the stand-in: API v1 under [`BASE_PATH`], an `X-Auth-Token` API
//! key on every call, organizations with their projects, memberships and invitations, and the
//! current user, in the shapes of the official OpenAPI spec
//! (`shared/specs/equinix-metal-oas3.json`): `{"errors": [...]}` bodies, `meta` paging,
//! `include`/`exclude`, and `X-RateLimit-*` headers on every answer. The "Equinix Metal"
//! section of `docs/ASSUMPTIONS.md` says what is assumed where the spec is silent.

mod auth;
mod query;
mod render;
mod reply;
mod routes;
mod seed;
mod store;
mod writes;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::{Next, from_fn_with_state};
use axum::response::Response;
use axum::routing::get;
use rusqlite::Connection;

use super::front_door::behind_front_door;
use super::sqlite;
use super::state::Shared;
use super::{DemoAccounts, SandboxConfig, SandboxError};

pub use query::{DEFAULT_PER_PAGE, MAX_PER_PAGE};
pub(crate) use reply::fault_answer;

/// Where the API lives on the host (`https://api.equinix.com/metal/v1`).
pub const BASE_PATH: &str = "/metal/v1";

/// `User.max_organizations` and `max_projects`, as `GET /user` reports them. Informational:
/// the stand-in enforces neither (`--orgs` seeds far more).
pub(crate) const MAX_ORGANIZATIONS: i64 = 1_000_000;
pub(crate) const MAX_PROJECTS: i64 = 1_000_000;

/// `X-RateLimit-Limit` when no `--rate-limit` is set: a figure a client can read, never
/// enforced.
const NOMINAL_RATE_LIMIT: u32 = 10_000;

/// Opens `config.db_path`, creating and seeding it when it holds no Metal user yet.
pub(crate) fn open(config: &SandboxConfig) -> Result<(Connection, DemoAccounts), SandboxError> {
    let file = sqlite::DialectFile {
        marker_table: "metal_orgs",
        users_table: "metal_users",
        migrations: store::MIGRATIONS,
    };
    let conn = sqlite::open_dialect(config, file, |conn| {
        seed::seed(conn, config.seed, config.extra_orgs).map_err(|source| SandboxError::Database {
            path: config.db_path.clone(),
            source,
        })
    })?;
    let accounts = store::accounts(&conn).map_err(|source| SandboxError::Database {
        path: config.db_path.clone(),
        source,
    })?;
    Ok((conn, DemoAccounts::Metal(accounts)))
}

/// The Metal router behind the shared front door, with the rate-limit headers outside it so
/// that refusals and injected faults carry them too.
pub(crate) fn app(shared: Arc<Shared>) -> Router {
    use routes::*;
    let api = Router::new()
        .route(
            "/organizations",
            get(find_organizations).post(create_organization),
        )
        .route(
            "/organizations/{id}",
            get(find_organization_by_id)
                .put(update_organization)
                .patch(update_organization)
                .delete(delete_organization),
        )
        .route(
            "/organizations/{id}/projects",
            get(find_organization_projects).post(create_organization_project),
        )
        .route(
            "/organizations/{id}/invitations",
            get(find_organization_invitations).post(create_organization_invitation),
        )
        .route("/invitations", get(find_invitations))
        .route(
            "/invitations/{id}",
            get(find_invitation_by_id)
                .put(accept_invitation)
                .delete(decline_invitation),
        )
        .route(
            "/projects/{id}",
            get(find_project_by_id)
                .put(update_project)
                .delete(delete_project),
        )
        .route(
            "/projects/{project_id}/memberships",
            get(find_project_memberships),
        )
        .route(
            "/memberships/{id}",
            get(find_membership_by_id)
                .put(update_membership)
                .delete(delete_membership),
        )
        .route("/user", get(find_current_user).put(update_current_user))
        .route("/users/{id}", get(find_user_by_id))
        .method_not_allowed_fallback(reply::no_method);
    let inner = Router::new()
        .nest(BASE_PATH, api)
        .fallback(reply::no_route)
        .method_not_allowed_fallback(reply::no_method)
        .with_state(shared.clone());
    behind_front_door(shared.clone(), inner).layer(from_fn_with_state(shared, rate_headers))
}

/// `X-RateLimit-Limit`, `-Remaining` and `-Reset` (unix seconds) from the stand-in's
/// one-second window.
async fn rate_headers(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let window = shared.pace.window();
    let limit = window.limit.unwrap_or(NOMINAL_RATE_LIMIT);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let reset = (now + window.ends_in).as_secs_f64().ceil() as u64;
    let headers = response.headers_mut();
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert(
        "x-ratelimit-remaining",
        HeaderValue::from(limit.saturating_sub(window.used)),
    );
    headers.insert("x-ratelimit-reset", HeaderValue::from(reset));
    response
}
