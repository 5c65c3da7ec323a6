//! The Metal stand-in's SQLite tables and reads: users and their API keys, organizations,
//! projects, memberships and invitations.
//!
//! A membership without a project is the user's membership of the organization itself (the
//! organization role: owner, admin, billing, collaborator, limited_collaborator); it is what
//! makes an organization visible to the user. A membership with a project gives access to that
//! project. Lists are in creation order (`seq`) and paged with `LIMIT`/`OFFSET`.

use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use super::reply::{MetalError, MetalResult};

mod rows;
mod writes;
pub(crate) use rows::*;
pub(crate) use writes::*;

/// Schema versions in order (`PRAGMA user_version`), as the other dialects' stores do.
pub(crate) const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE metal_users (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, short_id TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
    phone_number TEXT, timezone TEXT NOT NULL, two_factor_auth TEXT NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_login_at INTEGER
);
CREATE TABLE metal_api_keys (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES metal_users(id) ON DELETE CASCADE,
    description TEXT NOT NULL, position INTEGER NOT NULL
);
CREATE TABLE metal_orgs (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    description TEXT, website TEXT, twitter TEXT, logo TEXT,
    address TEXT, billing_address TEXT, customdata TEXT NOT NULL, enforce_2fa_at TEXT,
    credit_amount REAL NOT NULL, terms INTEGER NOT NULL, personal INTEGER NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE metal_projects (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES metal_orgs(id) ON DELETE CASCADE,
    name TEXT NOT NULL, type TEXT NOT NULL, tags TEXT NOT NULL, customdata TEXT NOT NULL,
    backend_transfer_enabled INTEGER NOT NULL, payment_method_id TEXT,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX metal_projects_by_org ON metal_projects(org_id, seq);
CREATE TABLE metal_memberships (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES metal_orgs(id) ON DELETE CASCADE,
    project_id TEXT REFERENCES metal_projects(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES metal_users(id) ON DELETE CASCADE,
    roles TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX metal_org_members ON metal_memberships(user_id, org_id)
    WHERE project_id IS NULL;
CREATE UNIQUE INDEX metal_project_members ON metal_memberships(project_id, user_id)
    WHERE project_id IS NOT NULL;
CREATE INDEX metal_memberships_by_org ON metal_memberships(org_id, project_id);
CREATE TABLE metal_invitations (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES metal_orgs(id) ON DELETE CASCADE,
    invitee TEXT NOT NULL COLLATE NOCASE, nonce TEXT NOT NULL, message TEXT,
    roles TEXT NOT NULL, projects TEXT NOT NULL,
    invited_by TEXT NOT NULL REFERENCES metal_users(id),
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX metal_invitations_by_org ON metal_invitations(org_id, seq);
CREATE INDEX metal_invitations_by_invitee ON metal_invitations(invitee);
"#,
    r#"
ALTER TABLE metal_users ADD COLUMN customdata TEXT NOT NULL DEFAULT '{}';
"#,
];

/// Roles that manage an organization: edit and delete it, create projects, invite, change and
/// remove members. An organization always keeps one member holding one of them.
pub(crate) const MANAGER_ROLES: &[&str] = &["owner", "admin"];

pub(crate) fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A JSON array of strings as stored; a damaged cell reads as empty.
fn strings(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

pub(crate) fn strings_json(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// The user whose API key is `token`; 401 when there is none.
pub(crate) fn caller(conn: &Connection, token: &str) -> MetalResult<Caller> {
    conn.prepare_cached(
        "SELECT u.id, u.email FROM metal_api_keys k JOIN metal_users u ON u.id = k.user_id
         WHERE k.token = ?1",
    )?
    .query_row(params![token], |row| {
        Ok(Caller {
            user_id: row.get(0)?,
            email: row.get(1)?,
        })
    })
    .optional()?
    .ok_or_else(|| MetalError::unauthorized("Invalid authentication token"))
}

pub(crate) fn find_user(conn: &Connection, id: &str) -> MetalResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM metal_users WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], user_row)
        .optional()?)
}

/// Whether users `a` and `b` are members of one organization (or are the same user).
pub(crate) fn share_an_org(conn: &Connection, a: &str, b: &str) -> MetalResult<bool> {
    Ok(a == b
        || conn
            .prepare_cached(
                "SELECT COUNT(*) > 0 FROM metal_memberships x JOIN metal_memberships y
                 ON x.org_id = y.org_id AND y.project_id IS NULL
                 WHERE x.user_id = ?1 AND x.project_id IS NULL AND y.user_id = ?2",
            )?
            .query_row(params![a, b], |row| row.get(0))?)
}

pub(crate) fn find_user_by_email(conn: &Connection, email: &str) -> MetalResult<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM metal_users WHERE email = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![email], user_row)
        .optional()?)
}

/// The id of `user`'s personal organization.
pub(crate) fn personal_org_of(conn: &Connection, user: &str) -> MetalResult<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT o.id FROM metal_orgs o JOIN metal_memberships m ON m.org_id = o.id
             WHERE m.user_id = ?1 AND m.project_id IS NULL AND o.personal = 1
             ORDER BY o.seq LIMIT 1",
        )?
        .query_row(params![user], |row| row.get(0))
        .optional()?)
}

/// The first project `user` has a membership of.
pub(crate) fn first_project_of(conn: &Connection, user: &str) -> MetalResult<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT project_id FROM metal_memberships WHERE user_id = ?1
             AND project_id IS NOT NULL ORDER BY seq LIMIT 1",
        )?
        .query_row(params![user], |row| row.get(0))
        .optional()?)
}

pub(crate) fn find_org(conn: &Connection, id: &str) -> MetalResult<Option<Org>> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM metal_orgs WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], org_row)
        .optional()?)
}

/// The roles of `user`'s membership of organization `org`; `None` when not a member.
pub(crate) fn org_roles(
    conn: &Connection,
    user: &str,
    org: &str,
) -> MetalResult<Option<Vec<String>>> {
    Ok(conn
        .prepare_cached(
            "SELECT roles FROM metal_memberships WHERE user_id = ?1 AND org_id = ?2
             AND project_id IS NULL",
        )?
        .query_row(params![user, org], |row| row.get::<_, String>(0))
        .optional()?
        .map(|text| strings(&text)))
}

/// Whether `roles` manage an organization.
pub(crate) fn is_manager(roles: &[String]) -> bool {
    roles.iter().any(|r| MANAGER_ROLES.contains(&r.as_str()))
}

/// How a caller stands to an organization.
#[derive(Debug, Clone)]
pub(crate) struct OrgAccess {
    pub org: Org,
    pub roles: Vec<String>,
}

impl OrgAccess {
    pub fn manages(&self) -> bool {
        is_manager(&self.roles)
    }

    /// 403 unless the caller manages the organization; `doing` completes "You are not
    /// allowed to …".
    pub fn require_manager(&self, doing: &str) -> MetalResult<()> {
        if self.manages() {
            Ok(())
        } else {
            Err(MetalError::forbidden(format!(
                "You are not allowed to {doing}: it takes the owner or admin role in {}",
                self.org.name
            )))
        }
    }
}

/// Organization `id` as `caller` may see it: 404 when it does not exist or the caller is no
/// member (an organization one cannot see is not revealed).
pub(crate) fn visible_org(conn: &Connection, caller: &Caller, id: &str) -> MetalResult<OrgAccess> {
    let org = find_org(conn, id)?.ok_or_else(MetalError::not_found)?;
    let roles = org_roles(conn, &caller.user_id, id)?.ok_or_else(MetalError::not_found)?;
    Ok(OrgAccess { org, roles })
}

/// Include, exclude or show only (`personal`, `without_projects`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tristate {
    Include,
    Exclude,
    Only,
}

impl Tristate {
    /// The SQL condition for `test` under this setting (empty when everything passes).
    fn condition(self, test: &str) -> String {
        match self {
            Tristate::Include => String::new(),
            Tristate::Exclude => format!(" AND NOT ({test})"),
            Tristate::Only => format!(" AND ({test})"),
        }
    }
}

/// One page of the organizations `caller` is a member of, in creation order, and how many
/// there are in all.
pub(crate) fn org_page(
    conn: &Connection,
    caller: &Caller,
    personal: Tristate,
    without_projects: Tristate,
    offset: i64,
    limit: i64,
) -> MetalResult<(Vec<Org>, i64)> {
    let filter = format!(
        "EXISTS (SELECT 1 FROM metal_memberships m WHERE m.user_id = ?1 AND m.org_id = o.id
             AND m.project_id IS NULL){}{}",
        personal.condition("o.personal = 1"),
        without_projects
            .condition("NOT EXISTS (SELECT 1 FROM metal_projects p WHERE p.org_id = o.id)"),
    );
    let total = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM metal_orgs o WHERE {filter}"))?
        .query_row(params![caller.user_id], |row| row.get(0))?;
    let sql = format!(
        "SELECT {} FROM metal_orgs o WHERE {filter} ORDER BY o.seq LIMIT ?2 OFFSET ?3",
        prefixed(ORG_COLUMNS, "o")
    );
    let orgs = conn
        .prepare_cached(&sql)?
        .query_map(params![caller.user_id, limit, offset], org_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((orgs, total))
}

/// `a, b` → `t.a, t.b`.
fn prefixed(columns: &str, table: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{table}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first column of `sql`'s rows (with `?1` = `key`), in order.
fn ids(conn: &Connection, sql: &str, key: &str) -> MetalResult<Vec<String>> {
    Ok(conn
        .prepare_cached(sql)?
        .query_map(params![key], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn project_ids_of_org(conn: &Connection, org: &str) -> MetalResult<Vec<String>> {
    ids(
        conn,
        "SELECT id FROM metal_projects WHERE org_id = ?1 ORDER BY seq",
        org,
    )
}

/// The organization's own memberships (not those of its projects).
pub(crate) fn org_membership_ids(conn: &Connection, org: &str) -> MetalResult<Vec<String>> {
    ids(
        conn,
        "SELECT id FROM metal_memberships WHERE org_id = ?1 AND project_id IS NULL ORDER BY seq",
        org,
    )
}

pub(crate) fn org_member_ids(conn: &Connection, org: &str) -> MetalResult<Vec<String>> {
    ids(
        conn,
        "SELECT user_id FROM metal_memberships WHERE org_id = ?1 AND project_id IS NULL
         ORDER BY seq",
        org,
    )
}

pub(crate) fn project_membership_ids(conn: &Connection, project: &str) -> MetalResult<Vec<String>> {
    ids(
        conn,
        "SELECT id FROM metal_memberships WHERE project_id = ?1 ORDER BY seq",
        project,
    )
}

pub(crate) fn project_member_ids(conn: &Connection, project: &str) -> MetalResult<Vec<String>> {
    ids(
        conn,
        "SELECT user_id FROM metal_memberships WHERE project_id = ?1 ORDER BY seq",
        project,
    )
}

/// Pending invitations that name `project`.
pub(crate) fn project_invitation_ids(
    conn: &Connection,
    org: &str,
    project: &str,
) -> MetalResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, projects FROM metal_invitations WHERE org_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![org], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut found = Vec::new();
    for row in rows {
        let (id, projects) = row?;
        if strings(&projects).iter().any(|p| p == project) {
            found.push(id);
        }
    }
    Ok(found)
}

pub(crate) fn find_project(conn: &Connection, id: &str) -> MetalResult<Option<Project>> {
    let sql = format!("SELECT {PROJECT_COLUMNS} FROM metal_projects WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], project_row)
        .optional()?)
}

/// One page of an organization's projects whose name contains `name` (case-insensitively;
/// empty: all), and how many match.
pub(crate) fn project_page(
    conn: &Connection,
    org: &str,
    name: &str,
    offset: i64,
    limit: i64,
) -> MetalResult<(Vec<Project>, i64)> {
    let filter = "org_id = ?1 AND instr(lower(name), lower(?2)) > 0";
    let total = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM metal_projects WHERE {filter}"
        ))?
        .query_row(params![org, name], |row| row.get(0))?;
    let sql = format!(
        "SELECT {PROJECT_COLUMNS} FROM metal_projects WHERE {filter} ORDER BY seq
         LIMIT ?3 OFFSET ?4"
    );
    let projects = conn
        .prepare_cached(&sql)?
        .query_map(params![org, name, limit, offset], project_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((projects, total))
}

pub(crate) fn find_membership(conn: &Connection, id: &str) -> MetalResult<Option<Membership>> {
    let sql = format!("SELECT {MEMBERSHIP_COLUMNS} FROM metal_memberships m WHERE m.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], membership_row)
        .optional()?)
}

/// One page of a project's memberships whose user matches `search` (a substring of the full
/// name or e-mail, case-insensitively, or the user id; empty: all), and how many match.
pub(crate) fn membership_page(
    conn: &Connection,
    project: &str,
    search: &str,
    offset: i64,
    limit: i64,
) -> MetalResult<(Vec<Membership>, i64)> {
    let from = "FROM metal_memberships m JOIN metal_users u ON u.id = m.user_id
        WHERE m.project_id = ?1 AND (?2 = '' OR u.id = ?2
            OR instr(lower(u.first_name || ' ' || u.last_name), lower(?2)) > 0
            OR instr(lower(u.email), lower(?2)) > 0)";
    let total = conn
        .prepare_cached(&format!("SELECT COUNT(*) {from}"))?
        .query_row(params![project, search], |row| row.get(0))?;
    let sql = format!("SELECT {MEMBERSHIP_COLUMNS} {from} ORDER BY m.seq LIMIT ?3 OFFSET ?4");
    let memberships = conn
        .prepare_cached(&sql)?
        .query_map(params![project, search, limit, offset], membership_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((memberships, total))
}

/// The organization's own memberships that hold a manager role.
pub(crate) fn manager_memberships(conn: &Connection, org: &str) -> MetalResult<Vec<Membership>> {
    let sql = format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM metal_memberships m
         WHERE m.org_id = ?1 AND m.project_id IS NULL ORDER BY m.seq"
    );
    let all = conn
        .prepare_cached(&sql)?
        .query_map(params![org], membership_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(all.into_iter().filter(|m| is_manager(&m.roles)).collect())
}

pub(crate) fn find_invitation(conn: &Connection, id: &str) -> MetalResult<Option<Invitation>> {
    let sql = format!("SELECT {INVITATION_COLUMNS} FROM metal_invitations WHERE id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![id], invitation_row)
        .optional()?)
}

/// One page of invitations where `column` (`org_id` or `invitee`) is `key`, and how many.
pub(crate) fn invitation_page(
    conn: &Connection,
    column: InvitationKey,
    key: &str,
    offset: i64,
    limit: i64,
) -> MetalResult<(Vec<Invitation>, i64)> {
    let column = match column {
        InvitationKey::Org => "org_id",
        InvitationKey::Invitee => "invitee",
    };
    let total = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM metal_invitations WHERE {column} = ?1"
        ))?
        .query_row(params![key], |row| row.get(0))?;
    let sql = format!(
        "SELECT {INVITATION_COLUMNS} FROM metal_invitations WHERE {column} = ?1 ORDER BY seq
         LIMIT ?2 OFFSET ?3"
    );
    let invitations = conn
        .prepare_cached(&sql)?
        .query_map(params![key, limit, offset], invitation_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((invitations, total))
}

/// Which invitations a page lists.
#[derive(Debug, Clone, Copy)]
pub(crate) enum InvitationKey {
    Org,
    Invitee,
}

/// The demo accounts as the handle shows them: users with an API key, in seeding order.
pub(crate) fn accounts(conn: &Connection) -> rusqlite::Result<Vec<crate::sandbox::MetalAccount>> {
    conn.prepare(
        "SELECT u.id, u.email, u.first_name || ' ' || u.last_name, k.token
         FROM metal_api_keys k JOIN metal_users u ON u.id = k.user_id ORDER BY k.position",
    )?
    .query_map([], |row| {
        Ok(crate::sandbox::MetalAccount {
            user_id: row.get(0)?,
            email: row.get(1)?,
            full_name: row.get(2)?,
            token: row.get(3)?,
        })
    })?
    .collect()
}
