//! The activity view: every write this console made, newest first, read from the journal —
//! single edits and each item of a bulk run alike — with time, profile, action, target and
//! outcome. `/` filters it like any list.

use crate::api::Resource;
use crate::bulk::journal::{ItemState, Outcome, RunRecord};

use super::commands::{CommandId, Scope};
use super::screen::{Ctx, ScreenState};
use super::store::Store;
use super::table::{Column, RowTone, TableList, TableRow};

#[derive(Debug)]
pub struct Activity {
    pub table: TableList,
}

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
    pub fn new(runs: &[RunRecord]) -> Activity {
        let mut table = TableList::new(
            "Activity",
            vec![
                Column::plain("Time", 20),
                Column::text("Profile", 10),
                Column::text("Action", 0),
                Column::text("Target", 0),
                Column::text("Outcome", 0),
            ],
        );
        let rows = runs
            .iter()
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
            .collect();
        table.set_rows(rows);
        Activity { table }
    }
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

    fn table(&self) -> &TableList {
        &self.table
    }

    fn table_mut(&mut self) -> &mut TableList {
        &mut self.table
    }

    fn command(&mut self, _id: CommandId, _ctx: &mut Ctx) {}
}
