//! Reads the API has no single call for, gathered from several: which subscriptions a user is
//! assigned to (services → subscriptions → users). The calls of one level run concurrently.
//!
//! How a part is read is the caller's choice: the client alone reads each part with its own
//! call; the actor reads them through its cache and shared flights, so every user of an
//! organization is gathered from the same few lists.

use std::future::Future;

use futures_util::future::try_join_all;

use crate::domain::UserAssignment;

use super::error::ApiError;
use super::resource::{Resource, ResourceData, SharedData};

/// Whether `resource` is gathered from parts rather than read with a call of its own.
pub fn is_gathered(resource: &Resource) -> bool {
    matches!(resource, Resource::UserAssignments { .. })
}

/// Gathers `resource` (one for which [`is_gathered`] holds), reading each part with `read`.
pub async fn gather<R, F>(resource: &Resource, read: R) -> Result<ResourceData, ApiError>
where
    R: Fn(Resource) -> F,
    F: Future<Output = Result<SharedData, ApiError>>,
{
    match resource {
        Resource::UserAssignments { org, user } => user_assignments(&read, org, user)
            .await
            .map(ResourceData::UserAssignments),
        other => Err(ApiError::Decode(format!("{other:?} is not gathered"))),
    }
}

/// Every subscription of `org` that has `user` among its assigned users, cancelled ones too.
async fn user_assignments<R, F>(
    read: &R,
    org: &str,
    user: &str,
) -> Result<Vec<UserAssignment>, ApiError>
where
    R: Fn(Resource) -> F,
    F: Future<Output = Result<SharedData, ApiError>>,
{
    let services = read(Resource::OrgServices { org: org.into() }).await?;
    let ResourceData::OrgServices(services) = services.as_ref() else {
        return Ok(Vec::new());
    };
    let per_service = try_join_all(services.iter().map(|service| async move {
        let resource = Resource::Subscriptions {
            org: org.into(),
            service: service.id.clone(),
        };
        Ok::<_, ApiError>((service, read(resource).await?))
    }))
    .await?;
    let pairs = per_service.iter().flat_map(|(service, subscriptions)| {
        let list = match subscriptions.as_ref() {
            ResourceData::Subscriptions(list) => list.as_slice(),
            _ => &[],
        };
        list.iter()
            .map(move |subscription| (*service, subscription))
    });
    let found =
        try_join_all(pairs.map(|(service, subscription)| async move {
            let resource = Resource::SubscriptionUsers {
                org: org.into(),
                service: service.id.clone(),
                subscription: subscription.id.clone(),
            };
            let users = read(resource).await?;
            let ResourceData::SubscriptionUsers(users) = users.as_ref() else {
                return Ok(None);
            };
            Ok::<_, ApiError>(users.iter().find(|u| u.user_id == user).map(|assigned| {
                UserAssignment {
                    service_id: service.id.clone(),
                    service_name: service.name.clone(),
                    subscription_id: subscription.id.clone(),
                    product_name: subscription.product_name.clone(),
                    status: subscription.status.clone(),
                    external_user_id: assigned.external_user_id.clone(),
                }
            }))
        }))
        .await?;
    Ok(found.into_iter().flatten().collect())
}
