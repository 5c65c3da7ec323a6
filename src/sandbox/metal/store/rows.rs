//! The Metal stand-in's records as its tables hold them, and how a table row reads into each.

use rusqlite::Row;

use super::strings;

/// The user behind a token.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub user_id: String,
    pub email: String,
}

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: String,
    pub short_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone_number: Option<String>,
    pub timezone: String,
    pub two_factor_auth: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_login_at: Option<i64>,
    /// JSON object text, as `updateCurrentUser` left it.
    pub customdata: String,
}

impl User {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

pub(super) const USER_COLUMNS: &str =
    "id, short_id, email, first_name, last_name, phone_number, timezone,
    two_factor_auth, created_at, updated_at, last_login_at, customdata";

pub(super) fn user_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        short_id: row.get(1)?,
        email: row.get(2)?,
        first_name: row.get(3)?,
        last_name: row.get(4)?,
        phone_number: row.get(5)?,
        timezone: row.get(6)?,
        two_factor_auth: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        last_login_at: row.get(10)?,
        customdata: row.get(11)?,
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub website: Option<String>,
    pub twitter: Option<String>,
    pub logo: Option<String>,
    /// `Address` objects as JSON text, as they were accepted.
    pub address: Option<String>,
    pub billing_address: Option<String>,
    pub customdata: String,
    pub enforce_2fa_at: Option<String>,
    pub credit_amount: f64,
    pub terms: i64,
    pub personal: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(super) const ORG_COLUMNS: &str = "id, name, description, website, twitter, logo, address,
    billing_address, customdata, enforce_2fa_at, credit_amount, terms, personal, created_at,
    updated_at";

pub(super) fn org_row(row: &Row<'_>) -> rusqlite::Result<Org> {
    Ok(Org {
        id: row.get(0)?,
        name: row.get(1)?,
        description: row.get(2)?,
        website: row.get(3)?,
        twitter: row.get(4)?,
        logo: row.get(5)?,
        address: row.get(6)?,
        billing_address: row.get(7)?,
        customdata: row.get(8)?,
        enforce_2fa_at: row.get(9)?,
        credit_amount: row.get(10)?,
        terms: row.get(11)?,
        personal: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Project {
    pub id: String,
    pub org_id: String,
    pub name: String,
    pub kind: String,
    pub tags: Vec<String>,
    pub customdata: String,
    pub backend_transfer_enabled: bool,
    pub payment_method_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(super) const PROJECT_COLUMNS: &str = "id, org_id, name, type, tags, customdata,
    backend_transfer_enabled, payment_method_id, created_at, updated_at";

pub(super) fn project_row(row: &Row<'_>) -> rusqlite::Result<Project> {
    Ok(Project {
        id: row.get(0)?,
        org_id: row.get(1)?,
        name: row.get(2)?,
        kind: row.get(3)?,
        tags: strings(&row.get::<_, String>(4)?),
        customdata: row.get(5)?,
        backend_transfer_enabled: row.get(6)?,
        payment_method_id: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Membership {
    pub id: String,
    pub org_id: String,
    /// `None`: the membership of the organization itself.
    pub project_id: Option<String>,
    pub user_id: String,
    pub roles: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(super) const MEMBERSHIP_COLUMNS: &str =
    "m.id, m.org_id, m.project_id, m.user_id, m.roles, m.created_at, m.updated_at";

pub(super) fn membership_row(row: &Row<'_>) -> rusqlite::Result<Membership> {
    Ok(Membership {
        id: row.get(0)?,
        org_id: row.get(1)?,
        project_id: row.get(2)?,
        user_id: row.get(3)?,
        roles: strings(&row.get::<_, String>(4)?),
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Invitation {
    pub id: String,
    pub org_id: String,
    pub invitee: String,
    pub nonce: String,
    pub message: Option<String>,
    pub roles: Vec<String>,
    pub project_ids: Vec<String>,
    pub invited_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub(super) const INVITATION_COLUMNS: &str =
    "id, org_id, invitee, nonce, message, roles, projects, invited_by, created_at, updated_at";

pub(super) fn invitation_row(row: &Row<'_>) -> rusqlite::Result<Invitation> {
    Ok(Invitation {
        id: row.get(0)?,
        org_id: row.get(1)?,
        invitee: row.get(2)?,
        nonce: row.get(3)?,
        message: row.get(4)?,
        roles: strings(&row.get::<_, String>(5)?),
        project_ids: strings(&row.get::<_, String>(6)?),
        invited_by: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
    })
}
