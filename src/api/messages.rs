//! The two message types between screens and the API actor.

use super::error::ApiError;
use super::indexer::{IndexOrder, IndexProgress, IndexedLists};
use super::mutation::Mutation;
use super::resource::{Resource, SharedData};

/// Correlates a request with its answer; screens drop answers whose id is no longer current.
pub type RequestId = u64;

/// What a screen asks of the actor.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiRequest {
    /// Read a resource: served from cache when fresh, else fetched (stale data is sent first).
    Fetch { id: RequestId, resource: Resource },
    /// Read a resource bypassing the cache (the user pressed refresh).
    Refresh { id: RequestId, resource: Resource },
    /// One record's body as the server sent it (the raw view): never cached, never shared.
    FetchRaw { id: RequestId, resource: Resource },
    /// Write; on success the keys it touches are dropped from the cache.
    Mutate {
        id: RequestId,
        mutation: Box<Mutation>,
    },
    /// A write made elsewhere (by the bulk worker) succeeded: drop the keys it touches, as
    /// for a `Mutate` of this console. Nothing is answered.
    Forget { mutation: Box<Mutation> },
    /// For the background indexer (`api/indexer.rs`): what to index, or pause it.
    Index(IndexOrder),
}

/// What the actor answers.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiEvent {
    /// Data for a resource. `stale` is true when it came from an expired cache entry and a
    /// revalidation is on its way (another `Loaded` follows). `skipped` counts the list rows
    /// this read from the server could not read and left out (logged); an answer from the
    /// cache says 0, as the screen was told when the data arrived.
    Loaded {
        id: RequestId,
        resource: Resource,
        data: SharedData,
        stale: bool,
        skipped: usize,
    },
    /// Data from the disk cache, as an earlier run fetched it at `fetched` (wall clock).
    /// `revalidating`: a fetch is on its way and a `Loaded` (or `LoadFailed`) follows; false
    /// when offline, where the cache is all there is.
    Cached {
        id: RequestId,
        resource: Resource,
        data: SharedData,
        fetched: std::time::SystemTime,
        revalidating: bool,
    },
    /// One page of a list still being read (the first page first, in order); the whole list
    /// follows as `Loaded`. Only providers that read in pages send these.
    Page {
        id: RequestId,
        resource: Resource,
        /// 1-based, in the order of the read: a screen that joined a read already going
        /// (a refresh while it loads) sees its first page is not 1 and waits for the whole.
        number: usize,
        data: SharedData,
    },
    /// The answer to a `FetchRaw`: the body, or why there is none.
    Raw {
        id: RequestId,
        body: Result<std::sync::Arc<serde_json::Value>, ApiError>,
    },
    /// A read failed.
    LoadFailed {
        id: RequestId,
        resource: Resource,
        error: ApiError,
    },
    /// The API asked us to slow down: every request waits until `until` before it is sent.
    Throttled { until: std::time::Instant },
    /// The background indexer read these lists (each owner's whole) and got this far.
    /// Sent with no lists when only the progress moved (a pause).
    Indexed {
        lists: Vec<IndexedLists>,
        progress: IndexProgress,
    },
    /// A write finished. `created` holds the new id for creates.
    Mutated {
        id: RequestId,
        mutation: Box<Mutation>,
        result: Result<Option<String>, ApiError>,
    },
}
