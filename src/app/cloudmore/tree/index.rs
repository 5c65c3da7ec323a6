//! The organization list as the tree needs it at 100,000 rows: a name-sorted index, lowercase
//! search keys computed once per load, and the filtered subset, all as `u32` positions into the
//! shared list so nothing is copied.

use std::collections::HashSet;

use crate::api::{ResourceData, SharedData};
use crate::app::search::words::{WHOLE, Words, narrows, push_key};
use crate::domain::OrganizationSummary;

/// Separates the searched fields inside one key so a match cannot span two of them.
const FIELD_SEPARATOR: char = '\u{1}';

/// What the tree sorts organizations by (`o` cycles, `O` flips the direction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrgSort {
    #[default]
    Name,
    CustomerNumber,
    Created,
}

impl OrgSort {
    pub fn next(self) -> OrgSort {
        match self {
            OrgSort::Name => OrgSort::CustomerNumber,
            OrgSort::CustomerNumber => OrgSort::Created,
            OrgSort::Created => OrgSort::Name,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgSort::Name => "name",
            OrgSort::CustomerNumber => "customer number",
            OrgSort::Created => "created",
        }
    }
}

#[derive(Debug, Default)]
pub struct OrgIndex {
    data: Option<SharedData>,
    /// `name \1 customer number \1 domain`, lowercase; sorting by it sorts by name first.
    keys: Keys,
    sorted: Vec<u32>,
    filtered: Vec<u32>,
    /// The filter's matches in sort order (`filtered` puts the whole-text ones first): what
    /// a longer filter narrows.
    matched: Vec<u32>,
    /// Positions ordered by id, for finding one by id without a copy of every id.
    by_id: Vec<u32>,
    filter: String,
    /// Counted once per load: the detail pane shows it on every frame.
    active: usize,
    sort: OrgSort,
    descending: bool,
    /// Only these organizations, by id (a group's, `:group`); None: every one.
    only: Option<HashSet<String>>,
}

impl OrgIndex {
    pub fn orgs(&self) -> &[OrganizationSummary] {
        self.data.as_deref().map_or(&[], list_of)
    }

    /// The list the index is over, shared (a bulk preview plans from it without a copy).
    pub fn shared(&self) -> Option<&SharedData> {
        self.data.as_ref()
    }

    pub fn is_loaded(&self) -> bool {
        self.data.is_some()
    }

    pub fn get(&self, idx: u32) -> Option<&OrganizationSummary> {
        self.orgs().get(idx as usize)
    }

    pub fn position_of(&self, id: &str) -> Option<u32> {
        let orgs = self.orgs();
        let at = self
            .by_id
            .binary_search_by(|&p| orgs[p as usize].id.as_str().cmp(id))
            .ok()?;
        Some(self.by_id[at])
    }

    /// Replaces the list (a load or reload); the current filter is applied again.
    pub fn set_data(&mut self, data: SharedData) {
        if self
            .data
            .as_ref()
            .is_some_and(|d| std::sync::Arc::ptr_eq(d, &data))
        {
            return;
        }
        // The old keys go before the new are made: at 100,000 organizations a set is 8 MB.
        self.keys = Keys::default();
        self.by_id = Vec::new();
        self.data = Some(data.clone());
        let orgs = list_of(&data);
        // The order by id needs no keys: at scale it is sorted on a second core meanwhile.
        let by_id = || {
            let id = |i: u32| orgs[i as usize].id.as_str();
            sorted_by(0..orgs.len() as u32, id, |a, b| id(a).cmp(id(b)), false)
        };
        let (sort, descending) = (self.sort, self.descending);
        let by_name = || {
            let keys = Keys::of(orgs);
            let sorted = ordered(orgs, &keys, 0..orgs.len() as u32, sort, descending);
            (keys, sorted)
        };
        let (by_id, (keys, sorted)) = both(orgs.len() >= PARALLEL_FROM, by_id, by_name);
        self.keys = keys;
        self.by_id = by_id;
        self.sorted = sorted;
        self.active = orgs.iter().filter(|o| o.is_active).count();
        self.refilter();
    }

    /// Sorts by `sort` in the given direction; the filter is applied again in the new order.
    pub fn set_sort(&mut self, sort: OrgSort, descending: bool) {
        if (sort, descending) != (self.sort, self.descending) {
            self.sort = sort;
            self.descending = descending;
            self.resort();
        }
    }

    pub fn sort(&self) -> (OrgSort, bool) {
        (self.sort, self.descending)
    }

    fn resort(&mut self) {
        let positions = std::mem::take(&mut self.sorted);
        let orgs = self.data.as_deref().map_or(&[][..], list_of);
        self.sorted = ordered(orgs, &self.keys, positions, self.sort, self.descending);
        self.refilter();
    }

    /// The filter applied again from the start, after a new order or list.
    fn refilter(&mut self) {
        let filter = std::mem::take(&mut self.filter);
        self.filtered = self.base();
        self.matched = Vec::new();
        self.set_filter(&filter);
    }

    /// Narrows to organizations whose name, customer number or domain hold every word of
    /// `text` (case-insensitive, any order), those holding the text as typed first. Typing one
    /// more character only searches the current matches when that cannot miss one
    /// ([`narrows`]).
    pub fn set_filter(&mut self, text: &str) {
        let needle = text.to_lowercase();
        if needle == self.filter {
            return;
        }
        let source = if narrows(&self.filter, &needle) {
            std::mem::take(&mut self.matched)
        } else {
            self.base()
        };
        let words = Words::new(&needle);
        let mut matched = Vec::new();
        let mut whole = Vec::new();
        let mut rest = Vec::new();
        for &i in &source {
            let Some(rank) = words.rank(self.keys.get(i)) else {
                continue;
            };
            matched.push(i);
            if rank == WHOLE {
                whole.push(i);
            } else {
                rest.push(i);
            }
        }
        self.matched = matched;
        whole.append(&mut rest);
        self.filtered = whole;
        self.filter = needle;
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Keeps only the organizations with these ids (a group's), or every one again (None);
    /// the text filter narrows what is left.
    pub fn set_only(&mut self, ids: Option<HashSet<String>>) {
        self.only = ids;
        let filter = std::mem::take(&mut self.filter);
        self.filtered = self.base();
        self.set_filter(&filter);
    }

    /// What the text filter narrows: every organization in order, or those of [`Self::set_only`].
    fn base(&self) -> Vec<u32> {
        let Some(ids) = &self.only else {
            return self.sorted.clone();
        };
        let orgs = self.orgs();
        let kept = |&i: &u32| ids.contains(orgs[i as usize].id.as_str());
        self.sorted.iter().copied().filter(kept).collect()
    }

    pub fn filtered(&self) -> &[u32] {
        &self.filtered
    }

    pub fn total(&self) -> usize {
        self.sorted.len()
    }

    pub fn active(&self) -> usize {
        self.active
    }
}

/// Lists from this long are indexed on two threads.
const PARALLEL_FROM: usize = 10_000;

fn list_of(data: &ResourceData) -> &[OrganizationSummary] {
    match data {
        ResourceData::Organizations(list) => list,
        _ => &[],
    }
}

/// `positions` ordered by `sort`, the name key breaking ties (and ordering organizations the
/// API gives no date for).
fn ordered(
    orgs: &[OrganizationSummary],
    keys: &Keys,
    positions: impl IntoIterator<Item = u32>,
    sort: OrgSort,
    descending: bool,
) -> Vec<u32> {
    let field = |i: u32| -> &str {
        let org = &orgs[i as usize];
        match sort {
            OrgSort::Name => keys.get(i),
            OrgSort::CustomerNumber => &org.customer_number,
            OrgSort::Created => &org.created_date,
        }
    };
    let by_field_then_name =
        |a: u32, b: u32| (field(a).cmp(field(b))).then_with(|| keys.get(a).cmp(keys.get(b)));
    sorted_by(positions, field, by_field_then_name, descending)
}

/// `a()` and `b()`, on two threads when `parallel`.
fn both<A: Send, B>(parallel: bool, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        (
            a.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            b,
        )
    })
}

/// The search keys of one list, one after another in one string: made without a string per
/// organization, which 100,000 allocations and their frees made the larger part of a load.
#[derive(Debug, Default)]
struct Keys {
    text: String,
    /// Where each key ends in `text` (the next begins there).
    ends: Vec<u32>,
}

impl Keys {
    fn of(orgs: &[OrganizationSummary]) -> Keys {
        fn fields(o: &OrganizationSummary) -> [&str; 3] {
            [&o.name, &o.customer_number, &o.primary_domain]
        }
        let length: usize = (orgs.iter().flat_map(fields))
            .map(|field| field.len() + 1)
            .sum();
        let mut keys = Keys {
            text: String::with_capacity(length),
            ends: Vec::with_capacity(orgs.len()),
        };
        for org in orgs {
            for (i, field) in fields(org).into_iter().enumerate() {
                if i > 0 {
                    keys.text.push(FIELD_SEPARATOR);
                }
                push_key(&mut keys.text, field);
            }
            keys.ends.push(keys.text.len() as u32);
        }
        keys
    }

    fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}

/// The first 16 bytes of `text` as a number that orders as the text does (zero-padded,
/// big-endian).
fn prefix(text: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = text.len().min(bytes.len());
    bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// `positions` in the order of `cmp` (reversed when `descending`), which must order by `text`
/// first. Each position is sorted next to its text's first 16 bytes, as plain numbers: most
/// comparisons of 100,000 rows are then decided within one array with no call of `cmp` (a
/// lookup per comparison, into strings all over the heap, was most of a load); only the runs
/// whose texts begin alike are then put in order by `cmp`. Rows `cmp` finds equal keep their
/// order in the list.
fn sorted_by<'a>(
    positions: impl IntoIterator<Item = u32>,
    text: impl Fn(u32) -> &'a str,
    cmp: impl Fn(u32, u32) -> std::cmp::Ordering,
    descending: bool,
) -> Vec<u32> {
    let mut keyed: Vec<(u128, u32)> = (positions.into_iter())
        .map(|i| (prefix(text(i)), i))
        .collect();
    if descending {
        keyed.sort_unstable_by(|&(pa, a), &(pb, b)| pb.cmp(&pa).then(a.cmp(&b)));
    } else {
        keyed.sort_unstable();
    }
    for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            run.sort_unstable_by(|&(_, a), &(_, b)| {
                let order = cmp(a, b);
                if descending { order.reverse() } else { order }.then(a.cmp(&b))
            });
        }
    }
    keyed.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn org(id: &str, name: &str, customer: &str, domain: &str) -> OrganizationSummary {
        OrganizationSummary {
            id: id.into(),
            name: name.into(),
            customer_number: customer.into(),
            primary_domain: domain.into(),
            is_active: true,
            country_code: "SE".into(),
            ..Default::default()
        }
    }

    fn index() -> OrgIndex {
        let mut index = OrgIndex::default();
        index.set_data(Arc::new(ResourceData::Organizations(vec![
            org("1", "zeta", "C-9", "zeta.se"),
            org("2", "Alpha", "C-1", "alpha.com"),
            org("3", "beta", "C-2", "nordic.io"),
        ])));
        index
    }

    fn names(index: &OrgIndex) -> Vec<&str> {
        index
            .filtered()
            .iter()
            .map(|&i| index.get(i).unwrap().name.as_str())
            .collect()
    }

    #[test]
    fn the_active_count_follows_each_load() {
        let mut index = index();
        assert_eq!((index.total(), index.active()), (3, 3));
        let mut dormant = org("9", "dormant", "", "");
        dormant.is_active = false;
        index.set_data(Arc::new(ResourceData::Organizations(vec![
            org("1", "zeta", "", ""),
            dormant,
        ])));
        assert_eq!((index.total(), index.active()), (2, 1));
    }

    #[test]
    fn sorts_by_name_ignoring_case() {
        assert_eq!(names(&index()), ["Alpha", "beta", "zeta"]);
    }

    #[test]
    fn sorts_as_comparing_the_whole_keys_does_for_case_accents_and_long_shared_starts() {
        let names = [
            "Nordic Cloud Acme Data 12",
            "nordic cloud acme data 2",
            "Nordic Cloud Acme Data",
            "Nordic Cloud Acme",
            "Ärlig Åkeri",
            "arlig akeri",
            "Éclair",
            "eclair",
            "ZETA",
            "",
            "ab",
            "AB",
            "Ω omega",
            "ö",
            "Nordic Cloud Acme Data 12",
        ];
        let orgs: Vec<OrganizationSummary> = (names.iter().enumerate())
            .map(|(i, name)| org(&format!("{:02}", 99 - i), name, &format!("C-{}", i % 4), ""))
            .collect();
        let mut index = OrgIndex::default();
        index.set_data(Arc::new(ResourceData::Organizations(orgs.clone())));
        for sort in [OrgSort::Name, OrgSort::CustomerNumber, OrgSort::Created] {
            for descending in [false, true] {
                index.set_sort(sort, descending);
                let mut expected: Vec<u32> = (0..orgs.len() as u32).collect();
                expected.sort_by(|&a, &b| {
                    let (a, b) = (index.keys.get(a), index.keys.get(b));
                    let field = |key: &str| match sort {
                        OrgSort::Name => String::new(),
                        OrgSort::CustomerNumber => key.split('\u{1}').nth(1).unwrap().to_string(),
                        OrgSort::Created => String::new(),
                    };
                    let order = field(a).cmp(&field(b)).then_with(|| a.cmp(b));
                    if descending { order.reverse() } else { order }
                });
                assert_eq!(
                    index.filtered(),
                    expected,
                    "{sort:?}, descending {descending}"
                );
            }
        }
        index.set_sort(OrgSort::Name, false);
        assert_eq!(
            &self::names(&index)[..6],
            ["", "ab", "AB", "arlig akeri", "eclair", "Nordic Cloud Acme"]
        );
        for (at, org) in orgs.iter().enumerate() {
            assert_eq!(index.position_of(&org.id), Some(at as u32));
        }
    }

    #[test]
    fn filters_on_name_customer_number_and_domain() {
        let mut index = index();
        index.set_filter("ALP");
        assert_eq!(names(&index), ["Alpha"]);
        index.set_filter("c-2");
        assert_eq!(names(&index), ["beta"]);
        index.set_filter("nordic");
        assert_eq!(names(&index), ["beta"]);
        index.set_filter("");
        assert_eq!(index.filtered().len(), 3);
    }

    #[test]
    fn narrowing_and_widening_agree() {
        let mut index = index();
        index.set_filter("e");
        assert_eq!(names(&index), ["beta", "zeta"]);
        index.set_filter("et");
        assert_eq!(names(&index), ["beta", "zeta"]);
        index.set_filter("eta.");
        assert_eq!(names(&index), ["zeta"]);
        index.set_filter("a");
        assert_eq!(names(&index), ["Alpha", "beta", "zeta"]);
    }

    #[test]
    fn words_match_in_any_order_whole_text_first_and_narrowing_agrees() {
        let mut index = OrgIndex::default();
        index.set_data(Arc::new(ResourceData::Organizations(vec![
            org("1", "Aalto Office Supplies", "C-1", "aalto.fi"),
            org("2", "Supplies Aalto", "C-2", "x.fi"),
            org("3", "Aalto Supplies", "C-3", "y.fi"),
            org("4", "Aalto Bakery", "C-4", "supplies.fi"),
        ])));
        index.set_filter("aalto supplies");
        assert_eq!(
            names(&index),
            [
                "Aalto Supplies",
                "Aalto Bakery",
                "Aalto Office Supplies",
                "Supplies Aalto"
            ]
        );
        index.set_filter("aalto supplies.");
        assert_eq!(names(&index), ["Aalto Bakery"], "the domain counts");
        index.set_filter("aalto sup");
        index.set_filter("aalto supp");
        assert_eq!(
            names(&index).len(),
            4,
            "narrowed from the matches, not lost"
        );
        index.set_filter("c-3 aalto");
        assert_eq!(names(&index), ["Aalto Supplies"]);
    }

    #[test]
    fn a_match_never_spans_two_fields() {
        let mut index = index();
        index.set_filter("zetac");
        assert!(index.filtered().is_empty());
    }

    #[test]
    fn sorts_by_customer_number_and_created_either_way_keeping_the_filter() {
        let mut index = index();
        index.set_sort(OrgSort::CustomerNumber, false);
        assert_eq!(names(&index), ["Alpha", "beta", "zeta"]);
        index.set_sort(OrgSort::CustomerNumber, true);
        assert_eq!(names(&index), ["zeta", "beta", "Alpha"]);
        index.set_filter("e");
        assert_eq!(names(&index), ["zeta", "beta"]);
        index.set_sort(OrgSort::Created, false);
        // No dates given: the name decides.
        assert_eq!(names(&index), ["beta", "zeta"]);
    }

    #[test]
    fn a_group_narrows_before_the_text_and_stays_through_sorts() {
        let mut index = index();
        index.set_only(Some(["1".to_string(), "3".to_string()].into()));
        assert_eq!(names(&index), ["beta", "zeta"]);
        index.set_filter("zet");
        assert_eq!(names(&index), ["zeta"]);
        index.set_filter("");
        index.set_sort(OrgSort::CustomerNumber, true);
        assert_eq!(names(&index), ["zeta", "beta"]);
        index.set_only(None);
        assert_eq!(names(&index).len(), 3);
    }

    #[test]
    fn reload_keeps_the_filter() {
        let mut index = index();
        index.set_filter("zeta");
        index.set_data(Arc::new(ResourceData::Organizations(vec![
            org("1", "zeta", "", ""),
            org("4", "zetas", "", ""),
        ])));
        assert_eq!(names(&index), ["zeta", "zetas"]);
        assert_eq!(index.position_of("4"), Some(1));
    }
}
