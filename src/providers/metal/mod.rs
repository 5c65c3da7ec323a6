//! The Equinix Metal provider: its wire types (`wire`), the settings and every call with the
//! API key in `X-Auth-Token` (`client`), whole lists page by page following `meta.next`
//! (`pages`), its error bodies onto [`crate::api::ApiError`] (`errors`), and the console's
//! [`crate::api::Provider`] over them (`provider`: organizations and projects as the neutral
//! hierarchy; `people`: memberships and invitations as the neutral people). Its
//! `X-RateLimit-*` budget is kept by the shared request discipline (`api::rate_budget`).

mod changes;
mod client;
mod errors;
mod pages;
mod people;
mod people_writes;
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
    Organization, OrganizationInput, Project, ProjectInput, ProjectUpdateInput, Ref, User,
    UserUpdateInput,
};
