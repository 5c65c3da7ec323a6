//! The Cloudmore provider: the REST client with its password-grant sign-in (`client`), where
//! each resource and write lives and how a body decodes (`routes`), the organizations list decoded as it arrives
//! (`organization_rows`), and the
//! [`crate::api::Provider`] seam over them (`provider`). Its wire types and rules are still in
//! `domain::reseller` (model and rules), which the Cloudmore screens and the stand-in share.

mod client;
mod organization_rows;
mod provider;
pub mod routes;

pub use client::{
    CLOUDMORE_CLIENT_ID, ClientAuth, ClientConfig, CloudmoreClient, PasswordSource,
    parse_bad_request,
};
pub use provider::CAPABILITIES;
