//! The Cloudmore dialect of the stand-in: the IdentityServer-style token endpoint, the reseller
//! routes (`/api/resellers/{id}/...`, case-insensitive), both 400 shapes and 201 + `Location`
//! on create, over its SQLite schema with a seeded customer base. Sections 1–5 of
//! `docs/ASSUMPTIONS.md` say what it assumes.

pub(crate) mod auth;
pub(crate) mod reply;
pub(crate) mod routes;
pub(crate) mod seed;
pub(crate) mod store;

use rusqlite::Connection;

use super::{DemoAccounts, SandboxConfig, SandboxError};

pub(crate) use reply::fault_answer;
pub(crate) use routes::app;

/// Opens `config.db_path`, creating, migrating and seeding it when it holds no reseller yet.
pub(crate) fn open(config: &SandboxConfig) -> Result<(Connection, DemoAccounts), SandboxError> {
    store::open(config).map(|opened| (opened.conn, DemoAccounts::Cloudmore(opened.resellers)))
}
