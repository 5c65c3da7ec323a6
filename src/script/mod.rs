//! The commands for scripts, without the screen: `get` (a list to standard output, `get.rs`) in
//! the formats of `output.rs`, `export` (the same into a file) and `apply` (bulk changes from
//! a file, `apply/`). They use the profiles and providers the console uses, and end
//! with an exit code a script can test (see [`Failure::code`]) and, on failure, one plain line
//! on standard error.

pub mod apply;
pub mod export;
pub mod get;
pub mod output;
pub mod records;

use crate::api::ApiError;

/// Exit codes, stable: scripts test them.
pub const EXIT_OK: u8 = 0;
pub const EXIT_API: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_AUTH: u8 = 3;
pub const EXIT_NOT_FOUND: u8 = 4;

/// The exit codes as `--help` lists them.
pub const EXIT_CODES_HELP: &str = "Exit codes: 0 ok, 1 API error, 2 usage or configuration, \
3 sign-in refused or not allowed, 4 not found";

/// Why a command for scripts failed.
#[derive(Debug)]
pub enum Failure {
    /// The command line or the profile asks for something that cannot be done.
    Usage(String),
    /// What was named does not exist.
    NotFound(String),
    /// The API refused or failed.
    Api(ApiError),
    /// Standard output could not be written.
    Output(std::io::Error),
    /// The bulk journal could not be read or written: nothing is sent without it.
    Journal(String),
}

impl Failure {
    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::NotFound(_) => EXIT_NOT_FOUND,
            Failure::Api(ApiError::NotFound) => EXIT_NOT_FOUND,
            Failure::Api(ApiError::Auth(_) | ApiError::Unauthorized | ApiError::Forbidden) => {
                EXIT_AUTH
            }
            Failure::Api(_) | Failure::Output(_) | Failure::Journal(_) => EXIT_API,
        }
    }

    /// Whether it is no failure at all: the reader of a pipe left (`get … | head`).
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, Failure::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Usage(why) | Failure::NotFound(why) | Failure::Journal(why) => {
                write!(f, "{why}")
            }
            Failure::Api(error) => write!(f, "{error}"),
            Failure::Output(error) => write!(f, "cannot write the output: {error}"),
        }
    }
}

/// The exit code of a failure the console or a command met: a configuration, keymap or theme
/// file is a usage problem, an API's failure says which it is, anything else is 1.
pub fn exit_code_of(report: &color_eyre::eyre::Report) -> u8 {
    for cause in report.chain() {
        let config = cause.downcast_ref::<crate::config::ConfigError>().is_some();
        let keymap = cause
            .downcast_ref::<crate::app::commands::keymap::KeymapError>()
            .is_some();
        let theme = cause
            .downcast_ref::<crate::ui::theme::ThemeError>()
            .is_some();
        if config || keymap || theme {
            return EXIT_USAGE;
        }
        if let Some(error) = cause.downcast_ref::<ApiError>() {
            return Failure::Api(error.clone()).code();
        }
    }
    EXIT_API
}

/// Writes to standard output; a reader that left early (`| head`) is no failure.
pub fn print_bytes(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    match std::io::stdout().write_all(bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// The one line a failure prints: `tenantdeck: error: …`, with the causes after colons and
/// nothing that could act on the terminal.
pub fn error_line(message: &str) -> String {
    let clean: String = message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("tenantdeck: error: {}", clean.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_has_its_stable_exit_code() {
        let cases = [
            (Failure::Usage("x".into()), 2),
            (Failure::NotFound("x".into()), 4),
            (Failure::Api(ApiError::NotFound), 4),
            (Failure::Api(ApiError::Unauthorized), 3),
            (Failure::Api(ApiError::Auth("no".into())), 3),
            (Failure::Api(ApiError::Forbidden), 3),
            (Failure::Api(ApiError::Timeout(5)), 1),
        ];
        for (failure, code) in cases {
            assert_eq!(failure.code(), code, "{failure:?}");
        }
    }

    #[test]
    fn an_error_line_is_one_line_without_control_characters() {
        assert_eq!(
            error_line("bad\nthing \u{1b}[31m"),
            "tenantdeck: error: bad thing  [31m"
        );
    }
}
