//! The seam between the actor and a concrete backend. Cloudmore is the first implementation;
//! the other organization APIs plug in here later.

use std::future::Future;

use tokio::sync::watch;
use tokio::time::Instant;

use super::client::CloudmoreClient;
use super::error::ApiError;
use super::mutation::Mutation;
use super::resource::{Read, Resource, ResourceData};

pub trait Provider: Send + Sync + 'static {
    fn fetch(
        &self,
        resource: &Resource,
    ) -> impl Future<Output = Result<ResourceData, ApiError>> + Send;

    /// Like `fetch`, with how many rows of a list could not be read (and were left out).
    fn read(&self, resource: &Resource) -> impl Future<Output = Result<Read, ApiError>> + Send {
        async { self.fetch(resource).await.map(Read::from) }
    }

    fn mutate(
        &self,
        mutation: &Mutation,
    ) -> impl Future<Output = Result<Option<String>, ApiError>> + Send;

    /// Changes of the provider's "not before" gate (set by a `Retry-After`), if it has one.
    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        None
    }
}

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

    fn mutate(
        &self,
        mutation: &Mutation,
    ) -> impl Future<Output = Result<Option<String>, ApiError>> + Send {
        CloudmoreClient::mutate(self, mutation)
    }

    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        Some(CloudmoreClient::throttle(self))
    }
}
