//! The seam between the actor (and the bulk worker) and a concrete backend: reads, paged reads
//! handed over as they arrive (kept for the answer too, or only streamed: [`Handover`]), writes
//! with the created id, the provider's `Retry-After` gate and what it can do ([`Capabilities`]).
//! Each provider implements it in its own folder under `providers/`; `providers::Connected` is
//! the one value the rest of the console holds.
//!
//! A provider answers only the [`Resource`]s and [`Mutation`]s its capabilities cover; any other
//! is [`ApiError::Unsupported`] (the console never asks for one: its commands are filtered by
//! capability).

use std::future::Future;
use std::sync::Arc;

use tokio::sync::watch;
use tokio::time::Instant;

use super::error::ApiError;
use super::mutation::Mutation;
use super::resource::{Read, Resource, ResourceData};
use crate::domain::hierarchy::Capabilities;

/// Takes the rows of a paged read as they arrive, one page at a time and in order, the first
/// page first; the whole list is still the read's answer.
pub type PageSink = Arc<dyn Fn(ResourceData) + Send + Sync>;

pub trait Provider: Send + Sync + 'static {
    fn fetch(
        &self,
        resource: &Resource,
    ) -> impl Future<Output = Result<ResourceData, ApiError>> + Send;

    /// Like `fetch`, with how many rows of a list could not be read (and were left out).
    fn read(&self, resource: &Resource) -> impl Future<Output = Result<Read, ApiError>> + Send {
        async { self.fetch(resource).await.map(Read::from) }
    }

    /// Like `read`, handing each page to `pages` as it arrives (a provider that reads a list
    /// in one answer hands over nothing and just answers).
    fn read_in_pages(
        &self,
        resource: &Resource,
        pages: PageSink,
    ) -> impl Future<Output = Result<Read, ApiError>> + Send {
        drop(pages);
        self.read(resource)
    }

    /// One record's body exactly as the server sent it (the raw view, `v`): every field, the
    /// ones no type of this version knows too. A provider without it says `Unsupported`.
    fn fetch_raw(
        &self,
        resource: &Resource,
    ) -> impl Future<Output = Result<serde_json::Value, ApiError>> + Send {
        let unsupported = ApiError::Unsupported(format!("the raw body of {resource:?}"));
        async move { Err(unsupported) }
    }

    /// Like `read_in_pages`, but what is handed over is not kept: the answer holds only the rows
    /// that were not handed over: none from a provider that streams the list, all of them from
    /// one that reads it in one answer and hands nothing over. However long the list, memory
    /// then holds a page at a time (`get`, `export`); the console's reads, which need the whole
    /// list, use `read_in_pages`.
    fn stream_pages(
        &self,
        resource: &Resource,
        pages: PageSink,
    ) -> impl Future<Output = Result<Read, ApiError>> + Send {
        drop(pages);
        self.read(resource)
    }

    /// Sends a write; a create answers with the new id.
    fn mutate(
        &self,
        mutation: &Mutation,
    ) -> impl Future<Output = Result<Option<String>, ApiError>> + Send;

    /// Changes of the provider's "not before" gate (set by a `Retry-After`), if it has one.
    fn throttle(&self) -> Option<watch::Receiver<Option<Instant>>> {
        None
    }

    /// What the provider can do.
    fn capabilities(&self) -> Capabilities;
}

/// What a provider's paged read does with each page: keeps it for the answer (`read`), hands
/// it over and keeps it too (`read_in_pages`), or only hands it over (`stream_pages`). One
/// place for the three, so the providers that page share them.
#[derive(Clone, Default)]
pub struct Handover {
    sink: Option<PageSink>,
    /// Only handed over: the answer keeps nothing.
    streamed: bool,
}

impl Handover {
    /// Every page kept, none handed over.
    pub fn keep() -> Self {
        Handover::default()
    }

    /// Every page handed to `sink` and kept.
    pub fn also_to(sink: PageSink) -> Self {
        Handover {
            sink: Some(sink),
            streamed: false,
        }
    }

    /// Every page handed to `sink` and then dropped.
    pub fn only_to(sink: PageSink) -> Self {
        Handover {
            sink: Some(sink),
            streamed: true,
        }
    }

    /// Takes one page of `rows` (`data` makes them a list): handed over, added to `kept`, or
    /// both (only then is the page copied).
    pub fn page<U: Clone>(
        &self,
        rows: Vec<U>,
        kept: &mut Vec<U>,
        data: fn(Vec<U>) -> ResourceData,
    ) {
        match &self.sink {
            Some(sink) if self.streamed => sink(data(rows)),
            Some(sink) => {
                sink(data(rows.clone()));
                kept.extend(rows);
            }
            None => kept.extend(rows),
        }
    }
}
