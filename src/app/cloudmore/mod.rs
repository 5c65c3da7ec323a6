//! Cloudmore's own screens and forms: the service catalog, subscriptions and their users, the
//! organization users, the reseller administrators (`people` is what the last two share) and
//! the organization groups.
//! They are pushed on the reseller tree (`tree/`, the root screen) and speak Cloudmore's
//! nouns; the neutral screens and the engine (store, dispatch, event loop) are in `app/`.

pub mod admin_form;
pub mod admins;
pub mod assignment;
pub mod assignment_forms;
pub mod bulk_service;
pub mod catalog;
pub mod group_form;
pub mod groups;
pub mod people;
pub mod property_fields;
pub mod service_form;
pub mod subscription_form;
pub mod subscriptions;
pub mod tree;
pub mod user_form;
pub mod users;
