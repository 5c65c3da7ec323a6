//! Bulk edits that never lose or double a change.
//!
//! A command builds a [`plan::BulkPlan`] (one operation per target, invalid targets set aside);
//! [`runner`] sends the operations with bounded concurrency and writes the [`journal`] before each
//! item starts and after it ends; after a crash the journal shows which items are done, failed,
//! pending, or of unknown outcome, and a resume sends pending ones and first [`verify`]s the
//! unknown ones against the API, so a create is never made twice.
//!
//! Plans also come from a CSV file ([`import`] of users, [`import_invites`] of invitations) and from the journal: [`undo`] builds the
//! inverse of the last change. Single edits take the same path: the event loop hands them to
//! the worker, which journals them as one-item runs before sending, so a crash mid-edit is
//! resumed and verified like a bulk item, and the activity view lists every write.
//!
//! Nothing here knows about the terminal: screens start runs through the [`worker`] (a task
//! beside the API actor) and read its [`worker::BulkUpdate`]s.

pub mod import;
pub mod import_invites;
pub mod journal;
pub mod plan;
pub mod runner;
pub mod single;
pub mod undo;
pub mod verify;
pub mod worker;
