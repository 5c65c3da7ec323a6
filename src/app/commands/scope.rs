//! The scopes commands apply in: a screen's own, the lists', everywhere's, and the overlays'
//! and dialogs'; which falls back to which, and what a provider must be able to do for a
//! scope's commands to be offered.

use crate::domain::hierarchy::Capability;

/// Where a command applies. A key is looked up in the active scope, then in its parents (a
/// pushed screen's scope → `List` → `Global`); the scope nearest wins. Outside the browsing
/// scopes a printable character never falls back, so it is typed into the field instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    /// Cloudmore's reseller with its organizations (the root screen there).
    Tree,
    /// The organization hierarchy of a provider that has one (the root screen there).
    Hierarchy,
    /// What every root screen of organizations does, whichever provider draws it (the tree's
    /// and the hierarchy's parent): open and close, create, edit, delete, set status. Each
    /// root screen carries these out its own way, so one key means one thing everywhere.
    Organizations,
    /// Moving, filtering and sorting in the table list of any pushed screen.
    List,
    Catalog,
    Subscriptions,
    Assignment,
    /// A bulk run: its preview, progress and result.
    Bulk,
    /// A bulk preview that asks for a word to be typed before it runs.
    BulkWord,
    Users,
    Admins,
    /// A file path being typed (the CSV import).
    PathPrompt,
    Filter,
    Form,
    Discard,
    Confirm,
    Help,
    /// Typing a search into the help.
    HelpSearch,
    Palette,
    /// A text shown whole (a cut message, a bulk item).
    Reader,
    /// Picking a value in the detail pane (the tree's, a user's, an administrator's).
    Detail,
    /// Picking where organizations move to (type to search).
    MovePicker,
    /// A save refused as stale: the server's values next to the user's.
    Conflict,
    /// Picking one of a long list of options (type to search): a form's choice, a preview's.
    Choice,
    /// A node's members and invitations (opened with `Members`; its own commands all write).
    People,
    /// The search box over everything loaded (`Ctrl-K`).
    Search,
    /// The reseller's organization groups.
    Groups,
    /// A record's JSON shown whole (`v`).
    RawView,
    /// Typing a search into the raw view.
    RawSearch,
    /// The path of the file a list is exported to (`E`).
    ExportPath,
}

impl Scope {
    /// Scopes in the order help lists them.
    pub const ALL: [Scope; 31] = [
        Scope::Global,
        Scope::Tree,
        Scope::Hierarchy,
        Scope::Organizations,
        Scope::List,
        Scope::Catalog,
        Scope::Subscriptions,
        Scope::Assignment,
        Scope::Bulk,
        Scope::BulkWord,
        Scope::Users,
        Scope::Admins,
        Scope::PathPrompt,
        Scope::ExportPath,
        Scope::Filter,
        Scope::Form,
        Scope::Choice,
        Scope::Discard,
        Scope::Confirm,
        Scope::Help,
        Scope::HelpSearch,
        Scope::Palette,
        Scope::Reader,
        Scope::RawView,
        Scope::RawSearch,
        Scope::Detail,
        Scope::MovePicker,
        Scope::Conflict,
        Scope::People,
        Scope::Search,
        Scope::Groups,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Tree => "Organization tree",
            Scope::Hierarchy => "Organization hierarchy",
            Scope::Organizations => "Organizations (the tree or the hierarchy)",
            Scope::List => "Lists (every screen)",
            Scope::Catalog => "Service catalog",
            Scope::Subscriptions => "Subscriptions of a service",
            Scope::Assignment => "Subscription users",
            Scope::Bulk => "Bulk run (preview, progress, result)",
            Scope::BulkWord => "Bulk run that asks for a word",
            Scope::Users => "Organization users",
            Scope::Admins => "Reseller administrators",
            Scope::PathPrompt => "File path",
            Scope::Filter => "Filter input",
            Scope::Form => "Forms",
            Scope::Discard => "Discard changes?",
            Scope::Confirm => "Confirmation",
            Scope::Help => "This help",
            Scope::HelpSearch => "Searching this help",
            Scope::Palette => "Command palette",
            Scope::Reader => "Reading a text in full",
            Scope::Detail => "Detail pane",
            Scope::MovePicker => "Moving organizations: pick the new parent",
            Scope::Conflict => "Changed on the server meanwhile",
            Scope::Choice => "Picking an option (type to search)",
            Scope::People => "People of an organization or project",
            Scope::Search => "Search",
            Scope::Groups => "Organization groups",
            Scope::RawView => "A record's raw JSON",
            Scope::RawSearch => "Searching the raw JSON",
            Scope::ExportPath => "Exporting a list: the file's path",
        }
    }

    /// The scope whose commands also apply here when this one does not bind a key.
    pub fn parent(self) -> Option<Scope> {
        match self {
            Scope::Global => None,
            Scope::Tree | Scope::Hierarchy => Some(Scope::Organizations),
            Scope::Organizations
            | Scope::Catalog
            | Scope::Subscriptions
            | Scope::Assignment
            | Scope::Users
            | Scope::Admins
            | Scope::People
            | Scope::Groups
            | Scope::Bulk => Some(Scope::List),
            // While a count or word is typed, the run's other keys still work (arrows, `c`).
            Scope::BulkWord => Some(Scope::Bulk),
            _ => Some(Scope::Global),
        }
    }

    /// Browsing scopes run plain-character commands of their parents; the others type them.
    pub fn browsing(self) -> bool {
        matches!(
            self,
            Scope::Tree
                | Scope::Hierarchy
                | Scope::Organizations
                | Scope::List
                | Scope::Catalog
                | Scope::Subscriptions
                | Scope::Assignment
                | Scope::Bulk
                | Scope::Users
                | Scope::Admins
                | Scope::People
                | Scope::Groups
                | Scope::Detail
        )
    }

    /// What the provider must be able to do for this scope's commands to be offered.
    pub fn needs(self) -> Option<Capability> {
        match self {
            Scope::Tree | Scope::Groups => Some(Capability::ResellerTree),
            Scope::Hierarchy | Scope::Conflict => Some(Capability::Hierarchy),
            Scope::MovePicker => Some(Capability::MoveOrganizations),
            Scope::Catalog | Scope::Subscriptions | Scope::Assignment => {
                Some(Capability::ServiceCatalog)
            }
            Scope::Users => Some(Capability::OrganizationUsers),
            Scope::Admins => Some(Capability::Administrators),
            Scope::People => Some(Capability::EditMembers),
            _ => None,
        }
    }

    /// This scope and its parents, nearest first.
    pub fn chain(self) -> impl Iterator<Item = Scope> {
        std::iter::successors(Some(self), |s| s.parent())
    }

    /// The chain in the order the status bar hints it: a root screen leads with what every
    /// root does to organizations (expand, new, edit…), then what only it does; the rest
    /// nearest first.
    pub fn hint_chain(self) -> Vec<Scope> {
        let mut chain: Vec<Scope> = self.chain().collect();
        if let Some(shared) = chain.iter().position(|s| *s == Scope::Organizations) {
            chain[..=shared].rotate_right(1);
        }
        chain
    }
}
