//! The bulk journal: an append-only JSON-lines file, each line flushed and synced to disk before
//! the run goes on, so a crash loses at most the line being written. Reading it back rebuilds
//! every run with the state of each item; the activity view and resume both start here.
//!
//! Lines hold mutations with their passwords removed, never tokens or secrets.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::plan::BulkItem;

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum Entry {
    /// A run begins, with every item it will send.
    Run {
        run: String,
        at: String,
        profile: String,
        action: String,
        items: Vec<BulkItem>,
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
    pub action: String,
    pub items: Vec<BulkItem>,
    pub states: Vec<ItemState>,
}

impl RunRecord {
    /// Items left without an answer: the run was cut short.
    pub fn is_interrupted(&self) -> bool {
        self.states
            .iter()
            .any(|s| matches!(s, ItemState::Pending | ItemState::Unknown))
    }

    pub fn count(&self, test: impl Fn(&ItemState) -> bool) -> usize {
        self.states.iter().filter(|s| test(s)).count()
    }
}

/// The journal file, open for appending.
pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    pub fn open(path: &Path) -> io::Result<Journal> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Journal {
            file,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one line and waits until it is on disk.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        let line = encode(entry)?;
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

fn redacted(entry: &Entry) -> Entry {
    let mut copy = entry.clone();
    if let Entry::Run { items, .. } = &mut copy {
        for item in items {
            item.mutation = item.mutation.without_secrets();
        }
    }
    copy
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
}

impl JournalWriter {
    pub fn spawn(mut journal: Journal) -> JournalWriter {
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
        JournalWriter { lines }
    }

    /// Appends one entry; returns once it is synced to disk.
    pub async fn append(&self, entry: &Entry) -> io::Result<()> {
        let line = encode(entry)?;
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

fn encode(entry: &Entry) -> io::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(&redacted(entry)).map_err(io::Error::other)?;
    line.push(b'\n');
    Ok(line)
}

/// Every run in the journal, oldest first. A missing file has no runs; a torn or unreadable
/// line (the one being written when the process died) is skipped.
pub fn read(path: &Path) -> io::Result<Vec<RunRecord>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut runs: Vec<RunRecord> = Vec::new();
    for line in BufReader::new(file).lines() {
        let Ok(entry) = serde_json::from_str::<Entry>(&line?) else {
            continue;
        };
        apply(&mut runs, entry);
    }
    Ok(runs)
}

/// The state of one item of the newest run with that id.
fn state_of<'a>(runs: &'a mut [RunRecord], run: &str, item: usize) -> Option<&'a mut ItemState> {
    runs.iter_mut()
        .rev()
        .find(|r| r.run == run)?
        .states
        .get_mut(item)
}

fn apply(runs: &mut Vec<RunRecord>, entry: Entry) {
    match entry {
        Entry::Run {
            run,
            at,
            profile,
            action,
            items,
        } => runs.push(RunRecord {
            states: vec![ItemState::Pending; items.len()],
            run,
            at,
            profile,
            action,
            items,
        }),
        Entry::Start { run, item, .. } => {
            if let Some(state) = state_of(runs, &run, item) {
                *state = ItemState::Unknown;
            }
        }
        Entry::Finish {
            run, item, outcome, ..
        } => {
            if let Some(state) = state_of(runs, &run, item) {
                *state = ItemState::Finished(outcome);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Mutation;
    use crate::domain::UserInput;

    fn create(username: &str) -> BulkItem {
        BulkItem {
            target: username.into(),
            before: String::new(),
            after: "created".into(),
            mutation: Mutation::CreateUser {
                org: "o".into(),
                input: UserInput {
                    username: username.into(),
                    password: Some("Secr3t!pass".into()),
                    ..Default::default()
                },
            },
            undo: None,
        }
    }

    #[test]
    fn a_cut_run_reads_back_with_done_unknown_and_pending_items() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let mut journal = Journal::open(&path).unwrap();
        let at = "2026-11-23T00:00:00Z".to_string();
        journal
            .append(&Entry::Run {
                run: "r1".into(),
                at: at.clone(),
                profile: "demo".into(),
                action: "import users".into(),
                items: vec![create("a@x.com"), create("b@x.com"), create("c@x.com")],
            })
            .unwrap();
        for item in 0..2 {
            journal
                .append(&Entry::Start {
                    run: "r1".into(),
                    item,
                    at: at.clone(),
                })
                .unwrap();
        }
        let ok = Outcome::Ok {
            created: Some("id-a".into()),
            verified: false,
        };
        journal
            .append(&Entry::Finish {
                run: "r1".into(),
                item: 0,
                at,
                outcome: ok.clone(),
            })
            .unwrap();
        // A line torn by a crash is skipped.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"event\":\"fin")
            .unwrap();

        let runs = read(&path).unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(
            runs[0].states,
            vec![
                ItemState::Finished(ok),
                ItemState::Unknown,
                ItemState::Pending
            ]
        );
        assert!(runs[0].is_interrupted());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("Secr3t"),
            "passwords never reach the journal: {text}"
        );
    }

    #[test]
    fn a_missing_journal_has_no_runs() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(&dir.path().join("none.jsonl")).unwrap().is_empty());
    }
}
