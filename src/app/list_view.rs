//! What the list commands (move, page, sort, mark, filter, `Esc`) need of the list with the
//! focus, whichever screen it is on. A [`TableList`] is one; the reseller tree is another,
//! because its rows are a tree (children stay under their parents whatever the sort, and only
//! organizations can be marked), so one set of list commands serves both and no command has a
//! twin for the tree.

use ratatui::crossterm::event::Event;

use super::store::Store;
use super::table::TableList;

/// The list with the keyboard focus, as the list commands see it.
pub trait ListView {
    fn move_by(&mut self, delta: isize);
    /// One screen of rows, from the last window drawn.
    fn page(&self) -> isize;
    fn cycle_sort(&mut self, store: &Store);
    fn flip_sort(&mut self, store: &Store);
    /// Space; the error says why the selected row cannot be marked.
    fn toggle_mark(&mut self, store: &Store) -> Result<(), String>;
    fn mark_range(&mut self, store: &Store);
    fn mark_all_shown(&mut self);
    /// Returns whether there were marks.
    fn clear_marks(&mut self) -> bool;
    fn marked_count(&self) -> usize;
    fn filter_text(&self) -> &str;
    /// Whether Esc has a filter to clear (the tree's group counts too).
    fn narrowed(&self) -> bool {
        !self.filter_text().is_empty()
    }
    /// A key typed into the filter; returns whether the filter text changed.
    fn edit_filter(&mut self, event: &Event, store: &Store) -> bool;
    /// Returns whether there was a filter.
    fn clear_filter(&mut self, store: &Store) -> bool;
    /// What the status bar says of the list: "Users · 12 of 40".
    fn summary(&self) -> String;
    /// The selected row's id and its record as JSON (what `y` and `Y` copy).
    fn selected_record(&self, store: &Store) -> Option<(String, serde_json::Value)>;
}

impl ListView for TableList {
    fn move_by(&mut self, delta: isize) {
        TableList::move_by(self, delta);
    }

    fn page(&self) -> isize {
        TableList::page(self)
    }

    fn cycle_sort(&mut self, _store: &Store) {
        TableList::cycle_sort(self);
    }

    fn flip_sort(&mut self, _store: &Store) {
        TableList::flip_sort(self);
    }

    fn toggle_mark(&mut self, _store: &Store) -> Result<(), String> {
        TableList::toggle_mark(self);
        Ok(())
    }

    fn mark_range(&mut self, _store: &Store) {
        TableList::mark_range(self);
    }

    fn mark_all_shown(&mut self) {
        TableList::mark_all_shown(self);
    }

    fn clear_marks(&mut self) -> bool {
        TableList::clear_marks(self)
    }

    fn marked_count(&self) -> usize {
        TableList::marked_count(self)
    }

    fn filter_text(&self) -> &str {
        self.filter.value()
    }

    fn edit_filter(&mut self, event: &Event, _store: &Store) -> bool {
        TableList::edit_filter(self, event)
    }

    fn clear_filter(&mut self, _store: &Store) -> bool {
        TableList::clear_filter(self)
    }

    fn summary(&self) -> String {
        format!("{} · {}", self.title, self.count_text())
    }

    /// The row as shown: each column's title with its cell.
    fn selected_record(&self, _store: &Store) -> Option<(String, serde_json::Value)> {
        let row = self.selected_row()?;
        let cells = self
            .columns
            .iter()
            .zip(&row.cells)
            .map(|(column, cell)| (column.title.to_string(), cell.clone().into()));
        Some((row.id.clone(), serde_json::Value::Object(cells.collect())))
    }
}
