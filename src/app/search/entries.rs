//! A chunk's entries as the search keeps them: one allocation a chunk, 8 bytes of head an
//! entry, the texts one after another, and — when every entry of the chunk ends with an id
//! written as a GUID, as the APIs write ids — those ids as 16 bytes each instead of 38
//! characters. At 1,000,000 entries that is 21 MB of the index.
//!
//! The entries of one chunk may come in parts, each named by a number its source chooses
//! (the indexed source keeps an owner's lists in one chunk, a part a list): the parts' names
//! and ends follow the ids, 8 bytes a part.
//!
//! An entry reads back exactly as it was pushed: [`SearchEntry::whole`] writes a packed id
//! out again (the same lower-case text), so matching, highlighting and what Enter opens see
//! what they would have seen.

use std::borrow::Cow;

use uuid::Uuid;

use super::Kind;

/// One searchable thing, as a chunk lends it ([`Entries::get`]). The label and the secondary
/// text are one haystack, so the words of a query may fall in either ("lena acme.se").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchEntry<'a> {
    pub kind: Kind,
    /// The label and the secondary text, but for a packed id.
    text: &'a str,
    /// The last part of the secondary text, packed; it follows `text` after a separator.
    guid: Option<&'a [u8; GUID]>,
    /// Where the label ends in `text` (bytes); a separator follows it.
    pub(super) label_len: u32,
    /// The whole text is ASCII: the matcher reads its bytes as they are, with no scan per
    /// search to learn it.
    pub(super) ascii: bool,
}

/// Between the label and the secondary text: a space, so a word boundary for the matcher.
const SEPARATOR: &str = "  ";

/// Bytes of a packed id, and characters of one written out.
const GUID: usize = 16;
pub(super) const GUID_TEXT: usize = 36;

impl<'a> SearchEntry<'a> {
    /// What is matched: the label, then the secondary text. Lent as it is kept, or written
    /// out in `out` when its id is packed.
    pub fn whole<'b>(&self, out: &'b mut String) -> &'b str
    where
        'a: 'b,
    {
        let Some(guid) = self.guid else {
            return self.text;
        };
        out.clear();
        out.push_str(self.text);
        out.push_str(SEPARATOR);
        out.push_str(guid_text(guid, &mut [0; GUID_TEXT]));
        out
    }

    /// [`whole`](Self::whole) as a string of its own, for tests.
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.whole(&mut String::new()).to_string()
    }

    pub fn label(&self) -> &'a str {
        &self.text[..self.label_len as usize]
    }

    /// The secondary text of `whole` (what [`whole`](Self::whole) gave), its parts separated
    /// by two spaces.
    pub fn secondary<'b>(&self, whole: &'b str) -> &'b str {
        let rest = &whole[self.label_len as usize..];
        rest.strip_prefix(SEPARATOR).unwrap_or(rest)
    }

    /// The last part of the secondary text (an entry's id, as `loaded::entries_of` makes
    /// them).
    pub fn last_part(&self) -> Option<Cow<'a, str>> {
        if let Some(guid) = self.guid {
            let id = guid_text(guid, &mut [0; GUID_TEXT]).to_string();
            return Some(Cow::Owned(id));
        }
        let rest = &self.text[self.label_len as usize..];
        let last = rest.rsplit(SEPARATOR).next().filter(|_| !rest.is_empty());
        last.map(Cow::Borrowed)
    }

    /// Characters (not bytes) before the secondary text starts: highlight indices at or past
    /// it belong to the secondary text.
    pub fn secondary_start(&self) -> usize {
        let label_chars = self.label().chars().count();
        if self.text.len() > self.label_len as usize || self.guid.is_some() {
            label_chars + SEPARATOR.len()
        } else {
            label_chars
        }
    }
}

/// The entries of one chunk, in one allocation made once ([`EntriesBuilder`]) and kept at
/// its size: 8 bytes each of where each starts, where its label ends and what it is, then
/// their texts one after another, then (when packed) their ids. A million entries are a
/// million texts, not a million allocations, and 300,000 chunks (100,000 organizations)
/// one each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entries {
    /// The heads ([`Head::SIZE`] bytes each), the texts, then [`GUID`] bytes an entry when
    /// `ids_packed`. Never written after `EntriesBuilder::finish`: the bytes between the
    /// heads and the ids are the UTF-8 it packed.
    packed: Box<[u8]>,
    /// How many: kept here, not in `packed`, because a search skips chunks by their count
    /// and 300,000 of them must not be 300,000 reads of memory elsewhere.
    count: u32,
    /// Every entry's last part is a packed id.
    ids_packed: bool,
    /// How many parts ([`EntriesBuilder::part`]) the entries are in; 0 when none was begun.
    parts: u16,
}

const _: () = assert!(std::mem::size_of::<Entries>() == 24);

/// Bytes of a part's name and end.
const PART: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    start: u32,
    label_len: u16,
    kind: Kind,
    ascii: bool,
}

impl Head {
    const SIZE: usize = 8;

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.start.to_le_bytes());
        out.extend_from_slice(&self.label_len.to_le_bytes());
        out.extend_from_slice(&[self.kind as u8, u8::from(self.ascii)]);
    }

    fn read(bytes: &[u8]) -> Option<Head> {
        let [a, b, c, d, e, f, kind, ascii] = *bytes else {
            return None;
        };
        Some(Head {
            start: u32::from_le_bytes([a, b, c, d]),
            label_len: u16::from_le_bytes([e, f]),
            kind: *Kind::ALL.get(usize::from(kind))?,
            ascii: ascii != 0,
        })
    }
}

/// The longest label kept (bytes); what a label holds past it is dropped. A name that long
/// is not a name, and two bytes a head are 2 MB of a million entries.
const LONGEST_LABEL: usize = u16::MAX as usize;

/// What a chunk past the last lends.
static NO_ENTRIES: std::sync::LazyLock<Entries> = std::sync::LazyLock::new(Entries::default);

/// `part` as a packed id, if it is a GUID written as [`SearchEntry::whole`] writes one out
/// (lower case, with hyphens): only then does it read back the same.
pub(super) fn packed_id(part: &str) -> Option<[u8; GUID]> {
    let id = Uuid::try_parse(part).ok()?;
    let mut text = [0; GUID_TEXT];
    (id.hyphenated().encode_lower(&mut text) == part).then(|| id.into_bytes())
}

/// A packed id written out as it was before it was packed.
pub(super) fn guid_text<'a>(guid: &[u8; GUID], out: &'a mut [u8; GUID_TEXT]) -> &'a str {
    Uuid::from_bytes(*guid).hyphenated().encode_lower(out)
}

/// Entries being made, one [`push`](EntriesBuilder::push) at a time; [`finish`] packs them.
///
/// [`finish`]: EntriesBuilder::finish
#[derive(Debug)]
pub struct EntriesBuilder {
    text: String,
    heads: Vec<Head>,
    /// The ids taken out of `text` while every entry's last part was a GUID; `None` once one
    /// was not (they were written back then).
    ids: Option<Vec<[u8; GUID]>>,
    /// The parts begun: each one's name and the row it begins at.
    parts: Vec<(u32, u32)>,
}

impl Default for EntriesBuilder {
    fn default() -> Self {
        EntriesBuilder {
            text: String::new(),
            heads: Vec::new(),
            ids: Some(Vec::new()),
            parts: Vec::new(),
        }
    }
}

impl EntriesBuilder {
    /// Adds an entry. The texts are kept as the screen shows them (`ui::text::sanitize`): a
    /// name holding escape sequences or invisible characters is found by what the user reads,
    /// and the matched positions are those of the shown text.
    pub fn push(&mut self, kind: Kind, label: &str, secondary: &[&str]) {
        let start = self.text.len();
        crate::ui::text::push_sanitized(&mut self.text, label);
        if self.text.len() - start > LONGEST_LABEL {
            let mut end = start + LONGEST_LABEL;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
            self.text.truncate(end);
        }
        let label_len = self.text.len() - start;
        // Where the last part's separator is.
        let mut last = None;
        for part in secondary.iter().filter(|s| !s.trim().is_empty()) {
            last = Some(self.text.len());
            self.text.push_str(SEPARATOR);
            crate::ui::text::push_sanitized(&mut self.text, part);
        }
        self.heads.push(Head {
            start: start as u32,
            label_len: label_len as u16,
            kind,
            ascii: self.text[start..].is_ascii(),
        });
        self.pack_last_part(last);
    }

    /// The entry just pushed has its last part after the separator at `last` (if it has a
    /// secondary text): packed when it is a GUID and all before it were.
    fn pack_last_part(&mut self, last: Option<usize>) {
        let id = last.and_then(|at| Some((at, packed_id(&self.text[at + SEPARATOR.len()..])?)));
        match (&mut self.ids, id) {
            (Some(ids), Some((at, id))) => {
                ids.push(id);
                self.text.truncate(at);
            }
            (Some(_), None) => self.write_ids_back(),
            (None, _) => {}
        }
    }

    /// Entries from this row on are in a part named `name` (until the next part begins).
    pub fn part(&mut self, name: u32) {
        self.parts.push((name, self.heads.len() as u32));
    }

    /// Adds a copy of an entry of other entries, as it was pushed there.
    pub fn push_copy(&mut self, entry: SearchEntry) {
        let start = self.text.len();
        self.text.push_str(entry.text);
        self.heads.push(Head {
            start: start as u32,
            label_len: entry.label_len as u16,
            kind: entry.kind,
            ascii: entry.ascii,
        });
        let Some(guid) = entry.guid else {
            let secondary = start + entry.label_len as usize;
            let last = self.text[secondary..].rfind(SEPARATOR);
            return self.pack_last_part(last.map(|at| secondary + at));
        };
        match &mut self.ids {
            Some(ids) => ids.push(*guid),
            None => {
                self.text.push_str(SEPARATOR);
                self.text.push_str(guid_text(guid, &mut [0; GUID_TEXT]));
            }
        }
    }

    /// An entry whose last part is not a GUID came: the ids packed so far go back into the
    /// text, where this chunk keeps them all.
    fn write_ids_back(&mut self) {
        let Some(ids) = self.ids.take() else { return };
        if ids.is_empty() {
            return;
        }
        let was = std::mem::take(&mut self.text);
        let mut text = String::with_capacity(was.len() + ids.len() * (SEPARATOR.len() + GUID_TEXT));
        let ends: Vec<usize> = (self.heads.iter().skip(1).map(|h| h.start as usize))
            .chain([was.len()])
            .collect();
        for (head, (row, end)) in self.heads.iter_mut().zip(ends.into_iter().enumerate()) {
            let start = std::mem::replace(&mut head.start, text.len() as u32) as usize;
            text.push_str(&was[start..end]);
            if let Some(id) = ids.get(row) {
                text.push_str(SEPARATOR);
                text.push_str(guid_text(id, &mut [0; GUID_TEXT]));
            }
        }
        self.text = text;
    }

    /// The entries, packed in one allocation of their size.
    pub fn finish(self) -> Entries {
        let ids = self.ids.unwrap_or_default();
        // A part's end is where the next begins; the parts past `u16::MAX` are the last one's.
        let parts = &self.parts[..self.parts.len().min(usize::from(u16::MAX))];
        let ends =
            (parts.iter().skip(1).map(|&(_, begins)| begins)).chain([self.heads.len() as u32]);
        let size =
            self.heads.len() * Head::SIZE + self.text.len() + ids.len() * GUID + parts.len() * PART;
        let mut packed = Vec::with_capacity(size);
        self.heads.iter().for_each(|head| head.write(&mut packed));
        packed.extend_from_slice(self.text.as_bytes());
        ids.iter().for_each(|id| packed.extend_from_slice(id));
        for (&(name, _), end) in parts.iter().zip(ends) {
            packed.extend_from_slice(&name.to_le_bytes());
            packed.extend_from_slice(&end.to_le_bytes());
        }
        Entries {
            packed: packed.into_boxed_slice(),
            count: self.heads.len() as u32,
            ids_packed: !ids.is_empty(),
            parts: parts.len() as u16,
        }
    }
}

impl Entries {
    /// No entries, to lend where there are none.
    pub fn none() -> &'static Entries {
        &NO_ENTRIES
    }

    pub fn builder() -> EntriesBuilder {
        EntriesBuilder::default()
    }

    /// These entries, to add to.
    pub fn into_builder(self) -> EntriesBuilder {
        let ids = (0..self.len()).filter_map(|row| self.guid(row).copied());
        EntriesBuilder {
            text: self.text().to_string(),
            heads: (0..self.len()).filter_map(|row| self.head(row)).collect(),
            ids: (self.ids_packed || self.is_empty()).then(|| ids.collect()),
            parts: (self.parts().map(|(name, rows)| (name, rows.start as u32))).collect(),
        }
    }

    /// The parts, each its name and its rows, in order (none when no part was begun; the
    /// first holds any rows pushed before it was begun).
    pub fn parts(&self) -> impl Iterator<Item = (u32, std::ops::Range<usize>)> + '_ {
        let table = &self.packed[self.parts_start()..];
        let read = |at: usize| {
            let bytes: [u8; 4] = table[at..at + 4].try_into().expect("four bytes");
            u32::from_le_bytes(bytes)
        };
        let mut begins = 0;
        (0..usize::from(self.parts)).map(move |part| {
            let (name, end) = (read(part * PART), read(part * PART + 4) as usize);
            let rows = std::mem::replace(&mut begins, end)..end;
            (name, rows)
        })
    }

    /// The part row `row` is in, and its rows.
    pub fn part_of(&self, row: usize) -> Option<(u32, std::ops::Range<usize>)> {
        self.parts().find(|(_, rows)| rows.contains(&row))
    }

    /// These entries but for the parts `dropped` names.
    pub fn without(&self, dropped: impl Fn(u32) -> bool) -> Entries {
        let mut kept = Entries::builder();
        for (name, rows) in self.parts().filter(|(name, _)| !dropped(*name)) {
            kept.part(name);
            rows.filter_map(|row| self.get(row))
                .for_each(|e| kept.push_copy(e));
        }
        kept.finish()
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// The bytes the entries take (their one allocation), for tests.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn head(&self, row: usize) -> Option<Head> {
        if row >= self.len() {
            return None;
        }
        let at = row * Head::SIZE;
        Head::read(self.packed.get(at..at + Head::SIZE)?)
    }

    /// Where the parts' table starts (the end when there is none).
    fn parts_start(&self) -> usize {
        self.packed.len() - usize::from(self.parts) * PART
    }

    /// Where the packed ids start.
    fn ids_start(&self) -> usize {
        let ids = if self.ids_packed {
            self.len() * GUID
        } else {
            0
        };
        self.parts_start().saturating_sub(ids)
    }

    fn guid(&self, row: usize) -> Option<&[u8; GUID]> {
        if !self.ids_packed || row >= self.len() {
            return None;
        }
        let at = self.ids_start() + row * GUID;
        self.packed.get(at..at + GUID)?.try_into().ok()
    }

    /// All the entries' texts.
    fn text(&self) -> &str {
        let end = self.ids_start();
        let start = (self.len() * Head::SIZE).min(end);
        // SAFETY: between the heads and the ids, `packed` holds the bytes of the `String`
        // that `EntriesBuilder::finish` packed, unchanged since (`packed` is private and
        // written nowhere else), so they are UTF-8.
        unsafe { std::str::from_utf8_unchecked(&self.packed[start..end]) }
    }

    pub fn get(&self, row: usize) -> Option<SearchEntry<'_>> {
        let head = self.head(row)?;
        let text = self.text();
        let end = (self.head(row + 1)).map_or(text.len(), |next| next.start as usize);
        Some(SearchEntry {
            kind: head.kind,
            text: text.get(head.start as usize..end)?,
            guid: self.guid(row),
            label_len: u32::from(head.label_len),
            ascii: head.ascii,
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = SearchEntry<'_>> {
        (0..self.len()).filter_map(|row| self.get(row))
    }
}
