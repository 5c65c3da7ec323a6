//! Cloudmore's organizations list read as its body arrives: the one list of the API that grows
//! to 100,000 rows, and it comes in one answer (no paging). The console keeps the rows; `get`
//! has them handed over a page at a time and kept nowhere.

use crate::api::discipline::BodySink;
use crate::api::json_rows::{ArraySplitter, Ending};
use crate::api::provider::PageSink;
use crate::api::{Read, Resource, ResourceData};

use super::routes::{Rows, decode};

/// The organizations list read as its body arrives ([`BodySink`]): the one list of the API that
/// grows to 100,000 rows, decoded row by row so its 30 MB body is never held whole. Rows are
/// read as [`decode`] reads them; a body that is not an array is read whole, the same way.
/// Cloudmore answers the list in one body (no paging), so for `get` the rows are handed over
/// in pages of [`PAGE_ROWS`] as they are decoded and not kept ([`OrganizationRows::handing_to`]).
pub struct OrganizationRows {
    resource: Resource,
    /// Where the rows go when they are not kept.
    pages: Option<PageSink>,
    inner: std::sync::Mutex<RowsSoFar>,
}

/// How many decoded rows make one page handed over: few enough to keep memory flat, enough
/// that the writer is not flushed for every row.
pub const PAGE_ROWS: usize = 1_000;

#[derive(Default)]
struct RowsSoFar {
    splitter: ArraySplitter,
    rows: Vec<crate::domain::OrganizationSummary>,
    skipped: usize,
    /// The first element that was not JSON at all: it fails the read.
    broken: Option<serde_json::Error>,
    /// What the pages handed over cover. A retried answer starts again at its first element;
    /// those already handed over are passed by, not handed over twice (the list comes in the
    /// same order every time).
    handed: Covered,
}

#[derive(Default, Clone, Copy)]
struct Covered {
    elements: usize,
    skipped: usize,
}

impl Default for OrganizationRows {
    fn default() -> Self {
        OrganizationRows {
            resource: Resource::Organizations,
            pages: None,
            inner: Default::default(),
        }
    }
}

impl BodySink for OrganizationRows {
    fn begin(&self) {
        let mut so_far = self.lock();
        let handed = so_far.handed;
        *so_far = RowsSoFar {
            skipped: handed.skipped,
            handed,
            ..RowsSoFar::default()
        };
    }

    fn chunk(&self, bytes: &[u8]) {
        let mut guard = self.lock();
        let RowsSoFar {
            splitter,
            rows,
            skipped,
            broken,
            handed,
        } = &mut *guard;
        let mut reader = Rows {
            resource: &self.resource,
            skipped: 0,
        };
        splitter.feed(bytes, &mut |index, element| {
            if broken.is_some() || index < handed.elements {
                return;
            }
            match reader.row(index, element) {
                Ok(row) => rows.extend(row),
                Err(error) => *broken = Some(error),
            }
            *skipped += std::mem::take(&mut reader.skipped);
            if let Some(pages) = &self.pages
                && rows.len() >= PAGE_ROWS
            {
                pages(ResourceData::Organizations(std::mem::take(rows)));
                *handed = Covered {
                    elements: index + 1,
                    skipped: *skipped,
                };
            }
        });
    }
}

impl OrganizationRows {
    /// Rows handed to `pages` as they are decoded and then dropped: the read answers none.
    pub fn handing_to(pages: PageSink) -> Self {
        OrganizationRows {
            pages: Some(pages),
            ..OrganizationRows::default()
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, RowsSoFar> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The list read, once the body has ended (when handing over, its last page goes now).
    pub fn finish(self) -> Result<Read, serde_json::Error> {
        let so_far = self.inner.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(error) = so_far.broken {
            return Err(error);
        }
        match so_far.splitter.finish() {
            Ending::Array => {
                let mut rows = so_far.rows;
                match &self.pages {
                    Some(pages) if !rows.is_empty() => {
                        pages(ResourceData::Organizations(std::mem::take(&mut rows)));
                    }
                    // Grown by doubling: up to a third of it would be room for rows never
                    // coming.
                    _ => rows.shrink_to_fit(),
                }
                Ok(Read {
                    data: ResourceData::Organizations(rows),
                    skipped: so_far.skipped,
                })
            }
            Ending::NotAnArray(body) => decode(&self.resource, &String::from_utf8_lossy(&body)),
            Ending::Malformed => Err(serde::de::Error::custom(
                "the list ended before its closing bracket, or went on after it",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The organizations body of `text` read by [`OrganizationRows`] in pieces of `size` bytes.
    fn streamed(text: &str, size: usize) -> Result<Read, serde_json::Error> {
        let rows = OrganizationRows::default();
        // An earlier attempt's part is dropped by the next answer's `begin`.
        rows.begin();
        rows.chunk(br#"[{"id":"half"#);
        rows.begin();
        for piece in text.as_bytes().chunks(size) {
            rows.chunk(piece);
        }
        rows.finish()
    }

    #[test]
    fn the_organizations_list_read_as_it_arrives_reads_as_the_whole_body_does() {
        let text = r#"[{"id":"a","name":"A, [Ltd]","isActive":true},
            {"id":"b","name":7,"customerNumber":null},
            {"id":"c","name":{"no":"t a name"}}]"#;
        let whole = decode(&Resource::Organizations, text).unwrap();
        for size in [1, 5, text.len()] {
            let read = streamed(text, size).unwrap();
            assert_eq!(read, whole, "in pieces of {size}");
        }
        assert_eq!(
            whole.skipped, 1,
            "the row with an object for a name is left out"
        );
        let ResourceData::Organizations(orgs) = whole.data else {
            panic!("organizations");
        };
        assert_eq!(orgs.len(), 2);
        assert_eq!(
            (orgs[0].name.as_str(), orgs[1].name.as_str()),
            ("A, [Ltd]", "7")
        );
        assert!(streamed("null", 2).is_ok_and(|r| r.data == ResourceData::Organizations(vec![])));
        assert!(
            streamed(r#"[{"id":"a"},{"id":"#, 3).is_err(),
            "a cut body fails"
        );
        assert!(
            streamed(r#"[{"id":"a"}, nonsense]"#, 3).is_err(),
            "so does one not JSON"
        );
    }

    /// A list body of `count` organizations, `org-0` first.
    fn body(count: usize) -> String {
        let rows: Vec<String> = (0..count)
            .map(|i| format!(r#"{{"id":"org-{i}","name":"Org {i}"}}"#))
            .collect();
        format!("[{}]", rows.join(","))
    }

    #[test]
    fn rows_handed_over_come_once_and_in_order_even_when_the_answer_is_sent_again() {
        let pages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink: PageSink = {
            let pages = pages.clone();
            std::sync::Arc::new(move |page| {
                let ResourceData::Organizations(orgs) = page else {
                    panic!("organizations");
                };
                let ids: Vec<String> = orgs.into_iter().map(|o| o.id.into()).collect();
                pages.lock().unwrap().push(ids);
            })
        };
        let rows = OrganizationRows::handing_to(sink);
        let text = body(2_500);
        // The first answer breaks off after its first page was handed over; the retry's
        // answer starts again from the first row.
        rows.begin();
        rows.chunk(&text.as_bytes()[..text.len() * 3 / 5]);
        rows.begin();
        for piece in text.as_bytes().chunks(4096) {
            rows.chunk(piece);
        }
        let read = rows.finish().unwrap();
        assert_eq!(read.data, ResourceData::Organizations(vec![]), "none kept");
        let pages = pages.lock().unwrap();
        let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
        assert_eq!(sizes, [PAGE_ROWS, PAGE_ROWS, 500]);
        let expected: Vec<String> = (0..2_500).map(|i| format!("org-{i}")).collect();
        assert_eq!(pages.concat(), expected);
    }
}
