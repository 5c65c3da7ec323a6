//! What every request handler shares, whatever the dialect: the database, the demo accounts,
//! the issued tokens, the request log and the fault plan.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::Connection;

use super::faults::FaultPlan;
use super::gauge::InFlight;
use super::pacing::{Pace, PaceConfig};
use super::tokens::TokenStore;
use super::{DemoAccounts, DemoCredentials, Dialect};

/// The state behind `Arc` in the router and in the handle.
pub(crate) struct Shared {
    db: Mutex<Option<Connection>>,
    pub accounts: DemoAccounts,
    /// `http://ADDR`, used for `Location` when a request carries no `Host`.
    pub base_url: String,
    pub tokens: TokenStore,
    /// Refresh tokens, for dialects that issue them (Pulse); their lifetime is set at start.
    pub refresh_tokens: TokenStore,
    pub faults: FaultPlan,
    pub in_flight: InFlight,
    /// Latency and rate limit (`SandboxConfig::pace`), set once at start.
    pub pace: Pace,
    count: AtomicU64,
    /// Pulse: requests after `/api/versions` whose `Accept` named no `api-version` (the
    /// stand-in serves them anyway; tests read this to see a client send it).
    pub unversioned: AtomicU64,
    /// Cloudmore: service-property PATCHes whose body was the bare list, not the documented
    /// object (served anyway).
    pub bare_property_patches: AtomicU64,
    /// The last [`REQUEST_LOG_CAPACITY`] request lines: a stand-in under load keeps serving in
    /// constant memory, and `count` still counts them all.
    log: Mutex<VecDeque<String>>,
}

/// How many request lines the log keeps (the newest).
pub const REQUEST_LOG_CAPACITY: usize = 10_000;

/// A poisoned lock only means another handler panicked; the data itself is still consistent
/// because every write happens in a transaction or a single statement.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub fn new(
        conn: Connection,
        accounts: DemoAccounts,
        base_url: String,
        token_lifetime: Duration,
    ) -> Self {
        Shared {
            db: Mutex::new(Some(conn)),
            accounts,
            base_url,
            tokens: TokenStore::new(token_lifetime),
            refresh_tokens: TokenStore::new(token_lifetime),
            faults: FaultPlan::default(),
            in_flight: InFlight::default(),
            pace: Pace::new(PaceConfig::default()),
            count: AtomicU64::new(0),
            unversioned: AtomicU64::new(0),
            bare_property_patches: AtomicU64::new(0),
            log: Mutex::new(VecDeque::with_capacity(REQUEST_LOG_CAPACITY)),
        }
    }

    /// The dialect this stand-in speaks.
    pub fn dialect(&self) -> Dialect {
        self.accounts.dialect()
    }

    /// The Cloudmore reseller accounts (none in another dialect).
    pub fn resellers(&self) -> &[DemoCredentials] {
        match &self.accounts {
            DemoAccounts::Cloudmore(resellers) => resellers,
            _ => &[],
        }
    }

    pub fn record(&self, line: String) {
        self.count.fetch_add(1, Ordering::SeqCst);
        let mut log = lock(&self.log);
        if log.len() == REQUEST_LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(line);
    }

    pub fn request_count(&self) -> u64 {
        self.count.load(Ordering::SeqCst)
    }

    pub fn request_log(&self) -> Vec<String> {
        lock(&self.log).iter().cloned().collect()
    }

    pub fn close_db(&self) {
        lock(&self.db).take();
    }

    /// Runs `f` on the connection (from a blocking thread); `None` once the database is
    /// closed.
    pub fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> Option<T> {
        lock(&self.db).as_mut().map(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_log_keeps_the_newest_lines_and_counts_them_all() {
        let conn = Connection::open_in_memory().unwrap();
        let shared = Shared::new(
            conn,
            DemoAccounts::Cloudmore(Vec::new()),
            String::new(),
            Duration::from_secs(60),
        );
        let total = REQUEST_LOG_CAPACITY + 2_500;
        for n in 0..total {
            shared.record(format!("GET /{n}"));
        }
        let log = shared.request_log();
        assert_eq!(log.len(), REQUEST_LOG_CAPACITY);
        assert_eq!(log[0], "GET /2500");
        assert_eq!(log.last().unwrap(), &format!("GET /{}", total - 1));
        assert_eq!(shared.request_count(), total as u64);
    }
}
