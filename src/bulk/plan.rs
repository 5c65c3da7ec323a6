//! Plans: one operation per target, each with what changes (before → after), and the targets
//! that cannot take part with the reason why.

use std::sync::Arc;

mod groups;

use serde::{Deserialize, Serialize};

use crate::api::{Mutation, NodeChange};
use crate::domain::hierarchy::OrgNode;
use crate::domain::{
    Administrator, AdministratorInput, CustomPropertyDefinition, CustomPropertySet, EstoreService,
    OrganizationServiceAdd, OrganizationSummary, Role, SubscriptionUserSet, User, UserInput,
};

/// One operation of a bulk run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BulkItem {
    /// What the operation acts on, as the user knows it (a username, an organization name).
    pub target: String,
    pub before: String,
    pub after: String,
    pub mutation: Mutation,
    /// The write that reverts this one, when it cannot be worked out from the write alone
    /// (the role a user had before a role change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo: Option<Box<Mutation>>,
}

impl BulkItem {
    /// The item as a journal keeps it: borrowed as it is, or copied with its passwords removed
    /// when it carries one.
    pub fn without_secrets(&self) -> std::borrow::Cow<'_, BulkItem> {
        if !self.mutation.has_secrets() && !self.undo.as_ref().is_some_and(|m| m.has_secrets()) {
            return std::borrow::Cow::Borrowed(self);
        }
        std::borrow::Cow::Owned(BulkItem {
            mutation: self.mutation.without_secrets(),
            undo: self.undo.as_ref().map(|m| Box::new(m.without_secrets())),
            ..self.clone()
        })
    }
}

/// A target left out of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidItem {
    pub target: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BulkPlan {
    /// What the run does, in words ("change role to Organization Admin").
    pub action: String,
    pub items: Vec<BulkItem>,
    pub invalid: Vec<InvalidItem>,
}

/// The items of a plan once it is shown: shared, never copied, by the preview, the bulk worker
/// and the journal's record of the run (a run may hold 100,000 items).
pub type SharedItems = Arc<[BulkItem]>;

/// A plan as a preview holds it and a run is started from: [`BulkPlan`] with shared items.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SharedPlan {
    pub action: String,
    pub items: SharedItems,
    pub invalid: Arc<[InvalidItem]>,
}

impl From<BulkPlan> for SharedPlan {
    fn from(plan: BulkPlan) -> SharedPlan {
        SharedPlan {
            action: plan.action,
            items: plan.items.into(),
            invalid: plan.invalid.into(),
        }
    }
}

impl BulkPlan {
    /// Gives each user `role`; users who already have it are set aside as "no change".
    pub fn change_user_role(org: &str, users: &[User], role: &Role) -> BulkPlan {
        let mut plan = BulkPlan {
            action: format!("change role to {}", role.name),
            items: Vec::new(),
            invalid: Vec::new(),
        };
        for user in users {
            if user.role_id == Some(role.id) {
                plan.invalid.push(InvalidItem {
                    target: user.username.clone(),
                    reason: format!("already {}", role.name),
                });
                continue;
            }
            let before = if user.role_name.is_empty() {
                "no role".to_string()
            } else {
                user.role_name.clone()
            };
            plan.items.push(BulkItem {
                target: user.username.clone(),
                before,
                after: role.name.clone(),
                mutation: Mutation::UpdateUser {
                    org: org.to_string(),
                    user: user.id.clone(),
                    input: Box::new(UserInput {
                        role_id: Some(role.id),
                        ..user_input(user)
                    }),
                },
                undo: Some(Box::new(Mutation::UpdateUser {
                    org: org.to_string(),
                    user: user.id.clone(),
                    input: Box::new(user_input(user)),
                })),
            });
        }
        plan
    }
}

/// A subscription, as bulk assignment plans name it.
#[derive(Debug, Clone, PartialEq)]
pub struct SubscriptionRef {
    pub org: String,
    pub service: String,
    pub subscription: String,
    /// The product's name, for the words of the plan.
    pub name: String,
    /// Whether its service is marked user-assigned: only those take users (research §3.5).
    pub takes_users: bool,
}

/// A user as a bulk plan needs it: id, shown name, whether it is assigned already, and whether
/// it has a role (the API assigns no user without one).
#[derive(Debug, Clone, PartialEq)]
pub struct UserRef {
    pub id: String,
    pub name: String,
    pub assigned: bool,
    pub has_role: bool,
}

impl BulkPlan {
    fn empty(action: String) -> BulkPlan {
        BulkPlan {
            action,
            items: Vec::new(),
            invalid: Vec::new(),
        }
    }

    fn set_aside(&mut self, target: &str, reason: &str) {
        self.invalid.push(InvalidItem {
            target: target.to_string(),
            reason: reason.to_string(),
        });
    }

    /// Assigns each user to the subscription; users already assigned, and every user when the
    /// service takes none, are set aside.
    pub fn assign(sub: &SubscriptionRef, users: &[UserRef]) -> BulkPlan {
        let mut plan = BulkPlan::empty(format!("assign to {}", sub.name));
        for user in users {
            if !sub.takes_users {
                plan.set_aside(&user.name, "not user-assigned");
                continue;
            }
            if user.assigned {
                plan.set_aside(&user.name, "already assigned");
                continue;
            }
            if !user.has_role {
                // The API assigns no user without a role.
                plan.set_aside(&user.name, "no role yet (R sets one)");
                continue;
            }
            plan.items.push(BulkItem {
                target: user.name.clone(),
                before: "not assigned".into(),
                after: "assigned".into(),
                mutation: Mutation::AssignUser {
                    org: sub.org.clone(),
                    service: sub.service.clone(),
                    subscription: sub.subscription.clone(),
                    input: SubscriptionUserSet {
                        user_id: user.id.clone(),
                        external_user_id: String::new(),
                    },
                },
                undo: None,
            });
        }
        plan
    }

    /// Removes each user from the subscription; users not assigned are set aside.
    pub fn unassign(sub: &SubscriptionRef, users: &[UserRef]) -> BulkPlan {
        let mut plan = BulkPlan::empty(format!("unassign from {}", sub.name));
        for user in users {
            if !user.assigned {
                plan.set_aside(&user.name, "not assigned");
                continue;
            }
            plan.items.push(BulkItem {
                target: user.name.clone(),
                before: "assigned".into(),
                after: "not assigned".into(),
                mutation: Mutation::UnassignUser {
                    org: sub.org.clone(),
                    service: sub.service.clone(),
                    subscription: sub.subscription.clone(),
                    user: user.id.clone(),
                },
                undo: None,
            });
        }
        plan
    }
}

/// A user's name as lists show it.
fn user_name(user: &User) -> String {
    if user.display_name.is_empty() {
        user.username.clone()
    } else {
        format!("{} ({})", user.display_name, user.username)
    }
}

impl BulkPlan {
    /// Deletes each user of the organization.
    pub fn delete_users(org: &str, users: &[User]) -> BulkPlan {
        let mut plan = BulkPlan::empty("delete users".into());
        plan.items = users
            .iter()
            .map(|user| BulkItem {
                target: user_name(user),
                before: "exists".into(),
                after: "deleted".into(),
                mutation: Mutation::DeleteUser {
                    org: org.to_string(),
                    user: user.id.clone(),
                },
                undo: None,
            })
            .collect();
        plan
    }

    /// Gives each reseller administrator `role`; those who have it already are set aside.
    pub fn change_admin_role(admins: &[Administrator], role: &Role) -> BulkPlan {
        let mut plan = BulkPlan::empty(format!("change administrator role to {}", role.name));
        for admin in admins {
            if admin.role_id == role.id {
                plan.set_aside(&admin.name, &format!("already {}", role.name));
                continue;
            }
            plan.items.push(BulkItem {
                target: admin.name.clone(),
                before: admin.role_name.clone(),
                after: role.name.clone(),
                mutation: Mutation::UpdateAdministrator {
                    id: admin.id.clone(),
                    input: Box::new(AdministratorInput {
                        role_id: role.id,
                        ..AdministratorInput::from(admin)
                    }),
                },
                undo: Some(Box::new(Mutation::UpdateAdministrator {
                    id: admin.id.clone(),
                    input: Box::new(AdministratorInput::from(admin)),
                })),
            });
        }
        plan
    }

    /// Deletes each reseller administrator; the one signed in (`me`, a username) is set
    /// aside, so a bulk delete cannot lock the user out mid-run.
    pub fn delete_admins(admins: &[Administrator], me: &str) -> BulkPlan {
        let mut plan = BulkPlan::empty("delete administrators".into());
        for admin in admins {
            if admin.name.eq_ignore_ascii_case(me) {
                plan.set_aside(&admin.name, "that is you");
                continue;
            }
            plan.items.push(BulkItem {
                target: admin.name.clone(),
                before: admin.role_name.clone(),
                after: "deleted".into(),
                mutation: Mutation::DeleteAdministrator {
                    id: admin.id.clone(),
                },
                undo: None,
            });
        }
        plan
    }
}

impl BulkPlan {
    /// Adds the E-store service to each organization `(id, name)` with the same custom-property
    /// values: those `given`, else each definition's default. When a mandatory property has no
    /// value, every organization is left out with the reason (the server would refuse each).
    pub fn add_service(
        orgs: &[(String, String)],
        service: &EstoreService,
        definitions: &[CustomPropertyDefinition],
        given: &[CustomPropertySet],
    ) -> BulkPlan {
        let mut plan = BulkPlan::empty(format!("add service {}", service.name));
        let values: Vec<CustomPropertySet> = definitions
            .iter()
            .map(|def| CustomPropertySet {
                property_id: def.property_id.clone(),
                value: given
                    .iter()
                    .find(|g| g.property_id == def.property_id && !g.value.is_empty())
                    .map_or_else(|| def.default_value.clone(), |g| g.value.clone()),
            })
            .collect();
        let missing: Vec<&str> = definitions
            .iter()
            .zip(&values)
            .filter(|(def, value)| def.mandatory && value.value.trim().is_empty())
            .map(|(def, _)| def.name.as_str())
            .collect();
        if !missing.is_empty() {
            let reason = format!("needs {} (p)", missing.join(", "));
            for (_, name) in orgs {
                plan.set_aside(name, &reason);
            }
            return plan;
        }
        let shown: Vec<String> = definitions
            .iter()
            .zip(&values)
            .filter(|(_, v)| !v.value.is_empty())
            .map(|(def, v)| format!("{}={}", def.name, v.value))
            .collect();
        let after = match shown.is_empty() {
            true => format!("{} added", service.name),
            false => format!("{} added ({})", service.name, shown.join(", ")),
        };
        let properties: Vec<CustomPropertySet> =
            values.into_iter().filter(|v| !v.value.is_empty()).collect();
        plan.items = orgs
            .iter()
            .map(|(id, name)| BulkItem {
                target: name.clone(),
                before: "not added".into(),
                after: after.clone(),
                mutation: Mutation::AddService {
                    org: id.clone(),
                    input: OrganizationServiceAdd {
                        service_id: service.id.clone(),
                        custom_properties: properties.clone(),
                    },
                },
                undo: None,
            })
            .collect();
        plan
    }
}

impl BulkPlan {
    /// Sets each organization active or inactive; those already so are set aside. Built from
    /// the organizations list alone: each item reads the full record when it is sent (the API's
    /// PUT replaces the whole record), so nothing is loaded per organization for the preview.
    /// Undo sets the flag back (worked out from the write: an item holds no second one).
    pub fn set_active<'a>(
        orgs: impl IntoIterator<Item = &'a OrganizationSummary>,
        active: bool,
    ) -> BulkPlan {
        let word = |on: bool| if on { "active" } else { "inactive" };
        let mut plan = BulkPlan::empty(format!("set organizations {}", word(active)));
        for org in orgs {
            if org.is_active == active {
                plan.set_aside(&org.name, &format!("already {}", word(active)));
                continue;
            }
            plan.items.push(BulkItem {
                target: org.name.to_string(),
                before: word(org.is_active).into(),
                after: word(active).into(),
                mutation: Mutation::SetOrganizationActive {
                    org: org.id.to_string(),
                    name: org.name.to_string(),
                    active,
                },
                undo: None,
            });
        }
        plan
    }
}

/// A status in the words of a plan.
fn status_word(active: bool) -> &'static str {
    if active { "active" } else { "inactive" }
}

/// One hierarchy change as a bulk item, from the organization as it is before: what it changes
/// (before → after; parents by id, which plans that know the names replace) and its undo
/// ([`super::undo::node_inverse`]: the parent, name or status it had). For a create, `before`
/// is the parent. Bulk plans leave the change's version out (`None`), so each item is made from
/// the server's newest version when it is sent and a change made meanwhile is not a conflict.
pub fn node_item(before: &OrgNode, change: NodeChange) -> BulkItem {
    let below = |parent: Option<&str>| match parent {
        Some(parent) => format!("below {parent}"),
        None => "a root".to_string(),
    };
    let (target, was, will) = match &change {
        NodeChange::Create { name, active, .. } => (
            name.clone(),
            "not there".to_string(),
            format!("{} below {}", status_word(*active), before.name),
        ),
        NodeChange::Update { name, active, .. } => (
            before.name.clone(),
            format!("{}, {}", before.name, status_word(before.active)),
            format!("{name}, {}", status_word(*active)),
        ),
        NodeChange::Move { parent, .. } => (
            before.name.clone(),
            below(before.parent.as_deref()),
            below(Some(parent)),
        ),
        NodeChange::SetActive { active, .. } => (
            before.name.clone(),
            status_word(before.active).to_string(),
            status_word(*active).to_string(),
        ),
        NodeChange::Delete { .. } => (
            before.name.clone(),
            "exists".to_string(),
            "deleted".to_string(),
        ),
    };
    BulkItem {
        target,
        before: was,
        after: will,
        undo: super::undo::node_inverse(before, &change).map(|u| Box::new(Mutation::Node(u))),
        mutation: Mutation::Node(change),
    }
}

/// `mutation` made from the server's newest version instead of the token it carries (a
/// hierarchy edit or move planned from what the user saw); `None` when it carries none.
pub fn without_version(mutation: &Mutation) -> Option<Mutation> {
    match mutation {
        Mutation::Node(
            change @ (NodeChange::Update {
                version: Some(_), ..
            }
            | NodeChange::Move {
                version: Some(_), ..
            }),
        ) => Some(Mutation::Node(change.from_version(None))),
        _ => None,
    }
}

impl BulkPlan {
    /// Sets each organization of a hierarchy active or inactive; those already so are set
    /// aside.
    pub fn set_nodes_active<'a>(
        nodes: impl IntoIterator<Item = &'a OrgNode>,
        active: bool,
    ) -> BulkPlan {
        let mut plan = BulkPlan::empty(format!("set organizations {}", status_word(active)));
        for node in nodes {
            if node.active == active {
                plan.set_aside(&node.name, &format!("already {}", status_word(active)));
                continue;
            }
            let change = NodeChange::SetActive {
                id: node.id.clone(),
                name: node.name.clone(),
                active,
            };
            plan.items.push(node_item(node, change));
        }
        plan
    }
}

/// The update body that keeps every field of `user` as it is.
pub fn user_input(user: &User) -> UserInput {
    UserInput {
        username: user.username.clone(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        display_name: user.display_name.clone(),
        email: user.email.clone(),
        phone_prefix: user.phone_prefix.clone(),
        phone: user.phone.clone(),
        role_id: user.role_id,
        password: None,
        generate_password: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_who_already_have_the_role_are_set_aside() {
        let admin = Role {
            id: 1,
            name: "Organization Admin".into(),
        };
        let users = vec![
            User {
                id: "a".into(),
                username: "a@x.com".into(),
                role_id: Some(1),
                role_name: "Organization Admin".into(),
                ..Default::default()
            },
            User {
                id: "b".into(),
                username: "b@x.com".into(),
                ..Default::default()
            },
        ];
        let plan = BulkPlan::change_user_role("o", &users, &admin);
        let me = Administrator {
            id: "me".into(),
            name: "Me@X.com".into(),
            ..Default::default()
        };
        let admins = BulkPlan::delete_admins(&[me], "me@x.com");
        assert!(
            admins.items.is_empty(),
            "a bulk delete never deletes the user running it"
        );
        assert_eq!(plan.items.len(), 1);
        assert_eq!(plan.items[0].before, "no role");
        assert_eq!(plan.items[0].after, "Organization Admin");
        assert_eq!(plan.invalid[0].target, "a@x.com");
    }

    #[test]
    fn a_service_that_takes_no_users_leaves_every_user_out() {
        let mut sub = SubscriptionRef {
            org: "o".into(),
            service: "s".into(),
            subscription: "sub".into(),
            name: "Basic".into(),
            takes_users: false,
        };
        let ann = UserRef {
            id: "u".into(),
            name: "Ann".into(),
            assigned: false,
            has_role: true,
        };
        let plan = BulkPlan::assign(&sub, std::slice::from_ref(&ann));
        assert!(plan.items.is_empty());
        assert_eq!(plan.invalid[0].reason, "not user-assigned");
        sub.takes_users = true;
        assert_eq!(BulkPlan::assign(&sub, &[ann]).items.len(), 1);
    }
}
