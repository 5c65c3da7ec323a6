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

use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::{Mutation, Resource};
use crate::bulk::journal::{ItemState, Outcome, RunRecord};
use crate::bulk::plan::{BulkItem, BulkPlan, InvalidItem};
use crate::bulk::runner::BulkEvent;
use crate::bulk::worker::BulkCommand;

use super::commands::{CommandId, Scope};
use super::screen::{Ctx, ScreenState};
use super::store::Store;
use super::table::TableList;

/// Deleting more than this many items asks for a word to be typed.
pub const TYPE_A_WORD_ABOVE: usize = 10;
/// The word typed to confirm a large delete.
pub const DELETE_WORD: &str = "delete";

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
    pub items: Vec<BulkItem>,
    pub invalid: Vec<InvalidItem>,
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
}

#[derive(Debug)]
pub struct Choice {
    /// What is being chosen ("Role").
    pub label: String,
    pub options: Vec<(String, BulkPlan)>,
    pub chosen: usize,
}

impl BulkRun {
    /// The preview of a new run.
    pub fn preview(run: String, plan: BulkPlan) -> BulkRun {
        let deletes = plan.items.iter().filter(|i| is_delete(&i.mutation)).count();
        let mut screen = BulkRun::blank(run, plan.action, plan.items, plan.invalid);
        if deletes > TYPE_A_WORD_ABOVE {
            screen.word = Some(DELETE_WORD.to_string());
        }
        screen.rebuild();
        screen
    }

    /// The preview of a run with a choice left open: one plan per option, the first shown.
    pub fn choose(run: String, label: &str, mut options: Vec<(String, BulkPlan)>) -> BulkRun {
        let first = match options.first_mut() {
            Some((_, plan)) => std::mem::replace(plan, no_plan()),
            None => BulkPlan {
                action: format!("choose a {}", label.to_lowercase()),
                ..no_plan()
            },
        };
        let mut screen = BulkRun::preview(run, first);
        screen.choice = Some(Choice {
            label: label.to_string(),
            options,
            chosen: 0,
        });
        screen
    }

    /// `c`: the next option's plan replaces the one shown (only before the run starts).
    fn next_option(&mut self) {
        if self.phase != Phase::Preview {
            return;
        }
        let Some(choice) = &mut self.choice else {
            return;
        };
        let n = choice.options.len();
        if n < 2 {
            return;
        }
        // The plans trade places instead of being copied (a plan may hold 100,000 items): the
        // one shown goes back to its option, the chosen one moves to the screen.
        let shown = choice.chosen;
        choice.chosen = (shown + 1) % n;
        let plan = std::mem::replace(&mut choice.options[choice.chosen].1, no_plan());
        choice.options[shown].1 = BulkPlan {
            action: std::mem::replace(&mut self.action, plan.action),
            items: std::mem::replace(&mut self.items, plan.items),
            invalid: std::mem::replace(&mut self.invalid, plan.invalid),
        };
        self.set_states(vec![ItemState::Pending; self.items.len()]);
        self.attention = vec![None; self.items.len()];
        self.message = None;
        self.rebuild();
    }

    /// An interrupted run read back from the journal, offered for resuming.
    pub fn interrupted(record: RunRecord) -> BulkRun {
        let mut screen = BulkRun::blank(
            record.run.clone(),
            record.action.clone(),
            record.items.clone(),
            Vec::new(),
        );
        screen.set_states(record.states.clone());
        screen.interrupted = Some(record);
        screen.rebuild();
        screen
    }

    fn blank(run: String, action: String, items: Vec<BulkItem>, invalid: Vec<InvalidItem>) -> Self {
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
            action: self.action.clone(),
            items: self.items.clone(),
            states: self.states.clone(),
        }
    }

    /// Whether printable keys go into the word field.
    pub fn typing(&self) -> bool {
        self.phase == Phase::Preview && self.word.is_some()
    }

    pub fn edit(&mut self, event: &Event) {
        if self.typing() && self.input.handle_event(event).is_some_and(|c| c.value) {
            self.message = None;
        }
    }

    /// `y` (or Enter after the word): starts the run, or resumes the interrupted one.
    fn go(&mut self, ctx: &mut Ctx) {
        if self.phase != Phase::Preview {
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
                plan: BulkPlan {
                    action: self.action.clone(),
                    items: self.items.clone(),
                    invalid: Vec::new(),
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
    fn retry_failed(&mut self, ctx: &mut Ctx) {
        if self.phase != Phase::Done || self.counts.failed == 0 {
            ctx.info("nothing failed: nothing to retry");
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
            BulkEvent::Ended { stopped } => {
                self.phase = Phase::Done;
                self.elapsed = self.started.map(|s| s.elapsed()).unwrap_or_default();
                let c = self.counts;
                self.message = Some(match (stopped, c.failed) {
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

/// An empty plan, left where a plan was moved out.
fn no_plan() -> BulkPlan {
    BulkPlan {
        action: String::new(),
        items: Vec::new(),
        invalid: Vec::new(),
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
        if self.typing() {
            Scope::BulkWord
        } else {
            Scope::Bulk
        }
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

    fn typing(&self) -> bool {
        BulkRun::typing(self)
    }

    fn edit(&mut self, event: &Event) {
        BulkRun::edit(self, event)
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        match id {
            CommandId::BulkYes | CommandId::BulkTyped => self.go(ctx),
            CommandId::BulkBack | CommandId::BulkWordCancel => self.back(ctx),
            CommandId::BulkRetry => self.retry_failed(ctx),
            CommandId::BulkChoose => self.next_option(),
            _ => {}
        }
    }

    fn as_bulk(&mut self) -> Option<&mut BulkRun> {
        Some(self)
    }
}

mod rows;
#[cfg(test)]
mod tests;
