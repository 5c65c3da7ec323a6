//! Profiles from the TOML config file, command-line overrides, and where secrets come from.
//!
//! The file lives in the platform config dir (`directories`), or wherever `TENANTDECK_CONFIG`
//! points. It never has to hold a secret: the password and client secret come from
//! `TENANTDECK_PASSWORD` / `TENANTDECK_CLIENT_SECRET` or from a `password_command` /
//! `client_secret_command` whose standard output is the secret. A password written into the
//! file is refused, so it does not sit there in plain text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

use crate::api::{CLOUDMORE_CLIENT_ID, ClientConfig, DEFAULT_MAX_IN_FLIGHT, RetryPolicy};
use crate::secret::Secret;

mod checks;

pub use checks::check_command_safety;
use checks::{concurrency, days, in_flight, secret_timeout_secs, timeout_secs};

pub const CONFIG_ENV: &str = "TENANTDECK_CONFIG";
pub const PASSWORD_ENV: &str = "TENANTDECK_PASSWORD";
pub const CLIENT_SECRET_ENV: &str = "TENANTDECK_CLIENT_SECRET";

/// The whole config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub api_url: Option<String>,
    pub reseller_id: Option<String>,
    pub reseller_name: Option<String>,
    pub username: Option<String>,
    pub client_id: Option<String>,
    pub password_command: Option<String>,
    pub client_secret_command: Option<String>,
    #[serde(default)]
    pub read_only: bool,
    #[serde(default, deserialize_with = "timeout_secs")]
    pub timeout_secs: Option<u64>,
    /// How long `password_command` and `client_secret_command` may take (default 10).
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
}

/// Values given on the command line; each wins over the profile.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub api_url: Option<String>,
    pub reseller_id: Option<String>,
    pub username: Option<String>,
    pub read_only: bool,
}

/// A profile with everything needed to connect.
#[derive(Debug, Clone)]
pub struct ResolvedProfile {
    pub name: String,
    pub client: ClientConfig,
    pub reseller_name: Option<String>,
    pub read_only: bool,
    pub inactive_after_days: u32,
    pub bulk_concurrency: usize,
    /// Where the password came from, in words a user can act on (`TENANTDECK_PASSWORD`, or
    /// `password_command (pass show cloudmore/api)`): a refused sign-in names it.
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
    toml::from_str(text).map_err(|e| {
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
    })
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
    let base_url = overrides
        .api_url
        .clone()
        .or(profile.api_url.clone())
        .ok_or_else(|| missing("api_url", "api-url"))?;
    let reseller_id = overrides
        .reseller_id
        .clone()
        .or(profile.reseller_id.clone())
        .ok_or_else(|| missing("reseller_id", "reseller-id"))?;
    let username = overrides
        .username
        .clone()
        .or(profile.username.clone())
        .ok_or_else(|| missing("username", "username"))?;
    let secret_timeout = profile
        .secret_command_timeout_secs
        .map_or(crate::secret_command::DEFAULT_TIMEOUT, Duration::from_secs);
    let from_env = env(PASSWORD_ENV);
    let (password_source, password_command) = match (&from_env, &profile.password_command) {
        (Some(_), _) | (None, None) => (PASSWORD_ENV.to_string(), None),
        (None, Some(command)) => (
            format!("password_command ({command})"),
            Some((command.clone(), secret_timeout)),
        ),
    };
    let password = secret_from(
        from_env,
        PASSWORD_ENV,
        profile.password_command.as_deref(),
        "password_command",
        secret_timeout,
    )?;
    let client_secret = secret_from(
        env(CLIENT_SECRET_ENV),
        CLIENT_SECRET_ENV,
        profile.client_secret_command.as_deref(),
        "client_secret_command",
        secret_timeout,
    )?;
    Ok(ResolvedProfile {
        client: ClientConfig {
            base_url,
            reseller_id,
            username,
            password,
            client_id: profile
                .client_id
                .clone()
                .unwrap_or_else(|| CLOUDMORE_CLIENT_ID.to_string()),
            client_secret,
            timeout: Duration::from_secs(profile.timeout_secs.unwrap_or(30)),
            max_in_flight: profile
                .max_in_flight
                .unwrap_or(DEFAULT_MAX_IN_FLIGHT)
                .max(1),
            retry: RetryPolicy::default(),
        },
        name,
        reseller_name: profile.reseller_name.clone(),
        read_only: overrides.read_only || profile.read_only,
        inactive_after_days: profile.inactive_after_days.unwrap_or(90),
        bulk_concurrency: profile
            .bulk_concurrency
            .unwrap_or(crate::bulk::runner::DEFAULT_CONCURRENCY)
            .max(1),
        password_source,
        password_command,
    })
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
mod tests {
    use super::*;

    fn path() -> PathBuf {
        PathBuf::from("/tmp/config.toml")
    }

    #[test]
    fn malformed_config_names_file_and_line() {
        let err = parse(
            "default_profile = \"a\"\n[profiles.a]\napi_url = = 3\n",
            &path(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("/tmp/config.toml: line 3"), "{err}");
    }

    #[test]
    fn a_password_in_the_file_is_refused_with_advice() {
        let err = parse("[profiles.a]\npassword = \"hunter2\"\n", &path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains(PASSWORD_ENV), "{err}");
        assert!(
            !err.contains("hunter2"),
            "the secret must not be echoed: {err}"
        );
    }

    #[test]
    fn no_profile_suggests_demo_and_names_the_path() {
        let err = resolve(&ConfigFile::default(), &Overrides::default(), &path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("/tmp/config.toml"));
        assert!(err.contains("tenantdeck demo"));
    }

    #[test]
    fn flags_override_the_profile_and_commands_supply_secrets() {
        let file = parse(
            "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\npassword_command = \"printf 'pw\\\\n'\"\nclient_secret_command = \"echo cs\"\n",
            &path(),
        )
        .unwrap();
        let overrides = Overrides {
            username: Some("other@x.com".into()),
            ..Default::default()
        };
        let no_env = |_: &str| None;
        let resolved = resolve_with_env(&file, &overrides, &path(), &no_env).unwrap();
        assert_eq!(resolved.client.username, "other@x.com");
        assert_eq!(resolved.client.password.expose(), "pw");
        assert_eq!(resolved.client.client_secret.expose(), "cs");
        assert_eq!(resolved.client.client_id, CLOUDMORE_CLIENT_ID);
        assert_eq!(resolved.inactive_after_days, 90);
        assert_eq!(resolved.bulk_concurrency, 8);
        assert_eq!(resolved.client.max_in_flight, 8);

        let env = |name: &str| (name == PASSWORD_ENV).then(|| "from-env".to_string());
        let resolved = resolve_with_env(&file, &overrides, &path(), &env).unwrap();
        assert_eq!(
            resolved.client.password.expose(),
            "from-env",
            "the variable wins"
        );
        assert_eq!(resolved.client.client_secret.expose(), "cs");
    }

    #[test]
    fn the_profile_says_where_its_password_came_from() {
        let file = parse(
            "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\npassword_command = \"printf pw\"\nclient_secret_command = \"echo cs\"\n",
            &path(),
        )
        .unwrap();
        let no_env = |_: &str| None;
        let resolved = resolve_with_env(&file, &Overrides::default(), &path(), &no_env).unwrap();
        assert_eq!(resolved.password_source, "password_command (printf pw)");
        assert_eq!(
            resolved.password_command.map(|(c, _)| c).as_deref(),
            Some("printf pw")
        );
        let env = |name: &str| (name == PASSWORD_ENV).then(|| "from-env".to_string());
        let resolved = resolve_with_env(&file, &Overrides::default(), &path(), &env).unwrap();
        assert_eq!(resolved.password_source, PASSWORD_ENV);
        assert!(resolved.password_command.is_none(), "the variable wins");
    }

    #[test]
    fn a_missing_secret_names_the_variable_and_a_failing_command_hides_its_output() {
        let file = parse(
            "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\nclient_secret_command = \"echo leaked; exit 3\"\n",
            &path(),
        )
        .unwrap();
        let no_env = |_: &str| None;
        let err = resolve_with_env(&file, &Overrides::default(), &path(), &no_env)
            .unwrap_err()
            .to_string();
        assert!(err.contains(PASSWORD_ENV), "{err}");
        let env = |name: &str| (name == PASSWORD_ENV).then(|| "pw".to_string());
        let err = resolve_with_env(&file, &Overrides::default(), &path(), &env)
            .unwrap_err()
            .to_string();
        assert!(err.contains("client_secret_command failed"), "{err}");
        assert!(
            !err.contains("leaked"),
            "standard output is never echoed: {err}"
        );
    }

    #[test]
    fn max_in_flight_is_read_from_the_profile() {
        let file = parse(
            "[profiles.a]\napi_url = \"http://x\"\nreseller_id = \"r\"\nusername = \"u@x.com\"\nmax_in_flight = 3\n",
            &path(),
        )
        .unwrap();
        let env = |_: &str| Some("secret".to_string());
        let resolved = resolve_with_env(&file, &Overrides::default(), &path(), &env).unwrap();
        assert_eq!(resolved.client.max_in_flight, 3);
    }

    #[test]
    fn unknown_profile_lists_the_known_ones() {
        let file = parse("[profiles.a]\n[profiles.b]\n", &path()).unwrap();
        let overrides = Overrides {
            profile: Some("c".into()),
            ..Default::default()
        };
        let err = resolve(&file, &overrides, &path()).unwrap_err().to_string();
        assert!(err.contains("known: a, b"), "{err}");
    }
}
