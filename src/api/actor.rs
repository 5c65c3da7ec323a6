//! The API actor: one task owns the provider client and the cache. Screens send
//! [`ApiRequest`]s and get [`ApiEvent`]s back; nothing on the UI side ever awaits HTTP.
//!
//! - A fresh cache entry answers a fetch with no HTTP call; a stale one answers at once and a
//!   revalidation follows.
//! - Concurrent fetches of one resource share one HTTP call (single flight).
//! - A successful mutation drops exactly the cache keys it touches; a fetch that was in flight
//!   while that happened is delivered but not cached, so it cannot resurrect old data.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

use super::cache::{Cache, Lookup};
use super::error::ApiError;
use super::messages::{ApiEvent, ApiRequest, RequestId};
use super::mutation::Mutation;
use super::provider::Provider;
use super::resource::{Resource, SharedData};

/// How long a cached read counts as fresh by default.
pub const DEFAULT_FRESH_FOR: Duration = Duration::from_secs(30);

/// The two ends a screen holds.
pub struct ActorChannels {
    pub requests: UnboundedSender<ApiRequest>,
    pub events: UnboundedReceiver<ApiEvent>,
}

/// Starts the actor on the current tokio runtime. It stops when every request sender is gone.
pub fn spawn_actor<P: Provider>(provider: Arc<P>, fresh_for: Duration) -> ActorChannels {
    spawn_actor_for(provider, fresh_for, false)
}

/// [`spawn_actor`] for a profile that may be read-only: then every write is answered with
/// [`ApiError::ReadOnly`] and never reaches the provider.
pub fn spawn_actor_for<P: Provider>(
    provider: Arc<P>,
    fresh_for: Duration,
    read_only: bool,
) -> ActorChannels {
    let (request_tx, request_rx) = mpsc::unbounded_channel();
    let (event_tx, event_rx) = mpsc::unbounded_channel();
    let actor = Actor {
        provider,
        cache: Cache::new(fresh_for),
        in_flight: HashMap::new(),
        events: event_tx,
        read_only,
    };
    tokio::spawn(actor.run(request_rx));
    ActorChannels {
        requests: request_tx,
        events: event_rx,
    }
}

/// A fetch on its way: who waits for it, and whether a mutation made its answer uncacheable.
struct Flight {
    waiting: Vec<RequestId>,
    invalidated: bool,
}

enum Done {
    /// The data and how many of its rows were left out.
    Fetched(Resource, Result<(SharedData, usize), ApiError>),
    Mutated(RequestId, Box<Mutation>, Result<Option<String>, ApiError>),
}

struct Actor<P> {
    provider: Arc<P>,
    cache: Cache,
    in_flight: HashMap<Resource, Flight>,
    events: UnboundedSender<ApiEvent>,
    read_only: bool,
}

impl<P: Provider> Actor<P> {
    async fn run(mut self, mut requests: UnboundedReceiver<ApiRequest>) {
        let (done_tx, mut done_rx) = mpsc::unbounded_channel();
        loop {
            tokio::select! {
                request = requests.recv() => match request {
                    Some(request) => self.handle(request, &done_tx),
                    None => break,
                },
                Some(done) = done_rx.recv() => self.complete(done),
            }
        }
    }

    fn handle(&mut self, request: ApiRequest, done: &UnboundedSender<Done>) {
        match request {
            ApiRequest::Fetch { id, resource } => match self.cache.lookup(&resource) {
                Lookup::Fresh(data) => self.emit(ApiEvent::Loaded {
                    id,
                    resource,
                    data,
                    stale: false,
                    skipped: 0,
                }),
                Lookup::Stale(data) => {
                    self.emit(ApiEvent::Loaded {
                        id,
                        resource: resource.clone(),
                        data,
                        stale: true,
                        skipped: 0,
                    });
                    self.join_flight(id, resource, done);
                }
                Lookup::Missing => self.join_flight(id, resource, done),
            },
            ApiRequest::Refresh { id, resource } => self.join_flight(id, resource, done),
            ApiRequest::Forget { mutation } => self.forget(&mutation),
            ApiRequest::Mutate { id, mutation } if self.read_only => self.emit(ApiEvent::Mutated {
                id,
                mutation,
                result: Err(ApiError::ReadOnly),
            }),
            ApiRequest::Mutate { id, mutation } => {
                let provider = self.provider.clone();
                let done = done.clone();
                tokio::spawn(async move {
                    let result = provider.mutate(&mutation).await;
                    let _ = done.send(Done::Mutated(id, mutation, result));
                });
            }
        }
    }

    /// Waits on the fetch already in flight for `resource`, or starts one.
    fn join_flight(&mut self, id: RequestId, resource: Resource, done: &UnboundedSender<Done>) {
        if let Some(flight) = self.in_flight.get_mut(&resource) {
            flight.waiting.push(id);
            return;
        }
        self.in_flight.insert(
            resource.clone(),
            Flight {
                waiting: vec![id],
                invalidated: false,
            },
        );
        let provider = self.provider.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let result =
                (provider.read(&resource).await).map(|read| (Arc::new(read.data), read.skipped));
            let _ = done.send(Done::Fetched(resource, result));
        });
    }

    fn complete(&mut self, done: Done) {
        match done {
            Done::Fetched(resource, result) => {
                let Some(flight) = self.in_flight.remove(&resource) else {
                    return;
                };
                match result {
                    Ok((data, skipped)) => {
                        if !flight.invalidated {
                            self.cache.store(resource.clone(), data.clone());
                        }
                        for id in flight.waiting {
                            self.emit(ApiEvent::Loaded {
                                id,
                                resource: resource.clone(),
                                data: data.clone(),
                                stale: false,
                                skipped,
                            });
                        }
                    }
                    Err(error) => {
                        tracing::warn!(?resource, %error, "fetch failed");
                        for id in flight.waiting {
                            self.emit(ApiEvent::LoadFailed {
                                id,
                                resource: resource.clone(),
                                error: error.clone(),
                            });
                        }
                    }
                }
            }
            Done::Mutated(id, mutation, result) => {
                match &result {
                    Ok(_) => {
                        self.forget(&mutation);
                        tracing::info!(action = mutation.describe(), "mutation done");
                    }
                    Err(error) => {
                        tracing::warn!(action = mutation.describe(), %error, "mutation failed")
                    }
                }
                self.emit(ApiEvent::Mutated {
                    id,
                    mutation,
                    result,
                });
            }
        }
    }

    /// Drops the cache keys a successful write touches; a fetch in flight for one of them is
    /// delivered but not cached.
    fn forget(&mut self, mutation: &Mutation) {
        self.cache.invalidate(mutation);
        for (key, flight) in self.in_flight.iter_mut() {
            if mutation.invalidates(key) {
                flight.invalidated = true;
            }
        }
    }

    fn emit(&self, event: ApiEvent) {
        // The receiver is gone only when the console is shutting down.
        let _ = self.events.send(event);
    }
}
