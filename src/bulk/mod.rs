//! Bulk edits that never lose or double a change.
//!
//! A command builds a [`plan::BulkPlan`] (one operation per target, invalid targets set aside);
//! [`runner`] sends the operations with bounded concurrency and writes the [`journal`] before each
//! item starts and after it ends; after a crash the journal shows which items are done, failed,
//! pending, or of unknown outcome, and a resume sends pending ones and first [`verify`]s the
//! unknown ones against the API, so a create is never made twice.
//!
//! Nothing here knows about the terminal: screens start runs through the [`worker`] and read
//! its [`worker::BulkUpdate`]s.

pub mod import;
pub mod journal;
pub mod plan;
pub mod runner;
pub mod undo;
pub mod verify;
pub mod worker;
