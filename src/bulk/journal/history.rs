//! The journal's history newest first, a page at a time: the live file, then the archive that
//! [`super::upkeep`] moves finished runs to. The activity view opens on the newest page and
//! asks for older ones as the user scrolls; undo reads back until it finds the last change of
//! its server. Reading a page costs the lines of that page, not the whole history.
//!
//! Going back, an item's newest line comes first (its latest state wins) and its run's header
//! last; lines of runs whose header is further back are carried in the cursor to the next page.
//! A run is one unit: a page ends after the header that brings it to `rows` items or more.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;

use super::lines::Backward;
use super::{Entry, ItemState, RunRecord, decode, upkeep};

/// Where the next older page begins.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    files: Vec<PathBuf>,
    /// Which of `files` is being read, and where its unread lines end (None: at its end).
    file: usize,
    end: Option<u64>,
    /// Item states seen for runs whose header is older than this point.
    seen: HashMap<String, HashMap<usize, ItemState>>,
}

/// Runs of one page, oldest first, and where the next older page begins (None: no more).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub runs: Vec<RunRecord>,
    pub older: Option<Cursor>,
    /// Lines that could not be read on this page.
    pub damaged: usize,
}

impl From<Vec<RunRecord>> for Page {
    /// A page that is the whole history.
    fn from(runs: Vec<RunRecord>) -> Page {
        Page {
            runs,
            ..Page::default()
        }
    }
}

impl Cursor {
    /// The newest end of the history of the journal at `live` (and its archive).
    pub fn newest(live: &std::path::Path) -> Cursor {
        Cursor {
            files: vec![live.to_path_buf(), upkeep::archive_path(live)],
            file: 0,
            end: None,
            seen: HashMap::new(),
        }
    }

    /// Reads back until at least `rows` items are on the page (whole runs) or the history ends.
    pub fn page(self, rows: usize) -> io::Result<Page> {
        self.page_until(rows, |_| false)
    }

    /// Reads back run by run until `found` says yes to one or the history ends (the page then
    /// holds every run read).
    pub fn find(self, found: impl Fn(&RunRecord) -> bool) -> io::Result<Page> {
        self.page_until(usize::MAX, found)
    }

    fn page_until(mut self, rows: usize, found: impl Fn(&RunRecord) -> bool) -> io::Result<Page> {
        let mut page = Page::default();
        let mut count = 0;
        while self.file < self.files.len() {
            let Some(mut lines) = Backward::open(&self.files[self.file], self.end)? else {
                self.next_file();
                continue;
            };
            while let Some(line) = lines.next_line()? {
                let entry = match decode(&line) {
                    Ok(entry) => entry,
                    Err(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
                    Err(_) => {
                        page.damaged += 1;
                        continue;
                    }
                };
                let Some(run) = self.take(entry) else {
                    continue;
                };
                count += run.items.len();
                let stop = found(&run) || count >= rows;
                page.runs.push(run);
                if stop {
                    self.end = Some(lines.position());
                    page.runs.reverse();
                    page.older = Some(self);
                    return Ok(page);
                }
            }
            self.next_file();
        }
        page.runs.reverse();
        Ok(page)
    }

    fn next_file(&mut self) {
        self.file += 1;
        self.end = None;
        // Lines of a run whose header is not in this file have nothing to join any more.
        self.seen.clear();
    }

    /// Notes an item's state, or completes a run when its header comes.
    fn take(&mut self, entry: Entry) -> Option<RunRecord> {
        let (run, item, state) = match entry {
            Entry::Run {
                run,
                at,
                profile,
                server,
                action,
                items,
            } => {
                let mut seen = self.seen.remove(&run).unwrap_or_default();
                let states = (0..items.len())
                    .map(|i| seen.remove(&i).unwrap_or(ItemState::Pending))
                    .collect();
                return Some(RunRecord {
                    run,
                    at,
                    profile,
                    server,
                    action,
                    items,
                    states,
                });
            }
            Entry::Start { run, item, .. } => (run, item, ItemState::Unknown),
            Entry::Finish {
                run, item, outcome, ..
            } => (run, item, ItemState::Finished(outcome)),
        };
        // Going back, the first line seen for an item is its latest.
        self.seen
            .entry(run)
            .or_default()
            .entry(item)
            .or_insert(state);
        None
    }
}
