//! Data types and the validation rules shared by forms and the stand-in server.
//!
//! Nothing here knows about the terminal or HTTP. `hierarchy` and `people` are
//! provider-neutral (an organization hierarchy, its members and pending invitations, which
//! any provider maps onto); `model` and `rules` are still the JSON bodies and rules of the
//! Cloudmore dialect (camelCase on the wire), to move under `providers/cloudmore/` with the
//! rest of that provider.

pub mod countries;
pub mod dates;
pub mod hierarchy;
pub mod lenient;
pub mod model;
pub mod people;
pub mod properties;
pub mod rules;

pub use model::*;
pub use rules::{BusinessError, FieldErrors, Validation};
