//! The engine under every screen: what is loaded and the request bookkeeping (`store`), the
//! one place commands run (`dispatch`) and whether they can run now (`availability`), where a
//! key goes (`keys`), how
//! the actor's answers and the bulk worker's updates are applied (`api_events`,
//! `bulk_events`), and the event loop that drives it all (`event_loop`). Screens and their
//! shared parts (table, form, confirm, palette, help, reader) live beside it in `app/`.

pub(in crate::app) mod api_events;
mod availability;
mod bulk_events;
mod dispatch;
pub mod event_loop;
mod keys;
pub mod store;
