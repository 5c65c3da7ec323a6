//! UI tests: the real `App` on ratatui's `TestBackend`, fed by a fake actor answering from
//! fixtures (`ui_support`) or by the real actor against the stand-in; insta snapshots
//! (`snapshots/`) where the whole screen matters.

#[path = "../support/fake.rs"]
mod fake;
#[path = "../support/metal.rs"]
#[allow(
    dead_code,
    reason = "the Metal hierarchy tests use the stand-in and its raw caller, not the contract checks"
)]
mod metal_support;
#[path = "../support/pulse.rs"]
#[allow(
    dead_code,
    reason = "the hierarchy tests use the Pulse stand-in and its raw caller, not the contract checks"
)]
mod pulse;
#[path = "../support/mod.rs"]
mod support;
#[path = "../support/ui/mod.rs"]
mod ui_support;

mod activity;
mod behaviour;
mod bulk;
mod bulk_runs;
mod catalog;
mod clipboard;
mod event_loop;
mod export;
mod first_hour;
mod first_screens;
mod forms;
mod groups;
mod hierarchy;
mod hierarchy_metal;
mod hierarchy_metal_writes;
mod hierarchy_writes;
mod import;
mod jumps_and_names;
mod layout;
mod mouse;
mod org_properties;
mod people;
mod people_snapshots;
mod people_writes_metal;
mod polite;
mod raw_view;
mod screens;
mod search;
mod search_index;
mod search_slices;
mod subscription_history;
mod tree_ux;
mod unreadable_rows;
