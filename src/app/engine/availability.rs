//! Whether a command can run now, and why not. One answer serves every place that offers
//! commands: dispatch refuses with the reason, the status-bar hints leave the command out,
//! help and the palette show it as unavailable. Read-only mode is one reason among others
//! (a cancelled subscription's users, a bulk run that is over, a list without the focus).

use crate::app::App;
use crate::app::commands::{self, CommandId, Key, Scope};

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
        if let Some(why) = self.search_refusal(id) {
            return Some(why);
        }
        if id == CommandId::FormList
            && let crate::app::Mode::Form(form) = &self.mode
            && !form.lists_suggestions()
        {
            return Some("this field has no suggestions to list".into());
        }
        let screen = self.top()?;
        let state = screen.state();
        if id == CommandId::ListNextPane && state.panes() < 2 {
            let why = state.unavailable(id, &self.store);
            return why.or_else(|| Some("this screen has one list".into()));
        }
        // The root: Esc never leaves it, so it is offered only with something to clear or a
        // jump to go back from (and the hint does not promise a way back).
        let list = state.list();
        if id == CommandId::ListBack
            && self.screens.len() == 1
            && list.marked_count() == 0
            && !list.narrowed()
            && self.jumps.is_empty()
        {
            return Some("nothing to clear: this is the first screen".into());
        }
        state.unavailable(id, &self.store)
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
