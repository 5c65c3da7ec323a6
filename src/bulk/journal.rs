//! The bulk journal: an append-only JSON-lines file, each line flushed and synced to disk before
//! the run goes on, so a crash loses at most the line being written. Reading it back rebuilds
//! every run with the state of each item; the activity view, undo and resume all start here.
//!
//! Every write of the console is a run here: bulk runs, and single edits as one-item runs.
//! Lines hold mutations with their passwords removed, never tokens or secrets. Each line is
//! tagged with the format version (`"v":3`); lines without a tag are version 1, read the same
//! way. A run header names the server (provider, API URL and account) it was made against, so
//! undo and resume only offer what belongs to the server the console is on; a version 1 header
//! has no server and is never offered.
//!
//! The file is read line by line as bytes: a line that is not UTF-8, not JSON, or not an entry
//! this version knows is skipped and counted, never fatal. Keeping the file small and its
//! damage out of the way at startup is [`upkeep`]'s job; reading the history newest first, a
//! page at a time, is [`history`]'s.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::plan::{BulkItem, SharedItems};

pub mod history;
mod lines;
pub mod upkeep;

/// The version this code writes. Version 1 lines had no tag and no server on run headers;
/// version 2 headers named no provider (they are Cloudmore's) and called the account
/// `resellerId`.
pub const FORMAT_VERSION: u32 = 3;

/// The server a run was made against: the same profile name may point elsewhere over time
/// (and every `demo` has a stand-in of its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Server {
    pub api_url: String,
    /// Whose data the account sees there: the Cloudmore reseller, the Pulse account.
    #[serde(alias = "resellerId")]
    pub account: String,
    /// Which API (`cloudmore`, `pulse`); version 2 lines are all Cloudmore's.
    #[serde(default = "cloudmore")]
    pub provider: String,
}

fn cloudmore() -> String {
    "cloudmore".into()
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum Entry {
    /// A run begins, with every item it will send. `server` is filled in by the journal that
    /// writes it (None only in version 1 lines).
    Run {
        run: String,
        at: String,
        profile: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        server: Option<Server>,
        action: String,
        #[serde(
            serialize_with = "items_without_secrets",
            deserialize_with = "items_shared"
        )]
        items: SharedItems,
    },
    /// An item is about to be sent.
    Start {
        run: String,
        item: usize,
        at: String,
    },
    /// An item's answer.
    Finish {
        run: String,
        item: usize,
        at: String,
        outcome: Outcome,
    },
}

/// How an item ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum Outcome {
    /// Done; `created` is the new id of a create. `verified` marks an item found already done
    /// on resume, so it was not sent again.
    Ok {
        created: Option<String>,
        #[serde(default)]
        verified: bool,
    },
    Failed {
        message: String,
    },
}

/// Where an item stands according to the journal.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemState {
    /// Never started.
    Pending,
    /// Started, with no answer written: the process died while it was in flight.
    Unknown,
    Finished(Outcome),
}

/// A run as the journal tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub run: String,
    pub at: String,
    pub profile: String,
    /// None for runs journaled before servers were recorded (version 1).
    pub server: Option<Server>,
    pub action: String,
    pub items: SharedItems,
    pub states: Vec<ItemState>,
}

impl RunRecord {
    /// Items left without an answer: the run was cut short.
    pub fn is_interrupted(&self) -> bool {
        self.states
            .iter()
            .any(|s| matches!(s, ItemState::Pending | ItemState::Unknown))
    }

    /// Whether this run was made with `profile` against `server`: only those are offered for
    /// undo and resume.
    pub fn belongs_to(&self, profile: &str, server: &Server) -> bool {
        self.profile == profile && self.server.as_ref() == Some(server)
    }

    pub fn count(&self, test: impl Fn(&ItemState) -> bool) -> usize {
        self.states.iter().filter(|s| test(s)).count()
    }
}

/// The journal file, open for appending.
pub struct Journal {
    file: File,
    path: PathBuf,
    server: Option<Server>,
    _lock: File,
}

impl Journal {
    pub fn open(path: &Path) -> io::Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        // Every open journal holds the lock shared, so no other console's startup upkeep
        // replaces the file under it (see `upkeep`).
        let lock = upkeep::lock_file(path)?;
        lock.lock_shared()?;
        Ok(Journal {
            file,
            path: path.to_path_buf(),
            server: None,
            _lock: lock,
        })
    }

    /// Stamps every run header this journal writes with `server`, so no caller can forget it.
    pub fn with_server(mut self, server: Server) -> Journal {
        self.server = Some(server);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one line and waits until it is on disk.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        let line = encode(entry, self.server.as_ref())?;
        self.write_batch([line.as_slice()])
    }

    fn write_batch<'a>(&mut self, lines: impl IntoIterator<Item = &'a [u8]>) -> io::Result<()> {
        for line in lines {
            self.file.write_all(line)?;
        }
        self.file.flush()?;
        self.file.sync_data()
    }
}

/// A line waiting to be written, with whoever waits for it to be on disk.
type Pending = (Vec<u8>, tokio::sync::oneshot::Sender<Result<(), String>>);

/// The journal shared by the concurrent items of a run. One writer thread owns the file and
/// syncs once per batch of lines that arrived together (group commit), so eight items in
/// flight cost one disk sync, not eight, while each item still waits until its line is on
/// disk before it goes on.
#[derive(Clone)]
pub struct JournalWriter {
    lines: std::sync::mpsc::Sender<Pending>,
    server: Option<Server>,
}

impl JournalWriter {
    pub fn spawn(mut journal: Journal) -> JournalWriter {
        let server = journal.server.clone();
        let (lines, incoming) = std::sync::mpsc::channel::<Pending>();
        std::thread::spawn(move || {
            while let Ok(first) = incoming.recv() {
                let mut batch = vec![first];
                batch.extend(incoming.try_iter());
                let result = journal
                    .write_batch(batch.iter().map(|(line, _)| line.as_slice()))
                    .map_err(|e| e.to_string());
                for (_, done) in batch {
                    let _ = done.send(result.clone());
                }
            }
        });
        JournalWriter { lines, server }
    }

    /// The server this journal stamps on run headers.
    pub fn server(&self) -> Option<&Server> {
        self.server.as_ref()
    }

    /// Appends one entry; returns once it is synced to disk.
    pub async fn append(&self, entry: &Entry) -> io::Result<()> {
        let line = encode(entry, self.server.as_ref())?;
        let (done, written) = tokio::sync::oneshot::channel();
        self.lines
            .send((line, done))
            .map_err(|_| io::Error::other("the journal writer stopped"))?;
        written
            .await
            .map_err(|_| io::Error::other("the journal writer stopped"))?
            .map_err(io::Error::other)
    }
}

/// One journal line as written: the version tag, then the entry's fields, passwords removed
/// and the run header stamped with `server` when it names none.
pub fn encode(entry: &Entry, server: Option<&Server>) -> io::Result<Vec<u8>> {
    let stamped;
    let entry = match entry {
        Entry::Run { server: None, .. } if server.is_some() => {
            // Cheap: the items are shared, not copied.
            let mut copy = entry.clone();
            if let Entry::Run { server: s, .. } = &mut copy {
                *s = server.cloned();
            }
            stamped = copy;
            &stamped
        }
        _ => entry,
    };
    let json = serde_json::to_vec(entry).map_err(io::Error::other)?;
    // An entry serializes as `{"event":…}`; the tag goes in front of its first field.
    let mut line = format!("{{\"v\":{FORMAT_VERSION},").into_bytes();
    line.extend_from_slice(&json[1..]);
    line.push(b'\n');
    Ok(line)
}

/// A run header's items as written: each without its passwords. Only an item that has one is
/// copied (to blank it), one at a time, so a 100,000-item header costs its line, not a second
/// copy of the plan.
fn items_without_secrets<S: serde::Serializer>(
    items: &SharedItems,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(items.iter().map(BulkItem::without_secrets))
}

fn items_shared<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<SharedItems, D::Error> {
    Vec::<BulkItem>::deserialize(deserializer).map(SharedItems::from)
}

/// Why a line could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    NotUtf8,
    NotAnEntry,
    /// Written by a newer tenantdeck.
    NewerVersion,
}

/// One line back into an entry (without its newline).
pub fn decode(line: &[u8]) -> Result<Entry, Damage> {
    let text = std::str::from_utf8(line).map_err(|_| Damage::NotUtf8)?;
    if version(text).is_some_and(|v| v > FORMAT_VERSION) {
        return Err(Damage::NewerVersion);
    }
    serde_json::from_str(text).map_err(|_| Damage::NotAnEntry)
}

/// The `"v"` tag of a line as this code writes it (first field); None for version 1 lines.
fn version(text: &str) -> Option<u32> {
    let rest = text.strip_prefix("{\"v\":")?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..digits].parse().ok()
}

/// The journal as read: every run, oldest first, and how many lines could not be read.
#[derive(Debug, Default)]
pub struct Reading {
    pub runs: Vec<RunRecord>,
    pub damaged: usize,
}

/// Every run in the journal, oldest first. A missing file has no runs; a line that cannot be
/// read (the one being written when the process died, or damage) is skipped.
pub fn read(path: &Path) -> io::Result<Vec<RunRecord>> {
    read_counted(path).map(|r| r.runs)
}

/// [`read`], counting the lines it skipped.
pub fn read_counted(path: &Path) -> io::Result<Reading> {
    let mut runs = Runs::default();
    let mut damaged = 0;
    lines::each(path, |line, _| match decode(line) {
        Ok(entry) => runs.apply(entry),
        Err(_) if line.iter().all(u8::is_ascii_whitespace) => {}
        Err(_) => damaged += 1,
    })?;
    Ok(Reading {
        runs: runs.list,
        damaged,
    })
}

/// Runs rebuilt line by line, oldest first.
#[derive(Default)]
struct Runs {
    list: Vec<RunRecord>,
    /// The position of the newest run with each id.
    index: HashMap<String, usize>,
}

impl Runs {
    fn state(&mut self, run: &str, item: usize) -> Option<&mut ItemState> {
        let at = *self.index.get(run)?;
        self.list[at].states.get_mut(item)
    }

    fn apply(&mut self, entry: Entry) {
        match entry {
            Entry::Run {
                run,
                at,
                profile,
                server,
                action,
                items,
            } => {
                self.index.insert(run.clone(), self.list.len());
                self.list.push(RunRecord {
                    states: vec![ItemState::Pending; items.len()],
                    run,
                    at,
                    profile,
                    server,
                    action,
                    items,
                });
            }
            Entry::Start { run, item, .. } => {
                if let Some(state) = self.state(&run, item) {
                    *state = ItemState::Unknown;
                }
            }
            Entry::Finish {
                run, item, outcome, ..
            } => {
                if let Some(state) = self.state(&run, item) {
                    *state = ItemState::Finished(outcome);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
