//! Bulk plans over the marked members of the people screen: remove them, or give them one
//! role (`c` in the preview picks which). An organization keeps an owner or admin: when the
//! plan would leave it none, the managers among the targets are set aside with the reason,
//! so the rest still runs.

use crate::api::{Mutation, PeopleChange};
use crate::app::store::Store;
use crate::bulk::plan::{BulkItem, BulkPlan, InvalidItem};
use crate::domain::hierarchy::NodeKind;
use crate::domain::people::Member;
use crate::domain::people_rules::{DEFAULT_INVITATION_ROLE, manages, roles_for};

use super::people_screen::People;

/// The removal of `member` from the screen's node.
pub fn removal(screen: &People, member: &Member) -> PeopleChange {
    PeopleChange::Remove {
        node: screen.node.id.clone(),
        kind: screen.node.kind,
        member: member.id.clone(),
        person: member.person.label().to_string(),
        place: screen.node.name.clone(),
    }
}

fn set_aside(plan: &mut BulkPlan, member: &Member, reason: &str) {
    plan.invalid.push(InvalidItem {
        target: member.person.label().to_string(),
        reason: reason.to_string(),
    });
}

/// Whether making `losing` lose their managing roles leaves the organization none.
fn leaves_none(screen: &People, store: &Store, losing: &[&Member]) -> bool {
    screen.node.kind == NodeKind::Organization
        && !screen
            .all_members(store)
            .iter()
            .any(|m| manages(&m.roles) && !losing.iter().any(|l| l.id == m.id))
}

const LAST_MANAGER: &str = "an organization must keep at least one owner or admin";

/// Removes the marked members.
pub fn remove(screen: &People, store: &Store) -> BulkPlan {
    let targets = screen.target_members(store);
    let mut plan = BulkPlan {
        action: format!("remove from {}", screen.node.name),
        ..BulkPlan::default()
    };
    let keep_managers = leaves_none(screen, store, &targets);
    for member in targets {
        if keep_managers && manages(&member.roles) {
            set_aside(&mut plan, member, LAST_MANAGER);
            continue;
        }
        plan.items.push(BulkItem {
            target: member.person.label().to_string(),
            before: member.roles_text(),
            after: "removed".into(),
            mutation: Mutation::People(removal(screen, member)),
            undo: None,
        });
    }
    plan
}

/// One plan per role the node's members may hold: the marked members given only that role.
/// The one shown first is the role an invitation gives by default, not the most powerful.
pub fn role_options(screen: &People, store: &Store) -> Vec<(String, BulkPlan)> {
    let targets = screen.target_members(store);
    let all = roles_for(screen.node.kind);
    let rest = all.iter().filter(|r| **r != DEFAULT_INVITATION_ROLE);
    std::iter::once(&DEFAULT_INVITATION_ROLE)
        .chain(rest)
        .map(|role| (role.to_string(), give_role(screen, store, &targets, role)))
        .collect()
}

fn give_role(screen: &People, store: &Store, targets: &[&Member], role: &str) -> BulkPlan {
    let roles = vec![role.to_string()];
    let mut plan = BulkPlan {
        action: format!("set roles to {role} in {}", screen.node.name),
        ..BulkPlan::default()
    };
    let keep_managers = !manages(&roles) && leaves_none(screen, store, targets);
    for member in targets {
        if member.roles == roles {
            set_aside(&mut plan, member, &format!("already {role}"));
            continue;
        }
        if keep_managers && manages(&member.roles) {
            set_aside(&mut plan, member, LAST_MANAGER);
            continue;
        }
        plan.items.push(BulkItem {
            target: member.person.label().to_string(),
            before: member.roles_text(),
            after: role.to_string(),
            mutation: Mutation::People(PeopleChange::SetRoles {
                node: screen.node.id.clone(),
                kind: screen.node.kind,
                member: member.id.clone(),
                roles: roles.clone(),
                before: member.roles.clone(),
                person: member.person.label().to_string(),
                place: screen.node.name.clone(),
            }),
            undo: None,
        });
    }
    plan
}
