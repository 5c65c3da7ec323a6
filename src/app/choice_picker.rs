//! A choice from a long list, picked by typing: the options narrowed as you type (words in any
//! order, near misses last, as the filters match), `↑`/`↓` and pages to move, `Enter` to take
//! one. A form's choice field opens one when it has more options than a cycle is good for
//! (roles, products, property values), and so does a bulk preview's choice (the role to give,
//! the service to add); short ones keep cycling with `Space` and `←`/`→`.

use std::ops::Range;

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::commands::CommandId;
use super::search::words::{Rank, Words, key};
use super::viewport::Viewport;

/// A choice with more options than this opens a picker instead of cycling.
pub const PICK_ABOVE: usize = 6;

/// What a command of the open list asks of its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picked {
    /// Nothing yet (the cursor moved).
    Stay,
    /// Close the list and take this option (`None`: nothing matches, nothing to take).
    Take(Option<usize>),
    /// Close the list; the choice stays as it was.
    Close,
}

#[derive(Debug)]
pub struct ChoicePicker {
    /// What is chosen ("Role", "Service").
    pub title: String,
    options: Vec<String>,
    /// Each option's searchable form, made once.
    keys: Vec<String>,
    pub query: Input,
    /// Positions into `options` that match, best first.
    shown: Vec<usize>,
    selected: usize,
    /// The option chosen when the picker opened, marked in the list.
    pub current: Option<usize>,
    viewport: Viewport,
}

impl ChoicePicker {
    /// A picker over `options` with `current` (if any) selected.
    pub fn new(title: &str, options: &[String], current: Option<usize>) -> ChoicePicker {
        let mut picker = ChoicePicker {
            title: title.to_string(),
            keys: options.iter().map(|o| key(o)).collect(),
            options: options.to_vec(),
            query: Input::default(),
            shown: Vec::new(),
            selected: 0,
            current,
            viewport: Viewport::new(10),
        };
        picker.narrow();
        picker.selected = current
            .and_then(|c| picker.shown.iter().position(|&i| i == c))
            .unwrap_or(0);
        picker
    }

    /// The picker with `typed` already in its search (what a field held when it opened).
    pub fn typed(mut self, typed: &str) -> ChoicePicker {
        self.query = Input::new(typed.to_string());
        self.narrow();
        self.selected = 0;
        self
    }

    /// Whether a choice of `count` options is picked with one.
    pub fn wanted(count: usize) -> bool {
        count > PICK_ABOVE
    }

    /// A key typed into the search; the selection goes to the best match.
    pub fn edit(&mut self, event: &Event) {
        if self.query.handle_event(event).is_some_and(|c| c.value) {
            self.narrow();
            self.selected = 0;
        }
    }

    fn narrow(&mut self) {
        let needle = self.query.value().to_lowercase();
        let words = Words::new(&needle);
        let mut ranked: Vec<(Rank, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(i, k)| words.rank(k).map(|rank| (rank, i)))
            .collect();
        // Stable: within a rank, the options keep the order the API gave them.
        ranked.sort_by_key(|&(rank, _)| rank);
        self.shown = ranked.into_iter().map(|(_, i)| i).collect();
    }

    /// Moves the selection by `delta` rows (a page is [`ChoicePicker::page`]), stopping at
    /// the ends.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.shown.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// One screen of options, from the last window drawn.
    pub fn page(&self) -> isize {
        self.viewport.page()
    }

    /// Runs one of the list's commands (the `Choice` scope's).
    pub fn command(&mut self, id: CommandId) -> Picked {
        let page = self.page();
        match id {
            CommandId::ChoiceUp => self.move_by(-1),
            CommandId::ChoiceDown => self.move_by(1),
            CommandId::ChoicePageUp => self.move_by(-page),
            CommandId::ChoicePageDown => self.move_by(page),
            CommandId::ChoicePick => return Picked::Take(self.chosen()),
            CommandId::ChoiceCancel => return Picked::Close,
            _ => {}
        }
        Picked::Stay
    }

    /// The option under the cursor: its position among all the options.
    pub fn chosen(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }

    /// How many match, of how many.
    pub fn counts(&self) -> (usize, usize) {
        (self.shown.len(), self.options.len())
    }

    /// The options to draw in `height` lines: position among all options, label, selected.
    pub fn window(&self, height: usize) -> impl Iterator<Item = (usize, &str, bool)> + '_ {
        let range: Range<usize> = self
            .viewport
            .window(self.selected, self.shown.len(), height);
        range.map(move |row| {
            let option = self.shown[row];
            (option, self.options[option].as_str(), row == self.selected)
        })
    }
}

/// Seven E-store services, for the tests of a long choice.
#[cfg(test)]
pub(crate) const SERVICES: [&str; 7] = [
    "Microsoft 365 Business Basic",
    "Microsoft 365 E3",
    "Acronis Cyber Protect",
    "Dropbox Business",
    "Microsoft Teams Essentials",
    "Adobe Acrobat Pro",
    "Exclaimer Signatures",
];

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    fn options() -> Vec<String> {
        SERVICES.map(String::from).to_vec()
    }

    fn typed(picker: &mut ChoicePicker, text: &str) {
        for c in text.chars() {
            picker.edit(&Event::Key(KeyEvent::from(KeyCode::Char(c))));
        }
    }

    #[test]
    fn typing_narrows_to_the_best_matches_and_the_cursor_goes_to_the_first() {
        let mut picker = ChoicePicker::new("Service", &options(), Some(3));
        assert_eq!(picker.chosen(), Some(3), "opens on the current option");
        typed(&mut picker, "365 microsoft");
        assert_eq!(picker.counts(), (2, 7));
        assert_eq!(picker.chosen(), Some(0));
        picker.move_by(1);
        assert_eq!(picker.chosen(), Some(1));
        picker.move_by(5);
        assert_eq!(picker.chosen(), Some(1), "stops at the last match");
        picker.move_by(-9);
        assert_eq!(picker.chosen(), Some(0));
        typed(&mut picker, "zz");
        assert_eq!(picker.chosen(), None, "nothing matches: nothing to take");
    }

    #[test]
    fn an_exact_match_ranks_before_a_near_miss_whatever_the_order() {
        let options = ["Acrobat Reader", "Acronis Backup"].map(String::from);
        let mut picker = ChoicePicker::new("Service", &options, None);
        typed(&mut picker, "acrnis");
        assert_eq!(picker.counts(), (1, 2));
        assert_eq!(picker.chosen(), Some(1));
        let window: Vec<_> = picker.window(5).collect();
        assert_eq!(window, [(1, "Acronis Backup", true)]);
    }

    #[test]
    fn only_a_long_choice_is_picked() {
        assert!(!ChoicePicker::wanted(2));
        assert!(!ChoicePicker::wanted(PICK_ABOVE));
        assert!(ChoicePicker::wanted(PICK_ABOVE + 1));
    }
}
