//! Before an item of unknown outcome is sent again, ask the API whether it already took effect.
//!
//! Idempotent writes (PUT, PATCH) are simply sent again: a second identical update changes
//! nothing. Creates, assignments and deletes are checked, so a resumed run never makes a second
//! user or fails on a delete that did happen. Changes to a provider's hierarchy
//! ([`NodeChange`]) are all checked, updates too: one made from a concurrency token is refused
//! when sent twice (the first moved the token on), so "send it again" is not safe for them.

use crate::api::{
    ApiError, GroupChange, Mutation, NodeChange, PeopleChange, Provider, Resource, ResourceData,
};
use crate::domain::hierarchy::OrgNode;

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
    if let M::Node(change) = mutation {
        return check_node(provider, change).await;
    }
    if let M::People(change) = mutation {
        return check_people(provider, change).await;
    }
    if let M::Group(change) = mutation {
        return check_group(provider, change).await;
    }
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
            found(orgs.iter().find(|o| same(o)).map(|o| o.id.to_string()))
        }
        M::CreateSubscription { .. } => Check::Unknowable,
        _ => Check::SafeToResend,
    })
}

/// Whether a write of unknown outcome is checked before it is sent again: creates, deletes and
/// assignments, and every hierarchy change (see the module's note on tokens).
pub fn checked_before_resending(mutation: &Mutation) -> bool {
    matches!(mutation, Mutation::Node(_)) || !mutation.is_idempotent()
}

/// Whether a hierarchy change already shows on the server: a create by a child of its parent
/// with its name, an update by name and status, a move by the parent, a status by itself, a
/// delete by the organization being gone.
async fn check_node<P: Provider>(provider: &P, change: &NodeChange) -> Result<Check, ApiError> {
    let node = |id: &str| Resource::Node { id: id.to_string() };
    let now = |id: &str| read_node(provider, node(id));
    Ok(match change {
        NodeChange::Create { parent, name, .. } => {
            let ResourceData::Hierarchy(nodes) = read(provider, Resource::Hierarchy).await? else {
                return Ok(Check::Unknowable);
            };
            // No unique key: a child of the same parent with the same name (servers trim
            // names) counts as the one made; of several, the newest.
            let name = name.trim();
            found(
                nodes
                    .iter()
                    .filter(|n| n.parent == *parent && n.name.trim() == name)
                    .max_by_key(|n| n.created)
                    .map(|n| n.id.clone()),
            )
        }
        NodeChange::Update {
            id,
            name,
            active,
            profile,
            ..
        } => match now(id).await? {
            Some(n) => applied_if(
                n.name.trim() == name.trim()
                    && n.active == *active
                    && profile
                        .as_ref()
                        .is_none_or(|p| n.profile.unwrap_or_default() == *p),
            ),
            None => Check::Unknowable,
        },
        NodeChange::Move { id, parent, .. } => match now(id).await? {
            Some(n) => applied_if(n.parent.as_deref() == Some(parent.as_str())),
            None => Check::Unknowable,
        },
        NodeChange::SetActive { id, active, .. } => match now(id).await? {
            Some(n) => applied_if(n.active == *active),
            None => Check::Unknowable,
        },
        NodeChange::Delete { id, .. } => gone(provider, node(id)).await?,
    })
}

/// Whether a people change already shows on the server: an invite by a pending invitation
/// for the e-mail (e-mails compare case-insensitively), a removal or revoke by the membership
/// or invitation being gone from its list. A change of roles is sent again (a PUT).
async fn check_people<P: Provider>(provider: &P, change: &PeopleChange) -> Result<Check, ApiError> {
    let invitations = |organization: &str| Resource::Invitations {
        node: organization.to_string(),
        kind: crate::domain::hierarchy::NodeKind::Organization,
    };
    Ok(match change {
        PeopleChange::SetRoles { .. } => Check::SafeToResend,
        PeopleChange::Invite {
            organization,
            email,
            ..
        } => match read(provider, invitations(organization)).await? {
            ResourceData::Invitations(list) => found(
                list.iter()
                    .find(|i| i.invitee.trim().eq_ignore_ascii_case(email.trim()))
                    .map(|i| i.id.clone()),
            ),
            _ => Check::Unknowable,
        },
        PeopleChange::Revoke {
            organization,
            invitation,
            ..
        } => match read(provider, invitations(organization)).await? {
            ResourceData::Invitations(list) => {
                applied_if(!list.iter().any(|i| &i.id == invitation))
            }
            _ => Check::Unknowable,
        },
        PeopleChange::Remove {
            node, kind, member, ..
        } => {
            let members = Resource::Members {
                node: node.clone(),
                kind: *kind,
            };
            match read(provider, members).await? {
                ResourceData::Members(list) => applied_if(!list.iter().any(|m| &m.id == member)),
                _ => Check::Unknowable,
            }
        }
    })
}

/// Whether a group change already shows: a create by a group of that name (names compare
/// case-insensitively, as the API does), a delete by the group being gone, a membership change
/// by the organization being in the group's members or not. A rename is sent again (a PUT).
async fn check_group<P: Provider>(provider: &P, change: &GroupChange) -> Result<Check, ApiError> {
    let members = |group: &String| Resource::GroupMembers {
        group: group.clone(),
    };
    let holds = |data: ResourceData, org: &String| match data {
        ResourceData::GroupMembers(list) => Some(list.iter().any(|m| &m.id == org)),
        _ => None,
    };
    Ok(match change {
        GroupChange::Update { .. } => Check::SafeToResend,
        GroupChange::Create { input } => {
            match read(provider, Resource::OrganizationGroups).await? {
                ResourceData::Groups(list) => found(
                    list.iter()
                        .find(|g| g.name.trim().eq_ignore_ascii_case(input.name.trim()))
                        .map(|g| g.id.clone()),
                ),
                _ => Check::Unknowable,
            }
        }
        GroupChange::Delete { group, .. } => gone(provider, members(group)).await?,
        GroupChange::AddMember { group, org, .. } => {
            match holds(read(provider, members(group)).await?, org) {
                Some(there) => applied_if(there),
                None => Check::Unknowable,
            }
        }
        GroupChange::RemoveMember { group, org, .. } => {
            match holds(read(provider, members(group)).await?, org) {
                Some(there) => applied_if(!there),
                None => Check::Unknowable,
            }
        }
    })
}

/// One organization as the provider has it now (`None`: it answered something else).
async fn read_node<P: Provider>(
    provider: &P,
    resource: Resource,
) -> Result<Option<OrgNode>, ApiError> {
    Ok(match read(provider, resource).await? {
        ResourceData::Node(node) => Some(node),
        _ => None,
    })
}

/// What one send came to once a lost answer is settled ([`send_settled`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Landed {
    /// The server's answer (after a session ran out mid-write and checking showed nothing
    /// was done: the answer to sending it once more).
    Answer(Result<Option<String>, ApiError>),
    /// Its answer was lost, and checking showed it was done (`created`: the new id).
    FoundDone(Option<String>),
    /// Its answer was lost and it does not show yet; a slow server may still be at it.
    NotSeen(ApiError),
    /// Its answer was lost and nobody can tell; why, for the user.
    Unknown(String),
}

/// Sends `mutation` once; when the answer is lost in a way the server may have acted on
/// anyway, asks the API at once how it turned out, so nothing is sent twice blindly. Shared
/// by single edits and bulk items. A refusal the server gave (a conflict, a 400) is an answer
/// and is never checked or sent again here.
pub async fn send_settled<P: Provider>(provider: &P, mutation: &Mutation) -> Landed {
    let error = match provider.mutate(mutation).await {
        Err(error) if checked_before_resending(mutation) && may_have_happened(&error) => error,
        other => return Landed::Answer(other),
    };
    match settle(provider, mutation, &error).await {
        Settled::Done { created } => Landed::FoundDone(created),
        // Only a session that ran out says for sure the server did nothing with it.
        Settled::NotDone if error == ApiError::ExpiredMidWrite => {
            Landed::Answer(provider.mutate(mutation).await)
        }
        Settled::NotDone => Landed::NotSeen(error),
        Settled::Unknown(why) => Landed::Unknown(why),
    }
}

/// Whether a write that failed this way may have taken effect all the same: its request may
/// have reached the server before the answer was lost (a timeout, a cut connection, a
/// gateway's 5xx, a 401 met by a write the client does not send again).
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

/// Asks the API whether `mutation` (one [`checked_before_resending`]), which failed with
/// `error`, happened.
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
