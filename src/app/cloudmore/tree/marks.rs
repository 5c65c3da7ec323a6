//! Marks in the organization tree. Only organization rows take a mark; marks are kept by
//! organization id, so expanding, filtering and reloading keep them, and a reload drops the
//! ids of organizations that are gone.

use std::collections::HashSet;

use crate::domain::OrganizationSummary;

use super::index::OrgIndex;
use super::rows::{Node, Tree};
use crate::app::store::Store;

#[derive(Debug, Default)]
pub struct OrgMarks {
    marked: HashSet<String>,
    /// The organization last marked or unmarked, where a range mark starts.
    anchor: Option<String>,
}

fn org_at(tree: &Tree, store: &Store, row: usize) -> Option<String> {
    match tree.resolve(*tree.rows().get(row)?, store)? {
        Node::Org(org) => Some(org.id.to_string()),
        _ => None,
    }
}

impl OrgMarks {
    /// Space: marks or unmarks the selected organization, then moves down.
    pub fn toggle(&mut self, tree: &mut Tree, store: &Store) -> bool {
        let Some(id) = org_at(tree, store, tree.selected()) else {
            return false;
        };
        if !self.marked.remove(&id) {
            self.marked.insert(id.clone());
        }
        self.anchor = Some(id);
        tree.move_by(1);
        true
    }

    /// `V`: marks every organization row between the last one marked and the selection.
    pub fn range(&mut self, tree: &Tree, store: &Store) {
        let from = self
            .anchor
            .as_ref()
            .and_then(|id| {
                (0..tree.rows().len()).find(|&r| org_at(tree, store, r).as_ref() == Some(id))
            })
            .unwrap_or(0);
        let to = tree.selected();
        for row in from.min(to)..=from.max(to) {
            if let Some(id) = org_at(tree, store, row) {
                self.marked.insert(id);
            }
        }
        self.anchor = org_at(tree, store, to);
    }

    /// Ctrl-A: marks every organization the filter shows.
    pub fn all(&mut self, index: &OrgIndex) {
        for &idx in index.filtered() {
            if let Some(org) = index.get(idx) {
                self.marked.insert(org.id.to_string());
            }
        }
    }

    pub fn clear(&mut self) -> bool {
        self.anchor = None;
        let had = !self.marked.is_empty();
        self.marked.clear();
        had
    }

    /// After the list reloaded: organizations that are gone cannot stay marked.
    pub fn retain(&mut self, index: &OrgIndex) {
        self.marked.retain(|id| index.position_of(id).is_some());
    }

    pub fn is_marked(&self, id: &str) -> bool {
        self.marked.contains(id)
    }

    pub fn count(&self) -> usize {
        self.marked.len()
    }

    /// The marked organizations by name, or the selected one when nothing is marked.
    pub fn targets<'a>(&self, tree: &'a Tree, store: &'a Store) -> Vec<&'a OrganizationSummary> {
        if self.marked.is_empty() {
            return match tree.selected_node(store) {
                Some(Node::Org(org)) => vec![org],
                _ => Vec::new(),
            };
        }
        let index = &tree.index;
        let mut orgs: Vec<&OrganizationSummary> = self
            .marked
            .iter()
            .filter_map(|id| index.get(index.position_of(id)?))
            .collect();
        // One lowercase key per organization, not two per comparison (100,000 may be marked).
        orgs.sort_by_cached_key(|o| o.name.to_lowercase());
        orgs
    }
}
