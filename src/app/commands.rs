//! The one command registry: every user command with its keys, hint label, description, whether
//! it mutates, how many targets it takes and the scope it applies in.
//!
//! Key dispatch, the `?` help overlay, the `:` palette, the status-bar hints and the read-only
//! gate all read [`COMMANDS`]; a command that is not in this table cannot be run.

use ratatui::crossterm::event::KeyCode;

use crate::domain::hierarchy::{Capabilities, Capability};

pub mod keymap;
mod keys;
mod scope;
pub use keys::Key;
use keys::{code, ctrl, plain};
pub use scope::Scope;

/// Declares [`CommandId`] and [`CommandId::ALL`] from one list of names, so an id cannot be
/// added without being listed (the registry check below walks `ALL`).
macro_rules! command_ids {
    ($($id:ident,)+) => {
        /// Every command the console knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum CommandId {
            $($id,)+
        }

        impl CommandId {
            /// Every id, in declaration order (an id's position is `id as usize`).
            pub const ALL: &'static [CommandId] = &[$(CommandId::$id,)+];
        }
    };
}

command_ids! {
    Quit,
    Help,
    Activity,
    Undo,
    Palette,
    SwitchProfile,
    OrgExpand,
    OrgCollapse,
    OrgCreate,
    OrgEdit,
    OrgDelete,
    OrgSetStatus,
    OpenCatalog,
    OpenUsers,
    OpenAdmins,
    UserNew,
    UserInactiveFirst,
    UserShowInTree,
    AdminInactiveFirst,
    UserEdit,
    UserDelete,
    UserOpen,
    AdminNew,
    AdminEdit,
    AdminDelete,
    ListUp,
    ListDown,
    ListTop,
    ListBottom,
    ListPageUp,
    ListPageDown,
    ListFilter,
    ListSortNext,
    ListSortFlip,
    ListNextPane,
    ListRefresh,
    CopyId,
    CopyRecord,
    ListBack,
    Mark,
    MarkRange,
    MarkAll,
    ClearMarks,
    TreeAddService,
    JumpBack,
    CatalogAdd,
    CatalogUpdate,
    CatalogPatch,
    CatalogRemove,
    CatalogOpen,
    SubNew,
    SubQuantity,
    SubCancel,
    SubOpen,
    AssignUser,
    UnassignUser,
    SetExternalId,
    SetRole,
    BulkYes,
    BulkWordCancel,
    BulkChoose,
    UserRole,
    UserImport,
    PromptAccept,
    PromptCancel,
    AdminRole,
    BulkTyped,
    BulkBack,
    BulkRetry,
    FilterApply,
    FilterClear,
    FormNext,
    FormPrev,
    FormToggle,
    FormList,
    FormSubmit,
    FormCancel,
    DiscardYes,
    DiscardNo,
    ConfirmAccept,
    ConfirmYes,
    ConfirmCancel,
    HelpClose,
    HelpUp,
    HelpDown,
    HelpTop,
    HelpBottom,
    HelpPageUp,
    HelpPageDown,
    HelpSearch,
    HelpSearchKeep,
    HelpSearchClear,
    PaletteRun,
    PaletteClose,
    PaletteUp,
    PaletteDown,
    ShowMessage,
    BulkShowItem,
    BulkProperties,
    ReaderClose,
    ReaderUp,
    ReaderDown,
    ReaderPageUp,
    ReaderPageDown,
    DetailFocus,
    DetailUp,
    DetailDown,
    DetailRead,
    DetailBack,
    HierNewRoot,
    HierMove,
    HierBulkMove,
    PickerUp,
    PickerDown,
    PickerPageUp,
    PickerPageDown,
    PickerPick,
    PickerCancel,
    ChoiceUp,
    ChoiceDown,
    ChoicePageUp,
    ChoicePageDown,
    ChoicePick,
    ChoiceCancel,
    ConflictOverwrite,
    ConflictTheirs,
    ConflictEdit,
    PeopleOpen,
    PeopleInvite,
    PeopleRoles,
    PeopleRemove,
    PeopleImport,
    Search,
    SearchRun,
    SearchClose,
    SearchUp,
    SearchDown,
    GroupsOpen,
    TreeGroupAdd,
    TreeGroupRemove,
    GroupShow,
    GroupNew,
    GroupEdit,
    GroupDelete,
    RecordRaw,
    RawClose,
    RawUp,
    RawDown,
    RawPageUp,
    RawPageDown,
    RawTop,
    RawBottom,
    RawLeft,
    RawRight,
    RawSearch,
    RawNext,
    RawPrev,
    RawSearchRun,
    RawSearchClose,
    ListExport,
    ExportAccept,
    ExportCancel,
}

/// How many targets a command acts on: `Many` acts on the marked rows, or on the row under
/// the cursor when nothing is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    None,
    One,
    Many,
}

/// One row of the registry.
#[derive(Debug)]
pub struct Command {
    pub id: CommandId,
    /// Stable dotted name, used by the palette and by keymap files.
    pub name: &'static str,
    /// The registry's keys; read them through [`Command::keys`], which has the user's. The
    /// first is the one hints show.
    keys: &'static [Key],
    pub label: &'static str,
    pub description: &'static str,
    pub mutates: bool,
    pub targets: Targets,
    pub scope: Scope,
    /// Shown in the status-bar hints of its scope.
    pub hint: bool,
}

impl Command {
    /// What the provider must be able to do for this command to be offered (a command that
    /// needs more than its scope names it here).
    pub fn needs(&self) -> Option<Capability> {
        match self.id {
            CommandId::HierMove | CommandId::HierBulkMove => Some(Capability::MoveOrganizations),
            CommandId::OrgCreate | CommandId::OrgEdit | CommandId::OrgDelete => {
                Some(Capability::EditHierarchy)
            }
            CommandId::HierNewRoot => Some(Capability::CreateRoots),
            CommandId::OrgSetStatus => Some(Capability::NodeStatus),
            CommandId::PeopleOpen => Some(Capability::Members),
            _ => self.scope.needs(),
        }
    }

    /// Whether a provider with `capabilities` offers this command (keys, help, palette, hints).
    pub fn offered(&self, capabilities: &Capabilities) -> bool {
        self.needs().is_none_or(|need| capabilities.has(need))
    }

    pub fn keys_display(&self) -> String {
        self.keys()
            .iter()
            .map(Key::display)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

macro_rules! cmd {
    ($id:ident, $name:literal, [$($key:expr),+], $label:literal, $desc:literal, $scope:ident,
     mutates: $m:literal, targets: $t:ident, hint: $h:literal) => {
        Command {
            id: CommandId::$id,
            name: $name,
            keys: &[$($key),+],
            label: $label,
            description: $desc,
            mutates: $m,
            targets: Targets::$t,
            scope: Scope::$scope,
            hint: $h,
        }
    };
}

const TABLE: &[Command] = &[
    cmd!(Quit, "app.quit", [plain('q'), ctrl('c')], "quit", "Leave tenantdeck", Global, mutates: false, targets: None, hint: true),
    cmd!(Help, "app.help", [plain('?')], "help", "Show every command and its keys", Global, mutates: false, targets: None, hint: true),
    cmd!(Activity, "screen.activity", [plain('L')], "activity", "Every change this console made, from the journal (filterable)", Global, mutates: false, targets: None, hint: true),
    cmd!(Undo, "app.undo", [plain('z')], "undo", "Revert the last single edit or bulk run where an inverse exists (previewed first)", Global, mutates: true, targets: Many, hint: true),
    cmd!(JumpBack, "app.jump_back", [ctrl('o')], "jump back", "Go back to where the last jump (t, show in tree; Enter in the search) started, screens and all", Global, mutates: false, targets: None, hint: false),
    cmd!(Palette, "app.palette", [plain(':')], "commands", "Find and run a command by name", Global, mutates: false, targets: None, hint: false),
    cmd!(SwitchProfile, "app.profile", [plain('P')], "profile", "Switch the console to another profile (its context, ctx), picked from the list of profiles", Global, mutates: false, targets: None, hint: false),
    cmd!(OrgExpand, "org.expand", [plain('l'), code(KeyCode::Right), code(KeyCode::Enter)], "expand", "Open the selected organization: show the ones below it (read when first opened)", Organizations, mutates: false, targets: One, hint: true),
    cmd!(OrgCollapse, "org.collapse", [plain('h'), code(KeyCode::Left)], "collapse", "Close the organization, or go to its parent", Organizations, mutates: false, targets: One, hint: false),
    cmd!(OrgCreate, "org.create", [plain('n')], "new", "Create an organization: below the selected one where organizations nest (in Metal, a project in the selected organization); in Cloudmore, one of the reseller's", Organizations, mutates: true, targets: One, hint: true),
    cmd!(OrgEdit, "org.edit", [plain('e')], "edit", "Edit the selected organization (or project): its name, and its status or profile where the provider keeps them", Organizations, mutates: true, targets: One, hint: true),
    cmd!(OrgDelete, "org.delete", [plain('d')], "delete", "Delete the selected organization or project (asks for its name first), or, where the provider allows, the marked ones (previewed; leaves only)", Organizations, mutates: true, targets: Many, hint: true),
    cmd!(OrgSetStatus, "org.set_status", [plain('x')], "set status", "Set the marked organizations, or the selected one, inactive or active (previewed; c picks which)", Organizations, mutates: true, targets: Many, hint: true),
    cmd!(TreeAddService, "org.bulk_add_service", [plain('S')], "add service", "Add an E-store service to the marked organizations, or the selected one (previewed; c picks the service)", Tree, mutates: true, targets: Many, hint: false),
    cmd!(OpenCatalog, "screen.catalog", [plain('s')], "catalog", "Open the service catalog of the selected organization", Tree, mutates: false, targets: One, hint: true),
    cmd!(OpenUsers, "screen.users", [plain('u')], "users", "Open the users of the selected organization", Tree, mutates: false, targets: One, hint: true),
    cmd!(OpenAdmins, "screen.admins", [plain('A')], "admins", "Open the reseller's administrators", Tree, mutates: false, targets: None, hint: true),
    cmd!(HierNewRoot, "hierarchy.create_root", [plain('N')], "new organization", "Create an organization of your own (a root, with its address), whatever is selected", Hierarchy, mutates: true, targets: One, hint: true),
    cmd!(HierMove, "hierarchy.move", [plain('m')], "move", "Move the selected organization below another one (picked; refused targets say why)", Hierarchy, mutates: true, targets: One, hint: true),
    cmd!(HierBulkMove, "hierarchy.bulk_move", [plain('M')], "move marked", "Move the marked organizations below a picked one (previewed; those the rules refuse are listed)", Hierarchy, mutates: true, targets: Many, hint: false),
    cmd!(PeopleOpen, "hierarchy.people", [plain('p')], "people", "Open the members and pending invitations of the selected organization or project", Hierarchy, mutates: false, targets: One, hint: true),
    cmd!(PeopleInvite, "people.invite", [plain('n')], "invite", "Invite someone by e-mail, with roles, to the organization and projects picked", People, mutates: true, targets: None, hint: true),
    cmd!(PeopleRoles, "people.roles", [plain('R')], "roles", "Change the roles of the selected member, or give the marked ones one role (previewed; c picks it)", People, mutates: true, targets: Many, hint: true),
    cmd!(PeopleRemove, "people.remove", [plain('d')], "remove/revoke", "Remove the selected member or the marked ones (asks first; never the last owner or admin), or revoke the selected invitation", People, mutates: true, targets: Many, hint: true),
    cmd!(PeopleImport, "people.import", [plain('I')], "import", "Invite the people of a CSV file (header row: email, roles, projects; previewed, rows checked like the form)", People, mutates: true, targets: Many, hint: false),
    cmd!(PickerUp, "picker.up", [code(KeyCode::Up)], "up", "Select the organization above", MovePicker, mutates: false, targets: None, hint: false),
    cmd!(PickerDown, "picker.down", [code(KeyCode::Down)], "down", "Select the organization below", MovePicker, mutates: false, targets: None, hint: false),
    cmd!(PickerPageUp, "picker.page_up", [code(KeyCode::PageUp)], "page up", "Move ten organizations up", MovePicker, mutates: false, targets: None, hint: false),
    cmd!(PickerPageDown, "picker.page_down", [code(KeyCode::PageDown)], "page down", "Move ten organizations down", MovePicker, mutates: false, targets: None, hint: false),
    cmd!(PickerPick, "picker.pick", [code(KeyCode::Enter)], "move here", "Move below the selected organization (a refused one says why)", MovePicker, mutates: true, targets: One, hint: true),
    cmd!(PickerCancel, "picker.cancel", [code(KeyCode::Esc)], "cancel", "Close the picker; nothing moves", MovePicker, mutates: false, targets: None, hint: true),
    cmd!(ChoiceUp, "choice.up", [code(KeyCode::Up)], "up", "Select the option above", Choice, mutates: false, targets: None, hint: false),
    cmd!(ChoiceDown, "choice.down", [code(KeyCode::Down)], "down", "Select the option below", Choice, mutates: false, targets: None, hint: false),
    cmd!(ChoicePageUp, "choice.page_up", [code(KeyCode::PageUp)], "page up", "Move one screen of options up", Choice, mutates: false, targets: None, hint: false),
    cmd!(ChoicePageDown, "choice.page_down", [code(KeyCode::PageDown)], "page down", "Move one screen of options down", Choice, mutates: false, targets: None, hint: false),
    cmd!(ChoicePick, "choice.pick", [code(KeyCode::Enter)], "take", "Take the selected option (nothing is sent: a form still saves, a preview still runs, when you say)", Choice, mutates: false, targets: None, hint: true),
    cmd!(ChoiceCancel, "choice.cancel", [code(KeyCode::Esc)], "cancel", "Close the list; the choice stays as it was", Choice, mutates: false, targets: None, hint: true),
    cmd!(ConflictOverwrite, "conflict.overwrite", [plain('o')], "overwrite with mine", "Save your values again, made from the server's newest version", Conflict, mutates: true, targets: One, hint: true),
    cmd!(ConflictTheirs, "conflict.take_theirs", [plain('t')], "take theirs", "Put the server's values into the form (nothing is sent)", Conflict, mutates: false, targets: None, hint: true),
    cmd!(ConflictEdit, "conflict.keep_editing", [code(KeyCode::Esc)], "keep editing", "Close this view and go on editing (the next save is checked again)", Conflict, mutates: false, targets: None, hint: true),
    cmd!(UserNew, "user.create", [plain('n')], "new user", "Create a user in this organization", Users, mutates: true, targets: None, hint: true),
    cmd!(UserEdit, "user.edit", [plain('e')], "edit user", "Edit the selected user", Users, mutates: true, targets: One, hint: true),
    cmd!(UserDelete, "user.delete", [plain('d')], "delete user", "Delete the marked users (previewed first), or the selected one (asks first)", Users, mutates: true, targets: Many, hint: true),
    cmd!(UserRole, "user.role", [plain('R')], "role", "Change the role of the marked users, or the selected one (previewed; c picks the role)", Users, mutates: true, targets: Many, hint: true),
    cmd!(UserOpen, "user.subscriptions", [code(KeyCode::Enter)], "subscriptions", "On a user: its subscriptions; on a subscription: its users", Users, mutates: false, targets: One, hint: true),
    cmd!(UserShowInTree, "user.show_in_tree", [plain('t')], "in tree", "Show the selected subscription in the organization tree", Users, mutates: false, targets: One, hint: false),
    cmd!(UserInactiveFirst, "user.inactive_first", [plain('i')], "inactive first", "Sort by activity, inactive users first", Users, mutates: false, targets: None, hint: false),
    cmd!(AdminInactiveFirst, "admin.inactive_first", [plain('i')], "inactive first", "Sort by activity, inactive administrators first", Admins, mutates: false, targets: None, hint: false),
    cmd!(AdminNew, "admin.create", [plain('n')], "new admin", "Create a reseller administrator", Admins, mutates: true, targets: None, hint: true),
    cmd!(AdminEdit, "admin.edit", [plain('e')], "edit admin", "Edit the selected administrator", Admins, mutates: true, targets: One, hint: true),
    cmd!(AdminDelete, "admin.delete", [plain('d')], "delete admin", "Delete the marked administrators (previewed first), or the selected one (asks first)", Admins, mutates: true, targets: Many, hint: true),
    cmd!(UserImport, "user.import", [plain('I')], "import", "Create users from a CSV file (header row names the fields; previewed, rows checked like the form)", Users, mutates: true, targets: Many, hint: false),
    cmd!(PromptAccept, "prompt.accept", [code(KeyCode::Enter)], "read file", "Read the file and preview what it does", PathPrompt, mutates: false, targets: None, hint: true),
    cmd!(PromptCancel, "prompt.cancel", [code(KeyCode::Esc)], "cancel", "Close the prompt", PathPrompt, mutates: false, targets: None, hint: true),
    cmd!(ExportAccept, "export.write", [code(KeyCode::Enter)], "write file", "Write the rows to this file (.json writes JSON, anything else CSV)", ExportPath, mutates: false, targets: None, hint: true),
    cmd!(ExportCancel, "export.cancel", [code(KeyCode::Esc)], "cancel", "Close the prompt; nothing is written", ExportPath, mutates: false, targets: None, hint: true),
    cmd!(AdminRole, "admin.role", [plain('R')], "role", "Change the role of the marked administrators, or the selected one (previewed; c picks the role)", Admins, mutates: true, targets: Many, hint: true),
    cmd!(ListUp, "list.up", [plain('k'), code(KeyCode::Up)], "up", "Select the row above", List, mutates: false, targets: None, hint: false),
    cmd!(ListDown, "list.down", [plain('j'), code(KeyCode::Down)], "down", "Select the row below", List, mutates: false, targets: None, hint: false),
    cmd!(ListTop, "list.top", [plain('g'), code(KeyCode::Home)], "top", "Select the first row", List, mutates: false, targets: None, hint: false),
    cmd!(ListBottom, "list.bottom", [plain('G'), code(KeyCode::End)], "bottom", "Select the last row", List, mutates: false, targets: None, hint: false),
    cmd!(ListPageUp, "list.page_up", [code(KeyCode::PageUp), ctrl('u')], "page up", "Move one screen up", List, mutates: false, targets: None, hint: false),
    cmd!(ListPageDown, "list.page_down", [code(KeyCode::PageDown), ctrl('d')], "page down", "Move one screen down", List, mutates: false, targets: None, hint: false),
    cmd!(ListFilter, "list.filter", [plain('/')], "filter", "Narrow the list as you type (any text column)", List, mutates: false, targets: None, hint: true),
    cmd!(ListSortNext, "list.sort", [plain('o')], "sort", "Sort by the next column", List, mutates: false, targets: None, hint: true),
    cmd!(ListSortFlip, "list.sort_flip", [plain('O')], "flip sort", "Reverse the sort direction", List, mutates: false, targets: None, hint: false),
    cmd!(ListNextPane, "list.next_pane", [code(KeyCode::Tab)], "switch list", "Move to the other list of the screen", List, mutates: false, targets: None, hint: true),
    cmd!(ListRefresh, "list.refresh", [plain('r')], "refresh", "Reload what this screen shows from the server", List, mutates: false, targets: None, hint: false),
    cmd!(CopyId, "list.copy_id", [plain('y')], "copy id", "Copy the selected row's id to the clipboard (OSC 52: works over SSH and tmux)", List, mutates: false, targets: One, hint: false),
    cmd!(CopyRecord, "list.copy_record", [plain('Y')], "copy record", "Copy the selected row's whole record to the clipboard as JSON", List, mutates: false, targets: One, hint: false),
    cmd!(RecordRaw, "list.raw", [plain('v')], "raw", "Show the selected record's JSON whole (what Y copies), scrollable, with / search", List, mutates: false, targets: One, hint: false),
    cmd!(ListExport, "list.export", [plain('E')], "export", "Write the rows the list shows (filter, sort and columns as on screen) to a CSV or JSON file (:export; the extension picks)", List, mutates: false, targets: None, hint: false),
    cmd!(ListBack, "list.back", [code(KeyCode::Esc), code(KeyCode::Backspace)], "back", "Clear the marks, then the filter, or go back to the previous screen", List, mutates: false, targets: None, hint: true),
    cmd!(Mark, "list.mark", [plain(' ')], "mark", "Mark or unmark the selected row and move down", List, mutates: false, targets: One, hint: false),
    cmd!(MarkRange, "list.mark_range", [plain('V')], "mark range", "Mark every row from the last marked one to the selection", List, mutates: false, targets: Many, hint: false),
    cmd!(MarkAll, "list.mark_all", [ctrl('a')], "mark all", "Mark every row the filter shows", List, mutates: false, targets: Many, hint: false),
    cmd!(ClearMarks, "list.clear_marks", [plain('u')], "clear marks", "Clear every mark (a screen's own u wins; Esc clears marks first)", List, mutates: false, targets: Many, hint: false),
    cmd!(CatalogAdd, "catalog.add", [plain('a')], "add", "Add the selected E-store service to the organization (asks for its properties)", Catalog, mutates: true, targets: One, hint: true),
    cmd!(CatalogUpdate, "catalog.update", [plain('e')], "update", "Update the added service: note and custom properties", Catalog, mutates: true, targets: One, hint: true),
    cmd!(CatalogPatch, "catalog.properties", [plain('p')], "properties", "Change only the custom-property data of the added service", Catalog, mutates: true, targets: One, hint: true),
    cmd!(CatalogRemove, "catalog.remove", [plain('d')], "remove", "Remove the added service from the organization (asks first)", Catalog, mutates: true, targets: One, hint: true),
    cmd!(CatalogOpen, "catalog.subscriptions", [code(KeyCode::Enter)], "subscriptions", "Open the subscriptions of the added service", Catalog, mutates: false, targets: One, hint: true),
    cmd!(SubNew, "subscription.create", [plain('n')], "new", "Create a subscription from one of the service's products", Subscriptions, mutates: true, targets: None, hint: true),
    cmd!(SubQuantity, "subscription.quantity", [plain('e')], "quantity", "Change the quantity of the selected subscription", Subscriptions, mutates: true, targets: One, hint: true),
    cmd!(SubCancel, "subscription.cancel", [plain('d')], "cancel", "Cancel the selected subscription (asks first; it stays listed)", Subscriptions, mutates: true, targets: One, hint: true),
    cmd!(SubOpen, "subscription.users", [code(KeyCode::Enter)], "users", "Open the users assigned to the subscription", Subscriptions, mutates: false, targets: One, hint: true),
    cmd!(AssignUser, "assign.add", [plain('a')], "assign", "Assign the marked organization users (previewed first), or the selected one", Assignment, mutates: true, targets: Many, hint: true),
    cmd!(UnassignUser, "assign.remove", [plain('u')], "unassign", "Remove the marked users (previewed first), or the selected one, from the subscription", Assignment, mutates: true, targets: Many, hint: true),
    cmd!(SetExternalId, "assign.external_id", [plain('x')], "external id", "Edit the selected subscription user's external user id", Assignment, mutates: true, targets: One, hint: true),
    cmd!(SetRole, "assign.role", [plain('R')], "set role", "Set the user's organization role (needed before assignment)", Assignment, mutates: true, targets: One, hint: true),
    cmd!(BulkYes, "bulk.run", [plain('y')], "run", "Run the previewed changes (or resume the interrupted run)", Bulk, mutates: true, targets: Many, hint: true),
    cmd!(BulkTyped, "bulk.run_typed", [code(KeyCode::Enter)], "run", "Run, once the word asked for is typed", BulkWord, mutates: true, targets: Many, hint: true),
    cmd!(BulkWordCancel, "bulk.cancel_typed", [code(KeyCode::Esc)], "cancel", "Keep everything as it is (the default)", BulkWord, mutates: false, targets: None, hint: true),
    cmd!(BulkChoose, "bulk.choose", [plain('c')], "choose", "Show the plan for another option before running: the next one, or of many (the services of the E-store), the one picked from a list you type in", Bulk, mutates: false, targets: None, hint: true),
    cmd!(BulkBack, "bulk.back", [code(KeyCode::Esc), code(KeyCode::Backspace)], "cancel/stop", "Cancel the preview; while running, stop launching requests (those in flight finish); after it, go back", Bulk, mutates: false, targets: None, hint: true),
    cmd!(BulkRetry, "bulk.retry_failed", [plain('R')], "retry failed", "Send the failed items again, and those a stop left unsent (unsettled ones are checked first)", Bulk, mutates: true, targets: Many, hint: true),
    cmd!(FilterApply, "filter.apply", [code(KeyCode::Enter)], "keep filter", "Keep the filter and return to the list", Filter, mutates: false, targets: None, hint: true),
    cmd!(FilterClear, "filter.clear", [code(KeyCode::Esc)], "clear", "Clear the filter and return to the list", Filter, mutates: false, targets: None, hint: true),
    cmd!(FormNext, "form.next", [code(KeyCode::Tab), code(KeyCode::Down)], "next field", "Move to the next field", Form, mutates: false, targets: None, hint: true),
    cmd!(FormPrev, "form.prev", [code(KeyCode::BackTab), code(KeyCode::Up)], "prev field", "Move to the previous field", Form, mutates: false, targets: None, hint: false),
    cmd!(FormToggle, "form.toggle", [plain(' ')], "toggle/choose", "Flip a toggle, move a short choice to its next option, or open a long choice's list to type in and pick from", Form, mutates: false, targets: None, hint: false),
    cmd!(FormList, "form.list", [ctrl(' '), code(KeyCode::F(4))], "list", "List every suggestion of the focused field (a country) to type in and pick from", Form, mutates: false, targets: None, hint: true),
    cmd!(FormSubmit, "form.submit", [code(KeyCode::Enter), ctrl('s')], "save", "Validate and send the form (again, to retry)", Form, mutates: true, targets: One, hint: true),
    cmd!(FormCancel, "form.cancel", [code(KeyCode::Esc)], "cancel", "Close the form (asks when something changed)", Form, mutates: false, targets: None, hint: true),
    cmd!(DiscardYes, "form.discard", [plain('y')], "discard", "Throw away the changes and close the form", Discard, mutates: false, targets: None, hint: true),
    cmd!(DiscardNo, "form.keep_editing", [plain('n'), code(KeyCode::Esc)], "keep editing", "Go back to the form", Discard, mutates: false, targets: None, hint: true),
    cmd!(ConfirmAccept, "confirm.accept", [code(KeyCode::Enter)], "confirm", "Go ahead, once the name asked for is typed", Confirm, mutates: true, targets: One, hint: true),
    cmd!(ConfirmYes, "confirm.yes", [plain('y')], "yes", "Go ahead (dialogs that ask for no name)", Confirm, mutates: true, targets: One, hint: true),
    cmd!(ConfirmCancel, "confirm.cancel", [code(KeyCode::Esc), plain('n')], "cancel", "Keep everything as it is (the default)", Confirm, mutates: false, targets: None, hint: true),
    cmd!(HelpClose, "help.close", [code(KeyCode::Esc), plain('?'), plain('q')], "close", "Close this help", Help, mutates: false, targets: None, hint: true),
    cmd!(HelpUp, "help.up", [plain('k'), code(KeyCode::Up)], "scroll up", "Scroll the help up", Help, mutates: false, targets: None, hint: true),
    cmd!(HelpDown, "help.down", [plain('j'), code(KeyCode::Down)], "scroll down", "Scroll the help down", Help, mutates: false, targets: None, hint: true),
    cmd!(HelpTop, "help.top", [plain('g'), code(KeyCode::Home)], "top", "Scroll to the start of the help", Help, mutates: false, targets: None, hint: false),
    cmd!(HelpBottom, "help.bottom", [plain('G'), code(KeyCode::End)], "bottom", "Scroll to the end of the help", Help, mutates: false, targets: None, hint: false),
    cmd!(HelpPageUp, "help.page_up", [code(KeyCode::PageUp), ctrl('u')], "page up", "Scroll the help up a page", Help, mutates: false, targets: None, hint: true),
    cmd!(HelpPageDown, "help.page_down", [code(KeyCode::PageDown), ctrl('d'), plain(' ')], "page down", "Scroll the help down a page", Help, mutates: false, targets: None, hint: true),
    cmd!(HelpSearch, "help.search", [plain('/')], "search", "Show only the commands matching what you type (key, name or words)", Help, mutates: false, targets: None, hint: true),
    cmd!(HelpSearchKeep, "help.search_keep", [code(KeyCode::Enter)], "keep", "Keep the search and scroll the matches", HelpSearch, mutates: false, targets: None, hint: true),
    cmd!(HelpSearchClear, "help.search_clear", [code(KeyCode::Esc)], "clear", "Clear the search and show every command again", HelpSearch, mutates: false, targets: None, hint: true),
    cmd!(PaletteRun, "palette.run", [code(KeyCode::Enter)], "run", "Run the highlighted command", Palette, mutates: false, targets: None, hint: true),
    cmd!(PaletteClose, "palette.close", [code(KeyCode::Esc)], "close", "Close the palette", Palette, mutates: false, targets: None, hint: true),
    cmd!(PaletteUp, "palette.up", [code(KeyCode::Up)], "up", "Highlight the command above", Palette, mutates: false, targets: None, hint: false),
    cmd!(PaletteDown, "palette.down", [code(KeyCode::Down)], "down", "Highlight the command below", Palette, mutates: false, targets: None, hint: false),
    cmd!(ShowMessage, "app.show_message", [plain('!')], "last message", "Show the last status message in full", Global, mutates: false, targets: None, hint: false),
    cmd!(BulkShowItem, "bulk.show_item", [code(KeyCode::Enter)], "read", "Show the selected item in full: target, change, reason or the server's whole message", Bulk, mutates: false, targets: One, hint: true),
    cmd!(BulkProperties, "bulk.properties", [plain('p')], "properties", "Give the chosen service's custom-property values, once for every organization", Bulk, mutates: false, targets: None, hint: true),
    cmd!(ReaderClose, "reader.close", [code(KeyCode::Esc), code(KeyCode::Enter), plain('q')], "close", "Close the text", Reader, mutates: false, targets: None, hint: true),
    cmd!(ReaderUp, "reader.up", [plain('k'), code(KeyCode::Up)], "scroll up", "Scroll the text up", Reader, mutates: false, targets: None, hint: true),
    cmd!(ReaderDown, "reader.down", [plain('j'), code(KeyCode::Down)], "scroll down", "Scroll the text down", Reader, mutates: false, targets: None, hint: true),
    cmd!(ReaderPageUp, "reader.page_up", [code(KeyCode::PageUp)], "page up", "Scroll the text up a page", Reader, mutates: false, targets: None, hint: false),
    cmd!(ReaderPageDown, "reader.page_down", [code(KeyCode::PageDown), plain(' ')], "page down", "Scroll the text down a page", Reader, mutates: false, targets: None, hint: false),
    cmd!(RawClose, "raw.close", [code(KeyCode::Esc), plain('q')], "close", "Clear the search's highlights, then close the raw view", RawView, mutates: false, targets: None, hint: true),
    cmd!(RawUp, "raw.up", [plain('k'), code(KeyCode::Up)], "scroll up", "Scroll the JSON up", RawView, mutates: false, targets: None, hint: true),
    cmd!(RawDown, "raw.down", [plain('j'), code(KeyCode::Down)], "scroll down", "Scroll the JSON down", RawView, mutates: false, targets: None, hint: true),
    cmd!(RawPageUp, "raw.page_up", [code(KeyCode::PageUp), ctrl('u')], "page up", "Scroll the JSON up a page", RawView, mutates: false, targets: None, hint: false),
    cmd!(RawPageDown, "raw.page_down", [code(KeyCode::PageDown), ctrl('d'), plain(' ')], "page down", "Scroll the JSON down a page", RawView, mutates: false, targets: None, hint: false),
    cmd!(RawTop, "raw.top", [plain('g'), code(KeyCode::Home)], "top", "Scroll to the first line", RawView, mutates: false, targets: None, hint: false),
    cmd!(RawBottom, "raw.bottom", [plain('G'), code(KeyCode::End)], "bottom", "Scroll to the last line", RawView, mutates: false, targets: None, hint: false),
    cmd!(RawLeft, "raw.left", [plain('h'), code(KeyCode::Left)], "left", "Scroll the long lines left", RawView, mutates: false, targets: None, hint: false),
    cmd!(RawRight, "raw.right", [plain('l'), code(KeyCode::Right)], "right", "Scroll the long lines right", RawView, mutates: false, targets: None, hint: false),
    cmd!(RawSearch, "raw.search", [plain('/')], "search", "Type a text to find in the JSON (Enter jumps to the next match)", RawView, mutates: false, targets: None, hint: true),
    cmd!(RawNext, "raw.next", [plain('n')], "next", "Jump to the next match", RawView, mutates: false, targets: None, hint: true),
    cmd!(RawPrev, "raw.prev", [plain('N')], "previous", "Jump to the previous match", RawView, mutates: false, targets: None, hint: false),
    cmd!(RawSearchRun, "raw.search_run", [code(KeyCode::Enter)], "find", "Highlight the matches and jump to the next one", RawSearch, mutates: false, targets: None, hint: true),
    cmd!(RawSearchClose, "raw.search_close", [code(KeyCode::Esc)], "close", "Stop typing the search (its highlights stay until Esc)", RawSearch, mutates: false, targets: None, hint: true),
    cmd!(DetailFocus, "detail.focus", [plain('f')], "details", "Pick a value in the detail pane to read it whole", Global, mutates: false, targets: None, hint: false),
    cmd!(DetailUp, "detail.up", [plain('k'), code(KeyCode::Up)], "up", "Select the value above", Detail, mutates: false, targets: None, hint: false),
    cmd!(DetailDown, "detail.down", [plain('j'), code(KeyCode::Down)], "down", "Select the value below", Detail, mutates: false, targets: None, hint: false),
    cmd!(DetailRead, "detail.read", [code(KeyCode::Enter)], "read", "Show the selected value whole", Detail, mutates: false, targets: One, hint: true),
    cmd!(DetailBack, "detail.back", [code(KeyCode::Esc), plain('f')], "back", "Leave the detail pane", Detail, mutates: false, targets: None, hint: true),
    cmd!(Search, "app.find", [ctrl('k')], "find", "Search everything loaded (customers, users, administrators, services, subscriptions) by name, e-mail or id (:find TEXT)", Global, mutates: false, targets: None, hint: false),
    cmd!(SearchRun, "search.open", [code(KeyCode::Enter)], "open", "Open the highlighted hit on its own screen (Ctrl-O comes back)", Search, mutates: false, targets: One, hint: true),
    cmd!(SearchClose, "search.close", [code(KeyCode::Esc)], "close", "Close the search", Search, mutates: false, targets: None, hint: true),
    cmd!(SearchUp, "search.up", [code(KeyCode::Up)], "up", "Highlight the hit above", Search, mutates: false, targets: None, hint: false),
    cmd!(SearchDown, "search.down", [code(KeyCode::Down)], "down", "Highlight the hit below", Search, mutates: false, targets: None, hint: false),
    cmd!(GroupsOpen, "screen.groups", [plain('b')], "groups", "Open the organization groups (Key Account roles are scoped by them) and the organizations in each", Tree, mutates: false, targets: None, hint: false),
    cmd!(TreeGroupAdd, "org.group_add", [plain('+')], "to group", "Add the marked organizations, or the selected one, to a group (previewed; c picks the group)", Tree, mutates: true, targets: Many, hint: false),
    cmd!(TreeGroupRemove, "org.group_remove", [plain('-')], "from group", "Take the marked organizations, or the selected one, out of a group (previewed; c picks the group)", Tree, mutates: true, targets: Many, hint: false),
    cmd!(GroupNew, "group.create", [plain('n')], "new group", "Create an organization group", Groups, mutates: true, targets: None, hint: true),
    cmd!(GroupEdit, "group.edit", [plain('e')], "rename", "Change the selected group's name and description", Groups, mutates: true, targets: One, hint: true),
    cmd!(GroupDelete, "group.delete", [plain('d')], "delete group", "Delete the selected group (asks first; its organizations stay)", Groups, mutates: true, targets: One, hint: true),
    cmd!(GroupShow, "group.show_in_tree", [code(KeyCode::Enter)], "show in tree", "Filter the tree to the selected group's organizations (Esc there clears it)", Groups, mutates: false, targets: One, hint: true),
];

/// The registry, in the order help and the palette list it.
pub static COMMANDS: &[Command] = TABLE;

/// For each id (by position), its row in [`TABLE`]. Computed while compiling: the build fails
/// when an id has no row or two, so [`get`] cannot answer with another command's row.
const ROW_OF: [usize; CommandId::ALL.len()] = {
    let mut row_of = [usize::MAX; CommandId::ALL.len()];
    let mut row = 0;
    while row < TABLE.len() {
        let id = TABLE[row].id as usize;
        assert!(
            row_of[id] == usize::MAX,
            "two registry rows for one command id"
        );
        row_of[id] = row;
        row += 1;
    }
    let mut id = 0;
    while id < row_of.len() {
        assert!(
            row_of[id] != usize::MAX,
            "a command id without a registry row"
        );
        id += 1;
    }
    row_of
};

/// The registry row of a command: its own, always (see [`ROW_OF`]).
pub fn get(id: CommandId) -> &'static Command {
    &TABLE[ROW_OF[id as usize]]
}

/// The command bound to `key` in `scope` or its parents. Outside the browsing scopes a plain
/// character never falls back, so typing `q` on a form's toggle cannot quit the app.
pub fn lookup(scope: Scope, key: Key) -> Option<&'static Command> {
    let in_scope = |s: Scope| {
        COMMANDS
            .iter()
            .find(|c| c.scope == s && c.keys().contains(&key))
    };
    in_scope(scope).or_else(|| {
        (scope.browsing() || !key.is_text())
            .then(|| scope.chain().skip(1).find_map(in_scope))
            .flatten()
    })
}

/// Commands shown as hints in the status bar for `scope`: its own, then (in browsing scopes)
/// its parents'.
pub fn hints(scope: Scope) -> impl Iterator<Item = &'static Command> {
    let chain: Vec<Scope> = if scope.browsing() {
        scope.hint_chain()
    } else {
        vec![scope]
    };
    // A parent's command whose key a nearer scope takes is not reachable here: no hint.
    let nearest = move |c: &Command| lookup(scope, c.keys()[0]).is_some_and(|n| n.id == c.id);
    chain
        .into_iter()
        .flat_map(|s| COMMANDS.iter().filter(move |c| c.hint && c.scope == s))
        .filter(move |c| nearest(c))
}

/// Commands in one scope, in table order.
pub fn in_scope(scope: Scope) -> impl Iterator<Item = &'static Command> {
    COMMANDS.iter().filter(move |c| c.scope == scope)
}

#[cfg(test)]
mod tests;
