//! The sandbox's SQLite database: opening, migrating and seeding a new file, and the few
//! lookups several route modules share (ownership checks, the fixed role lists).

pub(crate) mod catalog;
pub(crate) mod org_properties;
pub(crate) mod schema;

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::Role;

use super::reply::{ApiFailure, ApiResult};
use super::seed;
use crate::sandbox::{DemoCredentials, SandboxConfig, SandboxError};

/// An open, migrated and seeded database plus the API accounts it holds.
pub(crate) struct Opened {
    pub conn: Connection,
    pub resellers: Vec<DemoCredentials>,
}

/// Organization roles (ids are ours: the public material never shows them).
pub(crate) const ORGANIZATION_ROLES: &[(i64, &str)] =
    &[(1, "Organization Admin"), (2, "Organization User")];

/// Reseller administrator roles, exactly as seed 003 lists them, in its order.
pub(crate) const RESELLER_ROLES: &[(i64, &str)] = &[
    (24, "Global Admin"),
    (3, "Global Billing Admin"),
    (25, "Global Support Admin"),
    (2, "Global View Only Admin"),
    (14, "Key Account Manager"),
    (26, "Key Account View Only Manager"),
    (17, "Limited Key Account Manager"),
    (18, "Sales Agent"),
    (1, "Super Admin"),
];

pub(crate) fn role_name(roles: &'static [(i64, &'static str)], id: i64) -> Option<&'static str> {
    roles
        .iter()
        .find(|(rid, _)| *rid == id)
        .map(|(_, name)| *name)
}

/// A role table as the API lists it.
pub(crate) fn role_list(roles: &[(i64, &str)]) -> Vec<Role> {
    roles
        .iter()
        .map(|(id, name)| Role {
            id: *id,
            name: name.to_string(),
        })
        .collect()
}

/// Opens `config.db_path`, creating and seeding it when it holds no reseller yet.
pub(crate) fn open(config: &SandboxConfig) -> Result<Opened, SandboxError> {
    let db_error = |source| SandboxError::Database {
        path: config.db_path.clone(),
        source,
    };
    let mut conn = Connection::open(&config.db_path).map_err(db_error)?;
    crate::sandbox::sqlite::configure(&conn).map_err(db_error)?;
    schema::migrate(&mut conn).map_err(db_error)?;
    let resellers: i64 = conn
        .query_row("SELECT COUNT(*) FROM resellers", [], |row| row.get(0))
        .map_err(db_error)?;
    if resellers == 0 {
        seed::seed(&mut conn, config.seed, config.extra_orgs).map_err(db_error)?;
    }
    let resellers = load_resellers(&conn).map_err(db_error)?;
    if resellers.is_empty() {
        return Err(SandboxError::NoReseller {
            path: config.db_path.clone(),
        });
    }
    Ok(Opened { conn, resellers })
}

fn load_resellers(conn: &Connection) -> rusqlite::Result<Vec<DemoCredentials>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, username, password, client_id, client_secret
         FROM resellers ORDER BY position",
    )?;
    stmt.query_map([], |row| {
        Ok(DemoCredentials {
            reseller_id: row.get(0)?,
            reseller_name: row.get(1)?,
            username: row.get(2)?,
            password: row.get(3)?,
            client_id: row.get(4)?,
            client_secret: row.get(5)?,
        })
    })?
    .collect()
}

/// 404 unless `org` is an organization of `reseller`.
pub(crate) fn ensure_org(conn: &Connection, reseller: &str, org: &str) -> ApiResult<()> {
    conn.prepare_cached("SELECT 1 FROM organizations WHERE id = ?1 AND reseller_id = ?2")?
        .query_row(params![org, reseller], |_| Ok(()))
        .map_err(ApiFailure::from)
}

/// 404 unless `service` is added to `org` of `reseller`.
pub(crate) fn ensure_org_service(
    conn: &Connection,
    reseller: &str,
    org: &str,
    service: &str,
) -> ApiResult<()> {
    ensure_org(conn, reseller, org)?;
    conn.prepare_cached(
        "SELECT 1 FROM organization_services WHERE organization_id = ?1 AND service_id = ?2",
    )?
    .query_row(params![org, service], |_| Ok(()))
    .map_err(ApiFailure::from)
}

/// The status of subscription `sub` of `service` in `org`; 404 when any link is missing.
pub(crate) fn subscription_status(
    conn: &Connection,
    reseller: &str,
    org: &str,
    service: &str,
    sub: &str,
) -> ApiResult<String> {
    ensure_org_service(conn, reseller, org, service)?;
    conn.prepare_cached(
        "SELECT status FROM subscriptions
         WHERE id = ?1 AND organization_id = ?2 AND service_id = ?3",
    )?
    .query_row(params![sub, org, service], |row| row.get(0))
    .optional()?
    .ok_or(ApiFailure::NotFound)
}
