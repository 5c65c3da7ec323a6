//! The actor's cache kept on disk: one SQLite file per profile and server, so that a start
//! shows the last-known lists at once (marked with how old they are) while they revalidate,
//! and `--offline` can browse them with nothing sent.
//!
//! - What is kept: API data only — the [`ResourceData`] the memory cache holds, in the form of
//!   `disk_form.rs` (the organizations list as length-prefixed rows, the rest as JSON) — each
//!   entry with the wall-clock time it was fetched (an `Instant` does not survive a restart).
//!   Never a token, password or client secret: those stay in the client, and no read answer
//!   carries one.
//! - Writes stay off the actor: [`DiskCache::put`] hands the shared data to a writer thread,
//!   which encodes it and writes whatever has queued in one transaction, so a 100,000-row list
//!   costs the actor a channel send.
//! - A write forgets on disk what it forgets in memory: the keys on disk are indexed in key
//!   order and [`scope::touched`] finds the ones a mutation touches — the rule the memory cache
//!   uses, at the cost of what the write touches, not of the whole file.
//! - A file that cannot be read, or is of another format version, is set aside (renamed) with
//!   a note and a new one started: the cache is a copy, never worth a crash.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use super::disk_keys::DiskKeys;
use super::gather;
use super::mutation::Mutation;
use super::resource::{Resource, ResourceData, SharedData};
use super::scope;

/// The layout of the file; a file of another version is set aside and rebuilt. 2: the
/// organizations list as rows (`disk_form.rs`), not JSON.
pub const FORMAT_VERSION: i64 = 2;
/// Overrides where cache files live (the tests keep theirs private).
pub const CACHE_DIR_ENV: &str = "TENANTDECK_CACHE_DIR";

/// Which server a profile's cache is of: a change of any part starts another file, so data of
/// one account is never shown as another's.
#[derive(Debug, Clone, Copy)]
pub struct CacheIdentity<'a> {
    pub profile: &'a str,
    pub provider: &'a str,
    pub api_url: &'a str,
    pub account: &'a str,
}

/// An entry read back from disk.
#[derive(Debug, Clone)]
pub struct Cached {
    pub data: SharedData,
    pub fetched: SystemTime,
}

/// The cache dir: `TENANTDECK_CACHE_DIR`; else `cache/` in `TENANTDECK_DATA_DIR` when that is
/// set (a private data dir keeps its cache private too); else the platform's cache dir.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(CACHE_DIR_ENV) {
        return PathBuf::from(dir);
    }
    if let Some(data) = std::env::var_os(crate::logging::DATA_DIR_ENV) {
        return PathBuf::from(data).join("cache");
    }
    directories::ProjectDirs::from("", "", "tenantdeck")
        .map(|dirs| dirs.cache_dir().to_path_buf())
        .unwrap_or_else(|| std::env::temp_dir().join("tenantdeck-cache"))
}

/// The file of one profile and server: `<dir>/<profile>/<hash of the server>.sqlite3`. The
/// profile is its own folder so that `cache clear --profile P` removes exactly P's files.
pub fn file_for(dir: &Path, id: &CacheIdentity) -> PathBuf {
    let hash = fnv1a(&[id.provider, id.api_url, id.account, id.profile]);
    dir.join(folder_name(id.profile))
        .join(format!("{hash:016x}.sqlite3"))
}

/// The profile's name as one safe path segment (anything but `[A-Za-z0-9_-]` as `%XX`).
fn folder_name(profile: &str) -> String {
    let mut out = String::new();
    for byte in profile.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    if out.is_empty() { "%".into() } else { out }
}

/// FNV-1a over the parts with a separator: stable across builds and Rust versions, unlike
/// the standard hasher, so the same server finds its file again.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Whether a resource's answers are kept on disk: all but gathered reads, which are built
/// from parts that are kept themselves (keeping the whole too would only let it disagree with
/// its parts). Pulse's and Metal's hierarchies, nodes and people are kept like Cloudmore's lists.
pub fn kept_on_disk(resource: &Resource) -> bool {
    !gather::is_gathered(resource)
}

/// The stable text of a key (serde's JSON of the resource).
fn key_text(resource: &Resource) -> String {
    serde_json::to_string(resource).expect("a resource always serializes")
}

fn millis(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

enum Op {
    Put {
        key: String,
        fetched_ms: i64,
        data: SharedData,
    },
    Delete(Vec<String>),
    /// Answered once everything sent before it is written (tests, the benchmark, `Drop`).
    Flush(Sender<()>),
}

/// An entry being read ahead ([`DiskCache::prefetch`]): its key and where its read answers.
type ReadAhead = (String, Receiver<Option<Cached>>);

/// One profile's cache file, open: a reading connection, the writer thread, and the keys it
/// holds in key order.
pub struct DiskCache {
    path: PathBuf,
    reader: Arc<Mutex<Connection>>,
    writer: Option<Sender<Op>>,
    thread: Option<JoinHandle<()>>,
    keys: DiskKeys,
    note: Option<String>,
    prefetched: Mutex<Option<ReadAhead>>,
}

impl DiskCache {
    /// Opens (or starts) the file at `path`. A file that cannot be read or is of another
    /// format is set aside first ([`DiskCache::take_note`] says so); an error is left only
    /// when no file can be made there at all.
    pub fn open(path: &Path) -> Result<DiskCache, String> {
        let failed =
            |e: &dyn std::fmt::Display| format!("cannot open the cache {}: {e}", path.display());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| failed(&e))?;
        }
        let mut note = None;
        if path.exists()
            && let Err(why) = check(path)
        {
            let aside = set_aside(path).map_err(|e| failed(&e))?;
            tracing::warn!(path = %path.display(), aside = %aside.display(), %why, "cache set aside");
            note = Some(format!(
                "the cache file {why}: set aside as {} and rebuilt",
                aside.display()
            ));
        }
        let writer_conn = connect(path).map_err(|e| failed(&e))?;
        let reader = connect(path).map_err(|e| failed(&e))?;
        let keys_conn = connect(path).map_err(|e| failed(&e))?;
        let (keys_tx, keys_rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("disk-cache-keys".into())
            .spawn(move || match read_keys(&keys_conn) {
                Ok(keys) => drop(keys_tx.send(keys)),
                Err(error) => tracing::warn!(%error, "cache keys unreadable"),
            })
            .map_err(|e| failed(&e))?;
        let keys = DiskKeys::loading(keys_rx);
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("disk-cache".into())
            .spawn(move || write_loop(writer_conn, rx))
            .map_err(|e| failed(&e))?;
        Ok(DiskCache {
            path: path.to_path_buf(),
            reader: Arc::new(Mutex::new(reader)),
            writer: Some(tx),
            thread: Some(thread),
            keys,
            note,
            prefetched: Mutex::new(None),
        })
    }

    /// Starts reading `resource` now, on a thread of its own, for the first
    /// [`loader`](Self::loader) of it to take: a console reads its root list while the rest of
    /// it starts (its HTTP client alone takes some 6 ms), not after. A write of it since drops
    /// what was read ahead.
    pub fn prefetch(&self, resource: &Resource) {
        let Some(read) = self.loader(resource) else {
            return;
        };
        let (tx, rx) = mpsc::channel();
        let reading = std::thread::Builder::new()
            .name("disk-cache-ahead".into())
            .spawn(move || drop(tx.send(read())));
        if reading.is_ok() {
            *self.lock_prefetched() = Some((key_text(resource), rx));
        }
    }

    fn lock_prefetched(&self) -> std::sync::MutexGuard<'_, Option<ReadAhead>> {
        self.prefetched
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Drops what was read ahead when its key is among those written.
    fn outdate_prefetch(&self, written: impl Fn(&str) -> bool) {
        let mut prefetched = self.lock_prefetched();
        if prefetched.as_ref().is_some_and(|(read, _)| written(read)) {
            *prefetched = None;
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What happened to an unreadable file when this one was opened, once.
    pub fn take_note(&mut self) -> Option<String> {
        self.note.take()
    }

    /// Whether the file holds `resource` (once its keys are read: this waits for them).
    pub fn contains(&self, resource: &Resource) -> bool {
        self.keys.all(|keys| keys.contains_key(resource))
    }

    /// A read of `resource` to run off the actor (it decodes the whole entry); `None` when the
    /// file surely does not hold it (while its keys are still being read, it may). The read answers `None` too when the entry cannot be decoded
    /// (logged): it is then only a miss, overwritten by the next fetch.
    pub fn loader(
        &self,
        resource: &Resource,
    ) -> Option<impl FnOnce() -> Option<Cached> + Send + 'static> {
        if !self.keys.may_hold(resource) {
            return None;
        }
        let reader = self.reader.clone();
        let key = key_text(resource);
        let mut prefetched = self.lock_prefetched();
        let ahead = match prefetched.take() {
            Some((read, answer)) if read == key => Some(answer),
            other => {
                *prefetched = other;
                None
            }
        };
        drop(prefetched);
        Some(move || {
            if let Some(answer) = ahead {
                return answer.recv().ok().flatten();
            }
            let conn = reader
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            read_entry(&conn, &key)
                .map_err(|error| tracing::warn!(%key, %error, "cache entry unreadable"))
                .ok()
                .flatten()
        })
    }

    /// Keeps a fetched answer (written by the writer thread; nothing is encoded here).
    pub fn put(&mut self, resource: &Resource, data: SharedData) {
        if !kept_on_disk(resource) {
            return;
        }
        let fetched_ms = millis(SystemTime::now());
        let key = key_text(resource);
        self.outdate_prefetch(|read| read == key);
        self.keys.put(resource, fetched_ms);
        self.send(Op::Put {
            key,
            fetched_ms,
            data,
        });
    }

    /// Drops what a successful write touches, by the memory cache's rule.
    pub fn forget(&mut self, mutation: &Mutation) {
        let touched = self.keys.all(|keys| {
            let touched: Vec<Resource> = scope::touched(keys, mutation).cloned().collect();
            for key in &touched {
                keys.remove(key);
            }
            touched
        });
        if touched.is_empty() {
            return;
        }
        let keys: Vec<String> = touched.iter().map(key_text).collect();
        self.outdate_prefetch(|read| keys.iter().any(|key| key == read));
        self.send(Op::Delete(keys));
    }

    /// Waits until everything handed over so far is written.
    pub fn flush(&self) {
        let (tx, rx) = mpsc::channel();
        self.send(Op::Flush(tx));
        let _ = rx.recv_timeout(Duration::from_secs(60));
    }

    fn send(&self, op: Op) {
        if let Some(writer) = &self.writer
            && writer.send(op).is_err()
        {
            tracing::warn!(path = %self.path.display(), "the cache writer stopped");
        }
    }
}

impl Drop for DiskCache {
    /// Lets the writer finish what was handed over: a quit right after a load keeps it.
    fn drop(&mut self) {
        self.writer = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Why the file at `path` cannot be used as it is, if it cannot.
fn check(path: &Path) -> Result<(), String> {
    let conn = Connection::open(path).map_err(|e| format!("could not be read ({e})"))?;
    let version: Option<i64> = conn
        .query_row(
            "SELECT value FROM meta WHERE name = 'format_version'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map_err(|e| format!("could not be read ({e})"))?;
    match version {
        Some(FORMAT_VERSION) => Ok(()),
        Some(other) => Err(format!(
            "is of format version {other} (this build keeps version {FORMAT_VERSION})"
        )),
        None => Err("has no format version".into()),
    }
}

/// Renames the file (and its SQLite side files) out of the way; returns the new name.
fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = millis(SystemTime::now());
    let aside = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
    std::fs::rename(path, &aside)?;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", path.display()));
    }
    Ok(aside)
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    // WAL: the reader reads while the writer writes; NORMAL: a copy needs no fsync per batch.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // A big entry (100,000 organizations are 14 MB) is thousands of pages: read through a
    // mapping they are copied, not each read with a call of its own.
    conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
         CREATE TABLE IF NOT EXISTS entries (
             key TEXT PRIMARY KEY, fetched_ms INTEGER NOT NULL, data BLOB NOT NULL);",
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO meta (name, value) VALUES ('format_version', ?1)",
        [FORMAT_VERSION],
    )?;
    Ok(conn)
}

/// The keys the file holds; a key this build cannot read (a resource since renamed) is
/// dropped from the file.
fn read_keys(conn: &Connection) -> rusqlite::Result<BTreeMap<Resource, i64>> {
    let mut keys = BTreeMap::new();
    let mut unknown = Vec::new();
    {
        let mut rows = conn.prepare("SELECT key, fetched_ms FROM entries")?;
        let rows = rows.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get(1)?)))?;
        for row in rows {
            let (text, fetched) = row?;
            match serde_json::from_str::<Resource>(&text) {
                Ok(key) => drop(keys.insert(key, fetched)),
                Err(_) => unknown.push(text),
            }
        }
    }
    for text in unknown {
        conn.execute("DELETE FROM entries WHERE key = ?1", [text])?;
    }
    Ok(keys)
}

fn read_entry(conn: &Connection, key: &str) -> Result<Option<Cached>, String> {
    // Decoded from SQLite's own copy of the blob: a copy of its megabytes first cost as much
    // as the decode.
    let row: Option<(i64, Result<ResourceData, String>)> = conn
        .query_row(
            "SELECT fetched_ms, data FROM entries WHERE key = ?1",
            [key],
            |row| {
                let data = match row.get_ref(1)? {
                    rusqlite::types::ValueRef::Blob(bytes) => form::decode(bytes),
                    _ => Err("the entry is not a blob".into()),
                };
                Ok((row.get(0)?, data))
            },
        )
        .optional()
        .map_err(|e| e.to_string())?;
    let Some((fetched_ms, data)) = row else {
        return Ok(None);
    };
    Ok(Some(Cached {
        data: Arc::new(data?),
        fetched: UNIX_EPOCH + Duration::from_millis(fetched_ms.max(0) as u64),
    }))
}

/// The writer thread: everything queued goes in one transaction; it ends when the cache is
/// dropped, after writing what was handed over.
fn write_loop(mut conn: Connection, ops: Receiver<Op>) {
    while let Ok(first) = ops.recv() {
        let batch: Vec<Op> = std::iter::once(first).chain(ops.try_iter()).collect();
        let mut flushed = Vec::new();
        if let Err(error) = write_batch(&mut conn, batch, &mut flushed) {
            tracing::warn!(%error, "cache write failed");
        }
        for reply in flushed {
            let _ = reply.send(());
        }
    }
}

fn write_batch(
    conn: &mut Connection,
    batch: Vec<Op>,
    flushed: &mut Vec<Sender<()>>,
) -> rusqlite::Result<()> {
    // A list read again before its last copy was written (a bulk run reloads once per batch)
    // is encoded once: a put that a later op of the batch replaces is skipped.
    let mut last = std::collections::HashMap::new();
    for (at, op) in batch.iter().enumerate() {
        let keys: &[String] = match op {
            Op::Put { key, .. } => std::slice::from_ref(key),
            Op::Delete(keys) => keys,
            Op::Flush(_) => &[],
        };
        for key in keys {
            last.insert(key.clone(), at);
        }
    }
    let tx = conn.transaction()?;
    for (at, op) in batch.into_iter().enumerate() {
        match op {
            Op::Put { key, .. } if last.get(&key) != Some(&at) => {}
            Op::Put {
                key,
                fetched_ms,
                data,
            } => match form::encode(&data) {
                Ok(bytes) => drop(tx.execute(
                    "INSERT OR REPLACE INTO entries (key, fetched_ms, data) VALUES (?1, ?2, ?3)",
                    params![key, fetched_ms, bytes],
                )?),
                Err(error) => tracing::warn!(%key, %error, "not cached on disk"),
            },
            Op::Delete(keys) => {
                for key in keys {
                    tx.execute("DELETE FROM entries WHERE key = ?1", [key])?;
                }
            }
            Op::Flush(reply) => flushed.push(reply),
        }
    }
    tx.commit()
}

/// Removes the cache files of `profile`, or of every profile; returns what was removed.
pub fn clear(dir: &Path, profile: Option<&str>) -> std::io::Result<Vec<PathBuf>> {
    let folders: Vec<PathBuf> = match profile {
        Some(name) => vec![dir.join(folder_name(name))],
        None => match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        },
    };
    let mut removed = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            std::fs::remove_file(&file)?;
            removed.push(file);
        }
        std::fs::remove_dir(&folder)?;
    }
    Ok(removed)
}

#[path = "disk_form.rs"]
mod form;

#[cfg(test)]
#[path = "disk_cache_tests.rs"]
mod tests;
