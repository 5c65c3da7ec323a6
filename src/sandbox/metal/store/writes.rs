//! The Metal stand-in's rows as they are written: one insert per record, and the update of an
//! organization and of the current user (the other changes are single statements in
//! `sandbox::metal::writes`).

use rusqlite::{Connection, params};

use super::strings_json;
use super::{Invitation, Membership, Org, Project, User};

pub(crate) fn insert_user(conn: &Connection, user: &User) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO metal_users (id, short_id, email, first_name, last_name, phone_number,
         timezone, two_factor_auth, created_at, updated_at, last_login_at, customdata)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        user.id,
        user.short_id,
        user.email,
        user.first_name,
        user.last_name,
        user.phone_number,
        user.timezone,
        user.two_factor_auth,
        user.created_at,
        user.updated_at,
        user.last_login_at,
        user.customdata
    ])?;
    Ok(())
}

/// The fields `updateCurrentUser` changes.
pub(crate) fn update_user(conn: &Connection, user: &User) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE metal_users SET first_name = ?2, last_name = ?3, phone_number = ?4,
         timezone = ?5, customdata = ?6, updated_at = ?7 WHERE id = ?1",
    )?
    .execute(params![
        user.id,
        user.first_name,
        user.last_name,
        user.phone_number,
        user.timezone,
        user.customdata,
        user.updated_at
    ])?;
    Ok(())
}

pub(crate) fn insert_api_key(
    conn: &Connection,
    token: &str,
    user: &str,
    description: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO metal_api_keys (token, user_id, description, position)
         VALUES (?1, ?2, ?3, (SELECT COUNT(*) FROM metal_api_keys))",
    )?
    .execute(params![token, user, description])?;
    Ok(())
}

pub(crate) fn insert_org(conn: &Connection, org: &Org) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO metal_orgs (id, name, description, website, twitter, logo, address,
         billing_address, customdata, enforce_2fa_at, credit_amount, terms, personal,
         created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        org.id,
        org.name,
        org.description,
        org.website,
        org.twitter,
        org.logo,
        org.address,
        org.billing_address,
        org.customdata,
        org.enforce_2fa_at,
        org.credit_amount,
        org.terms,
        org.personal,
        org.created_at,
        org.updated_at
    ])?;
    Ok(())
}

pub(crate) fn update_org(conn: &Connection, org: &Org) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE metal_orgs SET name = ?2, description = ?3, website = ?4, twitter = ?5,
         logo = ?6, address = ?7, billing_address = ?8, customdata = ?9, enforce_2fa_at = ?10,
         updated_at = ?11 WHERE id = ?1",
    )?
    .execute(params![
        org.id,
        org.name,
        org.description,
        org.website,
        org.twitter,
        org.logo,
        org.address,
        org.billing_address,
        org.customdata,
        org.enforce_2fa_at,
        org.updated_at
    ])?;
    Ok(())
}

pub(crate) fn insert_project(conn: &Connection, project: &Project) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO metal_projects (id, org_id, name, type, tags, customdata,
         backend_transfer_enabled, payment_method_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        project.id,
        project.org_id,
        project.name,
        project.kind,
        strings_json(&project.tags),
        project.customdata,
        project.backend_transfer_enabled,
        project.payment_method_id,
        project.created_at,
        project.updated_at
    ])?;
    Ok(())
}

pub(crate) fn insert_membership(conn: &Connection, m: &Membership) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO metal_memberships (id, org_id, project_id, user_id, roles, created_at,
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        m.id,
        m.org_id,
        m.project_id,
        m.user_id,
        strings_json(&m.roles),
        m.created_at,
        m.updated_at
    ])?;
    Ok(())
}

pub(crate) fn insert_invitation(conn: &Connection, i: &Invitation) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO metal_invitations (id, org_id, invitee, nonce, message, roles, projects,
         invited_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        i.id,
        i.org_id,
        i.invitee,
        i.nonce,
        i.message,
        strings_json(&i.roles),
        strings_json(&i.project_ids),
        i.invited_by,
        i.created_at,
        i.updated_at
    ])?;
    Ok(())
}
