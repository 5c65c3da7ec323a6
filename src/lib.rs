//! tenantdeck: a keyboard-driven terminal console for cloud service broker support staff.
//!
//! Layers (see `docs/ARCHITECTURE.md`): `domain` (types and rules), `api` (HTTP clients, the API
//! actor and its cache), `providers` (one client per provider beyond Cloudmore: Pulse IoT
//! Center), `app` (state, commands, event loop), `ui` (ratatui drawing), `sandbox` (the
//! stand-in servers, one dialect per provider). `domain` and `api` know nothing of the terminal; `ui` knows
//! nothing of HTTP; `sandbox` knows nothing of `ui` or `app`.

pub mod allocator;
pub mod api;
pub mod app;
pub mod bulk;
pub mod config;
pub mod demo;
pub mod domain;
pub mod logging;
pub mod providers;
pub mod sandbox;
pub mod secret;
pub mod secret_command;
pub mod terminal;
pub mod ui;
