//! Runs a bulk plan: at most `concurrency` requests in flight, every item journaled before it
//! starts and after it ends, progress reported as [`BulkEvent`]s, and a stop flag that ends
//! the launching of new items while the ones in flight finish.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::StreamExt;
use futures_util::stream;
use tokio::sync::mpsc::UnboundedSender;

use crate::api::Provider;
use crate::domain::dates::now_timestamp;

use super::journal::{Entry, ItemState, JournalWriter, Outcome, RunRecord};
use super::plan::{BulkItem, BulkPlan};
use super::verify::{self, Check};

/// The default number of requests in flight.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// Progress of a run, for the screen that shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkEvent {
    Started {
        item: usize,
    },
    Finished {
        item: usize,
        outcome: Outcome,
    },
    /// An item of unknown outcome the API cannot settle: it is left alone for the user.
    NeedsAttention {
        item: usize,
        reason: String,
    },
    /// The run ended; `stopped` when the user stopped it before every item was launched.
    Ended {
        stopped: bool,
    },
}

/// How an item is to be handled in this run.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Send {
    Plain,
    /// Its outcome is unknown: check the API first.
    AfterCheck,
}

/// Writes the run header and returns its record, with every item pending.
pub async fn begin(
    journal: &JournalWriter,
    run: &str,
    profile: &str,
    plan: &BulkPlan,
) -> std::io::Result<RunRecord> {
    begin_with(journal, run, profile, plan.clone()).await
}

/// [`begin`] with the plan given away: its items move into the record, not copied (a plan
/// may hold 100,000 items).
pub async fn begin_with(
    journal: &JournalWriter,
    run: &str,
    profile: &str,
    plan: BulkPlan,
) -> std::io::Result<RunRecord> {
    let header = Entry::Run {
        run: run.to_string(),
        at: now_timestamp(),
        profile: profile.to_string(),
        action: plan.action,
        items: plan.items,
    };
    journal.append(&header).await?;
    let Entry::Run {
        run,
        at,
        profile,
        action,
        items,
    } = header
    else {
        unreachable!("the header is a run entry");
    };
    Ok(RunRecord {
        states: vec![ItemState::Pending; items.len()],
        run,
        at,
        profile,
        action,
        items,
    })
}

/// Which items a run should send now: the pending and unknown ones, plus the failed ones when
/// retrying.
fn to_send(record: &RunRecord, retry_failed: bool) -> Vec<(usize, Send)> {
    record
        .states
        .iter()
        .enumerate()
        .filter_map(|(index, state)| match state {
            ItemState::Pending => Some((index, Send::Plain)),
            ItemState::Unknown => Some((index, Send::AfterCheck)),
            ItemState::Finished(Outcome::Failed { .. }) if retry_failed => {
                Some((index, Send::Plain))
            }
            ItemState::Finished(_) => None,
        })
        .collect()
}

/// Sends the items of `record` that still need it. Returns when every launched item has
/// finished. Journal write failures stop the run (without a journal nothing is safe).
pub async fn run<P: Provider>(
    provider: Arc<P>,
    journal: JournalWriter,
    record: &RunRecord,
    retry_failed: bool,
    concurrency: usize,
    events: UnboundedSender<BulkEvent>,
    stop: Arc<AtomicBool>,
) {
    let work = to_send(record, retry_failed);
    let launched = work.len();
    let stop_launching = stop.clone();
    let count = stream::iter(work)
        .take_while(move |_| std::future::ready(!stop_launching.load(Ordering::SeqCst)))
        .map(|(index, how)| {
            let (provider, journal, events) = (&*provider, &journal, &events);
            let (run, item) = (record.run.as_str(), &record.items[index]);
            async move { one(provider, journal, run, index, item, how, events).await }
        })
        .buffer_unordered(concurrency.max(1))
        .count()
        .await;
    let _ = events.send(BulkEvent::Ended {
        stopped: count < launched,
    });
}

async fn one<P: Provider>(
    provider: &P,
    journal: &JournalWriter,
    run: &str,
    index: usize,
    item: &BulkItem,
    how: Send,
    events: &UnboundedSender<BulkEvent>,
) {
    if how == Send::AfterCheck {
        match verify::check(provider, &item.mutation).await {
            Ok(Check::Applied { created }) => {
                let outcome = Outcome::Ok {
                    created,
                    verified: true,
                };
                finish(journal, run, index, outcome, events).await;
                return;
            }
            Ok(Check::Unknowable) => {
                let reason = "the API cannot tell whether it was done; check by hand".to_string();
                let _ = events.send(BulkEvent::NeedsAttention {
                    item: index,
                    reason,
                });
                return;
            }
            Ok(Check::NotApplied | Check::SafeToResend) => {}
            Err(error) => {
                let message = format!("could not check whether it was done: {error}");
                finish(journal, run, index, Outcome::Failed { message }, events).await;
                return;
            }
        }
    }
    let started = journal
        .append(&Entry::Start {
            run: run.to_string(),
            item: index,
            at: now_timestamp(),
        })
        .await;
    if let Err(error) = started {
        let message = format!("not sent: the journal cannot be written ({error})");
        let _ = events.send(BulkEvent::Finished {
            item: index,
            outcome: Outcome::Failed { message },
        });
        return;
    }
    let _ = events.send(BulkEvent::Started { item: index });
    let outcome = match provider.mutate(&item.mutation).await {
        Ok(created) => Outcome::Ok {
            created,
            verified: false,
        },
        Err(error) => Outcome::Failed {
            message: error.to_string(),
        },
    };
    finish(journal, run, index, outcome, events).await;
}

async fn finish(
    journal: &JournalWriter,
    run: &str,
    index: usize,
    outcome: Outcome,
    events: &UnboundedSender<BulkEvent>,
) {
    let written = journal
        .append(&Entry::Finish {
            run: run.to_string(),
            item: index,
            at: now_timestamp(),
            outcome: outcome.clone(),
        })
        .await;
    if let Err(error) = written {
        tracing::error!(%error, "bulk journal write failed");
    }
    let _ = events.send(BulkEvent::Finished {
        item: index,
        outcome,
    });
}
