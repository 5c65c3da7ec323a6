//! A bulk run on screen: the preview (every target with before → after, the count, the items
//! left out and why), then the progress of the run (done, failed, remaining, rate), then the
//! result (each item OK or failed with the server's message) with "retry failed".
//!
//! The same screen shows an interrupted run found in the journal at startup, with its done,
//! unknown and pending counts, ready to resume. The run itself happens in the bulk worker: this
//! screen only asks ([`BulkCommand`]) and applies what comes back ([`BulkEvent`]).
//!
//! A run may have 100,000 items, so an answer costs the same whatever the size: it changes one
//! row's status and the running counts; all rows are built only when the run starts and ends.

use crate::app::list_view::ListView;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::{Mutation, Resource};
use crate::app::choice_picker::ChoicePicker;
use crate::bulk::journal::{ItemState, Outcome, RunRecord};
use crate::bulk::plan::{BulkPlan, InvalidItem, SharedItems, SharedPlan};
use crate::bulk::runner::BulkEvent;
use crate::bulk::worker::BulkCommand;

use super::bulk_service::ServiceStep;
use super::commands::{CommandId, Scope};
use super::screen::{Ctx, ScreenState};
use super::store::Store;
use super::table::TableList;

/// Deleting more than this many items asks for a word to be typed.
pub const TYPE_A_WORD_ABOVE: usize = 10;
/// The word typed to confirm a large delete.
pub const DELETE_WORD: &str = "delete";
/// A run of more than this many items, of any kind, asks for its count to be typed: one `y`
/// must not set 70,000 organizations inactive.
pub const TYPE_THE_COUNT_ABOVE: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Preview,
    Running,
    Done,
}

/// Item counts for the gauge and the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub ok: usize,
    pub failed: usize,
    /// Started but not answered (in flight now, or cut off by a crash).
    pub unknown: usize,
    pub pending: usize,
}

impl Counts {
    /// The counts of `states`, counted one by one.
    fn of(states: &[ItemState]) -> Counts {
        let mut counts = Counts::default();
        for state in states {
            counts.add(state, 1);
        }
        counts
    }

    /// Adds `n` (1 or -1) to the count of `state`'s kind.
    fn add(&mut self, state: &ItemState, n: isize) {
        let count = match state {
            ItemState::Pending => &mut self.pending,
            ItemState::Unknown => &mut self.unknown,
            ItemState::Finished(Outcome::Ok { .. }) => &mut self.ok,
            ItemState::Finished(Outcome::Failed { .. }) => &mut self.failed,
        };
        *count = count.saturating_add_signed(n);
    }

    pub fn total(&self) -> usize {
        self.ok + self.failed + self.unknown + self.pending
    }

    pub fn remaining(&self) -> usize {
        self.unknown + self.pending
    }
}

#[derive(Debug)]
pub struct BulkRun {
    pub run: String,
    pub action: String,
    /// Shared with the worker and the journal's record once the run starts.
    pub items: SharedItems,
    pub invalid: Arc<[InvalidItem]>,
    /// Where each item stands; changed through [`BulkRun::apply`] so `counts` keeps up.
    states: Vec<ItemState>,
    /// The counts of `states`, kept as they change (the gauge reads them every frame).
    counts: Counts,
    /// Why an item of unknown outcome was left alone (the API could not settle it).
    pub attention: Vec<Option<String>>,
    pub phase: Phase,
    /// An interrupted run from the journal (already journaled: continued, not started).
    pub interrupted: Option<RunRecord>,
    pub stopping: bool,
    /// The word to type before a large delete runs.
    pub word: Option<String>,
    pub input: Input,
    /// Why `y`/Enter did nothing, or how the run ended.
    pub message: Option<String>,
    started: Option<Instant>,
    elapsed: Duration,
    pub table: TableList,
    /// A plan per option when the command leaves a choice to the preview (the role to give),
    /// with what is chosen; `c` moves to the next option.
    pub choice: Option<Choice>,
    /// A bulk add of a service: its property values are asked for in the preview.
    pub service_step: Option<ServiceStep>,
    /// The options of a long choice, open to pick from (`c`).
    pub picker: Option<ChoicePicker>,
}

#[derive(Debug)]
pub struct Choice {
    /// What is being chosen ("Role").
    pub label: String,
    /// Each option's name and plan; with a [`Planner`], the plans are built when shown and
    /// the options hold none.
    pub options: Vec<(String, SharedPlan)>,
    /// None until the user picks: no role (or service) is chosen for them.
    pub chosen: Option<usize>,
    pub planner: Option<Planner>,
}

/// Builds option `i`'s plan when it is shown: for options over very many targets, so only the
/// plan on screen exists (setting 100,000 organizations active or inactive).
pub struct Planner(Box<dyn Fn(usize) -> BulkPlan + Send>);

impl std::fmt::Debug for Planner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Planner")
    }
}

impl BulkRun {
    /// The preview of a new run.
    pub fn preview(run: String, plan: BulkPlan) -> BulkRun {
        let plan = SharedPlan::from(plan);
        let mut screen = BulkRun::blank(run, plan.action, plan.items, plan.invalid);
        screen.word = confirm_word(&screen.items);
        screen.rebuild();
        screen
    }

    /// A preview of a run not started yet (not an interrupted one read from the journal).
    pub fn is_new(&self) -> bool {
        self.phase == Phase::Preview && self.interrupted.is_none()
    }

    /// An interrupted run read back from the journal, offered for resuming.
    pub fn interrupted(record: RunRecord) -> BulkRun {
        let mut screen = BulkRun::blank(
            record.run.clone(),
            record.action.clone(),
            record.items.clone(),
            Arc::default(),
        );
        screen.set_states(record.states.clone());
        screen.interrupted = Some(record);
        screen.rebuild();
        screen
    }

    fn blank(run: String, action: String, items: SharedItems, invalid: Arc<[InvalidItem]>) -> Self {
        BulkRun {
            run,
            action,
            states: vec![ItemState::Pending; items.len()],
            counts: Counts {
                pending: items.len(),
                ..Counts::default()
            },
            attention: vec![None; items.len()],
            items,
            invalid,
            phase: Phase::Preview,
            interrupted: None,
            stopping: false,
            word: None,
            input: Input::default(),
            message: None,
            started: None,
            elapsed: Duration::ZERO,
            table: TableList::new("Items", rows::columns()),
            choice: None,
            service_step: None,
            picker: None,
        }
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Where each item stands.
    pub fn states(&self) -> &[ItemState] {
        &self.states
    }

    /// Replaces every state (a new plan, a run read back, a retry), counting them once.
    fn set_states(&mut self, states: Vec<ItemState>) {
        self.counts = Counts::of(&states);
        self.states = states;
    }

    /// Items answered per second since the run (or this continuation of it) started.
    pub fn rate(&self) -> Option<f64> {
        let elapsed = match (self.phase, self.started) {
            (Phase::Running, Some(start)) => start.elapsed(),
            _ => self.elapsed,
        };
        let answered = self.counts.ok + self.counts.failed;
        // Under a second the figure is noise.
        (elapsed >= Duration::from_secs(1)).then(|| answered as f64 / elapsed.as_secs_f64())
    }

    /// The record the worker continues from: the items and where each stands now.
    fn record(&self) -> RunRecord {
        let (at, profile) = self
            .interrupted
            .as_ref()
            .map(|r| (r.at.clone(), r.profile.clone()))
            .unwrap_or_default();
        RunRecord {
            run: self.run.clone(),
            at,
            profile,
            server: self.interrupted.as_ref().and_then(|r| r.server.clone()),
            action: self.action.clone(),
            items: self.items.clone(),
            states: self.states.clone(),
        }
    }

    /// Whether printable keys go into the word field.
    pub fn typing(&self) -> bool {
        self.picker.is_some() || (self.phase == Phase::Preview && self.word.is_some())
    }

    pub fn edit(&mut self, event: &Event) {
        if let Some(picker) = &mut self.picker {
            picker.edit(event);
        } else if self.typing() && self.input.handle_event(event).is_some_and(|c| c.value) {
            self.message = None;
        }
    }

    /// `y` (or Enter after the word): starts the run, or resumes the interrupted one.
    fn go(&mut self, ctx: &mut Ctx) {
        if self.phase != Phase::Preview {
            return;
        }
        if let Some(choice) = self.choice.as_ref().filter(|c| c.chosen.is_none()) {
            self.message = Some(format!(
                "choose a {} first: c shows the plan for each in turn",
                choice.label.to_lowercase()
            ));
            return;
        }
        if self.items.is_empty() {
            self.message = Some("nothing to change: every target was left out".into());
            return;
        }
        if let Some(word) = &self.word
            && self.input.value() != word
        {
            self.message = Some(format!("type {word} to confirm, or Esc to cancel"));
            return;
        }
        let command = match &self.interrupted {
            Some(_) => BulkCommand::Continue {
                record: self.record(),
                retry_failed: false,
            },
            None => BulkCommand::Start {
                run: self.run.clone(),
                plan: SharedPlan {
                    action: self.action.clone(),
                    items: self.items.clone(),
                    invalid: Arc::default(),
                },
            },
        };
        ctx.bulk(command);
        self.begin();
    }

    fn begin(&mut self) {
        self.phase = Phase::Running;
        self.stopping = false;
        self.message = None;
        self.started = Some(Instant::now());
        self.rebuild();
    }

    /// `R` on the result: sends the failed items again, and only those.
    /// After a run: whether some items failed, or were left unsent or unsettled by a stop.
    fn can_retry(&self) -> bool {
        self.phase == Phase::Done && (self.counts.failed > 0 || self.counts.remaining() > 0)
    }

    /// `R`: sends the failed items again, and those a stop left (unsent ones as they are,
    /// unsettled ones checked first).
    fn retry_failed(&mut self, ctx: &mut Ctx) {
        if !self.can_retry() {
            ctx.info("nothing failed or left: nothing to send");
            return;
        }
        ctx.bulk(BulkCommand::Continue {
            record: self.record(),
            retry_failed: true,
        });
        let mut states = std::mem::take(&mut self.states);
        for state in &mut states {
            if matches!(state, ItemState::Finished(Outcome::Failed { .. })) {
                *state = ItemState::Pending;
            }
        }
        self.set_states(states);
        self.begin();
    }

    /// Esc: cancels a preview, stops a running run (in-flight items finish), leaves a result.
    fn back(&mut self, ctx: &mut Ctx) {
        match self.phase {
            Phase::Running if !self.stopping => {
                self.stopping = true;
                self.message = Some("stopping: no new requests; those in flight finish…".into());
                ctx.bulk(BulkCommand::Stop {
                    run: self.run.clone(),
                });
            }
            Phase::Running => {}
            Phase::Preview if self.interrupted.is_some() => {
                ctx.info("left as it is; the run stays in the journal (see :activity)");
                ctx.pop();
            }
            Phase::Preview | Phase::Done => ctx.pop(),
        }
    }

    /// Applies progress from the worker. An answer changes one row and the counts; only the
    /// end of the run rebuilds every row (an item in flight then reads "unknown").
    pub fn apply(&mut self, event: &BulkEvent) {
        match event {
            BulkEvent::Started { item } => self.set(*item, ItemState::Unknown),
            BulkEvent::Finished { item, outcome } => {
                self.set(*item, ItemState::Finished(outcome.clone()))
            }
            BulkEvent::NeedsAttention { item, reason } => {
                if let Some(slot) = self.attention.get_mut(*item) {
                    *slot = Some(reason.clone());
                    self.update_row(*item);
                }
            }
            BulkEvent::Ended { stopped, gave_up } => {
                self.phase = Phase::Done;
                // Nothing is chosen any more; a planner holds the list it planned from, which
                // the reload after the run replaces (100,000 organizations: 30 MB).
                self.choice = None;
                self.elapsed = self.started.map(|s| s.elapsed()).unwrap_or_default();
                let c = self.counts;
                self.message = Some(match (stopped, c.failed) {
                    (true, _) if gave_up.is_some() => format!(
                        "{}: {} not sent; {} failed — R sends them when it answers again",
                        gave_up.as_deref().unwrap_or_default(),
                        c.remaining(),
                        c.failed
                    ),
                    (true, _) => {
                        format!("stopped: {} not sent; {} failed", c.remaining(), c.failed)
                    }
                    (false, 0) => "done: every item succeeded".to_string(),
                    (false, n) => format!("done with {n} failed; R retries only those"),
                });
                self.rebuild();
            }
        }
    }

    /// `Enter`: the selected row whole (a reason or a server message may be cut in the table).
    fn show_selected(&self, ctx: &mut Ctx) {
        let Some(row) = self.table.selected_row() else {
            return;
        };
        let [target, before, after, status] =
            [0, 1, 2, 3].map(|i| row.cells.get(i).map_or("", String::as_str));
        let mut text = format!("{}\n\n", self.action);
        if !before.is_empty() || !after.is_empty() {
            text.push_str(&format!("Change: {before} → {after}\n"));
        }
        text.push_str(&format!("Status: {status}"));
        ctx.read(target, text);
    }

    /// The worker could not begin the run: nothing was sent.
    pub fn refused(&mut self, message: &str) {
        self.phase = Phase::Preview;
        self.message = Some(format!("not started: {message}"));
        self.rebuild();
    }

    fn set(&mut self, item: usize, state: ItemState) {
        let Some(slot) = self.states.get_mut(item) else {
            return;
        };
        self.counts.add(slot, -1);
        self.counts.add(&state, 1);
        *slot = state;
        self.update_row(item);
    }
}

fn is_delete(mutation: &Mutation) -> bool {
    matches!(
        mutation,
        Mutation::DeleteUser { .. }
            | Mutation::DeleteAdministrator { .. }
            | Mutation::DeleteOrganization { .. }
            | Mutation::RemoveService { .. }
            | Mutation::UnassignUser { .. }
    )
}

impl ScreenState for BulkRun {
    fn crumbs(&self) -> Vec<String> {
        vec![format!("Bulk: {}", self.action)]
    }

    fn scope(&self) -> Scope {
        if self.picker.is_some() {
            Scope::Choice
        } else if self.typing() {
            Scope::BulkWord
        } else {
            Scope::Bulk
        }
    }

    fn shown(&self) -> Vec<Resource> {
        match (&self.service_step, self.chosen()) {
            (Some(step), Some(chosen)) if self.phase == Phase::Preview => step.shown(chosen),
            _ => Vec::new(),
        }
    }

    fn sync(&mut self, store: &Store) {
        self.replan(store);
    }

    fn form_values(&mut self, values: &Mutation, ctx: &mut Ctx) {
        if let Some(step) = &mut self.service_step
            && step.take_values(values)
        {
            self.replan(ctx.store);
        }
    }

    fn list(&self) -> &dyn ListView {
        &self.table
    }

    fn list_mut(&mut self) -> &mut dyn ListView {
        &mut self.table
    }

    fn typing(&self) -> bool {
        BulkRun::typing(self)
    }

    fn takes(&self, c: char) -> bool {
        let count = self
            .word
            .as_deref()
            .is_some_and(|w| w.chars().all(|d| d.is_ascii_digit()));
        self.picker.is_some() || (BulkRun::typing(self) && (!count || c.is_ascii_digit()))
    }

    fn edit(&mut self, event: &Event) {
        BulkRun::edit(self, event)
    }

    /// A run's keys only while they do something.
    fn unavailable(&self, id: CommandId, _store: &Store) -> Option<String> {
        let preview = self.phase == Phase::Preview;
        let why = match id {
            CommandId::BulkYes | CommandId::BulkTyped if !preview => "the run has been started",
            CommandId::BulkChoose
                if !preview || self.choice.as_ref().is_none_or(|c| c.options.len() < 2) =>
            {
                "this run has nothing to choose"
            }
            CommandId::BulkProperties if !preview || self.service_step.is_none() => {
                "this run has no properties to give"
            }
            CommandId::BulkRetry if !self.can_retry() => "nothing failed or left: nothing to send",
            _ => return None,
        };
        Some(why.into())
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        match id {
            CommandId::BulkYes | CommandId::BulkTyped if self.planning(ctx.store) => {
                self.message = Some("the service's properties are still loading…".into());
            }
            CommandId::BulkYes | CommandId::BulkTyped => self.go(ctx),
            CommandId::BulkProperties => self.ask_properties(ctx),
            CommandId::BulkBack | CommandId::BulkWordCancel => self.back(ctx),
            CommandId::BulkRetry => self.retry_failed(ctx),
            CommandId::BulkChoose => {
                self.choose_option();
                self.replan(ctx.store);
            }
            CommandId::ChoiceUp
            | CommandId::ChoiceDown
            | CommandId::ChoicePageUp
            | CommandId::ChoicePageDown
            | CommandId::ChoicePick
            | CommandId::ChoiceCancel => {
                let replanned = self.pick(id);
                if replanned {
                    self.replan(ctx.store);
                }
            }
            CommandId::BulkShowItem => self.show_selected(ctx),
            _ => {}
        }
    }

    fn as_bulk(&mut self) -> Option<&mut BulkRun> {
        Some(self)
    }
}

mod choice;
use choice::confirm_word;
mod rows;
#[cfg(test)]
mod tests;
