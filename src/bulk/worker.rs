//! The bulk worker: a background task next to the API actor that runs bulk plans, so the UI
//! never awaits a request. The UI sends [`BulkCommand`]s and receives [`BulkUpdate`]s tagged
//! with the run id. After each item that succeeded, the worker asks the actor to forget what
//! that write touched (`ApiRequest::Forget`), before the UI hears of it: the UI's reload then
//! reaches the actor after the cache entry is gone, so it cannot be served the old data.
//!
//! Progress goes to the UI in batches, at most one per [`BATCH_WINDOW`] per run: a run of
//! 100,000 fast items wakes the event loop twenty times a second, not 200,000 times.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::time::Instant;

use crate::api::{ApiRequest, Mutation, Provider};

use super::journal::{self, Entry, JournalWriter, Outcome, RunRecord};
use super::plan::{BulkItem, BulkPlan};
use super::runner::{self, BulkEvent};
use crate::domain::dates::now_timestamp;

/// What the UI asks of the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkCommand {
    /// Journal the plan as run `run`, then send its items.
    Start { run: String, plan: BulkPlan },
    /// Send what a run still needs: its pending items, its unknown ones after checking them
    /// against the API, and its failed ones too when `retry_failed`.
    Continue {
        record: RunRecord,
        retry_failed: bool,
    },
    /// Launch nothing more in this run; the items in flight finish.
    Stop { run: String },
    /// Journals a single edit the console made through the actor, as a finished one-item run,
    /// so the activity view and undo see it.
    Record {
        item: Box<BulkItem>,
        outcome: Outcome,
    },
    /// Reads the journal back; answered with [`BulkUpdate::Journal`] carrying `purpose`.
    ReadJournal { purpose: JournalPurpose },
}

/// Why the journal is read: what the UI does with the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalPurpose {
    Activity,
    Undo,
}

/// How long the worker gathers a run's progress before it tells the UI.
pub const BATCH_WINDOW: Duration = Duration::from_millis(50);
/// The most events one progress batch carries (a bound on the UI's work per wake-up).
const BATCH_MOST: usize = 2048;

/// What the worker tells the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkUpdate {
    /// What happened in run `run` since its last batch, in order.
    Progress { run: String, events: Vec<BulkEvent> },
    /// The run could not begin (its header could not be journaled): nothing was sent.
    Refused { run: String, message: String },
    /// The journal as read, oldest run first (or why it could not be read).
    Journal {
        purpose: JournalPurpose,
        runs: Result<Vec<RunRecord>, String>,
    },
    /// Items of a run succeeded: what they touched is outdated (the actor has forgotten it
    /// already), whether or not the run's screen is still open. Sent before the progress
    /// batch that reports them.
    Changed { mutations: Vec<Mutation> },
}

/// The two ends the UI holds.
pub struct WorkerChannels {
    pub commands: UnboundedSender<BulkCommand>,
    pub updates: UnboundedReceiver<BulkUpdate>,
}

/// Where the runs of one console go: its provider, journal, profile name and concurrency.
pub struct WorkerSetup<P> {
    pub provider: Arc<P>,
    pub journal: JournalWriter,
    pub profile: String,
    pub concurrency: usize,
    /// The actor's request channel, for `ApiRequest::Forget`.
    pub actor: UnboundedSender<ApiRequest>,
    /// Where `journal` writes, for reading it back.
    pub journal_path: PathBuf,
}

/// A new run id: the time to the nanosecond and the process, unique across restarts.
pub fn new_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{nanos:x}-{:x}", std::process::id())
}

/// Starts the worker on the current tokio runtime; it ends when the command sender is dropped.
pub fn spawn_worker<P: Provider>(setup: WorkerSetup<P>) -> WorkerChannels {
    let (command_tx, mut commands) = mpsc::unbounded_channel();
    let (update_tx, updates) = mpsc::unbounded_channel();
    let setup = Arc::new(setup);
    tokio::spawn(async move {
        let mut stops: HashMap<String, Arc<AtomicBool>> = HashMap::new();
        while let Some(command) = commands.recv().await {
            let (run, plan, record, retry_failed) = match command {
                BulkCommand::Stop { run } => {
                    if let Some(stop) = stops.get(&run) {
                        stop.store(true, Ordering::SeqCst);
                    }
                    continue;
                }
                BulkCommand::Record { item, outcome } => {
                    // Awaited here (two synced lines, a few ms) so that a journal read asked
                    // for after it sees the edit complete.
                    record_single(setup.clone(), item, outcome).await;
                    continue;
                }
                BulkCommand::ReadJournal { purpose } => {
                    let (path, updates) = (setup.journal_path.clone(), update_tx.clone());
                    tokio::task::spawn_blocking(move || {
                        let runs = journal::read(&path).map_err(|e| e.to_string());
                        let _ = updates.send(BulkUpdate::Journal { purpose, runs });
                    });
                    continue;
                }
                BulkCommand::Start { run, plan } => (run, Some(plan), None, false),
                BulkCommand::Continue {
                    record,
                    retry_failed,
                } => (record.run.clone(), None, Some(record), retry_failed),
            };
            let stop = Arc::new(AtomicBool::new(false));
            stops.insert(run.clone(), stop.clone());
            let job = Job {
                setup: setup.clone(),
                updates: update_tx.clone(),
                run,
                stop,
            };
            tokio::spawn(job.go(plan, record, retry_failed));
        }
    });
    WorkerChannels {
        commands: command_tx,
        updates,
    }
}

/// A single edit as a one-item run: header, start and finish in one go (it already happened).
async fn record_single<P>(setup: Arc<WorkerSetup<P>>, item: Box<BulkItem>, outcome: Outcome) {
    let run = new_run_id();
    let at = now_timestamp();
    let entries = [
        Entry::Run {
            run: run.clone(),
            at: at.clone(),
            profile: setup.profile.clone(),
            action: item.mutation.describe().to_string(),
            items: vec![*item],
        },
        Entry::Start {
            run: run.clone(),
            item: 0,
            at: at.clone(),
        },
        Entry::Finish {
            run,
            item: 0,
            at,
            outcome,
        },
    ];
    for entry in &entries {
        if let Err(error) = setup.journal.append(entry).await {
            tracing::error!(%error, "could not journal a single edit");
            return;
        }
    }
}

/// One run (or one continuation of a run) in the background.
struct Job<P> {
    setup: Arc<WorkerSetup<P>>,
    updates: UnboundedSender<BulkUpdate>,
    run: String,
    stop: Arc<AtomicBool>,
}

impl<P: Provider> Job<P> {
    async fn go(self, plan: Option<BulkPlan>, record: Option<RunRecord>, retry_failed: bool) {
        let setup = &self.setup;
        let record = match (plan, record) {
            (_, Some(record)) => record,
            (Some(plan), None) => {
                match runner::begin_with(&setup.journal, &self.run, &setup.profile, plan).await {
                    Ok(record) => record,
                    Err(error) => {
                        let message = format!("the journal cannot be written: {error}");
                        let _ = self.updates.send(BulkUpdate::Refused {
                            run: self.run.clone(),
                            message,
                        });
                        return;
                    }
                }
            }
            (None, None) => return,
        };
        let (events_tx, events) = mpsc::unbounded_channel();
        // Shared with the forwarding, which looks up what a finished item changed.
        let record = Arc::new(record);
        let forward = Forward {
            updates: self.updates.clone(),
            actor: setup.actor.clone(),
            run: self.run.clone(),
            record: record.clone(),
        };
        let running = runner::run(
            setup.provider.clone(),
            setup.journal.clone(),
            &record,
            retry_failed,
            setup.concurrency,
            events_tx,
            self.stop.clone(),
        );
        // The runner drops its sender when it returns, which ends the forwarding.
        tokio::join!(running, forward.go(events));
    }
}

/// Passes a run's progress on to the UI in batches, after the actor forgot what the batch's
/// successful items changed.
struct Forward {
    updates: UnboundedSender<BulkUpdate>,
    actor: UnboundedSender<ApiRequest>,
    run: String,
    record: Arc<RunRecord>,
}

impl Forward {
    async fn go(self, mut events: UnboundedReceiver<BulkEvent>) {
        while let Some(first) = events.recv().await {
            let until = Instant::now() + BATCH_WINDOW;
            let mut batch = vec![first];
            while batch.len() < BATCH_MOST && !matches!(batch.last(), Some(BulkEvent::Ended { .. }))
            {
                match tokio::time::timeout_at(until, events.recv()).await {
                    Ok(Some(event)) => batch.push(event),
                    Ok(None) | Err(_) => break,
                }
            }
            self.send(batch);
        }
    }

    fn send(&self, events: Vec<BulkEvent>) {
        let mutations: Vec<Mutation> = events
            .iter()
            .filter_map(|event| match event {
                BulkEvent::Finished {
                    item,
                    outcome: Outcome::Ok { .. },
                } => self.record.items.get(*item).map(|i| i.mutation.clone()),
                _ => None,
            })
            .collect();
        for mutation in &mutations {
            let mutation = Box::new(mutation.clone());
            let _ = self.actor.send(ApiRequest::Forget { mutation });
        }
        if !mutations.is_empty() {
            let _ = self.updates.send(BulkUpdate::Changed { mutations });
        }
        let run = self.run.clone();
        let _ = self.updates.send(BulkUpdate::Progress { run, events });
    }
}
