//! The stored form of a disk cache entry. The organizations list — the one entry of 100,000
//! rows that a warm start waits for — is kept as length-prefixed fields in chunks of rows, read
//! with one copy per field and no parsing, the chunks on as many threads as there are cores;
//! every other entry is serde's JSON of its [`ResourceData`].
//!
//! Why not JSON for that list too: decoding its 22 MB took most of a warm start. Why not a
//! serde binary format: none is a dependency, and the non-self-describing ones cannot follow
//! a field skipped when empty (`address`) nor the lenient decoders of other types.

use std::mem::MaybeUninit;

use compact_str::CompactString;

use crate::domain::{OrganizationAddress, OrganizationSummary};

use crate::api::resource::ResourceData;

/// The first byte of the organizations' form; JSON of a [`ResourceData`] starts with `{`.
const ORGANIZATIONS: u8 = 1;
/// Rows per chunk: enough chunks for any core count, few enough that the table is small.
const CHUNK_ROWS: usize = 4096;
/// Below this many rows a thread costs more than it saves.
const PARALLEL_FROM: usize = 2 * CHUNK_ROWS;
/// The fewest bytes a row takes (six empty strings and two flags): a damaged row count is
/// refused before room is made for it.
const ROW_BYTES_AT_LEAST: usize = 6 * 4 + 2;

/// The entry's bytes as stored.
pub fn encode(data: &ResourceData) -> serde_json::Result<Vec<u8>> {
    match data {
        ResourceData::Organizations(list) => Ok(encode_organizations(list)),
        other => serde_json::to_vec(other),
    }
}

/// The entry read back; an error for bytes of neither form, or cut short.
pub fn decode(bytes: &[u8]) -> Result<ResourceData, String> {
    match bytes.split_first() {
        Some((&ORGANIZATIONS, rest)) => decode_organizations(rest).map(ResourceData::Organizations),
        _ => serde_json::from_slice(bytes).map_err(|e| e.to_string()),
    }
}

/// `ORGANIZATIONS`, the row count, the chunk count, each chunk's length in bytes, the chunks.
fn encode_organizations(list: &[OrganizationSummary]) -> Vec<u8> {
    let chunks: Vec<Vec<u8>> = list
        .chunks(CHUNK_ROWS)
        .map(|rows| {
            let mut chunk = Vec::with_capacity(rows.len() * 160);
            for org in rows {
                put_org(&mut chunk, org);
            }
            chunk
        })
        .collect();
    let body: usize = chunks.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(1 + 8 + 8 * chunks.len() + body);
    out.push(ORGANIZATIONS);
    put_len(&mut out, list.len());
    put_len(&mut out, chunks.len());
    for chunk in &chunks {
        put_len(&mut out, chunk.len());
    }
    for chunk in &chunks {
        out.extend_from_slice(chunk);
    }
    out
}

fn decode_organizations(bytes: &[u8]) -> Result<Vec<OrganizationSummary>, String> {
    let mut header = Reader(bytes);
    let rows = header.len()?;
    let count = header.len()?;
    if count != rows.div_ceil(CHUNK_ROWS) || count > header.0.len() / 8 {
        return Err(format!("{count} chunks for {rows} rows"));
    }
    let mut lengths = Vec::with_capacity(count);
    for _ in 0..count {
        lengths.push(header.len()?);
    }
    let mut rest = header.0;
    let mut chunks = Vec::with_capacity(count);
    for length in lengths {
        chunks.push(Reader(rest).take(length)?);
        rest = &rest[length..];
    }
    if !rest.is_empty() {
        return Err(format!("{} bytes after the last chunk", rest.len()));
    }
    if rows > bytes.len() / ROW_BYTES_AT_LEAST {
        return Err(format!("{rows} rows cannot fit in {} bytes", bytes.len()));
    }
    // Room for every row before the threads start, so each writes its own part in place. It is
    // not filled with defaults first: that pass, and its page faults on one thread, took a
    // third of the decode.
    let mut out = Vec::with_capacity(rows);
    let slots = &mut out.spare_capacity_mut()[..rows];
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let written = if threads < 2 || rows < PARALLEL_FROM {
        fill_part(slots, &chunks)?
    } else {
        let per_thread = count.div_ceil(threads);
        let parts: Vec<_> = std::thread::scope(|scope| {
            let parts = slots
                .chunks_mut(per_thread * CHUNK_ROWS)
                .zip(chunks.chunks(per_thread));
            let running: Vec<_> = parts
                .map(|(slots, part)| scope.spawn(move || fill_part(slots, part)))
                .collect();
            (running.into_iter())
                .map(|thread| thread.join().unwrap_or(Err("a decoder stopped".into())))
                .collect()
        });
        let parts: Vec<Vec<Written>> = parts.into_iter().collect::<Result<_, _>>()?;
        parts.into_iter().flatten().collect()
    };
    // The chunks cover all `rows` (their count was checked against it) and each `Written` is
    // a whole chunk's; counted again all the same, as `set_len` relies on it.
    if written.iter().map(|part| part.len).sum::<usize>() != rows {
        return Err("the chunks do not cover the rows".into());
    }
    written.into_iter().for_each(std::mem::forget);
    // SAFETY: the first `rows` slots were all written: counted just above.
    unsafe { out.set_len(rows) };
    Ok(out)
}

/// Rows written into room that is not yet part of the list: dropped again if the decode fails
/// (a damaged entry leaks nothing), forgotten once every row is in.
struct Written<'a> {
    slots: &'a mut [MaybeUninit<OrganizationSummary>],
    len: usize,
}

impl Drop for Written<'_> {
    fn drop(&mut self) {
        for slot in &mut self.slots[..self.len] {
            // SAFETY: the first `len` slots were written by `fill`.
            unsafe { slot.assume_init_drop() };
        }
    }
}

/// Decodes consecutive chunks into their slots, `CHUNK_ROWS` a chunk.
fn fill_part<'a>(
    slots: &'a mut [MaybeUninit<OrganizationSummary>],
    chunks: &[&[u8]],
) -> Result<Vec<Written<'a>>, String> {
    (slots.chunks_mut(CHUNK_ROWS).zip(chunks))
        .map(|(slots, chunk)| fill(slots, chunk))
        .collect()
}

/// Decodes one chunk into its slots; the chunk must hold exactly that many rows.
fn fill<'a>(
    slots: &'a mut [MaybeUninit<OrganizationSummary>],
    chunk: &[u8],
) -> Result<Written<'a>, String> {
    let mut reader = Reader(chunk);
    let mut written = Written { slots, len: 0 };
    while written.len < written.slots.len() {
        written.slots[written.len].write(reader.org()?);
        written.len += 1;
    }
    if !reader.0.is_empty() {
        return Err("a chunk holds more rows than it says".into());
    }
    Ok(written)
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    out.extend_from_slice(&(len as u64).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn put_org(out: &mut Vec<u8>, org: &OrganizationSummary) {
    // Taken apart whole, so a field added to the type does not compile until it is kept here.
    let OrganizationSummary {
        id,
        name,
        customer_number,
        primary_domain,
        is_active,
        country_code,
        address,
        created_date,
    } = org;
    for text in [
        id,
        name,
        customer_number,
        primary_domain,
        country_code,
        created_date,
    ] {
        put_str(out, text);
    }
    out.push(u8::from(*is_active));
    match address {
        None => out.push(0),
        Some(address) => {
            let OrganizationAddress {
                street,
                postal_code,
                city,
                country_code,
            } = &**address;
            out.push(1);
            for text in [street, postal_code, city, country_code] {
                put_str(out, text);
            }
        }
    }
}

/// What is left of the bytes to read.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        if n > self.0.len() {
            return Err("the entry is cut short".into());
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn len(&mut self) -> Result<usize, String> {
        let bytes: [u8; 8] = self.take(8)?.try_into().expect("8 bytes");
        usize::try_from(u64::from_le_bytes(bytes)).map_err(|e| e.to_string())
    }

    fn str(&mut self) -> Result<&'a str, String> {
        let bytes: [u8; 4] = self.take(4)?.try_into().expect("4 bytes");
        let text = self.take(u32::from_le_bytes(bytes) as usize)?;
        std::str::from_utf8(text).map_err(|e| e.to_string())
    }

    fn string(&mut self) -> Result<String, String> {
        self.str().map(str::to_owned)
    }

    /// A row's text: most fit in place, so most rows read without an allocation.
    fn text(&mut self) -> Result<CompactString, String> {
        self.str().map(CompactString::from)
    }

    fn org(&mut self) -> Result<OrganizationSummary, String> {
        let id = self.text()?;
        let name = self.text()?;
        let customer_number = self.text()?;
        let primary_domain = self.text()?;
        let country_code = self.text()?;
        let created_date = self.text()?;
        let is_active = match self.byte()? {
            0 => false,
            1 => true,
            other => return Err(format!("{other} is not a flag")),
        };
        let address = match self.byte()? {
            0 => None,
            1 => Some(Box::new(OrganizationAddress {
                street: self.string()?,
                postal_code: self.string()?,
                city: self.string()?,
                country_code: self.string()?,
            })),
            other => return Err(format!("{other} is not a flag")),
        };
        Ok(OrganizationSummary {
            id,
            name,
            customer_number,
            primary_domain,
            is_active,
            country_code,
            address,
            created_date,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(i: usize) -> OrganizationSummary {
        OrganizationSummary {
            id: format!("org-{i}").into(),
            name: format!("Béla & Søn {i} \"ApS\"").into(),
            customer_number: format!("C-{i}").into(),
            primary_domain: format!("t{i}.example.com").into(),
            is_active: !i.is_multiple_of(3),
            country_code: "SE".into(),
            address: i.is_multiple_of(2).then(|| {
                Box::new(OrganizationAddress {
                    street: "Storgatan 1".into(),
                    postal_code: "111 22".into(),
                    city: "Göteborg".into(),
                    country_code: "SE".into(),
                })
            }),
            created_date: "2025-01-01T00:00:00Z".into(),
        }
    }

    fn round_trip(data: &ResourceData) -> ResourceData {
        decode(&encode(data).unwrap()).unwrap()
    }

    #[test]
    fn organizations_come_back_as_they_went_in_on_one_thread_or_several() {
        for rows in [0, 1, CHUNK_ROWS, PARALLEL_FROM + 3] {
            let data = ResourceData::Organizations((0..rows).map(org).collect());
            let bytes = encode(&data).unwrap();
            assert_eq!(bytes[0], ORGANIZATIONS);
            assert_eq!(round_trip(&data), data, "{rows} rows");
        }
    }

    #[test]
    fn other_entries_stay_json() {
        let data = ResourceData::Organization(Default::default());
        assert_eq!(encode(&data).unwrap()[0], b'{');
        assert_eq!(round_trip(&data), data);
    }

    #[test]
    fn bytes_cut_short_or_of_no_form_are_an_error_never_a_panic() {
        let data = ResourceData::Organizations((0..PARALLEL_FROM + 3).map(org).collect());
        let bytes = encode(&data).unwrap();
        for end in [1, 9, 17, 30, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..end]).is_err(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err(), "a byte too many");
        assert!(decode(b"").is_err());
        assert!(decode(&[ORGANIZATIONS, 0xff]).is_err());
    }
}
