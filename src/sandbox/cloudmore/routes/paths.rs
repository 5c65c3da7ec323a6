//! The path parameters of the reseller routes, named as in the route patterns. Each struct
//! ignores the parameters it does not name (the `reseller_id` of the nest, for one).

use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct OrgPath {
    pub org: String,
}

#[derive(Deserialize)]
pub(super) struct ServicePath {
    pub org: String,
    pub service: String,
}

#[derive(Deserialize)]
pub(super) struct SubPath {
    pub org: String,
    pub service: String,
    pub sub: String,
}

/// A user under a subscription.
#[derive(Deserialize)]
pub(super) struct SubUserPath {
    pub org: String,
    pub service: String,
    pub sub: String,
    pub user: String,
}

/// An organization user.
#[derive(Deserialize)]
pub(super) struct UserPath {
    pub org: String,
    pub user: String,
}

#[derive(Deserialize)]
pub(super) struct AdminPath {
    pub admin: String,
}

#[derive(Deserialize)]
pub(super) struct GroupPath {
    pub group: String,
}

/// A member (an organization) of a group.
#[derive(Deserialize)]
pub(super) struct GroupMemberPath {
    pub group: String,
    pub member: String,
}
