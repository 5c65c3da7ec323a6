//! Profiles from the TOML config file, command-line overrides, and where secrets come from.
//!
//! Each profile names the API it speaks (`provider = "cloudmore" | "pulse" | "metal"`, default
//! `cloudmore`); a key that provider has no use for is refused with its line, so a profile
//! copied from another provider's does not half work.
//!
//! The file lives in the platform config dir (`directories`), or wherever `TENANTDECK_CONFIG`
//! points. It never has to hold a secret: the password and client secret come from
//! `TENANTDECK_PASSWORD` / `TENANTDECK_CLIENT_SECRET` or from a `password_command` /
//! `client_secret_command` whose standard output is the secret, and an Equinix Metal API token
//! from `TENANTDECK_TOKEN` or a `token_command`. A password written into the file is refused,
//! so it does not sit there in plain text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

use crate::api::indexer::IndexSettings;
use crate::api::{DEFAULT_MAX_IN_FLIGHT, RetryPolicy};
use crate::providers::cloudmore::{CLOUDMORE_CLIENT_ID, ClientAuth, ClientConfig};
use crate::providers::metal::{self, MetalConfig};
use crate::providers::pulse::PulseConfig;
use crate::secret::Secret;

mod checks;

pub use checks::check_command_safety;
use checks::{
    check_provider_keys, client_auth, concurrency, days, in_flight, index_rate,
    index_refresh_hours, secret_timeout_secs, timeout_secs,
};

pub const CONFIG_ENV: &str = "TENANTDECK_CONFIG";
pub const PASSWORD_ENV: &str = "TENANTDECK_PASSWORD";
pub const CLIENT_SECRET_ENV: &str = "TENANTDECK_CLIENT_SECRET";
/// An Equinix Metal API token (wins over the profile's `token_command`).
pub const TOKEN_ENV: &str = "TENANTDECK_TOKEN";

/// The whole config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    /// Clicks select rows and focus panes, the wheel scrolls (`mouse = false`: the terminal
    /// keeps its own selection and scrolling). On when not set.
    pub mouse: Option<bool>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// Which API a profile speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    #[default]
    Cloudmore,
    Pulse,
    Metal,
}

impl ProviderKind {
    /// As the config file spells it.
    pub fn key(self) -> &'static str {
        match self {
            ProviderKind::Cloudmore => "cloudmore",
            ProviderKind::Pulse => "pulse",
            ProviderKind::Metal => "metal",
        }
    }

    /// As the console names it.
    pub fn title(self) -> &'static str {
        match self {
            ProviderKind::Cloudmore => "Cloudmore",
            ProviderKind::Pulse => "Pulse IoT Center",
            ProviderKind::Metal => "Equinix Metal",
        }
    }
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub provider: ProviderKind,
    pub api_url: Option<String>,
    pub reseller_id: Option<String>,
    pub reseller_name: Option<String>,
    pub username: Option<String>,
    pub client_id: Option<String>,
    pub password_command: Option<String>,
    pub client_secret_command: Option<String>,
    /// Cloudmore: how the client id and secret are sent at sign-in (`"form"`, the default, or
    /// `"basic"`).
    #[serde(default, deserialize_with = "client_auth")]
    pub client_auth: Option<ClientAuth>,
    /// Equinix Metal: a command whose output is the API token.
    pub token_command: Option<String>,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default, deserialize_with = "timeout_secs")]
    pub timeout_secs: Option<u64>,
    /// How long `password_command`, `client_secret_command` and `token_command` may take
    /// (default 10).
    #[serde(default, deserialize_with = "secret_timeout_secs")]
    pub secret_command_timeout_secs: Option<u64>,
    /// Users not seen for this many days count as inactive (default 90).
    #[serde(default, deserialize_with = "days")]
    pub inactive_after_days: Option<u32>,
    /// Requests in flight at once in a bulk run (default 8).
    #[serde(default, deserialize_with = "concurrency")]
    pub bulk_concurrency: Option<usize>,
    /// Requests of the profile in flight at once, all screens and bulk runs together (default 8).
    #[serde(default, deserialize_with = "in_flight")]
    pub max_in_flight: Option<usize>,
    /// Requests a second the background indexer sends for the search (default 4; 0: off).
    #[serde(default, deserialize_with = "index_rate")]
    pub index_rate: Option<u32>,
    /// How old an indexed list may grow before the indexer reads it again (default 24).
    #[serde(default, deserialize_with = "index_refresh_hours")]
    pub index_refresh_hours: Option<u32>,
}

/// Values given on the command line; each wins over the profile.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub api_url: Option<String>,
    pub reseller_id: Option<String>,
    pub username: Option<String>,
    pub read_only: bool,
    /// `--index-rate`: the background indexer's requests a second.
    pub index_rate: Option<u32>,
}

/// How to reach a profile's API: the client settings of its provider.
#[derive(Debug, Clone)]
pub enum ClientSettings {
    Cloudmore(ClientConfig),
    Pulse(PulseConfig),
    Metal(MetalConfig),
}

impl ClientSettings {
    pub fn base_url(&self) -> &str {
        match self {
            ClientSettings::Cloudmore(c) => &c.base_url,
            ClientSettings::Pulse(c) => &c.base_url,
            ClientSettings::Metal(c) => &c.base_url,
        }
    }

    /// Who signs in (Metal: the key's label, as its owner is known only after a call).
    pub fn username(&self) -> &str {
        match self {
            ClientSettings::Cloudmore(c) => &c.username,
            ClientSettings::Pulse(c) => &c.username,
            ClientSettings::Metal(c) => &c.label,
        }
    }

    /// Whose data the account sees on that server: the journal stamps runs with it, so undo
    /// and resume offer only what was made there (Cloudmore: the reseller; Pulse: the
    /// account, whose tenant scope is its own; Metal: the key's label, the profile's name,
    /// since whose key it is is known only after a call, and the journal's server is the API
    /// URL with it).
    pub fn account(&self) -> &str {
        match self {
            ClientSettings::Cloudmore(c) => &c.reseller_id,
            ClientSettings::Pulse(c) => &c.username,
            ClientSettings::Metal(c) => &c.label,
        }
    }

    pub fn provider(&self) -> ProviderKind {
        match self {
            ClientSettings::Cloudmore(_) => ProviderKind::Cloudmore,
            ClientSettings::Pulse(_) => ProviderKind::Pulse,
            ClientSettings::Metal(_) => ProviderKind::Metal,
        }
    }
}

/// A profile with everything needed to connect.
#[derive(Debug, Clone)]
pub struct ResolvedProfile {
    pub name: String,
    pub client: ClientSettings,
    pub reseller_name: Option<String>,
    pub read_only: bool,
    pub inactive_after_days: u32,
    pub bulk_concurrency: usize,
    /// The background indexer's rate and refresh age.
    pub index: IndexSettings,
    /// Where the password (Metal: the token) came from, in words a user can act on
    /// (`TENANTDECK_PASSWORD`, or `password_command (pass show cloudmore/api)`): a refused
    /// sign-in names it.
    pub password_source: String,
    /// The profile's `password_command` and its time limit, when the password came from it:
    /// signing in again runs it again, so a password fixed in the password manager needs no
    /// restart.
    pub password_command: Option<(String, Duration)>,
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error(
        "no profile is configured.\n\nCreate {path} with, for example:\n\n{example}\nthen set {PASSWORD_ENV} and {CLIENT_SECRET_ENV}.\nTo try tenantdeck without an account, run: tenantdeck demo"
    )]
    NoProfile { path: String, example: &'static str },
    #[error("profile '{name}' is not in {path} (known: {known})")]
    UnknownProfile {
        name: String,
        path: String,
        known: String,
    },
    #[error("{path}: {message}")]
    Malformed { path: String, message: String },
    #[error("profile '{profile}' has no {field}; set it in {path} or pass --{flag}")]
    Missing {
        profile: String,
        field: &'static str,
        flag: &'static str,
        path: String,
    },
    #[error("{what}: {why}")]
    Secret { what: String, why: String },
    #[error("profile '{profile}' speaks provider = \"{provider}\", which has no {key}")]
    NotForProvider {
        profile: String,
        key: &'static str,
        provider: &'static str,
    },
    #[error("refusing to run a command from the config file: {why}")]
    Unsafe { why: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

pub const EXAMPLE: &str = r#"default_profile = "prod"

[profiles.prod]
api_url = "https://api.cloudmore.com"
reseller_id = "00000000-0000-0000-0000-000000000000"
username = "api-user@example.com"
# password_command = "pass show cloudmore/api"   # or set TENANTDECK_PASSWORD
"#;

/// The config file's path: `TENANTDECK_CONFIG`, else `<config dir>/config.toml`.
pub fn config_path() -> PathBuf {
    if let Some(path) = std::env::var_os(CONFIG_ENV) {
        return PathBuf::from(path);
    }
    directories::ProjectDirs::from("", "", "tenantdeck")
        .map(|dirs| dirs.config_dir().join("config.toml"))
        .unwrap_or_else(|| PathBuf::from("tenantdeck.toml"))
}

/// The file's `mouse` (on unless it says `mouse = false`; a missing file is on too).
pub fn mouse_wanted(path: &Path) -> Result<bool, ConfigError> {
    Ok(load(path)?.mouse.unwrap_or(true))
}

/// Reads the file; a missing file is an empty config, a malformed one an error with its line.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
        Err(source) => {
            return Err(ConfigError::Io {
                path: path.display().to_string(),
                source,
            });
        }
    };
    let file = parse(&text, path)?;
    check_command_safety(path, &file)?;
    Ok(file)
}

/// Parses config text; errors name the file, line and column.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let location = e
            .span()
            .map(|span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                format!("line {line}, column {column}: ")
            })
            .unwrap_or_default();
        let mut message = format!("{location}{}", e.message());
        if e.message().contains("unknown field `password`")
            || e.message().contains("unknown field `client_secret`")
        {
            message.push_str(&format!(
                " (secrets do not belong in the config file: use {PASSWORD_ENV}/{CLIENT_SECRET_ENV} or password_command/client_secret_command)"
            ));
        }
        ConfigError::Malformed {
            path: path.display().to_string(),
            message,
        }
    })?;
    check_provider_keys(&file, text).map_err(|message| ConfigError::Malformed {
        path: path.display().to_string(),
        message,
    })?;
    Ok(file)
}

/// Picks the profile (flag, then `default_profile`, then the only one), applies the overrides
/// and fetches the secrets from the process environment or the profile's commands.
pub fn resolve(
    file: &ConfigFile,
    overrides: &Overrides,
    path: &Path,
) -> Result<ResolvedProfile, ConfigError> {
    resolve_with_env(file, overrides, path, &|name| std::env::var(name).ok())
}

/// [`resolve`] with the environment given as a lookup, so tests do not depend on the shell.
pub fn resolve_with_env(
    file: &ConfigFile,
    overrides: &Overrides,
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ResolvedProfile, ConfigError> {
    let path_text = path.display().to_string();
    let name = overrides
        .profile
        .clone()
        .or_else(|| file.default_profile.clone())
        .or_else(|| {
            (file.profiles.len() == 1)
                .then(|| file.profiles.keys().next().cloned())
                .flatten()
        });
    let cli_only = overrides.api_url.is_some() && overrides.reseller_id.is_some();
    let (name, profile) = match name {
        Some(name) => match file.profiles.get(&name) {
            Some(profile) => (name, profile.clone()),
            None if cli_only && overrides.profile.is_none() => (name, Profile::default()),
            None => {
                return Err(ConfigError::UnknownProfile {
                    name,
                    path: path_text,
                    known: known_profiles(file),
                });
            }
        },
        None if cli_only => ("command line".to_string(), Profile::default()),
        None => {
            return Err(ConfigError::NoProfile {
                path: path_text,
                example: EXAMPLE,
            });
        }
    };
    let missing = |field, flag| ConfigError::Missing {
        profile: name.clone(),
        field,
        flag,
        path: path_text.clone(),
    };
    let secret_timeout = profile
        .secret_command_timeout_secs
        .map_or(crate::secret_command::DEFAULT_TIMEOUT, Duration::from_secs);
    let timeout = Duration::from_secs(profile.timeout_secs.unwrap_or(30));
    let max_in_flight = profile
        .max_in_flight
        .unwrap_or(DEFAULT_MAX_IN_FLIGHT)
        .max(1);
    if profile.provider == ProviderKind::Metal {
        return resolve_metal(name, &profile, overrides, env, secret_timeout, |config| {
            config.timeout = timeout;
            config.max_in_flight = max_in_flight;
        });
    }
    let base_url = overrides
        .api_url
        .clone()
        .or(profile.api_url.clone())
        .ok_or_else(|| missing("api_url", "api-url"))?;
    let username = overrides
        .username
        .clone()
        .or(profile.username.clone())
        .ok_or_else(|| missing("username", "username"))?;
    let from_env = env(PASSWORD_ENV);
    let (password_source, password_command) = match (&from_env, &profile.password_command) {
        (Some(_), _) | (None, None) => (PASSWORD_ENV.to_string(), None),
        (None, Some(command)) => (
            format!("password_command ({command})"),
            Some((command.clone(), secret_timeout)),
        ),
    };
    let pulse = profile.provider == ProviderKind::Pulse;
    if pulse && overrides.reseller_id.is_some() {
        return Err(ConfigError::NotForProvider {
            profile: name,
            key: "--reseller-id",
            provider: "pulse",
        });
    }
    let reseller_id = if pulse {
        None
    } else {
        let id = overrides
            .reseller_id
            .clone()
            .or(profile.reseller_id.clone());
        Some(id.ok_or_else(|| missing("reseller_id", "reseller-id"))?)
    };
    let password = secret_from(
        from_env,
        PASSWORD_ENV,
        profile.password_command.as_deref(),
        "password_command",
        secret_timeout,
    )?;
    // Pulse signs in with the password alone; Cloudmore also with its reseller and client.
    let client = match reseller_id {
        None => {
            let mut pulse = PulseConfig::new(&base_url, &username, password);
            pulse.timeout = timeout;
            pulse.max_in_flight = max_in_flight;
            ClientSettings::Pulse(pulse)
        }
        Some(reseller_id) => {
            let client_secret = secret_from(
                env(CLIENT_SECRET_ENV),
                CLIENT_SECRET_ENV,
                profile.client_secret_command.as_deref(),
                "client_secret_command",
                secret_timeout,
            )?;
            ClientSettings::Cloudmore(ClientConfig {
                base_url,
                reseller_id,
                username,
                password,
                client_id: profile
                    .client_id
                    .clone()
                    .unwrap_or_else(|| CLOUDMORE_CLIENT_ID.to_string()),
                client_secret,
                client_auth: profile.client_auth.unwrap_or_default(),
                timeout,
                max_in_flight,
                retry: RetryPolicy::default(),
            })
        }
    };
    Ok(finish(
        name,
        &profile,
        overrides,
        client,
        password_source,
        password_command,
    ))
}

/// The settings every provider's profile shares, around its client settings.
fn finish(
    name: String,
    profile: &Profile,
    overrides: &Overrides,
    client: ClientSettings,
    password_source: String,
    password_command: Option<(String, Duration)>,
) -> ResolvedProfile {
    ResolvedProfile {
        client,
        name,
        reseller_name: profile.reseller_name.clone(),
        read_only: overrides.read_only || profile.read_only,
        inactive_after_days: profile.inactive_after_days.unwrap_or(90),
        bulk_concurrency: profile
            .bulk_concurrency
            .unwrap_or(crate::bulk::runner::DEFAULT_CONCURRENCY)
            .max(1),
        index: IndexSettings {
            rate: (overrides.index_rate)
                .or(profile.index_rate)
                .unwrap_or(crate::api::indexer::DEFAULT_RATE),
            refresh_after: profile
                .index_refresh_hours
                .map_or(crate::api::indexer::DEFAULT_REFRESH_AFTER, |hours| {
                    Duration::from_secs(u64::from(hours) * 3600)
                }),
        },
        password_source,
        password_command,
    }
}

/// An Equinix Metal profile: `api_url` (default [`metal::DEFAULT_API_URL`]) and the API token
/// from `TENANTDECK_TOKEN`, else the profile's `token_command`; never from the file. The
/// profile's name labels the key (see [`ClientSettings::account`]). `tune` sets what all
/// providers share.
fn resolve_metal(
    name: String,
    profile: &Profile,
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    secret_timeout: Duration,
    tune: impl FnOnce(&mut MetalConfig),
) -> Result<ResolvedProfile, ConfigError> {
    let refused = [
        ("--reseller-id", overrides.reseller_id.is_some()),
        ("--username", overrides.username.is_some()),
    ];
    if let Some((key, _)) = refused.into_iter().find(|(_, given)| *given) {
        return Err(ConfigError::NotForProvider {
            profile: name,
            key,
            provider: "metal",
        });
    }
    let base_url = overrides
        .api_url
        .clone()
        .or(profile.api_url.clone())
        .unwrap_or_else(|| metal::DEFAULT_API_URL.to_string());
    let from_env = env(TOKEN_ENV);
    let source = match (&from_env, &profile.token_command) {
        (None, Some(command)) => format!("token_command ({command})"),
        _ => TOKEN_ENV.to_string(),
    };
    let token = secret_from(
        from_env,
        TOKEN_ENV,
        profile.token_command.as_deref(),
        "token_command",
        secret_timeout,
    )?;
    let mut config = MetalConfig::new(&base_url, token, &name);
    tune(&mut config);
    let client = ClientSettings::Metal(config);
    Ok(finish(name, profile, overrides, client, source, None))
}

fn known_profiles(file: &ConfigFile) -> String {
    if file.profiles.is_empty() {
        "none".into()
    } else {
        file.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// A secret from its environment variable, else from its command's standard output.
fn secret_from(
    from_env: Option<String>,
    env: &str,
    command: Option<&str>,
    key: &str,
    timeout: Duration,
) -> Result<Secret, ConfigError> {
    if let Some(value) = from_env {
        return Ok(Secret::new(value));
    }
    let Some(command) = command else {
        return Err(ConfigError::Secret {
            what: format!("no {}", key.trim_end_matches("_command").replace('_', " ")),
            why: format!("set {env} or add {key} to the profile"),
        });
    };
    crate::secret_command::run(command, key, timeout).map_err(|why| ConfigError::Secret {
        what: "cannot get a secret".into(),
        why,
    })
}

#[cfg(test)]
mod tests;
