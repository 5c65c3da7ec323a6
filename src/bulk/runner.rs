//! Runs a bulk plan: at most `concurrency` requests in flight, every item journaled before it
//! starts and after it ends, progress reported as [`BulkEvent`]s, and a stop flag that ends
//! the launching of new items while the ones in flight finish.
//!
//! An item whose answer is lost (a timeout, a cut connection, a gateway's 5xx) is checked
//! against the API at once ([`verify::send_settled`]) instead of being reported failed: a
//! "retry failed" would otherwise make a create twice. A refusal (a conflict on a stale
//! version, a 400) fails that item alone and the run goes on; it is sent again only when the
//! user retries, checked first and made from the server's newest version.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use futures_util::stream;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;

use crate::api::{ApiError, Provider};
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
    /// The run ended; `stopped` when it was stopped before every item was launched: by the
    /// user, or because the server stopped answering (`gave_up` says so, in words).
    Ended {
        stopped: bool,
        gave_up: Option<String>,
    },
}

/// After this many items in a row got no answer (a timeout, a cut connection, a 5xx), the run
/// launches no more: the server is not answering, and each item sent on would cost it a write
/// and the reads that check it. `R` (or resume) sends the rest later.
pub const GIVE_UP_AFTER: usize = 20;

/// Whether `error` says the server gave no answer (rather than refusing the item).
fn unanswered(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Timeout(_) | ApiError::Network(_) | ApiError::Server { status: 500.., .. }
    )
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
    // Items that got no answer, in a row as they finish; why the run gave up, once it has.
    let unanswered_in_a_row = AtomicUsize::new(0);
    let gave_up: Mutex<Option<String>> = Mutex::new(None);
    let (unanswered_in_a_row, gave_up_ref, stop_ref) = (&unanswered_in_a_row, &gave_up, &stop);
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
        .map(|(index, went)| async move {
            let Went {
                settled,
                unanswered,
            } = went;
            match unanswered {
                None => unanswered_in_a_row.store(0, Ordering::SeqCst),
                Some(why) => {
                    let in_a_row = unanswered_in_a_row.fetch_add(1, Ordering::SeqCst) + 1;
                    if in_a_row >= GIVE_UP_AFTER && !stop_ref.swap(true, Ordering::SeqCst) {
                        let reason = format!(
                            "the server stopped answering ({in_a_row} items in a row, the last: \
                             {why}); nothing more was sent"
                        );
                        tracing::warn!(%reason, "bulk run gave up");
                        *gave_up_ref.lock().expect("not poisoned") = Some(reason);
                    }
                }
            }
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
    let gave_up = gave_up.into_inner().expect("not poisoned");
    let _ = events.send(BulkEvent::Ended {
        stopped: count < launched,
        gave_up,
    });
}

/// How an item went: settled, and why it got no answer when it got none.
struct Went {
    settled: Settled,
    unanswered: Option<String>,
}

impl From<Settled> for Went {
    fn from(settled: Settled) -> Went {
        Went {
            settled,
            unanswered: None,
        }
    }
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
    ) -> Went {
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
                    })
                    .into();
                }
                Ok(Check::Unknowable) => {
                    let reason =
                        "the API cannot tell whether it was done; check by hand".to_string();
                    let _ = events.send(BulkEvent::NeedsAttention {
                        item: index,
                        reason,
                    });
                    return Settled::Left.into();
                }
                Ok(Check::NotApplied | Check::SafeToResend) => {}
                Err(error) => {
                    let message = format!("could not check whether it was done: {error}");
                    return Went {
                        unanswered: unanswered(&error).then(|| error.to_string()),
                        settled: Settled::Answered(Outcome::Failed { message }),
                    };
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
            return Settled::Unsent(Outcome::Failed { message }).into();
        }
        let _permit = requests.acquire().await;
        let _ = events.send(BulkEvent::Started { item: index });
        let newest = (how == Send::Retry)
            .then(|| without_version(&item.mutation))
            .flatten();
        let mutation = newest.as_ref().unwrap_or(&item.mutation);
        // A conflict or any other refusal is the item's answer, reported on it and never sent
        // again by the run itself; only a lost answer is looked into.
        match verify::send_settled(provider, mutation).await {
            Landed::Answer(Ok(created)) => Settled::Answered(Outcome::Ok {
                created,
                verified: false,
            })
            .into(),
            Landed::FoundDone(created) => Settled::Answered(Outcome::Ok {
                created,
                verified: true,
            })
            .into(),
            Landed::Answer(Err(error)) | Landed::NotSeen(error) => Went {
                unanswered: unanswered(&error).then(|| error.to_string()),
                settled: Settled::Answered(Outcome::Failed {
                    message: error.to_string(),
                }),
            },
            Landed::Unknown(reason) => {
                // No answer line: the journal keeps it of unknown outcome, checked again on
                // resume.
                let _ = events.send(BulkEvent::NeedsAttention {
                    item: index,
                    reason: reason.clone(),
                });
                Went {
                    settled: Settled::Left,
                    unanswered: Some(reason),
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What counts towards giving up: no answer at all. A refusal, a conflict or the API
    /// asking us to slow down (429, which the gate waits out) is an answer.
    #[test]
    fn only_a_missing_answer_counts_towards_giving_up() {
        for lost in [
            ApiError::Timeout(30),
            ApiError::Network("connection reset".into()),
            ApiError::Server {
                status: 502,
                message: "bad gateway".into(),
            },
        ] {
            assert!(unanswered(&lost), "{lost}");
        }
        for answered in [
            ApiError::Throttled {
                status: 429,
                retry_in: Some(2),
            },
            ApiError::Conflict {
                message: "version 4 is current".into(),
            },
            ApiError::NotFound,
            ApiError::Forbidden,
            ApiError::Business(Vec::new()),
        ] {
            assert!(!unanswered(&answered), "{answered}");
        }
    }
}
