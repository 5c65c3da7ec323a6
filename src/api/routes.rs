//! Where each [`Resource`] and [`Mutation`] lives in the Cloudmore REST API, relative to
//! `/api/resellers/{resellerId}`, and how a read's body decodes. One table for the client, so the
//! paths are written down once.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::mutation::Mutation;
use super::resource::{Resource, ResourceData};

const ORGS: &str = "organizations";
const SERVICES: &str = "services";
const SUBSCRIPTIONS: &str = "subscriptions";

/// The path segments of a resource read with one GET (None for gathered resources).
pub fn resource_path(resource: &Resource) -> Option<Vec<&str>> {
    use Resource as R;
    Some(match resource {
        R::UserAssignments { .. } => return None,
        R::Organizations => vec!["Organizations"],
        R::Organization { org } => vec!["Organizations", org],
        R::Estore { org } => vec![ORGS, org, "Estore"],
        R::EstoreDetail { org, service } => vec![ORGS, org, "Estore", service],
        R::OrgServices { org } => vec![ORGS, org, SERVICES],
        R::OrgService { org, service } => vec![ORGS, org, SERVICES, service],
        R::Products { org, service } => vec![ORGS, org, SERVICES, service, "products"],
        R::Subscriptions { org, service } => vec![ORGS, org, SERVICES, service, SUBSCRIPTIONS],
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
    })
}

/// Decodes the body of a read into the data its resource yields.
pub fn decode(resource: &Resource, body: &str) -> Result<ResourceData, serde_json::Error> {
    fn parse<T: DeserializeOwned>(body: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(body)
    }
    use Resource as R;
    use ResourceData as D;
    Ok(match resource {
        R::Organizations => D::Organizations(parse(body)?),
        R::Organization { .. } => D::Organization(parse(body)?),
        R::Estore { .. } => D::Estore(parse(body)?),
        R::EstoreDetail { .. } => D::EstoreDetail(parse(body)?),
        R::OrgServices { .. } => D::OrgServices(parse(body)?),
        R::OrgService { .. } => D::OrgService(parse(body)?),
        R::Products { .. } => D::Products(parse(body)?),
        R::Subscriptions { .. } => D::Subscriptions(parse(body)?),
        R::SubscriptionUsers { .. } => D::SubscriptionUsers(parse(body)?),
        R::Users { .. } => D::Users(parse(body)?),
        R::UserAssignments { .. } => D::UserAssignments(parse(body)?),
        R::User { .. } => D::User(parse(body)?),
        R::OrganizationRoles { .. } | R::ResellerRoles => D::Roles(parse(body)?),
        R::Administrators => D::Administrators(parse(body)?),
        R::Administrator { .. } => D::Administrator(parse(body)?),
    })
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
            json(properties)?,
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
    };
    Ok(Route { method, path, body })
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
            decode(&Resource::ResellerRoles, body).unwrap(),
            ResourceData::Roles(roles) if roles.len() == 1
        ));
    }
}
