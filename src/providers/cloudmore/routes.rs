//! Where each [`Resource`] and [`Mutation`] lives in the Cloudmore REST API, relative to
//! `/api/resellers/{resellerId}`, and how a read's body decodes. One table for the client, so the
//! paths are written down once.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::{GroupChange, Mutation, Read, Resource, ResourceData};
use crate::domain::reseller::groups::OrganizationGroupMemberAdd;
use crate::domain::{OrganizationServiceUpdate, lenient};

const ORGS: &str = "organizations";
const SERVICES: &str = "services";
const SUBSCRIPTIONS: &str = "subscriptions";
const GROUPS: &str = "OrganizationGroups";
const MEMBERS: &str = "Members";

/// The path segments of a resource read with one GET (None for gathered resources).
pub fn resource_path(resource: &Resource) -> Option<Vec<&str>> {
    use Resource as R;
    Some(match resource {
        // Gathered; or (the hierarchy) not Cloudmore's, refused by the client before routing.
        R::UserAssignments { .. }
        | R::Hierarchy
        | R::Node { .. }
        | R::Members { .. }
        | R::Invitations { .. } => return None,
        R::Organizations => vec!["Organizations"],
        R::Organization { org } => vec!["Organizations", org],
        R::Estore { org } => vec![ORGS, org, "Estore"],
        R::EstoreDetail { org, service } => vec![ORGS, org, "Estore", service],
        R::OrgServices { org } => vec![ORGS, org, SERVICES],
        R::OrgService { org, service } => vec![ORGS, org, SERVICES, service],
        R::Products { org, service } => vec![ORGS, org, SERVICES, service, "products"],
        R::Subscriptions { org, service } => vec![ORGS, org, SERVICES, service, SUBSCRIPTIONS],
        R::Subscription {
            org,
            service,
            subscription,
        } => subscription_path(org, service, subscription),
        R::SubscriptionHistory {
            org,
            service,
            subscription,
        } => vec![
            ORGS,
            org,
            SERVICES,
            service,
            "Subscriptions",
            "history",
            subscription,
        ],
        R::SubscriptionUsers {
            org,
            service,
            subscription,
        } => subscription_users(org, service, subscription),
        R::Users { org } => vec![ORGS, org, "Users"],
        R::User { org, user } => vec![ORGS, org, "Users", user],
        R::OrganizationRoles { org } => vec![ORGS, org, "OrganizationRoles"],
        R::Administrators => vec!["ResellerAdministrators"],
        R::Administrator { id } => vec!["ResellerAdministrators", id],
        R::ResellerRoles => vec!["ResellerRoles"],
        R::OrgPropertyDefinitions => vec!["settings", "CustomProperties"],
        R::OrganizationGroups => vec![GROUPS],
        R::GroupMembers { group } => vec![GROUPS, group, MEMBERS],
    })
}

/// Decodes the body of a read into the data its resource yields, leniently (see
/// [`lenient`]). A list is read row by row: a row that cannot be read is left out, logged and
/// counted, and the rest of the list still loads. A body that is not JSON, or not a list where
/// one is expected, fails the whole read.
pub fn decode(resource: &Resource, body: &str) -> Result<Read, serde_json::Error> {
    use Resource as R;
    use ResourceData as D;
    let mut rows = Rows {
        resource,
        skipped: 0,
    };
    let data = match resource {
        R::Hierarchy | R::Node { .. } | R::Members { .. } | R::Invitations { .. } => {
            return Err(serde::de::Error::custom("not a Cloudmore resource"));
        }
        R::Organizations => D::Organizations(rows.read(body)?),
        R::Organization { .. } => D::Organization(one(body)?),
        R::Estore { .. } => D::Estore(rows.read(body)?),
        R::EstoreDetail { .. } => D::EstoreDetail(one(body)?),
        R::OrgServices { .. } => D::OrgServices(rows.read(body)?),
        R::OrgService { .. } => D::OrgService(one(body)?),
        R::Products { .. } => D::Products(rows.read(body)?),
        R::Subscriptions { .. } => D::Subscriptions(rows.read(body)?),
        R::Subscription { .. } => D::Subscription(one(body)?),
        R::SubscriptionHistory { .. } => D::SubscriptionHistory(rows.read(body)?),
        R::SubscriptionUsers { .. } => D::SubscriptionUsers(rows.read(body)?),
        R::Users { .. } => D::Users(rows.read(body)?),
        R::UserAssignments { .. } => D::UserAssignments(rows.read(body)?),
        R::User { .. } => D::User(one(body)?),
        R::OrganizationRoles { .. } | R::ResellerRoles => D::Roles(rows.read(body)?),
        R::Administrators => D::Administrators(rows.read(body)?),
        R::Administrator { .. } => D::Administrator(one(body)?),
        R::OrgPropertyDefinitions => D::PropertyDefinitions(rows.read(body)?),
        R::OrganizationGroups => D::Groups(rows.read(body)?),
        R::GroupMembers { .. } => D::GroupMembers(rows.read(body)?),
    };
    Ok(Read {
        data,
        skipped: rows.skipped,
    })
}

/// A single record: strictly when that works (the common case, and the fastest), else
/// leniently, which reads every strict body the same way.
fn one<T: DeserializeOwned>(body: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(body).or_else(|_| lenient::from_value(serde_json::from_str(body)?))
}

/// The rows of one list read, and how many of them were left out.
pub(super) struct Rows<'a> {
    pub(super) resource: &'a Resource,
    pub(super) skipped: usize,
}

impl Rows<'_> {
    fn read<T: DeserializeOwned>(&mut self, body: &str) -> Result<Vec<T>, serde_json::Error> {
        if let Ok(rows) = serde_json::from_str(body) {
            return Ok(rows);
        }
        let items = match serde_json::from_str(body)? {
            Value::Array(items) => items,
            Value::Null => Vec::new(),
            other => return lenient::from_value(other),
        };
        let mut rows = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            rows.extend(self.lenient_row(index, item));
        }
        Ok(rows)
    }

    /// One row given as its bytes (a list read as it arrives): strictly when that works, else
    /// leniently; None when it cannot be read (counted and logged). Bytes that are not JSON
    /// fail the read, as a body that is not JSON does.
    pub(super) fn row<T: DeserializeOwned>(
        &mut self,
        index: usize,
        bytes: &[u8],
    ) -> Result<Option<T>, serde_json::Error> {
        if let Ok(row) = serde_json::from_slice(bytes) {
            return Ok(Some(row));
        }
        Ok(self.lenient_row(index, serde_json::from_slice(bytes)?))
    }

    fn lenient_row<T: DeserializeOwned>(&mut self, index: usize, item: Value) -> Option<T> {
        // Kept for the log line; the row itself is consumed by the decoder.
        let id = item.get("id").map(Value::to_string).unwrap_or_default();
        match lenient::from_value(item) {
            Ok(row) => Some(row),
            Err(error) => {
                self.skipped += 1;
                // Server text goes to the log escaped: no control characters reach it.
                tracing::warn!(
                    resource = ?self.resource,
                    index,
                    id = %id.escape_debug(),
                    error = %error.to_string().escape_debug(),
                    "a row of the list could not be read and was left out"
                );
                None
            }
        }
    }
}

/// One write as HTTP: method, path segments and JSON body.
#[derive(Debug, PartialEq)]
pub struct Route<'a> {
    pub method: Method,
    pub path: Vec<&'a str>,
    pub body: Option<Value>,
}

/// The HTTP form of a mutation.
pub fn mutation_route(mutation: &Mutation) -> Result<Route<'_>, serde_json::Error> {
    use Method as V;
    use Mutation as M;
    let (method, path, body) = match mutation {
        M::Node(_) | M::People(_) => {
            return Err(serde::ser::Error::custom("not a Cloudmore write"));
        }
        M::CreateOrganization(input) => (V::POST, vec!["Organizations"], json(input)?),
        M::UpdateOrganization { org, input } => (V::PUT, vec!["Organizations", org], json(input)?),
        M::DeleteOrganization { org } => (V::DELETE, vec!["Organizations", org], None),
        M::SetOrganizationActive { .. } => {
            // Two calls (read the record, PUT it back): the client sends it as an update.
            return Err(serde::ser::Error::custom(
                "setting active is a read-modify-write; send it with CloudmoreClient::mutate",
            ));
        }
        M::AddService { org, input } => (V::POST, vec![ORGS, org, SERVICES], json(input)?),
        M::UpdateService {
            org,
            service,
            input,
        } => (V::PUT, vec![ORGS, org, SERVICES, service], json(input)?),
        M::PatchServiceProperties {
            org,
            service,
            properties,
        } => (
            V::PATCH,
            vec![ORGS, org, SERVICES, service],
            json(&OrganizationServiceUpdate {
                note: None,
                custom_properties: properties.clone(),
            })?,
        ),
        M::RemoveService { org, service } => (V::DELETE, vec![ORGS, org, SERVICES, service], None),
        M::CreateSubscription {
            org,
            service,
            input,
        } => (
            V::POST,
            vec![ORGS, org, SERVICES, service, SUBSCRIPTIONS],
            json(input)?,
        ),
        M::UpdateSubscription {
            org,
            service,
            subscription,
            input,
        } => (
            V::PUT,
            subscription_path(org, service, subscription),
            json(input)?,
        ),
        M::CancelSubscription {
            org,
            service,
            subscription,
        } => (
            V::DELETE,
            subscription_path(org, service, subscription),
            None,
        ),
        M::AssignUser {
            org,
            service,
            subscription,
            input,
        } => (
            V::POST,
            subscription_users(org, service, subscription),
            json(input)?,
        ),
        M::SetExternalUserId {
            org,
            service,
            subscription,
            input,
        } => (
            V::PUT,
            subscription_users(org, service, subscription),
            json(input)?,
        ),
        M::UnassignUser {
            org,
            service,
            subscription,
            user,
        } => {
            let mut path = subscription_users(org, service, subscription);
            path.push(user);
            (V::DELETE, path, None)
        }
        M::CreateUser { org, input } => (V::POST, vec![ORGS, org, "Users"], json(input)?),
        M::UpdateUser { org, user, input } => {
            (V::PUT, vec![ORGS, org, "Users", user], json(input)?)
        }
        M::DeleteUser { org, user } => (V::DELETE, vec![ORGS, org, "Users", user], None),
        M::CreateAdministrator(input) => (V::POST, vec!["ResellerAdministrators"], json(input)?),
        M::UpdateAdministrator { id, input } => {
            (V::PUT, vec!["ResellerAdministrators", id], json(input)?)
        }
        M::DeleteAdministrator { id } => (V::DELETE, vec!["ResellerAdministrators", id], None),
        M::Group(change) => group_route(change)?,
    };
    Ok(Route { method, path, body })
}

/// Method, path and body of a change to the organization groups.
fn group_route(
    change: &GroupChange,
) -> Result<(Method, Vec<&str>, Option<Value>), serde_json::Error> {
    use GroupChange as G;
    Ok(match change {
        G::Create { input } => (Method::POST, vec![GROUPS], json(input)?),
        G::Update { group, input, .. } => (Method::PUT, vec![GROUPS, group], json(input)?),
        G::Delete { group, .. } => (Method::DELETE, vec![GROUPS, group], None),
        G::AddMember { group, org, .. } => (
            Method::POST,
            vec![GROUPS, group, MEMBERS],
            json(&OrganizationGroupMemberAdd {
                organization_id: org.clone(),
            })?,
        ),
        G::RemoveMember { group, org, .. } => {
            (Method::DELETE, vec![GROUPS, group, MEMBERS, org], None)
        }
    })
}

fn subscription_path<'a>(org: &'a str, service: &'a str, subscription: &'a str) -> Vec<&'a str> {
    vec![ORGS, org, SERVICES, service, SUBSCRIPTIONS, subscription]
}

fn subscription_users<'a>(org: &'a str, service: &'a str, subscription: &'a str) -> Vec<&'a str> {
    let mut path = subscription_path(org, service, subscription);
    path.push("users");
    path
}

/// A request body as JSON.
fn json<T: serde::Serialize>(value: &T) -> Result<Option<Value>, serde_json::Error> {
    serde_json::to_value(value).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unassign_deletes_the_user_below_the_collection() {
        let unassign = Mutation::UnassignUser {
            org: "o".into(),
            service: "s".into(),
            subscription: "x".into(),
            user: "u".into(),
        };
        let route = mutation_route(&unassign).unwrap();
        assert_eq!(route.method, Method::DELETE);
        assert_eq!(
            route.path.join("/"),
            "organizations/o/services/s/subscriptions/x/users/u"
        );
        assert_eq!(route.body, None);
    }

    #[test]
    fn external_user_id_is_a_put_on_the_collection() {
        let set = Mutation::SetExternalUserId {
            org: "o".into(),
            service: "s".into(),
            subscription: "x".into(),
            input: crate::domain::SubscriptionUserSet {
                user_id: "u".into(),
                external_user_id: "ext-1".into(),
            },
        };
        let route = mutation_route(&set).unwrap();
        assert_eq!(route.method, Method::PUT);
        assert!(route.path.ends_with(&["users"]));
        assert_eq!(route.body.unwrap()["externalUserId"], "ext-1");
    }

    #[test]
    fn roles_of_both_kinds_decode_as_roles() {
        let body = r#"[{"id":1,"name":"Super Admin"}]"#;
        assert!(matches!(
            decode(&Resource::ResellerRoles, body).unwrap().data,
            ResourceData::Roles(roles) if roles.len() == 1
        ));
    }

    /// Collects what is logged while `f` runs.
    fn logged<T>(f: impl FnOnce() -> T) -> (T, String) {
        use std::sync::{Arc, Mutex};
        #[derive(Clone, Default)]
        struct Capture(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Capture {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let capture = Capture::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let result = tracing::subscriber::with_default(subscriber, f);
        let text = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
        (result, text)
    }

    #[test]
    fn a_row_left_out_is_logged_with_the_server_text_escaped() {
        let body = r#"[{"id":"ok"},{"id":"evil\u001b[31m","isActive":"\u001b]0;x\u0007"}]"#;
        let (read, log) = logged(|| decode(&Resource::Organizations, body).unwrap());
        assert_eq!(read.skipped, 1);
        assert!(matches!(read.data, ResourceData::Organizations(orgs) if orgs.len() == 1));
        assert!(log.contains("could not be read and was left out"), "{log}");
        assert!(log.contains("evil"), "{log}");
        assert!(!log.contains('\u{1b}') && !log.contains('\u{7}'), "{log:?}");
    }
}
