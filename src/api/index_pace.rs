//! The spacing of the indexer's reads that reach the server: `index_rate` a second, the
//! spacing doubling after each failure in a row (up to a minute) and back after an answer.
//! What the disk answers is not spaced.

use std::time::Duration;

use tokio::time::Instant;

/// The longest spacing failures in a row can stretch the rate to.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// The spacing of reads sent to the server.
pub(super) struct Pace {
    gap: Duration,
    backoff: Duration,
    next: Option<Instant>,
    /// Reads sent so far.
    pub sent: u64,
}

impl Pace {
    pub fn new(rate: u32) -> Pace {
        let gap = Duration::from_secs(1) / rate.max(1);
        Pace {
            gap,
            backoff: gap,
            next: None,
            sent: 0,
        }
    }

    pub async fn wait(&self) {
        if let Some(next) = self.next {
            tokio::time::sleep_until(next).await;
        }
    }

    /// After an answer: one from the server spaces the next read; a failure doubles the
    /// spacing (up to [`MAX_BACKOFF`]) until a read succeeds.
    pub fn answered(&mut self, sent: bool, ok: bool) {
        self.backoff = if ok {
            self.gap
        } else {
            (self.backoff * 2).min(MAX_BACKOFF)
        };
        if sent {
            self.sent += 1;
            self.next = Some(Instant::now() + self.backoff);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_in_a_row_double_the_spacing_up_to_a_minute_and_an_answer_resets_it() {
        let mut pace = Pace::new(4);
        let gap = Duration::from_millis(250);
        assert_eq!(pace.backoff, gap);
        let mut spacings = Vec::new();
        for _ in 0..10 {
            pace.answered(true, false);
            spacings.push(pace.backoff.as_millis());
        }
        let doubled = [
            500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000,
        ];
        assert_eq!(spacings, doubled);
        let next = pace.next.expect("the next read waits");
        assert!(next > Instant::now() + Duration::from_secs(59));
        pace.answered(true, true);
        assert_eq!(pace.backoff, gap, "an answer brings the rate back");
        assert_eq!(pace.sent, 11);
        // What the disk answered was not sent: it neither counts nor spaces the next read.
        let due = pace.next;
        pace.answered(false, true);
        assert_eq!((pace.sent, pace.next), (11, due));
    }
}
