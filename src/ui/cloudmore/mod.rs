//! Drawing Cloudmore's own screens: the reseller tree with its detail pane (the root screen),
//! the catalog, subscriptions, subscription users, organization users and reseller
//! administrators (`people`: what the last two share).

pub mod admins;
pub mod assignment;
pub mod catalog;
pub mod groups;
pub mod people;
pub mod subscriptions;
pub mod tree;
pub mod tree_detail;
pub mod users;
