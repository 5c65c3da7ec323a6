//! The app's side of the bulk worker: progress routed to the screen of its run, the journal
//! read back for the activity view and for undo, single edits journaled, and the interrupted
//! run offered at startup.

use crate::api::{ApiError, Mutation};
use crate::bulk::journal::{Outcome, RunRecord};
use crate::bulk::plan::{BulkItem, BulkPlan};
use crate::bulk::undo::{inverse_from_before, undo_plan};
use crate::bulk::worker::{BulkCommand, BulkUpdate, JournalPurpose, new_run_id};

use super::App;
use super::activity::Activity;
use super::bulk_run::{BulkRun, Phase};
use super::screen::{Effect, Screen};

impl App {
    /// Progress of a bulk run, for the screen showing that run (a run whose screen was left
    /// goes on in the background; the journal keeps its outcome), or the journal read back.
    /// A batch costs what its events touch, whatever the size of the run.
    pub fn handle_bulk_update(&mut self, update: BulkUpdate) {
        let (run, events) = match update {
            BulkUpdate::Journal { purpose, runs } => return self.journal_read(purpose, runs),
            BulkUpdate::Changed { mutations } => return self.outdate_all(&mutations),
            BulkUpdate::Progress { run, events } => (run, Ok(events)),
            BulkUpdate::Refused { run, message } => (run, Err(message)),
        };
        let screens = self.screens.iter_mut();
        for bulk in screens.filter_map(|s| s.state_mut().as_bulk()) {
            if bulk.run != run {
                continue;
            }
            match &events {
                Ok(events) => events.iter().for_each(|event| bulk.apply(event)),
                Err(message) => bulk.refused(message),
            }
        }
    }

    /// Whether a run shown on a screen is going.
    pub(crate) fn bulk_running(&self) -> bool {
        self.screens
            .iter()
            .any(|screen| matches!(screen, Screen::Bulk(run) if run.phase == Phase::Running))
    }

    fn journal_read(&mut self, purpose: JournalPurpose, runs: Result<Vec<RunRecord>, String>) {
        // The "reading the journal…" note is answered.
        self.flash = None;
        let runs = match runs {
            Ok(runs) => runs,
            Err(error) => {
                self.flash_error(format!("cannot read the journal: {error}"));
                return;
            }
        };
        match purpose {
            JournalPurpose::Activity => {
                let activity = Activity::new(&runs);
                self.apply_effects(vec![Effect::Push(Screen::Activity(Box::new(activity)))]);
            }
            JournalPurpose::Undo => match undo_plan(&runs, &self.session.profile) {
                Ok(plan) => self.preview_bulk(plan),
                Err(why) => self.flash_error(why),
            },
        }
    }

    /// `:activity` and `z` read the journal through the worker (the answer opens the view or
    /// the undo preview).
    pub(crate) fn read_journal(&mut self, purpose: JournalPurpose) {
        self.bulk_out.push(BulkCommand::ReadJournal { purpose });
        self.flash_info("reading the journal…");
    }

    /// A single edit made through the actor is journaled as a one-item run, so the activity
    /// view lists it and `z` can undo it.
    pub(crate) fn journal_single(
        &mut self,
        mutation: &Mutation,
        result: &Result<Option<String>, ApiError>,
    ) {
        let outcome = match result {
            Ok(created) => Outcome::Ok {
                created: created.clone(),
                verified: false,
            },
            Err(error) => Outcome::Failed {
                message: error.to_string(),
            },
        };
        // Called before the screens reload, so the store still holds the record as it was.
        let undo = inverse_from_before(mutation, &|resource| self.store.data(resource).cloned());
        let item = Box::new(BulkItem {
            target: mutation.target(),
            before: String::new(),
            after: mutation.describe().to_string(),
            mutation: mutation.clone(),
            undo,
        });
        self.bulk_out.push(BulkCommand::Record { item, outcome });
    }

    /// Opens the preview of a bulk plan over whatever is on screen (nothing is sent before the
    /// user confirms there).
    pub fn preview_bulk(&mut self, plan: BulkPlan) {
        let run = BulkRun::preview(new_run_id(), plan);
        self.apply_effects(vec![Effect::Push(Screen::Bulk(Box::new(run)))]);
    }

    /// Runs of this profile that the journal shows cut short: the newest is opened, ready to
    /// resume; the others are counted (they stay in the journal and the activity view).
    pub fn offer_resume(&mut self, mut interrupted: Vec<RunRecord>) {
        let Some(newest) = interrupted.pop() else {
            return;
        };
        let run = BulkRun::interrupted(newest);
        self.screens.push(Screen::Bulk(Box::new(run)));
        if !interrupted.is_empty() {
            self.flash_info(format!(
                "{} older interrupted runs are in the journal",
                interrupted.len()
            ));
        }
    }

    /// Requests for the bulk worker since the last call.
    pub fn take_bulk_commands(&mut self) -> Vec<BulkCommand> {
        std::mem::take(&mut self.bulk_out)
    }
}
