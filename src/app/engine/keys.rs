//! Where a key goes: the scope whose commands the keyboard reaches now (an overlay, a mode,
//! the top screen), whether a character is typed into a field there or runs a command, and
//! which input takes the editing keys no command claimed.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};

use crate::app::commands::{self, Key, Scope};
use crate::app::{App, Mode};

impl App {
    /// The scope whose commands the keyboard reaches now.
    pub(crate) fn scope(&self) -> Scope {
        if let Some(help) = &self.help {
            return if help.searching {
                Scope::HelpSearch
            } else {
                Scope::Help
            };
        }
        if self.palette.is_some() {
            return Scope::Palette;
        }
        if self.search.open.is_some() {
            return Scope::Search;
        }
        if self.reader.is_some() {
            return Scope::Reader;
        }
        if let Some(raw) = &self.raw {
            return raw.scope();
        }
        if let Some(scope) = self.export.scope() {
            return scope;
        }
        match &self.mode {
            Mode::Browse if self.detail_cursor.is_some() => Scope::Detail,
            Mode::Browse => self.top().map_or(Scope::Tree, |s| s.state().scope()),
            Mode::Filter => Scope::Filter,
            Mode::Form(f) if f.picker.is_some() => Scope::Choice,
            Mode::Form(f) if f.form.confirm_discard => Scope::Discard,
            Mode::Form(f) if f.purpose.conflict().is_some() => Scope::Conflict,
            Mode::Form(_) => Scope::Form,
            Mode::Confirm(_) => Scope::Confirm,
        }
    }

    /// Whether printable characters are typed into a field rather than run as commands.
    pub(in crate::app) fn typing(&self, scope: Scope) -> bool {
        self.types(scope, None)
    }

    /// [`App::typing`] for one character: a screen's field may take only some (digits).
    fn types(&self, scope: Scope, c: Option<char>) -> bool {
        match (scope, &self.mode) {
            (Scope::Filter | Scope::Palette | Scope::HelpSearch | Scope::Search, _) => true,
            (Scope::RawSearch | Scope::ExportPath, _) => true,
            (Scope::Confirm, Mode::Confirm(c)) => c.word.is_some(),
            (Scope::Choice, Mode::Form(_)) => true,
            (Scope::Form, Mode::Form(f)) => f.form.focused().is_some_and(|f| f.is_text()),
            (_, Mode::Browse) => self.top().is_some_and(|s| match c {
                Some(c) => s.state().takes(c),
                None => s.state().typing(),
            }),
            _ => false,
        }
    }

    pub(in crate::app) fn on_key(&mut self, event: KeyEvent, raw: &Event) {
        let key = Key::from_event(&event);
        let scope = self.scope();
        let typed = match key.code {
            KeyCode::Char(c) if key.is_text() => self.types(scope, Some(c)),
            // A screen's field keeps its editing keys (Backspace must not cancel the run).
            KeyCode::Backspace
            | KeyCode::Delete
            | KeyCode::Left
            | KeyCode::Right
            | KeyCode::Home
            | KeyCode::End => matches!(self.mode, Mode::Browse) && self.typing(scope),
            _ => false,
        };
        if typed {
            self.type_text(raw);
            return;
        }
        // A character the field does not take is a command of the scopes around it.
        let command = commands::lookup(scope, key).or_else(|| {
            let untaken = key.is_text() && self.typing(scope);
            let mut around = scope.chain().skip(1).filter(|_| untaken);
            around.find_map(|s| commands::lookup(s, key))
        });
        match command {
            Some(command) => self.dispatch(command.id),
            None if self.unknown_here(scope, &key) => {
                self.flash_info(format!("no command on {} here (? for help)", key.display()))
            }
            None => self.type_text(raw),
        }
    }

    /// A key no command claimed: editing keys for whichever input is focused.
    pub(in crate::app) fn type_text(&mut self, event: &Event) {
        if let Some(palette) = &mut self.palette {
            palette.edit(event);
            self.palette_asks_for_groups();
            return;
        }
        if self.search.open.is_some() {
            self.search_edit(event);
            return;
        }
        if let Some(help) = &mut self.help {
            if help.searching {
                help.edit(event);
            }
            return;
        }
        if self.reader.is_some() {
            return;
        }
        if let Some(raw) = &mut self.raw {
            raw.edit(event);
            return;
        }
        if self.export.scope().is_some() {
            self.export.edit(event);
            return;
        }
        if let (Mode::Filter, Some(screen)) = (&self.mode, self.screens.last_mut()) {
            let state = screen.state_mut();
            if state.list_mut().edit_filter(event, &self.store) {
                state.selection_moved(&self.store);
            }
            return;
        }
        if let (Mode::Browse, Some(screen)) = (&self.mode, self.screens.last_mut())
            && screen.state().typing()
        {
            screen.state_mut().edit(event);
            return;
        }
        match &mut self.mode {
            Mode::Form(form) if !form.form.confirm_discard => form.handle_key(event),
            Mode::Confirm(confirm) => confirm.edit(event),
            _ => {}
        }
    }
}
