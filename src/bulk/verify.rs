//! Before an item of unknown outcome is sent again, ask the API whether it already took effect.
//!
//! Idempotent writes (PUT, PATCH) are simply sent again: a second identical update changes
//! nothing. Creates, assignments and deletes are checked, so a resumed run never makes a second
//! user or fails on a delete that did happen.

use crate::api::{ApiError, Mutation, Provider, Resource, ResourceData};

/// What the API says about an item of unknown outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// It took effect; `created` is the id of what a create made.
    Applied { created: Option<String> },
    /// It did not: send it.
    NotApplied,
    /// Sending it again cannot double it.
    SafeToResend,
    /// The API cannot tell (a subscription create has no natural key); left to the user.
    Unknowable,
}

/// Asks the API whether `mutation` already happened.
pub async fn check<P: Provider>(provider: &P, mutation: &Mutation) -> Result<Check, ApiError> {
    use Mutation as M;
    if mutation.is_idempotent() {
        return Ok(Check::SafeToResend);
    }
    Ok(match mutation {
        M::CreateUser { org, input } => {
            let users = read(provider, Resource::Users { org: org.clone() }).await?;
            let ResourceData::Users(users) = users else {
                return Ok(Check::Unknowable);
            };
            found(
                users
                    .iter()
                    .find(|u| u.username.eq_ignore_ascii_case(&input.username))
                    .map(|u| u.id.clone()),
            )
        }
        M::CreateAdministrator(input) => {
            let ResourceData::Administrators(admins) =
                read(provider, Resource::Administrators).await?
            else {
                return Ok(Check::Unknowable);
            };
            found(
                admins
                    .iter()
                    .find(|a| a.name.eq_ignore_ascii_case(&input.name))
                    .map(|a| a.id.clone()),
            )
        }
        M::AddService { org, input } => {
            let services = read(provider, Resource::OrgServices { org: org.clone() }).await?;
            let ResourceData::OrgServices(services) = services else {
                return Ok(Check::Unknowable);
            };
            found(
                services
                    .iter()
                    .any(|s| s.id == input.service_id)
                    .then(|| input.service_id.clone()),
            )
        }
        M::AssignUser {
            org,
            service,
            subscription,
            input,
        } => {
            let assigned =
                is_assigned(provider, org, service, subscription, &input.user_id).await?;
            applied_if(assigned)
        }
        M::UnassignUser {
            org,
            service,
            subscription,
            user,
        } => applied_if(!is_assigned(provider, org, service, subscription, user).await?),
        M::DeleteOrganization { org } => {
            gone(provider, Resource::Organization { org: org.clone() }).await?
        }
        M::DeleteUser { org, user } => {
            gone(
                provider,
                Resource::User {
                    org: org.clone(),
                    user: user.clone(),
                },
            )
            .await?
        }
        M::DeleteAdministrator { id } => {
            gone(provider, Resource::Administrator { id: id.clone() }).await?
        }
        M::RemoveService { org, service } => {
            let services = read(provider, Resource::OrgServices { org: org.clone() }).await?;
            let ResourceData::OrgServices(services) = services else {
                return Ok(Check::Unknowable);
            };
            applied_if(!services.iter().any(|s| &s.id == service))
        }
        M::CancelSubscription {
            org,
            service,
            subscription,
        } => {
            let subs = Resource::Subscriptions {
                org: org.clone(),
                service: service.clone(),
            };
            let ResourceData::Subscriptions(subs) = read(provider, subs).await? else {
                return Ok(Check::Unknowable);
            };
            applied_if(
                subs.iter()
                    .any(|s| &s.id == subscription && s.is_cancelled()),
            )
        }
        M::CreateOrganization(input) => {
            let ResourceData::Organizations(orgs) = read(provider, Resource::Organizations).await?
            else {
                return Ok(Check::Unknowable);
            };
            // No unique key: the same name, customer number and domain count as the same one.
            let same = |o: &crate::domain::OrganizationSummary| {
                o.name == input.name
                    && o.customer_number == input.customer_number
                    && o.primary_domain.eq_ignore_ascii_case(&input.primary_domain)
            };
            found(orgs.iter().find(|o| same(o)).map(|o| o.id.clone()))
        }
        M::CreateSubscription { .. } => Check::Unknowable,
        _ => Check::SafeToResend,
    })
}

/// Whether a write that failed this way may have taken effect all the same: its request may
/// have reached the server before the answer was lost (a timeout, a cut connection, a
/// gateway's 5xx, a 401 met by a create).
pub fn may_have_happened(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Timeout(_)
            | ApiError::Network(_)
            | ApiError::ExpiredMidWrite
            | ApiError::Server {
                status: 500 | 502 | 503 | 504,
                ..
            }
    )
}

/// How a write whose answer was lost turned out.
#[derive(Debug, Clone, PartialEq)]
pub enum Settled {
    /// It took effect after all (`created`: the new id).
    Done { created: Option<String> },
    /// It did not: sending it again is safe.
    NotDone,
    /// Nobody can tell; why, for the user.
    Unknown(String),
}

/// Asks the API whether the non-idempotent `mutation`, which failed with `error`, happened.
pub async fn settle<P: Provider>(provider: &P, mutation: &Mutation, error: &ApiError) -> Settled {
    match check(provider, mutation).await {
        Ok(Check::Applied { created }) => Settled::Done { created },
        Ok(Check::NotApplied) => Settled::NotDone,
        Ok(Check::SafeToResend) => Settled::NotDone,
        Ok(Check::Unknowable) => Settled::Unknown(format!(
            "{error}; the request may have reached the server and the API cannot tell whether it was done: look before trying again"
        )),
        Err(check) => Settled::Unknown(format!(
            "{error}; the request may have reached the server, and checking failed too ({check}): look before trying again"
        )),
    }
}

async fn read<P: Provider>(provider: &P, resource: Resource) -> Result<ResourceData, ApiError> {
    provider.fetch(&resource).await
}

fn found(created: Option<String>) -> Check {
    match created {
        Some(id) => Check::Applied { created: Some(id) },
        None => Check::NotApplied,
    }
}

fn applied_if(done: bool) -> Check {
    if done {
        Check::Applied { created: None }
    } else {
        Check::NotApplied
    }
}

/// A delete happened when the thing is gone.
async fn gone<P: Provider>(provider: &P, resource: Resource) -> Result<Check, ApiError> {
    match provider.fetch(&resource).await {
        Ok(_) => Ok(Check::NotApplied),
        Err(ApiError::NotFound) => Ok(Check::Applied { created: None }),
        Err(other) => Err(other),
    }
}

async fn is_assigned<P: Provider>(
    provider: &P,
    org: &str,
    service: &str,
    subscription: &str,
    user: &str,
) -> Result<bool, ApiError> {
    let resource = Resource::SubscriptionUsers {
        org: org.into(),
        service: service.into(),
        subscription: subscription.into(),
    };
    match read(provider, resource).await? {
        ResourceData::SubscriptionUsers(users) => Ok(users.iter().any(|u| u.user_id == user)),
        _ => Ok(false),
    }
}
