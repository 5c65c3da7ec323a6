//! The people of the selected node, for the detail pane: its members and, for an
//! organization, its pending invitations. They are read when the node is selected (the
//! screen's `shown`), never for every node: 100,000 organizations cost a read only when one
//! is visited, and a revisit is the actor's cache.

use crate::api::{ApiError, Resource, ResourceData};
use crate::app::store::Store;
use crate::domain::hierarchy::{Capabilities, Capability, NodeKind, OrgNode};
use crate::domain::people::{Invitation, Member};

/// Where one list of a node's people stands.
#[derive(Debug)]
pub enum Listed<'a, T> {
    Ready(&'a [T]),
    Reading,
    Failed(&'a ApiError),
}

fn members_of(node: &OrgNode) -> Resource {
    Resource::Members {
        node: node.id.clone(),
        kind: node.kind,
    }
}

fn invitations_of(node: &OrgNode) -> Option<Resource> {
    // Invitations are an organization's (a Metal invitation names the projects it adds).
    (node.kind == NodeKind::Organization).then(|| Resource::Invitations {
        node: node.id.clone(),
        kind: node.kind,
    })
}

/// The reads of `node`'s people its provider offers.
pub fn resources(node: &OrgNode, capabilities: &Capabilities) -> Vec<Resource> {
    let members = capabilities
        .has(Capability::Members)
        .then(|| members_of(node));
    let invitations = capabilities
        .has(Capability::Invitations)
        .then(|| invitations_of(node))
        .flatten();
    members.into_iter().chain(invitations).collect()
}

fn listed<'a, T>(
    store: &'a Store,
    resource: &Resource,
    rows: fn(&ResourceData) -> Option<&[T]>,
) -> Listed<'a, T> {
    match store.data(resource) {
        Some(data) => rows(data).map_or(Listed::Reading, Listed::Ready),
        None => store
            .error(resource)
            .map_or(Listed::Reading, Listed::Failed),
    }
}

/// `node`'s members, `None` when its provider has none to read.
pub fn members<'a>(
    store: &'a Store,
    capabilities: &Capabilities,
    node: &OrgNode,
) -> Option<Listed<'a, Member>> {
    if !capabilities.has(Capability::Members) {
        return None;
    }
    Some(listed(store, &members_of(node), |data| match data {
        ResourceData::Members(members) => Some(members),
        _ => None,
    }))
}

/// `node`'s pending invitations, `None` when it has none to read (a project, or a provider
/// without them).
pub fn invitations<'a>(
    store: &'a Store,
    capabilities: &Capabilities,
    node: &OrgNode,
) -> Option<Listed<'a, Invitation>> {
    if !capabilities.has(Capability::Invitations) {
        return None;
    }
    let resource = invitations_of(node)?;
    Some(listed(store, &resource, |data| match data {
        ResourceData::Invitations(invitations) => Some(invitations),
        _ => None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hierarchy::RESELLER_CONSOLE;

    const PEOPLE: Capabilities = Capabilities {
        has: &[
            Capability::Hierarchy,
            Capability::Members,
            Capability::Invitations,
        ],
        max_depth: Some(1),
        roots_stay: false,
        child_kinds: &[(NodeKind::Organization, NodeKind::Project)],
    };

    fn node(id: &str, kind: NodeKind) -> OrgNode {
        OrgNode {
            id: id.into(),
            kind,
            ..OrgNode::default()
        }
    }

    #[test]
    fn an_organization_has_members_and_invitations_a_project_members_only() {
        let org = node("o", NodeKind::Organization);
        let project = node("p", NodeKind::Project);
        assert_eq!(
            resources(&org, &PEOPLE),
            [
                Resource::Members {
                    node: "o".into(),
                    kind: NodeKind::Organization
                },
                Resource::Invitations {
                    node: "o".into(),
                    kind: NodeKind::Organization
                }
            ]
        );
        assert_eq!(
            resources(&project, &PEOPLE),
            [Resource::Members {
                node: "p".into(),
                kind: NodeKind::Project
            }]
        );
        assert!(resources(&org, &RESELLER_CONSOLE).is_empty());
        let store = Store::default();
        assert!(invitations(&store, &PEOPLE, &project).is_none());
        assert!(members(&store, &RESELLER_CONSOLE, &org).is_none());
        assert!(matches!(
            members(&store, &PEOPLE, &org),
            Some(Listed::Reading)
        ));
    }
}
