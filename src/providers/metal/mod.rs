//! The Equinix Metal provider's client: its wire types (`wire`), the settings and every call
//! with the API key in `X-Auth-Token` (`client`), whole lists page by page following
//! `meta.next` (`pages`) and its error bodies onto [`crate::api::ApiError`] (`errors`); its
//! `X-RateLimit-*` budget is kept by the shared request discipline (`api::rate_budget`). It does not implement [`crate::api::Provider`] yet:
//! how organizations, projects and memberships map onto the console's neutral hierarchy is
//! decided with the console.

mod client;
mod errors;
mod pages;
mod provider;
pub mod wire;

pub use client::{
    DEFAULT_API_URL, DEFAULT_PER_PAGE, Filter, MetalClient, MetalConfig, OrgQuery, View,
};
pub use errors::map_error;
pub use pages::{ListSummary, Page};
pub use provider::CAPABILITIES;
pub use wire::{
    Address, Coordinates, Href, Invitation, InvitationInput, InvitationItem, Membership, Meta,
    Organization, OrganizationInput, Project, ProjectInput, Ref, User,
};
