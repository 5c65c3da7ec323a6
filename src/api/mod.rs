//! The API actor and its cache, the neutral nouns every provider answers in (resources, data,
//! mutations, errors), the `Provider` seam, the disk cache, and the request discipline every provider's client
//! uses. The clients themselves live in `providers/`. Screens never call these directly: they send
//! [`ApiRequest`]s and receive [`ApiEvent`]s.

pub mod actor;
pub mod cache;
pub mod discipline;
pub mod disk_cache;
mod disk_keys;
pub mod error;
pub mod gather;
pub mod group_change;
mod index_pace;
pub mod indexer;
pub mod json_rows;
pub mod messages;
pub mod mutation;
pub mod node_change;
pub mod people_change;
pub mod provider;
pub mod rate_budget;
pub mod resource;
pub mod scope;

pub use actor::{
    ActorChannels, ActorOptions, DEFAULT_FRESH_FOR, spawn_actor, spawn_actor_for, spawn_actor_with,
};
pub use discipline::{DEFAULT_MAX_IN_FLIGHT, RetryPolicy};
pub use error::ApiError;
pub use group_change::GroupChange;
pub use messages::{ApiEvent, ApiRequest, RequestId};
pub use mutation::Mutation;
pub use node_change::NodeChange;
pub use people_change::PeopleChange;
pub use provider::Provider;
pub use resource::{Read, Resource, ResourceData, SharedData};
