//! What the list commands (move, page, sort, mark, filter, `Esc`) need of the list with the
//! focus, whichever screen it is on. A [`TableList`] is one; the reseller tree is another,
//! because its rows are a tree (children stay under their parents whatever the sort, and only
//! organizations can be marked), so one set of list commands serves both and no command has a
//! twin for the tree.

use ratatui::crossterm::event::Event;

use super::store::Store;
use super::table::TableList;
use super::viewport::Viewport;

/// What a list shows, as text (what `E` writes): the columns' titles and the rows the filter
/// lets through, in the order on screen. Cells are the raw (unsanitized) data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ShownCells {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The record with `id` (its `id`, or a subscription user's `userId`) in the first of `lists`
/// that holds one, as the API names its fields.
pub fn record_in<'a>(
    lists: impl Iterator<Item = &'a crate::api::ResourceData>,
    id: &str,
) -> Option<crate::script::records::Record> {
    let has_id = |r: &crate::script::records::Record| {
        ["id", "userId"]
            .iter()
            .any(|k| r.get(*k).and_then(|v| v.as_str()) == Some(id))
    };
    lists.into_iter().find_map(|data| {
        crate::script::records::records(data)
            .into_iter()
            .find(has_id)
    })
}

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
    /// Whether [`ListView::selected_record`] is the record itself, not just the row's cells.
    fn knows_its_records(&self) -> bool {
        true
    }
    /// The shown rows, filtered and sorted as on screen.
    fn shown_cells(&self, store: &Store) -> ShownCells;
    /// What the list is called (an export's file name is made from it).
    fn name(&self) -> &str;
    /// Where the list was drawn (for the mouse).
    fn viewport(&self) -> &Viewport;
    /// The selection's position in the shown rows, and how many are shown.
    fn position(&self) -> (usize, usize);
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

    fn viewport(&self) -> &Viewport {
        TableList::viewport(self)
    }

    fn name(&self) -> &str {
        self.title
    }

    fn position(&self) -> (usize, usize) {
        (self.selected(), self.counts().0)
    }

    fn shown_cells(&self, _store: &Store) -> ShownCells {
        let shown = (0..self.counts().0).filter_map(|pos| self.shown(pos));
        ShownCells {
            columns: self.columns.iter().map(|c| c.title.to_string()).collect(),
            rows: shown.map(|row| row.into_owned().cells).collect(),
        }
    }

    /// The record the row was made from, found by the row's id among the lists the table was
    /// built from (serialized as the API names its fields); else the row as shown, each
    /// column's title with its cell (lent rows, rows made from several records). Only on `v`
    /// or `Y`, so the walk through the table's sources is paid once per key.
    fn selected_record(&self, _store: &Store) -> Option<(String, serde_json::Value)> {
        let row = self.selected_row()?;
        let found = record_in(self.sources().iter().map(|d| d.as_ref()), &row.id);
        let record = found.unwrap_or_else(|| {
            let cells = self.columns.iter().zip(&row.cells);
            cells
                .map(|(column, cell)| (column.title.to_string(), cell.clone().into()))
                .collect()
        });
        Some((row.id.clone(), serde_json::Value::Object(record)))
    }

    fn knows_its_records(&self) -> bool {
        !self.sources().is_empty()
    }
}
