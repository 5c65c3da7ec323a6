//! The hierarchy's bulk plans, built from the loaded organizations: set the status of the
//! marked ones (those already so are set aside), move them below a picked parent (those the
//! move rules refuse are listed with the reason, see [`ParentLinks::check_move`]) and delete
//! them (only leaves: an organization with children is listed as not possible). Each item is
//! a [`Mutation::Node`]; nothing is sent before the preview's `y`.

use crate::api::NodeChange;
use crate::bulk::plan::{BulkItem, BulkPlan, InvalidItem, node_item};
use crate::domain::hierarchy::{Capabilities, OrgNode, ParentLinks};

use super::index::NodeIndex;

fn word(active: bool) -> &'static str {
    if active { "ACTIVE" } else { "INACTIVE" }
}

/// The item with the screen's words for before and after (parents by name), and the undo
/// [`node_item`] records from the organization as it is now.
fn item(node: &OrgNode, before: String, after: String, change: NodeChange) -> BulkItem {
    BulkItem {
        before,
        after,
        ..node_item(node, change)
    }
}

fn left_out(node: &OrgNode, reason: impl Into<String>) -> InvalidItem {
    InvalidItem {
        target: node.name.clone(),
        reason: reason.into(),
    }
}

/// `x`: sets each organization ACTIVE or INACTIVE.
pub fn set_status(nodes: &[&OrgNode], active: bool) -> BulkPlan {
    let mut plan = BulkPlan {
        action: format!("set organizations {}", word(active).to_lowercase()),
        ..BulkPlan::default()
    };
    for node in nodes {
        if node.active == active {
            plan.invalid
                .push(left_out(node, format!("already {}", word(active))));
            continue;
        }
        let change = NodeChange::SetActive {
            id: node.id.clone(),
            name: node.name.clone(),
            active,
        };
        plan.items
            .push(item(node, node.status.clone(), word(active).into(), change));
    }
    plan
}

/// `M`: moves each organization below `parent`, as far as the move rules allow.
pub fn move_to(
    nodes: &[&OrgNode],
    parent: &OrgNode,
    index: &NodeIndex,
    capabilities: &Capabilities,
) -> BulkPlan {
    let links = ParentLinks::new(index.nodes());
    let mut plan = BulkPlan {
        action: format!("move organizations to {}", parent.name),
        ..BulkPlan::default()
    };
    let name_of = |id: Option<&String>| {
        id.and_then(|id| index.get(id))
            .map_or_else(|| "(root)".to_string(), |p| p.name.clone())
    };
    for node in nodes {
        if capabilities.roots_stay && node.parent.is_none() {
            plan.invalid.push(left_out(node, super::ROOT_STAYS));
            continue;
        }
        if let Err(why) = links.check_move(&node.id, &parent.id, capabilities.max_depth) {
            plan.invalid.push(left_out(node, why.to_string()));
            continue;
        }
        let change = NodeChange::Move {
            id: node.id.clone(),
            name: node.name.clone(),
            parent: parent.id.clone(),
            version: None,
        };
        plan.items.push(item(
            node,
            name_of(node.parent.as_ref()),
            parent.name.clone(),
            change,
        ));
    }
    plan
}

/// What is below the node `id` in words ("4 projects"), named by the kind of its first
/// child; `None` when nothing is.
pub fn below(index: &NodeIndex, id: &str) -> Option<String> {
    let children = index.children(index.find(id)?);
    let first = children.first()?;
    let word = index.node(*first).kind.word();
    Some(crate::ui::text::count(children.len(), word))
}

/// `d` on marks: deletes the organizations without children.
pub fn delete(nodes: &[&OrgNode], index: &NodeIndex) -> BulkPlan {
    let mut plan = BulkPlan {
        action: "delete organizations".into(),
        ..BulkPlan::default()
    };
    for node in nodes {
        if let Some(children) = below(index, &node.id) {
            let reason = format!("it has {children} below it: delete or move those first");
            plan.invalid.push(left_out(node, reason));
            continue;
        }
        let change = NodeChange::Delete {
            id: node.id.clone(),
            kind: node.kind,
            name: node.name.clone(),
        };
        plan.items
            .push(item(node, node.status.clone(), "deleted".into(), change));
    }
    plan
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::api::ResourceData;

    fn node(id: &str, parent: Option<&str>, active: bool) -> OrgNode {
        OrgNode {
            id: id.into(),
            name: id.to_uppercase(),
            parent: parent.map(str::to_string),
            status: word(active).into(),
            active,
            ..OrgNode::default()
        }
    }

    fn limits(max_depth: Option<usize>) -> Capabilities {
        Capabilities {
            has: &[],
            max_depth,
            roots_stay: true,
            child_kinds: crate::domain::hierarchy::NESTED_ORGANIZATIONS,
        }
    }

    fn index(nodes: Vec<OrgNode>) -> NodeIndex {
        NodeIndex::build(&[Arc::new(ResourceData::Hierarchy(nodes))])
    }

    #[test]
    fn every_item_carries_its_undo() {
        let nodes = vec![
            node("t", None, true),
            node("a", Some("t"), true),
            node("c", Some("t"), true),
        ];
        let index = index(nodes.clone());
        let moving = move_to(&[&nodes[1]], &nodes[2], &index, &limits(None));
        assert_eq!(
            moving.items[0].undo.as_deref(),
            Some(&crate::api::Mutation::Node(NodeChange::Move {
                id: "a".into(),
                name: "A".into(),
                parent: "t".into(),
                version: None,
            })),
            "a move goes back to the parent it had"
        );
        let status = set_status(&[&nodes[1]], false);
        assert!(
            status.items[0].undo.is_some()
                || crate::bulk::undo::inverse(&status.items[0]).is_some()
        );
    }

    #[test]
    fn plans_leave_out_what_cannot_be_done_with_the_reason() {
        let nodes = vec![
            node("t", None, true),
            node("a", Some("t"), true),
            node("b", Some("a"), false),
            node("c", Some("t"), true),
        ];
        let index = index(nodes.clone());
        let picked: Vec<&OrgNode> = nodes[1..].iter().collect();

        let status = set_status(&picked, false);
        assert_eq!(status.items.len(), 2);
        assert_eq!(status.invalid[0].reason, "already INACTIVE");

        let deleting = delete(&picked, &index);
        let targets: Vec<&str> = deleting.items.iter().map(|i| i.target.as_str()).collect();
        assert_eq!(targets, ["B", "C"]);
        assert_eq!(deleting.invalid[0].target, "A");
        assert!(
            deleting.invalid[0]
                .reason
                .contains("1 organization below it")
        );

        let moving = move_to(&picked, &nodes[3], &index, &limits(Some(2)));
        let moved: Vec<&str> = moving.items.iter().map(|i| i.target.as_str()).collect();
        assert_eq!(moved, ["B"]);
        let reasons: Vec<String> = moving.invalid.iter().map(|i| i.reason.clone()).collect();
        assert!(reasons[0].starts_with("too deep"), "{reasons:?}");
        assert_eq!(reasons[1], "cannot move an organization below itself");
    }
}
