//! The screen stack. The first screen is the provider's root and is never popped (the reseller
//! tree, `cloudmore/tree/`, or a provider's hierarchy, `hierarchy/`); other screens are pushed
//! on top of it and popped with `Esc`/`Backspace` (once there is no mark or filter left to
//! clear), so the screen below comes back exactly as it was: selection, filter, sort.
//!
//! Adding a screen:
//! 1. write its state in `app/<screen>.rs` and implement [`ScreenState`] for it: the breadcrumb
//!    segments it adds, its command [`Scope`] (a child of `Scope::List`, so list keys work), the
//!    resources it shows (ensured through the actor whenever requests are taken, so a write that
//!    invalidates one of them refetches it), how it turns store data into table rows, and its
//!    own commands;
//! 2. add a [`Screen`] variant and its two arms in [`Screen::state`]/[`Screen::state_mut`];
//! 3. add its commands to the registry (`commands.rs`) under its scope, and a way in (a key in
//!    the screen below, which is also reachable from the `:` palette);
//! 4. draw it in `ui/<screen>.rs` (tables with `ui::table`) and add the arm in `ui::draw`.
//!
//! Screens never touch the app directly: a command gets a [`Ctx`] with the store (to ensure
//! reads and send writes) and asks for app-level changes (push, pop, a form, a confirmation,
//! a message) that the app applies afterwards.

use std::fmt::Debug;

use ratatui::crossterm::event::Event;

use crate::api::{ApiError, ApiRequest, Mutation, RequestId, Resource};
use crate::bulk::plan::BulkPlan;
use crate::bulk::worker::{BulkCommand, new_run_id};

use super::activity::Activity;
use super::admins::Admins;
use super::assignment::Assignment;
use super::bulk_run::BulkRun;
use super::catalog::Catalog;
use super::cloudmore::tree::ResellerTree;
use super::commands::{CommandId, Scope};
use super::confirm::Confirm;
use super::form_dialog::FormDialog;
use super::hierarchy::Hierarchy;
use super::list_view::ListView;
use super::store::Store;
use super::subscriptions::Subscriptions;
use super::users::Users;

/// The list methods of [`ScreenState`] for a screen of two tables with a `focus` field that
/// names which one has the keyboard: `two_tables!(first_field: Focus::First, second_field:
/// Focus::Second);` inside the `impl ScreenState`.
macro_rules! two_tables {
    ($first:ident: $first_focus:path, $second:ident: $second_focus:path) => {
        fn list(&self) -> &dyn $crate::app::list_view::ListView {
            match self.focus {
                $first_focus => &self.$first,
                $second_focus => &self.$second,
            }
        }

        fn list_mut(&mut self) -> &mut dyn $crate::app::list_view::ListView {
            match self.focus {
                $first_focus => &mut self.$first,
                $second_focus => &mut self.$second,
            }
        }

        fn panes(&self) -> usize {
            2
        }

        fn next_pane(&mut self) {
            self.focus = match self.focus {
                $first_focus => $second_focus,
                $second_focus => $first_focus,
            };
        }
    };
}
pub(crate) use two_tables;

/// What every pushed screen provides.
pub trait ScreenState: Debug + Send {
    /// The breadcrumb segments this screen adds after the one below it.
    fn crumbs(&self) -> Vec<String>;

    /// The registry scope of its commands (its parent must be `Scope::List`).
    fn scope(&self) -> Scope;

    /// Resources on screen now (lists and the selection's details). They are ensured whenever
    /// the app hands requests to the actor while the screen is on top, so they load, and
    /// reload after invalidation.
    fn shown(&self) -> Vec<Resource>;

    /// Whether a load of `resource` changes what the screen shows (it is then synced). More
    /// than [`ScreenState::shown`] when the screen shows lists it does not keep loaded: the
    /// reseller tree's lists reload once per bulk batch (see `App::outdate_all`), not on
    /// every request.
    fn shows(&self, resource: &Resource) -> bool {
        self.shown().contains(resource)
    }

    /// What `r` reads again.
    fn refresh(&self, _store: &Store) -> Vec<Resource> {
        self.shown()
    }

    /// Rebuilds the tables from the store (after a load of something it shows).
    fn sync(&mut self, store: &Store);

    /// The list with the keyboard focus.
    fn list(&self) -> &dyn ListView;
    fn list_mut(&mut self) -> &mut dyn ListView;

    /// How many tables the screen shows (Tab moves between them when more than one).
    fn panes(&self) -> usize {
        1
    }

    /// Moves the focus to the next table, when the screen has more than one.
    fn next_pane(&mut self) {}

    /// Whether printable keys are typed into a field of the screen (see [`ScreenState::edit`]).
    fn typing(&self) -> bool {
        false
    }

    /// Whether the printable character `c` goes into that field; one it does not take runs as
    /// a command (a count to type takes only digits).
    fn takes(&self, c: char) -> bool {
        let _ = c;
        self.typing()
    }

    /// A key for the screen's own field, while [`ScreenState::typing`].
    fn edit(&mut self, _event: &Event) {}

    /// The bulk run this screen is, if it is one (progress is routed to it by run id).
    fn as_bulk(&mut self) -> Option<&mut BulkRun> {
        None
    }
    /// The selection of the focused table moved (a screen showing something about the selected
    /// row refreshes it from the store here).
    fn selection_moved(&mut self, _store: &Store) {}

    /// The selected row's id and record as JSON: what `Y` copies and `v` shows. The focused
    /// list's; when that has only the row's cells, the record with the row's id in what the
    /// screen shows (its `shown` lists); a screen may know better (the hierarchy's node).
    fn selected_record(&self, store: &Store) -> Option<(String, serde_json::Value)> {
        let list = self.list();
        let (id, cells) = list.selected_record(store)?;
        if list.knows_its_records() {
            return Some((id, cells));
        }
        let shown = self.shown();
        let lists = shown
            .iter()
            .filter_map(|r| store.data(r))
            .map(|d| d.as_ref());
        let record = super::list_view::record_in(lists, &id).map(serde_json::Value::Object);
        Some((id, record.unwrap_or(cells)))
    }

    /// The record under the cursor as a resource of its own, for the raw view to read the
    /// server's own body of (`None`: the screen has none, and the view shows the record as
    /// the console decoded it).
    fn raw_resource(&self, _store: &Store) -> Option<Resource> {
        None
    }

    /// Whether the screen waits for ticks (a debounce); [`ScreenState::tick`] gets them.
    fn settling(&self) -> bool {
        false
    }

    /// One tick of the app's clock ([`super::TICK`]) while [`ScreenState::settling`].
    fn tick(&mut self, _store: &Store) {}

    /// Runs one of its own commands (list commands are handled by the app).
    fn command(&mut self, id: CommandId, ctx: &mut Ctx);

    /// Why command `id` cannot run in the screen's present state (a cancelled subscription's
    /// users, a run that is over), or `None` when it can. Dispatch refuses it with this reason;
    /// the status bar leaves it out; help and the palette show it as unavailable.
    fn unavailable(&self, _id: CommandId, _store: &Store) -> Option<String> {
        None
    }

    /// Something loaded while this screen is on top: the moment to open what was waiting for
    /// it (a form that needs a record; read it through `ctx.store`).
    fn loaded(&mut self, _resource: &Resource, _ctx: &mut Ctx) {}

    /// A read failed while this screen is on top (what waited for it gives up).
    fn load_failed(&mut self, _resource: &Resource) {}

    /// Whether rows a bulk preview would be built from were outdated by a write and have not
    /// reloaded yet (such a preview could promise what is no longer so).
    fn rows_outdated(&self, store: &Store) -> bool {
        self.shown().iter().any(|r| store.is_outdated(r))
    }

    /// A form opened by this screen to fill in values (not to write) was submitted: `values`
    /// holds them as the write they would make (see `FormPurpose::fills_a_preview`).
    fn form_values(&mut self, _values: &Mutation, _store: &mut Ctx) {}

    /// A write finished (any write, not only its own; check `id` or the mutation).
    fn mutated(
        &mut self,
        _id: RequestId,
        _mutation: &Mutation,
        _result: &Result<Option<String>, ApiError>,
        _ctx: &mut Ctx,
    ) {
    }
}

/// Every screen that can be pushed.
#[derive(Debug)]
pub enum Screen {
    /// The root screen of the reseller console (never popped).
    Tree(Box<ResellerTree>),
    Catalog(Box<Catalog>),
    Subscriptions(Box<Subscriptions>),
    Assignment(Box<Assignment>),
    Bulk(Box<BulkRun>),
    Activity(Box<Activity>),
    Users(Box<Users>),
    Admins(Box<Admins>),
    /// The root screen of a provider with a hierarchy (never popped).
    Hierarchy(Box<Hierarchy>),
    /// The people of one node of the hierarchy.
    People(Box<super::hierarchy::people_screen::People>),
    Groups(Box<super::cloudmore::groups::Groups>),
}

impl Screen {
    pub fn state(&self) -> &dyn ScreenState {
        match self {
            Screen::Tree(s) => s.as_ref(),
            Screen::Catalog(s) => s.as_ref(),
            Screen::Subscriptions(s) => s.as_ref(),
            Screen::Assignment(s) => s.as_ref(),
            Screen::Bulk(s) => s.as_ref(),
            Screen::Activity(s) => s.as_ref(),
            Screen::Users(s) => s.as_ref(),
            Screen::Admins(s) => s.as_ref(),
            Screen::Hierarchy(s) => s.as_ref(),
            Screen::People(s) => s.as_ref(),
            Screen::Groups(s) => s.as_ref(),
        }
    }

    pub fn state_mut(&mut self) -> &mut dyn ScreenState {
        match self {
            Screen::Tree(s) => s.as_mut(),
            Screen::Catalog(s) => s.as_mut(),
            Screen::Subscriptions(s) => s.as_mut(),
            Screen::Assignment(s) => s.as_mut(),
            Screen::Bulk(s) => s.as_mut(),
            Screen::Activity(s) => s.as_mut(),
            Screen::Users(s) => s.as_mut(),
            Screen::Admins(s) => s.as_mut(),
            Screen::Hierarchy(s) => s.as_mut(),
            Screen::People(s) => s.as_mut(),
            Screen::Groups(s) => s.as_mut(),
        }
    }
}

/// An app-level change a screen asks for.
#[derive(Debug)]
pub enum Effect {
    Push(Screen),
    Pop,
    Form(Box<FormDialog>),
    Confirm(Box<Confirm>),
    Flash {
        text: String,
        error: bool,
    },
    /// A request for the bulk worker.
    Bulk(BulkCommand),
    /// Show a text whole in the reader overlay.
    Read(super::reader::Reader),
    /// The flash message is done with (what it said was waited for has come).
    ClearFlash,
    /// Back to the tree, filtered to the organizations of group `id` (`:group`).
    ShowGroup {
        id: String,
        name: String,
    },
    /// Back to the tree, opened down to a subscription of a service, which gets selected.
    Reveal {
        org: String,
        service: String,
        subscription: String,
    },
}

/// What a screen command may use: the store, and a list of effects applied after it returns.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub effects: Vec<Effect>,
}

impl<'a> Ctx<'a> {
    pub fn new(store: &'a mut Store) -> Ctx<'a> {
        Ctx {
            store,
            effects: Vec::new(),
        }
    }

    /// Sends a write and returns its id (the answer arrives as `ScreenState::mutated`).
    pub fn send(&mut self, mutation: Mutation) -> RequestId {
        let id = self.store.next_id();
        self.store.push(ApiRequest::Mutate {
            id,
            mutation: Box::new(mutation),
        });
        id
    }

    /// Opens the preview of a bulk plan (nothing is sent before the user confirms there).
    pub fn preview(&mut self, plan: BulkPlan) {
        self.push(Screen::Bulk(Box::new(BulkRun::preview(new_run_id(), plan))));
    }

    /// Opens a preview that leaves a choice to the user there: one plan per option.
    pub fn preview_choice(&mut self, label: &str, options: Vec<(String, BulkPlan)>) {
        let run = BulkRun::choose(new_run_id(), label, options);
        self.push(Screen::Bulk(Box::new(run)));
    }

    pub fn bulk(&mut self, command: BulkCommand) {
        self.effects.push(Effect::Bulk(command));
    }

    pub fn push(&mut self, screen: Screen) {
        self.effects.push(Effect::Push(screen));
    }

    pub fn pop(&mut self) {
        self.effects.push(Effect::Pop);
    }

    /// Shows `text` whole, wrapped and scrollable, over the screen.
    pub fn read(&mut self, title: impl Into<String>, text: impl Into<String>) {
        self.effects
            .push(Effect::Read(super::reader::Reader::new(title, text)));
    }

    pub fn open_form(&mut self, form: FormDialog) {
        self.effects.push(Effect::Form(Box::new(form)));
    }

    pub fn confirm(&mut self, confirm: Confirm) {
        self.effects.push(Effect::Confirm(Box::new(confirm)));
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.effects.push(Effect::Flash {
            text: text.into(),
            error: false,
        });
    }

    pub fn clear_flash(&mut self) {
        self.effects.push(Effect::ClearFlash);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.effects.push(Effect::Flash {
            text: text.into(),
            error: true,
        });
    }
}
