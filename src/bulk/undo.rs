//! Undo: the writes that revert the last edit this console made, read from the journal. A
//! role change goes back to the role before (kept with the item when the plan was made), an
//! assignment and an unassignment revert each other, an added service is removed; anything
//! else has no inverse and is said so. The undo is itself a plan, previewed and journaled.
//!
//! In a provider's hierarchy ([`NodeChange`]): a status is set back, a move goes back to the
//! parent before and an edit to the name and status before (both kept with the item when it
//! was planned, [`node_inverse`]), a create is undone by deleting what it made (its id is in
//! the journal's answer). A delete cannot be undone. Inverses carry no version: they are made
//! from the server's newest, whatever happened since.
//!
//! Only changes of the same profile made against the same server (API URL and reseller) are
//! offered: a profile can be pointed elsewhere, and every `demo` runs a stand-in of its own.
//! Runs journaled before servers were recorded belong to an unknown server and are not offered.

use crate::api::{Mutation, NodeChange, PeopleChange, Resource, ResourceData, SharedData};
use crate::domain::hierarchy::OrgNode;
use crate::domain::{AdministratorInput, OrganizationInput, SubscriptionUserSet};

use super::journal::{ItemState, Outcome, RunRecord, Server};
use super::plan::{BulkItem, BulkPlan, InvalidItem, user_input, without_version};

/// The write that reverts `item`, if there is one.
pub fn inverse(item: &BulkItem) -> Option<Mutation> {
    if let Some(undo) = &item.undo {
        return Some((**undo).clone());
    }
    use Mutation as M;
    match &item.mutation {
        M::AssignUser {
            org,
            service,
            subscription,
            input,
        } => Some(M::UnassignUser {
            org: org.clone(),
            service: service.clone(),
            subscription: subscription.clone(),
            user: input.user_id.clone(),
        }),
        M::UnassignUser {
            org,
            service,
            subscription,
            user,
        } => Some(M::AssignUser {
            org: org.clone(),
            service: service.clone(),
            subscription: subscription.clone(),
            input: SubscriptionUserSet {
                user_id: user.clone(),
                external_user_id: String::new(),
            },
        }),
        M::AddService { org, input } => Some(M::RemoveService {
            org: org.clone(),
            service: input.service_id.clone(),
        }),
        M::SetOrganizationActive { org, name, active } => Some(M::SetOrganizationActive {
            org: org.clone(),
            name: name.clone(),
            active: !active,
        }),
        M::People(change) => change.inverse().map(M::People),
        M::Group(change) => change.inverse().map(M::Group),
        M::Node(NodeChange::SetActive { id, name, active }) => {
            Some(M::Node(NodeChange::SetActive {
                id: id.clone(),
                name: name.clone(),
                active: !active,
            }))
        }
        _ => None,
    }
}

/// The change that puts an organization back as `before` shows it, after `change`: an edit
/// back to the name and status it had (and the profile, when the edit set one), a move back to the parent it had, its status back. No
/// version: the undo is made from the server's newest. None for a create (nothing was there),
/// a delete, and a move of a root (there is no parent to go back to).
pub fn node_inverse(before: &OrgNode, change: &NodeChange) -> Option<NodeChange> {
    let id = before.id.clone();
    match change {
        NodeChange::Update { kind, profile, .. } => Some(NodeChange::Update {
            id,
            kind: *kind,
            name: before.name.clone(),
            active: before.active,
            version: None,
            // The profile it had (none: an empty one), when the edit set one.
            profile: profile
                .as_ref()
                .map(|_| before.profile.clone().unwrap_or_default()),
        }),
        NodeChange::Move { .. } => Some(NodeChange::Move {
            id,
            name: before.name.clone(),
            parent: before.parent.clone()?,
            version: None,
        }),
        NodeChange::SetActive { .. } => Some(NodeChange::SetActive {
            id,
            name: before.name.clone(),
            active: before.active,
        }),
        NodeChange::Create { .. } | NodeChange::Delete { .. } => None,
    }
}

/// The inverse of an item that succeeded with `outcome`, or why it has none. Beyond
/// [`inverse`], a hierarchy create is undone by deleting the organization it made.
fn inverse_done(item: &BulkItem, outcome: &Outcome) -> Result<Mutation, String> {
    if let Some(mutation) = inverse(item) {
        return Ok(mutation);
    }
    let what = item.mutation.describe();
    Err(match (&item.mutation, outcome) {
        (
            Mutation::Node(NodeChange::Create { name, kind, .. }),
            Outcome::Ok {
                created: Some(id), ..
            },
        ) => {
            return Ok(Mutation::Node(NodeChange::Delete {
                id: id.clone(),
                kind: *kind,
                name: name.clone(),
            }));
        }
        (
            Mutation::People(change),
            Outcome::Ok {
                created: Some(id), ..
            },
        ) if change.revoke_of(id).is_some() => {
            return Ok(Mutation::People(change.revoke_of(id).expect("an invite")));
        }
        (Mutation::People(change), _) => people_has_none(change),
        (
            Mutation::Group(change),
            Outcome::Ok {
                created: Some(id), ..
            },
        ) if change.deletion_of(id).is_some() => {
            return Ok(Mutation::Group(change.deletion_of(id).expect("a create")));
        }
        (Mutation::Group(change), _) => {
            format!("{what} cannot be undone: {}", change.why_no_inverse())
        }
        (Mutation::Node(NodeChange::Create { .. }), _) => {
            format!("{what} cannot be undone: the id of the organization it made is not known")
        }
        (Mutation::Node(NodeChange::Delete { .. }), _) => format!(
            "{what} cannot be undone: a deleted organization cannot be brought back (one made again would be another, with a new id)"
        ),
        (Mutation::Node(NodeChange::Move { .. } | NodeChange::Update { .. }), _) => {
            format!("{what} cannot be undone: how it was before was not recorded")
        }
        _ => format!("{what} cannot be undone"),
    })
}

/// Why a people change has no inverse (see `PeopleChange::inverse`).
fn people_has_none(change: &PeopleChange) -> String {
    let what = change.describe();
    let why = match change {
        PeopleChange::Invite { .. } => "the id of the invitation it made is not known",
        PeopleChange::SetRoles { .. } => "the roles before were not recorded",
        PeopleChange::Remove { .. } => {
            "a member cannot be added back, only invited again (and they must accept)"
        }
        PeopleChange::Revoke { .. } => {
            "inviting again would mail the person a new invitation; do that yourself if you mean it"
        }
    };
    format!("{what} cannot be undone: {why}")
}

/// For an update (PUT), the write that puts the record back as it was; for an unassignment,
/// the assignment with the external user id it had; for a hierarchy change, [`node_inverse`]
/// of the organization as it was. Built from the data as `lookup` still has
/// it (the screens' data from before the edit). None when that data is not at hand or the
/// mutation is neither.
pub fn inverse_from_before(
    mutation: &Mutation,
    lookup: &dyn Fn(&Resource) -> Option<SharedData>,
) -> Option<Mutation> {
    use Mutation as M;
    use ResourceData as D;
    let find = |resources: [Resource; 2]| resources.iter().filter_map(lookup).collect::<Vec<_>>();
    match mutation {
        M::UpdateUser { org, user, .. } => {
            let sources = find([
                Resource::User {
                    org: org.clone(),
                    user: user.clone(),
                },
                Resource::Users { org: org.clone() },
            ]);
            let old = sources.iter().find_map(|data| match &**data {
                D::User(u) if &u.id == user => Some(u.clone()),
                D::Users(list) => list.iter().find(|u| &u.id == user).cloned(),
                _ => None,
            })?;
            Some(M::UpdateUser {
                org: org.clone(),
                user: user.clone(),
                input: Box::new(user_input(&old)),
            })
        }
        M::UpdateAdministrator { id, .. } => {
            let sources = find([
                Resource::Administrator { id: id.clone() },
                Resource::Administrators,
            ]);
            let old = sources.iter().find_map(|data| match &**data {
                D::Administrator(a) if &a.id == id => Some(a.clone()),
                D::Administrators(list) => list.iter().find(|a| &a.id == id).cloned(),
                _ => None,
            })?;
            Some(M::UpdateAdministrator {
                id: id.clone(),
                input: Box::new(AdministratorInput::from(&old)),
            })
        }
        M::UnassignUser {
            org,
            service,
            subscription,
            user,
        } => {
            let data = lookup(&Resource::SubscriptionUsers {
                org: org.clone(),
                service: service.clone(),
                subscription: subscription.clone(),
            })?;
            let D::SubscriptionUsers(assigned) = &*data else {
                return None;
            };
            let old = assigned.iter().find(|u| &u.user_id == user)?;
            Some(M::AssignUser {
                org: org.clone(),
                service: service.clone(),
                subscription: subscription.clone(),
                input: SubscriptionUserSet {
                    user_id: user.clone(),
                    external_user_id: old.external_user_id.clone(),
                },
            })
        }
        M::UpdateOrganization { org, .. } => {
            let data = lookup(&Resource::Organization { org: org.clone() })?;
            let D::Organization(old) = &*data else {
                return None;
            };
            Some(M::UpdateOrganization {
                org: org.clone(),
                input: Box::new(OrganizationInput::from(old)),
            })
        }
        M::Node(change) => {
            let id = change.id()?;
            let sources = find([Resource::Node { id: id.to_string() }, Resource::Hierarchy]);
            let old = sources.iter().find_map(|data| match &**data {
                D::Node(node) if node.id == id => Some(node),
                D::Hierarchy(nodes) => nodes.iter().find(|n| n.id == id),
                _ => None,
            })?;
            node_inverse(old, change).map(M::Node)
        }
        _ => None,
    }
}

fn done(state: &ItemState) -> bool {
    matches!(state, ItemState::Finished(Outcome::Ok { .. }))
}

/// The plan that reverts the newest run of `profile` against `server` that changed something:
/// its items that succeeded, each with its inverse; items without one are listed as left out.
/// An error says why nothing can be undone.
pub fn undo_plan(runs: &[RunRecord], profile: &str, server: &Server) -> Result<BulkPlan, String> {
    let changes = || {
        runs.iter()
            .rev()
            .filter(|r| r.profile == profile && r.states.iter().any(done))
    };
    let Some(last) = changes().find(|r| r.belongs_to(profile, server)) else {
        return Err(nothing_here(changes().map(|r| r.server.as_ref())));
    };
    let mut plan = BulkPlan {
        action: format!("undo: {}", last.action),
        items: Vec::new(),
        invalid: Vec::new(),
    };
    for (item, state) in last.items.iter().zip(&last.states) {
        let ItemState::Finished(outcome @ Outcome::Ok { .. }) = state else {
            continue;
        };
        match inverse_done(item, outcome) {
            Ok(mutation) => plan.items.push(BulkItem {
                target: item.target.clone(),
                before: item.after.clone(),
                // What a create or an invite undoes had no "before" to show: name the act
                // instead ("revoke invitation"), so the preview's After is not blank.
                after: if item.before.is_empty() {
                    mutation.describe().to_string()
                } else {
                    item.before.clone()
                },
                // Undoing the undo is made from the newest version too.
                undo: Some(Box::new(
                    without_version(&item.mutation).unwrap_or_else(|| item.mutation.clone()),
                )),
                mutation,
            }),
            Err(reason) => plan.invalid.push(InvalidItem {
                target: item.target.clone(),
                reason,
            }),
        }
    }
    if plan.items.is_empty() {
        // Why the first one has none (a run's items are mostly of one kind).
        let why = match plan.invalid.first() {
            Some(first) => first.reason.split_once(": ").map(|(_, why)| why),
            None => None,
        };
        return Err(format!(
            "the last change ({}) cannot be undone: {}",
            last.action,
            why.unwrap_or("there is no inverse for it")
        ));
    }
    Ok(plan)
}

/// Why nothing is offered, given the servers of this profile's changes in the journal.
fn nothing_here<'a>(servers: impl Iterator<Item = Option<&'a Server>>) -> String {
    let (mut unknown, mut elsewhere) = (0, 0);
    for server in servers {
        match server {
            None => unknown += 1,
            Some(_) => elsewhere += 1,
        }
    }
    let mut why = vec!["nothing to undo here".to_string()];
    if elsewhere > 0 {
        why.push(format!(
            "{elsewhere} change(s) of this profile were made against another server"
        ));
    }
    if unknown > 0 {
        why.push(format!(
            "{unknown} change(s) were journaled without their server (an older tenantdeck), so the server is unknown and they are not offered"
        ));
    }
    if why.len() == 1 {
        why.push("this profile has made no change on this server yet".into());
    }
    why.join(": ")
}

#[cfg(test)]
mod tests;
