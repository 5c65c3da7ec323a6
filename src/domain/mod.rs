//! Data types and the validation rules shared by forms and the stand-in server.
//!
//! Nothing here knows about the terminal, HTTP or one provider. `hierarchy` and `people` are
//! an organization hierarchy, its members and pending invitations, which any provider maps
//! onto; `validation` is what a validation finds (errors by field, business errors);
//! `reseller` holds the nouns and rules of the reseller console's capabilities (catalog,
//! subscriptions, users, administrators), which Cloudmore speaks. Its types are re-exported
//! here, where the reseller screens have always taken them from.

pub mod countries;
pub mod dates;
pub mod hierarchy;
pub mod lenient;
pub mod people;
pub mod profile;
pub mod reseller;
pub mod validation;

pub use reseller::model::*;
pub use validation::{BusinessError, FieldErrors, Validation};
