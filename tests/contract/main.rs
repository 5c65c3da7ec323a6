//! Contract tests: every stand-in route over real HTTP with the seeds' rules, and the Cloudmore
//! client, its request discipline, its lenient decoding and the API actor against the stand-in
//! (and a fake server for what the stand-in never sends). Also the layering check of the source.

#[path = "../support/fake.rs"]
mod fake;
#[path = "../support/http.rs"]
mod http;
#[path = "../support/mod.rs"]
mod support;

mod actor;
mod administrators;
mod auth;
mod client;
mod decoding;
mod discipline;
mod layering;
mod organizations;
mod pacing;
mod persistence;
mod request_log;
mod services;
mod users;
