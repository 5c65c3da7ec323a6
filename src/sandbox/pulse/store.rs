//! The Pulse stand-in's SQLite tables and reads: organizations (one table, each row knowing
//! its root tenant and its depth so that scoped lists and the depth rule need no tree walk),
//! and the IAM users who sign in.
//!
//! Lists are in creation order (`seq`), paged with `LIMIT`/`OFFSET` on an index, so a page of
//! a 100,000-organization database costs the same as one of a small one.

use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde_json::{Value, json};

use super::reply::{Code, PulseError, PulseResult};

/// Schema versions in order (`PRAGMA user_version`), as the Cloudmore store does.
pub(crate) const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE pulse_users (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL,
    user_name TEXT NOT NULL UNIQUE COLLATE NOCASE, password TEXT NOT NULL,
    email TEXT NOT NULL, display_name TEXT NOT NULL, status TEXT NOT NULL,
    roles TEXT NOT NULL, groups_json TEXT NOT NULL,
    tenant_id TEXT, created_ms INTEGER NOT NULL
);
CREATE TABLE pulse_orgs (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    parent_id TEXT, tenant_id TEXT NOT NULL, depth INTEGER NOT NULL, status TEXT NOT NULL,
    created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, update_version INTEGER NOT NULL,
    created_by TEXT NOT NULL, updated_by TEXT NOT NULL
);
CREATE INDEX pulse_orgs_by_parent ON pulse_orgs(parent_id);
CREATE INDEX pulse_orgs_by_tenant ON pulse_orgs(tenant_id, seq);
"#,
    // A narrow index of the list order: skipping to page 100 of 1,000 steps over 99,000 small
    // entries instead of 99,000 whole rows.
    "CREATE INDEX pulse_orgs_by_seq ON pulse_orgs(seq);",
];

/// How deep organizations nest below their root tenant (the root is depth 0).
pub(crate) const MAX_DEPTH: i64 = 4;

/// What a signed-in user may see and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The operator: every tenant.
    All,
    /// A tenant administrator: the root tenant with this id and everything below it.
    Tenant(String),
}

/// The user behind a token.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub user_id: String,
    pub scope: Scope,
}

/// One organization row.
#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
    pub tenant_id: String,
    pub depth: i64,
    pub status: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub update_version: i64,
    pub created_by: String,
    pub updated_by: String,
}

const ORG_COLUMNS: &str = "id, name, parent_id, tenant_id, depth, status, created_ms, updated_ms,
    update_version, created_by, updated_by";

fn org_row(row: &Row<'_>) -> rusqlite::Result<Org> {
    Ok(Org {
        id: row.get(0)?,
        name: row.get(1)?,
        parent_id: row.get(2)?,
        tenant_id: row.get(3)?,
        depth: row.get(4)?,
        status: row.get(5)?,
        created_ms: row.get(6)?,
        updated_ms: row.get(7)?,
        update_version: row.get(8)?,
        created_by: row.get(9)?,
        updated_by: row.get(10)?,
    })
}

/// A list item (`iamOrganization` as the list shows it): int64 times as strings, a root
/// tenant's `parentId` as `""` (grpc-gateway emits unset fields). Serialized straight from the
/// row: a page of 1,000 builds no JSON tree.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Summary<'a> {
    id: &'a str,
    name: &'a str,
    parent_id: &'a str,
    status: &'a str,
    created_time: String,
    last_updated_time: String,
    update_version: i64,
}

impl Org {
    pub fn summary(&self) -> Summary<'_> {
        Summary {
            id: &self.id,
            name: &self.name,
            parent_id: self.parent_id.as_deref().unwrap_or(""),
            status: &self.status,
            created_time: self.created_ms.to_string(),
            last_updated_time: self.updated_ms.to_string(),
            update_version: self.update_version,
        }
    }

    /// Get-by-id's answer: the summary plus the owning tenant and who created and last
    /// changed it.
    pub fn detail(&self) -> Value {
        let mut value = json!(self.summary());
        value["orgId"] = json!(self.tenant_id);
        value["createdBy"] = json!(self.created_by);
        value["lastUpdatedBy"] = json!(self.updated_by);
        value
    }
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The caller behind user id `user_id` (a token's owner); a user deleted since is refused.
pub(crate) fn caller(conn: &Connection, user_id: &str) -> PulseResult<Caller> {
    let tenant: Option<Option<String>> = conn
        .prepare_cached("SELECT tenant_id FROM pulse_users WHERE id = ?1")?
        .query_row(params![user_id], |row| row.get(0))
        .optional()?;
    let tenant = tenant.ok_or_else(|| PulseError::unauthenticated("the user no longer exists"))?;
    Ok(Caller {
        user_id: user_id.to_string(),
        scope: tenant.map_or(Scope::All, Scope::Tenant),
    })
}

/// The id of the active user with these credentials (user names compare case-insensitively).
pub(crate) fn sign_in(conn: &Connection, user: &str, password: &str) -> PulseResult<String> {
    let found: Option<(String, String, String)> = conn
        .prepare_cached("SELECT id, password, status FROM pulse_users WHERE user_name = ?1")?
        .query_row(params![user], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    match found {
        Some((id, stored, status)) if stored == password && status == "ACTIVE" => Ok(id),
        _ => Err(PulseError::unauthenticated("invalid user name or password")),
    }
}

/// The organization `id`, whoever may see it.
pub(crate) fn find(conn: &Connection, id: &str) -> PulseResult<Option<Org>> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM pulse_orgs WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], org_row)
        .optional()?)
}

/// The organization `id` as `caller` may see it: 404 when there is none, 403 when it belongs
/// to another tenant.
pub(crate) fn visible(conn: &Connection, caller: &Caller, id: &str) -> PulseResult<Org> {
    let org = find(conn, id)?.ok_or_else(|| PulseError::not_found("organization", id))?;
    match &caller.scope {
        Scope::Tenant(tenant) if *tenant != org.tenant_id => Err(PulseError::new(
            Code::PermissionDenied,
            format!("organization {id} belongs to another tenant"),
        )),
        _ => Ok(org),
    }
}

/// One page of the organizations `caller` sees, in creation order, and how many there are.
pub(crate) fn page(
    conn: &Connection,
    caller: &Caller,
    offset: i64,
    limit: i64,
) -> PulseResult<(Vec<Org>, i64)> {
    // The offset is skipped on a narrow index (the list order alone, or tenant + order), then
    // the page's rows are read from where it starts: a deep page costs about what the first
    // does. No always-true filter for the operator: SQLite counts a whole table from its
    // smallest index.
    let read = |index: &str, filter: &str, tenant: Option<&str>| -> PulseResult<(Vec<Org>, i64)> {
        let and = if filter.is_empty() {
            String::new()
        } else {
            format!("{filter} AND")
        };
        let count = format!("SELECT COUNT(*) FROM pulse_orgs {}", where_(filter));
        let sql = format!(
            "SELECT {ORG_COLUMNS} FROM pulse_orgs WHERE {and} seq >= (
                 SELECT seq FROM pulse_orgs INDEXED BY {index} {} ORDER BY seq
                 LIMIT 1 OFFSET ?2)
             ORDER BY seq LIMIT ?1",
            where_(filter)
        );
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&limit, &offset];
        args.extend(tenant.as_ref().map(|t| t as &dyn rusqlite::ToSql));
        // SQLite numbers parameters by the highest one used: the tenant's count takes all three.
        let count_args = if tenant.is_some() { &args[..] } else { &[] };
        let total = conn
            .prepare_cached(&count)?
            .query_row(count_args, |row| row.get(0))?;
        let orgs = conn
            .prepare_cached(&sql)?
            .query_map(args.as_slice(), org_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((orgs, total))
    };
    match &caller.scope {
        Scope::All => read("pulse_orgs_by_seq", "", None),
        Scope::Tenant(tenant) => read("pulse_orgs_by_tenant", "tenant_id = ?3", Some(tenant)),
    }
}

/// `WHERE filter`, or nothing for no filter.
fn where_(filter: &str) -> String {
    if filter.is_empty() {
        String::new()
    } else {
        format!("WHERE {filter}")
    }
}

/// How many organizations have `id` as their parent.
pub(crate) fn child_count(conn: &Connection, id: &str) -> PulseResult<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM pulse_orgs WHERE parent_id = ?1")?
        .query_row(params![id], |row| row.get(0))?)
}

/// Writes a new organization row.
pub(crate) fn insert(conn: &Connection, org: &Org) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO pulse_orgs (id, name, parent_id, tenant_id, depth, status, created_ms,
         updated_ms, update_version, created_by, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        org.id,
        org.name,
        org.parent_id,
        org.tenant_id,
        org.depth,
        org.status,
        org.created_ms,
        org.updated_ms,
        org.update_version,
        org.created_by,
        org.updated_by
    ])?;
    Ok(())
}

/// A new IAM user.
pub(crate) struct NewUser<'a> {
    pub id: &'a str,
    pub user_name: &'a str,
    pub password: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub status: &'a str,
    pub roles: &'a [String],
    pub groups: &'a [String],
    pub tenant_id: Option<&'a str>,
}

/// Writes a new user; `ALREADY_EXISTS` when the user name is taken.
pub(crate) fn insert_user(conn: &Connection, user: &NewUser<'_>) -> PulseResult<()> {
    let taken: bool = conn
        .prepare_cached("SELECT 1 FROM pulse_users WHERE user_name = ?1")?
        .query_row(params![user.user_name], |_| Ok(()))
        .optional()?
        .is_some();
    if taken {
        return Err(PulseError::new(
            Code::AlreadyExists,
            format!("user {} already exists", user.user_name),
        ));
    }
    conn.prepare_cached(
        "INSERT INTO pulse_users (id, position, user_name, password, email, display_name,
         status, roles, groups_json, tenant_id, created_ms)
         VALUES (?1, (SELECT COUNT(*) FROM pulse_users), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        user.id,
        user.user_name,
        user.password,
        user.email,
        user.display_name,
        user.status,
        json!(user.roles).to_string(),
        json!(user.groups).to_string(),
        user.tenant_id,
        now_ms()
    ])?;
    Ok(())
}

/// The demo accounts as the handle shows them: the operator first, then tenant administrators.
pub(crate) fn accounts(conn: &Connection) -> rusqlite::Result<Vec<crate::sandbox::PulseAccount>> {
    conn.prepare(
        "SELECT u.user_name, u.password, u.tenant_id, o.name FROM pulse_users u
         LEFT JOIN pulse_orgs o ON o.id = u.tenant_id
         ORDER BY u.tenant_id IS NOT NULL, u.position",
    )?
    .query_map([], |row| {
        Ok(crate::sandbox::PulseAccount {
            username: row.get(0)?,
            password: row.get(1)?,
            tenant_id: row.get(2)?,
            tenant_name: row.get(3)?,
        })
    })?
    .collect()
}
