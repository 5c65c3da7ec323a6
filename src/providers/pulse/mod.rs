//! The VMware Pulse IoT Center provider: its wire types (`wire`), sign-in with the API
//! version, Basic, Bearer and refresh (`session`), the organization calls (`client`), the
//! whole list page by page (`pages`), its errors onto [`crate::api::ApiError`] (`errors`) and a
//! provider-neutral view of an organization for the console (`view`).

mod client;
mod errors;
mod pages;
mod session;
mod view;
pub mod wire;

pub use client::{DEFAULT_PAGE_SIZE, OrganizationUpdate, PulseClient, PulseConfig};
pub use errors::map_error;
pub use pages::{OrgPage, ReadSummary};
pub use session::FALLBACK_API_VERSION;
pub use view::{OrgView, format_ms};
pub use wire::{EpochMs, NewUser, Organization, OrganizationInput};
