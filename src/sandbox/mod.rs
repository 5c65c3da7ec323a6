//! The stand-in API servers: axum over a SQLite file, speaking one provider's dialect
//! ([`Dialect`]: the Cloudmore REST API, VMware Pulse IoT Center in `pulse/`, or Equinix Metal in
//! `metal/`).
//! `docs/ASSUMPTIONS.md` lists every guess about undocumented behaviour.
//!
//! It is the embedded backend of `tenantdeck demo`, the target of `tenantdeck sandbox`, and the
//! test double of every integration test. [`start`] returns at once with a [`SandboxHandle`] that
//! exposes the demo credentials, a request log and fault injection. What every dialect shares
//! (the front door with its pacing, faults and request log; tokens; the handle) lives here; a
//! dialect brings its routes, store, seed and error shape.

mod cloudmore;
mod faults;
mod front_door;
mod gauge;
mod metal;
mod pacing;
mod printout;
mod pulse;
mod rng;
mod sqlite;
mod state;
mod tokens;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{AfterServed, FaultPlan, FaultRule};
pub use metal::{
    BASE_PATH as METAL_BASE_PATH, DEFAULT_PER_PAGE as METAL_DEFAULT_PER_PAGE,
    MAX_PER_PAGE as METAL_MAX_PER_PAGE,
};
pub use pacing::PaceConfig;
pub use pulse::{
    DEFAULT_PAGE_SIZE as PULSE_DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE as PULSE_MAX_PAGE_SIZE,
};
pub use state::REQUEST_LOG_CAPACITY;
use state::Shared;

/// Which provider's API a stand-in speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dialect {
    /// The Cloudmore REST API (`/connect/token`, `/api/resellers/{id}/...`).
    #[default]
    Cloudmore,
    /// VMware Pulse IoT Center's organization API (`/api/tokens`, `/api/organizations`).
    Pulse,
    /// Equinix Metal API v1 (`/metal/v1/organizations`, `X-Auth-Token`).
    Metal,
}

/// Which data a new database is filled with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    /// Cloudmore: two resellers with organizations, an E-store, users, subscriptions and
    /// administrators. Pulse: an IoT customer hierarchy of root tenants and their organizations.
    /// Metal: a hosting company's staff with personal and team organizations, projects,
    /// members in every role and pending invitations.
    Demo,
    /// Cloudmore: one reseller with credentials and the E-store catalog, nothing else. Pulse: the
    /// operator account and no organization. Metal: one user with a token and their personal
    /// organization.
    Empty,
}

/// How to run a sandbox.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Address to bind; port 0 picks a free port.
    pub listen: SocketAddr,
    /// SQLite file; created, migrated and seeded when new.
    pub db_path: PathBuf,
    pub dialect: Dialect,
    pub seed: Seed,
    /// Synthetic organizations added when the database is seeded (Cloudmore: to the main
    /// reseller; Pulse: spread over the hierarchy; Metal: team organizations of the main user).
    pub extra_orgs: usize,
    /// How long an access token lives.
    pub token_lifetime_secs: u64,
    /// How long a refresh token lives (dialects that issue them: Pulse).
    pub refresh_lifetime_secs: u64,
    /// Latency and rate limit, as a real API has them (none by default).
    pub pace: PaceConfig,
}

impl SandboxConfig {
    pub fn new(listen: SocketAddr, db_path: PathBuf) -> Self {
        SandboxConfig {
            listen,
            db_path,
            dialect: Dialect::Cloudmore,
            seed: Seed::Demo,
            extra_orgs: 0,
            token_lifetime_secs: 86_400,
            refresh_lifetime_secs: 7 * 86_400,
            pace: PaceConfig::default(),
        }
    }
}

/// Sign-in data of one reseller's API account (demo values, safe to print).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoCredentials {
    pub reseller_id: String,
    pub reseller_name: String,
    pub username: String,
    pub password: String,
    pub client_id: String,
    pub client_secret: String,
}

/// One Pulse IoT Center user account of a stand-in (demo values, safe to print).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PulseAccount {
    pub username: String,
    pub password: String,
    /// The root tenant the account is limited to; `None` for the operator, who sees them all.
    pub tenant_id: Option<String>,
    pub tenant_name: Option<String>,
}

/// One Equinix Metal user of a stand-in and their API token (demo values, safe to print).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetalAccount {
    pub user_id: String,
    pub email: String,
    pub full_name: String,
    /// Sent as `X-Auth-Token`; it does not expire.
    pub token: String,
}

/// The demo accounts of a stand-in, in its dialect's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DemoAccounts {
    /// Every reseller's API account; `[0]` is the main one.
    Cloudmore(Vec<DemoCredentials>),
    /// `[0]` is the operator (every tenant); then one administrator per root tenant.
    Pulse(Vec<PulseAccount>),
    /// `[0]` is the main user (the most organizations); then colleagues in other roles, and a
    /// user who is only invited.
    Metal(Vec<MetalAccount>),
}

impl DemoAccounts {
    pub fn dialect(&self) -> Dialect {
        match self {
            DemoAccounts::Cloudmore(_) => Dialect::Cloudmore,
            DemoAccounts::Pulse(_) => Dialect::Pulse,
            DemoAccounts::Metal(_) => Dialect::Metal,
        }
    }
}

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("sandbox database {path}: {source}")]
    Database {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("sandbox database {path} holds no reseller; delete the file to reseed it")]
    NoReseller { path: PathBuf },
    #[error("sandbox database {path} was made for another dialect; use another file")]
    OtherDialect { path: PathBuf },
    #[error("opening the sandbox database {path} failed: {message}")]
    Open { path: PathBuf, message: String },
}

/// A running sandbox. Dropping it stops the server too; [`SandboxHandle::shutdown`] also waits.
pub struct SandboxHandle {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl SandboxHandle {
    /// `http://127.0.0.1:PORT` (the bound address).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The dialect it speaks.
    pub fn dialect(&self) -> Dialect {
        self.shared.dialect()
    }

    /// Its demo accounts, whatever the dialect.
    pub fn accounts(&self) -> &DemoAccounts {
        &self.shared.accounts
    }

    /// Every Cloudmore reseller's API account; `[0]` is the main one (empty in other dialects).
    pub fn resellers(&self) -> &[DemoCredentials] {
        self.shared.resellers()
    }

    /// The main Cloudmore reseller's API account.
    ///
    /// # Panics
    /// When the stand-in speaks another dialect (see [`SandboxHandle::pulse_credentials`]).
    pub fn credentials(&self) -> &DemoCredentials {
        self.resellers()
            .first()
            .expect("credentials() is the Cloudmore account; this stand-in speaks another dialect")
    }

    /// Every Pulse account; `[0]` is the operator (empty in other dialects).
    pub fn pulse_accounts(&self) -> &[PulseAccount] {
        match &self.shared.accounts {
            DemoAccounts::Pulse(accounts) => accounts,
            _ => &[],
        }
    }

    /// The Pulse operator's account (username and password), when the stand-in speaks Pulse.
    pub fn pulse_credentials(&self) -> Option<&PulseAccount> {
        self.pulse_accounts().first()
    }

    /// Every Metal user with a token; `[0]` is the main one (empty in other dialects).
    pub fn metal_accounts(&self) -> &[MetalAccount] {
        match &self.shared.accounts {
            DemoAccounts::Metal(accounts) => accounts,
            _ => &[],
        }
    }

    /// How many HTTP requests were served (token and API alike, faults included).
    pub fn request_count(&self) -> u64 {
        self.shared.request_count()
    }

    /// Pulse: how many requests (other than `GET /api/versions`) named no `api-version` in
    /// their `Accept` header. The stand-in serves them anyway.
    pub fn unversioned_requests(&self) -> u64 {
        self.shared
            .unversioned
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Cloudmore: how many `PATCH .../services/{id}` bodies were the bare property list rather
    /// than the documented `OrganizationServiceUpdateViewModel` object. Both are served.
    pub fn bare_property_patches(&self) -> u64 {
        self.shared
            .bare_property_patches
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The most requests served at once since the last call (the first call: since the start).
    pub fn take_peak_in_flight(&self) -> usize {
        self.shared.in_flight.take_peak()
    }

    /// `"METHOD /path?query"` for the last [`REQUEST_LOG_CAPACITY`] requests, in arrival
    /// order, path as sent.
    pub fn request_log(&self) -> Vec<String> {
        self.shared.request_log()
    }

    /// Makes every token issued so far expired (refresh tokens too), so the next API call gets
    /// 401 and only a new sign-in helps.
    pub fn expire_tokens(&self) {
        self.shared.tokens.expire_all();
        self.shared.refresh_tokens.expire_all();
    }

    /// The fault plan: rules that make matching requests fail before they reach a route.
    pub fn faults(&self) -> &FaultPlan {
        &self.shared.faults
    }

    /// The next `count` requests whose path (case-insensitive, query included) contains
    /// `path_substring` get `status` instead of their normal answer.
    pub fn fail_next(&self, path_substring: &str, status: u16, count: u32) {
        self.shared.faults.fail_next(path_substring, status, count);
    }

    /// Stops serving, waits for the server task and closes the database.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // Keep-alive connections normally close at once; a stuck client must not hang us.
            let abort = task.abort_handle();
            if tokio::time::timeout(Duration::from_secs(5), task)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        self.shared.close_db();
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Binds, opens (creating, migrating and seeding a new database), spawns the server and returns.
pub async fn start(config: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| SandboxError::Bind {
            addr: config.listen,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
        addr: config.listen,
        source,
    })?;
    let db_config = config.clone();
    let (conn, accounts) = tokio::task::spawn_blocking(move || match db_config.dialect {
        Dialect::Cloudmore => cloudmore::open(&db_config),
        Dialect::Pulse => pulse::open(&db_config),
        Dialect::Metal => metal::open(&db_config),
    })
    .await
    .map_err(|join| SandboxError::Open {
        path: config.db_path.clone(),
        message: join.to_string(),
    })??;
    let mut shared = Shared::new(
        conn,
        accounts,
        format!("http://{addr}"),
        Duration::from_secs(config.token_lifetime_secs),
    );
    shared.refresh_tokens =
        tokens::TokenStore::new(Duration::from_secs(config.refresh_lifetime_secs));
    shared.pace = pacing::Pace::new(config.pace);
    let shared = Arc::new(shared);
    let app = match config.dialect {
        Dialect::Cloudmore => cloudmore::app(shared.clone()),
        Dialect::Pulse => pulse::app(shared.clone()),
        Dialect::Metal => metal::app(shared.clone()),
    };
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(error) = serve.await {
            tracing::error!(%error, "sandbox server stopped");
        }
    });
    Ok(SandboxHandle {
        addr,
        shared,
        stop: Some(stop),
        task: Some(task),
    })
}
