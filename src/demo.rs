//! The client settings that sign in to a stand-in as its main demo account (the Cloudmore
//! reseller, the Pulse operator): what `tenantdeck demo`, the tests and the benchmarks all
//! connect with.

use std::time::Duration;

use crate::api::{DEFAULT_MAX_IN_FLIGHT, RetryPolicy};
use crate::providers::cloudmore::ClientConfig;
use crate::sandbox::SandboxHandle;
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
