//! The broker's organization custom properties: the definitions every reseller of the
//! stand-in has (fixed, like the role lists), and each organization's stored values.

use rusqlite::{Connection, params};

use crate::domain::reseller::properties;
use crate::domain::{CustomPropertyDefinition, CustomPropertyValue};

/// One definition as the table below writes it: id, name, type, mandatory, default, allowed.
type Definition = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static [&'static str],
);

/// The definitions, in the order `GET /settings/CustomProperties` lists them. The mandatory
/// one has a default, so a create that sends no properties (every older client) still works.
const DEFINITIONS: &[Definition] = &[
    (
        "3f1c2a7e-0b5d-4c3a-9e61-5a0d7c9b1e01",
        "Support tier",
        "DropDown",
        true,
        "Standard",
        &["Standard", "Premium", "Enterprise"],
    ),
    (
        "3f1c2a7e-0b5d-4c3a-9e61-5a0d7c9b1e02",
        "Account manager",
        "TextBox",
        false,
        "",
        &[],
    ),
    (
        "3f1c2a7e-0b5d-4c3a-9e61-5a0d7c9b1e03",
        "Contracted seats",
        "Number",
        false,
        "",
        &[],
    ),
    (
        "3f1c2a7e-0b5d-4c3a-9e61-5a0d7c9b1e04",
        "Invoice by e-mail",
        "CheckBox",
        false,
        "",
        &[],
    ),
];

/// Every organization custom-property definition.
pub(crate) fn definitions() -> Vec<CustomPropertyDefinition> {
    DEFINITIONS
        .iter()
        .map(
            |&(id, name, kind, mandatory, default, allowed)| CustomPropertyDefinition {
                property_id: id.into(),
                name: name.into(),
                kind: kind.into(),
                mandatory,
                default_value: default.into(),
                allowed_values: allowed.iter().map(|a| a.to_string()).collect(),
            },
        )
        .collect()
}

/// The stored `(property id, value)` pairs of `org`.
pub(crate) fn stored(conn: &Connection, org: &str) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT property_id, value FROM organization_properties WHERE organization_id = ?1",
    )?;
    let rows = stmt.query_map([org], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}

/// Stores `values` for `org`, replacing what each property had.
pub(crate) fn store(
    conn: &Connection,
    org: &str,
    values: &[(String, String)],
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO organization_properties (organization_id, property_id, value)
         VALUES (?1, ?2, ?3)
         ON CONFLICT (organization_id, property_id) DO UPDATE SET value = excluded.value",
    )?;
    for (property, value) in values {
        stmt.execute(params![org, property, value])?;
    }
    Ok(())
}

/// The organization's properties as its detail shows them.
pub(crate) fn shown(conn: &Connection, org: &str) -> rusqlite::Result<Vec<CustomPropertyValue>> {
    Ok(properties::shown(&definitions(), &stored(conn, org)?))
}
