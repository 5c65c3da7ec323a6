//! Runs a profile's secret command (`password_command`, `client_secret_command`): its standard
//! output is the secret. A command can hang (a password manager waiting for a PIN it cannot
//! ask for), print nothing, or fail; each ends in a message that names the command's key and
//! says what happened, never the secret itself. Standard error is shown when it fails;
//! standard output never is.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::secret::Secret;

/// How long a secret command may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs `command` with `sh -c`, with no standard input, and returns what it printed (without
/// the trailing newline). `key` names it in messages (`password_command`).
pub fn run(command: &str, key: &str, timeout: Duration) -> Result<Secret, String> {
    let mut child = shell(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{key} could not start: {e}"))?;
    // Read both pipes while waiting, so a chatty command cannot block on a full pipe.
    let stdout = reader(child.stdout.take());
    let stderr = reader(child.stderr.take());
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                kill(&mut child);
                return Err(format!(
                    "{key} did not finish within {} s and was stopped; check that it runs without asking for input (`{command}`)",
                    timeout.as_secs_f64()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("{key} could not be waited for: {e}")),
        }
    };
    let out = stdout.join().unwrap_or_default();
    let err = String::from_utf8_lossy(&stderr.join().unwrap_or_default())
        .trim()
        .to_string();
    if !status.success() {
        let why = if err.is_empty() {
            "it wrote nothing to standard error".to_string()
        } else {
            crate::logging::escape_line(&err)
        };
        return Err(format!("{key} failed ({status}): {why}"));
    }
    let value = String::from_utf8_lossy(&out)
        .trim_end_matches(['\n', '\r'])
        .to_string();
    if value.trim().is_empty() {
        return Err(format!(
            "{key} printed nothing: its standard output must be the secret"
        ));
    }
    Ok(Secret::new(value))
}

fn reader(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// The command in its own process group, so a timeout stops what the shell started too.
fn shell(command: &str) -> Command {
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(command);
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    shell
}

fn kill(child: &mut std::process::Child) {
    #[cfg(unix)]
    if let Ok(group) = libc::pid_t::try_from(child.id())
        // SAFETY: getpgid only reads the process table.
        && group > 1
        && unsafe { libc::getpgid(group) } == group
    {
        // The group's id is the shell's pid (process_group(0)): ending the group ends what the
        // shell started too, so no grandchild keeps the pipes (and the reader threads) open.
        // SAFETY: killpg only sends a signal; the group is the child's own.
        unsafe {
            libc::killpg(group, libc::SIGKILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_is_the_secret() {
        let secret = run("printf 'pw\\n'", "password_command", DEFAULT_TIMEOUT).unwrap();
        assert_eq!(secret.expose(), "pw");
    }

    #[test]
    fn a_hanging_command_is_stopped_with_its_timeout_in_the_message() {
        let started = Instant::now();
        let err = run("sleep 30", "password_command", Duration::from_millis(300)).unwrap_err();
        assert!(
            err.contains("password_command did not finish within 0.3 s"),
            "{err}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the grandchild does not hold the pipes open"
        );
    }

    #[test]
    fn empty_output_is_refused_naming_the_key() {
        let err = run("true", "client_secret_command", DEFAULT_TIMEOUT).unwrap_err();
        assert!(
            err.contains("client_secret_command printed nothing"),
            "{err}"
        );
    }

    #[test]
    fn a_failure_shows_standard_error_never_standard_output() {
        let err = run(
            "echo s3cret; echo 'vault is sealed' >&2; exit 3",
            "password_command",
            DEFAULT_TIMEOUT,
        )
        .unwrap_err();
        assert!(err.contains("vault is sealed"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
}
