//! The engine against the stand-in over real HTTP: bulk runs and their worker, the one journaled
//! write path, writes whose answer is lost, the calls the catalog screens make in order, and
//! hierarchy changes in bulk against the Pulse stand-in, and people changes in bulk against the
//! Metal stand-in.

#[path = "../support/metal.rs"]
#[allow(
    dead_code,
    reason = "the engine tests start a Metal stand-in; its raw calls are the contract tests'"
)]
mod metal_support;
#[path = "../support/pulse.rs"]
#[allow(
    dead_code,
    reason = "the engine tests start a Pulse stand-in; its raw calls are the contract tests'"
)]
mod pulse_support;
#[path = "../support/mod.rs"]
mod support;

mod ambiguous_writes;
mod bulk;
mod bulk_worker;
mod catalog_flow;
mod group_bulk;
mod node_bulk;
mod node_bulk_settled;
mod one_write_path;
mod people_bulk;
