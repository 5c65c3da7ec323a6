//! The demo's organization groups: a few named sets filled by one `INSERT … SELECT` each, so
//! `--orgs 100000` costs three statements, not a draw per organization. Their ids come from a
//! PRNG of their own, so adding groups moved no other seeded id.

use rusqlite::{Connection, params};

use crate::domain::reseller::groups::OrganizationGroupInput;
use crate::sandbox::cloudmore::routes::insert_group;
use crate::sandbox::rng::Rng;

/// Name, description, and which organizations it holds (a condition on `organizations`).
const GROUPS: &[(&str, &str, &str)] = &[
    (
        "Key accounts",
        "Customers with a named account manager",
        // The first dozen demo customers by customer number; synthetic ones ("S-…") never.
        "customer_number NOT LIKE 'S-%' ORDER BY customer_number LIMIT 12",
    ),
    (
        "Nordics",
        "Customers in Denmark, Finland, Iceland, Norway and Sweden",
        "address_country_code IN ('DK', 'FI', 'IS', 'NO', 'SE')",
    ),
    (
        "Education",
        "Schools and kindergartens",
        "(name LIKE '%Education%' OR name LIKE '%Kindergarten%')",
    ),
    ("Onboarding", "New customers being set up", "0"),
];

/// Adds [`GROUPS`] to `reseller`, holding its organizations that match.
pub(super) fn populate(conn: &Connection, reseller: &str, seed: u64) -> rusqlite::Result<()> {
    let mut rng = Rng::new(seed);
    for (name, description, members) in GROUPS {
        let id = rng.guid();
        let input = OrganizationGroupInput {
            name: name.to_string(),
            description: description.to_string(),
        };
        insert_group(conn, reseller, &id, &input)?;
        // A condition with its own ORDER BY/LIMIT reads as one after a WHERE.
        let sql = format!(
            "INSERT INTO organization_group_members (group_id, organization_id)
             SELECT ?1, id FROM organizations WHERE reseller_id = ?2 AND {members}"
        );
        conn.execute(&sql, params![id, reseller])?;
    }
    Ok(())
}
