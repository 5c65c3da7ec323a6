//! The state of the `?` help overlay: where it was opened (that screen's commands come first),
//! how far it is scrolled, and the search typed after `/`.

use std::cell::Cell;

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::App;
use super::commands::{CommandId, Scope};

#[derive(Debug)]
pub struct HelpView {
    /// The scope help was opened from.
    pub from: Scope,
    /// First line shown.
    pub scroll: usize,
    pub query: Input,
    /// `/` was pressed: keys go into the query until `Enter` or `Esc`.
    pub searching: bool,
    /// Lines and page height of the last frame drawn, for `G` and page moves.
    pub drawn: Cell<(usize, usize)>,
}

impl HelpView {
    pub fn new(from: Scope) -> HelpView {
        HelpView {
            from,
            scroll: 0,
            query: Input::default(),
            searching: false,
            drawn: Cell::new((0, 0)),
        }
    }

    /// The last first line that still fills the page.
    fn max_scroll(&self) -> usize {
        let (lines, page) = self.drawn.get();
        lines.saturating_sub(page)
    }

    fn page(&self) -> usize {
        self.drawn.get().1.saturating_sub(1).max(1)
    }

    fn scroll_to(&mut self, line: usize) {
        self.scroll = line.min(self.max_scroll());
    }

    /// Runs a command of the help's scopes.
    pub fn command(&mut self, id: CommandId) {
        use CommandId as C;
        match id {
            C::HelpUp => self.scroll = self.scroll.saturating_sub(1),
            C::HelpDown => self.scroll_to(self.scroll + 1),
            C::HelpTop => self.scroll = 0,
            C::HelpBottom => self.scroll_to(usize::MAX),
            C::HelpPageUp => self.scroll = self.scroll.saturating_sub(self.page()),
            C::HelpPageDown => self.scroll_to(self.scroll + self.page()),
            C::HelpSearch => self.searching = true,
            C::HelpSearchKeep => self.searching = false,
            C::HelpSearchClear => {
                self.searching = false;
                self.query.reset();
                self.scroll = 0;
            }
            _ => {}
        }
    }

    /// A key typed into the search.
    pub fn edit(&mut self, event: &Event) {
        if self.query.handle_event(event).is_some_and(|c| c.value) {
            self.scroll = 0;
        }
    }
}

impl App {
    pub(crate) fn help_command(&mut self, id: CommandId) {
        match id {
            CommandId::Help => self.help = Some(HelpView::new(self.scope())),
            CommandId::HelpClose => self.help = None,
            _ => {
                if let Some(help) = &mut self.help {
                    help.command(id);
                }
            }
        }
    }
}
