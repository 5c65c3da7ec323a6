//! Cloudmore behind the console's [`Provider`] seam: every read and write is the client's own;
//! it has no hierarchy nouns ([`Resource::Hierarchy`] and [`crate::api::NodeChange`] are
//! refused as unsupported).

use std::future::Future;

use tokio::sync::watch;
use tokio::time::Instant;

use super::client::CloudmoreClient;
use crate::api::provider::PageSink;
use crate::api::{ApiError, Mutation, Provider, Read, Resource, ResourceData};
use crate::domain::hierarchy::{Capabilities, RESELLER_CONSOLE};

/// What Cloudmore can do: the reseller tree with everything below it.
pub const CAPABILITIES: Capabilities = RESELLER_CONSOLE;

impl Provider for CloudmoreClient {
    fn fetch(
        &self,
        resource: &Resource,
    ) -> impl Future<Output = Result<ResourceData, ApiError>> + Send {
        CloudmoreClient::fetch(self, resource)
    }

    fn read(&self, resource: &Resource) -> impl Future<Output = Result<Read, ApiError>> + Send {
        CloudmoreClient::read(self, resource)
    }

    fn fetch_raw(
        &self,
        resource: &Resource,
    ) -> impl Future<Output = Result<serde_json::Value, ApiError>> + Send {
        CloudmoreClient::fetch_raw(self, resource)
    }

    fn stream_pages(
        &self,
        resource: &Resource,
        pages: PageSink,
    ) -> impl Future<Output = Result<Read, ApiError>> + Send {
        CloudmoreClient::stream(self, resource, pages)
    }

    fn mutate(
        &self,
        mutation: &Mutation,
    ) -> impl Future<Output = Result<Option<String>, ApiError>> + Send {
        CloudmoreClient::mutate(self, mutation)
    }

    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        Some(CloudmoreClient::throttle(self))
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }
}
