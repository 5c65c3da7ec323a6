//! The client settings that sign in to a stand-in as its main demo account (the Cloudmore
//! reseller, the Pulse operator, the Metal user): what `tenantdeck demo`, the tests and the
//! benchmarks all connect with; and the demo's stand-ins and profiles.

use std::time::Duration;

use crate::api::{DEFAULT_MAX_IN_FLIGHT, RetryPolicy};
use crate::config::{ClientSettings, ResolvedProfile};
use crate::providers::cloudmore::ClientConfig;
use crate::sandbox::{Dialect, SandboxConfig, SandboxHandle};
use crate::secret::Secret;

pub fn client_config(sandbox: &SandboxHandle, timeout: Duration) -> ClientConfig {
    let demo = sandbox.credentials();
    ClientConfig {
        base_url: sandbox.base_url(),
        reseller_id: demo.reseller_id.clone(),
        username: demo.username.clone(),
        password: Secret::new(demo.password.clone()),
        client_id: demo.client_id.clone(),
        client_secret: Secret::new(demo.client_secret.clone()),
        client_auth: Default::default(),
        timeout,
        max_in_flight: DEFAULT_MAX_IN_FLIGHT,
        retry: RetryPolicy::default(),
    }
}

/// The client settings that sign in to a Pulse stand-in as its operator (every tenant).
///
/// # Panics
/// When the stand-in speaks another dialect.
pub fn pulse_config(
    sandbox: &SandboxHandle,
    timeout: Duration,
) -> crate::providers::pulse::PulseConfig {
    let operator = sandbox
        .pulse_credentials()
        .expect("a Pulse stand-in has an operator account");
    let mut config = crate::providers::pulse::PulseConfig::new(
        &sandbox.base_url(),
        &operator.username,
        Secret::new(operator.password.clone()),
    );
    config.timeout = timeout;
    config
}

/// The client settings that reach a Metal stand-in with its main demo user's API key.
///
/// # Panics
/// When the stand-in speaks another dialect.
pub fn metal_config(
    sandbox: &SandboxHandle,
    timeout: Duration,
) -> crate::providers::metal::MetalConfig {
    let user = sandbox
        .metal_accounts()
        .first()
        .expect("a Metal stand-in has a demo user");
    let base = format!("{}{}", sandbox.base_url(), crate::sandbox::METAL_BASE_PATH);
    let mut config = crate::providers::metal::MetalConfig::new(
        &base,
        Secret::new(user.token.clone()),
        "demo-metal",
    );
    config.timeout = timeout;
    config
}

/// A demo profile over a stand-in, signed in as its main account.
pub fn profile(dialect: Dialect, sandbox: &SandboxHandle, read_only: bool) -> ResolvedProfile {
    let timeout = Duration::from_secs(30);
    let (name, client, reseller_name) = match dialect {
        Dialect::Cloudmore => (
            "demo",
            ClientSettings::Cloudmore(client_config(sandbox, timeout)),
            Some(sandbox.credentials().reseller_name.clone()),
        ),
        Dialect::Pulse => (
            "demo-pulse",
            ClientSettings::Pulse(pulse_config(sandbox, timeout)),
            None,
        ),
        Dialect::Metal => (
            "demo-metal",
            ClientSettings::Metal(metal_config(sandbox, timeout)),
            None,
        ),
    };
    ResolvedProfile {
        name: name.into(),
        client,
        reseller_name,
        read_only,
        inactive_after_days: 90,
        bulk_concurrency: crate::bulk::runner::DEFAULT_CONCURRENCY,
        index: crate::api::indexer::IndexSettings::default(),
        password_source: "the demo's own credentials".into(),
        password_command: None,
    }
}

/// Starts one stand-in of the demo in `folder`.
pub async fn start_sandbox(
    folder: &std::path::Path,
    dialect: Dialect,
    extra_orgs: usize,
) -> Result<SandboxHandle, crate::sandbox::SandboxError> {
    let file = match dialect {
        Dialect::Cloudmore => "demo.sqlite",
        Dialect::Pulse => "demo-pulse.sqlite",
        Dialect::Metal => "demo-metal.sqlite",
    };
    let mut config = SandboxConfig::new(
        "127.0.0.1:0".parse().expect("valid address"),
        folder.join(file),
    );
    config.dialect = dialect;
    config.extra_orgs = extra_orgs;
    crate::sandbox::start(config).await
}
