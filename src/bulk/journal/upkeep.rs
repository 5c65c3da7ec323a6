//! The journal at startup, before anything is appended: damage is set aside and the live file
//! kept small, so starting costs the same after a year of history as on the first day.
//!
//! - A torn tail (the process died mid-line) is cut off and kept in the side file
//!   `journal.jsonl.damaged`, so the next line starts on a fresh line and no later run is lost.
//! - Lines that cannot be read (bad bytes, not JSON, unknown events) go to the same side file,
//!   counted in a message.
//! - Once the live file passes [`ARCHIVE_AFTER`], the runs that finished move to the archive
//!   `journal.jsonl.1` (appended, byte for byte) and only the interrupted ones stay. Startup
//!   reads only the live file; the activity view and undo read the archive a page at a time.
//!
//! Only a console alone with the journal does this: every open journal holds a shared lock on
//! `journal.jsonl.lock`, and upkeep needs it exclusively (replacing the file under another
//! console's writer would lose that console's lines). Otherwise the journal is only read, and
//! its upkeep waits for a start without company.
//!
//! Order of writes: side file and archive first, synced, then the new live file replaces the
//! old one by rename. A crash in between can leave a run in both files (the activity view may
//! list it twice), never in neither.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Entry, RunRecord, Runs, Server, decode, lines};

/// The live file's size past which finished runs are archived at the next start.
pub const ARCHIVE_AFTER: u64 = 4 << 20;

/// Where finished runs of the journal at `live` are archived.
pub fn archive_path(live: &Path) -> PathBuf {
    suffixed(live, ".1")
}

/// The lock file of the journal at `live` (see the module doc).
pub(super) fn lock_file(live: &Path) -> io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(suffixed(live, ".lock"))
}

/// Where unreadable lines of the journal at `live` are set aside.
pub fn damaged_path(live: &Path) -> PathBuf {
    suffixed(live, ".damaged")
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The live journal after upkeep: its runs (oldest first) and what the user should be told.
#[derive(Debug, Default)]
pub struct Startup {
    pub runs: Vec<RunRecord>,
    pub notes: Vec<String>,
    /// Runs moved to the archive this time.
    pub archived: usize,
}

impl Startup {
    /// The interrupted runs to offer for resume: those of `profile` made against `server`. Its
    /// interrupted runs of an unknown server (version 1) are not offered, and a note says so.
    pub fn offer(&mut self, profile: &str, server: &Server) -> Vec<RunRecord> {
        let interrupted = self
            .runs
            .iter()
            .filter(|r| r.profile == profile && r.is_interrupted());
        let unknown = interrupted.clone().filter(|r| r.server.is_none()).count();
        if unknown > 0 {
            self.notes.push(format!(
                "{unknown} interrupted run(s) of this profile were journaled without their server (an older tenantdeck) and are not offered for resume; see the activity log"
            ));
        }
        interrupted
            .filter(|r| r.belongs_to(profile, server))
            .cloned()
            .collect()
    }
}

/// One readable line: which run it belongs to, and its bytes as they are in the file.
struct Kept {
    run: String,
    bytes: Vec<u8>,
}

/// Repairs and compacts the journal at `live` (see the module doc) and reads what stays.
pub fn prepare(live: &Path, archive_after: u64) -> io::Result<Startup> {
    let size = match std::fs::metadata(live) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Startup::default()),
        Err(e) => return Err(e),
    };
    let lock = lock_file(live)?;
    let alone = match lock.try_lock() {
        Ok(()) => true,
        Err(std::fs::TryLockError::WouldBlock) => false,
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    };
    let mut runs = Runs::default();
    let mut kept = Vec::new();
    let mut damaged: Vec<Vec<u8>> = Vec::new();
    let mut torn = None;
    // A whole last line that lost only its newline: the next append would be glued to it.
    let mut unended = false;
    lines::each(live, |line, ended| match decode(line) {
        Ok(entry) => {
            unended |= !ended;
            let run = match &entry {
                Entry::Run { run, .. } | Entry::Start { run, .. } | Entry::Finish { run, .. } => {
                    run.clone()
                }
            };
            runs.apply(entry);
            kept.push(Kept {
                run,
                bytes: line.to_vec(),
            });
        }
        Err(_) if line.iter().all(u8::is_ascii_whitespace) => {}
        Err(_) if !ended => torn = Some(line.to_vec()),
        Err(_) => damaged.push(line.to_vec()),
    })?;
    let mut startup = Startup::default();
    if !alone {
        if torn.is_some() || !damaged.is_empty() {
            startup.notes.push(format!(
                "{} damaged journal line(s); another tenantdeck is using the journal, so they are set aside at a start without it",
                damaged.len() + usize::from(torn.is_some())
            ));
        }
        startup.runs = runs.list;
        return Ok(startup);
    }
    let side = damaged_path(live);
    if torn.is_some() || !damaged.is_empty() {
        let mut out = append_to(&side)?;
        for line in damaged.iter().chain(&torn) {
            out.write_all(line)?;
            out.write_all(b"\n")?;
        }
        out.sync_data()?;
    }
    let mut set_aside = Vec::new();
    match damaged.len() {
        0 => {}
        1 => set_aside.push("1 damaged journal line".to_string()),
        n => set_aside.push(format!("{n} damaged journal lines")),
    }
    if torn.is_some() {
        set_aside.push("the journal's torn last line (tenantdeck stopped mid-write)".into());
    }
    if !set_aside.is_empty() {
        let what = set_aside.join(" and ");
        startup
            .notes
            .push(format!("{what} set aside in {}", side.display()));
    }
    let compact = size > archive_after;
    let mut records = runs.list;
    if compact {
        let (stay, done): (Vec<_>, Vec<_>) = records.into_iter().partition(|r| r.is_interrupted());
        let staying: HashSet<&str> = stay.iter().map(|r| r.run.as_str()).collect();
        let (keep, archive): (Vec<_>, Vec<_>) = kept
            .into_iter()
            .partition(|l| staying.contains(l.run.as_str()));
        let mut out = append_to(&archive_path(live))?;
        for line in &archive {
            out.write_all(&line.bytes)?;
            out.write_all(b"\n")?;
        }
        out.sync_data()?;
        startup.archived = done.len();
        kept = keep;
        records = stay;
    }
    if compact || unended || torn.is_some() || !damaged.is_empty() {
        replace(live, &kept)?;
    }
    startup.runs = records;
    Ok(startup)
}

fn append_to(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

/// Writes `lines` as the new live file: a temporary file, synced, renamed over the old one.
fn replace(live: &Path, lines: &[Kept]) -> io::Result<()> {
    let temporary = suffixed(live, ".tmp");
    let mut out = io::BufWriter::new(File::create(&temporary)?);
    for line in lines {
        out.write_all(&line.bytes)?;
        out.write_all(b"\n")?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    std::fs::rename(&temporary, live)?;
    if let Some(dir) = live.parent()
        && let Ok(dir) = File::open(dir)
    {
        // The rename itself reaches the disk with the directory.
        let _ = dir.sync_all();
    }
    Ok(())
}
