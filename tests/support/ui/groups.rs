//! The UI fixtures' organization groups.

use super::{HOSTILE, organizations};
use tenantdeck::domain::reseller::groups::{OrganizationGroup, OrganizationGroupMember};

/// Nordics (Zeta, Acme, Björk), a group with a hostile name holding the hostile organization,
/// and an empty one.
pub fn groups() -> Vec<OrganizationGroup> {
    let group = |id: &str, name: &str, description: &str, members_count| OrganizationGroup {
        id: id.into(),
        name: name.into(),
        description: description.into(),
        members_count,
    };
    vec![
        group("g-evil", HOSTILE, HOSTILE, 1),
        group(
            "g-nordics",
            "Nordics",
            "Customers in the Nordic countries",
            3,
        ),
        group(
            "g-onboarding",
            "Onboarding",
            "New customers being set up",
            0,
        ),
    ]
}

/// The organizations of a group of [`groups`], as the members list gives them.
pub fn group_members(group: &str) -> Vec<OrganizationGroupMember> {
    let ids: &[&str] = match group {
        "g-nordics" => &["o-acme", "o-bjork", "o-zeta"],
        "g-evil" => &["o-evil"],
        _ => &[],
    };
    organizations()
        .into_iter()
        .filter(|o| ids.contains(&o.id.as_str()))
        .map(|o| OrganizationGroupMember {
            id: o.id.into(),
            name: o.name.into(),
            customer_number: o.customer_number.into(),
        })
        .collect()
}
