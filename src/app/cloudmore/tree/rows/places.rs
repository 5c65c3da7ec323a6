//! Where the tree's selection goes besides moving: down a revealed path, back to a remembered
//! row, and after the filter or the sort changed.

use super::super::index::OrgSort;
use super::{RowKey, Tree, services_of};
use crate::api::Resource;
use crate::app::store::Store;

impl Tree {
    /// Opens the organization and its service down to the subscription list and selects the
    /// subscription once that list is loaded (the organization meanwhile).
    pub fn reveal(&mut self, org: &str, service: &str, subscription: &str, store: &mut Store) {
        let services = services_of(org);
        let subscriptions = Resource::Subscriptions {
            org: org.into(),
            service: service.into(),
        };
        self.root_expanded = true;
        self.expanded_orgs.insert(org.into());
        self.expanded.insert(subscriptions.clone());
        store.ensure(&services);
        store.ensure(&subscriptions);
        self.pending = Some(RowKey::Item(subscriptions, subscription.into()));
        self.rebuild(store);
        if self.pending.is_some() {
            self.select_org(org);
        }
    }

    /// The selected row's identity, to come back to it later.
    pub(crate) fn bookmark(&self, store: &Store) -> Option<RowKey> {
        self.key(store)
    }

    /// Selects the row with this identity if it shows; returns whether it did.
    pub(crate) fn go_to(&mut self, key: &RowKey, store: &Store) -> bool {
        self.pending = None;
        match self.find(key, store) {
            Some(row) => {
                self.selected = row;
                true
            }
            None => false,
        }
    }

    /// Applies a new filter text. The selection stays on its node while that still shows;
    /// otherwise the first match is selected, so a filter always lands on what it found.
    pub fn set_filter(&mut self, text: &str, store: &Store) {
        let key = self.key(store);
        self.index.set_filter(text);
        self.rebuild(store);
        // The root row is no match: a filter typed there lands on what it found.
        let kept = key.is_some_and(|key| {
            (key != RowKey::Reseller || text.is_empty()) && self.find(&key, store).is_some()
        });
        if !kept {
            self.selected = 1.min(self.rows.len() - 1);
        }
    }

    /// Sorts the organizations; the selection stays on its node.
    pub fn set_sort(&mut self, sort: OrgSort, descending: bool, store: &Store) {
        self.index.set_sort(sort, descending);
        self.rebuild(store);
    }
}
