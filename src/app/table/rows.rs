//! Where a table's rows live: held by the table, or lent by a [`RowSource`] that builds each
//! row when it is needed (a bulk run's 100,000 items).

use std::any::Any;
use std::borrow::Cow;

use super::TableRow;

/// Rows a table builds when it needs them instead of holding them.
pub trait RowSource: Any + Send + std::fmt::Debug {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn row(&self, index: usize) -> TableRow;
    /// Which row has `id` (a selection is kept by id across rebuilds).
    fn position_of(&self, id: &str) -> Option<usize>;
    /// The id of row `index` (what marks are kept by); building the row is the fallback.
    fn id(&self, index: usize) -> String {
        self.row(index).id
    }
    /// Whether its rows can be marked (a bulk run's items cannot; a hierarchy's can).
    fn markable(&self) -> bool {
        false
    }
    /// Applies the table's filter (`needle`, lowercase; empty: none) itself and returns true,
    /// for a source whose filter is more than "the row's text contains it" (a tree keeps the
    /// ancestors of what matches and finds rows below closed nodes); the table then shows
    /// every row the source lends. `selected` is the selected row's id. `false`: the table
    /// filters the rows by their text, as for held rows.
    fn filter(&mut self, needle: &str, selected: Option<&str>) -> bool {
        let _ = (needle, selected);
        false
    }
}

/// The rows of a table: held, or lent by a [`RowSource`].
#[derive(Debug)]
pub(super) enum Rows {
    Held(Vec<TableRow>),
    Lent(Box<dyn RowSource>),
}

impl Rows {
    pub(super) fn len(&self) -> usize {
        match self {
            Rows::Held(rows) => rows.len(),
            Rows::Lent(source) => source.len(),
        }
    }

    pub(super) fn get(&self, index: usize) -> Option<Cow<'_, TableRow>> {
        match self {
            Rows::Held(rows) => rows.get(index).map(Cow::Borrowed),
            Rows::Lent(source) => (index < source.len()).then(|| Cow::Owned(source.row(index))),
        }
    }

    pub(super) fn id(&self, index: usize) -> Option<String> {
        match self {
            Rows::Held(rows) => rows.get(index).map(|r| r.id.clone()),
            Rows::Lent(source) => (index < source.len()).then(|| source.id(index)),
        }
    }

    pub(super) fn markable(&self) -> bool {
        match self {
            Rows::Held(_) => true,
            Rows::Lent(source) => source.markable(),
        }
    }

    pub(super) fn position_of(&self, id: &str) -> Option<usize> {
        match self {
            Rows::Held(rows) => rows.iter().position(|r| r.id == id),
            Rows::Lent(source) => source.position_of(id),
        }
    }
}
