//! The Metal stand-in's writes and the rules they keep, each in one transaction:
//! - an organization needs a name; an address (and a billing address) needs `address`,
//!   `zip_code` and an ISO 3166-1 alpha-2 `country`; `enforce_2fa_at` is a date-time;
//! - a project needs a name of 1–80 characters without 4-byte characters, and a type from the
//!   spec's enum;
//! - an invitee is an e-mail address that is neither a member nor invited already; roles come
//!   from the spec's enum; invited projects belong to the organization;
//! - only an owner or admin changes an organization, its projects, invitations and members
//!   (403 for the other members); a member may leave;
//! - an organization always keeps one owner or admin: the change or removal that would take
//!   the last one away is refused (422).
//!
//! Validation reports every problem of a body at once, in Rails's words ("Name can't be
//! blank"), as the API does.

use rusqlite::{Connection, params};
use serde_json::{Map, Value};

use super::reply::{MetalError, MetalResult};
use super::store::{
    self, Caller, Invitation, MANAGER_ROLES, Membership, Org, OrgAccess, is_manager, now_secs,
};
mod body;
mod projects;
mod user;

pub(crate) use body::is_email;
use body::{Field, Reader, is_date_time, is_uuid};
pub(crate) use projects::{create_project, delete_project, update_project};
pub(crate) use user::update_current_user;

use crate::domain::people_rules::{
    DEFAULT_INVITATION_ROLE, INVITATION_ROLES, ORGANIZATION_ROLES as ORG_ROLES,
};
const MAX_ORG_NAME: usize = 255;

pub(super) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The organization fields of a create or update body, applied to `org`.
fn apply_org_input(org: &mut Org, body: &Map<String, Value>, creating: bool) -> MetalResult<()> {
    let mut errors = Vec::new();
    let mut reader = Reader {
        body,
        label: "",
        errors: &mut errors,
    };
    if let Some(name) = reader.present_within("name", creating, MAX_ORG_NAME) {
        org.name = name;
    }
    for (key, slot) in [
        ("description", &mut org.description),
        ("website", &mut org.website),
        ("twitter", &mut org.twitter),
        ("logo", &mut org.logo),
    ] {
        match reader.text(key) {
            Field::Set(text) => *slot = Some(text),
            Field::Null => *slot = None,
            Field::Absent => {}
        }
    }
    match reader.object("customdata") {
        Field::Set(map) => org.customdata = Value::Object(map).to_string(),
        Field::Null => org.customdata = "{}".into(),
        Field::Absent => {}
    }
    match reader.text("enforce_2fa_at") {
        Field::Set(text) if is_date_time(&text) => org.enforce_2fa_at = Some(text),
        Field::Set(_) => reader.fail("enforce_2fa_at", "is not a valid date-time"),
        Field::Null => org.enforce_2fa_at = None,
        Field::Absent => {}
    }
    for (key, slot) in [
        ("address", &mut org.address),
        ("billing_address", &mut org.billing_address),
    ] {
        match reader.address(key) {
            Field::Set(text) => *slot = Some(text),
            Field::Null => *slot = None,
            Field::Absent => {}
        }
    }
    MetalError::check(errors)
}

/// `createOrganization`: the caller becomes its owner.
pub(crate) fn create_org(
    conn: &mut Connection,
    caller: &Caller,
    body: &Map<String, Value>,
) -> MetalResult<Org> {
    let now = now_secs();
    let mut org = Org {
        id: new_id(),
        name: String::new(),
        description: None,
        website: None,
        twitter: None,
        logo: None,
        address: None,
        billing_address: None,
        customdata: "{}".into(),
        enforce_2fa_at: None,
        credit_amount: 0.0,
        terms: 0,
        personal: false,
        created_at: now,
        updated_at: now,
    };
    apply_org_input(&mut org, body, true)?;
    let tx = conn.transaction()?;
    store::insert_org(&tx, &org)?;
    store::insert_membership(
        &tx,
        &Membership {
            id: new_id(),
            org_id: org.id.clone(),
            project_id: None,
            user_id: caller.user_id.clone(),
            roles: vec!["owner".into()],
            created_at: now,
            updated_at: now,
        },
    )?;
    tx.commit()?;
    Ok(org)
}

/// `updateOrganization` (PUT or PATCH): the fields sent change, the others stay.
pub(crate) fn update_org(
    conn: &mut Connection,
    caller: &Caller,
    id: &str,
    body: &Map<String, Value>,
) -> MetalResult<Org> {
    let tx = conn.transaction()?;
    let access = store::visible_org(&tx, caller, id)?;
    access.require_manager("update this organization")?;
    let mut org = access.org;
    apply_org_input(&mut org, body, false)?;
    org.updated_at = now_secs();
    store::update_org(&tx, &org)?;
    tx.commit()?;
    Ok(org)
}

/// `deleteOrganization`: with its projects, memberships and invitations.
pub(crate) fn delete_org(conn: &mut Connection, caller: &Caller, id: &str) -> MetalResult<()> {
    let tx = conn.transaction()?;
    store::visible_org(&tx, caller, id)?.require_manager("delete this organization")?;
    tx.prepare_cached("DELETE FROM metal_orgs WHERE id = ?1")?
        .execute(params![id])?;
    tx.commit()?;
    Ok(())
}

/// `createOrganizationInvitation`.
pub(crate) fn create_invitation(
    conn: &mut Connection,
    caller: &Caller,
    org_id: &str,
    body: &Map<String, Value>,
) -> MetalResult<Invitation> {
    let tx = conn.transaction()?;
    let access = store::visible_org(&tx, caller, org_id)?;
    access.require_manager("invite people here")?;
    let mut errors = Vec::new();
    let mut reader = Reader {
        body,
        label: "",
        errors: &mut errors,
    };
    let invitee = reader.present("invitee", true).unwrap_or_default();
    if !invitee.is_empty() && !is_email(&invitee) {
        reader.fail("invitee", "is not a valid email address");
    }
    let message = match reader.text("message") {
        Field::Set(text) => Some(text),
        _ => None,
    };
    if let Field::Set(id) = reader.text("organization_id")
        && id != org_id
    {
        reader.fail(
            "organization_id",
            "does not match the organization of the path",
        );
    }
    let roles = reader
        .roles("roles", INVITATION_ROLES)
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| vec![DEFAULT_INVITATION_ROLE.into()]);
    let mut project_ids = Vec::new();
    for id in reader.strings("projects_ids").unwrap_or_default() {
        let ours =
            is_uuid(&id) && store::find_project(&tx, &id)?.is_some_and(|p| p.org_id == org_id);
        if !ours {
            reader.fail(
                "projects_ids",
                &format!("names {id}, which is not a project of this organization"),
            );
        } else if !project_ids.contains(&id) {
            project_ids.push(id);
        }
    }
    if is_email(&invitee) {
        if let Some(user) = store::find_user_by_email(&tx, &invitee)?
            && store::org_roles(&tx, &user.id, org_id)?.is_some()
        {
            errors.push(format!(
                "{invitee} is already a member of {}",
                access.org.name
            ));
        }
        let pending: bool = tx
            .prepare_cached(
                "SELECT COUNT(*) > 0 FROM metal_invitations WHERE org_id = ?1 AND invitee = ?2",
            )?
            .query_row(params![org_id, invitee], |row| row.get(0))?;
        if pending {
            errors.push(format!(
                "{invitee} has already been invited to {}",
                access.org.name
            ));
        }
    }
    MetalError::check(errors)?;
    let now = now_secs();
    let invitation = Invitation {
        id: new_id(),
        org_id: org_id.to_string(),
        invitee,
        nonce: uuid::Uuid::new_v4().simple().to_string(),
        message,
        roles,
        project_ids,
        invited_by: caller.user_id.clone(),
        created_at: now,
        updated_at: now,
    };
    store::insert_invitation(&tx, &invitation)?;
    tx.commit()?;
    Ok(invitation)
}

/// How the caller stands to an invitation they may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    Invitee,
    /// An owner or admin of the inviting organization.
    Manager,
}

/// Invitation `id` as `caller` may see it: the invitee and the organization's managers see
/// it; its other members get 403; anyone else 404.
pub(crate) fn invitation_access(
    conn: &Connection,
    caller: &Caller,
    id: &str,
) -> MetalResult<(Invitation, Standing)> {
    let invitation = store::find_invitation(conn, id)?.ok_or_else(MetalError::not_found)?;
    if invitation.invitee.eq_ignore_ascii_case(&caller.email) {
        return Ok((invitation, Standing::Invitee));
    }
    match store::org_roles(conn, &caller.user_id, &invitation.org_id)? {
        Some(roles) if is_manager(&roles) => Ok((invitation, Standing::Manager)),
        Some(_) => Err(MetalError::forbidden(
            "You are not allowed to see this invitation: it takes the owner or admin role",
        )),
        None => Err(MetalError::not_found()),
    }
}

/// `acceptInvitation`: the invitee joins the organization and the invited projects with the
/// invited roles. Answers the first new project membership, else the organization's.
pub(crate) fn accept_invitation(
    conn: &mut Connection,
    caller: &Caller,
    id: &str,
) -> MetalResult<Membership> {
    let tx = conn.transaction()?;
    let (invitation, standing) = invitation_access(&tx, caller, id)?;
    if standing != Standing::Invitee {
        return Err(MetalError::forbidden(
            "Only the invitee can accept an invitation",
        ));
    }
    let now = now_secs();
    let org_membership = match store::org_roles(&tx, &caller.user_id, &invitation.org_id)? {
        Some(_) => None,
        None => {
            let membership = Membership {
                id: new_id(),
                org_id: invitation.org_id.clone(),
                project_id: None,
                user_id: caller.user_id.clone(),
                roles: invitation.roles.clone(),
                created_at: now,
                updated_at: now,
            };
            store::insert_membership(&tx, &membership)?;
            Some(membership)
        }
    };
    let mut first_project = None;
    for project in &invitation.project_ids {
        let exists = store::find_project(&tx, project)?.is_some();
        let member: bool = tx
            .prepare_cached(
                "SELECT COUNT(*) > 0 FROM metal_memberships WHERE project_id = ?1
                 AND user_id = ?2",
            )?
            .query_row(params![project, caller.user_id], |row| row.get(0))?;
        if !exists || member {
            continue;
        }
        let membership = Membership {
            id: new_id(),
            org_id: invitation.org_id.clone(),
            project_id: Some(project.clone()),
            user_id: caller.user_id.clone(),
            roles: invitation.roles.clone(),
            created_at: now,
            updated_at: now,
        };
        store::insert_membership(&tx, &membership)?;
        first_project.get_or_insert(membership);
    }
    tx.prepare_cached("DELETE FROM metal_invitations WHERE id = ?1")?
        .execute(params![id])?;
    let answer = match first_project.or(org_membership) {
        Some(membership) => membership,
        None => {
            // Already a member of everything invited to: the organization membership.
            let existing: String = tx
                .prepare_cached(
                    "SELECT id FROM metal_memberships WHERE user_id = ?1 AND org_id = ?2
                     AND project_id IS NULL",
                )?
                .query_row(params![caller.user_id, invitation.org_id], |row| row.get(0))?;
            store::find_membership(&tx, &existing)?.ok_or_else(MetalError::not_found)?
        }
    };
    tx.commit()?;
    Ok(answer)
}

/// `declineInvitation`: the invitee declines, or a manager withdraws it.
pub(crate) fn decline_invitation(
    conn: &mut Connection,
    caller: &Caller,
    id: &str,
) -> MetalResult<()> {
    let tx = conn.transaction()?;
    invitation_access(&tx, caller, id)?;
    tx.prepare_cached("DELETE FROM metal_invitations WHERE id = ?1")?
        .execute(params![id])?;
    tx.commit()?;
    Ok(())
}

/// Membership `id` and the caller's standing in its organization: 404 when either does not
/// exist for the caller.
pub(crate) fn membership_access(
    conn: &Connection,
    caller: &Caller,
    id: &str,
) -> MetalResult<(Membership, OrgAccess)> {
    let membership = store::find_membership(conn, id)?.ok_or_else(MetalError::not_found)?;
    let access = store::visible_org(conn, caller, &membership.org_id)?;
    Ok((membership, access))
}

/// 422 when `membership` holds one of the organization's last manager roles and `after` (its
/// roles once changed, `None` once removed) holds none.
fn keeps_a_manager(
    conn: &Connection,
    membership: &Membership,
    after: Option<&[String]>,
) -> MetalResult<()> {
    if membership.project_id.is_some() || !is_manager(&membership.roles) {
        return Ok(());
    }
    if after.is_some_and(is_manager) {
        return Ok(());
    }
    let others = store::manager_memberships(conn, &membership.org_id)?
        .into_iter()
        .filter(|m| m.id != membership.id)
        .count();
    if others == 0 {
        return Err(MetalError::invalid(format!(
            "An organization must keep at least one {}: this is the last one",
            MANAGER_ROLES.join(" or ")
        )));
    }
    Ok(())
}

/// `updateMembership`: the roles in `role` (the spec's singular name; `roles` is read too).
pub(crate) fn update_membership(
    conn: &mut Connection,
    caller: &Caller,
    id: &str,
    body: &Map<String, Value>,
) -> MetalResult<Membership> {
    let tx = conn.transaction()?;
    let (mut membership, access) = membership_access(&tx, caller, id)?;
    access.require_manager("change members' roles")?;
    let allowed = if membership.project_id.is_some() {
        INVITATION_ROLES
    } else {
        ORG_ROLES
    };
    let mut errors = Vec::new();
    let mut reader = Reader {
        body,
        label: "",
        errors: &mut errors,
    };
    let key = if body.contains_key("role") {
        "role"
    } else {
        "roles"
    };
    let roles = reader.roles(key, allowed);
    match &roles {
        Some(roles) if !roles.is_empty() => {}
        _ if reader.errors.is_empty() => reader.fail("role", "can't be blank"),
        _ => {}
    }
    MetalError::check(errors)?;
    let roles = roles.unwrap_or_default();
    keeps_a_manager(&tx, &membership, Some(&roles))?;
    membership.roles = roles;
    membership.updated_at = now_secs();
    tx.prepare_cached("UPDATE metal_memberships SET roles = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![
            id,
            store::strings_json(&membership.roles),
            membership.updated_at
        ])?;
    tx.commit()?;
    Ok(membership)
}

/// `deleteMembership`: a manager removes anyone, a member removes themself. Leaving an
/// organization also ends the user's memberships of its projects.
pub(crate) fn delete_membership(
    conn: &mut Connection,
    caller: &Caller,
    id: &str,
) -> MetalResult<()> {
    let tx = conn.transaction()?;
    let (membership, access) = membership_access(&tx, caller, id)?;
    if membership.user_id != caller.user_id {
        access.require_manager("remove members")?;
    }
    keeps_a_manager(&tx, &membership, None)?;
    if membership.project_id.is_none() {
        tx.prepare_cached(
            "DELETE FROM metal_memberships WHERE org_id = ?1 AND user_id = ?2
             AND project_id IS NOT NULL",
        )?
        .execute(params![membership.org_id, membership.user_id])?;
    }
    tx.prepare_cached("DELETE FROM metal_memberships WHERE id = ?1")?
        .execute(params![id])?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests;
