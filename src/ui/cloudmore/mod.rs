//! Drawing Cloudmore's own screens: the catalog, subscriptions, subscription users,
//! organization users and reseller administrators (`people`: what the last two share).

pub mod admins;
pub mod assignment;
pub mod catalog;
pub mod people;
pub mod subscriptions;
pub mod users;
