//! The app's side of the bulk worker: progress routed to the screen of its run, the journal
//! read back for the activity view and for undo, single edits handed to the worker (which
//! journals and sends them) with their answers applied like the actor's, and the interrupted
//! run offered at startup.

use crate::api::{ApiEvent, Mutation, RequestId};
use crate::bulk::journal::history::Page;
use crate::bulk::journal::{RunRecord, Server};
use crate::bulk::plan::{BulkItem, BulkPlan};
use crate::bulk::undo::{inverse_from_before, undo_plan};
use crate::bulk::worker::{BulkCommand, BulkUpdate, JournalPurpose, new_run_id};

use crate::app::App;
use crate::app::activity::Activity;
use crate::app::bulk_run::{BulkRun, Phase};
use crate::app::screen::{Effect, Screen};

impl App {
    /// Progress of a bulk run, for the screen showing that run (a run whose screen was left
    /// goes on in the background; the journal keeps its outcome), or the journal read back.
    /// A batch costs what its events touch, whatever the size of the run.
    pub fn handle_bulk_update(&mut self, update: BulkUpdate) {
        let (run, events) = match update {
            BulkUpdate::Journal { purpose, runs } => return self.journal_read(purpose, runs),
            BulkUpdate::Older { page } => return self.older_activity(page),
            BulkUpdate::Changed { mutations } => return self.outdate_all(&mutations),
            BulkUpdate::Single {
                id,
                mutation,
                result,
                found_done,
            } => {
                let what = mutation.describe();
                let answer = ApiEvent::Mutated {
                    id,
                    mutation,
                    result,
                };
                self.handle_api_event(answer);
                if found_done {
                    self.flash_info(format!(
                        "the answer was lost, but checking shows it was done after all: {what}"
                    ));
                }
                return;
            }
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

    /// The server this console is on, as the journal records it.
    pub(crate) fn server(&self) -> Server {
        Server {
            api_url: self.session.api_url.clone(),
            account: self.session.reseller_id.clone(),
            provider: self.session.provider_key.into(),
        }
    }

    fn journal_read(&mut self, purpose: JournalPurpose, page: Result<Page, String>) {
        // The "reading the journal…" note is answered.
        self.flash = None;
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                self.flash_error(format!("cannot read the journal: {error}"));
                return;
            }
        };
        match purpose {
            JournalPurpose::Activity => {
                let activity = Activity::new(page);
                self.apply_effects(vec![Effect::Push(Screen::Activity(Box::new(activity)))]);
            }
            JournalPurpose::Undo => {
                match undo_plan(&page.runs, &self.session.profile, &self.server()) {
                    Ok(plan) => self.preview_bulk(plan),
                    Err(why) => self.flash_error(why),
                }
            }
        }
    }

    /// An older page for the activity view, if it is still open.
    fn older_activity(&mut self, page: Result<Page, String>) {
        let open = self.screens.iter_mut().rev().find_map(|s| match s {
            Screen::Activity(activity) => Some(activity),
            _ => None,
        });
        match (page, open) {
            (Ok(page), Some(activity)) => activity.append(page),
            (Err(error), _) => self.flash_error(format!("cannot read the journal: {error}")),
            (Ok(_), None) => {}
        }
    }

    /// `:activity` and `z` read the journal through the worker (the answer opens the view or
    /// the undo preview).
    pub(crate) fn read_journal(&mut self, purpose: JournalPurpose) {
        self.bulk_out.push(BulkCommand::ReadJournal { purpose });
        self.flash_info("reading the journal…");
    }

    /// A single edit on its way out, for the worker: a one-item run with the record as it was
    /// (read from the store, which still holds it: the write has not happened), so `z` can
    /// put it back. The event loop calls this for every `ApiRequest::Mutate` the app queued.
    pub fn single_edit(&self, id: RequestId, mutation: Mutation) -> BulkCommand {
        let undo = inverse_from_before(&mutation, &|resource| self.store.data(resource).cloned());
        let item = Box::new(BulkItem {
            target: crate::app::names::target(&mutation, &self.store),
            before: String::new(),
            after: mutation.describe().to_string(),
            mutation,
            undo: undo.map(Box::new),
        });
        BulkCommand::Single { id, item }
    }

    /// What the journal said at startup (damage set aside, runs of unknown servers).
    pub fn journal_notes(&mut self, notes: Vec<String>) {
        if notes.is_empty() {
            return;
        }
        // Kept beside what resume said, not instead of it.
        let mut text = self.flash.take().map(|f| vec![f.text]).unwrap_or_default();
        text.extend(notes);
        self.flash_info(text.join("; "));
    }

    /// Opens the preview of a bulk plan over whatever is on screen (nothing is sent before the
    /// user confirms there). The plan comes from elsewhere (the journal, for undo), so the
    /// screen's own data being reloaded does not hold it back.
    pub fn preview_bulk(&mut self, plan: BulkPlan) {
        let run = BulkRun::preview(new_run_id(), plan);
        self.screens.push(Screen::Bulk(Box::new(run)));
        self.mode = crate::app::Mode::Browse;
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
