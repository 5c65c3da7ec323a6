//! The API actor: one task owns the provider client and the cache. Screens send
//! [`ApiRequest`]s and get [`ApiEvent`]s back; nothing on the UI side ever awaits HTTP.
//!
//! - A fresh cache entry answers a fetch with no HTTP call; a stale one answers at once and a
//!   revalidation follows.
//! - Concurrent fetches of one resource share one HTTP call (single flight).
//! - A successful mutation drops exactly the cache keys it touches; a fetch that was in flight
//!   while that happened is delivered but not cached, so it cannot resurrect old data.
//! - A read the API has no call for (a user's subscriptions) is gathered from its parts, and
//!   each part is read like a screen's read: from the cache or a shared flight. Moving over the
//!   users of one organization thus reads its services, subscriptions and their users once,
//!   not once per user.
//! - When the provider's `Retry-After` gate closes, the UI hears of it ([`ApiEvent::Throttled`]).
//! - A provider that reads a list in pages hands each over as it arrives; screens waiting for
//!   that list get it as [`ApiEvent::Page`]s before the whole list.
//! - With a disk cache (`disk_cache.rs`), every fetched answer is also kept on disk, and a read
//!   the memory cache does not hold starts the disk read and the fetch together: the disk's
//!   copy is shown as [`ApiEvent::Cached`] (with its age) unless the fetch wins. Offline, the
//!   fetch is never sent: the caches answer, or [`ApiError::Offline`].

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::sync::{oneshot, watch};

use super::cache::{Cache, Lookup};
use super::disk_cache::{Cached, DiskCache};
use super::error::ApiError;
use super::gather;
use super::indexer::{self, IndexAnswer, IndexOrder, IndexRead, IndexSettings};

mod index_reads;
use super::messages::{ApiEvent, ApiRequest, RequestId};
use super::mutation::Mutation;
use super::provider::{PageSink, Provider};
use super::resource::{Resource, SharedData};

/// How long a cached read counts as fresh by default.
pub const DEFAULT_FRESH_FOR: Duration = Duration::from_secs(30);

/// The two ends a screen holds.
pub struct ActorChannels {
    pub requests: UnboundedSender<ApiRequest>,
    pub events: UnboundedReceiver<ApiEvent>,
}

impl ActorChannels {
    /// Stops the actor and waits until it has stopped, its disk cache written: what the next
    /// start of the profile reads is then complete.
    pub async fn close(self) {
        let ActorChannels {
            requests,
            mut events,
        } = self;
        drop(requests);
        while events.recv().await.is_some() {}
    }
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
    let options = ActorOptions {
        read_only,
        ..ActorOptions::new(fresh_for)
    };
    spawn_actor_with(provider, options)
}

/// How an actor is set up beyond its provider.
pub struct ActorOptions {
    /// How long a cached read counts as fresh.
    pub fresh_for: Duration,
    /// Refuse every write with [`ApiError::ReadOnly`] before it is sent.
    pub read_only: bool,
    /// The profile's cache file: answers are kept there and shown at the next start.
    pub disk: Option<DiskCache>,
    /// Send nothing: reads are answered from the caches, writes refused as read-only.
    pub offline: bool,
    /// The background indexer's rate and refresh age (`IndexSettings::OFF`: none).
    pub index: IndexSettings,
}

impl ActorOptions {
    pub fn new(fresh_for: Duration) -> Self {
        ActorOptions {
            fresh_for,
            read_only: false,
            disk: None,
            offline: false,
            index: IndexSettings::OFF,
        }
    }
}

/// [`spawn_actor`] with every option.
pub fn spawn_actor_with<P: Provider>(provider: Arc<P>, options: ActorOptions) -> ActorChannels {
    let (request_tx, request_rx) = mpsc::unbounded_channel();
    let (event_tx, event_rx) = mpsc::unbounded_channel();
    let (part_tx, part_rx) = mpsc::unbounded_channel();
    let (index_tx, index_rx) = mpsc::unbounded_channel();
    let indexer =
        (options.index.rate > 0).then(|| indexer::spawn(options.index, index_tx, event_tx.clone()));
    let actor = Actor {
        provider,
        cache: Cache::new(options.fresh_for),
        in_flight: HashMap::new(),
        events: event_tx,
        // Offline is read-only too: a write could not be sent, so it is refused at once.
        read_only: options.read_only || options.offline,
        parts: part_tx,
        disk: options.disk,
        offline: options.offline,
        indexer,
    };
    tokio::spawn(actor.run(request_rx, part_rx, index_rx));
    ActorChannels {
        requests: request_tx,
        events: event_rx,
    }
}

/// A fetch on its way: who waits for it, and whether a mutation made its answer uncacheable.
struct Flight {
    waiting: Vec<Waiter>,
    invalidated: bool,
    /// The disk cache is being read for it (started with the flight; the fetch may win).
    disk_pending: bool,
}

type PartResult = Result<SharedData, ApiError>;

/// Who waits for a fetch: a screen's request, or a gathering read that needs it as a part.
enum Waiter {
    Screen(RequestId),
    Part(oneshot::Sender<PartResult>),
    /// The background indexer: its answers are kept on disk, not in memory (it reads every
    /// organization's lists).
    Index(oneshot::Sender<Result<IndexAnswer, ApiError>>),
}

/// A part a gathering read asks the actor for (`refresh`: the user asked to reload).
struct PartRequest {
    resource: Resource,
    refresh: bool,
    reply: oneshot::Sender<PartResult>,
}

/// A finished fetch: the data and how many of its rows were left out.
type Fetched = Result<(SharedData, usize), ApiError>;

enum Done {
    /// A page of a read still going, with its number (1-based).
    Page(Resource, usize, SharedData),
    Fetched(Resource, Fetched),
    /// The disk cache's copy, if it held one.
    Disk(Resource, Option<Cached>),
    /// The disk's copy of a list the indexer asked for could not be read: it is fetched.
    IndexMiss(IndexRead),
    Mutated(RequestId, Box<Mutation>, Result<Option<String>, ApiError>),
}

struct Actor<P> {
    /// First, so it is dropped first: its writer has finished when the events channel closes,
    /// and whoever waits for that (a benchmark, the next console) finds the file written.
    disk: Option<DiskCache>,
    provider: Arc<P>,
    cache: Cache,
    in_flight: HashMap<Resource, Flight>,
    events: UnboundedSender<ApiEvent>,
    read_only: bool,
    /// Handed to gathering reads, which ask for their parts here.
    parts: UnboundedSender<PartRequest>,
    offline: bool,
    /// The background indexer's orders, when it runs.
    indexer: Option<UnboundedSender<IndexOrder>>,
}

impl<P: Provider> Actor<P> {
    async fn run(
        mut self,
        mut requests: UnboundedReceiver<ApiRequest>,
        mut parts: UnboundedReceiver<PartRequest>,
        mut index_reads: UnboundedReceiver<IndexRead>,
    ) {
        let (done_tx, mut done_rx) = mpsc::unbounded_channel();
        let mut throttle = self.provider.throttle();
        loop {
            tokio::select! {
                request = requests.recv() => match request {
                    Some(request) => self.handle(request, &done_tx),
                    None => break,
                },
                Some(finished) = done_rx.recv() => self.complete(finished, &done_tx),
                Some(part) = parts.recv() => self.part(part, &done_tx),
                Some(read) = index_reads.recv() => self.index_read(read, &done_tx),
                change = gate_change(&mut throttle) => match change {
                    Some(Some(until)) => self.emit(ApiEvent::Throttled { until: until.into_std() }),
                    Some(None) => {}
                    None => throttle = None,
                },
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
                    self.join_flight(Waiter::Screen(id), resource, false, done);
                }
                Lookup::Cached(data, fetched) => {
                    let revalidating = !self.offline;
                    self.emit(ApiEvent::Cached {
                        id,
                        resource: resource.clone(),
                        data,
                        fetched,
                        revalidating,
                    });
                    if revalidating {
                        self.join_flight(Waiter::Screen(id), resource, false, done);
                    }
                }
                Lookup::Missing => self.join_flight(Waiter::Screen(id), resource, false, done),
            },
            // Offline there is nothing to refresh from: what the caches hold is answered.
            ApiRequest::Refresh { id, resource } if self.offline => {
                self.handle(ApiRequest::Fetch { id, resource }, done)
            }
            ApiRequest::Refresh { id, resource } => {
                self.join_flight(Waiter::Screen(id), resource, true, done)
            }
            // The raw view's body is the server's alone (never cached): offline, none.
            ApiRequest::FetchRaw { id, .. } if self.offline => self.emit(ApiEvent::Raw {
                id,
                body: Err(ApiError::Offline),
            }),
            ApiRequest::FetchRaw { id, resource } => {
                let (provider, events) = (self.provider.clone(), self.events.clone());
                tokio::spawn(async move {
                    let body = provider.fetch_raw(&resource).await.map(Arc::new);
                    let _ = events.send(ApiEvent::Raw { id, body });
                });
            }
            ApiRequest::Forget { mutation } => self.forget(&mutation),
            ApiRequest::Index(order) => {
                if let Some(indexer) = &self.indexer {
                    let _ = indexer.send(order);
                }
            }
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

    /// A part of a gathering read: a fresh cache entry, else the (shared) fetch.
    fn part(&mut self, part: PartRequest, done: &UnboundedSender<Done>) {
        let held = match self.cache.lookup(&part.resource) {
            Lookup::Fresh(data) if !part.refresh || self.offline => Some(data),
            Lookup::Stale(data) | Lookup::Cached(data, _) if self.offline => Some(data),
            _ => None,
        };
        if let Some(data) = held {
            let _ = part.reply.send(Ok(data));
            return;
        }
        let waiter = Waiter::Part(part.reply);
        self.join_flight(waiter, part.resource, part.refresh, done);
    }

    /// Waits on the fetch already in flight for `resource`, or starts one (`refresh`: the parts
    /// of a gathered read are read past the cache too).
    fn join_flight(
        &mut self,
        waiter: Waiter,
        resource: Resource,
        refresh: bool,
        done: &UnboundedSender<Done>,
    ) {
        if let Some(flight) = self.in_flight.get_mut(&resource) {
            flight.waiting.push(waiter);
            return;
        }
        let gathered = gather::is_gathered(&resource);
        // The indexer asked because the disk holds no copy young enough.
        let for_index = matches!(waiter, Waiter::Index(_));
        let disk_pending = !gathered && !for_index && self.read_disk(&resource, done);
        self.in_flight.insert(
            resource.clone(),
            Flight {
                waiting: vec![waiter],
                invalidated: false,
                disk_pending,
            },
        );
        if self.offline && !gathered {
            if !disk_pending {
                self.finish(&resource, Err(ApiError::Offline));
            }
            return;
        }
        let done = done.clone();
        if gathered {
            let parts = self.parts.clone();
            let read = move |part: Resource| {
                let parts = parts.clone();
                async move {
                    let (reply, answer) = oneshot::channel();
                    let request = PartRequest {
                        resource: part,
                        refresh,
                        reply,
                    };
                    let stopped = || ApiError::Network("the API worker stopped".into());
                    parts.send(request).map_err(|_| stopped())?;
                    answer.await.map_err(|_| stopped())?
                }
            };
            tokio::spawn(async move {
                // Rows left out of the parts are counted where those lists are shown.
                let result = gather::gather(&resource, read)
                    .await
                    .map(|data| (Arc::new(data), 0));
                let _ = done.send(Done::Fetched(resource, result));
            });
            return;
        }
        let provider = self.provider.clone();
        let (page_done, page_of) = (done.clone(), resource.clone());
        let handed_over = AtomicUsize::new(0);
        let pages: PageSink = Arc::new(move |data| {
            let number = handed_over.fetch_add(1, Ordering::Relaxed) + 1;
            let _ = page_done.send(Done::Page(page_of.clone(), number, Arc::new(data)));
        });
        tokio::spawn(async move {
            let result = (provider.read_in_pages(&resource, pages).await)
                .map(|read| (Arc::new(read.data), read.skipped));
            let _ = done.send(Done::Fetched(resource, result));
        });
    }

    fn complete(&mut self, finished: Done, done: &UnboundedSender<Done>) {
        match finished {
            Done::Page(resource, number, data) => {
                let Some(flight) = self.in_flight.get(&resource) else {
                    return;
                };
                for waiter in &flight.waiting {
                    if let Waiter::Screen(id) = waiter {
                        self.emit(ApiEvent::Page {
                            id: *id,
                            resource: resource.clone(),
                            number,
                            data: data.clone(),
                        });
                    }
                }
            }
            Done::Fetched(resource, result) => self.finish(&resource, result),
            Done::Disk(resource, found) => self.disk_copy_arrived(resource, found),
            Done::IndexMiss(read) => {
                let waiter = Waiter::Index(read.reply);
                self.join_flight(waiter, read.resource, false, done);
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

    /// Ends the flight of `resource` with `result`: cached (in memory and on disk) unless a
    /// write made it stale meanwhile, and handed to everyone waiting.
    fn finish(&mut self, resource: &Resource, result: Fetched) {
        let Some(flight) = self.in_flight.remove(resource) else {
            return;
        };
        let for_screens = (flight.waiting.iter()).any(|w| !matches!(w, Waiter::Index(_)));
        match &result {
            Ok((data, _)) if !flight.invalidated && !self.offline => {
                if for_screens {
                    self.cache.store(resource.clone(), data.clone());
                }
                if let Some(disk) = &mut self.disk {
                    disk.put(resource, data.clone());
                }
            }
            Err(error) => tracing::warn!(?resource, %error, "fetch failed"),
            Ok(_) => {}
        }
        for waiter in flight.waiting {
            self.answer(waiter, resource, &result);
        }
    }

    /// Starts reading `resource` from the disk cache, off the actor, when memory does not hold
    /// it and the file does; says whether it did.
    fn read_disk(&self, resource: &Resource, done: &UnboundedSender<Done>) -> bool {
        if self.cache.contains(resource) {
            return false;
        }
        let Some(load) = self.disk.as_ref().and_then(|disk| disk.loader(resource)) else {
            return false;
        };
        let (done, resource) = (done.clone(), resource.clone());
        tokio::task::spawn_blocking(move || {
            let found = load();
            let _ = done.send(Done::Disk(resource, found));
        });
        true
    }

    /// The disk's copy arrived. The screens waiting see it at once, marked with its age,
    /// unless the fetch came first (then the flight is gone, or is a newer one) or a write
    /// outdated it. Offline it is the answer.
    fn disk_copy_arrived(&mut self, resource: Resource, found: Option<Cached>) {
        let Some(flight) = self.in_flight.get_mut(&resource) else {
            return;
        };
        if !flight.disk_pending {
            return;
        }
        flight.disk_pending = false;
        let found = found.filter(|_| !flight.invalidated);
        let screens: Vec<RequestId> = (flight.waiting.iter())
            .filter_map(|waiter| match waiter {
                Waiter::Screen(id) => Some(*id),
                Waiter::Part(_) | Waiter::Index(_) => None,
            })
            .collect();
        if let Some(cached) = &found {
            let (data, fetched) = (cached.data.clone(), cached.fetched);
            self.cache
                .store_cached(resource.clone(), data.clone(), fetched);
            for id in screens {
                self.emit(ApiEvent::Cached {
                    id,
                    resource: resource.clone(),
                    data: data.clone(),
                    fetched,
                    revalidating: !self.offline,
                });
            }
        }
        if !self.offline {
            return;
        }
        let Some(flight) = self.in_flight.remove(&resource) else {
            return;
        };
        let result = found.map(|c| (c.data, 0)).ok_or(ApiError::Offline);
        for waiter in flight.waiting {
            // A screen was given the cached copy above; only a miss still needs saying.
            if result.is_err() || !matches!(waiter, Waiter::Screen(_)) {
                self.answer(waiter, &resource, &result);
            }
        }
    }

    /// Hands a finished fetch to one who waited for it.
    fn answer(&self, waiter: Waiter, resource: &Resource, result: &Fetched) {
        let id = match waiter {
            Waiter::Part(reply) => {
                let part = result.as_ref().map(|(data, _)| data.clone());
                return drop(reply.send(part.map_err(Clone::clone)));
            }
            Waiter::Index(reply) => {
                let answer = result.as_ref().map(|(data, _)| IndexAnswer {
                    data: data.clone(),
                    fetched: std::time::SystemTime::now(),
                    sent: true,
                });
                return drop(reply.send(answer.map_err(Clone::clone)));
            }
            Waiter::Screen(id) => id,
        };
        let resource = resource.clone();
        self.emit(match result {
            Ok((data, skipped)) => ApiEvent::Loaded {
                id,
                resource,
                data: data.clone(),
                stale: false,
                skipped: *skipped,
            },
            Err(error) => ApiEvent::LoadFailed {
                id,
                resource,
                error: error.clone(),
            },
        });
    }

    /// Drops the cache keys a successful write touches; a fetch in flight for one of them is
    /// delivered but not cached.
    fn forget(&mut self, mutation: &Mutation) {
        self.cache.invalidate(mutation);
        if let Some(disk) = &mut self.disk {
            disk.forget(mutation);
        }
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

/// The next change of the provider's gate; `None` once it can change no more (and then never
/// again, so the loop stops asking).
async fn gate_change(
    gate: &mut Option<watch::Receiver<Option<tokio::time::Instant>>>,
) -> Option<Option<tokio::time::Instant>> {
    match gate {
        Some(gate) => match gate.changed().await {
            Ok(()) => Some(*gate.borrow_and_update()),
            Err(_) => None,
        },
        None => std::future::pending().await,
    }
}
