//! Writes to the reseller's organization groups: make, rename and delete a group, add an
//! organization to one and take it out. Each carries the names the journal and the activity
//! view show, so a run read back after the lists are gone still says which group and whom.

use serde::{Deserialize, Serialize};

use super::resource::Resource;
use crate::domain::reseller::groups::OrganizationGroupInput;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum GroupChange {
    Create {
        input: OrganizationGroupInput,
    },
    /// Replaces the group's name and description. `before` is what it had when the change was
    /// planned (what undo puts back).
    Update {
        group: String,
        input: OrganizationGroupInput,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<OrganizationGroupInput>,
    },
    /// Deletes the group; its organizations stay, outside it.
    Delete {
        group: String,
        name: String,
    },
    AddMember {
        group: String,
        group_name: String,
        org: String,
        org_name: String,
    },
    RemoveMember {
        group: String,
        group_name: String,
        org: String,
        org_name: String,
    },
}

impl GroupChange {
    /// The group the change is about (None for a create: it has no id yet).
    pub fn group(&self) -> Option<&str> {
        match self {
            GroupChange::Create { .. } => None,
            GroupChange::Update { group, .. }
            | GroupChange::Delete { group, .. }
            | GroupChange::AddMember { group, .. }
            | GroupChange::RemoveMember { group, .. } => Some(group),
        }
    }

    pub fn target(&self) -> String {
        match self {
            GroupChange::Create { input } | GroupChange::Update { input, .. } => input.name.clone(),
            GroupChange::Delete { name, .. } => name.clone(),
            GroupChange::AddMember {
                group_name,
                org_name,
                ..
            }
            | GroupChange::RemoveMember {
                group_name,
                org_name,
                ..
            } => format!("{org_name} in {group_name}"),
        }
    }

    pub fn describe(&self) -> &'static str {
        match self {
            GroupChange::Create { .. } => "create group",
            GroupChange::Update { .. } => "rename group",
            GroupChange::Delete { .. } => "delete group",
            GroupChange::AddMember { .. } => "add to group",
            GroupChange::RemoveMember { .. } => "remove from group",
        }
    }

    /// An update replaces (a PUT). A create twice makes a second group or meets "already
    /// exists"; an add twice meets "already a member"; a delete twice meets a 404: those are
    /// checked before being sent again (`bulk::verify`).
    pub fn is_idempotent(&self) -> bool {
        matches!(self, GroupChange::Update { .. })
    }

    /// Every change moves the groups list (its names or member counts); a membership change
    /// and a delete move that group's members too. No organization's own record names its
    /// groups, so nothing below an organization goes stale.
    pub fn invalidates(&self, key: &Resource) -> bool {
        match (self.group(), key) {
            (_, Resource::OrganizationGroups) => true,
            (Some(group), Resource::GroupMembers { group: g }) => {
                g == group && !matches!(self, GroupChange::Update { .. })
            }
            _ => false,
        }
    }

    /// The change that reverts this one from the change alone: an add by the removal and back,
    /// a rename by the name it had (when recorded). A create is undone by deleting the group
    /// its answer named (`deletion_of`); a delete has none (a group made again is another, and
    /// its members are gone with it).
    pub fn inverse(&self) -> Option<GroupChange> {
        Some(match self.clone() {
            GroupChange::AddMember {
                group,
                group_name,
                org,
                org_name,
            } => GroupChange::RemoveMember {
                group,
                group_name,
                org,
                org_name,
            },
            GroupChange::RemoveMember {
                group,
                group_name,
                org,
                org_name,
            } => GroupChange::AddMember {
                group,
                group_name,
                org,
                org_name,
            },
            GroupChange::Update {
                group,
                input,
                before: Some(before),
            } => GroupChange::Update {
                group,
                input: before,
                before: Some(input),
            },
            _ => return None,
        })
    }

    /// The delete that undoes this create, given the id its answer carried.
    pub fn deletion_of(&self, created: &str) -> Option<GroupChange> {
        match self {
            GroupChange::Create { input } => Some(GroupChange::Delete {
                group: created.to_string(),
                name: input.name.clone(),
            }),
            _ => None,
        }
    }

    /// Why [`GroupChange::inverse`] has none for this change.
    pub fn why_no_inverse(&self) -> &'static str {
        match self {
            GroupChange::Create { .. } => "the id of the group it made is not known",
            GroupChange::Update { .. } => "the name before was not recorded",
            _ => "a deleted group cannot be brought back with its members",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(group: &str) -> GroupChange {
        GroupChange::AddMember {
            group: group.into(),
            group_name: "Nordics".into(),
            org: "o".into(),
            org_name: "Oak".into(),
        }
    }

    #[test]
    fn a_membership_change_outdates_the_groups_and_its_own_members() {
        let members = |g: &str| Resource::GroupMembers { group: g.into() };
        assert!(add("g").invalidates(&Resource::OrganizationGroups));
        assert!(add("g").invalidates(&members("g")));
        assert!(!add("g").invalidates(&members("h")));
        assert!(!add("g").invalidates(&Resource::Organizations));
        let rename = GroupChange::Update {
            group: "g".into(),
            input: Default::default(),
            before: None,
        };
        assert!(rename.invalidates(&Resource::OrganizationGroups));
        assert!(!rename.invalidates(&members("g")));
    }

    #[test]
    fn add_and_remove_undo_each_other() {
        let remove = add("g").inverse().unwrap();
        assert!(matches!(remove, GroupChange::RemoveMember { ref org, .. } if org == "o"));
        assert_eq!(remove.inverse(), Some(add("g")));
        assert!(!add("g").is_idempotent());
    }

    #[test]
    fn it_journals_in_camel_case_under_op() {
        let json = serde_json::to_value(add("g")).unwrap();
        assert_eq!(json["op"], "addMember");
        assert_eq!(json["groupName"], "Nordics");
        assert_eq!(json["orgName"], "Oak");
    }
}
