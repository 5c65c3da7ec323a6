//! The Pulse stand-in's writes and the rules they keep: a name is required; `status` is
//! `ACTIVE` or `INACTIVE`; a parent must exist, be visible to the caller and not lie inside
//! the organization being moved (no cycles); nothing nests more than [`MAX_DEPTH`] below its
//! root tenant; a stale `updateVersion` is `ABORTED`; an organization with children is not
//! deleted. Each write is one transaction.

use rusqlite::{Connection, params};
use serde::Deserialize;

use super::reply::{Code, PulseError, PulseResult};
use super::store::{self, Caller, MAX_DEPTH, NewUser, Org, Scope};
/// `iamCreateUserRequest`: the client's wire type, read with absent fields as empty.
use crate::providers::pulse::NewUser as NewUserInput;

/// The body of create and update (`iamCreateOrganizationRequest`,
/// `iamUpdateOrganizationRequest`); absent text reads as `""` and an absent version as 0, as
/// proto3 does.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct OrgInput {
    pub id: String,
    pub name: String,
    pub parent_id: String,
    pub status: String,
    pub update_version: i64,
}

/// The body of `POST /api/organizations/root`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct RootInput {
    pub create_organization_request: OrgInput,
    pub create_user_request: NewUserInput,
}

/// Longest organization name accepted.
const MAX_NAME: usize = 128;

/// The trimmed name, or `INVALID_ARGUMENT`.
fn checked_name(name: &str) -> PulseResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(PulseError::field("name", "name is required"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(PulseError::field(
            "name",
            format!("name must be at most {MAX_NAME} characters"),
        ));
    }
    Ok(name.to_string())
}

/// `ACTIVE` or `INACTIVE`; empty gives `default`.
fn checked_status(field: &'static str, status: &str, default: &str) -> PulseResult<String> {
    match status {
        "" => Ok(default.to_string()),
        "ACTIVE" | "INACTIVE" => Ok(status.to_string()),
        other => Err(PulseError::field(
            field,
            format!("{field} must be ACTIVE or INACTIVE, not '{other}'"),
        )),
    }
}

/// The parent named in a body: it must exist and be the caller's to use.
fn parent(conn: &Connection, caller: &Caller, id: &str) -> PulseResult<Org> {
    let found = store::find(conn, id)?.ok_or_else(|| {
        PulseError::field(
            "parentId",
            format!("parent organization {id} does not exist"),
        )
    })?;
    store::visible(conn, caller, &found.id)
}

fn too_deep() -> PulseError {
    PulseError::new(
        Code::FailedPrecondition,
        format!("organizations nest at most {MAX_DEPTH} levels below their root tenant"),
    )
}

/// A new root tenant `id` made by `caller` now, at version 1 (a child sets its parent, tenant
/// and depth over it).
fn new_org(caller: &Caller, id: &str, name: String, status: String) -> Org {
    let now = store::now_ms();
    Org {
        id: id.to_string(),
        name,
        parent_id: None,
        tenant_id: id.to_string(),
        depth: 0,
        status,
        created_ms: now,
        updated_ms: now,
        update_version: 1,
        created_by: caller.user_id.clone(),
        updated_by: caller.user_id.clone(),
    }
}

/// `POST /api/organizations`: the new organization's id.
pub(crate) fn create(
    conn: &mut Connection,
    caller: &Caller,
    input: OrgInput,
) -> PulseResult<String> {
    let name = checked_name(&input.name)?;
    let status = checked_status("status", &input.status, "ACTIVE")?;
    if input.parent_id.is_empty() {
        return Err(PulseError::field(
            "parentId",
            "parentId is required (root tenants are created with POST /api/organizations/root)",
        ));
    }
    let tx = conn.transaction()?;
    let parent = parent(&tx, caller, &input.parent_id)?;
    if parent.depth + 1 > MAX_DEPTH {
        return Err(too_deep());
    }
    let id = uuid::Uuid::new_v4().to_string();
    let org = Org {
        parent_id: Some(parent.id),
        tenant_id: parent.tenant_id,
        depth: parent.depth + 1,
        ..new_org(caller, &id, name, status)
    };
    store::insert(&tx, &org)?;
    tx.commit()?;
    Ok(id)
}

/// How many levels the subtree of `id` reaches below it (0 for a leaf).
fn subtree_height(conn: &Connection, id: &str) -> PulseResult<i64> {
    Ok(conn
        .prepare_cached(
            "WITH RECURSIVE below(id, level) AS (
                 SELECT ?1, 0
                 UNION ALL SELECT o.id, below.level + 1 FROM pulse_orgs o
                 JOIN below ON o.parent_id = below.id)
             SELECT MAX(level) FROM below",
        )?
        .query_row(params![id], |row| row.get(0))?)
}

/// `PUT /api/organizations/{id}`: changes name, status and (a move) parent.
pub(crate) fn update(
    conn: &mut Connection,
    caller: &Caller,
    id: &str,
    input: OrgInput,
) -> PulseResult<()> {
    let tx = conn.transaction()?;
    let current = store::visible(&tx, caller, id)?;
    if !input.id.is_empty() && input.id != id {
        return Err(PulseError::field(
            "id",
            "the id in the body differs from the path",
        ));
    }
    let name = checked_name(&input.name)?;
    let status = checked_status("status", &input.status, &current.status)?;
    if input.update_version != 0 && input.update_version != current.update_version {
        return Err(PulseError::new(
            Code::Aborted,
            format!(
                "organization {id} was changed by someone else: version {} is current, the \
                 update was made from version {}",
                current.update_version, input.update_version
            ),
        ));
    }
    let moving =
        !input.parent_id.is_empty() && Some(&input.parent_id) != current.parent_id.as_ref();
    if moving {
        move_subtree(&tx, caller, &current, &input.parent_id)?;
    }
    tx.prepare_cached(
        "UPDATE pulse_orgs SET name = ?2, status = ?3, updated_ms = ?4, updated_by = ?5,
         update_version = update_version + 1 WHERE id = ?1",
    )?
    .execute(params![id, name, status, store::now_ms(), caller.user_id])?;
    tx.commit()?;
    Ok(())
}

/// Moves `org` (and everything below it) under `new_parent`, keeping depth and cycle rules.
fn move_subtree(
    conn: &Connection,
    caller: &Caller,
    org: &Org,
    new_parent: &str,
) -> PulseResult<()> {
    if org.parent_id.is_none() {
        return Err(PulseError::new(
            Code::FailedPrecondition,
            "a root tenant cannot be moved under another organization",
        ));
    }
    let parent = parent(conn, caller, new_parent)?;
    // The new parent lies inside the moved subtree when the org is one of its ancestors.
    let mut ancestor = Some(parent.clone());
    while let Some(step) = ancestor {
        if step.id == org.id {
            return Err(PulseError::field(
                "parentId",
                format!(
                    "moving {} under {} would make it its own ancestor",
                    org.id, parent.id
                ),
            ));
        }
        ancestor = match step.parent_id {
            Some(up) => store::find(conn, &up)?,
            None => None,
        };
    }
    let shift = parent.depth + 1 - org.depth;
    if org.depth + shift + subtree_height(conn, &org.id)? > MAX_DEPTH {
        return Err(too_deep());
    }
    conn.prepare_cached(
        "WITH RECURSIVE below(id) AS (
             SELECT ?1 UNION ALL SELECT o.id FROM pulse_orgs o JOIN below ON o.parent_id = below.id)
         UPDATE pulse_orgs SET depth = depth + ?2, tenant_id = ?3 WHERE id IN below",
    )?
    .execute(params![org.id, shift, parent.tenant_id])?;
    conn.prepare_cached("UPDATE pulse_orgs SET parent_id = ?2 WHERE id = ?1")?
        .execute(params![org.id, parent.id])?;
    Ok(())
}

/// `DELETE /api/organizations/{id}`: only a leaf; a root tenant takes its users with it.
pub(crate) fn delete(conn: &mut Connection, caller: &Caller, id: &str) -> PulseResult<()> {
    let tx = conn.transaction()?;
    let org = store::visible(&tx, caller, id)?;
    let children = store::child_count(&tx, id)?;
    if children > 0 {
        return Err(PulseError::new(
            Code::FailedPrecondition,
            format!(
                "organization {id} has {children} sub-organization(s); delete or move them first"
            ),
        ));
    }
    if org.parent_id.is_none() {
        if caller.scope != Scope::All {
            return Err(PulseError::new(
                Code::PermissionDenied,
                "only the operator deletes a root tenant",
            ));
        }
        tx.prepare_cached("DELETE FROM pulse_users WHERE tenant_id = ?1")?
            .execute(params![id])?;
    }
    tx.prepare_cached("DELETE FROM pulse_orgs WHERE id = ?1")?
        .execute(params![id])?;
    tx.commit()?;
    Ok(())
}

/// `POST /api/organizations/root`: a root tenant and its first user; (user id, org id).
pub(crate) fn create_root(
    conn: &mut Connection,
    caller: &Caller,
    input: RootInput,
) -> PulseResult<(String, String)> {
    if caller.scope != Scope::All {
        return Err(PulseError::new(
            Code::PermissionDenied,
            "only the operator creates root tenants",
        ));
    }
    let org = input.create_organization_request;
    let user = input.create_user_request;
    let name = checked_name(&org.name)?;
    let status = checked_status("status", &org.status, "ACTIVE")?;
    if !org.parent_id.is_empty() {
        return Err(PulseError::field("parentId", "a root tenant has no parent"));
    }
    if user.user_name.trim().is_empty() {
        return Err(PulseError::field("userName", "userName is required"));
    }
    if user.password.chars().count() < 8 {
        return Err(PulseError::field(
            "password",
            "password must be at least 8 characters",
        ));
    }
    let user_status = checked_status("userStatus", &user.status, "ACTIVE")?;
    let org_id = uuid::Uuid::new_v4().to_string();
    let user_id = uuid::Uuid::new_v4().to_string();
    let tx = conn.transaction()?;
    store::insert(&tx, &new_org(caller, &org_id, name, status))?;
    store::insert_user(
        &tx,
        &NewUser {
            id: &user_id,
            user_name: user.user_name.trim(),
            password: &user.password,
            email: &user.email,
            display_name: &user.display_name,
            status: &user_status,
            roles: &user.roles,
            groups: &user.groups,
            tenant_id: Some(&org_id),
        },
    )?;
    tx.commit()?;
    Ok((user_id, org_id))
}
