//! Logs go to a file in the platform data dir (never to the terminal while the console is up).
//! Secrets cannot reach them: they are [`crate::secret::Secret`]s, which do not print.
//!
//! Log lines carry server text (error messages, names), and people `cat` and `tail -f` the log:
//! every line is escaped on its way to the file ([`EscapingWriter`]), so an escape sequence a
//! server sent is written as `\u{1b}…`, never as the bytes a terminal would obey, and a newline
//! inside a message cannot forge a log line of its own.

use std::io::Write;
use std::path::PathBuf;

use tracing_appender::non_blocking::{NonBlocking, WorkerGuard};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

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
        .with_writer(Escaping(writer))
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some((guard, dir.join("tenantdeck.log")))
}

/// Makes an [`EscapingWriter`] per log event.
struct Escaping(NonBlocking);

impl<'a> MakeWriter<'a> for Escaping {
    type Writer = EscapingWriter<NonBlocking>;

    fn make_writer(&'a self) -> Self::Writer {
        EscapingWriter::new(self.0.clone())
    }
}

/// Collects one event's text and writes it escaped when dropped (a formatter may write an
/// event in pieces; escaping needs whole characters).
pub struct EscapingWriter<W: Write> {
    buffer: Vec<u8>,
    out: W,
}

impl<W: Write> EscapingWriter<W> {
    pub fn new(out: W) -> Self {
        EscapingWriter {
            buffer: Vec::new(),
            out,
        }
    }
}

impl<W: Write> Write for EscapingWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Drop for EscapingWriter<W> {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.buffer);
        let _ = self.out.write_all(escape_line(&text).as_bytes());
        let _ = self.out.flush();
    }
}

/// The text with every control character but the final newline (and tabs) written as a
/// `\u{..}` escape: C0, DEL, C1, and the bidi and line-separator controls that reorder or
/// break what a terminal shows.
pub fn escape_line(text: &str) -> String {
    let body = text.strip_suffix('\n');
    let mut out = String::with_capacity(text.len());
    for c in body.unwrap_or(text).chars() {
        let risky = (c.is_control() && c != '\t')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if risky {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    if body.is_some() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_reaches_the_log_escaped() {
        let hostile =
            "mutation failed error=\u{1b}]52;c;ZWNobyBwd25lZA==\u{7} \u{9b}2J x\ny=\u{202e}z\n";
        let line = escape_line(hostile);
        assert!(
            !line.chars().any(|c| c.is_control() && c != '\n'),
            "{line:?}"
        );
        assert_eq!(
            line.matches('\n').count(),
            1,
            "one event, one line: {line:?}"
        );
        assert!(line.contains("\\u{1b}]52;c;"), "{line:?}");
        assert!(line.contains("\\u{202e}"), "{line:?}");
    }

    #[test]
    fn a_writer_escapes_what_is_written_in_pieces() {
        let mut file = Vec::new();
        {
            let mut writer = EscapingWriter::new(&mut file);
            let event = "name=M\u{fc}ller\u{1b}[2J\n".as_bytes();
            // Cut inside the two bytes of ü.
            writer.write_all(&event[..7]).unwrap();
            writer.write_all(&event[7..]).unwrap();
        }
        assert_eq!(
            String::from_utf8(file).unwrap(),
            "name=M\u{fc}ller\\u{1b}[2J\n"
        );
    }
}
