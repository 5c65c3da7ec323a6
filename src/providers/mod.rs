//! Provider clients, one folder each: a provider's wire types, sign-in, paging and the mapping
//! of its error bodies onto the neutral [`crate::api::ApiError`]. They reuse the request
//! discipline of `api` (limit in flight, `Retry-After` gate, read retries) and know nothing
//! of the terminal.
//!
//! [`Connected`] is where a provider is chosen: the one client the actor and the bulk worker
//! of a profile share, whichever API the profile speaks.

pub mod cloudmore;
pub mod metal;
pub mod pulse;

use std::sync::Arc;

use tokio::sync::watch;
use tokio::time::Instant;

use crate::api::provider::PageSink;
use crate::api::{ApiError, Mutation, Provider, Read, Resource, ResourceData};
use crate::domain::hierarchy::Capabilities;

/// The client of a profile, for whichever provider it speaks.
#[derive(Clone)]
pub enum Connected {
    Cloudmore(Arc<cloudmore::CloudmoreClient>),
    Pulse(Arc<pulse::PulseClient>),
    Metal(Arc<metal::MetalClient>),
}

/// Runs `$call` on the client inside, whichever it is.
macro_rules! on_client {
    ($self:expr, $client:ident => $call:expr) => {
        match $self {
            Connected::Cloudmore($client) => $call,
            Connected::Pulse($client) => $call,
            Connected::Metal($client) => $call,
        }
    };
}

impl Provider for Connected {
    async fn fetch(&self, resource: &Resource) -> Result<ResourceData, ApiError> {
        on_client!(self, client => Provider::fetch(client.as_ref(), resource).await)
    }

    async fn read(&self, resource: &Resource) -> Result<Read, ApiError> {
        on_client!(self, client => Provider::read(client.as_ref(), resource).await)
    }

    async fn read_in_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        on_client!(self, client => Provider::read_in_pages(client.as_ref(), resource, pages).await)
    }

    async fn fetch_raw(&self, resource: &Resource) -> Result<serde_json::Value, ApiError> {
        on_client!(self, client => Provider::fetch_raw(client.as_ref(), resource).await)
    }

    async fn stream_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        on_client!(self, client => Provider::stream_pages(client.as_ref(), resource, pages).await)
    }

    async fn mutate(&self, mutation: &Mutation) -> Result<Option<String>, ApiError> {
        on_client!(self, client => Provider::mutate(client.as_ref(), mutation).await)
    }

    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        on_client!(self, client => Provider::throttle(client.as_ref()))
    }

    fn capabilities(&self) -> Capabilities {
        on_client!(self, client => Provider::capabilities(client.as_ref()))
    }
}
