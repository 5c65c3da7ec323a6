//! Reads the API has no single call for, gathered from several: which subscriptions a user is
//! assigned to (services → subscriptions → users). The calls of one level run concurrently.

use futures_util::future::try_join_all;

use crate::domain::{OrganizationService, Subscription, SubscriptionUser, UserAssignment};

use super::client::CloudmoreClient;
use super::error::ApiError;
use super::resource::{Resource, ResourceData};

/// Every subscription of `org` that has `user` among its assigned users, cancelled ones too.
pub async fn user_assignments(
    client: &CloudmoreClient,
    org: &str,
    user: &str,
) -> Result<Vec<UserAssignment>, ApiError> {
    let services: Vec<OrganizationService> = match client
        .fetch_direct(&Resource::OrgServices { org: org.into() })
        .await?
    {
        ResourceData::OrgServices(services) => services,
        _ => Vec::new(),
    };
    let per_service = try_join_all(services.iter().map(|service| async move {
        let resource = Resource::Subscriptions {
            org: org.into(),
            service: service.id.clone(),
        };
        let subscriptions: Vec<Subscription> = match client.fetch_direct(&resource).await? {
            ResourceData::Subscriptions(list) => list,
            _ => Vec::new(),
        };
        Ok::<_, ApiError>((service, subscriptions))
    }))
    .await?;
    let pairs: Vec<(&OrganizationService, Subscription)> = per_service
        .into_iter()
        .flat_map(|(service, subs)| subs.into_iter().map(move |sub| (service, sub)))
        .collect();
    let found = try_join_all(pairs.iter().map(|(service, subscription)| async move {
        let resource = Resource::SubscriptionUsers {
            org: org.into(),
            service: service.id.clone(),
            subscription: subscription.id.clone(),
        };
        let users: Vec<SubscriptionUser> = match client.fetch_direct(&resource).await? {
            ResourceData::SubscriptionUsers(users) => users,
            _ => Vec::new(),
        };
        Ok::<_, ApiError>(
            users
                .into_iter()
                .find(|u| u.user_id == user)
                .map(|assigned| UserAssignment {
                    service_id: service.id.clone(),
                    service_name: service.name.clone(),
                    subscription_id: subscription.id.clone(),
                    product_name: subscription.product_name.clone(),
                    status: subscription.status.clone(),
                    external_user_id: assigned.external_user_id,
                }),
        )
    }))
    .await?;
    Ok(found.into_iter().flatten().collect())
}
