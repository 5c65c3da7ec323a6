//! The reseller console's nouns and rules: organizations with customer numbers and contacts,
//! the E-store, organization services, subscriptions and their users, organization users,
//! reseller administrators and their roles, organization groups (`groups.rs`). They are what
//! the capabilities `ResellerTree`, `ServiceCatalog`, `OrganizationUsers` and `Administrators`
//! work on; a provider that has those capabilities answers in these types.
//!
//! Cloudmore is the one such provider, and its JSON bodies are these types' serde form
//! (camelCase on the wire), so its client, its stand-in and the screens share one definition
//! instead of a mirror per layer. The journal and the cache store them in that form too, so
//! renaming a field is a format change. Its users and administrators are also the neutral
//! people of `domain::people` (`people.rs`), which is how features over every provider's
//! people read them.

pub mod groups;
pub mod model;
pub mod people;
pub mod properties;
pub mod rules;
