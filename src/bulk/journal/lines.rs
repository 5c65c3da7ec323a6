//! Journal lines as bytes, oldest first or newest first. Nothing here decodes: a line is
//! whatever lies between two newlines, so one bad byte costs one line, not the file.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Calls `line` with every line of the file, oldest first, without its newline, and whether a
/// newline ended it (only the last can lack one: a torn tail). A missing file has no lines.
pub(super) fn each(path: &Path, mut line: impl FnMut(&[u8], bool)) -> io::Result<()> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        let ended = buf.last() == Some(&b'\n');
        if ended {
            buf.pop();
        }
        line(&buf, ended);
    }
}

const BLOCK: u64 = 1 << 16;

/// Reads a file's lines newest first, a block at a time from the end, so the newest page of a
/// long history costs what that page holds.
pub(super) struct Backward {
    file: File,
    /// Where the bytes not yet read end.
    pos: u64,
    /// The start of a line whose beginning is in an earlier block.
    carry: Vec<u8>,
    /// Complete lines of the current block, newest last.
    ready: Vec<Vec<u8>>,
}

impl Backward {
    /// Starts at `end` (the file's length for its newest line). None for a missing file.
    pub(super) fn open(path: &Path, end: Option<u64>) -> io::Result<Option<Backward>> {
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let pos = match end {
            Some(end) => end,
            None => file.metadata()?.len(),
        };
        Ok(Some(Backward {
            file,
            pos,
            carry: Vec::new(),
            ready: Vec::new(),
        }))
    }

    /// Where the next line (going back) ends: reading again from here gives the same lines.
    pub(super) fn position(&self) -> u64 {
        self.pos
            + self.carry.len() as u64
            + self.ready.iter().map(|l| l.len() as u64 + 1).sum::<u64>()
    }

    /// The next line going back, without its newline.
    pub(super) fn next_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            if let Some(line) = self.ready.pop() {
                return Ok(Some(line));
            }
            if self.pos == 0 {
                return Ok((!self.carry.is_empty()).then(|| std::mem::take(&mut self.carry)));
            }
            let start = self.pos.saturating_sub(BLOCK);
            let mut block = vec![0; (self.pos - start) as usize];
            self.file.seek(SeekFrom::Start(start))?;
            self.file.read_exact(&mut block)?;
            self.pos = start;
            block.append(&mut self.carry);
            let mut parts: Vec<Vec<u8>> =
                block.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            // The first part may begin in an earlier block; the last is empty when the text
            // read so far ended with a newline.
            self.carry = parts.remove(0);
            if parts.last().is_some_and(Vec::is_empty) && self.ready.is_empty() {
                parts.pop();
            }
            self.ready = parts;
        }
    }
}
