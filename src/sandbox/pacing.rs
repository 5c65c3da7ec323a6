//! A real API's pace: every request waits a round trip (`--latency-ms` ± `--jitter-ms`), and a
//! request rate limit (`--rate-limit`) answers 429 with `Retry-After` beyond R requests in one
//! second, so benchmarks and tests see the console against a server that is neither instant
//! nor unlimited.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::rng::Rng;

/// How the stand-in paces requests (nothing by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaceConfig {
    /// Every request waits this long before it is answered.
    pub latency: Duration,
    /// The wait varies by up to this much either way.
    pub jitter: Duration,
    /// More than this many requests within one second answer 429.
    pub rate_limit: Option<u32>,
}

/// The rate-limit window a request was counted in ([`Pace::window`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RateWindow {
    /// `--rate-limit`, when there is one.
    pub limit: Option<u32>,
    /// Requests admitted in this window so far.
    pub used: u32,
    pub ends_in: Duration,
}

/// The pacing of one stand-in: its settings, the jitter's random numbers and the current
/// one-second window of the rate limit.
pub(crate) struct Pace {
    config: PaceConfig,
    rng: Mutex<Rng>,
    /// When the current window began and how many requests it admitted.
    window: Mutex<(Instant, u32)>,
}

impl Pace {
    pub fn new(config: PaceConfig) -> Pace {
        Pace {
            config,
            rng: Mutex::new(Rng::new(0x7ace)),
            window: Mutex::new((Instant::now(), 0)),
        }
    }

    /// Counts a request against the rate limit: `None` when it is admitted, else the seconds
    /// until the window ends (for `Retry-After`). Refused requests do not count, so a client
    /// that waits as told is served.
    /// Requests are counted without a limit too, so a dialect that tells clients how much of
    /// the window is left (Metal's `X-RateLimit-*`) has a count to report.
    pub fn admit(&self) -> Option<u64> {
        let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let elapsed = now.duration_since(window.0);
        if elapsed >= Duration::from_secs(1) {
            *window = (now, 0);
        } else if let Some(limit) = self.config.rate_limit
            && window.1 >= limit
        {
            let left = Duration::from_secs(1) - elapsed;
            return Some(left.as_secs_f64().ceil().max(1.0) as u64);
        }
        window.1 += 1;
        None
    }

    /// The current one-second window: the configured limit, how many requests it admitted and
    /// how long until it ends.
    pub fn window(&self) -> RateWindow {
        let window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        let elapsed = window.0.elapsed();
        let (used, ends_in) = if elapsed >= Duration::from_secs(1) {
            (0, Duration::from_secs(1))
        } else {
            (window.1, Duration::from_secs(1) - elapsed)
        };
        RateWindow {
            limit: self.config.rate_limit,
            used,
            ends_in,
        }
    }

    /// How long this request waits before it is answered.
    pub fn delay(&self) -> Duration {
        let PaceConfig {
            latency, jitter, ..
        } = self.config;
        if jitter.is_zero() {
            return latency;
        }
        let span = jitter.as_micros() as i64;
        let shift = self
            .rng
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .range(-span, span);
        let micros = (latency.as_micros() as i64 + shift).max(0);
        Duration::from_micros(micros as u64)
    }
}
