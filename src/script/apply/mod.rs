//! `tenantdeck apply`: the console's bulk engine without the screen. Changes are read from a
//! file (`input.rs`: CSV through the console's importers, or JSON in the journal's form) into
//! the same plan a screen builds, previewed on standard output (`preview.rs`), confirmed, and
//! sent by the console's runner with the same journal (`send.rs`), so a run cut short resumes
//! here or in the console alike (`runs.rs`). Each item's result goes to a file next to the
//! input (`results.rs`); the first refused sign-in stops the run (`guard.rs`).
//!
//! Exit codes: 0 when every item landed, 1 when some failed, were left out or not sent, 2 for
//! usage (bad input, no confirmation, a read-only profile), 3 for a refused sign-in, 4 when
//! there is nothing to resume.

mod guard;
pub mod input;
mod preview;
pub mod results;
mod runs;
mod send;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::api::Provider;
use crate::bulk::journal::{ItemState, Journal, JournalWriter, RunRecord, Server};
use crate::bulk::plan::{InvalidItem, SharedPlan};
use crate::bulk::runner;
use crate::bulk::worker::new_run_id;
use crate::config::ResolvedProfile;

use super::{EXIT_API, EXIT_AUTH, EXIT_OK, Failure};
use results::Row;

/// One `apply`, as the command line asks for it.
#[derive(Debug, Clone, Default)]
pub struct ApplyRequest {
    /// The changes (CSV or JSON); with `--resume`, only where the results go.
    pub file: Option<PathBuf>,
    /// The organization a CSV file's rows go into.
    pub org: Option<String>,
    pub dry_run: bool,
    /// Requests in flight (default: the profile's `bulk_concurrency`).
    pub concurrency: Option<usize>,
    /// Apply without asking.
    pub yes: bool,
    /// Continue a run from the journal: `Some(None)` the newest of this server.
    pub resume: Option<Option<String>>,
    /// Send the failed items of the run again (after checking them).
    pub retry_failed: bool,
}

/// The server a profile's runs are journaled against: only runs of the same one are resumed.
pub fn journal_server(profile: &ResolvedProfile) -> Server {
    Server {
        api_url: profile.client.base_url().to_string(),
        account: profile.client.account().to_string(),
        provider: profile.client.provider().key().into(),
    }
}

/// The run `apply` works on: a new one from the file, or one from the journal.
enum Work {
    New(SharedPlan),
    Resumed(RunRecord),
}

/// Runs one `apply` with `provider` (the profile's) and the journal at `journal_path`;
/// answers the exit code.
pub async fn apply<P: Provider>(
    provider: Arc<P>,
    profile: &ResolvedProfile,
    request: &ApplyRequest,
    journal_path: &Path,
) -> Result<u8, Failure> {
    let server = journal_server(profile);
    // Before the journal is read or written: a torn line of a killed run is set aside.
    runs::prepare(journal_path)?;
    let work = work(&*provider, request, journal_path, &server).await?;
    let (action, items, invalid, states) = match &work {
        Work::New(plan) => (&plan.action, &plan.items, &plan.invalid[..], None),
        Work::Resumed(run) => (&run.action, &run.items, &[][..], Some(&run.states[..])),
    };
    let where_to = format!(
        "{} at {} ({})",
        profile.client.provider().title(),
        server.api_url,
        server.account
    );
    let shown = preview::Shown {
        action,
        items,
        invalid,
        states,
        retry_failed: request.retry_failed,
        server: &where_to,
    };
    let to_send = preview::print(&mut std::io::stdout().lock(), &shown).map_err(Failure::Output)?;
    if request.dry_run {
        println!("dry run: nothing was sent");
        return Ok(EXIT_OK);
    }
    if profile.read_only {
        return Err(Failure::Usage(format!(
            "profile {} is read-only: apply sends nothing (--dry-run shows the plan)",
            profile.name
        )));
    }
    if to_send == 0 {
        eprintln!("tenantdeck: nothing to send");
        let rows: Vec<Row> = invalid.iter().map(Row::skipped).collect();
        write_results(request, None, &rows)?;
        return Ok(if rows.iter().all(Row::is_ok) {
            EXIT_OK
        } else {
            EXIT_API
        });
    }
    confirm(request.yes, to_send, &where_to).await?;

    let journal = Journal::open(journal_path)
        .map_err(|e| {
            let path = journal_path.display();
            Failure::Journal(format!("cannot open the bulk journal {path}: {e}"))
        })?
        .with_server(server);
    let journal = JournalWriter::spawn(journal);
    let (record, invalid) = match work {
        Work::Resumed(run) => (run, Vec::new()),
        Work::New(plan) => {
            let run = new_run_id();
            let invalid = plan.invalid.to_vec();
            let record = runner::begin_with(&journal, &run, &profile.name, plan)
                .await
                .map_err(|e| Failure::Journal(format!("the journal cannot be written: {e}")))?;
            (record, invalid)
        }
    };
    eprintln!(
        "tenantdeck: run {} (`tenantdeck apply --resume {}` continues it if it is cut short)",
        record.run, record.run
    );
    let how = send::Sending {
        journal,
        retry_failed: request.retry_failed,
        concurrency: request.concurrency.unwrap_or(profile.bulk_concurrency),
        to_send,
    };
    let sent = send::send(provider, &record, how).await;
    report(request, &record, &sent, &invalid)
}

/// What to run: the run `--resume` (or `--retry-failed`) names, or a new one from the file.
async fn work<P: Provider>(
    provider: &P,
    request: &ApplyRequest,
    journal_path: &Path,
    server: &Server,
) -> Result<Work, Failure> {
    if request.resume.is_some() || request.retry_failed {
        let wanted = request.resume.clone().flatten();
        let run = runs::find(
            journal_path,
            server,
            wanted.as_deref(),
            request.retry_failed,
        )?;
        return Ok(Work::Resumed(run));
    }
    let Some(file) = &request.file else {
        return Err(Failure::Usage(
            "name the changes with -f FILE, or --resume a run".into(),
        ));
    };
    let plan = input::plan(provider, file, request.org.as_deref()).await?;
    Ok(Work::New(plan.into()))
}

/// Writes the results, says how the run went and answers the exit code.
fn report(
    request: &ApplyRequest,
    record: &RunRecord,
    sent: &send::Sent,
    invalid: &[InvalidItem],
) -> Result<u8, Failure> {
    let mut rows: Vec<Row> = record
        .items
        .iter()
        .zip(&sent.states)
        .zip(&sent.attention)
        .map(|((item, state), why)| Row::of(item, state, why.as_deref()))
        .collect();
    rows.extend(invalid.iter().map(Row::skipped));
    let path = write_results(request, Some(&record.run), &rows)?;
    let count = |outcome: &str| rows.iter().filter(|r| r.outcome == outcome).count();
    let words: Vec<String> = [
        "ok",
        "verified-done",
        "failed",
        "skipped",
        "unknown",
        "not-sent",
    ]
    .iter()
    .filter(|o| count(o) > 0)
    .map(|o| format!("{} {o}", count(o)))
    .collect();
    eprintln!(
        "tenantdeck: {}; results in {}",
        words.join(", "),
        path.display()
    );
    if let Some(why) = &sent.stopped {
        eprintln!("tenantdeck: {why}");
    }
    if let Some(refused) = &sent.refused {
        let unsent = sent
            .states
            .iter()
            .filter(|s| matches!(s, ItemState::Pending))
            .count();
        eprintln!(
            "{}",
            super::error_line(&format!(
                "sign-in refused ({refused}); the run stopped with {unsent} items not sent: \
                 `tenantdeck apply --resume {}` sends them",
                record.run
            ))
        );
        return Ok(EXIT_AUTH);
    }
    Ok(if rows.iter().all(Row::is_ok) {
        EXIT_OK
    } else {
        EXIT_API
    })
}

/// Writes the results beside the input, or (a resume without `-f`) in the current folder
/// under the run's id; answers where.
fn write_results(
    request: &ApplyRequest,
    run: Option<&str>,
    rows: &[Row],
) -> Result<PathBuf, Failure> {
    let path = match &request.file {
        Some(file) => results::path_for(file, input::is_json(file)),
        None => PathBuf::from(format!(
            "tenantdeck-run-{}.results.csv",
            run.unwrap_or("none")
        )),
    };
    let json = request.file.as_deref().is_some_and(input::is_json);
    results::write(&path, rows, json).map_err(Failure::Output)?;
    Ok(path)
}

/// Asks on the terminal before anything is sent; without one, only `--yes` goes on.
async fn confirm(yes: bool, count: usize, server: &str) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "not confirmed: standard input is not a terminal; pass --yes to apply without asking"
                .into(),
        ));
    }
    eprint!("Send {count} changes to {server}? [y/N] ");
    let answer = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|_| line)
    })
    .await
    .map_err(|e| Failure::Usage(format!("cannot read the answer: {e}")))?
    .map_err(Failure::Output)?;
    match answer.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(Failure::Usage("not confirmed: nothing was sent".into())),
    }
}
