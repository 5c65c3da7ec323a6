//! Sending a run from the command line: the console's runner (bounded concurrency, every item
//! journaled before it leaves and after its answer, a lost answer checked at once) behind the
//! sign-in guard, with a progress bar on standard error when it is a terminal. `Ctrl-C` stops
//! the launching (the items in flight finish and are journaled; a second one ends the process
//! at once, which the journal survives as it survives a crash).

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::mpsc;

use crate::api::{ApiError, Provider};
use crate::bulk::journal::{ItemState, JournalWriter, RunRecord};
use crate::bulk::runner::{self, BulkEvent};

use super::guard::Guarded;

/// How a run went, item by item.
pub struct Sent {
    /// Where each item stands now (as the journal says, with this session's answers).
    pub states: Vec<ItemState>,
    /// Why an item of unknown outcome was left alone.
    pub attention: Vec<Option<String>>,
    /// The refused sign-in that stopped the run.
    pub refused: Option<ApiError>,
    /// Why the run stopped launching before the end: the server stopped answering, or the
    /// user pressed Ctrl-C.
    pub stopped: Option<String>,
}

/// What one run needs besides its record.
pub struct Sending {
    pub journal: JournalWriter,
    pub retry_failed: bool,
    pub concurrency: usize,
    /// How many items are to be sent (the progress bar's length).
    pub to_send: usize,
}

/// Sends what `record` has left and waits until every launched item is answered and journaled.
pub async fn send<P: Provider>(provider: Arc<P>, record: &RunRecord, how: Sending) -> Sent {
    let stop = Arc::new(AtomicBool::new(false));
    let guarded = Arc::new(Guarded::new(provider, stop.clone()));
    let interrupted = Arc::new(AtomicBool::new(false));
    let ctrl_c = tokio::spawn(stop_on_ctrl_c(stop.clone(), interrupted.clone()));
    let bar = progress_bar(how.to_send, &record.action);
    let (events_tx, mut events) = mpsc::unbounded_channel();
    let mut states = record.states.clone();
    let mut attention = vec![None; record.items.len()];
    let mut gave_up = None;
    let collect = async {
        while let Some(event) = events.recv().await {
            match event {
                BulkEvent::Started { item } => states[item] = ItemState::Unknown,
                BulkEvent::Finished { item, outcome } => {
                    states[item] = ItemState::Finished(outcome);
                    bar.inc(1);
                }
                BulkEvent::NeedsAttention { item, reason } => {
                    states[item] = ItemState::Unknown;
                    attention[item] = Some(reason);
                    bar.inc(1);
                }
                BulkEvent::Ended { gave_up: why, .. } => gave_up = why,
            }
        }
    };
    let running = runner::run(
        guarded.clone(),
        how.journal,
        record,
        how.retry_failed,
        how.concurrency,
        events_tx,
        stop,
    );
    // The runner drops the event sender when it returns, which ends the collecting.
    tokio::join!(running, collect);
    ctrl_c.abort();
    bar.finish_and_clear();
    let stopped = match gave_up {
        Some(why) => Some(why),
        None if interrupted.load(Ordering::SeqCst) => {
            Some("stopped by Ctrl-C; the items in flight were answered first".into())
        }
        None => None,
    };
    Sent {
        states,
        attention,
        refused: guarded.refused(),
        stopped,
    }
}

/// The first Ctrl-C stops the launching; the second ends the process (exit code 130, as a
/// shell reports a SIGINT).
async fn stop_on_ctrl_c(stop: Arc<AtomicBool>, interrupted: Arc<AtomicBool>) {
    if tokio::signal::ctrl_c().await.is_err() {
        return;
    }
    interrupted.store(true, Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    eprintln!("tenantdeck: stopping: the items in flight finish (Ctrl-C again ends at once)");
    if tokio::signal::ctrl_c().await.is_ok() {
        std::process::exit(130);
    }
}

fn progress_bar(length: usize, action: &str) -> ProgressBar {
    let bar = ProgressBar::new(length as u64).with_style(
        ProgressStyle::with_template("{spinner} {msg} {bar:30} {pos}/{len} items ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if !std::io::stderr().is_terminal() {
        // A log file gets the summary, not a bar's redraws.
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_message(crate::ui::text::sanitize(action));
    bar
}
