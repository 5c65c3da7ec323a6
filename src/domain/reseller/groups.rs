//! Organization groups (`/OrganizationGroups` and their `/Members`): named sets of a reseller's
//! organizations, which the Key Account roles are scoped by. The wire names are assumptions
//! (`docs/ASSUMPTIONS.md`, "Organization groups"): the inventory names the routes, not the bodies.

use serde::{Deserialize, Serialize};

use crate::domain::validation::{FieldErrors, Validation, required_message};

/// The longest group name the stand-in takes (and the form allows).
pub const GROUP_NAME_MAX: usize = 100;

/// One group as listed and as read alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    /// How many organizations it holds (A: not in the inventory; 0 when a server leaves it out).
    pub members_count: u64,
}

/// Body of a group's create (POST) and update (PUT).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationGroupInput {
    pub name: String,
    pub description: String,
}

/// One member of a group: an organization, by its id and the names it is known by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationGroupMember {
    /// The organization's id (also the `{id}` of the member's DELETE).
    pub id: String,
    pub name: String,
    pub customer_number: String,
}

/// Body of a member's add (POST `…/Members`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizationGroupMemberAdd {
    pub organization_id: String,
}

/// The message for a name longer than [`GROUP_NAME_MAX`], in the framework's words.
pub fn name_too_long_message() -> String {
    format!("The field Name must be a string with a maximum length of {GROUP_NAME_MAX}.")
}

/// The model's rules: a name, not blank and not too long. That it is unused is the server's
/// business rule (it alone knows the other groups).
pub fn validate_group(input: &OrganizationGroupInput) -> Validation {
    let mut fields = FieldErrors::default();
    let name = input.name.trim();
    if name.is_empty() {
        fields.add("Name", required_message("Name"));
    } else if name.chars().count() > GROUP_NAME_MAX {
        fields.add("Name", name_too_long_message());
    }
    Validation {
        fields,
        business: Vec::new(),
    }
}

/// The business error for a name another group of the reseller has (names compare
/// case-insensitively).
pub fn group_name_taken_message(name: &str) -> String {
    format!("Organization group {} already exists.", name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> OrganizationGroupInput {
        OrganizationGroupInput {
            name: name.into(),
            description: String::new(),
        }
    }

    #[test]
    fn a_name_is_required_and_bounded() {
        assert!(validate_group(&named("Nordics")).is_ok());
        let blank = validate_group(&named("   "));
        assert_eq!(
            blank.fields.first("Name"),
            Some(required_message("Name").as_str())
        );
        let long = validate_group(&named(&"é".repeat(GROUP_NAME_MAX + 1)));
        assert_eq!(
            long.fields.first("Name"),
            Some(name_too_long_message().as_str())
        );
        assert!(validate_group(&named(&"é".repeat(GROUP_NAME_MAX))).is_ok());
    }
}
