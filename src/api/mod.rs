//! Provider clients, the API actor and its cache. Screens never call these directly: they send
//! [`ApiRequest`]s and receive [`ApiEvent`]s.

pub mod error;
pub mod messages;
pub mod mutation;
pub mod resource;

pub use error::ApiError;
pub use messages::{ApiEvent, ApiRequest, RequestId};
pub use mutation::Mutation;
pub use resource::{Resource, ResourceData, SharedData};
