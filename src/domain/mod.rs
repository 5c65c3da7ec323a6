//! Provider-neutral data types and the validation rules shared by forms and the stand-in server.
//!
//! Nothing here knows about the terminal or HTTP: the types are the JSON bodies of the Cloudmore
//! dialect (camelCase on the wire), the rules are plain functions over them.

pub mod countries;
pub mod dates;
pub mod lenient;
pub mod model;
pub mod rules;

pub use model::*;
pub use rules::{BusinessError, FieldErrors, Validation};
