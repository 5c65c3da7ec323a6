//! Application state: what is loaded, what is on screen, and what the user is doing. The app
//! never touches the network: it queues [`ApiRequest`]s (drained by the event loop with
//! [`App::take_requests`]) and applies the [`ApiEvent`]s that come back.
//!
//! Keys go to registry commands (`commands.rs`, routed by `engine/keys.rs`), which
//! `engine/dispatch.rs` executes; answers from the actor are applied in
//! `engine/api_events.rs`.
//!
//! Shared building blocks for screens: the screen stack (`screen.rs`: the reseller tree, or a
//! provider's hierarchy, is the root; other screens are pushed on it), the lists the list
//! commands move (`list_view.rs`; the table list in `table.rs`), forms with a purpose
//! (`form.rs` + `form_dialog.rs`) and confirmations (`confirm.rs`).

pub mod activity;
pub mod bulk_run;
pub mod choice_picker;
mod clipboard;
pub mod cloudmore;
pub mod commands;
pub mod confirm;
mod engine;
pub mod export;
pub mod form;
pub mod form_dialog;
mod form_messages;
pub mod help;
pub mod hierarchy;
mod indexing;
mod jumps;
pub mod list_view;
mod mouse;
mod names;
pub mod palette;
pub mod path_prompt;
mod profiles;
pub mod raw_view;
pub mod reader;
pub mod screen;
pub mod search;
pub mod table;
pub mod viewport;

// The engine's public parts, at the paths they had before they moved into its folder.
pub use engine::{event_loop, store};
// Cloudmore's screens, at the paths they had before they moved into their folder.
pub use cloudmore::{
    admin_form, admins, assignment, assignment_forms, bulk_service, catalog, people, service_form,
    subscription_form, subscriptions, user_form, users,
};
// The reseller tree's parts, at the paths they had before they moved into its folder.
pub use cloudmore::tree::{form as org_form, index as org_index, marks as org_marks, rows as tree};

use std::collections::BTreeSet;

use crate::api::{ApiEvent, ApiRequest, Resource};
use crate::bulk::worker::BulkCommand;
use crate::domain::hierarchy::Capabilities;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};

use confirm::Confirm;
use form_dialog::FormDialog;
use palette::Palette;
use screen::{Ctx, Effect, Screen};
use store::Store;

/// The event loop ticks this often while something animates.
pub const TICK: std::time::Duration = std::time::Duration::from_millis(100);
/// Flash messages stay this many ticks (four seconds).
const FLASH_TICKS: u16 = 40;

/// Who is signed in where; shown in the header.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub profile: String,
    pub api_url: String,
    pub reseller_id: String,
    pub reseller_name: Option<String>,
    pub username: String,
    pub read_only: bool,
    /// Users and administrators not seen for this many days are marked inactive.
    pub inactive_after_days: u32,
    /// Where the password came from (`TENANTDECK_PASSWORD`, …), named when sign-in is refused.
    pub password_source: String,
    /// Signing in again re-reads the password (from its command), so `r` helps after a fix.
    pub password_rereads: bool,
    /// Which API the profile speaks, as the header names it.
    pub provider: &'static str,
    /// The same as the config file and the journal spell it (`cloudmore`, `pulse`).
    pub provider_key: &'static str,
    /// What that provider can do: only its commands are offered.
    pub capabilities: Capabilities,
}

impl SessionInfo {
    /// What the reseller is called on screen. The API has no call that names the signed-in
    /// reseller (docs/ASSUMPTIONS.md), so without `reseller_name` in the profile it is just
    /// "Reseller"; the detail pane shows the id.
    pub fn reseller_label(&self) -> &str {
        self.reseller_name.as_deref().unwrap_or("Reseller")
    }
}

/// The profile's default for [`SessionInfo::inactive_after_days`].
pub const DEFAULT_INACTIVE_AFTER_DAYS: u32 = 90;

impl Default for SessionInfo {
    fn default() -> Self {
        SessionInfo {
            profile: String::new(),
            api_url: String::new(),
            reseller_id: String::new(),
            reseller_name: None,
            username: String::new(),
            read_only: false,
            inactive_after_days: DEFAULT_INACTIVE_AFTER_DAYS,
            password_source: String::new(),
            password_rereads: false,
            provider: "Cloudmore",
            provider_key: "cloudmore",
            capabilities: crate::domain::hierarchy::RESELLER_CONSOLE,
        }
    }
}

/// What the keyboard is doing on the top screen. Help and the palette are overlays on top.
#[derive(Debug)]
pub(crate) enum Mode {
    /// Browsing the top screen (the tree, or a pushed screen's lists).
    Browse,
    /// Typing into the top screen's filter.
    Filter,
    Form(Box<FormDialog>),
    Confirm(Box<Confirm>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Flash {
    pub text: String,
    pub error: bool,
    ticks_left: u16,
}

#[derive(Debug)]
pub struct App {
    pub(crate) session: SessionInfo,
    pub(crate) store: Store,
    /// The root screen (the reseller tree or a hierarchy) first, the top screen last.
    pub(crate) screens: Vec<Screen>,
    pub(crate) mode: Mode,
    pub(crate) help: Option<help::HelpView>,
    pub(crate) palette: Option<Palette>,
    /// A text shown whole over everything but help.
    pub(crate) reader: Option<reader::Reader>,
    /// The selected record's JSON (`v`), over the screens like the reader.
    pub(crate) raw: Option<Box<raw_view::RawView>>,
    /// The export's path prompt (`E`) and the write going on.
    pub(crate) export: export::Export,
    /// Whether mouse events are taken (`mouse` in the config), and where the screens were
    /// drawn between the header and the status bar (a click there outside the lists focuses
    /// the detail pane).
    mouse: bool,
    pub(crate) main_area: std::cell::Cell<ratatui::layout::Rect>,
    pub(crate) flash: Option<Flash>,
    /// The newest status message, for `!` after the flash is gone.
    pub(crate) last_message: Option<String>,
    pub(crate) spinner: usize,
    /// Requests for the bulk worker, drained by the event loop.
    pub(crate) bulk_out: Vec<BulkCommand>,
    quit: bool,
    /// `q` was pressed once while a bulk run was going; a second `q` quits.
    quit_asked: bool,
    /// The API asked us not to send anything before this (`Retry-After`).
    pub(crate) throttled_until: Option<std::time::Instant>,
    /// The server refused the sign-in (its words); cleared by the next answer that loads.
    pub sign_in_refused: Option<String>,
    /// The value picked in the detail pane while the pane has the keys (`f`).
    pub detail_cursor: Option<usize>,
    /// Where each jump (show in tree) started, newest last: `Ctrl-O` goes back.
    pub(crate) jumps: Vec<jumps::Jump>,
    /// What the root screen shows that writes outdated, reloaded once no bulk run is going.
    pub(crate) root_reloads: BTreeSet<Resource>,
    /// The profiles the palette offers to switch to.
    pub(crate) profiles: Vec<palette::ProfileChoice>,
    /// The profile the user switched to: the event loop ends and hands it over.
    switch_to: Option<String>,
    /// Text for the terminal's clipboard (`y`, `Y`), written by the event loop.
    pub(crate) clipboard: Option<String>,
    /// The search over everything loaded (`Ctrl-K`), and its box while open.
    pub(crate) search: search::overlay::Search,
    indexing: indexing::Indexing,
}

impl App {
    pub fn new(session: SessionInfo) -> App {
        // People in the hierarchy's nodes are searched (and missed until read) where they exist.
        let members = (session.capabilities).has(crate::domain::hierarchy::Capability::Members);
        let mut app = App {
            session,
            store: Store::default(),
            screens: Vec::new(),
            mode: Mode::Browse,
            help: None,
            palette: None,
            reader: None,
            raw: None,
            export: export::Export::default(),
            mouse: true,
            main_area: Default::default(),
            flash: None,
            last_message: None,
            spinner: 0,
            bulk_out: Vec::new(),
            quit: false,
            quit_asked: false,
            profiles: Vec::new(),
            switch_to: None,
            clipboard: None,
            throttled_until: None,
            sign_in_refused: None,
            detail_cursor: None,
            jumps: Vec::new(),
            root_reloads: BTreeSet::new(),
            search: search::overlay::Search::new(search::LoadedSource::new(members)),
            indexing: Default::default(),
        };
        // The root screen, never popped: a provider with a hierarchy and no reseller tree
        // opens on its hierarchy.
        let root = if hierarchy::is_root_for(&app.session.capabilities) {
            Screen::Hierarchy(Box::new(hierarchy::Hierarchy::new(
                app.session.capabilities,
                &app.store,
            )))
        } else {
            app.store.ensure(&Resource::Organizations);
            let s = &app.session;
            let tree =
                cloudmore::tree::ResellerTree::new(&s.username, s.inactive_after_days, &app.store);
            Screen::Tree(Box::new(tree))
        };
        app.screens.push(root);
        app
    }

    /// The list a console asks for first, its root screen's (the organizations, or a
    /// provider's hierarchy): what a start reads ahead from the disk cache.
    pub fn first_list(capabilities: &crate::domain::hierarchy::Capabilities) -> Resource {
        if hierarchy::is_root_for(capabilities) {
            Resource::Hierarchy
        } else {
            Resource::Organizations
        }
    }

    pub fn handle_terminal_event(&mut self, event: Event) {
        match &event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.on_key(*key, &event),
            Event::Mouse(mouse) => self.on_mouse(*mouse),
            Event::Paste(text) => {
                for c in text.chars().filter(|c| !c.is_control()) {
                    let key = KeyEvent::from(KeyCode::Char(c));
                    self.type_text(&Event::Key(key));
                }
            }
            _ => {}
        }
    }

    pub fn handle_api_event(&mut self, event: ApiEvent) {
        self.apply_api_event(event);
        self.refresh_search();
    }

    pub fn tick(&mut self) {
        self.poll_export();
        self.refresh_search();
        if let Some(screen) = self.screens.last_mut() {
            screen.state_mut().tick(&self.store);
        }
        if self.is_busy() {
            self.spinner = self.spinner.wrapping_add(1);
        }
        if let Some(flash) = &mut self.flash {
            flash.ticks_left = flash.ticks_left.saturating_sub(1);
            if flash.ticks_left == 0 {
                self.flash = None;
            }
        }
    }

    pub fn take_requests(&mut self) -> Vec<ApiRequest> {
        // What the top screen and an open confirmation show is loaded, and reloaded once a
        // write made it outdated.
        let mut wanted = self.top().map(|s| s.state().shown()).unwrap_or_default();
        if let Mode::Confirm(confirm) = &self.mode {
            wanted.extend(confirm.listing.as_ref().map(|l| l.resource.clone()));
        }
        for resource in &wanted {
            self.store.keep_loaded(resource);
        }
        self.reload_root();
        let reads = self.store.take_requests().into_iter();
        reads.chain(self.take_index_orders()).collect()
    }

    /// Quits, unless a bulk run is going and this is the first ask: then it says what quitting
    /// means and waits for a second `q`.
    pub(crate) fn ask_to_quit(&mut self) {
        if self.bulk_running() && !self.quit_asked {
            self.quit_asked = true;
            self.flash_error(
                "a bulk run is going: press q again to quit (the rest can be resumed at the next start)",
            );
        } else {
            self.quit = true;
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether the event loop should tick: something turns, a flash waits to expire, or a
    /// bulk run's gauge and rate move.
    pub fn needs_ticks(&self) -> bool {
        self.is_busy()
            || self.search.behind
            || self.flash.is_some()
            || self.export.writing()
            || self.bulk_running()
            || self.top().is_some_and(|s| s.state().settling())
    }

    /// Something is loading or saving: the spinner turns.
    /// "still waiting for the organizations (4 s)" once a read has taken over a second: a
    /// slow answer (headers, then nothing) looks like a hang otherwise.
    pub(crate) fn waiting_text(&self) -> Option<String> {
        let (resource, waited) = self.store.longest_wait()?;
        (waited >= std::time::Duration::from_secs(1)).then(|| {
            format!(
                "still waiting for {} ({} s)",
                engine::api_events::describe(resource),
                waited.as_secs()
            )
        })
    }

    pub(crate) fn is_busy(&self) -> bool {
        self.store.any_loading()
            || self.throttle_text().is_some()
            || match &self.mode {
                Mode::Form(f) => f.form.saving,
                Mode::Confirm(c) => c.pending.is_some(),
                _ => false,
            }
    }

    /// The screen on top (the root when nothing is pushed; none only before the first).
    pub fn top(&self) -> Option<&Screen> {
        self.screens.last()
    }

    /// Runs a pushed screen's command with a context, then applies what it asked for.
    pub(crate) fn with_top(&mut self, run: impl FnOnce(&mut Screen, &mut Ctx)) {
        let Some(screen) = self.screens.last_mut() else {
            return;
        };
        let mut ctx = Ctx::new(&mut self.store);
        run(screen, &mut ctx);
        let effects = ctx.effects;
        self.apply_effects(effects);
    }

    /// Whether the top screen shows data that a write outdated and that has not reloaded yet.
    fn shows_outdated(&self) -> bool {
        self.top()
            .is_some_and(|s| s.state().rows_outdated(&self.store))
    }

    pub(crate) fn apply_effects(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Push(Screen::Bulk(run)) if run.is_new() && self.shows_outdated() => {
                    // Its rows were read before a write changed them: a preview from them
                    // could promise what is no longer so.
                    self.flash_info(format!(
                        "the list is reloading after a change; {} again in a moment",
                        run.action
                    ));
                }
                Effect::Push(mut screen) => {
                    self.detail_cursor = None;
                    screen.state_mut().sync(&self.store);
                    self.screens.push(screen);
                    self.mode = Mode::Browse;
                }
                Effect::Pop => self.pop_screen(),
                Effect::Form(form) => self.mode = Mode::Form(form),
                Effect::Confirm(mut confirm) => {
                    let listed = confirm.listing.as_ref().map(|l| l.resource.clone());
                    if let Some(resource) = listed
                        && let Some(data) = self.store.data(&resource)
                    {
                        confirm.fill(&resource, Ok(data.as_ref()));
                    }
                    self.mode = Mode::Confirm(confirm);
                }
                Effect::Flash { text, error } => self.flash(text, error),
                Effect::ClearFlash => self.flash = None,
                Effect::Bulk(command) => self.bulk_out.push(command),
                Effect::Read(reader) => self.open_reader(reader),
                Effect::Reveal {
                    org,
                    service,
                    subscription,
                } => self.reveal(&org, &service, &subscription),
                Effect::ShowGroup { id, name } => self.show_group(&id, &name),
            }
        }
    }

    /// Back to the screen below, as it was left (its rows are refreshed from the store).
    pub(crate) fn pop_screen(&mut self) {
        if self.screens.len() <= 1 {
            // The root screen: nothing is below it, but a jump may be gone back from.
            if !self.jumps.is_empty() {
                self.jump_back();
            }
            return;
        }
        self.detail_cursor = None;
        self.screens.pop();
        self.mode = Mode::Browse;
        if let Some(screen) = self.screens.last_mut() {
            screen.state_mut().sync(&self.store);
        }
    }

    /// How many rows are marked in the list with the focus.
    pub fn marked_count(&self) -> usize {
        self.top().map_or(0, |s| s.state().list().marked_count())
    }

    /// The breadcrumb: the reseller, then each pushed screen's segments.
    pub fn breadcrumb(&self) -> Vec<String> {
        let first = match self.screens.first() {
            Some(Screen::Hierarchy(_)) => self.session.provider,
            _ => self.session.reseller_label(),
        };
        let mut crumbs = vec![first.to_string()];
        for screen in &self.screens {
            crumbs.extend(screen.state().crumbs());
        }
        crumbs
    }

    pub(crate) fn flash_info(&mut self, text: impl Into<String>) {
        self.flash(text.into(), false);
    }

    pub(crate) fn flash_error(&mut self, text: impl Into<String>) {
        self.flash(text.into(), true);
    }

    pub(crate) fn flash(&mut self, text: String, error: bool) {
        self.last_message = Some(text.clone());
        self.flash = Some(Flash {
            text,
            error,
            ticks_left: FLASH_TICKS,
        });
    }
}
