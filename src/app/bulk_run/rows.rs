//! The rows of a bulk run's table, lent to it ([`RowSource`]): a run may have 100,000 items, so
//! a row is built from the shared items when it is drawn, filtered or sorted, and all the table
//! keeps per item is its status. An answer changes one status.

use std::borrow::Cow;
use std::sync::Arc;

use crate::bulk::journal::{ItemState, Outcome};
use crate::bulk::plan::{InvalidItem, SharedItems};

use super::super::table::{Column, RowSource, RowTone, TableRow};
use super::{BulkRun, Phase};

/// The column of the items' status.
#[cfg(test)]
pub(super) const STATUS: usize = 3;

pub(super) fn columns() -> Vec<Column> {
    vec![
        Column::text("Target", 0),
        Column::text("Before", 18),
        Column::text("After", 18),
        Column::text("Status", 0),
    ]
}

/// A status as the table shows it: most are fixed words, only a failure carries its message.
type Status = (Cow<'static, str>, RowTone);

/// Row `i` is item `i`; after the items come the targets left out, `x0`, `x1`….
#[derive(Debug)]
pub(super) struct BulkRows {
    items: SharedItems,
    invalid: Arc<[InvalidItem]>,
    status: Vec<Status>,
}

impl RowSource for BulkRows {
    fn len(&self) -> usize {
        self.items.len() + self.invalid.len()
    }

    fn row(&self, index: usize) -> TableRow {
        if let Some(item) = self.items.get(index) {
            let (status, tone) = &self.status[index];
            let cells = vec![
                item.target.clone(),
                item.before.clone(),
                item.after.clone(),
                status.to_string(),
            ];
            return TableRow::new(index.to_string(), cells).tone(*tone);
        }
        let left = index - self.items.len();
        let item = &self.invalid[left];
        let cells = vec![
            item.target.clone(),
            String::new(),
            String::new(),
            format!("left out: {}", item.reason),
        ];
        TableRow::new(format!("x{left}"), cells).tone(RowTone::Dim)
    }

    fn position_of(&self, id: &str) -> Option<usize> {
        let (left_out, number) = match id.strip_prefix('x') {
            Some(n) => (true, n),
            None => (false, id),
        };
        let n: usize = number.parse().ok()?;
        match left_out {
            false => (n < self.items.len()).then_some(n),
            true => (n < self.invalid.len()).then_some(self.items.len() + n),
        }
    }
}

impl BulkRun {
    /// The status cell and tone of item `i`.
    fn status(&self, i: usize) -> Status {
        let running = self.phase != Phase::Preview || self.interrupted.is_some();
        let fixed = |text: &'static str, tone| (Cow::Borrowed(text), tone);
        match (&self.states[i], &self.attention[i]) {
            (_, Some(reason)) => (format!("check by hand: {reason}").into(), RowTone::Normal),
            (ItemState::Pending, _) if !running => fixed("will change", RowTone::Normal),
            (ItemState::Pending, _) => fixed("pending", RowTone::Dim),
            (ItemState::Unknown, _) if self.phase == Phase::Running => {
                fixed("sending…", RowTone::Normal)
            }
            (ItemState::Unknown, _) => fixed("unknown (checked on resume)", RowTone::Normal),
            (ItemState::Finished(Outcome::Ok { verified: true, .. }), _) => {
                fixed("OK (found done)", RowTone::Marked)
            }
            (ItemState::Finished(Outcome::Ok { .. }), _) => fixed("OK", RowTone::Marked),
            (ItemState::Finished(Outcome::Failed { message }), _) => {
                (format!("failed: {message}").into(), RowTone::Normal)
            }
        }
    }

    /// Item `i`'s row shows its state again (its row is the i-th: items come first, in order).
    pub(super) fn update_row(&mut self, i: usize) {
        let status = self.status(i);
        if let Some(slot) = self
            .table
            .lent_mut::<BulkRows>()
            .and_then(|rows| rows.status.get_mut(i))
        {
            *slot = status;
        }
    }

    /// Lends the table every row again: when the plan, the phase or every state changed at once.
    pub(super) fn rebuild(&mut self) {
        let rows = BulkRows {
            items: self.items.clone(),
            invalid: self.invalid.clone(),
            status: (0..self.items.len()).map(|i| self.status(i)).collect(),
        };
        self.table.lend(Box::new(rows));
    }
}
