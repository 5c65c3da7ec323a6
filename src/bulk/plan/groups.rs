//! Plans that put organizations into a group or take them out (`+` and `-` in the tree). An
//! organization the group's loaded members show already in (or not in) it is set aside, so the
//! preview says so instead of the server refusing each one.

use std::collections::HashSet;

use super::{BulkItem, BulkPlan};
use crate::api::{GroupChange, Mutation};
use crate::domain::reseller::groups::OrganizationGroup;

impl BulkPlan {
    /// Adds (`add`) or removes each of `orgs` (id, name) to or from `group`; `members` are the
    /// group's organizations by id when loaded (None: nothing is set aside).
    pub fn group_membership(
        group: &OrganizationGroup,
        orgs: &[(String, String)],
        members: Option<&HashSet<String>>,
        add: bool,
    ) -> BulkPlan {
        let (verb, word) = if add {
            ("add to", "in")
        } else {
            ("remove from", "out of")
        };
        let mut plan = BulkPlan::empty(format!("{verb} group {}", group.name));
        for (id, name) in orgs {
            if let Some(members) = members
                && members.contains(id) == add
            {
                plan.set_aside(name, &format!("already {word} {}", group.name));
                continue;
            }
            let (inside, outside) = (
                format!("in {}", group.name),
                format!("out of {}", group.name),
            );
            let (group, group_name) = (group.id.clone(), group.name.clone());
            let (org, org_name) = (id.clone(), name.clone());
            let change = if add {
                GroupChange::AddMember {
                    group,
                    group_name,
                    org,
                    org_name,
                }
            } else {
                GroupChange::RemoveMember {
                    group,
                    group_name,
                    org,
                    org_name,
                }
            };
            let (before, after) = if add {
                (outside, inside)
            } else {
                (inside, outside)
            };
            plan.items.push(BulkItem {
                target: name.clone(),
                before,
                after,
                mutation: Mutation::Group(change),
                undo: None,
            });
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_already_there_are_set_aside() {
        let group = OrganizationGroup {
            id: "g".into(),
            name: "Nordics".into(),
            ..Default::default()
        };
        let orgs = vec![
            ("a".to_string(), "Alpha".to_string()),
            ("b".into(), "Beta".into()),
        ];
        let members: HashSet<String> = ["a".to_string()].into();
        let add = BulkPlan::group_membership(&group, &orgs, Some(&members), true);
        assert_eq!(add.items.len(), 1);
        assert_eq!(add.items[0].target, "Beta");
        assert_eq!(
            (add.items[0].before.as_str(), add.items[0].after.as_str()),
            ("out of Nordics", "in Nordics")
        );
        assert_eq!(add.invalid[0].reason, "already in Nordics");
        let remove = BulkPlan::group_membership(&group, &orgs, Some(&members), false);
        assert_eq!(remove.items[0].target, "Alpha");
        assert_eq!(remove.invalid[0].reason, "already out of Nordics");
        assert_eq!(
            BulkPlan::group_membership(&group, &orgs, None, true)
                .items
                .len(),
            2
        );
    }
}
