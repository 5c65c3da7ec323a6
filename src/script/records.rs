//! A read's rows as records (`column → value`), the same for every output format; the order
//! of the columns is the output's business (`output.rs`).
//! The reseller console's types give their serde form (the names the API uses); the neutral
//! hierarchy and people types, which have no wire form of their own, give theirs here.

use serde_json::{Map, Value, json};

use crate::api::ResourceData;
use crate::domain::dates::format_timestamp;
use crate::domain::hierarchy::{DetailField, OrgNode};
use crate::domain::people::{Invitation, Member};

/// One row.
pub type Record = Map<String, Value>;

/// The rows of a list read (a single record is a list of one).
pub fn records(data: &ResourceData) -> Vec<Record> {
    match data {
        ResourceData::Hierarchy(nodes) => nodes.iter().map(node).collect(),
        ResourceData::Node(one) => vec![node(one)],
        ResourceData::Members(members) => members.iter().map(member).collect(),
        ResourceData::Invitations(invitations) => invitations.iter().map(invitation).collect(),
        ResourceData::Organizations(v) => serialized(v),
        ResourceData::Organization(one) => serialized(std::slice::from_ref(one)),
        ResourceData::Estore(v) => serialized(v),
        ResourceData::EstoreDetail(one) => serialized(std::slice::from_ref(one)),
        ResourceData::OrgServices(v) => serialized(v),
        ResourceData::OrgService(one) => serialized(std::slice::from_ref(one)),
        ResourceData::Products(v) => serialized(v),
        ResourceData::Subscriptions(v) => serialized(v),
        ResourceData::Subscription(one) => serialized(std::slice::from_ref(one)),
        ResourceData::SubscriptionHistory(v) => serialized(v),
        ResourceData::SubscriptionUsers(v) => serialized(v),
        ResourceData::Users(v) => serialized(v),
        ResourceData::UserAssignments(v) => serialized(v),
        ResourceData::User(one) => serialized(std::slice::from_ref(one)),
        ResourceData::Roles(v) => serialized(v),
        ResourceData::Administrators(v) => serialized(v),
        ResourceData::Administrator(one) => serialized(std::slice::from_ref(one)),
        ResourceData::PropertyDefinitions(v) => serialized(v),
        ResourceData::Groups(v) => serialized(v),
        ResourceData::GroupMembers(v) => serialized(v),
    }
}

fn serialized<T: serde::Serialize>(rows: &[T]) -> Vec<Record> {
    rows.iter()
        .filter_map(|row| match serde_json::to_value(row) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        })
        .collect()
}

/// Epoch milliseconds as ISO 8601, what scripts parse.
fn time(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |ms| {
        let seconds = (ms.rem_euclid(86_400_000) / 1000) as u32;
        Value::String(format_timestamp(ms.div_euclid(86_400_000), seconds))
    })
}

/// The provider's extra fields after the neutral ones, under their display labels.
fn with_extra(mut record: Record, extra: &[DetailField]) -> Record {
    for (label, value) in extra {
        record
            .entry(label.to_string())
            .or_insert_with(|| Value::String(value.clone()));
    }
    record
}

fn object(value: Value) -> Record {
    match value {
        Value::Object(map) => map,
        _ => Record::new(),
    }
}

fn node(node: &OrgNode) -> Record {
    let record = object(json!({
        "id": node.id,
        "name": node.name,
        "kind": node.kind.word(),
        "parent": node.parent,
        "status": node.status,
        "created": time(node.created),
        "updated": time(node.updated),
    }));
    with_extra(record, &node.extra)
}

fn member(member: &Member) -> Record {
    let record = object(json!({
        "id": member.id,
        "name": member.person.name,
        "email": member.person.email,
        "userId": member.person.id,
        "container": member.container,
        "roles": member.roles,
        "created": time(member.created),
    }));
    with_extra(record, &member.extra)
}

fn invitation(invitation: &Invitation) -> Record {
    let record = object(json!({
        "id": invitation.id,
        "invitee": invitation.invitee,
        "roles": invitation.roles,
        "for": invitation.containers,
        "invitedBy": invitation.inviter.as_ref().map(|p| p.label().to_string()),
        "created": time(invitation.created),
        "expires": time(invitation.expires),
    }));
    with_extra(record, &invitation.extra)
}

/// A value as one cell of text: strings as they are, lists joined with ", ", nothing empty,
/// objects as compact JSON.
pub fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The value at `path` (`address.city` reaches into an object).
pub fn field<'a>(record: &'a Record, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut value = record.get(parts.next()?)?;
    for part in parts {
        value = value.get(part)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hierarchy::NodeKind;

    #[test]
    fn a_node_has_the_neutral_fields_and_the_providers_own() {
        let data = ResourceData::Hierarchy(vec![OrgNode {
            id: "p1".into(),
            name: "Edge".into(),
            kind: NodeKind::Project,
            parent: Some("o1".into()),
            status: "ACTIVE".into(),
            created: Some(0),
            extra: vec![("Description".into(), "racks".into())],
            ..OrgNode::default()
        }]);
        let rows = records(&data);
        assert_eq!(rows[0]["kind"], "project");
        assert_eq!(rows[0]["parent"], "o1");
        assert_eq!(rows[0]["created"], "1970-01-01T00:00:00Z");
        assert_eq!(rows[0]["updated"], Value::Null);
        assert_eq!(rows[0]["Description"], "racks");
    }

    #[test]
    fn cells_and_paths_read_lists_objects_and_nothing() {
        let record =
            object(json!({"roles": ["owner", "admin"], "address": {"city": "Oslo"}, "x": null}));
        assert_eq!(cell(&record["roles"]), "owner, admin");
        assert_eq!(
            field(&record, "address.city").map(cell).as_deref(),
            Some("Oslo")
        );
        assert_eq!(cell(&record["x"]), "");
        assert_eq!(field(&record, "address.zip"), None);
    }
}
