//! The one-line "file path" prompt a screen opens to import a CSV file (organization users,
//! Metal invitations): while it is open the screen's keys go to it (`Scope::PathPrompt`), and
//! on Enter it reads the file, saying so in the status bar when it cannot. The export of a
//! list (`E`, `app/export.rs`) types its file's path in one too.

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::commands::Scope;
use super::screen::Ctx;

#[derive(Debug, Default)]
pub struct PathPrompt {
    input: Option<Input>,
}

impl PathPrompt {
    pub fn open(&mut self) {
        self.input = Some(Input::default());
    }

    /// Opens with `path` typed already (a suggestion, or the path a failed write was given).
    pub fn open_with(&mut self, path: &str) {
        self.input = Some(Input::new(path.to_string()));
    }

    /// The path typed, trimmed, when open.
    pub fn typed(&self) -> Option<String> {
        Some(self.input.as_ref()?.value().trim().to_string())
    }

    pub fn close(&mut self) {
        self.input = None;
    }

    pub fn is_open(&self) -> bool {
        self.input.is_some()
    }

    /// What is typed so far, when open (for drawing).
    pub fn input(&self) -> Option<&Input> {
        self.input.as_ref()
    }

    /// The scope of the keys: the prompt's while open, else the screen's own.
    pub fn scope(&self, screen: Scope) -> Scope {
        if self.is_open() {
            Scope::PathPrompt
        } else {
            screen
        }
    }

    pub fn edit(&mut self, event: &Event) {
        if let Some(input) = &mut self.input {
            input.handle_event(event);
        }
    }

    /// The path typed and the file's text; `None` (with the reason said) when closed or the
    /// file cannot be read. The prompt stays open, so a typo is mended, not typed again.
    pub fn read(&self, ctx: &mut Ctx) -> Option<(String, String)> {
        let path = self.typed()?;
        match std::fs::read_to_string(&path) {
            Ok(text) => Some((path, text)),
            Err(error) => {
                ctx.error(format!("cannot read {path}: {error}"));
                None
            }
        }
    }
}
