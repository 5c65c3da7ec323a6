//! Human names for the target of a single edit, read from what the store holds when the edit
//! is made. The journal keeps the target as text, so the activity view and undo show names,
//! not ids, long after the lists that named them are gone. An id stays where no name is known.

use crate::api::{Mutation, Resource, ResourceData};

use super::store::Store;

/// The target of `mutation` in names: "Lena Berg on Business Basic", "Cloud Backup in Acme AB".
pub(crate) fn target(mutation: &Mutation, store: &Store) -> String {
    use Mutation as M;
    let names = Names(store);
    match mutation {
        M::DeleteOrganization { org } => names.org(org),
        M::AddService { org, input } => {
            let service = names.service(org, &input.service_id);
            format!("{service} in {}", names.org(org))
        }
        M::UpdateService { org, service, .. }
        | M::PatchServiceProperties { org, service, .. }
        | M::RemoveService { org, service }
        | M::CreateSubscription { org, service, .. } => {
            format!("{} in {}", names.service(org, service), names.org(org))
        }
        M::UpdateSubscription {
            org,
            service,
            subscription,
            ..
        }
        | M::CancelSubscription {
            org,
            service,
            subscription,
        } => format!(
            "{} in {}",
            names.subscription(org, service, subscription),
            names.org(org)
        ),
        M::AssignUser {
            org,
            service,
            subscription,
            input,
        }
        | M::SetExternalUserId {
            org,
            service,
            subscription,
            input,
        } => names.on_subscription(org, service, subscription, &input.user_id),
        M::UnassignUser {
            org,
            service,
            subscription,
            user,
        } => names.on_subscription(org, service, subscription, user),
        M::DeleteUser { org, user } => names.user(org, None, user),
        M::DeleteAdministrator { id } => names.admin(id),
        _ => mutation.target(),
    }
}

struct Names<'a>(&'a Store);

impl Names<'_> {
    /// The first name `pick` finds in the data of `resource`.
    fn find(
        &self,
        resource: Resource,
        pick: impl Fn(&ResourceData) -> Option<String>,
    ) -> Option<String> {
        self.0
            .data(&resource)
            .and_then(|data| pick(data))
            .filter(|n| !n.is_empty())
    }

    fn org(&self, org: &str) -> String {
        self.find(Resource::Organizations, |data| match data {
            ResourceData::Organizations(list) => list
                .iter()
                .find(|o| o.id == org)
                .map(|o| o.name.to_string()),
            _ => None,
        })
        .or_else(|| {
            self.find(
                Resource::Organization { org: org.into() },
                |data| match data {
                    ResourceData::Organization(o) => Some(o.name.clone()),
                    _ => None,
                },
            )
        })
        .unwrap_or_else(|| org.to_string())
    }

    /// An added service, or one of the E-store's (a service being added).
    fn service(&self, org: &str, service: &str) -> String {
        self.find(
            Resource::OrgServices { org: org.into() },
            |data| match data {
                ResourceData::OrgServices(list) => list
                    .iter()
                    .find(|s| s.id == service)
                    .map(|s| s.name.clone()),
                _ => None,
            },
        )
        .or_else(|| {
            self.find(Resource::Estore { org: org.into() }, |data| match data {
                ResourceData::Estore(list) => list
                    .iter()
                    .find(|s| s.id == service)
                    .map(|s| s.name.clone()),
                _ => None,
            })
        })
        .unwrap_or_else(|| service.to_string())
    }

    /// A subscription by its service's and product's names ("Zoom Workplace Pro · Monthly":
    /// product names alone are often just a billing term), or its id.
    fn subscription(&self, org: &str, service: &str, subscription: &str) -> String {
        let list = Resource::Subscriptions {
            org: org.into(),
            service: service.into(),
        };
        self.find(list, |data| match data {
            ResourceData::Subscriptions(list) => list
                .iter()
                .find(|s| s.id == subscription)
                .map(|s| s.product_name.clone()),
            _ => None,
        })
        .map(|product| format!("{} · {product}", self.service(org, service)))
        .unwrap_or_else(|| subscription.to_string())
    }

    fn on_subscription(&self, org: &str, service: &str, subscription: &str, user: &str) -> String {
        let assigned = Resource::SubscriptionUsers {
            org: org.into(),
            service: service.into(),
            subscription: subscription.into(),
        };
        format!(
            "{} on {}",
            self.user(org, Some(assigned), user),
            self.subscription(org, service, subscription)
        )
    }

    /// An organization user, from the organization's users or a subscription's.
    fn user(&self, org: &str, assigned: Option<Resource>, user: &str) -> String {
        let shown = |display: &str, username: &str| {
            if display.is_empty() {
                username
            } else {
                display
            }
            .to_string()
        };
        self.find(Resource::Users { org: org.into() }, |data| match data {
            ResourceData::Users(list) => list
                .iter()
                .find(|u| u.id == user)
                .map(|u| shown(&u.display_name, &u.username)),
            _ => None,
        })
        .or_else(|| {
            self.find(assigned?, |data| match data {
                ResourceData::SubscriptionUsers(list) => list
                    .iter()
                    .find(|u| u.user_id == user)
                    .map(|u| shown(&u.display_name, &u.username)),
                _ => None,
            })
        })
        .unwrap_or_else(|| user.to_string())
    }

    fn admin(&self, id: &str) -> String {
        self.find(Resource::Administrators, |data| match data {
            ResourceData::Administrators(list) => list.iter().find(|a| a.id == id).map(|a| {
                if a.display_name.is_empty() {
                    &a.name
                } else {
                    &a.display_name
                }
                .clone()
            }),
            _ => None,
        })
        .unwrap_or_else(|| id.to_string())
    }
}
