//! Tests of undo: the inverse of each write, and which runs are offered.

use super::*;

fn run(action: &str, items: Vec<BulkItem>, ok: bool) -> RunRecord {
    let state = if ok {
        ItemState::Finished(Outcome::Ok {
            created: None,
            verified: false,
        })
    } else {
        ItemState::Pending
    };
    RunRecord {
        run: action.into(),
        at: String::new(),
        profile: "p".into(),
        server: Some(here()),
        action: action.into(),
        states: vec![state; items.len()],
        items: items.into(),
    }
}

fn here() -> Server {
    Server {
        api_url: "https://api.test".into(),
        account: "r".into(),
        provider: "cloudmore".into(),
    }
}

fn assign(user: &str) -> BulkItem {
    BulkItem {
        target: user.into(),
        before: "not assigned".into(),
        after: "assigned".into(),
        mutation: Mutation::AssignUser {
            org: "o".into(),
            service: "s".into(),
            subscription: "sub".into(),
            input: SubscriptionUserSet {
                user_id: user.into(),
                external_user_id: String::new(),
            },
        },
        undo: None,
    }
}

#[test]
fn the_last_change_is_reverted_and_what_has_no_inverse_says_so() {
    let delete = BulkItem {
        target: "x".into(),
        before: String::new(),
        after: String::new(),
        mutation: Mutation::DeleteUser {
            org: "o".into(),
            user: "x".into(),
        },
        undo: None,
    };
    let runs = vec![
        run("assign", vec![assign("a"), assign("b")], true),
        run("never ran", vec![assign("c")], false),
    ];
    let plan = undo_plan(&runs, "p", &here()).unwrap();
    assert_eq!(plan.items.len(), 2);
    assert!(matches!(
        &plan.items[0].mutation,
        Mutation::UnassignUser { user, .. } if user == "a"
    ));
    assert_eq!(plan.items[0].after, "not assigned");
    let runs = vec![run("delete", vec![delete], true)];
    let error = undo_plan(&runs, "p", &here()).unwrap_err();
    assert!(error.contains("cannot be undone"), "{error}");
    assert!(undo_plan(&runs, "other", &here()).is_err());
}

#[test]
fn setting_organizations_inactive_is_undone_by_setting_them_active_again() {
    let org = |id: &str, active| crate::domain::OrganizationSummary {
        id: id.into(),
        name: format!("Org {id}").into(),
        is_active: active,
        ..Default::default()
    };
    let plan = BulkPlan::set_active(&[org("1", true), org("2", false)], false);
    let runs = vec![run("set inactive", plan.items, true)];
    let undo = undo_plan(&runs, "p", &here()).unwrap();
    assert_eq!(undo.items.len(), 1);
    assert_eq!(
        undo.items[0].mutation,
        Mutation::SetOrganizationActive {
            org: "1".into(),
            name: "Org 1".into(),
            active: true,
        }
    );
    assert_eq!(
        (undo.items[0].before.as_str(), undo.items[0].after.as_str()),
        ("inactive", "active")
    );
}

#[test]
fn only_changes_made_against_this_server_are_offered() {
    let mut elsewhere = run("assign", vec![assign("a")], true);
    elsewhere.server = Some(Server {
        api_url: "http://127.0.0.1:4444".into(),
        ..here()
    });
    let mut unknown = run("assign", vec![assign("b")], true);
    unknown.server = None;
    let error = undo_plan(&[unknown, elsewhere], "p", &here()).unwrap_err();
    assert!(error.starts_with("nothing to undo here"), "{error}");
    assert!(error.contains("1 change(s) of this profile were made against another server"));
    assert!(error.contains("server is unknown"), "{error}");
    let other_reseller = Server {
        account: "r2".into(),
        ..here()
    };
    let runs = [run("assign", vec![assign("c")], true)];
    assert!(undo_plan(&runs, "p", &other_reseller).is_err());
}

#[test]
fn an_update_is_undone_by_putting_back_the_record_as_it_was() {
    use crate::domain::{User, UserInput};
    use std::sync::Arc;
    let before = User {
        id: "u1".into(),
        username: "ann@acme.se".into(),
        first_name: "Ann".into(),
        role_id: Some(2),
        role_name: "Organization User".into(),
        ..Default::default()
    };
    let users: SharedData = Arc::new(ResourceData::Users(vec![before.clone()]));
    let lookup = |resource: &Resource| {
        matches!(resource, Resource::Users { org } if org == "o").then(|| users.clone())
    };
    let edit = Mutation::UpdateUser {
        org: "o".into(),
        user: "u1".into(),
        input: Box::new(UserInput {
            role_id: Some(1),
            ..user_input(&before)
        }),
    };
    let Some(Mutation::UpdateUser { input, user, .. }) = inverse_from_before(&edit, &lookup) else {
        panic!("an inverse");
    };
    assert_eq!((user.as_str(), input.role_id), ("u1", Some(2)));
    assert_eq!(input.first_name, "Ann");

    let elsewhere = Mutation::UpdateUser {
        org: "other".into(),
        user: "u1".into(),
        input: Box::new(UserInput::default()),
    };
    assert_eq!(
        inverse_from_before(&elsewhere, &lookup),
        None,
        "record not at hand"
    );
    let delete = Mutation::DeleteUser {
        org: "o".into(),
        user: "u1".into(),
    };
    assert_eq!(inverse_from_before(&delete, &lookup), None, "no update");
}

#[test]
fn an_unassignment_is_undone_with_the_external_id_it_had() {
    use crate::domain::SubscriptionUser;
    use std::sync::Arc;
    let assigned: SharedData = Arc::new(ResourceData::SubscriptionUsers(vec![SubscriptionUser {
        user_id: "u1".into(),
        external_user_id: "aad-1".into(),
        ..Default::default()
    }]));
    let lookup = |_: &Resource| Some(assigned.clone());
    let unassign = Mutation::UnassignUser {
        org: "o".into(),
        service: "s".into(),
        subscription: "x".into(),
        user: "u1".into(),
    };
    let Some(Mutation::AssignUser { input, .. }) = inverse_from_before(&unassign, &lookup) else {
        panic!("an assignment");
    };
    assert_eq!(input.external_user_id, "aad-1");
}

fn org(id: &str, parent: Option<&str>, active: bool) -> OrgNode {
    OrgNode {
        id: id.into(),
        name: format!("Org {id}"),
        parent: parent.map(str::to_string),
        active,
        version: Some("3".into()),
        ..OrgNode::default()
    }
}

fn node(change: NodeChange) -> Mutation {
    Mutation::Node(change)
}

#[test]
fn a_hierarchy_status_is_set_back_and_a_move_goes_back_to_the_parent_it_had() {
    let set = super::super::plan::BulkPlan::set_nodes_active(
        &[org("1", Some("p"), true), org("2", Some("p"), false)],
        false,
    );
    let moved = super::super::plan::node_item(
        &org("3", Some("p"), true),
        NodeChange::Move {
            id: "3".into(),
            name: "Org 3".into(),
            parent: "q".into(),
            version: Some("3".into()),
        },
    );
    assert_eq!(
        (moved.before.as_str(), moved.after.as_str()),
        ("below p", "below q")
    );
    let mut items = set.items;
    items.push(moved);
    let undo = undo_plan(&[run("bulk", items, true)], "p", &here()).unwrap();
    assert_eq!(
        undo.items[0].mutation,
        node(NodeChange::SetActive {
            id: "1".into(),
            name: "Org 1".into(),
            active: true,
        })
    );
    assert_eq!(
        undo.items[1].mutation,
        node(NodeChange::Move {
            id: "3".into(),
            name: "Org 3".into(),
            parent: "p".into(),
            version: None,
        }),
        "back to the old parent, made from the newest version"
    );
    assert_eq!(
        undo.items[1].undo.as_deref(),
        Some(&node(NodeChange::Move {
            id: "3".into(),
            name: "Org 3".into(),
            parent: "q".into(),
            version: None,
        })),
        "undoing the undo is made from the newest version too"
    );
    assert_eq!(undo.items[1].after, "below p");
}

#[test]
fn a_hierarchy_edit_goes_back_to_the_name_and_status_it_had() {
    let before = org("1", Some("p"), true);
    let edit = NodeChange::Update {
        kind: crate::domain::hierarchy::NodeKind::Organization,
        profile: None,
        id: "1".into(),
        name: "Renamed".into(),
        active: false,
        version: Some("3".into()),
    };
    let old = NodeChange::Update {
        kind: crate::domain::hierarchy::NodeKind::Organization,
        profile: None,
        id: "1".into(),
        name: "Org 1".into(),
        active: true,
        version: None,
    };
    let item = super::super::plan::node_item(&before, edit.clone());
    assert_eq!(item.before, "Org 1, active");
    assert_eq!(item.after, "Renamed, inactive");
    assert_eq!(inverse(&item), Some(node(old.clone())));

    // A single edit: the record as the screen's loaded hierarchy still has it.
    let loaded: SharedData = std::sync::Arc::new(ResourceData::Hierarchy(vec![
        org("0", None, true),
        before.clone(),
    ]));
    let lookup = |r: &Resource| matches!(r, Resource::Hierarchy).then(|| loaded.clone());
    assert_eq!(inverse_from_before(&node(edit), &lookup), Some(node(old)));
    let move_root = NodeChange::Move {
        id: "0".into(),
        name: "Org 0".into(),
        parent: "1".into(),
        version: None,
    };
    assert_eq!(
        inverse_from_before(&node(move_root), &lookup),
        None,
        "a root had no parent to go back to"
    );
    let unknown = NodeChange::SetActive {
        id: "9".into(),
        name: "Org 9".into(),
        active: false,
    };
    assert_eq!(inverse_from_before(&node(unknown), &lookup), None);
}

#[test]
fn an_edit_of_a_profile_goes_back_to_the_profile_it_had_and_a_project_s_create_deletes_a_project() {
    use crate::domain::hierarchy::NodeKind;
    use crate::domain::profile::NodeProfile;
    let profile = |description: &str| {
        Some(Box::new(NodeProfile {
            description: description.into(),
            ..NodeProfile::default()
        }))
    };
    let before = OrgNode {
        profile: profile("Old"),
        ..org("1", None, true)
    };
    let edit = NodeChange::Update {
        kind: NodeKind::Organization,
        profile: profile("New"),
        id: "1".into(),
        name: "Org 1".into(),
        active: true,
        version: None,
    };
    let Some(NodeChange::Update { profile: back, .. }) = node_inverse(&before, &edit) else {
        panic!("an edit back");
    };
    assert_eq!(back, profile("Old"));
    // A node with no profile had an empty one: the undo empties what the edit set.
    let bare = org("1", None, true);
    let Some(NodeChange::Update { profile: back, .. }) = node_inverse(&bare, &edit) else {
        panic!("an edit back");
    };
    assert_eq!(back, Some(Box::default()));

    let create = NodeChange::Create {
        kind: NodeKind::Project,
        profile: None,
        parent: Some("1".into()),
        name: "CI".into(),
        active: true,
    };
    let mut made = run(
        "create",
        vec![super::super::plan::node_item(&before, create)],
        true,
    );
    made.states[0] = ItemState::Finished(Outcome::Ok {
        created: Some("p9".into()),
        verified: false,
    });
    let undo = undo_plan(&[made], "p", &here()).unwrap();
    assert_eq!(
        undo.items[0].mutation,
        node(NodeChange::Delete {
            id: "p9".into(),
            kind: NodeKind::Project,
            name: "CI".into(),
        })
    );
}

#[test]
fn a_hierarchy_create_is_undone_by_deleting_what_it_made_and_a_delete_says_why_not() {
    let parent = org("p", None, true);
    let create = super::super::plan::node_item(
        &parent,
        NodeChange::Create {
            kind: crate::domain::hierarchy::NodeKind::Organization,
            profile: None,
            parent: Some("p".into()),
            name: "Depot".into(),
            active: true,
        },
    );
    assert_eq!(create.target, "Depot");
    assert_eq!(create.undo, None, "the id is not known before it is made");
    let mut made = run("create", vec![create.clone()], true);
    made.states[0] = ItemState::Finished(Outcome::Ok {
        created: Some("new-1".into()),
        verified: false,
    });
    let undo = undo_plan(&[made], "p", &here()).unwrap();
    assert_eq!(
        undo.items[0].mutation,
        node(NodeChange::Delete {
            kind: crate::domain::hierarchy::NodeKind::Organization,
            id: "new-1".into(),
            name: "Depot".into(),
        })
    );

    let no_id = run("create", vec![create], true);
    let error = undo_plan(&[no_id], "p", &here()).unwrap_err();
    assert!(
        error.contains("id of the organization it made is not known"),
        "{error}"
    );

    let delete = super::super::plan::node_item(
        &parent,
        NodeChange::Delete {
            kind: crate::domain::hierarchy::NodeKind::Organization,
            id: "p".into(),
            name: "Org p".into(),
        },
    );
    let error = undo_plan(&[run("delete", vec![delete], true)], "p", &here()).unwrap_err();
    assert!(
        error.starts_with("the last change (delete) cannot be undone"),
        "{error}"
    );
    assert!(error.contains("cannot be brought back"), "{error}");
}

#[test]
fn a_retry_or_an_undo_is_made_from_the_newest_version() {
    use super::super::plan::without_version;
    let stale = node(NodeChange::Move {
        id: "1".into(),
        name: "Org 1".into(),
        parent: "q".into(),
        version: Some("3".into()),
    });
    let Some(Mutation::Node(NodeChange::Move { version, .. })) = without_version(&stale) else {
        panic!("the move without its version");
    };
    assert_eq!(version, None);
    let status = node(NodeChange::SetActive {
        id: "1".into(),
        name: "Org 1".into(),
        active: true,
    });
    assert_eq!(without_version(&status), None, "carries none");
}

fn people_item(change: PeopleChange) -> BulkItem {
    BulkItem {
        target: change.target(),
        before: String::new(),
        after: change.describe().into(),
        mutation: Mutation::People(change),
        undo: None,
    }
}

#[test]
fn an_invite_is_undone_by_revoking_what_it_made_roles_go_back_and_a_removal_says_why_not() {
    let invite = people_item(PeopleChange::Invite {
        organization: "o".into(),
        email: "a@example.org".into(),
        roles: vec!["admin".into()],
        projects: vec![],
        place: "Acme".into(),
    });
    let mut made = run("invite", vec![invite.clone()], true);
    made.states[0] = ItemState::Finished(Outcome::Ok {
        created: Some("inv-1".into()),
        verified: false,
    });
    let undo = undo_plan(&[made], "p", &here()).unwrap();
    assert_eq!(
        (undo.items[0].before.as_str(), undo.items[0].after.as_str()),
        ("invite", "revoke invitation"),
        "the act is named where nothing was before"
    );
    assert_eq!(
        undo.items[0].mutation,
        Mutation::People(PeopleChange::Revoke {
            organization: "o".into(),
            invitation: "inv-1".into(),
            email: "a@example.org".into(),
            place: "Acme".into(),
        })
    );
    let error = undo_plan(&[run("invite", vec![invite], true)], "p", &here()).unwrap_err();
    assert!(error.contains("id of the invitation"), "{error}");

    let set = |roles: &[&str], before: &[&str]| PeopleChange::SetRoles {
        node: "p1".into(),
        kind: crate::domain::hierarchy::NodeKind::Project,
        member: "m1".into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        before: before.iter().map(|r| r.to_string()).collect(),
        person: "Ana".into(),
        place: "Edge".into(),
    };
    let roles = run(
        "roles",
        vec![people_item(set(&["billing"], &["admin"]))],
        true,
    );
    let undo = undo_plan(&[roles], "p", &here()).unwrap();
    assert_eq!(
        undo.items[0].mutation,
        Mutation::People(set(&["admin"], &["billing"]))
    );

    let remove = people_item(PeopleChange::Remove {
        node: "o".into(),
        kind: crate::domain::hierarchy::NodeKind::Organization,
        member: "m1".into(),
        person: "Ana".into(),
        place: "Acme".into(),
    });
    let error = undo_plan(&[run("remove", vec![remove], true)], "p", &here()).unwrap_err();
    assert!(error.contains("only invited again"), "{error}");
}

#[test]
fn a_group_create_is_undone_by_deleting_what_it_made_and_a_delete_says_why_not() {
    use crate::api::GroupChange;
    let create = GroupChange::Create {
        input: crate::domain::reseller::groups::OrganizationGroupInput {
            name: "Partners".into(),
            description: String::new(),
        },
    };
    let item = |change: GroupChange| BulkItem {
        target: change.target(),
        before: String::new(),
        after: change.describe().into(),
        mutation: Mutation::Group(change),
        undo: None,
    };
    let mut made = run("create", vec![item(create.clone())], true);
    made.states[0] = ItemState::Finished(Outcome::Ok {
        created: Some("g-1".into()),
        verified: false,
    });
    let undo = undo_plan(&[made], "p", &here()).unwrap();
    assert_eq!(
        undo.items[0].mutation,
        Mutation::Group(GroupChange::Delete {
            group: "g-1".into(),
            name: "Partners".into(),
        })
    );
    let error = undo_plan(&[run("create", vec![item(create)], true)], "p", &here()).unwrap_err();
    assert!(error.contains("id of the group"), "{error}");
    let delete = item(GroupChange::Delete {
        group: "g-1".into(),
        name: "Partners".into(),
    });
    let error = undo_plan(&[run("delete", vec![delete], true)], "p", &here()).unwrap_err();
    assert!(error.contains("cannot be brought back"), "{error}");
}
