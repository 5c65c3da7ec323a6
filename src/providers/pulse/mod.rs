//! The VMware Pulse IoT Center provider: its wire types (`wire`), sign-in with the API
//! version, Basic, Bearer and refresh (`session`), the organization calls (`client`), the
//! whole list page by page (`pages`), its errors onto [`crate::api::ApiError`] (`errors`), an
//! organization in the console's neutral terms (`view`: [`crate::domain::hierarchy::OrgNode`])
//! and the [`crate::api::Provider`] seam over all of it (`provider`).

mod client;
mod errors;
mod pages;
mod provider;
mod session;
mod view;
pub mod wire;

pub use client::{DEFAULT_PAGE_SIZE, OrganizationUpdate, PulseClient, PulseConfig};
pub use errors::map_error;
pub use pages::{OrgPage, ReadSummary};
pub use provider::{CAPABILITIES, MAX_DEPTH};
pub use session::FALLBACK_API_VERSION;
pub use wire::{EpochMs, NewUser, Organization, OrganizationInput};
