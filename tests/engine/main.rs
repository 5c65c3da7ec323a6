//! The engine against the stand-in over real HTTP: bulk runs and their worker, the one journaled
//! write path, writes whose answer is lost, and the calls the catalog screens make in order.

#[path = "../support/mod.rs"]
mod support;

mod ambiguous_writes;
mod bulk;
mod bulk_worker;
mod catalog_flow;
mod one_write_path;
