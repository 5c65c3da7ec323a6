//! The SQLite schema and its migrations, versioned with `PRAGMA user_version`.
//!
//! Deletes cascade through foreign keys the way the API describes: an organization takes its
//! services, subscriptions and users with it; a removed service takes its subscriptions.

use rusqlite::Connection;

use crate::sandbox::sqlite::run_migrations;

/// Migrations in order; entry `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE resellers (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,
    username TEXT NOT NULL, password TEXT NOT NULL, client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL
);
CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    reseller_id TEXT NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    name TEXT NOT NULL, customer_number TEXT NOT NULL, registration_number TEXT NOT NULL,
    vat TEXT NOT NULL, primary_domain TEXT NOT NULL, notification_email TEXT NOT NULL,
    is_active INTEGER NOT NULL, created_date TEXT NOT NULL,
    contact_name TEXT NOT NULL, contact_job_title TEXT NOT NULL, contact_email TEXT NOT NULL,
    contact_phone_prefix TEXT NOT NULL, contact_phone TEXT NOT NULL,
    contact_cell_phone_prefix TEXT NOT NULL, contact_cell_phone TEXT NOT NULL,
    address_street TEXT NOT NULL, address_postal_code TEXT NOT NULL,
    address_city TEXT NOT NULL, address_country_code TEXT NOT NULL
);
CREATE INDEX organizations_by_name ON organizations(reseller_id, name COLLATE NOCASE, id);
CREATE TABLE service_categories (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE services (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL,
    vendor_name TEXT NOT NULL, description TEXT NOT NULL,
    category_id TEXT NOT NULL REFERENCES service_categories(id),
    user_assigned INTEGER NOT NULL, allow_multiple_users INTEGER NOT NULL
);
CREATE TABLE custom_property_definitions (
    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    property_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
    kind TEXT NOT NULL, mandatory INTEGER NOT NULL, default_value TEXT NOT NULL,
    allowed_values TEXT NOT NULL,
    PRIMARY KEY (service_id, property_id)
);
CREATE TABLE products (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    position INTEGER NOT NULL, name TEXT NOT NULL, sku TEXT NOT NULL,
    billing_frequency TEXT NOT NULL, price REAL NOT NULL, currency TEXT NOT NULL,
    min_quantity INTEGER NOT NULL, max_quantity INTEGER NOT NULL
);
CREATE INDEX products_by_service ON products(service_id, position);
CREATE TABLE organization_services (
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    service_id TEXT NOT NULL REFERENCES services(id),
    status TEXT NOT NULL, added_date TEXT NOT NULL, note TEXT NOT NULL,
    PRIMARY KEY (organization_id, service_id)
);
CREATE TABLE organization_service_properties (
    organization_id TEXT NOT NULL, service_id TEXT NOT NULL,
    property_id TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (organization_id, service_id, property_id),
    FOREIGN KEY (organization_id, service_id)
        REFERENCES organization_services(organization_id, service_id) ON DELETE CASCADE
);
CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, service_id TEXT NOT NULL,
    product_id TEXT NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL, status TEXT NOT NULL, created_date TEXT NOT NULL,
    cancelled_date TEXT,
    FOREIGN KEY (organization_id, service_id)
        REFERENCES organization_services(organization_id, service_id) ON DELETE CASCADE
);
CREATE INDEX subscriptions_by_service ON subscriptions(organization_id, service_id);
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    username TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
    display_name TEXT NOT NULL, email TEXT NOT NULL, phone_prefix TEXT NOT NULL,
    phone TEXT NOT NULL, role_id INTEGER, last_accessed_date TEXT
);
CREATE INDEX users_by_organization ON users(organization_id);
CREATE TABLE subscription_users (
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    external_user_id TEXT NOT NULL,
    PRIMARY KEY (subscription_id, user_id)
);
CREATE INDEX subscription_users_by_user ON subscription_users(user_id);
CREATE TABLE administrators (
    id TEXT PRIMARY KEY,
    reseller_id TEXT NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    name TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
    display_name TEXT NOT NULL, role_id INTEGER NOT NULL, title TEXT NOT NULL,
    email TEXT NOT NULL, home_phone_prefix TEXT NOT NULL, home_phone TEXT NOT NULL,
    cell_phone_prefix TEXT NOT NULL, cell_phone TEXT NOT NULL, department TEXT NOT NULL,
    office TEXT NOT NULL, company TEXT NOT NULL, azure_ad_id TEXT NOT NULL,
    address_street TEXT NOT NULL, address_postal_code TEXT NOT NULL,
    address_city TEXT NOT NULL, address_country_code TEXT NOT NULL,
    mfa_option INTEGER NOT NULL, last_accessed_date TEXT
);
CREATE INDEX administrators_by_reseller ON administrators(reseller_id);
"#,
    // Usernames are checked for uniqueness on every create and update: without these, each check
    // read every user of the organization (every administrator of the reseller), so a write
    // cost more the more users there were.
    r#"
CREATE INDEX users_by_username ON users(organization_id, username COLLATE NOCASE);
CREATE INDEX administrators_by_name ON administrators(reseller_id, name COLLATE NOCASE);
"#,
    // Organization custom-property values (issue 15.4); the definitions are fixed, in code.
    r#"
CREATE TABLE organization_properties (
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    property_id TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (organization_id, property_id)
);
"#,
    // Who changed a subscription's quantity, and when (issue 15.8).
    r#"
CREATE TABLE subscription_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    changed_date TEXT NOT NULL, changed_by TEXT NOT NULL, action TEXT NOT NULL,
    old_quantity INTEGER, new_quantity INTEGER
);
CREATE INDEX subscription_history_by_subscription ON subscription_history(subscription_id, id);
"#,
    // Organization groups and their member organizations (issue 15.9).
    r#"
CREATE TABLE organization_groups (
    id TEXT PRIMARY KEY,
    reseller_id TEXT NOT NULL REFERENCES resellers(id) ON DELETE CASCADE,
    name TEXT NOT NULL, description TEXT NOT NULL
);
CREATE INDEX organization_groups_by_name ON organization_groups(reseller_id, name COLLATE NOCASE);
CREATE TABLE organization_group_members (
    group_id TEXT NOT NULL REFERENCES organization_groups(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, organization_id)
);
CREATE INDEX organization_group_members_by_organization
    ON organization_group_members(organization_id);
"#,
];

/// Brings the schema to the newest version.
pub(crate) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    run_migrations(conn, MIGRATIONS)
}
