//! Checks on what the config file says, beyond its shape: numbers within a sane range (an
//! error toml places at the key's line), and that a file which can run commands cannot be
//! changed by others.

use std::path::Path;

use serde::Deserialize;

use super::{ConfigError, ConfigFile, Profile, ProviderKind};

/// A whole number within `range`, else an error that toml places at the key's line.
fn within<'de, D, T>(
    deserializer: D,
    key: &str,
    range: std::ops::RangeInclusive<T>,
    unit: &str,
) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + PartialOrd + std::fmt::Display + Copy,
{
    let value = T::deserialize(deserializer)?;
    if range.contains(&value) {
        Ok(Some(value))
    } else {
        Err(serde::de::Error::custom(format!(
            "{key} = {value} is out of range: use {} to {} {unit}",
            range.start(),
            range.end()
        )))
    }
}

pub(super) fn timeout_secs<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<u64>, D::Error> {
    within(d, "timeout_secs", 1..=600, "seconds")
}

pub(super) fn secret_timeout_secs<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<u64>, D::Error> {
    within(d, "secret_command_timeout_secs", 1..=300, "seconds")
}

pub(super) fn days<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    within(d, "inactive_after_days", 1..=3650, "days")
}

pub(super) fn concurrency<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<usize>, D::Error> {
    within(d, "bulk_concurrency", 1..=64, "requests")
}

pub(super) fn index_rate<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    within(
        d,
        "index_rate",
        0..=100,
        "requests a second (0 turns indexing off)",
    )
}

pub(super) fn index_refresh_hours<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<u32>, D::Error> {
    within(d, "index_refresh_hours", 1..=8760, "hours")
}

pub(super) fn in_flight<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    within(d, "max_in_flight", 1..=64, "requests")
}

/// `client_auth`: a misspelling is named with its key, as the numeric keys are.
pub(super) fn client_auth<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::providers::cloudmore::ClientAuth>, D::Error> {
    use crate::providers::cloudmore::ClientAuth;
    use serde::de::Error;
    let word = <String as serde::Deserialize>::deserialize(d)?;
    match ClientAuth::from_word(&word) {
        Some(auth) => Ok(Some(auth)),
        None => Err(D::Error::custom(format!(
            "client_auth must be \"form\" or \"basic\", not {word:?}"
        ))),
    }
}

/// The keys a profile has set that its provider has no use for.
fn foreign_keys(profile: &Profile) -> Vec<&'static str> {
    let cloudmore_only = [
        ("reseller_id", profile.reseller_id.is_some()),
        ("reseller_name", profile.reseller_name.is_some()),
        ("client_id", profile.client_id.is_some()),
        ("client_auth", profile.client_auth.is_some()),
        (
            "client_secret_command",
            profile.client_secret_command.is_some(),
        ),
    ];
    let token = [("token_command", profile.token_command.is_some())];
    let sign_in = [
        ("username", profile.username.is_some()),
        ("password_command", profile.password_command.is_some()),
    ];
    let refused: Vec<(&'static str, bool)> = match profile.provider {
        ProviderKind::Cloudmore => token.to_vec(),
        ProviderKind::Pulse => [&cloudmore_only[..], &token[..]].concat(),
        ProviderKind::Metal => [&cloudmore_only[..], &sign_in[..]].concat(),
    };
    refused
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(key, _)| key)
        .collect()
}

/// The 1-based line of `key` inside the `[profiles.NAME]` table, read off the text (toml's
/// values carry no positions once decoded).
fn key_line(text: &str, profile: &str, key: &str) -> Option<usize> {
    let headers = [
        format!("[profiles.{profile}]"),
        format!("[profiles.\"{profile}\"]"),
    ];
    let mut inside = false;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = headers.iter().any(|h| line.replace(' ', "") == *h);
        } else if inside
            && let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(number + 1);
        }
    }
    None
}

/// A profile may set only the keys of its provider: a Pulse profile with a `reseller_id` was
/// most likely copied from a Cloudmore one and would not do what it says.
pub(super) fn check_provider_keys(file: &ConfigFile, text: &str) -> Result<(), String> {
    for (name, profile) in &file.profiles {
        if let Some(key) = foreign_keys(profile).first() {
            let at = key_line(text, name, key)
                .map(|line| format!("line {line}: "))
                .unwrap_or_default();
            return Err(format!(
                "{at}profile '{name}' speaks provider = \"{}\", which has no {key} (remove it, or set the provider it belongs to)",
                profile.provider.key()
            ));
        }
    }
    Ok(())
}

/// A config file that others can change may not run commands: whoever can write it could make
/// `password_command` anything. Refused when the file, or the folder it is in, is writable by
/// the group or by others (a sticky folder such as /tmp protects files it does not own).
pub fn check_command_safety(path: &Path, file: &ConfigFile) -> Result<(), ConfigError> {
    let commands: Vec<&str> = file
        .profiles
        .values()
        .flat_map(|p| {
            [
                &p.password_command,
                &p.client_secret_command,
                &p.token_command,
            ]
        })
        .flatten()
        .map(String::as_str)
        .collect();
    if commands.is_empty() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode()).ok();
        let shown = path.display();
        if let Some(mode) = mode(path).filter(|m| m & 0o022 != 0) {
            return Err(ConfigError::Unsafe {
                why: format!(
                    "{shown} holds a secret command and others can change it (mode {:o}); fix it with: chmod 600 {shown}",
                    mode & 0o777
                ),
            });
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Some(mode) = mode(dir).filter(|m| m & 0o022 != 0 && m & 0o1000 == 0) {
            return Err(ConfigError::Unsafe {
                why: format!(
                    "{shown} holds a secret command and others can replace it: its folder {} is writable by others (mode {:o}); fix it with: chmod go-w {}",
                    dir.display(),
                    mode & 0o777,
                    dir.display()
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::{load, parse};

    fn path() -> PathBuf {
        PathBuf::from("/tmp/config.toml")
    }

    #[test]
    fn values_out_of_range_are_refused_with_key_and_line() {
        for (line, text) in [
            (
                "line 3",
                "[profiles.a]\napi_url = \"http://x\"\ntimeout_secs = 0\n",
            ),
            ("line 2", "[profiles.a]\nbulk_concurrency = 0\n"),
            ("line 2", "[profiles.a]\nmax_in_flight = 0\n"),
            ("line 2", "[profiles.a]\ninactive_after_days = 0\n"),
            (
                "line 2",
                "[profiles.a]\nsecret_command_timeout_secs = 9999\n",
            ),
        ] {
            let err = parse(text, &path()).unwrap_err().to_string();
            let key = text.lines().nth(1 + line.ends_with('3') as usize).unwrap();
            let key = key.split(' ').next().unwrap();
            assert!(
                err.contains(line) && err.contains(&format!("{key} = ")),
                "{err}"
            );
        }
        let ok = parse("[profiles.a]\ntimeout_secs = 30\n", &path()).unwrap();
        assert_eq!(ok.profiles["a"].timeout_secs, Some(30));
    }

    #[cfg(unix)]
    #[test]
    fn a_config_others_can_write_may_not_run_commands() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        std::fs::write(&file, "[profiles.a]\npassword_command = \"echo pw\"\n").unwrap();
        let set =
            |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
        set(dir.path(), 0o700).unwrap();
        set(&file, 0o666).unwrap();
        let err = load(&file).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        set(&file, 0o600).unwrap();
        set(dir.path(), 0o777).unwrap();
        let err = load(&file).unwrap_err().to_string();
        assert!(err.contains("chmod go-w"), "{err}");
        set(dir.path(), 0o1777).unwrap();
        assert!(load(&file).is_ok(), "a sticky folder protects the file");
        set(dir.path(), 0o700).unwrap();
        std::fs::write(&file, "[profiles.a]\napi_url = \"http://x\"\n").unwrap();
        set(&file, 0o666).unwrap();
        assert!(load(&file).is_ok(), "without a command nothing can be run");
    }
}
