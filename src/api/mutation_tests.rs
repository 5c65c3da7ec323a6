//! What each mutation outdates.

use super::*;

fn org_key(org: &str) -> Resource {
    Resource::Organization { org: org.into() }
}

#[test]
fn organization_update_touches_the_list_and_that_organization_only() {
    let update = Mutation::UpdateOrganization {
        org: "a".into(),
        input: Default::default(),
    };
    assert!(update.invalidates(&Resource::Organizations));
    assert!(update.invalidates(&org_key("a")));
    assert!(!update.invalidates(&org_key("b")));
    assert!(!update.invalidates(&Resource::OrgServices { org: "a".into() }));
}

#[test]
fn removing_a_service_touches_everything_below_it() {
    let remove = Mutation::RemoveService {
        org: "a".into(),
        service: "s".into(),
    };
    let below = Resource::SubscriptionUsers {
        org: "a".into(),
        service: "s".into(),
        subscription: "x".into(),
    };
    let sibling = Resource::Subscriptions {
        org: "a".into(),
        service: "t".into(),
    };
    assert!(remove.invalidates(&below));
    assert!(remove.invalidates(&Resource::OrgServices { org: "a".into() }));
    assert!(!remove.invalidates(&sibling));
    assert!(!remove.invalidates(&Resource::Organizations));
}

#[test]
fn assignment_changes_touch_the_users_assignment_lists_of_that_organization() {
    let assignments = Resource::UserAssignments {
        org: "a".into(),
        user: "u".into(),
    };
    let unassign = Mutation::UnassignUser {
        org: "a".into(),
        service: "s".into(),
        subscription: "x".into(),
        user: "v".into(),
    };
    assert!(unassign.invalidates(&assignments));
    let elsewhere = Mutation::DeleteUser {
        org: "b".into(),
        user: "u".into(),
    };
    assert!(!elsewhere.invalidates(&assignments));
    assert!(!Mutation::CreateOrganization(Default::default()).invalidates(&assignments));
}

#[test]
fn a_node_s_people_are_outdated_by_its_delete_only() {
    use crate::domain::hierarchy::NodeKind;
    let members = Resource::Members {
        node: "a".into(),
        kind: NodeKind::Project,
    };
    let invitations = Resource::Invitations {
        node: "a".into(),
        kind: NodeKind::Organization,
    };
    let delete = |id: &str| {
        Mutation::Node(NodeChange::Delete {
            kind: crate::domain::hierarchy::NodeKind::Organization,
            id: id.into(),
            name: "A".into(),
        })
    };
    let rename = Mutation::Node(NodeChange::Update {
        kind: crate::domain::hierarchy::NodeKind::Organization,
        profile: None,
        id: "a".into(),
        name: "A2".into(),
        active: true,
        version: None,
    });
    assert!(delete("a").invalidates(&members) && delete("a").invalidates(&invitations));
    assert!(!delete("b").invalidates(&members));
    assert!(!rename.invalidates(&members) && !rename.invalidates(&invitations));
}

#[test]
fn deleting_an_organization_touches_all_of_it() {
    let delete = Mutation::DeleteOrganization { org: "a".into() };
    assert!(delete.invalidates(&Resource::Users { org: "a".into() }));
    assert!(delete.invalidates(&Resource::Organizations));
    assert!(!delete.invalidates(&Resource::Users { org: "b".into() }));
    assert!(!delete.invalidates(&Resource::Administrators));
}

/// What the catalog, subscriptions and assignment screens show must reload after each of
/// their writes: the screens refetch exactly what these say.
#[test]
fn every_screen_write_outdates_what_its_screen_shows() {
    let (o, s, sub) = ("o".to_string(), "s".to_string(), "x".to_string());
    let estore = Resource::Estore { org: o.clone() };
    let added = Resource::OrgServices { org: o.clone() };
    let subs = Resource::Subscriptions {
        org: o.clone(),
        service: s.clone(),
    };
    let sub_users = Resource::SubscriptionUsers {
        org: o.clone(),
        service: s.clone(),
        subscription: sub.clone(),
    };
    let users = Resource::Users { org: o.clone() };
    let user = Resource::User {
        org: o.clone(),
        user: "u".into(),
    };
    let on_sub = |m: fn(String, String, String) -> Mutation| m(o.clone(), s.clone(), sub.clone());
    let cases: Vec<(Mutation, Vec<&Resource>)> = vec![
        (
            Mutation::AddService {
                org: o.clone(),
                input: Default::default(),
            },
            vec![&estore, &added],
        ),
        (
            Mutation::UpdateService {
                org: o.clone(),
                service: s.clone(),
                input: Default::default(),
            },
            vec![&added],
        ),
        (
            Mutation::PatchServiceProperties {
                org: o.clone(),
                service: s.clone(),
                properties: vec![],
            },
            vec![&added],
        ),
        (
            Mutation::RemoveService {
                org: o.clone(),
                service: s.clone(),
            },
            vec![&estore, &added, &subs, &sub_users],
        ),
        (
            Mutation::CreateSubscription {
                org: o.clone(),
                service: s.clone(),
                input: Default::default(),
            },
            vec![&subs],
        ),
        (
            on_sub(|org, service, subscription| Mutation::UpdateSubscription {
                org,
                service,
                subscription,
                input: Default::default(),
            }),
            vec![&subs],
        ),
        (
            on_sub(|org, service, subscription| Mutation::CancelSubscription {
                org,
                service,
                subscription,
            }),
            vec![&subs],
        ),
        (
            on_sub(|org, service, subscription| Mutation::AssignUser {
                org,
                service,
                subscription,
                input: Default::default(),
            }),
            vec![&sub_users],
        ),
        (
            on_sub(|org, service, subscription| Mutation::UnassignUser {
                org,
                service,
                subscription,
                user: "u".into(),
            }),
            vec![&sub_users],
        ),
        (
            on_sub(|org, service, subscription| Mutation::SetExternalUserId {
                org,
                service,
                subscription,
                input: Default::default(),
            }),
            vec![&sub_users],
        ),
        (
            Mutation::UpdateUser {
                org: o.clone(),
                user: "u".into(),
                input: Default::default(),
            },
            vec![&users, &user, &sub_users],
        ),
    ];
    let everything = [&estore, &added, &subs, &sub_users, &users, &user];
    for (mutation, touched) in cases {
        for key in everything {
            assert_eq!(
                mutation.invalidates(key),
                touched.contains(&key),
                "{} and {key:?}",
                mutation.describe()
            );
        }
    }
}
