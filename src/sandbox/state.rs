//! What every request handler shares: the database, the issued tokens, the request log and the
//! fault plan.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::Connection;

use super::DemoCredentials;
use super::faults::FaultPlan;
use super::pacing::{Pace, PaceConfig};
use super::reply::{ApiFailure, ApiResult};
use super::tokens::TokenStore;

/// The state behind `Arc` in the router and in the handle.
pub(crate) struct Shared {
    db: Mutex<Option<Connection>>,
    pub resellers: Vec<DemoCredentials>,
    /// `http://ADDR`, used for `Location` when a request carries no `Host`.
    pub base_url: String,
    pub tokens: TokenStore,
    pub faults: FaultPlan,
    /// Latency and rate limit (`SandboxConfig::pace`), set once at start.
    pub pace: Pace,
    count: AtomicU64,
    log: Mutex<Vec<String>>,
}

/// A poisoned lock only means another handler panicked; the data itself is still consistent
/// because every write happens in a transaction or a single statement.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub fn new(
        conn: Connection,
        resellers: Vec<DemoCredentials>,
        base_url: String,
        token_lifetime: Duration,
    ) -> Self {
        Shared {
            db: Mutex::new(Some(conn)),
            resellers,
            base_url,
            tokens: TokenStore::new(token_lifetime),
            faults: FaultPlan::default(),
            pace: Pace::new(PaceConfig::default()),
            count: AtomicU64::new(0),
            log: Mutex::new(Vec::new()),
        }
    }

    pub fn record(&self, line: String) {
        self.count.fetch_add(1, Ordering::SeqCst);
        lock(&self.log).push(line);
    }

    pub fn request_count(&self) -> u64 {
        self.count.load(Ordering::SeqCst)
    }

    pub fn request_log(&self) -> Vec<String> {
        lock(&self.log).clone()
    }

    pub fn close_db(&self) {
        lock(&self.db).take();
    }

    /// Runs `f` on the connection. Called from a blocking thread (see `Ctx::db`).
    pub fn with_db<T>(&self, f: impl FnOnce(&mut Connection) -> ApiResult<T>) -> ApiResult<T> {
        match lock(&self.db).as_mut() {
            Some(conn) => f(conn),
            None => Err(ApiFailure::Internal(
                "the sandbox database is closed".into(),
            )),
        }
    }
}
