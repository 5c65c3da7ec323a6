//! Runs a bulk plan: at most `concurrency` requests in flight, every item journaled before it
//! starts and after it ends, progress reported as [`BulkEvent`]s, and a stop flag that ends
//! the launching of new items while the ones in flight finish.
//!
//! An item whose answer is lost (a timeout, a cut connection, a gateway's 5xx) is checked
//! against the API at once ([`verify::send_settled`]) instead of being reported failed: a
//! "retry failed" would otherwise make a create twice. A refusal (a conflict on a stale
//! version, a 400) fails that item alone and the run goes on; it is sent again only when the
//! user retries, checked first and made from the server's newest version.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::StreamExt;
use futures_util::stream;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;

use crate::api::Provider;
use crate::domain::dates::now_timestamp;

use super::journal::{Entry, ItemState, JournalWriter, Outcome, RunRecord};
use super::plan::{BulkItem, BulkPlan, SharedPlan, without_version};
use super::verify::{self, Check, Landed};

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
    /// It failed and the user asked to retry: check the API first (someone may have done it
    /// meanwhile), then send it made from the server's newest version, so an item refused as
    /// a conflict is not refused again for the same stale token.
    Retry,
}

/// Writes the run header and returns its record, with every item pending.
pub async fn begin(
    journal: &JournalWriter,
    run: &str,
    profile: &str,
    plan: &BulkPlan,
) -> std::io::Result<RunRecord> {
    begin_with(journal, run, profile, plan.clone().into()).await
}

/// [`begin`] with a shown plan: the record shares its items, not a copy (a plan may hold
/// 100,000 items).
pub async fn begin_with(
    journal: &JournalWriter,
    run: &str,
    profile: &str,
    plan: SharedPlan,
) -> std::io::Result<RunRecord> {
    let header = Entry::Run {
        run: run.to_string(),
        at: now_timestamp(),
        profile: profile.to_string(),
        // The journal stamps its server.
        server: None,
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
        ..
    } = header
    else {
        unreachable!("the header is a run entry");
    };
    Ok(RunRecord {
        states: vec![ItemState::Pending; items.len()],
        run,
        at,
        profile,
        server: journal.server().cloned(),
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
                Some((index, Send::Retry))
            }
            ItemState::Finished(_) => None,
        })
        .collect()
}

/// What became of an item once its request slot is free.
enum Settled {
    /// Answered (or found done): the answer is journaled, then reported.
    Answered(Outcome),
    /// Not sent because its start could not be journaled: only reported.
    Unsent(Outcome),
    /// Left for the user to check (reported already).
    Left,
}

/// Sends the items of `record` that still need it. Returns when every launched item has
/// finished. Journal write failures stop the run (without a journal nothing is safe).
///
/// At most `concurrency` requests are in flight. Disk syncs of the journal are kept off their
/// path: the start lines of the next `concurrency` items are synced while requests are out, so
/// an item goes out as soon as a request ends, and an answer's line is synced after its
/// request slot is free. An item whose start is journaled counts as in flight: a stop lets it
/// finish. (An answer lost to a crash before its line is on disk leaves the item "unknown",
/// which a resume checks against the API before sending anything.)
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
    let concurrency = concurrency.max(1);
    let requests = Semaphore::new(concurrency);
    let (journal, events, run) = (&journal, &events, record.run.as_str());
    let (provider, requests) = (&*provider, &requests);
    let count = stream::iter(work)
        .take_while(move |_| std::future::ready(!stop_launching.load(Ordering::SeqCst)))
        .map(|(index, how)| {
            let item = Item {
                index,
                item: &record.items[index],
                how,
            };
            async move {
                (
                    index,
                    item.go(provider, journal, run, events, requests).await,
                )
            }
        })
        // Requests in flight plus as many starts being journaled.
        .buffer_unordered(2 * concurrency)
        .map(|(index, settled)| async move {
            match settled {
                Settled::Answered(outcome) => finish(journal, run, index, outcome, events).await,
                Settled::Unsent(outcome) => {
                    let _ = events.send(BulkEvent::Finished {
                        item: index,
                        outcome,
                    });
                }
                Settled::Left => {}
            }
        })
        // As many as there are answers waiting for their line (one disk sync serves them all).
        .buffer_unordered(usize::MAX)
        .count()
        .await;
    let _ = events.send(BulkEvent::Ended {
        stopped: count < launched,
    });
}

/// One item of a run, as [`run`] launches it.
struct Item<'a> {
    index: usize,
    item: &'a BulkItem,
    how: Send,
}

impl Item<'_> {
    /// Checks (when its outcome is unknown), journals its start and sends it, each request
    /// with one of `requests`' permits.
    async fn go<P: Provider>(
        self,
        provider: &P,
        journal: &JournalWriter,
        run: &str,
        events: &UnboundedSender<BulkEvent>,
        requests: &Semaphore,
    ) -> Settled {
        let Item { index, item, how } = self;
        if how != Send::Plain {
            let checked = {
                let _permit = requests.acquire().await;
                verify::check(provider, &item.mutation).await
            };
            match checked {
                Ok(Check::Applied { created }) => {
                    return Settled::Answered(Outcome::Ok {
                        created,
                        verified: true,
                    });
                }
                Ok(Check::Unknowable) => {
                    let reason =
                        "the API cannot tell whether it was done; check by hand".to_string();
                    let _ = events.send(BulkEvent::NeedsAttention {
                        item: index,
                        reason,
                    });
                    return Settled::Left;
                }
                Ok(Check::NotApplied | Check::SafeToResend) => {}
                Err(error) => {
                    let message = format!("could not check whether it was done: {error}");
                    return Settled::Answered(Outcome::Failed { message });
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
            return Settled::Unsent(Outcome::Failed { message });
        }
        let _permit = requests.acquire().await;
        let _ = events.send(BulkEvent::Started { item: index });
        let newest = (how == Send::Retry)
            .then(|| without_version(&item.mutation))
            .flatten();
        let mutation = newest.as_ref().unwrap_or(&item.mutation);
        // A conflict or any other refusal is the item's answer, reported on it and never sent
        // again by the run itself; only a lost answer is looked into.
        Settled::Answered(match verify::send_settled(provider, mutation).await {
            Landed::Answer(Ok(created)) => Outcome::Ok {
                created,
                verified: false,
            },
            Landed::FoundDone(created) => Outcome::Ok {
                created,
                verified: true,
            },
            Landed::Answer(Err(error)) | Landed::NotSeen(error) => Outcome::Failed {
                message: error.to_string(),
            },
            Landed::Unknown(reason) => {
                // No answer line: the journal keeps it of unknown outcome, checked again on
                // resume.
                let _ = events.send(BulkEvent::NeedsAttention {
                    item: index,
                    reason,
                });
                return Settled::Left;
            }
        })
    }
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
