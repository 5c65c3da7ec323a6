//! Writes to a provider's organization hierarchy, in no provider's terms: create a child,
//! edit, move, set the status, delete. A provider's client turns each into its own calls.
//!
//! A create, an edit and a delete name the [`NodeKind`] they are about (an organization or a
//! project), because a provider may keep each kind at its own address (Metal's
//! `/organizations` and `/projects`); journals written before kinds existed hold only
//! organizations, so a missing kind reads as one. On the wire it is `nodeKind`: a
//! [`super::Mutation`]'s own tag, in the same object, is `kind`. A create or an edit of an organization may
//! carry its [`NodeProfile`] (description, links, addresses, in neutral fields: why in
//! `domain::profile`); `None` leaves the profile as it is, as every Pulse change and bulk
//! plan does.
//!
//! `version` is the concurrency token the change was made from (what the user saw). The
//! client reads the record, and when the server's token differs the change is refused as a
//! [`super::ApiError::Conflict`] without being sent; otherwise it is sent with the server's
//! token, so a change made in between is still caught by the server. A change planned
//! without one (`None`: bulk runs) is made from whatever the server has when it is sent.

use serde::{Deserialize, Serialize};

use crate::domain::hierarchy::NodeKind;
use crate::domain::profile::NodeProfile;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum NodeChange {
    /// A new node of `kind` below `parent` (`None`: a new root, where the provider allows it).
    Create {
        parent: Option<String>,
        #[serde(default, rename = "nodeKind")]
        kind: NodeKind,
        name: String,
        active: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        profile: Option<Box<NodeProfile>>,
    },
    /// New name and status, and the whole profile when it is `Some` (what the form shows is
    /// what is sent: emptied text clears a field).
    Update {
        id: String,
        #[serde(default, rename = "nodeKind")]
        kind: NodeKind,
        name: String,
        active: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        profile: Option<Box<NodeProfile>>,
    },
    /// To another parent. `name` is for the journal and activity.
    Move {
        id: String,
        name: String,
        parent: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
    },
    /// Only the status (bulk "set inactive/active").
    SetActive {
        id: String,
        name: String,
        active: bool,
    },
    Delete {
        id: String,
        #[serde(default, rename = "nodeKind")]
        kind: NodeKind,
        name: String,
    },
}

impl NodeChange {
    /// The organization it changes; `None` for a create.
    pub fn id(&self) -> Option<&str> {
        match self {
            NodeChange::Create { .. } => None,
            NodeChange::Update { id, .. }
            | NodeChange::Move { id, .. }
            | NodeChange::SetActive { id, .. }
            | NodeChange::Delete { id, .. } => Some(id),
        }
    }

    /// What the activity view names as its target.
    pub fn target(&self) -> &str {
        match self {
            NodeChange::Create { name, .. }
            | NodeChange::Update { name, .. }
            | NodeChange::Move { name, .. }
            | NodeChange::SetActive { name, .. }
            | NodeChange::Delete { name, .. } => name,
        }
    }

    /// The kind of node it is about; moves and statuses are of organizations.
    pub fn kind(&self) -> NodeKind {
        match self {
            NodeChange::Create { kind, .. }
            | NodeChange::Update { kind, .. }
            | NodeChange::Delete { kind, .. } => *kind,
            NodeChange::Move { .. } | NodeChange::SetActive { .. } => NodeKind::Organization,
        }
    }

    pub fn describe(&self) -> &'static str {
        use NodeKind::Project;
        match self {
            NodeChange::Create { kind: Project, .. } => "create project",
            NodeChange::Update { kind: Project, .. } => "update project",
            NodeChange::Delete { kind: Project, .. } => "delete project",
            NodeChange::Create { .. } => "create organization",
            NodeChange::Update { .. } => "update organization",
            NodeChange::Move { .. } => "move organization",
            NodeChange::SetActive { active: true, .. } => "set organization active",
            NodeChange::SetActive { active: false, .. } => "set organization inactive",
            NodeChange::Delete { .. } => "delete organization",
        }
    }

    /// PUTs replace (sending one twice leaves the same record); a create or delete does not.
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self,
            NodeChange::Update { .. } | NodeChange::Move { .. } | NodeChange::SetActive { .. }
        )
    }

    /// The same change made from the server's newest version (the conflict view's "overwrite
    /// with mine").
    pub fn from_version(&self, newer: Option<String>) -> NodeChange {
        let mut copy = self.clone();
        if let NodeChange::Update { version, .. } | NodeChange::Move { version, .. } = &mut copy {
            *version = newer;
        }
        copy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_journaled_with_its_operation_and_without_an_absent_version() {
        let change = NodeChange::Move {
            id: "o1".into(),
            name: "Depot".into(),
            parent: "p2".into(),
            version: None,
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"op": "move", "id": "o1", "name": "Depot", "parent": "p2"})
        );
        let back: NodeChange = serde_json::from_value(json).unwrap();
        assert_eq!(back, change);
        assert_eq!(back.kind(), NodeKind::Organization);
        assert_eq!(
            back.from_version(Some("7".into())),
            NodeChange::Move {
                id: "o1".into(),
                name: "Depot".into(),
                parent: "p2".into(),
                version: Some("7".into()),
            }
        );
    }

    #[test]
    fn a_create_journaled_before_kinds_reads_back_as_an_organization_without_a_profile() {
        let old = r#"{"op":"create","parent":"p1","name":"Depot","active":true}"#;
        let back: NodeChange = serde_json::from_str(old).unwrap();
        assert_eq!(
            back,
            NodeChange::Create {
                parent: Some("p1".into()),
                kind: NodeKind::Organization,
                name: "Depot".into(),
                active: true,
                profile: None,
            }
        );
        // As a journal line holds it, inside its mutation.
        let line = r#"{"kind":"node","op":"create","parent":"p1","name":"Depot","active":true}"#;
        let mutation: crate::api::Mutation = serde_json::from_str(line).unwrap();
        assert_eq!(mutation, crate::api::Mutation::Node(back));
        let delete: NodeChange =
            serde_json::from_str(r#"{"op":"delete","id":"o1","name":"Depot"}"#).unwrap();
        assert_eq!(delete.kind(), NodeKind::Organization);
        assert_eq!(delete.describe(), "delete organization");
    }

    #[test]
    fn a_project_and_a_profile_are_journaled_and_read_back() {
        use crate::domain::profile::PostalAddress;
        let change = NodeChange::Create {
            parent: None,
            kind: NodeKind::Organization,
            name: "Acme".into(),
            active: true,
            profile: Some(Box::new(NodeProfile {
                website: "https://acme.example".into(),
                address: Some(PostalAddress {
                    line1: "1 Road".into(),
                    postal_code: "1011".into(),
                    country: "NL".into(),
                    ..PostalAddress::default()
                }),
                ..NodeProfile::default()
            })),
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(json["nodeKind"], "organization");
        assert_eq!(json["profile"]["address"]["postal_code"], "1011");
        assert_eq!(serde_json::from_value::<NodeChange>(json).unwrap(), change);
        let project = NodeChange::Delete {
            id: "p1".into(),
            kind: NodeKind::Project,
            name: "CI".into(),
        };
        // Journaled inside its mutation, whose own tag is `kind`.
        let mutation = crate::api::Mutation::Node(project.clone());
        let json = serde_json::to_value(&mutation).unwrap();
        assert_eq!(
            (&json["kind"], &json["nodeKind"]),
            (&"node".into(), &"project".into())
        );
        let back: crate::api::Mutation = serde_json::from_value(json).unwrap();
        assert_eq!(back, mutation);
        assert_eq!(project.describe(), "delete project");
    }
}
