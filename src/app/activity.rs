//! The activity view: every write this console made, newest first, read from the journal —
//! single edits and each item of a bulk run alike — with time, profile, action, target and
//! outcome. `/` filters it like any list (the pages read so far).
//!
//! It opens on the newest page of the journal (see `bulk::journal::history`): a long history
//! costs nothing until the user scrolls near the end, when the next older page is asked for.

use crate::api::Resource;
use crate::app::list_view::ListView;
use crate::bulk::journal::history::{Cursor, Page};
use crate::bulk::journal::{ItemState, Outcome, RunRecord};

use super::commands::{CommandId, Scope};
use super::screen::{Ctx, ScreenState};
use super::store::Store;
use super::table::{Column, RowTone, TableList, TableRow};

#[derive(Debug)]
pub struct Activity {
    pub table: TableList,
    /// Where the next older page begins; None once the whole history is shown.
    older: Option<Cursor>,
    /// An older page was asked for and has not arrived.
    reading: bool,
    /// Lines of the pages read that could not be read.
    pub damaged: usize,
}

/// How close to the last loaded row the selection comes before the next page is read.
const READ_AHEAD: usize = 100;

fn outcome(state: &ItemState) -> (String, RowTone) {
    match state {
        ItemState::Finished(Outcome::Ok { verified: true, .. }) => {
            ("OK (found done on resume)".into(), RowTone::Normal)
        }
        ItemState::Finished(Outcome::Ok { .. }) => ("OK".into(), RowTone::Normal),
        ItemState::Finished(Outcome::Failed { message }) => {
            (format!("failed: {message}"), RowTone::Normal)
        }
        ItemState::Unknown => ("unknown (cut off)".into(), RowTone::Dim),
        ItemState::Pending => ("not sent".into(), RowTone::Dim),
    }
}

impl Activity {
    /// The view over the newest page.
    pub fn new(page: Page) -> Activity {
        let table = TableList::new(
            "Activity",
            vec![
                Column::plain("Time", 20),
                Column::text("Profile", 10),
                Column::text("Action", 0),
                Column::text("Target", 0),
                Column::text("Outcome", 0),
            ],
        );
        let mut activity = Activity {
            table,
            older: None,
            reading: false,
            damaged: 0,
        };
        activity.append(page);
        activity
    }

    /// Adds an older page below the rows shown.
    pub fn append(&mut self, page: Page) {
        self.reading = false;
        self.older = page.older;
        self.damaged += page.damaged;
        let mut rows = self.table.rows().to_vec();
        rows.extend(rows_of(&page.runs));
        self.table.set_rows(rows);
    }

    /// Whether older pages are still to be read.
    pub fn has_older(&self) -> bool {
        self.older.is_some()
    }

    /// The cursor of the next older page, once the selection is near the last loaded row (and
    /// no page is on its way).
    pub fn wants_older(&mut self) -> Option<Cursor> {
        let (shown, _) = self.table.counts();
        let near_end = self.table.selected() + READ_AHEAD >= shown;
        if self.reading || !near_end {
            return None;
        }
        let cursor = self.older.clone()?;
        self.reading = true;
        Some(cursor)
    }
}

/// Table rows of `runs` (oldest first), newest first.
fn rows_of(runs: &[RunRecord]) -> Vec<TableRow> {
    runs.iter()
        .rev()
        .flat_map(|run| {
            run.items
                .iter()
                .zip(&run.states)
                .enumerate()
                .map(|(i, (item, state))| {
                    let (text, tone) = outcome(state);
                    TableRow::new(
                        format!("{}#{i}", run.run),
                        vec![
                            run.at.clone(),
                            run.profile.clone(),
                            run.action.clone(),
                            item.target.clone(),
                            text,
                        ],
                    )
                    .tone(tone)
                })
        })
        .collect()
}

impl ScreenState for Activity {
    fn crumbs(&self) -> Vec<String> {
        vec!["Activity".into()]
    }

    fn scope(&self) -> Scope {
        Scope::List
    }

    fn shown(&self) -> Vec<Resource> {
        Vec::new()
    }

    fn sync(&mut self, _store: &Store) {}

    fn list(&self) -> &dyn ListView {
        &self.table
    }

    fn list_mut(&mut self) -> &mut dyn ListView {
        &mut self.table
    }

    fn command(&mut self, _id: CommandId, _ctx: &mut Ctx) {}
}
