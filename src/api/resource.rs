//! The readable resources of a provider and the data each one yields. A [`Resource`] is also the
//! cache key (the actor belongs to one profile, so the profile is implicit).
//!
//! The first variants are neutral: any provider with an organization hierarchy serves them
//! ([`OrgNode`]s, and the [`people`] of a node). The rest are the reseller console's nouns
//! (`domain::reseller`, which Cloudmore speaks); a provider answers only what its capabilities
//! say it has, and `ApiError::Unsupported` for the rest.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::hierarchy::{NodeKind, OrgNode};
use crate::domain::people;
use crate::domain::reseller::groups::{OrganizationGroup, OrganizationGroupMember};
use crate::domain::{
    Administrator, CustomPropertyDefinition, EstoreService, EstoreServiceDetail, Organization,
    OrganizationService, OrganizationSummary, Product, Role, Subscription,
    SubscriptionHistoryEntry, SubscriptionUser, User, UserAssignment,
};

/// Something that can be read with a GET. Ids are the provider's ids (GUID strings). Its serde
/// form is the disk cache's key (`api::disk_cache`): renaming a variant orphans its entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Resource {
    /// Every organization of the provider's hierarchy, read page by page.
    Hierarchy,
    /// One organization of the hierarchy, with every field its record has.
    Node {
        id: String,
    },
    /// Who belongs to one node of the hierarchy, with their roles there
    /// (`Capability::Members`). The kind is the node's, so the provider makes the one call
    /// that kind has (Metal: a project's memberships, an organization's own).
    Members {
        node: String,
        kind: NodeKind,
    },
    /// The pending invitations of one node (`Capability::Invitations`: asked of
    /// organizations).
    Invitations {
        node: String,
        kind: NodeKind,
    },
    Organizations,
    Organization {
        org: String,
    },
    Estore {
        org: String,
    },
    EstoreDetail {
        org: String,
        service: String,
    },
    OrgServices {
        org: String,
    },
    OrgService {
        org: String,
        service: String,
    },
    Products {
        org: String,
        service: String,
    },
    Subscriptions {
        org: String,
        service: String,
    },
    /// One subscription, read on its own (after a quantity change, instead of the list).
    Subscription {
        org: String,
        service: String,
        subscription: String,
    },
    /// Who changed one subscription, when, and how (`.../Subscriptions/history/{id}`).
    SubscriptionHistory {
        org: String,
        service: String,
        subscription: String,
    },
    SubscriptionUsers {
        org: String,
        service: String,
        subscription: String,
    },
    Users {
        org: String,
    },
    User {
        org: String,
        user: String,
    },
    OrganizationRoles {
        org: String,
    },
    /// The subscriptions one user is assigned to. The API has no such call; the client gathers
    /// it from the organization's services, their subscriptions and their users.
    UserAssignments {
        org: String,
        user: String,
    },
    Administrators,
    Administrator {
        id: String,
    },
    ResellerRoles,
    /// The broker's organization custom-property definitions (`/settings/CustomProperties`).
    OrgPropertyDefinitions,
    /// The reseller's organization groups.
    OrganizationGroups,
    /// The organizations in one group.
    GroupMembers {
        group: String,
    },
}

impl Resource {
    /// The organization a resource belongs to, if any (mutations invalidate by organization).
    pub fn organization(&self) -> Option<&str> {
        match self {
            // A node's people belong to the hierarchy, whose writes name no organization.
            Resource::Hierarchy
            | Resource::Node { .. }
            | Resource::Members { .. }
            | Resource::Invitations { .. }
            | Resource::Organizations
            | Resource::Administrators
            | Resource::Administrator { .. }
            | Resource::ResellerRoles
            | Resource::OrgPropertyDefinitions
            | Resource::OrganizationGroups
            | Resource::GroupMembers { .. } => None,
            Resource::Organization { org }
            | Resource::Estore { org }
            | Resource::EstoreDetail { org, .. }
            | Resource::OrgServices { org }
            | Resource::OrgService { org, .. }
            | Resource::Products { org, .. }
            | Resource::Subscriptions { org, .. }
            | Resource::Subscription { org, .. }
            | Resource::SubscriptionHistory { org, .. }
            | Resource::SubscriptionUsers { org, .. }
            | Resource::Users { org }
            | Resource::UserAssignments { org, .. }
            | Resource::User { org, .. }
            | Resource::OrganizationRoles { org } => Some(org),
        }
    }
}

impl Resource {
    /// The (organization, service) a resource belongs to, if it is below one service.
    pub fn service(&self) -> Option<(&str, &str)> {
        match self {
            Resource::OrgService { org, service }
            | Resource::Products { org, service }
            | Resource::Subscriptions { org, service }
            | Resource::Subscription { org, service, .. }
            | Resource::SubscriptionHistory { org, service, .. }
            | Resource::SubscriptionUsers { org, service, .. } => Some((org, service)),
            _ => None,
        }
    }
}

impl Resource {
    /// Whether it is one record (read by its id), not a list.
    pub fn is_record(&self) -> bool {
        matches!(
            self,
            Resource::Node { .. }
                | Resource::Organization { .. }
                | Resource::EstoreDetail { .. }
                | Resource::OrgService { .. }
                | Resource::Subscription { .. }
                | Resource::User { .. }
                | Resource::Administrator { .. }
        )
    }

    /// The list a record read on its own is a row of (a subscription's is its service's
    /// subscriptions): its answer can refresh that row without reloading the list.
    pub fn list_of_row(&self) -> Option<Resource> {
        match self {
            Resource::Subscription { org, service, .. } => Some(Resource::Subscriptions {
                org: org.clone(),
                service: service.clone(),
            }),
            _ => None,
        }
    }
}

/// What a resource read returns. Its serde form is what the disk cache stores (the
/// organizations list aside, which has a form of its own in `disk_form`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ResourceData {
    Hierarchy(Vec<OrgNode>),
    Node(OrgNode),
    Members(Vec<people::Member>),
    Invitations(Vec<people::Invitation>),
    Organizations(Vec<OrganizationSummary>),
    Organization(Organization),
    Estore(Vec<EstoreService>),
    EstoreDetail(EstoreServiceDetail),
    OrgServices(Vec<OrganizationService>),
    OrgService(OrganizationService),
    Products(Vec<Product>),
    Subscriptions(Vec<Subscription>),
    Subscription(Subscription),
    SubscriptionHistory(Vec<SubscriptionHistoryEntry>),
    SubscriptionUsers(Vec<SubscriptionUser>),
    Users(Vec<User>),
    UserAssignments(Vec<UserAssignment>),
    User(User),
    Roles(Vec<Role>),
    Administrators(Vec<Administrator>),
    Administrator(Administrator),
    PropertyDefinitions(Vec<CustomPropertyDefinition>),
    Groups(Vec<OrganizationGroup>),
    GroupMembers(Vec<OrganizationGroupMember>),
}

impl ResourceData {
    /// This list with the row `record` is read as replaced by it; None when this is not the
    /// list of such records or has no row with its id.
    pub fn with_row(&self, record: &ResourceData) -> Option<ResourceData> {
        match (self, record) {
            (ResourceData::Subscriptions(list), ResourceData::Subscription(one)) => {
                let at = list.iter().position(|s| s.id == one.id)?;
                let mut list = list.clone();
                list[at] = one.clone();
                Some(ResourceData::Subscriptions(list))
            }
            _ => None,
        }
    }
}

/// One read as decoded: its data, and how many rows of a list could not be read and were left
/// out (each is logged).
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub data: ResourceData,
    pub skipped: usize,
}

impl From<ResourceData> for Read {
    fn from(data: ResourceData) -> Self {
        Read { data, skipped: 0 }
    }
}

/// Shared, immutable data as handed to screens (cheap to clone out of the cache).
pub type SharedData = Arc<ResourceData>;
