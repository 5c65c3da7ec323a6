//! The `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` headers (Equinix
//! Metal sends them on every answer; any API that does is treated alike). The request
//! discipline (`discipline.rs`) reads them with every answer.
//!
//! What is done with them:
//! - an answer that leaves **no budget** (`Remaining: 0`) closes the profile's gate until the
//!   reset, so the next request waits for the new window instead of meeting a 429 (requests
//!   already in flight may still meet one; reads are sent again after it);
//! - a **429 without `Retry-After`** takes its wait from the reset, so the gate closes and the
//!   error says when to try again.
//!
//! `X-RateLimit-Reset` is read as unix seconds, or as seconds from now when it is too small to
//! be a date (both forms are in use by APIs that send the header).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// A reset below this is seconds from now, not unix seconds (1 January 2001).
const EPOCH_FLOOR: u64 = 978_307_200;

/// What the rate-limit headers of one answer said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateBudget {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// How long until the window resets, from when the answer arrived.
    pub reset_in: Option<Duration>,
}

impl RateBudget {
    /// Reads the headers of an answer that arrived at `now`.
    pub fn read(headers: &HeaderMap, now: SystemTime) -> RateBudget {
        let number =
            |name: &str| -> Option<u64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        let reset_in = number("x-ratelimit-reset").map(|reset| {
            if reset < EPOCH_FLOOR {
                return Duration::from_secs(reset);
            }
            let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or_default();
            Duration::from_secs(reset).saturating_sub(since_epoch)
        });
        RateBudget {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset_in,
        }
    }

    /// The window is used up: wait this long before the next request.
    pub fn exhausted_for(&self) -> Option<Duration> {
        match (self.remaining, self.reset_in) {
            (Some(0), Some(wait)) if !wait.is_zero() => Some(wait),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn the_reset_reads_as_unix_seconds_or_seconds_from_now() {
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let budget = RateBudget::read(
            &headers(&[
                ("x-ratelimit-limit", "10"),
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "1800000003"),
            ]),
            now,
        );
        assert_eq!(budget.limit, Some(10));
        assert_eq!(budget.reset_in, Some(Duration::from_secs(3)));
        assert_eq!(budget.exhausted_for(), Some(Duration::from_secs(3)));
        let relative = RateBudget::read(
            &headers(&[("x-ratelimit-remaining", "4"), ("x-ratelimit-reset", "30")]),
            now,
        );
        assert_eq!(relative.reset_in, Some(Duration::from_secs(30)));
        assert_eq!(relative.exhausted_for(), None, "budget left");
        let past = RateBudget::read(
            &headers(&[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "1700000000"),
            ]),
            now,
        );
        assert_eq!(past.exhausted_for(), None, "a window already over");
        assert_eq!(
            RateBudget::read(&HeaderMap::new(), now),
            RateBudget::default()
        );
    }
}
