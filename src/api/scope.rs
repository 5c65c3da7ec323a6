//! Which keys of a map ordered by [`Resource`] a mutation can touch, found by range instead of
//! by a scan of every key: what a write invalidates costs what the write touches, not the size
//! of the cache or store (a bulk run of 100,000 items forgets 100,000 times).
//!
//! A mutation only ever touches keys of its own organization and keys of no organization (the
//! organization list, administrators, reseller roles); `tests` check that against a scan. The
//! derived order of [`Resource`] sorts by variant, then by organization (every organization
//! variant names it first), so the keys of one variant and one organization are one range.

use std::collections::BTreeMap;
use std::mem::discriminant;

use super::mutation::Mutation;
use super::resource::Resource;
use crate::domain::hierarchy::NodeKind;

/// The organization whose keys `mutation` can touch; `None` for writes that touch only keys of
/// no organization.
pub fn organization(mutation: &Mutation) -> Option<&str> {
    use Mutation as M;
    match mutation {
        M::Node(_)
        | M::People(_)
        | M::Group(_)
        | M::CreateOrganization(_)
        | M::CreateAdministrator(_)
        | M::UpdateAdministrator { .. }
        | M::DeleteAdministrator { .. } => None,
        M::UpdateOrganization { org, .. }
        | M::SetOrganizationActive { org, .. }
        | M::DeleteOrganization { org }
        | M::AddService { org, .. }
        | M::UpdateService { org, .. }
        | M::PatchServiceProperties { org, .. }
        | M::RemoveService { org, .. }
        | M::CreateSubscription { org, .. }
        | M::UpdateSubscription { org, .. }
        | M::CancelSubscription { org, .. }
        | M::AssignUser { org, .. }
        | M::SetExternalUserId { org, .. }
        | M::UnassignUser { org, .. }
        | M::CreateUser { org, .. }
        | M::UpdateUser { org, .. }
        | M::DeleteUser { org, .. } => Some(org),
    }
}

/// The record `mutation` changes whose own read refreshes its row in the list, so the list
/// need not reload: a quantity change reads the one subscription (issue 15.10). The list is
/// still dropped from the actor's cache (see [`Mutation::invalidates`]); only a loaded copy is
/// patched (`Resource::list_of_row`, `ResourceData::with_row`).
pub fn row_refresh(mutation: &Mutation) -> Option<Resource> {
    match mutation {
        Mutation::UpdateSubscription {
            org,
            service,
            subscription,
            ..
        } => Some(Resource::Subscription {
            org: org.clone(),
            service: service.clone(),
            subscription: subscription.clone(),
        }),
        _ => None,
    }
}

/// The smallest key of every variant that belongs to `org` (or to no organization).
fn first_keys(org: Option<&str>) -> Vec<Resource> {
    use Resource as R;
    let Some(org) = org else {
        // The smallest kind is the first one declared.
        let kind = NodeKind::Organization;
        return vec![
            R::Hierarchy,
            R::Node { id: String::new() },
            R::Members {
                node: String::new(),
                kind,
            },
            R::Invitations {
                node: String::new(),
                kind,
            },
            R::Organizations,
            R::Administrators,
            R::Administrator { id: String::new() },
            R::ResellerRoles,
            R::OrgPropertyDefinitions,
            R::OrganizationGroups,
            R::GroupMembers {
                group: String::new(),
            },
        ];
    };
    let (o, none) = (|| org.to_string(), String::new);
    vec![
        R::Organization { org: o() },
        R::Estore { org: o() },
        R::EstoreDetail {
            org: o(),
            service: none(),
        },
        R::OrgServices { org: o() },
        R::OrgService {
            org: o(),
            service: none(),
        },
        R::Products {
            org: o(),
            service: none(),
        },
        R::Subscriptions {
            org: o(),
            service: none(),
        },
        R::Subscription {
            org: o(),
            service: none(),
            subscription: none(),
        },
        R::SubscriptionHistory {
            org: o(),
            service: none(),
            subscription: none(),
        },
        R::SubscriptionUsers {
            org: o(),
            service: none(),
            subscription: none(),
        },
        R::Users { org: o() },
        R::User {
            org: o(),
            user: none(),
        },
        R::OrganizationRoles { org: o() },
        R::UserAssignments {
            org: o(),
            user: none(),
        },
    ]
}

/// The keys of `map` that belong to `org` (`None`: to no organization).
pub fn keys_of<'a, V>(
    map: &'a BTreeMap<Resource, V>,
    org: Option<&'a str>,
) -> impl Iterator<Item = &'a Resource> + 'a {
    first_keys(org).into_iter().flat_map(move |first| {
        let variant = discriminant(&first);
        map.range(first..)
            .map(|(key, _)| key)
            .take_while(move |key| discriminant(*key) == variant && key.organization() == org)
    })
}

/// The keys of `map` that `mutation` makes stale (per [`Mutation::invalidates`]).
pub fn touched<'a, V>(
    map: &'a BTreeMap<Resource, V>,
    mutation: &'a Mutation,
) -> impl Iterator<Item = &'a Resource> + 'a {
    let own = organization(mutation).map(|org| keys_of(map, Some(org)));
    keys_of(map, None)
        .chain(own.into_iter().flatten())
        .filter(move |key| mutation.invalidates(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::NodeChange;
    use crate::domain::SubscriptionUserSet;

    /// Keys of every variant for organizations `a`, `b` and `ab` (a prefix of neither), with
    /// several services, subscriptions and users each.
    fn keys() -> Vec<Resource> {
        use Resource as R;
        let mut keys = vec![
            R::Hierarchy,
            R::Node { id: "a".into() },
            R::Node { id: "b".into() },
            R::Organizations,
            R::Administrators,
            R::Administrator { id: "1".into() },
            R::Administrator { id: "2".into() },
            R::ResellerRoles,
            R::OrgPropertyDefinitions,
            R::OrganizationGroups,
            R::GroupMembers { group: "a".into() },
            R::GroupMembers { group: "b".into() },
        ];
        // Both kinds of one node, and "ab" (whose id has "a" as its prefix).
        for node in ["a", "ab", "b", ""] {
            for kind in [NodeKind::Organization, NodeKind::Project] {
                let node = node.to_string();
                keys.push(R::Members {
                    node: node.clone(),
                    kind,
                });
                keys.push(R::Invitations { node, kind });
            }
        }
        for org in ["a", "ab", "b", ""] {
            let o = || org.to_string();
            keys.extend([
                R::Organization { org: o() },
                R::Estore { org: o() },
                R::OrgServices { org: o() },
                R::Users { org: o() },
                R::OrganizationRoles { org: o() },
            ]);
            for s in ["s", "t", ""] {
                let s = || s.to_string();
                keys.extend([
                    R::EstoreDetail {
                        org: o(),
                        service: s(),
                    },
                    R::OrgService {
                        org: o(),
                        service: s(),
                    },
                    R::Products {
                        org: o(),
                        service: s(),
                    },
                    R::Subscriptions {
                        org: o(),
                        service: s(),
                    },
                    R::User {
                        org: o(),
                        user: s(),
                    },
                    R::UserAssignments {
                        org: o(),
                        user: s(),
                    },
                ]);
                for sub in ["x", "y"] {
                    let sub = || sub.to_string();
                    keys.extend([
                        R::Subscription {
                            org: o(),
                            service: s(),
                            subscription: sub(),
                        },
                        R::SubscriptionHistory {
                            org: o(),
                            service: s(),
                            subscription: sub(),
                        },
                        R::SubscriptionUsers {
                            org: o(),
                            service: s(),
                            subscription: sub(),
                        },
                    ]);
                }
            }
        }
        // A new variant must be added here (and to `first_keys`): this match has no wildcard.
        for key in &keys {
            match key {
                R::Hierarchy
                | R::Node { .. }
                | R::Members { .. }
                | R::Invitations { .. }
                | R::Organizations
                | R::Organization { .. }
                | R::Estore { .. }
                | R::EstoreDetail { .. }
                | R::OrgServices { .. }
                | R::OrgService { .. }
                | R::Products { .. }
                | R::Subscriptions { .. }
                | R::Subscription { .. }
                | R::SubscriptionHistory { .. }
                | R::SubscriptionUsers { .. }
                | R::Users { .. }
                | R::User { .. }
                | R::OrganizationRoles { .. }
                | R::UserAssignments { .. }
                | R::Administrators
                | R::Administrator { .. }
                | R::ResellerRoles
                | R::OrgPropertyDefinitions
                | R::OrganizationGroups
                | R::GroupMembers { .. } => {}
            }
        }
        keys
    }

    fn mutations() -> Vec<Mutation> {
        use Mutation as M;
        let (o, s) = (|| "a".to_string(), || "s".to_string());
        let set = || SubscriptionUserSet {
            user_id: "s".into(),
            external_user_id: String::new(),
        };
        let node = |id: &str| NodeChange::SetActive {
            id: id.into(),
            name: id.to_uppercase(),
            active: false,
        };
        vec![
            M::Node(NodeChange::Create {
                kind: crate::domain::hierarchy::NodeKind::Organization,
                profile: None,
                parent: Some(o()),
                name: "New".into(),
                active: true,
            }),
            M::Node(node("a")),
            M::Node(NodeChange::Delete {
                kind: crate::domain::hierarchy::NodeKind::Organization,
                id: "b".into(),
                name: "B".into(),
            }),
            M::CreateOrganization(Box::default()),
            M::UpdateOrganization {
                org: o(),
                input: Box::default(),
            },
            M::SetOrganizationActive {
                org: o(),
                name: "A".into(),
                active: false,
            },
            M::DeleteOrganization { org: o() },
            M::Group(crate::api::GroupChange::AddMember {
                group: "a".into(),
                group_name: "A".into(),
                org: o(),
                org_name: "A".into(),
            }),
            M::AddService {
                org: o(),
                input: Default::default(),
            },
            M::UpdateService {
                org: o(),
                service: s(),
                input: Default::default(),
            },
            M::PatchServiceProperties {
                org: o(),
                service: s(),
                properties: Vec::new(),
            },
            M::RemoveService {
                org: o(),
                service: s(),
            },
            M::CreateSubscription {
                org: o(),
                service: s(),
                input: Default::default(),
            },
            M::UpdateSubscription {
                org: o(),
                service: s(),
                subscription: "x".into(),
                input: Default::default(),
            },
            M::CancelSubscription {
                org: o(),
                service: s(),
                subscription: "x".into(),
            },
            M::AssignUser {
                org: o(),
                service: s(),
                subscription: "x".into(),
                input: set(),
            },
            M::SetExternalUserId {
                org: o(),
                service: s(),
                subscription: "x".into(),
                input: set(),
            },
            M::UnassignUser {
                org: o(),
                service: s(),
                subscription: "x".into(),
                user: s(),
            },
            M::CreateUser {
                org: o(),
                input: Default::default(),
            },
            M::UpdateUser {
                org: o(),
                user: s(),
                input: Default::default(),
            },
            M::DeleteUser {
                org: o(),
                user: s(),
            },
            M::CreateAdministrator(Default::default()),
            M::UpdateAdministrator {
                id: "1".into(),
                input: Default::default(),
            },
            M::DeleteAdministrator { id: "1".into() },
        ]
    }

    #[test]
    fn the_ranges_find_exactly_what_a_scan_of_every_key_finds() {
        let map: BTreeMap<Resource, ()> = keys().into_iter().map(|k| (k, ())).collect();
        for mutation in mutations() {
            let mut scanned: Vec<&Resource> =
                map.keys().filter(|k| mutation.invalidates(k)).collect();
            let mut ranged: Vec<&Resource> = touched(&map, &mutation).collect();
            scanned.sort();
            ranged.sort();
            assert_eq!(ranged, scanned, "{}", mutation.describe());
            assert!(
                !scanned.is_empty(),
                "{} touches something",
                mutation.describe()
            );
        }
    }

    #[test]
    fn the_keys_of_an_organization_are_its_own_and_only_those() {
        let map: BTreeMap<Resource, ()> = keys().into_iter().map(|k| (k, ())).collect();
        for org in [None, Some("a"), Some("ab"), Some(""), Some("zz")] {
            let mut ranged: Vec<&Resource> = keys_of(&map, org).collect();
            let mut scanned: Vec<&Resource> =
                map.keys().filter(|k| k.organization() == org).collect();
            ranged.sort();
            scanned.sort();
            assert_eq!(ranged, scanned, "{org:?}");
        }
    }
}
