//! The bulk worker: a background task next to the API actor that runs bulk plans, so the UI
//! never awaits a request. The UI sends [`BulkCommand`]s and receives [`BulkUpdate`]s tagged
//! with the run id. After each item that succeeded, the worker asks the actor to forget what
//! that write touched (`ApiRequest::Forget`), before the UI hears of it: the UI's reload then
//! reaches the actor after the cache entry is gone, so it cannot be served the old data.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

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

/// What the worker tells the UI.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkUpdate {
    Progress {
        run: String,
        event: BulkEvent,
    },
    /// The run could not begin (its header could not be journaled): nothing was sent.
    Refused {
        run: String,
        message: String,
    },
    /// The journal as read, oldest run first (or why it could not be read).
    Journal {
        purpose: JournalPurpose,
        runs: Result<Vec<RunRecord>, String>,
    },
    /// An item of a run succeeded: what it touched is outdated (the actor has forgotten it
    /// already), whether or not the run's screen is still open.
    Changed {
        mutation: Box<Mutation>,
    },
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
                match runner::begin(&setup.journal, &self.run, &setup.profile, &plan).await {
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
        let (events_tx, mut events) = mpsc::unbounded_channel();
        let forward = {
            let (updates, actor, run) =
                (self.updates.clone(), setup.actor.clone(), self.run.clone());
            let items: Vec<_> = record.items.iter().map(|i| i.mutation.clone()).collect();
            async move {
                while let Some(event) = events.recv().await {
                    if let BulkEvent::Finished {
                        item,
                        outcome: Outcome::Ok { .. },
                    } = &event
                        && let Some(mutation) = items.get(*item)
                    {
                        let _ = actor.send(ApiRequest::Forget {
                            mutation: Box::new(mutation.clone()),
                        });
                        let _ = updates.send(BulkUpdate::Changed {
                            mutation: Box::new(mutation.clone()),
                        });
                    }
                    let _ = updates.send(BulkUpdate::Progress {
                        run: run.clone(),
                        event,
                    });
                }
            }
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
        tokio::join!(running, forward);
    }
}
