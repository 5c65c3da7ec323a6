//! The organization list as the tree needs it at 100,000 rows: a name-sorted index, lowercase
//! search keys, and the filtered subset, all as `u32` positions into the shared list so
//! nothing is copied. A load sorts by name and nothing more: the keys are made when a filter
//! is first typed and the order by id when an organization is first looked up by id, so a
//! warm start draws its first frame without either (the two took most of a load).

use std::collections::HashSet;
use std::sync::OnceLock;

use super::order::{Keys, NameKeys, bytes_at, ordered, sorted_by};
use crate::api::{ResourceData, SharedData};
use crate::app::search::words::{WHOLE, Words, narrows};
use crate::domain::OrganizationSummary;

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
    /// `name \1 customer number \1 domain`, lowercase; sorting by it sorts by name first. Made
    /// when first needed ([`Self::keys`]).
    keys: OnceLock<Keys>,
    sorted: Vec<u32>,
    filtered: Vec<u32>,
    /// The filter's matches in sort order (`filtered` puts the whole-text ones first): what
    /// a longer filter narrows.
    matched: Vec<u32>,
    /// Positions ordered by id, for finding one by id without a copy of every id; made when
    /// first asked for.
    by_id: OnceLock<Vec<u32>>,
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
        let by_id = self.by_id.get_or_init(|| {
            let id = |i: u32| orgs[i as usize].id.as_str();
            let bytes = |i, offset| bytes_at(id(i).as_bytes(), offset);
            sorted_by(0..orgs.len() as u32, bytes, false)
        });
        let at = (by_id.binary_search_by(|&p| orgs[p as usize].id.as_str().cmp(id))).ok()?;
        Some(by_id[at])
    }

    /// The search keys, made now if they were not yet.
    fn keys(&self) -> &Keys {
        self.keys.get_or_init(|| Keys::of(self.orgs()))
    }

    /// Where the sorts read the name keys: made, or else made row by row as they are needed.
    fn name_keys(&self) -> NameKeys<'_> {
        NameKeys {
            orgs: self.orgs(),
            made: self.keys.get(),
        }
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
        self.keys = OnceLock::new();
        self.by_id = OnceLock::new();
        self.data = Some(data);
        let positions = 0..self.orgs().len() as u32;
        self.sorted = ordered(self.name_keys(), positions, self.sort, self.descending);
        self.active = self.orgs().iter().filter(|o| o.is_active).count();
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
        self.sorted = ordered(self.name_keys(), positions, self.sort, self.descending);
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
        let keys = self.keys();
        let mut matched = Vec::new();
        let mut whole = Vec::new();
        let mut rest = Vec::new();
        for &i in &source {
            let Some(rank) = words.rank(keys.get(i)) else {
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

fn list_of(data: &ResourceData) -> &[OrganizationSummary] {
    match data {
        ResourceData::Organizations(list) => list,
        _ => &[],
    }
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
                    let (a, b) = (index.keys().get(a), index.keys().get(b));
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
    fn a_load_sorts_by_name_alone_and_the_keys_and_the_order_by_id_wait_until_needed() {
        // Names alike in their first 16 bytes, in no order, some read in place (printable
        // ASCII) and some not (an escape sequence, an accent): sorted by their whole keys.
        let orgs: Vec<OrganizationSummary> = (0..500)
            .map(|i| {
                let n = (i * 7919) % 500;
                let name = match n % 4 {
                    0 => format!("Contoso Customer {n}"),
                    1 => format!("CONTOSO CUSTOMER {}", n / 10),
                    2 => format!("Contoso\u{1b}[31m Customer {n}"),
                    _ => format!("Contoso Customér {}", n / 10),
                };
                org(&format!("id-{n:03}"), &name, &format!("C-{}", n % 3), "")
            })
            .collect();
        let mut index = OrgIndex::default();
        index.set_data(Arc::new(ResourceData::Organizations(orgs.clone())));
        assert!(index.keys.get().is_none() && index.by_id.get().is_none());
        let sorted_alone = index.filtered().to_vec();
        assert_eq!(
            index.position_of("id-042"),
            Some(orgs.iter().position(|o| o.id == "id-042").unwrap() as u32)
        );
        assert!(index.by_id.get().is_some(), "made by the lookup");
        index.set_filter("customer 4");
        assert!(index.keys.get().is_some(), "made by the filter");
        index.set_filter("");
        index.set_sort(OrgSort::Name, true);
        index.set_sort(OrgSort::Name, false);
        assert_eq!(
            index.filtered(),
            sorted_alone,
            "the same order with the keys made"
        );
        let mut expected: Vec<u32> = (0..orgs.len() as u32).collect();
        expected.sort_by_key(|&i| index.keys().get(i).to_string());
        assert_eq!(sorted_alone, expected);
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
