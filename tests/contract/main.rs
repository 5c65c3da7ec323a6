//! Contract tests: every stand-in route over real HTTP with the seeds' rules, and the Cloudmore
//! client, its request discipline, its lenient decoding and the API actor against the stand-in
//! (and a fake server for what the stand-in never sends); the Pulse IoT Center stand-in and
//! client likewise, and the Equinix Metal stand-in and client. Also the layering check of the source.

#[path = "../support/cli.rs"]
mod cli_support;
#[path = "../support/fake.rs"]
mod fake;
#[path = "../support/http.rs"]
mod http;
#[path = "../support/metal.rs"]
mod metal_support;
#[path = "../support/pulse.rs"]
mod pulse_support;
#[path = "../support/mod.rs"]
mod support;

mod actor;
mod actor_disk_cache;
mod actor_metal;
mod actor_pulse;
mod administrators;
mod auth;
mod client;
mod client_metal;
mod client_metal_budget;
mod client_metal_people;
mod client_pulse;
mod decoding;
mod discipline;
mod groups;
mod indexer;
mod layering;
mod metal;
mod metal_auth;
mod metal_lists;
mod metal_members;
mod metal_node_writes;
mod metal_orgs;
mod org_properties;
mod organizations;
mod pacing;
mod people_metal;
mod people_writes_metal;
mod persistence;
mod pulse;
mod pulse_orgs;
mod raw_bodies;
mod request_log;
mod script_kinds;
mod script_read_back;
mod services;
mod streamed_reads;
mod subscription_history;
mod users;
