//! Writes to a provider's organization hierarchy, in no provider's terms: create a child,
//! edit, move, set the status, delete. A provider's client turns each into its own calls.
//!
//! `version` is the concurrency token the change was made from (what the user saw). The
//! client reads the record, and when the server's token differs the change is refused as a
//! [`super::ApiError::Conflict`] without being sent; otherwise it is sent with the server's
//! token, so a change made in between is still caught by the server. A change planned
//! without one (`None`: bulk runs) is made from whatever the server has when it is sent.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum NodeChange {
    /// A new organization below `parent` (`None`: a new root, where the provider allows it).
    Create {
        parent: Option<String>,
        name: String,
        active: bool,
    },
    /// New name and status.
    Update {
        id: String,
        name: String,
        active: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<String>,
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

    pub fn describe(&self) -> &'static str {
        match self {
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
}
