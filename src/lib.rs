//! tenantdeck: a keyboard-driven terminal console for cloud service broker support staff.
//!
//! Layers (see `docs/ARCHITECTURE.md`): `domain` (types and rules), `api` (the neutral nouns,
//! the Provider trait, request discipline, the API actor and its cache), `providers` (one
//! client per provider: Cloudmore, Pulse IoT Center, Equinix Metal), `app` (state, commands,
//! event loop), `ui` (ratatui drawing), `script` (the commands without a screen: `get`),
//! `sandbox` (the stand-in servers, one dialect per provider). `domain` and `api` know nothing
//! of the terminal; `ui` knows nothing of HTTP; `sandbox` knows nothing of `ui` or `app`.

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
pub mod script;
pub mod secret;
pub mod secret_command;
pub mod terminal;
pub mod ui;
