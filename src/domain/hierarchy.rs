//! Organizations as a hierarchy, in no provider's terms: the nodes the console's hierarchy
//! screen shows (Pulse IoT Center's tenants and organizations; Equinix Metal's next), what a
//! provider can do ([`Capability`]) and the rules a move must keep before anything is sent.
//!
//! A provider maps its wire records onto [`OrgNode`]; the screen never sees the wire types.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::profile::NodeProfile;

/// What a node of a hierarchy is, as its provider declares it: the screen offers per-kind
/// commands from it (what can be made below a node is [`Capabilities::child_kind`]), never from
/// the provider's name. Pulse's tenants and organizations are all organizations; Metal's
/// organizations hold projects. Ordered, because the reads of a node's people are keyed by
/// the node and its kind (the kind says which call the provider makes).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub enum NodeKind {
    #[default]
    Organization,
    Project,
}

impl NodeKind {
    /// The word the console uses for one of them.
    pub fn word(self) -> &'static str {
        match self {
            NodeKind::Organization => "organization",
            NodeKind::Project => "project",
        }
    }
}

/// What can be made below what: organizations below organizations, to any depth the
/// provider allows (Pulse's shape).
pub const NESTED_ORGANIZATIONS: &[(NodeKind, NodeKind)] =
    &[(NodeKind::Organization, NodeKind::Organization)];

/// A field of a detail pane beyond the fixed ones, in display order: a label and its value.
/// The label is a provider's own word, static where it is fetched and owned where the disk
/// cache reads it back, so nodes and people round-trip through their stored form.
pub type DetailField = (Cow<'static, str>, String);

/// Detail fields from a provider's static labels.
pub fn detail_fields(fields: impl IntoIterator<Item = (&'static str, String)>) -> Vec<DetailField> {
    fields
        .into_iter()
        .map(|(label, value)| (Cow::Borrowed(label), value))
        .collect()
}

/// One organization of a provider's hierarchy. Its serde form is what the disk cache keeps.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrgNode {
    pub id: String,
    pub name: String,
    /// What it is (an organization unless the provider says otherwise).
    pub kind: NodeKind,
    /// `None` for a root (a Pulse root tenant).
    pub parent: Option<String>,
    /// The provider's word for the status, as sent (`ACTIVE`, `INACTIVE`, or one we do not
    /// know, shown as it is).
    pub status: String,
    pub active: bool,
    /// Epoch milliseconds.
    pub created: Option<i64>,
    pub updated: Option<i64>,
    /// The opaque concurrency token a change is made from (Pulse's `updateVersion`); `None`
    /// when the provider has none.
    pub version: Option<String>,
    /// Fields of the detail pane beyond the ones above, in display order (a record read by
    /// id carries more than a list row; list rows leave this empty to stay small).
    pub extra: Vec<DetailField>,
    /// Its description, links and addresses, where the provider keeps them
    /// ([`Capability::OrganizationProfile`]); `None` when it has none (all empty), so a node
    /// without one stays small.
    pub profile: Option<Box<NodeProfile>>,
}

/// What a provider can do; the command registry shows only the commands whose capability the
/// signed-in provider has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Capability {
    /// A reseller with its organizations below it, each with services (Cloudmore's tree).
    ResellerTree,
    /// An E-store catalog, organization services and subscriptions.
    ServiceCatalog,
    /// Users of an organization, with roles.
    OrganizationUsers,
    /// Administrators of the reseller, with roles.
    Administrators,
    /// Organizations as a hierarchy of any depth, to browse ([`OrgNode`]).
    Hierarchy,
    /// Its organizations can be made (below another where they nest, of the kind
    /// [`Capabilities::child_kind`] says), edited and deleted from its root screen.
    EditHierarchy,
    /// Its organizations have a status, active or inactive, that is set with them and on its
    /// own (Pulse's status, Cloudmore's active flag; Metal's have none).
    NodeStatus,
    /// New roots (organizations with no parent) can be made (Metal; Pulse's root tenants are
    /// not made from an organization API).
    CreateRoots,
    /// Its organizations carry a [`NodeProfile`] (description, links, addresses), made and
    /// edited with them.
    OrganizationProfile,
    /// An organization can be moved to another parent.
    MoveOrganizations,
    /// The members of a node of the hierarchy, of any kind, can be read, with their roles
    /// there ([`super::people::Member`]).
    Members,
    /// The pending invitations of an organization (a node of kind
    /// [`NodeKind::Organization`]) can be read ([`super::people::Invitation`]); each names
    /// the nodes below it that it also gives.
    Invitations,
    /// People can be invited into a node, members' roles changed, members removed and
    /// invitations revoked ([`crate::api::people_change::PeopleChange`]).
    EditMembers,
}

/// The capabilities of one provider, and the limits of its hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub has: &'static [Capability],
    /// How many levels an organization may sit below its root (Pulse: 4); `None`: no limit.
    pub max_depth: Option<usize>,
    /// A root (a Pulse root tenant) cannot be moved below another organization.
    pub roots_stay: bool,
    /// Per kind of node, the kind a create below it makes; a kind not listed has nothing
    /// made below it (a Metal project).
    pub child_kinds: &'static [(NodeKind, NodeKind)],
}

impl Capabilities {
    pub fn has(&self, capability: Capability) -> bool {
        self.has.contains(&capability)
    }

    /// The kind a create below a node of `kind` makes, if anything can be made below it.
    pub fn child_kind(&self, kind: NodeKind) -> Option<NodeKind> {
        self.child_kinds
            .iter()
            .find(|(parent, _)| *parent == kind)
            .map(|(_, child)| *child)
    }
}

/// A reseller's console (Cloudmore's shape): the reseller with its organizations, each with
/// services, subscriptions and users, and the reseller's administrators. Also what a console
/// made without naming a provider (tests) has.
pub const RESELLER_CONSOLE: Capabilities = Capabilities {
    has: &[
        Capability::ResellerTree,
        Capability::EditHierarchy,
        Capability::NodeStatus,
        Capability::ServiceCatalog,
        Capability::OrganizationUsers,
        Capability::Administrators,
    ],
    max_depth: None,
    roots_stay: false,
    child_kinds: NESTED_ORGANIZATIONS,
};

/// Why a move is refused before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefused {
    /// The new parent is the organization itself or one of its descendants.
    Cycle,
    /// The organization's subtree would reach below the deepest level allowed.
    TooDeep { deepest: usize, max: usize },
    /// The new parent is the parent it has.
    SameParent,
    /// The new parent is not (or no longer) known.
    UnknownParent,
}

impl std::fmt::Display for MoveRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MoveRefused::Cycle => write!(f, "cannot move an organization below itself"),
            MoveRefused::TooDeep { deepest, max } => write!(
                f,
                "too deep: part of it would sit {deepest} levels below its root (at most {max})"
            ),
            MoveRefused::SameParent => write!(f, "it is already there"),
            MoveRefused::UnknownParent => write!(f, "that parent is not known (reload with r)"),
        }
    }
}

/// What the move rules need to know of one move; whoever holds the hierarchy finds these
/// however is cheapest for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoveFacts {
    /// The new parent is the organization itself or below it.
    pub below_itself: bool,
    /// The new parent is the one it has.
    pub same_parent: bool,
    /// Levels the new parent sits below its root.
    pub parent_depth: usize,
    /// Levels of the organization's own subtree below it (a leaf: 0).
    pub height: usize,
}

impl MoveFacts {
    /// Whether the move is allowed within `max_depth` levels below the root.
    pub fn check(self, max_depth: Option<usize>) -> Result<(), MoveRefused> {
        if self.below_itself {
            return Err(MoveRefused::Cycle);
        }
        if self.same_parent {
            return Err(MoveRefused::SameParent);
        }
        let deepest = self.parent_depth + 1 + self.height;
        match max_depth {
            Some(max) if deepest > max => Err(MoveRefused::TooDeep { deepest, max }),
            _ => Ok(()),
        }
    }
}

/// The parent links of a loaded hierarchy, to answer depth and descendant questions without
/// a request. Built once per load (O(n)); each question walks one path (O(depth)) or one
/// subtree.
#[derive(Debug, Default)]
pub struct ParentLinks<'a> {
    parent_of: HashMap<&'a str, Option<&'a str>>,
    children_of: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> ParentLinks<'a> {
    pub fn new(nodes: impl IntoIterator<Item = &'a OrgNode>) -> ParentLinks<'a> {
        let mut links = ParentLinks::default();
        for node in nodes {
            let parent = node.parent.as_deref();
            links.parent_of.insert(&node.id, parent);
            if let Some(parent) = parent {
                links.children_of.entry(parent).or_default().push(&node.id);
            }
        }
        links
    }

    /// Levels below its root (a root is 0). A parent chain that loops or leaves the loaded
    /// nodes ends the count there.
    pub fn depth(&self, id: &str) -> usize {
        let mut depth = 0;
        let mut at = id;
        while let Some(Some(parent)) = self.parent_of.get(at) {
            depth += 1;
            at = parent;
            if depth > self.parent_of.len() {
                break;
            }
        }
        depth
    }

    /// Whether `id` is `ancestor` or below it.
    pub fn is_within(&self, id: &str, ancestor: &str) -> bool {
        let mut at = Some(id);
        let mut steps = 0;
        while let Some(node) = at {
            if node == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.parent_of.len() {
                return false;
            }
            at = self.parent_of.get(node).copied().flatten();
        }
        false
    }

    /// How many levels the subtree of `id` has below it (a leaf: 0).
    pub fn height(&self, id: &str) -> usize {
        let mut height = 0;
        let mut level = vec![id];
        // Bounded by the number of nodes, so a damaged hierarchy cannot loop.
        for _ in 0..=self.parent_of.len() {
            let next: Vec<&str> = level
                .iter()
                .flat_map(|node| self.children_of.get(node).into_iter().flatten().copied())
                .collect();
            if next.is_empty() {
                break;
            }
            height += 1;
            level = next;
        }
        height
    }

    /// Whether `id` may be moved below `parent` within `max_depth` levels.
    pub fn check_move(
        &self,
        id: &str,
        parent: &str,
        max_depth: Option<usize>,
    ) -> Result<(), MoveRefused> {
        if !self.parent_of.contains_key(parent) {
            return Err(MoveRefused::UnknownParent);
        }
        let below_itself = self.is_within(parent, id);
        MoveFacts {
            below_itself,
            same_parent: self.parent_of.get(id).copied().flatten() == Some(parent),
            parent_depth: self.depth(parent),
            // Not needed (and not cheap) once the move is refused for a cycle.
            height: if below_itself { 0 } else { self.height(id) },
        }
        .check(max_depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, parent: Option<&str>) -> OrgNode {
        OrgNode {
            id: id.into(),
            name: id.to_uppercase(),
            parent: parent.map(str::to_string),
            ..OrgNode::default()
        }
    }

    /// root ─ a ─ b ─ c, and root ─ d; a second root r2.
    fn sample() -> Vec<OrgNode> {
        vec![
            node("root", None),
            node("a", Some("root")),
            node("b", Some("a")),
            node("c", Some("b")),
            node("d", Some("root")),
            node("r2", None),
        ]
    }

    #[test]
    fn depth_and_height_follow_the_parent_links() {
        let nodes = sample();
        let links = ParentLinks::new(&nodes);
        assert_eq!(links.depth("root"), 0);
        assert_eq!(links.depth("c"), 3);
        assert_eq!(links.height("root"), 3);
        assert_eq!(links.height("b"), 1);
        assert_eq!(links.height("c"), 0);
        assert!(links.is_within("c", "a"));
        assert!(!links.is_within("d", "a"));
    }

    #[test]
    fn a_move_below_itself_or_too_deep_is_refused_before_it_is_sent() {
        let nodes = sample();
        let links = ParentLinks::new(&nodes);
        assert_eq!(links.check_move("a", "c", None), Err(MoveRefused::Cycle));
        assert_eq!(links.check_move("a", "a", None), Err(MoveRefused::Cycle));
        assert_eq!(
            links.check_move("b", "a", None),
            Err(MoveRefused::SameParent)
        );
        assert_eq!(
            links.check_move("b", "zz", None),
            Err(MoveRefused::UnknownParent)
        );
        // a (height 2) below d (depth 1): c would sit at 1 + 1 + 2 = 4.
        assert_eq!(links.check_move("a", "d", Some(4)), Ok(()));
        assert_eq!(
            links.check_move("a", "d", Some(3)),
            Err(MoveRefused::TooDeep { deepest: 4, max: 3 })
        );
        assert_eq!(links.check_move("d", "r2", Some(4)), Ok(()));
    }

    #[test]
    fn a_parent_chain_that_loops_does_not_hang() {
        let nodes = vec![node("x", Some("y")), node("y", Some("x"))];
        let links = ParentLinks::new(&nodes);
        assert!(links.depth("x") <= 3);
        assert!(links.height("x") <= 3);
        assert!(!links.is_within("x", "zz"));
    }
}
