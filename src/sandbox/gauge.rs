//! How many requests the stand-in is serving at once, and the most it served at once: what a
//! test reads to see that a client keeps to its limit of requests in flight.

use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Default)]
pub(crate) struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
}

/// One request being served; dropping it ends it.
pub(crate) struct Serving<'a>(&'a InFlight);

impl InFlight {
    pub fn enter(&self) -> Serving<'_> {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        Serving(self)
    }

    /// The most requests served at once since the last call (which starts a new count).
    pub fn take_peak(&self) -> usize {
        self.peak
            .swap(self.now.load(Ordering::SeqCst), Ordering::SeqCst)
    }
}

impl Drop for Serving<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}
