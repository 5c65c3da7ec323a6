//! The journal as `apply` uses it: repaired at the start as the console repairs it (a run
//! killed mid-line leaves a torn last line, which the next append must not be glued to), and
//! searched for the run `--resume` continues. Only runs made against this server are
//! offered, whichever tenantdeck started them (the console or a script): both write the same
//! journal, so each can resume the other's.

use std::path::Path;

use crate::bulk::journal::history::Cursor;
use crate::bulk::journal::{ItemState, Outcome, RunRecord, Server, upkeep};

use super::super::Failure;

/// Repairs the journal at `path` before anything is appended to it (see `upkeep`).
pub fn prepare(path: &Path) -> Result<(), Failure> {
    upkeep::prepare(path, upkeep::ARCHIVE_AFTER)
        .map(drop)
        .map_err(|e| unreadable(path, &e))
}

fn unreadable(path: &Path, error: &std::io::Error) -> Failure {
    Failure::Journal(format!(
        "cannot read the bulk journal {}: {error}",
        path.display()
    ))
}

/// Whether a run has something left to send: items never answered, or failed ones when they
/// are to be retried.
pub fn has_work(run: &RunRecord, retry_failed: bool) -> bool {
    run.is_interrupted()
        || (retry_failed
            && run
                .states
                .iter()
                .any(|s| matches!(s, ItemState::Finished(Outcome::Failed { .. }))))
}

/// The run to continue: `wanted` by id, or the newest of `server` with something left to
/// send. None found is exit code 4; a run of another server is refused by name.
pub fn find(
    path: &Path,
    server: &Server,
    wanted: Option<&str>,
    retry_failed: bool,
) -> Result<RunRecord, Failure> {
    let fits = |run: &RunRecord| match wanted {
        Some(id) => run.run == id,
        None => run.server.as_ref() == Some(server) && has_work(run, retry_failed),
    };
    let page = Cursor::newest(path)
        .find(fits)
        .map_err(|e| unreadable(path, &e))?;
    let Some(run) = page.runs.into_iter().rev().find(|r| fits(r)) else {
        return Err(Failure::NotFound(match wanted {
            Some(id) => format!("the journal has no run {id}"),
            None if retry_failed => {
                "nothing to resume: no run of this server has failed or unsent items".into()
            }
            None => "nothing to resume: no run of this server was cut short".into(),
        }));
    };
    if run.server.as_ref() != Some(server) {
        let theirs = run
            .server
            .as_ref()
            .map_or("an unknown server".to_string(), |s| {
                format!("{} at {}", s.account, s.api_url)
            });
        return Err(Failure::Usage(format!(
            "run {} was made against {theirs}, not this profile's server",
            run.run
        )));
    }
    if !has_work(&run, retry_failed) {
        let hint = if has_work(&run, true) {
            " (--retry-failed sends its failed items again)"
        } else {
            ""
        };
        return Err(Failure::NotFound(format!(
            "run {} has nothing left to send{hint}",
            run.run
        )));
    }
    Ok(run)
}
