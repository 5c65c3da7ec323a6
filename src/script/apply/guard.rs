//! The sign-in guard of an `apply` run: the profile's provider, watched. The first refused
//! sign-in (or a token the server no longer takes) stops the run from launching more items, so
//! a wrong password costs one refused write, not one per item, and the command ends with exit
//! code 3. The runner reports a failed item only by its message; the guard sees the error
//! itself, so telling a refusal from any other failure needs no parsing of words.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use tokio::sync::watch;
use tokio::time::Instant;

use crate::api::provider::PageSink;
use crate::api::{ApiError, Mutation, Provider, Read, Resource, ResourceData};
use crate::domain::hierarchy::Capabilities;

/// A provider that stops a run at its first refused sign-in.
pub struct Guarded<P> {
    inner: Arc<P>,
    /// The run's stop flag: set on a refusal.
    stop: Arc<AtomicBool>,
    refused: Mutex<Option<ApiError>>,
}

impl<P: Provider> Guarded<P> {
    pub fn new(inner: Arc<P>, stop: Arc<AtomicBool>) -> Guarded<P> {
        Guarded {
            inner,
            stop,
            refused: Mutex::new(None),
        }
    }

    /// The refusal that stopped the run, if one did.
    pub fn refused(&self) -> Option<ApiError> {
        self.refused
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn watch<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Err(error) = &result
            && is_refusal(error)
        {
            self.stop.store(true, Ordering::SeqCst);
            let mut refused = self.refused.lock().unwrap_or_else(PoisonError::into_inner);
            refused.get_or_insert_with(|| error.clone());
        }
        result
    }
}

/// Whether `error` says the account cannot sign in (exit code 3). A 403 is left to its item:
/// it may refuse one organization and not the next (a Metal key sees only its own).
pub fn is_refusal(error: &ApiError) -> bool {
    matches!(error, ApiError::Auth(_) | ApiError::Unauthorized)
}

impl<P: Provider> Provider for Guarded<P> {
    async fn fetch(&self, resource: &Resource) -> Result<ResourceData, ApiError> {
        self.watch(self.inner.fetch(resource).await)
    }

    async fn read(&self, resource: &Resource) -> Result<Read, ApiError> {
        self.watch(self.inner.read(resource).await)
    }

    async fn read_in_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        self.watch(self.inner.read_in_pages(resource, pages).await)
    }

    async fn stream_pages(&self, resource: &Resource, pages: PageSink) -> Result<Read, ApiError> {
        self.watch(self.inner.stream_pages(resource, pages).await)
    }

    async fn mutate(&self, mutation: &Mutation) -> Result<Option<String>, ApiError> {
        self.watch(self.inner.mutate(mutation).await)
    }

    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        self.inner.throttle()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }
}
