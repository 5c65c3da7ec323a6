//! The bulk worker: a background task next to the API actor that runs bulk plans, so the UI
//! never awaits a request. The UI sends [`BulkCommand`]s and receives [`BulkUpdate`]s tagged
//! with the run id. After each item that succeeded, the worker asks the actor to forget what
//! that write touched (`ApiRequest::Forget`), before the UI hears of it: the UI's reload then
//! reaches the actor after the cache entry is gone, so it cannot be served the old data.
//!
//! Single edits take this path too ([`BulkCommand::Single`]), as one-item runs: journaled
//! (header and start) before the request leaves, the answer journaled after, so a crash in
//! between leaves an item of unknown outcome that resume verifies like any bulk item. Why here
//! and not in the actor: the worker already owns the journal, the verify-on-resume path and the
//! read-only gate for runs; the actor stays a cache with single flight. The screen that sent
//! the edit gets its answer as [`BulkUpdate::Single`], which the app applies exactly like the
//! actor's `ApiEvent::Mutated` (form closed or kept with field errors, created row selected).
//!
//! A read-only profile's worker sends nothing: runs are refused and single edits answered with
//! [`ApiError::ReadOnly`], whatever the screens let through.
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

use crate::api::{ApiError, ApiRequest, Mutation, Provider, RequestId};

use super::journal::history::{Cursor, Page};
use super::journal::{Entry, ItemState, JournalWriter, Outcome, RunRecord};
use super::plan::{BulkItem, SharedPlan};
use super::runner::{self, BulkEvent};
use super::single::{self, Sent, Unsettled};
use crate::domain::dates::now_timestamp;

/// What the UI asks of the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkCommand {
    /// Journal the plan as run `run`, then send its items.
    Start { run: String, plan: SharedPlan },
    /// Send what a run still needs: its pending items, its unknown ones after checking them
    /// against the API, and its failed ones too when `retry_failed`.
    Continue {
        record: RunRecord,
        retry_failed: bool,
    },
    /// Launch nothing more in this run; the items in flight finish.
    Stop { run: String },
    /// A single edit from a screen, as a one-item run: journaled, sent, journaled, answered
    /// with [`BulkUpdate::Single`] carrying `id`. `item.undo` holds the record as it was.
    Single { id: RequestId, item: Box<BulkItem> },
    /// Reads the journal back; answered with [`BulkUpdate::Journal`] carrying `purpose`: for
    /// the activity view its newest page, for undo back to the last change of this server.
    ReadJournal { purpose: JournalPurpose },
    /// The activity view's next older page; answered with [`BulkUpdate::Older`].
    ReadOlder { cursor: Cursor },
}

/// How many items the activity view reads per page.
pub const PAGE_ROWS: usize = 500;

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
        runs: Result<Page, String>,
    },
    /// An older page of the activity view.
    Older { page: Result<Page, String> },
    /// The answer to a single edit, as the actor would give it. `found_done`: its answer was
    /// lost, and checking showed it was done all the same (see `bulk::single`).
    Single {
        id: RequestId,
        mutation: Box<Mutation>,
        result: Result<Option<String>, ApiError>,
        found_done: bool,
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
    /// The profile may not change anything: every write is refused here.
    pub read_only: bool,
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
        let unsettled = Arc::new(Unsettled::default());
        while let Some(command) = commands.recv().await {
            let (run, plan, record, retry_failed) = match command {
                BulkCommand::Stop { run } => {
                    if let Some(stop) = stops.get(&run) {
                        stop.store(true, Ordering::SeqCst);
                    }
                    continue;
                }
                BulkCommand::Single { id, item } => {
                    let job = single(
                        setup.clone(),
                        id,
                        item,
                        update_tx.clone(),
                        unsettled.clone(),
                    );
                    tokio::spawn(job);
                    continue;
                }
                BulkCommand::ReadJournal { purpose } => {
                    read_journal(&setup, purpose, update_tx.clone());
                    continue;
                }
                BulkCommand::ReadOlder { cursor } => {
                    let updates = update_tx.clone();
                    tokio::task::spawn_blocking(move || {
                        let page = cursor.page(PAGE_ROWS).map_err(|e| e.to_string());
                        let _ = updates.send(BulkUpdate::Older { page });
                    });
                    continue;
                }
                BulkCommand::Start { run, .. }
                | BulkCommand::Continue {
                    record: RunRecord { run, .. },
                    ..
                } if setup.read_only => {
                    let message = "read-only profile: nothing was sent".to_string();
                    let _ = update_tx.send(BulkUpdate::Refused { run, message });
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

/// Reads the journal on a blocking thread: the newest page for the activity view; for undo,
/// back to the newest run of this profile and server that changed something.
fn read_journal<P>(
    setup: &WorkerSetup<P>,
    purpose: JournalPurpose,
    updates: UnboundedSender<BulkUpdate>,
) {
    let cursor = Cursor::newest(&setup.journal_path);
    let (profile, server) = (setup.profile.clone(), setup.journal.server().cloned());
    tokio::task::spawn_blocking(move || {
        let page = match purpose {
            JournalPurpose::Activity => cursor.page(PAGE_ROWS),
            JournalPurpose::Undo => cursor.find(|run| {
                server.as_ref().is_some_and(|s| run.belongs_to(&profile, s))
                    && run
                        .states
                        .iter()
                        .any(|s| matches!(s, ItemState::Finished(Outcome::Ok { .. })))
            }),
        };
        let runs = page.map_err(|e| e.to_string());
        let _ = updates.send(BulkUpdate::Journal { purpose, runs });
    });
}

/// A single edit: journaled as a one-item run before it is sent and after its answer; on
/// success the actor forgets what it touched before the screen hears of it.
async fn single<P: Provider>(
    setup: Arc<WorkerSetup<P>>,
    id: RequestId,
    item: Box<BulkItem>,
    updates: UnboundedSender<BulkUpdate>,
    unsettled: Arc<Unsettled>,
) {
    let Sent { result, found_done } = if setup.read_only {
        Sent {
            result: Err(ApiError::ReadOnly),
            found_done: false,
        }
    } else {
        journaled(&setup, &item, &unsettled).await
    };
    let mutation = Box::new(item.mutation);
    if result.is_ok() {
        let forget = mutation.clone();
        let _ = setup.actor.send(ApiRequest::Forget { mutation: forget });
    }
    let _ = updates.send(BulkUpdate::Single {
        id,
        mutation,
        result,
        found_done,
    });
}

async fn journaled<P: Provider>(
    setup: &WorkerSetup<P>,
    item: &BulkItem,
    unsettled: &Unsettled,
) -> Sent {
    let run = new_run_id();
    let not_journaled = |e: std::io::Error| ApiError::NotJournaled(e.to_string());
    let header = Entry::Run {
        run: run.clone(),
        at: now_timestamp(),
        profile: setup.profile.clone(),
        server: None,
        action: item.mutation.describe().to_string(),
        items: vec![item.clone()].into(),
    };
    if let Err(error) = setup.journal.append(&header).await {
        return Sent {
            result: Err(not_journaled(error)),
            found_done: false,
        };
    }
    let start = Entry::Start {
        run: run.clone(),
        item: 0,
        at: now_timestamp(),
    };
    if let Err(error) = setup.journal.append(&start).await {
        return Sent {
            result: Err(not_journaled(error)),
            found_done: false,
        };
    }
    let sent = single::send(&*setup.provider, &item.mutation, unsettled).await;
    let outcome = match &sent.result {
        Ok(created) => Outcome::Ok {
            created: created.clone(),
            verified: sent.found_done,
        },
        Err(error) => Outcome::Failed {
            message: error.to_string(),
        },
    };
    let finish = Entry::Finish {
        run,
        item: 0,
        at: now_timestamp(),
        outcome,
    };
    if let Err(error) = setup.journal.append(&finish).await {
        // The write happened; the journal shows it as of unknown outcome, which resume checks.
        tracing::error!(%error, "could not journal the answer of a single edit");
    }
    sent
}

/// One run (or one continuation of a run) in the background.
struct Job<P> {
    setup: Arc<WorkerSetup<P>>,
    updates: UnboundedSender<BulkUpdate>,
    run: String,
    stop: Arc<AtomicBool>,
}

impl<P: Provider> Job<P> {
    async fn go(self, plan: Option<SharedPlan>, record: Option<RunRecord>, retry_failed: bool) {
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
