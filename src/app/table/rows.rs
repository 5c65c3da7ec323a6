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

    pub(super) fn position_of(&self, id: &str) -> Option<usize> {
        match self {
            Rows::Held(rows) => rows.iter().position(|r| r.id == id),
            Rows::Lent(source) => source.position_of(id),
        }
    }
}
