//! Writes to the people of a provider's hierarchy, in no provider's terms: invite someone by
//! e-mail into an organization (naming projects below it), change a member's roles, remove a
//! member, revoke a pending invitation. A provider's client turns each into its own call
//! (Equinix Metal: `providers/metal/people_writes.rs`).
//!
//! Each carries the names the journal and the activity view show (`person`, `place`), so a
//! run read back long after the lists are gone still says who and where. A node's kind is
//! journaled as `nodeKind`: `kind` is the tag of the [`super::Mutation`] around it.

use serde::{Deserialize, Serialize};

use super::resource::Resource;
use crate::domain::hierarchy::NodeKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum PeopleChange {
    /// Asks `email` to join `organization` with `roles`, and its `projects` too.
    Invite {
        organization: String,
        email: String,
        roles: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        projects: Vec<String>,
        place: String,
    },
    /// Replaces the roles of membership `member` of `node`. `before` is what it held when the
    /// change was planned (what undo puts back; empty when not known).
    SetRoles {
        node: String,
        #[serde(rename = "nodeKind")]
        kind: NodeKind,
        member: String,
        roles: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        before: Vec<String>,
        person: String,
        place: String,
    },
    /// Ends membership `member` of `node`.
    Remove {
        node: String,
        #[serde(rename = "nodeKind")]
        kind: NodeKind,
        member: String,
        person: String,
        place: String,
    },
    /// Withdraws pending invitation `invitation` of `organization`.
    Revoke {
        organization: String,
        invitation: String,
        email: String,
        place: String,
    },
}

impl PeopleChange {
    /// What the activity view names as its target: who, and where.
    pub fn target(&self) -> String {
        let (who, place) = match self {
            PeopleChange::Invite { email, place, .. }
            | PeopleChange::Revoke { email, place, .. } => (email, place),
            PeopleChange::SetRoles { person, place, .. }
            | PeopleChange::Remove { person, place, .. } => (person, place),
        };
        format!("{who} in {place}")
    }

    pub fn describe(&self) -> &'static str {
        match self {
            PeopleChange::Invite { .. } => "invite",
            PeopleChange::SetRoles { .. } => "change roles",
            PeopleChange::Remove { .. } => "remove member",
            PeopleChange::Revoke { .. } => "revoke invitation",
        }
    }

    /// A change of roles replaces them (a PUT: twice is once). An invite sent twice is refused
    /// as "already invited" or makes a second; a removal or revoke sent twice meets a 404 —
    /// so those are checked before being sent again (`bulk::verify`).
    pub fn is_idempotent(&self) -> bool {
        matches!(self, PeopleChange::SetRoles { .. })
    }

    /// Whether a successful run makes `key` stale: an invitation's organization's pending
    /// invitations; a member's node's members. A removal also changes the node's member count
    /// (its record), and leaving an organization ends its project memberships too, whose ids
    /// the change does not know, so every project's members are read again.
    pub fn invalidates(&self, key: &Resource) -> bool {
        use Resource as R;
        match self {
            PeopleChange::Invite { organization, .. }
            | PeopleChange::Revoke { organization, .. } => {
                matches!(key, R::Invitations { node, .. } if node == organization)
            }
            PeopleChange::SetRoles { node, .. } => {
                matches!(key, R::Members { node: n, .. } if n == node)
            }
            PeopleChange::Remove { node, kind, .. } => {
                let projects_too = *kind == NodeKind::Organization;
                matches!(key, R::Members { node: n, .. } if n == node)
                    || matches!(key, R::Node { id } if id == node)
                    || matches!(key, R::Members { kind: NodeKind::Project, .. } if projects_too)
            }
        }
    }

    /// The change that reverts this one from the change alone: roles back to those before
    /// (when they were recorded). An invite is reverted by revoking the invitation it made,
    /// whose id only its answer has (`bulk::undo`). A removal has none: Metal cannot add a
    /// member, only invite them, and they must accept. A revoke has none either: inviting
    /// again mails the person a new invitation, which is more than putting back what was.
    pub fn inverse(&self) -> Option<PeopleChange> {
        match self {
            PeopleChange::SetRoles {
                node,
                kind,
                member,
                roles,
                before,
                person,
                place,
            } if !before.is_empty() => Some(PeopleChange::SetRoles {
                node: node.clone(),
                kind: *kind,
                member: member.clone(),
                roles: before.clone(),
                before: roles.clone(),
                person: person.clone(),
                place: place.clone(),
            }),
            _ => None,
        }
    }

    /// The revoke that undoes this invite, given the id its answer carried.
    pub fn revoke_of(&self, created: &str) -> Option<PeopleChange> {
        match self {
            PeopleChange::Invite {
                organization,
                email,
                place,
                ..
            } => Some(PeopleChange::Revoke {
                organization: organization.clone(),
                invitation: created.to_string(),
                email: email.clone(),
                place: place.clone(),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(member: &str, before: &[&str]) -> PeopleChange {
        PeopleChange::SetRoles {
            node: "p1".into(),
            kind: NodeKind::Project,
            member: member.into(),
            roles: vec!["billing".into()],
            before: before.iter().map(|r| r.to_string()).collect(),
            person: "Ana Costa".into(),
            place: "Edge".into(),
        }
    }

    fn members(node: &str, kind: NodeKind) -> Resource {
        Resource::Members {
            node: node.into(),
            kind,
        }
    }

    #[test]
    fn a_change_is_journaled_with_its_operation_and_read_back() {
        let change = super::super::Mutation::People(roles("m1", &["admin"]));
        let json = serde_json::to_string(&change).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["kind"], "people");
        assert_eq!(value["op"], "setRoles");
        assert_eq!(value["nodeKind"], "project");
        assert_eq!(json.matches("\"kind\"").count(), 1, "{json}");
        let back: super::super::Mutation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, change);
        let invite = serde_json::json!({"op": "invite", "organization": "o", "email": "a@b.io",
            "roles": ["admin"], "place": "Acme"});
        let invite: PeopleChange = serde_json::from_value(invite).unwrap();
        assert_eq!(invite.target(), "a@b.io in Acme");
    }

    #[test]
    fn each_change_outdates_the_lists_it_touches_and_no_other() {
        let invitations = |node: &str| Resource::Invitations {
            node: node.into(),
            kind: NodeKind::Organization,
        };
        let invite = PeopleChange::Invite {
            organization: "o".into(),
            email: "a@b.io".into(),
            roles: vec![],
            projects: vec!["p1".into()],
            place: "Acme".into(),
        };
        assert!(invite.invalidates(&invitations("o")));
        assert!(!invite.invalidates(&invitations("o2")));
        assert!(!invite.invalidates(&members("o", NodeKind::Organization)));
        let set = roles("m1", &[]);
        assert!(set.invalidates(&members("p1", NodeKind::Project)));
        assert!(!set.invalidates(&members("p2", NodeKind::Project)));
        assert!(!set.invalidates(&Resource::Node { id: "p1".into() }));
        let leave = PeopleChange::Remove {
            node: "o".into(),
            kind: NodeKind::Organization,
            member: "m1".into(),
            person: "Ana".into(),
            place: "Acme".into(),
        };
        assert!(leave.invalidates(&members("o", NodeKind::Organization)));
        assert!(leave.invalidates(&Resource::Node { id: "o".into() }));
        assert!(leave.invalidates(&members("p9", NodeKind::Project)));
        assert!(!leave.invalidates(&members("o2", NodeKind::Organization)));
        assert!(!leave.invalidates(&invitations("o")));
    }

    #[test]
    fn roles_go_back_to_those_before_and_an_invite_is_revoked_by_the_id_it_made() {
        assert_eq!(
            roles("m1", &["admin"]).inverse(),
            Some({
                let mut back = roles("m1", &["billing"]);
                if let PeopleChange::SetRoles { roles, .. } = &mut back {
                    *roles = vec!["admin".into()];
                }
                back
            })
        );
        assert_eq!(roles("m1", &[]).inverse(), None, "before not recorded");
        assert!(roles("m1", &["admin"]).is_idempotent());
        let invite = PeopleChange::Invite {
            organization: "o".into(),
            email: "a@b.io".into(),
            roles: vec!["admin".into()],
            projects: vec![],
            place: "Acme".into(),
        };
        assert!(!invite.is_idempotent() && invite.inverse().is_none());
        assert_eq!(
            invite.revoke_of("i9"),
            Some(PeopleChange::Revoke {
                organization: "o".into(),
                invitation: "i9".into(),
                email: "a@b.io".into(),
                place: "Acme".into(),
            })
        );
    }
}
