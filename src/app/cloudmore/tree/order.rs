//! The orders of the organization list, as `u32` positions into it: each row is sorted by
//! its key's first 16 bytes as a plain number, and only the runs alike so far are read on,
//! 16 bytes more a round (`sorted_by`). A load sorts by name straight from the rows
//! (`NameKeys`); the lowercase search keys (`Keys`) are made once a filter needs them.

use super::index::OrgSort;
use crate::app::search::words::push_key;
use crate::domain::OrganizationSummary;

/// Separates the searched fields inside one key so a match cannot span two of them.
const FIELD_SEPARATOR: char = '\u{1}';

/// `positions` ordered by `sort`, the name key breaking ties (and ordering organizations the
/// API gives no date for).
pub(super) fn ordered(
    keys: NameKeys,
    positions: impl IntoIterator<Item = u32>,
    sort: OrgSort,
    descending: bool,
) -> Vec<u32> {
    let mut scratch = String::new();
    let bytes = |i: u32, offset: usize| {
        let org = &keys.orgs[i as usize];
        let field = match sort {
            OrgSort::Name => return keys.bytes(i, offset, &mut scratch),
            OrgSort::CustomerNumber => &org.customer_number,
            OrgSort::Created => &org.created_date,
        };
        // The field, then the name key: no field holds a NUL, so the one text orders as the
        // pair does.
        scratch.clear();
        scratch.push_str(field);
        scratch.push('\0');
        match keys.made {
            Some(made) => scratch.push_str(made.get(i)),
            None => push_org_key(&mut scratch, org, offset + 16),
        }
        bytes_at(scratch.as_bytes(), offset)
    };
    sorted_by(positions, bytes, descending)
}

/// Where a sort reads the organizations' name keys: the index's, when made; else from the
/// rows, only as far as the sort needs to read them.
#[derive(Clone, Copy)]
pub(super) struct NameKeys<'a> {
    pub orgs: &'a [OrganizationSummary],
    pub made: Option<&'a Keys>,
}

impl NameKeys<'_> {
    /// Bytes `offset..offset + 16` of row `i`'s key, as [`bytes_at`] reads them. A row of
    /// printable ASCII (most are) is read in place; any other is made in `scratch` first.
    fn bytes(self, i: u32, offset: usize, scratch: &mut String) -> Option<u128> {
        if let Some(keys) = self.made {
            return bytes_at(keys.get(i).as_bytes(), offset);
        }
        let org = &self.orgs[i as usize];
        let fields = [&org.name, &org.customer_number, &org.primary_domain].map(|f| f.as_bytes());
        if !fields
            .iter()
            .all(|f| f.iter().all(|b| (b' '..=b'~').contains(b)))
        {
            scratch.clear();
            push_org_key(scratch, org, offset + 16);
            return bytes_at(scratch.as_bytes(), offset);
        }
        // The key as `push_org_key` makes it, read where it would be.
        let parts = [fields[0], &[1], fields[1], &[1], fields[2]];
        let (mut out, mut written, mut at) = ([0u8; 16], 0, 0);
        for part in parts {
            let from = offset.saturating_sub(at).min(part.len());
            for &byte in part[from..].iter().take(16 - written) {
                out[written] = byte.to_ascii_lowercase();
                written += 1;
            }
            at += part.len();
        }
        (written > 0).then_some(u128::from_be_bytes(out))
    }
}

/// An organization's key (`name \1 customer number \1 domain`, lowercase), or at least its
/// first `enough` bytes.
fn push_org_key(out: &mut String, org: &OrganizationSummary, enough: usize) {
    let fields = [&org.name, &org.customer_number, &org.primary_domain];
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(FIELD_SEPARATOR);
        }
        push_key(out, field);
        if out.len() >= enough {
            return;
        }
    }
}

/// The search keys of one list, one after another in one string: made without a string per
/// organization, which 100,000 allocations and their frees made the larger part of a load.
#[derive(Debug, Default)]
pub(super) struct Keys {
    text: String,
    /// Where each key ends in `text` (the next begins there).
    ends: Vec<u32>,
}

impl Keys {
    pub fn of(orgs: &[OrganizationSummary]) -> Keys {
        let length: usize = (orgs.iter())
            .map(|o| o.name.len() + o.customer_number.len() + o.primary_domain.len() + 3)
            .sum();
        let mut keys = Keys {
            text: String::with_capacity(length),
            ends: Vec::with_capacity(orgs.len()),
        };
        for org in orgs {
            push_org_key(&mut keys.text, org, usize::MAX);
            keys.ends.push(keys.text.len() as u32);
        }
        keys
    }

    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}

/// Bytes `offset..offset + 16` of `text` as a number that orders as they do (zero-padded,
/// big-endian); `None` when the text ends at or before `offset`.
pub(super) fn bytes_at(text: &[u8], offset: usize) -> Option<u128> {
    let rest = text.get(offset..).filter(|rest| !rest.is_empty())?;
    let mut bytes = [0u8; 16];
    let n = rest.len().min(bytes.len());
    bytes[..n].copy_from_slice(&rest[..n]);
    Some(u128::from_be_bytes(bytes))
}

/// Where `keyed` has runs of two or more alike.
fn runs_alike(keyed: &[(u128, u32)]) -> Vec<std::ops::Range<usize>> {
    let mut start = 0;
    (keyed.chunk_by(|a, b| a.0 == b.0))
        .filter_map(|run| {
            let rows = start..start + run.len();
            start = rows.end;
            (run.len() > 1).then_some(rows)
        })
        .collect()
}

/// `positions` in the order of their texts (reversed when `descending`), read 16 bytes at a
/// time by `bytes(position, offset)` ([`bytes_at`]). Every position is sorted next to its
/// first 16 bytes, as plain numbers: most comparisons of 100,000 rows are then decided within
/// one array with no text looked at (a lookup per comparison, into strings all over the heap,
/// was most of a load). Runs that begin alike are sorted again by their next 16 bytes, and so
/// on until they differ or end; rows of the same text keep their order in the list.
pub(super) fn sorted_by(
    positions: impl IntoIterator<Item = u32>,
    mut bytes: impl FnMut(u32, usize) -> Option<u128>,
    descending: bool,
) -> Vec<u32> {
    let sort = |keyed: &mut [(u128, u32)]| {
        if descending {
            keyed.sort_unstable_by(|&(pa, a), &(pb, b)| pb.cmp(&pa).then(a.cmp(&b)));
        } else {
            keyed.sort_unstable();
        }
    };
    let mut keyed: Vec<(u128, u32)> = (positions.into_iter())
        .map(|i| (bytes(i, 0).unwrap_or(0), i))
        .collect();
    sort(&mut keyed);
    // Runs still alike, and how far their texts were read.
    let mut alike: Vec<_> = (runs_alike(&keyed).into_iter())
        .map(|run| (run, 16))
        .collect();
    while let Some((run, offset)) = alike.pop() {
        let rows = &mut keyed[run.clone()];
        let mut read_on = false;
        for row in rows.iter_mut() {
            let next = bytes(row.1, offset);
            read_on |= next.is_some();
            row.0 = next.unwrap_or(0);
        }
        // When every text of the run ended, they are the same: in list order already.
        if read_on {
            sort(rows);
            let within = runs_alike(rows).into_iter();
            alike.extend(
                within.map(|rows| (run.start + rows.start..run.start + rows.end, offset + 16)),
            );
        }
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}
