//! The raw view (`v`): the selected record's JSON whole, pretty-printed, scrollable, with a `/`
//! search whose matches are highlighted and walked with `n`/`N`. The record is the one `Y`
//! copies (`ScreenState::selected_record`).
//!
//! The lines are made once, when the view opens: pretty-printed, and with every character the
//! terminal could obey shown as its `\uXXXX` escape (`ui::text::escape`), so a hostile name is
//! read as data. Drawing then only slices the lines on screen, and a search walks the lines
//! once per Enter, so a record of 10,000 lines scrolls like one of ten.

use std::cell::Cell;

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::App;
use super::commands::{CommandId, Scope};
use crate::api::{ApiError, ApiRequest, RequestId};

/// Columns a sideways scroll moves.
const SIDEWAYS: usize = 8;

#[derive(Debug)]
pub struct RawView {
    pub title: String,
    /// The pretty-printed JSON, one entry a line, already escaped.
    pub lines: Vec<String>,
    /// The first line shown.
    pub scroll: usize,
    /// Characters cut on the left of every line (`h`/`l`).
    pub sideways: usize,
    /// The search being typed (`/`), until Enter or Esc.
    pub input: Option<Input>,
    /// The text searched for, lower-cased; empty when nothing is highlighted.
    pub query: String,
    /// The lines holding the query, in order.
    pub matches: Vec<usize>,
    /// The match jumped to last (an index into `matches`).
    pub current: Option<usize>,
    /// Lines that fit, from the last frame drawn (for pages and the bottom).
    height: Cell<usize>,
    /// Where the lines come from: the record as the console decoded it, until the server's
    /// own body (asked for when the view opened) replaces it.
    pub source: Source,
}

/// What the raw view shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The record as decoded; the body of the read (`FetchRaw`) with this id is on its way.
    Reading(RequestId),
    /// The record as decoded, and why it is not the server's own body where it was asked for.
    Decoded(Option<String>),
    /// The body exactly as the server sent it.
    Server,
}

impl Source {
    /// Said in the title.
    pub fn words(&self) -> String {
        match self {
            Source::Reading(_) => "decoded, reading the body as sent…".into(),
            Source::Decoded(None) => "decoded".into(),
            Source::Decoded(Some(why)) => format!("decoded: {why}"),
            Source::Server => "as sent".into(),
        }
    }
}

impl RawView {
    pub fn new(title: impl Into<String>, record: &serde_json::Value) -> RawView {
        RawView {
            title: title.into(),
            lines: lines_of(record),
            scroll: 0,
            sideways: 0,
            input: None,
            query: String::new(),
            matches: Vec::new(),
            current: None,
            height: Cell::new(20),
            source: Source::Decoded(None),
        }
    }

    /// The server's answer to the read this view asked for: its body replaces the decoded
    /// record (a search typed meanwhile is run again on it), or the title says why not.
    pub fn answered(&mut self, body: Result<&serde_json::Value, &ApiError>) {
        match body {
            Ok(body) => {
                self.lines = lines_of(body);
                self.scroll = self.scroll.min(self.last_top());
                self.source = Source::Server;
                if !self.query.is_empty() {
                    self.run_search();
                }
            }
            Err(ApiError::Unsupported(_)) => self.source = Source::Decoded(None),
            Err(error) => {
                self.source = Source::Decoded(Some(format!("its body could not be read ({error})")))
            }
        }
    }

    pub fn scope(&self) -> Scope {
        if self.input.is_some() {
            Scope::RawSearch
        } else {
            Scope::RawView
        }
    }

    /// The first line to draw in `height` lines, remembering the height for the next page.
    pub fn top(&self, height: usize) -> usize {
        self.height.set(height.max(1));
        self.scroll.min(self.last_top())
    }

    fn last_top(&self) -> usize {
        self.lines.len().saturating_sub(self.height.get())
    }

    fn scroll_by(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .min(self.last_top())
            .saturating_add_signed(delta)
            .min(self.last_top());
    }

    /// Scrolls so `line` is in view, a third down the screen (some context above it).
    fn show(&mut self, line: usize) {
        self.scroll = line
            .saturating_sub(self.height.get() / 3)
            .min(self.last_top());
    }

    /// Searches the lines for what was typed and jumps to the first match at or below the top
    /// line shown. Returns whether anything matched.
    fn run_search(&mut self) -> bool {
        let typed = self.input.take().map(|i| i.value().to_lowercase());
        let Some(query) = typed.filter(|q| !q.is_empty()) else {
            return true;
        };
        self.matches = (self.lines.iter().enumerate())
            .filter(|(_, line)| line.to_lowercase().contains(&query))
            .map(|(at, _)| at)
            .collect();
        self.query = query;
        let from = self.scroll.min(self.last_top());
        self.current = None;
        if self.matches.is_empty() {
            return false;
        }
        let next = self.matches.iter().position(|&l| l >= from).unwrap_or(0);
        self.jump_to(next);
        true
    }

    fn jump_to(&mut self, at: usize) {
        self.current = Some(at);
        self.show(self.matches[at]);
    }

    /// `n` (forward) and `N`: the next match, round the end.
    fn step(&mut self, forward: bool) {
        let count = self.matches.len();
        if count == 0 {
            return;
        }
        let at = match (self.current, forward) {
            (None, _) => 0,
            (Some(at), true) => (at + 1) % count,
            (Some(at), false) => (at + count - 1) % count,
        };
        self.jump_to(at);
    }

    pub fn edit(&mut self, event: &Event) {
        if let Some(input) = &mut self.input {
            input.handle_event(event);
        }
    }
}

/// The record pretty-printed, a line each, escaped.
fn lines_of(record: &serde_json::Value) -> Vec<String> {
    let pretty = serde_json::to_string_pretty(record).unwrap_or_default();
    pretty.lines().map(crate::ui::text::escape).collect()
}

impl App {
    /// `v`: opens the raw view on the selected record as decoded, and asks for the server's
    /// own body of it, which replaces it when it comes.
    pub(crate) fn open_raw(&mut self) {
        let Some(screen) = self.top() else {
            return;
        };
        let record = screen.state().selected_record(&self.store);
        match record {
            Some((id, record)) => {
                let mut view = RawView::new(format!("Raw JSON · {id}"), &record);
                if let Some(resource) = screen.state().raw_resource(&self.store) {
                    let request = self.store.next_id();
                    self.store.push(ApiRequest::FetchRaw {
                        id: request,
                        resource,
                    });
                    view.source = Source::Reading(request);
                }
                self.raw = Some(Box::new(view));
            }
            None => self.flash_error("no record here to show: select a row"),
        }
    }

    /// The raw view's keys.
    pub(crate) fn raw_command(&mut self, id: CommandId) {
        let Some(view) = self.raw.as_deref_mut() else {
            return;
        };
        let page = view.height.get().max(2) as isize - 1;
        use CommandId as C;
        match id {
            C::RawClose if !view.query.is_empty() => {
                view.query.clear();
                view.matches.clear();
                view.current = None;
            }
            C::RawClose => self.raw = None,
            C::RawUp => view.scroll_by(-1),
            C::RawDown => view.scroll_by(1),
            C::RawPageUp => view.scroll_by(-page),
            C::RawPageDown => view.scroll_by(page),
            C::RawTop => view.scroll = 0,
            C::RawBottom => view.scroll = view.last_top(),
            C::RawLeft => view.sideways = view.sideways.saturating_sub(SIDEWAYS),
            C::RawRight => view.sideways += SIDEWAYS,
            C::RawSearch => view.input = Some(Input::default()),
            C::RawSearchClose => view.input = None,
            C::RawNext | C::RawPrev => view.step(id == C::RawNext),
            C::RawSearchRun if !view.run_search() => {
                let query = view.query.clone();
                self.flash_info(format!("no match for “{query}”"));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(view: &mut RawView, text: &str) {
        view.input = Some(Input::new(text.into()));
    }

    #[test]
    fn lines_are_made_once_escaped_and_searches_walk_them() {
        let record = serde_json::json!({
            "name": "Acme \u{1b}]52;c;ZQ==\u{7} \u{202e}x",
            "items": (0..10_000).map(|i| format!("item {i}")).collect::<Vec<_>>(),
        });
        let mut view = RawView::new("t", &record);
        assert!(view.lines.len() > 10_000);
        let name = view.lines.iter().find(|l| l.contains("\"name\"")).unwrap();
        assert!(
            name.contains("\\u001b]52") && name.contains("\\u202e"),
            "{name}"
        );
        view.top(10);
        typed(&mut view, "ITEM 9999");
        assert!(view.run_search());
        assert_eq!(view.matches.len(), 1);
        let line = view.matches[0];
        assert!((view.scroll..view.scroll + 10).contains(&line));
        typed(&mut view, "item 1");
        view.scroll = 0;
        assert!(view.run_search());
        let first = view.matches[0];
        view.step(false);
        assert_eq!(view.current, Some(view.matches.len() - 1), "N wraps round");
        view.step(true);
        assert_eq!(view.matches[view.current.unwrap()], first);
        typed(&mut view, "nowhere");
        assert!(!view.run_search());
    }
}
