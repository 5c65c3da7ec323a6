//! Logs go to a file in the platform data dir (never to the terminal while the console is up).
//! Secrets cannot reach them: they are [`crate::secret::Secret`]s, which do not print.

use std::path::PathBuf;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

pub const DATA_DIR_ENV: &str = "TENANTDECK_DATA_DIR";

/// The data dir: `TENANTDECK_DATA_DIR`, else the platform's (e.g. `~/.local/share/tenantdeck`).
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "tenantdeck")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .unwrap_or_else(std::env::temp_dir)
}

/// Starts file logging (level from `TENANTDECK_LOG`, default `info`). Keep the guard alive for
/// the life of the program so buffered lines are written. Returns None if the dir is unusable;
/// the console then runs without a log rather than failing.
pub fn init() -> Option<(WorkerGuard, PathBuf)> {
    let dir = data_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::never(&dir, "tenantdeck.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_env("TENANTDECK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some((guard, dir.join("tenantdeck.log")))
}
