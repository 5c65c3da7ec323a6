//! Changes a screen can ask for, and which cached resources each one makes stale.

use crate::domain::{
    AdministratorInput, CustomPropertySet, OrganizationInput, OrganizationServiceAdd,
    OrganizationServiceUpdate, SubscriptionCreate, SubscriptionUpdate, SubscriptionUserSet,
    UserInput,
};

use super::group_change::GroupChange;
use super::node_change::NodeChange;
use super::people_change::PeopleChange;
use super::resource::Resource;

/// A write to the provider. Creates return the new id (from the `Location` header).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Mutation {
    /// A change to the provider's organization hierarchy (neutral; the variants below are the
    /// reseller console's, see `domain::reseller`).
    Node(NodeChange),
    /// A change to the people of a node of the hierarchy (neutral).
    People(PeopleChange),
    // The large inputs are boxed: a bulk run holds one or two `Mutation`s per item, and the
    // largest variant sets the size of every one of them.
    CreateOrganization(Box<OrganizationInput>),
    UpdateOrganization {
        org: String,
        input: Box<OrganizationInput>,
    },
    DeleteOrganization {
        org: String,
    },
    /// Sets only whether the organization is active. The API's PUT replaces the whole record, so
    /// the client reads the current record and sends it back with `isActive` changed: a bulk
    /// run over 100,000 organizations needs no record loaded before its preview, and the write
    /// never puts back fields as they were when the preview was made.
    SetOrganizationActive {
        org: String,
        /// The organization's name when the change was planned (for the journal and activity).
        name: String,
        active: bool,
    },
    AddService {
        org: String,
        input: OrganizationServiceAdd,
    },
    UpdateService {
        org: String,
        service: String,
        input: OrganizationServiceUpdate,
    },
    PatchServiceProperties {
        org: String,
        service: String,
        properties: Vec<CustomPropertySet>,
    },
    RemoveService {
        org: String,
        service: String,
    },
    CreateSubscription {
        org: String,
        service: String,
        input: SubscriptionCreate,
    },
    UpdateSubscription {
        org: String,
        service: String,
        subscription: String,
        input: SubscriptionUpdate,
    },
    CancelSubscription {
        org: String,
        service: String,
        subscription: String,
    },
    AssignUser {
        org: String,
        service: String,
        subscription: String,
        input: SubscriptionUserSet,
    },
    SetExternalUserId {
        org: String,
        service: String,
        subscription: String,
        input: SubscriptionUserSet,
    },
    UnassignUser {
        org: String,
        service: String,
        subscription: String,
        user: String,
    },
    CreateUser {
        org: String,
        input: Box<UserInput>,
    },
    UpdateUser {
        org: String,
        user: String,
        input: Box<UserInput>,
    },
    DeleteUser {
        org: String,
        user: String,
    },
    CreateAdministrator(Box<AdministratorInput>),
    UpdateAdministrator {
        id: String,
        input: Box<AdministratorInput>,
    },
    DeleteAdministrator {
        id: String,
    },
    /// A change to the reseller's organization groups (`api/group_change.rs`).
    Group(GroupChange),
}

impl Mutation {
    /// Whether a successful run of this mutation makes `key` stale.
    pub fn invalidates(&self, key: &Resource) -> bool {
        if let Resource::UserAssignments { org, .. } = key {
            return self.changes_assignments_in(org);
        }
        self.invalidates_direct(key)
    }

    /// Whether this mutation can change who is assigned to what in `org`.
    fn changes_assignments_in(&self, org: &str) -> bool {
        use Mutation as M;
        match self {
            M::DeleteOrganization { org: o }
            | M::RemoveService { org: o, .. }
            | M::CreateSubscription { org: o, .. }
            | M::CancelSubscription { org: o, .. }
            | M::AssignUser { org: o, .. }
            | M::SetExternalUserId { org: o, .. }
            | M::UnassignUser { org: o, .. }
            | M::DeleteUser { org: o, .. } => o == org,
            _ => false,
        }
    }

    fn invalidates_direct(&self, key: &Resource) -> bool {
        use Mutation as M;
        use Resource as R;
        match self {
            M::Node(change) => {
                // A create changes its parent's record too (Metal's counts its projects).
                let own = |id: &str| match change {
                    NodeChange::Create { parent, .. } => parent.as_deref() == Some(id),
                    _ => change.id() == Some(id),
                };
                // A deleted node's people go with it.
                let gone = matches!(change, NodeChange::Delete { .. });
                let people = |node: &str| gone && own(node);
                matches!(key, R::Hierarchy)
                    || matches!(key, R::Node { id } if own(id))
                    || matches!(key, R::Members { node, .. } if people(node))
                    || matches!(key, R::Invitations { node, .. } if people(node))
            }
            M::People(change) => change.invalidates(key),
            M::Group(change) => change.invalidates(key),
            M::CreateOrganization(_) => matches!(key, R::Organizations),
            M::UpdateOrganization { org, .. } | M::SetOrganizationActive { org, .. } => {
                matches!(key, R::Organizations)
                    || matches!(key, R::Organization { org: o } if o == org)
            }
            M::DeleteOrganization { org } => {
                matches!(key, R::Organizations) || key.organization() == Some(org.as_str())
            }
            M::AddService { org, .. } => {
                matches!(key, R::OrgServices { org: o } | R::Estore { org: o } if o == org)
            }
            M::RemoveService { org, service } => {
                matches!(key, R::OrgServices { org: o } | R::Estore { org: o } if o == org)
                    || key.service() == Some((org.as_str(), service.as_str()))
            }
            M::UpdateService { org, service, .. }
            | M::PatchServiceProperties { org, service, .. } => {
                matches!(key, R::OrgServices { org: o } if o == org)
                    || matches!(key, R::OrgService { org: o, service: s } if o == org && s == service)
            }
            M::CreateSubscription { org, service, .. } => {
                matches!(key, R::Subscriptions { org: o, service: s } if o == org && s == service)
            }
            M::UpdateSubscription {
                org,
                service,
                subscription,
                ..
            }
            | M::CancelSubscription {
                org,
                service,
                subscription,
            } => {
                let this = |o: &String, s: &String, sub: &String| {
                    o == org && s == service && sub == subscription
                };
                matches!(key, R::Subscriptions { org: o, service: s } if o == org && s == service)
                    || matches!(key, R::Subscription { org: o, service: s, subscription: sub }
                        | R::SubscriptionHistory { org: o, service: s, subscription: sub }
                        if this(o, s, sub))
            }
            M::AssignUser {
                org,
                service,
                subscription,
                ..
            }
            | M::SetExternalUserId {
                org,
                service,
                subscription,
                ..
            }
            | M::UnassignUser {
                org,
                service,
                subscription,
                ..
            } => matches!(
                key,
                R::SubscriptionUsers { org: o, service: s, subscription: sub }
                    if o == org && s == service && sub == subscription
            ),
            M::CreateUser { org, .. } => matches!(key, R::Users { org: o } if o == org),
            M::UpdateUser { org, user, .. } => {
                matches!(key, R::Users { org: o } if o == org)
                    || matches!(key, R::User { org: o, user: u } if o == org && u == user)
                    || matches!(key, R::SubscriptionUsers { org: o, .. } if o == org)
            }
            M::DeleteUser { org, user } => {
                matches!(key, R::Users { org: o } if o == org)
                    || matches!(key, R::User { org: o, user: u } if o == org && u == user)
                    || matches!(key, R::SubscriptionUsers { org: o, .. } if o == org)
            }
            M::CreateAdministrator(_) => matches!(key, R::Administrators),
            M::UpdateAdministrator { id, .. } | M::DeleteAdministrator { id } => {
                matches!(key, R::Administrators)
                    || matches!(key, R::Administrator { id: i } if i == id)
            }
        }
    }

    /// Whether sending it twice has the same effect as once (PUT and PATCH replace; POST creates
    /// and DELETE removes, so a second one doubles or fails).
    pub fn is_idempotent(&self) -> bool {
        use Mutation as M;
        if let M::Node(change) = self {
            return change.is_idempotent();
        }
        if let M::People(change) = self {
            return change.is_idempotent();
        }
        if let M::Group(change) = self {
            return change.is_idempotent();
        }
        matches!(
            self,
            M::UpdateOrganization { .. }
                | M::SetOrganizationActive { .. }
                | M::UpdateService { .. }
                | M::PatchServiceProperties { .. }
                | M::UpdateSubscription { .. }
                | M::SetExternalUserId { .. }
                | M::UpdateUser { .. }
                | M::UpdateAdministrator { .. }
        )
    }

    /// Whether the mutation carries a password (which journals and logs must not keep).
    pub fn has_secrets(&self) -> bool {
        match self {
            Mutation::CreateUser { input, .. } | Mutation::UpdateUser { input, .. } => {
                input.password.is_some()
            }
            Mutation::CreateAdministrator(input) | Mutation::UpdateAdministrator { input, .. } => {
                input.password.is_some()
            }
            _ => false,
        }
    }

    /// The same mutation with every password removed, for journals and logs.
    pub fn without_secrets(&self) -> Mutation {
        let mut copy = self.clone();
        match &mut copy {
            Mutation::CreateUser { input, .. } | Mutation::UpdateUser { input, .. } => {
                input.password = None
            }
            Mutation::CreateAdministrator(input) | Mutation::UpdateAdministrator { input, .. } => {
                input.password = None
            }
            _ => {}
        }
        copy
    }

    /// A short description for the status bar and logs (never includes secrets).
    /// What the write acts on, as the activity view names it: a name where the write carries
    /// one, else the id.
    pub fn target(&self) -> String {
        use Mutation as M;
        match self {
            M::Node(change) => change.target().to_string(),
            M::People(change) => change.target(),
            M::Group(change) => change.target(),
            M::CreateOrganization(input) | M::UpdateOrganization { input, .. } => {
                input.name.clone()
            }
            M::DeleteOrganization { org } => org.clone(),
            M::SetOrganizationActive { name, .. } => name.clone(),
            M::AddService { org, input } => format!("{} in {org}", input.service_id),
            M::UpdateService { service, .. }
            | M::PatchServiceProperties { service, .. }
            | M::RemoveService { service, .. }
            | M::CreateSubscription { service, .. } => service.clone(),
            M::UpdateSubscription { subscription, .. }
            | M::CancelSubscription { subscription, .. } => subscription.clone(),
            M::AssignUser {
                subscription,
                input,
                ..
            }
            | M::SetExternalUserId {
                subscription,
                input,
                ..
            } => format!("{} on {subscription}", input.user_id),
            M::UnassignUser {
                subscription, user, ..
            } => format!("{user} on {subscription}"),
            M::CreateUser { input, .. } | M::UpdateUser { input, .. } => input.username.clone(),
            M::DeleteUser { user, .. } => user.clone(),
            M::CreateAdministrator(input) | M::UpdateAdministrator { input, .. } => {
                input.name.clone()
            }
            M::DeleteAdministrator { id } => id.clone(),
        }
    }

    pub fn describe(&self) -> &'static str {
        use Mutation as M;
        match self {
            M::Node(change) => change.describe(),
            M::People(change) => change.describe(),
            M::Group(change) => change.describe(),
            M::CreateOrganization(_) => "create organization",
            M::UpdateOrganization { .. } => "update organization",
            M::DeleteOrganization { .. } => "delete organization",
            M::SetOrganizationActive { active: true, .. } => "set organization active",
            M::SetOrganizationActive { active: false, .. } => "set organization inactive",
            M::AddService { .. } => "add service",
            M::UpdateService { .. } => "update service",
            M::PatchServiceProperties { .. } => "update service properties",
            M::RemoveService { .. } => "remove service",
            M::CreateSubscription { .. } => "create subscription",
            M::UpdateSubscription { .. } => "change subscription quantity",
            M::CancelSubscription { .. } => "cancel subscription",
            M::AssignUser { .. } => "assign user",
            M::SetExternalUserId { .. } => "set external user id",
            M::UnassignUser { .. } => "unassign user",
            M::CreateUser { .. } => "create user",
            M::UpdateUser { .. } => "update user",
            M::DeleteUser { .. } => "delete user",
            M::CreateAdministrator(_) => "create administrator",
            M::UpdateAdministrator { .. } => "update administrator",
            M::DeleteAdministrator { .. } => "delete administrator",
        }
    }
}

#[cfg(test)]
#[path = "mutation_tests.rs"]
mod tests;
