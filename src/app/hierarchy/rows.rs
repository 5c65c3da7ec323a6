//! The rows of the hierarchy screen: the nodes shown, in order (roots by name, each open
//! node's children by name below it, indented), lent to the screen's table
//! ([`RowSource`]), which builds a [`TableRow`] only for the rows it draws.
//!
//! What is open is kept by id, so it survives new pages and reloads. The filter keeps the
//! nodes whose name contains it and their ancestors, wherever they are (closed nodes are
//! searched too), and shows them opened down to the matches; clearing it opens the way to the
//! selected node so it stays in view.
//!
//! Costs: a key that moves costs nothing here; opening or closing a node rebuilds the list of
//! shown rows (a vector of two numbers per row shown), never the index; the filter reads every
//! name once per edit (the lowercase names are made once per load).

use std::cell::Cell;
use std::collections::HashSet;

use super::index::{NodeId, NodeIndex};
use crate::app::table::{RowSource, RowTone, TableRow};
use crate::domain::hierarchy::OrgNode;

#[derive(Debug, Default)]
pub struct HierarchyRows {
    index: NodeIndex,
    /// Ids of the open nodes.
    open: HashSet<String>,
    /// The filter, lowercase ("" : none).
    needle: String,
    /// With a filter: per node, whether it matches or lies above a match.
    kept: Vec<bool>,
    /// The rows shown: node and depth.
    flat: Vec<(NodeId, u16)>,
    /// How many rows were built since the last look (the visible-window test reads it).
    built: Cell<usize>,
}

/// What a status shows as: the provider's word as sent, or a dash when it sent none.
pub fn status_text(node: &OrgNode) -> &str {
    if node.status.is_empty() {
        "—"
    } else {
        &node.status
    }
}

impl HierarchyRows {
    pub fn new(index: NodeIndex) -> HierarchyRows {
        let mut rows = HierarchyRows {
            index,
            ..HierarchyRows::default()
        };
        rows.refilter();
        rows
    }

    /// Swaps in a new index (a reload, or pages that did not continue the old ones); what
    /// is open and the filter stay.
    pub fn replace_index(&mut self, index: NodeIndex) {
        self.index = index;
        self.refilter();
    }

    /// More pages of the same read.
    pub fn append(&mut self, source: crate::api::SharedData) {
        self.index.append(source);
        self.refilter();
    }

    pub fn index(&self) -> &NodeIndex {
        &self.index
    }

    fn filtering(&self) -> bool {
        !self.needle.is_empty()
    }

    fn shows(&self, n: NodeId) -> bool {
        !self.filtering() || self.kept[n as usize]
    }

    /// Whether the children of `n` are shown.
    fn is_open(&self, n: NodeId) -> bool {
        if self.filtering() {
            self.kept[n as usize]
        } else {
            !self.index.children(n).is_empty() && self.open.contains(&self.index.node(n).id)
        }
    }

    fn refilter(&mut self) {
        self.kept.clear();
        if self.filtering() {
            let index = &self.index;
            let mut kept = vec![false; index.len()];
            let words = crate::app::search::words::Words::new(&self.needle);
            for n in 0..index.len() as NodeId {
                if kept[n as usize] || !words.matches(index.lower_name(n)) {
                    continue;
                }
                kept[n as usize] = true;
                // Up to the first ancestor already kept: each node is walked over once.
                for up in index.ancestors(n) {
                    if std::mem::replace(&mut kept[up as usize], true) {
                        break;
                    }
                }
            }
            self.kept = kept;
        }
        self.flatten();
    }

    /// Works out the rows shown from the roots and what is open.
    fn flatten(&mut self) {
        let mut flat = Vec::with_capacity(self.flat.len());
        let mut stack: Vec<(NodeId, u16)> = Vec::new();
        let push_all = |stack: &mut Vec<(NodeId, u16)>, nodes: &[NodeId], depth: u16| {
            stack.extend(
                nodes
                    .iter()
                    .rev()
                    .filter(|&&n| self.shows(n))
                    .map(|&n| (n, depth)),
            );
        };
        push_all(&mut stack, self.index.roots(), 0);
        while let Some((n, depth)) = stack.pop() {
            flat.push((n, depth));
            // A parent loop in damaged data stops at a depth no hierarchy has.
            if self.is_open(n) && flat.len() <= self.index.len() {
                push_all(&mut stack, self.index.children(n), depth + 1);
            }
        }
        self.flat = flat;
    }

    /// The node shown at row `pos`.
    pub fn node_at(&self, pos: usize) -> Option<&OrgNode> {
        let &(n, _) = self.flat.get(pos)?;
        Some(self.index.node(n))
    }

    /// `l`: opens the node of row `pos`; false when there is nothing to open.
    pub fn expand(&mut self, pos: usize) -> bool {
        let Some(&(n, _)) = self.flat.get(pos) else {
            return false;
        };
        if self.is_open(n) || self.index.children(n).is_empty() {
            return false;
        }
        self.open.insert(self.index.node(n).id.clone());
        self.flatten();
        true
    }

    /// `h`: closes the node of row `pos` when it is open (true), else says which node to go
    /// to: its parent.
    pub fn collapse(&mut self, pos: usize) -> Result<(), Option<String>> {
        let Some(&(n, _)) = self.flat.get(pos) else {
            return Err(None);
        };
        if !self.filtering() && self.is_open(n) {
            self.open.remove(&self.index.node(n).id);
            self.flatten();
            return Ok(());
        }
        Err(self.index.parent(n).map(|p| self.index.node(p).id.clone()))
    }

    /// Opens `id` (a parent that just got a child), whether or not it is loaded yet.
    pub fn open(&mut self, id: &str) {
        if self.open.insert(id.to_string()) {
            self.flatten();
        }
    }

    /// Opens every ancestor of `id`, so its row shows.
    pub fn reveal(&mut self, id: &str) {
        let Some(n) = self.index.find(id) else {
            return;
        };
        let ids: Vec<String> = self
            .index
            .ancestors(n)
            .map(|a| self.index.node(a).id.clone())
            .collect();
        self.open.extend(ids);
        self.flatten();
    }

    /// How many rows were built since the last call.
    pub fn take_built(&self) -> usize {
        self.built.replace(0)
    }

    /// How many rows are shown.
    pub fn shown(&self) -> usize {
        self.flat.len()
    }
}

impl RowSource for HierarchyRows {
    fn len(&self) -> usize {
        self.flat.len()
    }

    fn row(&self, index: usize) -> TableRow {
        self.built.set(self.built.get() + 1);
        let Some(&(n, depth)) = self.flat.get(index) else {
            return TableRow::new("", vec![]);
        };
        let node = self.index.node(n);
        let kids = self.index.children(n).len();
        let arrow = match (kids, self.is_open(n)) {
            (0, _) => "  ",
            (_, true) => "▾ ",
            (_, false) => "▸ ",
        };
        let name = format!("{}{arrow}{}", "  ".repeat(depth as usize), node.name);
        let row = TableRow::new(
            node.id.clone(),
            vec![name, status_text(node).to_string(), kids.to_string()],
        );
        if node.active {
            row
        } else {
            row.tone(RowTone::Dim)
        }
    }

    fn position_of(&self, id: &str) -> Option<usize> {
        let n = self.index.find(id)?;
        self.flat.iter().position(|&(m, _)| m == n)
    }

    fn id(&self, index: usize) -> String {
        self.node_at(index)
            .map(|n| n.id.clone())
            .unwrap_or_default()
    }

    fn markable(&self) -> bool {
        true
    }

    fn filter(&mut self, needle: &str, selected: Option<&str>) -> bool {
        if needle != self.needle {
            let cleared = needle.is_empty();
            self.needle = needle.to_string();
            if cleared && let Some(id) = selected {
                // Leaving the filter: the selected match stays in view, its parents open.
                let id = id.to_string();
                self.refilter();
                self.reveal(&id);
            } else {
                self.refilter();
            }
        }
        true
    }
}

#[cfg(test)]
mod tests;
