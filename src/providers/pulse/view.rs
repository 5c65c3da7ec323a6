//! A Pulse organization in provider-neutral terms ([`OrgNode`]), for the console's hierarchy
//! screen and detail pane: `updateVersion` is the concurrency token; the fields only a record
//! read by id has (tenant, who created and changed it) go to the detail pane's extras.

use super::wire::Organization;
use crate::domain::hierarchy::{NodeKind, OrgNode, detail_fields};

impl From<Organization> for OrgNode {
    fn from(org: Organization) -> OrgNode {
        // Only get-by-id carries these.
        let extra = detail_fields(
            [
                ("Tenant (orgId)", org.org_id),
                ("Created by", org.created_by),
                ("Last updated by", org.last_updated_by),
            ]
            .into_iter()
            .filter(|(_, value)| !value.is_empty()),
        );
        OrgNode {
            parent: (!org.parent_id.is_empty()).then_some(org.parent_id),
            active: org.status.eq_ignore_ascii_case("ACTIVE"),
            status: org.status,
            created: org.created_time.0,
            updated: org.last_updated_time.0,
            version: Some(org.update_version.to_string()),
            id: org.id,
            name: org.name,
            // Tenants and organizations alike hold organizations.
            kind: NodeKind::Organization,
            extra,
            profile: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::pulse::EpochMs;

    #[test]
    fn a_root_tenant_in_neutral_terms() {
        let org = Organization {
            id: "t1".into(),
            name: "Helios".into(),
            status: "ACTIVE".into(),
            created_time: EpochMs(Some(1_772_357_400_000)),
            update_version: 4,
            org_id: "t1".into(),
            ..Organization::default()
        };
        let node = OrgNode::from(org);
        assert_eq!(node.parent, None);
        assert!(node.active);
        assert_eq!(node.version.as_deref(), Some("4"));
        assert_eq!(node.created, Some(1_772_357_400_000));
        assert_eq!(
            node.extra,
            detail_fields([("Tenant (orgId)", "t1".to_string())])
        );
    }

    #[test]
    fn a_list_row_has_no_extras_and_an_unknown_status_is_kept() {
        let node = OrgNode::from(Organization {
            id: "o1".into(),
            parent_id: "t1".into(),
            status: "SUSPENDED".into(),
            ..Organization::default()
        });
        assert_eq!(node.parent.as_deref(), Some("t1"));
        assert!(!node.active);
        assert_eq!(node.status, "SUSPENDED");
        assert!(node.extra.is_empty());
    }
}
