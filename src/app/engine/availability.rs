//! Whether a command can run now, and why not. One answer serves every place that offers
//! commands: dispatch refuses with the reason, the status-bar hints leave the command out,
//! help and the palette show it as unavailable. Read-only mode is one reason among others
//! (a cancelled subscription's users, a bulk run that is over, a list without the focus).

use crate::app::App;
use crate::app::commands::{self, CommandId, Key, Scope};
use crate::app::tree::Node;

impl App {
    /// The reason `id` cannot run in the present state, or `None` when it can.
    pub(crate) fn unavailable(&self, id: CommandId) -> Option<String> {
        let command = commands::get(id);
        if command.mutates && self.session.read_only {
            return Some(format!("read-only: {} is disabled", command.label));
        }
        if !command.offered(&self.session.capabilities) {
            return Some(format!(
                "{} has no {}",
                self.session.provider, command.label
            ));
        }
        if id == CommandId::ListNextPane && self.top().is_some_and(|s| s.state().panes() < 2) {
            return Some("this screen has one list".into());
        }
        match self.top() {
            Some(screen) => screen.state().unavailable(id, &self.store),
            None => self.unavailable_in_tree(id),
        }
    }

    /// Editing and deleting need an organization under the cursor; its catalog and users need
    /// a row that belongs to one (not the reseller's own row).
    fn unavailable_in_tree(&self, id: CommandId) -> Option<String> {
        let node = self.tree.selected_node(&self.store);
        let on_org = matches!(node, Some(Node::Org(_)));
        let on_reseller = matches!(node, Some(Node::Reseller) | None);
        match id {
            CommandId::ListNextPane => Some("the tree is one list".into()),
            // The root: Esc is offered only with something to clear or a jump to go back from.
            CommandId::ListBack
                if self.org_marks.count() == 0
                    && self.filter.value().is_empty()
                    && self.jumps.is_empty() =>
            {
                Some("nothing to clear: this is the first screen".into())
            }
            CommandId::OpenCatalog if on_reseller => {
                Some("select an organization to see its services".into())
            }
            CommandId::OpenUsers if on_reseller => {
                Some("select an organization to see its users".into())
            }
            CommandId::EditOrg if !on_org => Some("select an organization to edit".into()),
            CommandId::DeleteOrg if !on_org => Some("select an organization to delete".into()),
            _ => None,
        }
    }

    /// Whether a key no command claims is a slip worth saying so: on a list or the tree, where
    /// nothing is typed (keys for a field are its text, and modifier keys alone are no keys).
    pub(in crate::app) fn unknown_here(&self, scope: Scope, key: &Key) -> bool {
        use ratatui::crossterm::event::KeyCode as K;
        let real = !matches!(
            key.code,
            K::Modifier(_) | K::Null | K::CapsLock | K::NumLock | K::ScrollLock | K::Media(_)
        );
        real && scope.browsing() && !self.typing(scope)
    }
}
