//! End-to-end tests: the built binary in a pseudo-terminal (`pty`) against the demo or a
//! stand-in started by the test, typing keys and reading the screen; and (`get`, `apply`) run as a
//! script runs it.

#[path = "../support/metal.rs"]
#[allow(dead_code)]
mod metal_support;
#[path = "../support/pty.rs"]
mod pty;
#[path = "../support/pulse.rs"]
#[allow(dead_code)]
mod pulse_support;
#[path = "../support/mod.rs"]
mod support;

mod admins;
mod apply;
mod bulk_live;
mod bulk_resume;
mod cache;
mod catalog;
mod console;
mod get;
mod get_exits;
mod journal;
mod keymap;
mod metal;
mod metal_people;
mod mouse;
mod profiles;
mod pulse;
mod rude_server;
mod search_index;
mod sign_in;
mod theme;
