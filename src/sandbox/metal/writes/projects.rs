//! The project writes: create (the creator becomes its admin), update (the fields sent
//! change) and delete (its memberships go with it, and pending invitations stop naming it).
//! Only the organization's owners and admins make these (403 for its other members).

use rusqlite::{Connection, params};
use serde_json::{Map, Value};

use super::body::{Field, Reader, is_uuid};
use super::new_id;
use crate::sandbox::metal::reply::{MetalError, MetalResult};
use crate::sandbox::metal::store::{self, Caller, Membership, Project, now_secs, strings_json};

/// The spec's `Project.type` enum; `default` when none is given.
const PROJECT_TYPES: &[&str] = &["default", "vmce"];
const MAX_PROJECT_NAME: usize = 80;

/// The fields of `ProjectCreateInput` (`creating`) or `ProjectUpdateInput` in `body`,
/// applied to `project`; every problem at once.
fn apply_project_input(
    project: &mut Project,
    body: &Map<String, Value>,
    creating: bool,
) -> MetalResult<()> {
    let mut errors = Vec::new();
    let mut reader = Reader {
        body,
        label: "",
        errors: &mut errors,
    };
    if let Some(name) = reader.present_within("name", creating, MAX_PROJECT_NAME) {
        if name.chars().any(|c| c.len_utf8() > 3) {
            reader.fail(
                "name",
                "cannot contain characters encoded in more than 3 bytes, such as emojis",
            );
        }
        project.name = name;
    }
    // The type is chosen when the project is made (`ProjectUpdateInput` has none).
    if creating {
        match reader.text("type") {
            Field::Set(kind) if PROJECT_TYPES.contains(&kind.as_str()) => project.kind = kind,
            Field::Set(kind) => reader.fail(
                "type",
                &format!("must be one of {} (not '{kind}')", PROJECT_TYPES.join(", ")),
            ),
            Field::Null | Field::Absent => {}
        }
    }
    if let Some(tags) = reader.strings("tags") {
        project.tags = tags;
    }
    match reader.object("customdata") {
        Field::Set(map) => project.customdata = Value::Object(map).to_string(),
        Field::Null => project.customdata = "{}".into(),
        Field::Absent => {}
    }
    // Only `ProjectUpdateInput` has it; a create drops it, as Rails drops what it does not permit.
    if let (false, Some(Value::Bool(on))) = (creating, body.get("backend_transfer_enabled")) {
        project.backend_transfer_enabled = *on;
    }
    match reader.text("payment_method_id") {
        Field::Set(id) if is_uuid(&id) => project.payment_method_id = Some(id),
        Field::Set(_) => reader.fail("payment_method_id", "is not a valid UUID"),
        Field::Null => project.payment_method_id = None,
        Field::Absent => {}
    }
    MetalError::check(errors)
}

/// `createOrganizationProject`: the caller becomes the project's admin.
pub(crate) fn create_project(
    conn: &mut Connection,
    caller: &Caller,
    org_id: &str,
    body: &Map<String, Value>,
) -> MetalResult<Project> {
    let tx = conn.transaction()?;
    store::visible_org(&tx, caller, org_id)?.require_manager("create projects here")?;
    let now = now_secs();
    let mut project = Project {
        id: new_id(),
        org_id: org_id.to_string(),
        name: String::new(),
        kind: "default".into(),
        tags: Vec::new(),
        customdata: "{}".into(),
        backend_transfer_enabled: false,
        payment_method_id: None,
        created_at: now,
        updated_at: now,
    };
    apply_project_input(&mut project, body, true)?;
    store::insert_project(&tx, &project)?;
    store::insert_membership(
        &tx,
        &Membership {
            id: new_id(),
            org_id: org_id.to_string(),
            project_id: Some(project.id.clone()),
            user_id: caller.user_id.clone(),
            roles: vec!["admin".into()],
            created_at: now,
            updated_at: now,
        },
    )?;
    tx.commit()?;
    Ok(project)
}

/// The project `id` for a manager of its organization: 404 when the caller cannot see it.
fn managed_project(
    conn: &Connection,
    caller: &Caller,
    id: &str,
    doing: &str,
) -> MetalResult<Project> {
    let project = store::find_project(conn, id)?.ok_or_else(MetalError::not_found)?;
    store::visible_org(conn, caller, &project.org_id)?.require_manager(doing)?;
    Ok(project)
}

/// `updateProject` (PUT): the fields sent change, the others stay.
pub(crate) fn update_project(
    conn: &mut Connection,
    caller: &Caller,
    id: &str,
    body: &Map<String, Value>,
) -> MetalResult<Project> {
    let tx = conn.transaction()?;
    let mut project = managed_project(&tx, caller, id, "update this project")?;
    apply_project_input(&mut project, body, false)?;
    project.updated_at = now_secs();
    tx.prepare_cached(
        "UPDATE metal_projects SET name = ?2, tags = ?3, customdata = ?4,
         backend_transfer_enabled = ?5, payment_method_id = ?6, updated_at = ?7 WHERE id = ?1",
    )?
    .execute(params![
        project.id,
        project.name,
        strings_json(&project.tags),
        project.customdata,
        project.backend_transfer_enabled,
        project.payment_method_id,
        project.updated_at
    ])?;
    tx.commit()?;
    Ok(project)
}

/// `deleteProject`: its memberships go with it (the schema cascades), and the pending
/// invitations of its organization no longer name it.
pub(crate) fn delete_project(conn: &mut Connection, caller: &Caller, id: &str) -> MetalResult<()> {
    let tx = conn.transaction()?;
    let project = managed_project(&tx, caller, id, "delete this project")?;
    for invitation in store::project_invitation_ids(&tx, &project.org_id, id)? {
        let Some(mut found) = store::find_invitation(&tx, &invitation)? else {
            continue;
        };
        found.project_ids.retain(|p| p != id);
        tx.prepare_cached("UPDATE metal_invitations SET projects = ?2 WHERE id = ?1")?
            .execute(params![invitation, strings_json(&found.project_ids)])?;
    }
    tx.prepare_cached("DELETE FROM metal_projects WHERE id = ?1")?
        .execute(params![id])?;
    tx.commit()?;
    Ok(())
}
