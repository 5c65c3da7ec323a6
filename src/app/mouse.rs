//! The mouse (when the config's `mouse` is on): a left click on a list row selects it, on the
//! other list of a screen or on the detail pane moves the focus there; the wheel scrolls by
//! three lines whatever has the keys (a list, the raw view, the reader, help, the palette).
//!
//! Every gesture becomes the registry commands a key would run (`ListDown`, `ListNextPane`,
//! `DetailFocus`...), through `dispatch`, so the read-only gate, availability and the
//! screens' reactions are the keys' own. Only the click on a row has no key: it moves the
//! selection by the distance to that row, with the list moves' own follow-up. Where a list
//! is, drawing tells its viewport (`Viewport::drawn_at`).

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::App;
use super::commands::{CommandId, Scope};

/// Lines one turn of the wheel scrolls.
const WHEEL_LINES: usize = 3;

impl App {
    /// Whether mouse events are taken (the config's `mouse`; off, they are ignored).
    pub fn set_mouse(&mut self, on: bool) {
        self.mouse = on;
    }

    pub(crate) fn on_mouse(&mut self, event: MouseEvent) {
        if !self.mouse {
            return;
        }
        match event.kind {
            MouseEventKind::ScrollDown => self.wheel(false),
            MouseEventKind::ScrollUp => self.wheel(true),
            MouseEventKind::Down(MouseButton::Left) => self.click(event.column, event.row),
            _ => {}
        }
    }

    fn wheel(&mut self, up: bool) {
        use CommandId as C;
        let (back, on) = match self.scope() {
            Scope::RawView => (C::RawUp, C::RawDown),
            Scope::Reader => (C::ReaderUp, C::ReaderDown),
            Scope::Help => (C::HelpUp, C::HelpDown),
            Scope::Palette => (C::PaletteUp, C::PaletteDown),
            Scope::Detail => (C::DetailUp, C::DetailDown),
            scope if scope.browsing() => (C::ListUp, C::ListDown),
            _ => return,
        };
        for _ in 0..WHEEL_LINES {
            self.dispatch(if up { back } else { on });
        }
    }

    /// A left click while browsing: on a row of the focused list, that row; on another pane,
    /// the focus goes there (the other list, then its row; or the detail pane).
    fn click(&mut self, column: u16, row: u16) {
        let scope = self.scope();
        if !scope.browsing() {
            return;
        }
        let Some(list) = self.top().map(|s| s.state().list()) else {
            return;
        };
        if list.viewport().in_pane(column, row) {
            if scope == Scope::Detail {
                self.dispatch(CommandId::DetailBack);
            }
            return self.select_at(column, row);
        }
        let panes = self.top().map_or(1, |s| s.state().panes());
        if panes > 1 {
            self.dispatch(CommandId::ListNextPane);
            let moved = self.top().map(|s| s.state().list());
            if moved.is_some_and(|l| l.viewport().in_pane(column, row)) {
                return self.select_at(column, row);
            }
            // Not the other list either: back to the one that had the focus.
            self.dispatch(CommandId::ListNextPane);
        }
        let in_main = self.main_area.get().contains((column, row).into());
        if in_main && scope != Scope::Detail && !crate::ui::detail_values(self).is_empty() {
            self.dispatch(CommandId::DetailFocus);
        }
    }

    /// Selects the focused list's row drawn at the point, if there is one.
    fn select_at(&mut self, column: u16, row: u16) {
        let Some(list) = self.top().map(|s| s.state().list()) else {
            return;
        };
        let (selected, len) = list.position();
        if let Some(at) = list.viewport().row_at(column, row, len) {
            self.move_selection(at as isize - selected as isize);
        }
    }
}
