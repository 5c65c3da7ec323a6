//! The rows of a bulk run's table: every row built when the plan or the phase changes, one
//! row's status when an item's state does.

use crate::bulk::journal::{ItemState, Outcome};

use super::super::table::{Column, RowTone, TableRow};
use super::{BulkRun, Phase};

/// The column of the items' status.
pub(super) const STATUS: usize = 3;

pub(super) fn columns() -> Vec<Column> {
    vec![
        Column::text("Target", 0),
        Column::text("Before", 18),
        Column::text("After", 18),
        Column::text("Status", 0),
    ]
}

impl BulkRun {
    /// The status cell and tone of item `i`.
    fn status(&self, i: usize) -> (String, RowTone) {
        let running = self.phase != Phase::Preview || self.interrupted.is_some();
        match (&self.states[i], &self.attention[i]) {
            (_, Some(reason)) => (format!("check by hand: {reason}"), RowTone::Normal),
            (ItemState::Pending, _) if !running => ("will change".into(), RowTone::Normal),
            (ItemState::Pending, _) => ("pending".into(), RowTone::Dim),
            (ItemState::Unknown, _) if self.phase == Phase::Running => {
                ("sending…".into(), RowTone::Normal)
            }
            (ItemState::Unknown, _) => ("unknown (checked on resume)".into(), RowTone::Normal),
            (ItemState::Finished(Outcome::Ok { verified: true, .. }), _) => {
                ("OK (found done)".into(), RowTone::Marked)
            }
            (ItemState::Finished(Outcome::Ok { .. }), _) => ("OK".into(), RowTone::Marked),
            (ItemState::Finished(Outcome::Failed { message }), _) => {
                (format!("failed: {message}"), RowTone::Normal)
            }
        }
    }

    /// Item `i`'s row shows its state again (its row is the i-th: items come first, in order).
    pub(super) fn update_row(&mut self, i: usize) {
        let (status, tone) = self.status(i);
        self.table.update_row(i, |row| {
            row.cells[STATUS] = status;
            row.tone = tone;
        });
    }

    /// Builds every row: when the plan, the phase or every state changed at once.
    pub(super) fn rebuild(&mut self) {
        let mut rows: Vec<TableRow> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let (status, tone) = self.status(i);
                TableRow::new(
                    i.to_string(),
                    vec![
                        item.target.clone(),
                        item.before.clone(),
                        item.after.clone(),
                        status,
                    ],
                )
                .tone(tone)
            })
            .collect();
        rows.extend(self.invalid.iter().enumerate().map(|(i, item)| {
            TableRow::new(
                format!("x{i}"),
                vec![
                    item.target.clone(),
                    String::new(),
                    String::new(),
                    format!("left out: {}", item.reason),
                ],
            )
            .tone(RowTone::Dim)
        }));
        self.table.set_rows(rows);
    }
}
