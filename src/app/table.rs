//! A reusable table list for pushed screens: titled columns, `/` filter as you type
//! (case-insensitive, across the text columns), sort by any column in either direction, a
//! selection that survives reloads by row id, a "12 of 40" count, and a window so drawing
//! only builds the rows on screen (`ui/table.rs`).
//!
//! A screen turns its loaded data into [`TableRow`]s (string cells, a string id) in its
//! `sync` with [`TableList::sync_from`], which rebuilds only when that data was replaced; the
//! table keeps a filtered, sorted index over them. Row ids are strings so later features
//! (marks) can attach to them; [`TableList::select_id`] can name a row that is about to load
//! (a row just created).
//!
//! A table of very many rows (a bulk run's 100,000 items) can lend its rows instead
//! ([`TableList::lend`]): a [`RowSource`] builds a row when it is drawn, filtered or sorted, so
//! only the rows on screen exist at a time. Lent rows cannot be marked.
//!
//! Marks belong to the data: they are kept by row id, so filtering, sorting and reloading keep
//! them, and a reload drops the ids that are no longer there (a deleted row cannot stay marked
//! and be acted on by a later bulk command).

use std::any::Any;
use std::borrow::Cow;

use std::cmp::Ordering;
use std::collections::HashSet;
use std::ops::Range;

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::SharedData;
use crate::app::search::words::{self, Rank, WHOLE, Words};
use crate::app::viewport::Viewport;

/// Separates cells inside one filter key so a match cannot span two columns.
const CELL_SEPARATOR: char = '\u{1}';

/// One column: its title, a preferred width (0 = share what is left) and whether the filter
/// searches it.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: &'static str,
    pub width: u16,
    pub searchable: bool,
}

impl Column {
    pub const fn text(title: &'static str, width: u16) -> Column {
        Column {
            title,
            width,
            searchable: true,
        }
    }

    /// A column the filter ignores (numbers, dates, flags).
    pub const fn plain(title: &'static str, width: u16) -> Column {
        Column {
            title,
            width,
            searchable: false,
        }
    }
}

/// How a row is drawn besides its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowTone {
    #[default]
    Normal,
    /// Inactive or cancelled: shown, but dimmed.
    Dim,
    /// Flagged by the screen (an added service, an assigned user).
    Marked,
}

/// One row: a stable id and one (raw, unsanitized) cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub id: String,
    pub cells: Vec<String>,
    pub tone: RowTone,
    /// Per column, what to sort by instead of the cell's text (dates shown as "3 days ago").
    pub sort_keys: Vec<(usize, String)>,
}

impl TableRow {
    pub fn new(id: impl Into<String>, cells: Vec<String>) -> TableRow {
        TableRow {
            id: id.into(),
            cells,
            tone: RowTone::Normal,
            sort_keys: Vec::new(),
        }
    }

    /// Sorts column `column` by `key` (compared like a cell: numbers as numbers).
    pub fn sort_key(mut self, column: usize, key: impl Into<String>) -> TableRow {
        self.sort_keys.push((column, key.into()));
        self
    }

    fn sorted_by(&self, column: usize) -> &str {
        self.sort_keys
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, key)| key.as_str())
            .or_else(|| self.cells.get(column).map(String::as_str))
            .unwrap_or("")
    }

    pub fn tone(mut self, tone: RowTone) -> TableRow {
        self.tone = tone;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub ascending: bool,
}

#[derive(Debug)]
pub struct TableList {
    pub title: &'static str,
    pub columns: Vec<Column>,
    rows: Rows,
    /// Lowercase searchable text per held row (a lent row's is made when the filter runs).
    keys: Vec<String>,
    /// Positions into `rows` after filter and sort: what is shown, in order.
    view: Vec<u32>,
    pub filter: Input,
    pub sort: Option<Sort>,
    selected: usize,
    /// The id of the selected row, so a reload or re-sort keeps it selected.
    selected_id: Option<String>,
    /// `selected_id` names a row that is not loaded yet (just created): nothing counts as
    /// selected until the next load, so a key pressed meanwhile cannot act on another row.
    awaiting: bool,
    /// Whether rows were ever set (a table with no data yet is "loading", not "empty").
    pub loaded: bool,
    /// The loaded data the rows were built from (see [`TableList::sync_from`]).
    sources: Vec<SharedData>,
    /// Ids of the marked rows.
    marks: HashSet<String>,
    /// The row last marked or unmarked, where a range mark (`V`) starts.
    anchor: Option<String>,
    viewport: Viewport,
    /// How many times `set_rows` replaced the rows.
    replaced: usize,
}

impl TableList {
    pub fn new(title: &'static str, columns: Vec<Column>) -> TableList {
        TableList {
            title,
            columns,
            rows: Rows::Held(Vec::new()),
            keys: Vec::new(),
            view: Vec::new(),
            filter: Input::default(),
            sort: None,
            selected: 0,
            selected_id: None,
            awaiting: false,
            loaded: false,
            sources: Vec::new(),
            marks: HashSet::new(),
            anchor: None,
            viewport: Viewport::new(10),
            replaced: 0,
        }
    }

    /// Replaces the rows (a load or reload); filter, sort and the selected id are kept.
    pub fn set_rows(&mut self, rows: Vec<TableRow>) {
        self.keys = rows.iter().map(|row| self.key_of(row)).collect();
        if !self.marks.is_empty() {
            let present: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
            self.marks.retain(|id| present.contains(id.as_str()));
        }
        self.rows = Rows::Held(rows);
        self.replaced();
    }

    /// Replaces the rows with ones `source` builds on demand (filter, sort and the selected
    /// id are kept, as with [`TableList::set_rows`]).
    pub fn lend(&mut self, source: Box<dyn RowSource>) {
        self.keys = Vec::new();
        if source.markable() {
            self.marks.retain(|id| source.position_of(id).is_some());
        } else {
            self.marks.clear();
        }
        self.rows = Rows::Lent(source);
        self.replaced();
    }

    /// The source of lent rows, to read it.
    pub fn lent<T: RowSource>(&self) -> Option<&T> {
        match &self.rows {
            Rows::Lent(source) => (&**source as &dyn Any).downcast_ref::<T>(),
            Rows::Held(_) => None,
        }
    }

    /// The source of lent rows, to change what it builds (then [`TableList::refresh`] places
    /// the rows again when that matters).
    pub fn lent_mut<T: RowSource>(&mut self) -> Option<&mut T> {
        match &mut self.rows {
            Rows::Lent(source) => (&mut **source as &mut dyn Any).downcast_mut::<T>(),
            Rows::Held(_) => None,
        }
    }

    fn replaced(&mut self) {
        self.replaced += 1;
        self.loaded = true;
        self.rebuild();
        // A row awaited but still absent after a load is not coming: select what is there.
        self.awaiting = false;
        self.remember();
    }

    /// Changes one row (its cells or tone, never its id) in place, at the cost of that row
    /// alone: a bulk run updates one status per answer. The filter key follows the new cells;
    /// where the row stands among the shown ones (filter and sort) is worked out again at the
    /// next filter edit, sort or [`TableList::refresh`], so rows do not jump under the cursor.
    pub fn update_row(&mut self, index: usize, change: impl FnOnce(&mut TableRow)) {
        let Rows::Held(rows) = &mut self.rows else {
            return;
        };
        let Some(row) = rows.get_mut(index) else {
            return;
        };
        change(row);
        let key = key_of(&self.columns, row);
        self.keys[index] = key;
    }

    /// Places every row again by the current filter and sort (after [`TableList::update_row`]).
    pub fn refresh(&mut self) {
        self.rebuild();
    }

    /// How many times the rows were replaced with [`TableList::set_rows`].
    pub fn times_replaced(&self) -> usize {
        self.replaced
    }

    /// The lowercase searchable text of a row.
    fn key_of(&self, row: &TableRow) -> String {
        key_of(&self.columns, row)
    }

    /// Rebuilds the rows only when one of the data they are built from was replaced (a load
    /// or reload): a load of something else leaves the table, and its selection, alone.
    pub fn sync_from(&mut self, sources: Vec<SharedData>, build: impl FnOnce() -> Vec<TableRow>) {
        let same = sources.len() == self.sources.len()
            && sources
                .iter()
                .zip(&self.sources)
                .all(|(a, b)| std::sync::Arc::ptr_eq(a, b));
        if !same || !self.loaded {
            self.sources = sources;
            self.set_rows(build());
        }
    }

    /// Recomputes the view after a change of rows, filter or sort, reselecting by id; returns
    /// whether the selected row is still shown.
    fn rebuild(&mut self) -> bool {
        let needle = self.filter.value().to_lowercase();
        let selected = self.selected_id.as_deref();
        let filtered_by_source = match &mut self.rows {
            Rows::Lent(source) => source.filter(&needle, selected),
            Rows::Held(_) => false,
        };
        let all = 0..self.rows.len() as u32;
        let words = Words::new(&needle);
        // Each shown row with its rank: rows holding the filter as typed come first.
        let mut ranked: Vec<(Rank, u32)> = match &self.rows {
            _ if words.is_empty() || filtered_by_source => all.map(|i| (WHOLE, i)).collect(),
            Rows::Held(_) => all
                .filter_map(|i| Some((words.rank(&self.keys[i as usize])?, i)))
                .collect(),
            Rows::Lent(source) => all
                .filter_map(|i| Some((words.rank(&self.key_of(&source.row(i as usize)))?, i)))
                .collect(),
        };
        if let Some(sort) = self.sort {
            let cell = |row: &TableRow| row.sorted_by(sort.column).to_string();
            let keys: Vec<Cow<'_, str>> = match &self.rows {
                Rows::Held(rows) => rows
                    .iter()
                    .map(|r| Cow::Borrowed(r.sorted_by(sort.column)))
                    .collect(),
                // Each lent row is built once per sort, not once per comparison.
                Rows::Lent(source) => (0..source.len())
                    .map(|i| Cow::Owned(cell(&source.row(i))))
                    .collect(),
            };
            // By rank first: the whole-text matches stay on top of the sort.
            ranked.sort_by(|&(rank_a, a), &(rank_b, b)| {
                let order = compare_cells(&keys[a as usize], &keys[b as usize]);
                let order = if sort.ascending {
                    order
                } else {
                    order.reverse()
                };
                rank_a.cmp(&rank_b).then(order)
            });
        } else {
            ranked.sort_by_key(|&(rank, _)| rank);
        }
        self.view = ranked.into_iter().map(|(_, i)| i).collect();
        let found = self.selected_id.as_ref().and_then(|id| {
            let index = self.rows.position_of(id)? as u32;
            self.view.iter().position(|&i| i == index)
        });
        self.selected = found.unwrap_or(self.selected.min(self.view.len().saturating_sub(1)));
        if found.is_some() {
            // A row awaited (just created) has arrived: it is the selection now.
            self.awaiting = false;
        }
        self.remember();
        found.is_some()
    }

    fn remember(&mut self) {
        if self.awaiting {
            // Keep the id of the row awaited: a refresh before it arrives must not lose it.
            return;
        }
        // The id alone: a lent row is not built for it.
        let index = self.view.get(self.selected);
        self.selected_id = index.and_then(|&i| self.rows.id(i as usize));
    }

    /// A key typed into the filter; returns whether the filter text changed.
    pub fn edit_filter(&mut self, event: &Event) -> bool {
        let changed = self.filter.handle_event(event).is_some_and(|c| c.value);
        if changed && !self.rebuild() {
            // The selected row is filtered out: the first match takes its place.
            self.selected = 0;
            self.remember();
        }
        changed
    }

    pub fn clear_filter(&mut self) -> bool {
        if self.filter.value().is_empty() {
            return false;
        }
        self.filter.reset();
        self.rebuild();
        true
    }

    /// Sorts by the next column (unsorted → first column → … → last → first).
    pub fn cycle_sort(&mut self) {
        let n = self.columns.len().max(1);
        self.sort = Some(match self.sort {
            None => Sort {
                column: 0,
                ascending: true,
            },
            Some(s) => Sort {
                column: (s.column + 1) % n,
                ascending: true,
            },
        });
        self.rebuild();
    }

    /// Sorts by the column titled `title` (no change when there is none).
    pub fn sort_by(&mut self, title: &str, ascending: bool) {
        if let Some(column) = self.columns.iter().position(|c| c.title == title) {
            self.sort = Some(Sort { column, ascending });
            self.rebuild();
        }
    }

    /// Flips the direction of the current sort (sorting by the first column if unsorted).
    pub fn flip_sort(&mut self) {
        self.sort = Some(match self.sort {
            None => Sort {
                column: 0,
                ascending: false,
            },
            Some(s) => Sort {
                ascending: !s.ascending,
                ..s
            },
        });
        self.rebuild();
    }

    pub fn selected_row(&self) -> Option<Cow<'_, TableRow>> {
        if self.awaiting {
            return None;
        }
        let &i = self.view.get(self.selected)?;
        self.rows.get(i as usize)
    }

    /// The selected held row (lent rows are built, not borrowed: see `selected_row`).
    fn selected_held(&self) -> Option<&TableRow> {
        match (&self.rows, self.awaiting) {
            (Rows::Held(rows), false) => rows.get(*self.view.get(self.selected)? as usize),
            _ => None,
        }
    }

    pub fn selected_id(&self) -> Option<&str> {
        // `remember` keeps it in step with the selected row.
        let shown = !self.awaiting && self.selected < self.view.len();
        self.selected_id.as_deref().filter(|_| shown)
    }

    /// Position of the selection within the shown rows.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Selects the row with `id` if it is shown; returns whether it was.
    pub fn select_id(&mut self, id: &str) -> bool {
        let index = self.rows.position_of(id).map(|i| i as u32);
        match self.view.iter().position(|&i| Some(i) == index) {
            Some(pos) => {
                self.selected = pos;
                self.remember();
                true
            }
            None => {
                // It may arrive with the next reload (a row just created).
                self.selected_id = Some(id.to_string());
                self.awaiting = true;
                false
            }
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        self.awaiting = false;
        let last = self.view.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.remember();
    }

    /// One screen of rows for page moves, from the last window drawn.
    pub fn page(&self) -> isize {
        self.viewport.page()
    }

    /// Shown rows / all rows.
    pub fn counts(&self) -> (usize, usize) {
        (self.view.len(), self.rows.len())
    }

    /// "12 of 40" (or just "40" when nothing is filtered out).
    pub fn count_text(&self) -> String {
        let (shown, total) = self.counts();
        if shown == total {
            total.to_string()
        } else {
            format!("{shown} of {total}")
        }
    }

    /// All held rows, in load order (for screens that look rows up by id); none when lent.
    pub fn rows(&self) -> &[TableRow] {
        match &self.rows {
            Rows::Held(rows) => rows,
            Rows::Lent(_) => &[],
        }
    }

    /// How many rows there are, held or lent.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.len() == 0
    }

    /// The shown row at view position `pos`.
    pub fn shown(&self, pos: usize) -> Option<Cow<'_, TableRow>> {
        self.rows.get(*self.view.get(pos)? as usize)
    }

    /// The lists the rows were built from (`sync_from`); none when lent or set directly.
    pub fn sources(&self) -> &[SharedData] {
        &self.sources
    }

    /// Where the table was drawn (drawing tells it; the mouse reads it).
    pub fn viewport(&self) -> &Viewport {
        &self.viewport
    }

    /// View positions to draw in `height` lines, scrolling just enough to show the selection.
    pub fn window(&self, height: usize) -> Range<usize> {
        self.viewport.window(self.selected, self.view.len(), height)
    }
}

/// The lowercase searchable text of a row.
fn key_of(columns: &[Column], row: &TableRow) -> String {
    let mut key = String::new();
    for (cell, column) in row.cells.iter().zip(columns) {
        if column.searchable {
            words::push_key(&mut key, cell);
            key.push(CELL_SEPARATOR);
        }
    }
    key
}

/// Numbers compare as numbers, everything else as case-insensitive text.
fn compare_cells(a: &str, b: &str) -> Ordering {
    match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

mod marks;
mod rows;
pub use rows::RowSource;
use rows::Rows;
#[cfg(test)]
mod tests;
