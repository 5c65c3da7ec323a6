//! The loaded hierarchy as an index: every [`OrgNode`] where it arrived (the pages of a read
//! in progress, or the whole list), its parent and its children by name, and a lowercase name
//! for the filter. Built once per load, O(n) plus the sort; a page that arrives adds only its
//! own nodes (their parents' child lists are re-sorted, which costs a merge: the old part is
//! sorted already). The rows on screen are worked out from it in `rows.rs`.
//!
//! A node whose parent has not arrived (yet) is shown as a root until it does, so the first
//! page is on screen before the rest; a parent that never arrives (an organization outside
//! what the user may see) leaves it a root.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::api::{ResourceData, SharedData};
use crate::domain::hierarchy::OrgNode;

/// A node's place in the index.
pub type NodeId = u32;

#[derive(Debug, Default)]
pub struct NodeIndex {
    /// The data the nodes live in, in arrival order (pages, or the one whole list).
    sources: Vec<SharedData>,
    /// Per node: which source and where in it.
    at: Vec<(u32, u32)>,
    by_id: HashMap<String, NodeId>,
    parent: Vec<Option<NodeId>>,
    children: Vec<Vec<NodeId>>,
    /// Nodes without a (known) parent, by name.
    roots: Vec<NodeId>,
    /// Children whose parent has not arrived, by the parent's id.
    waiting: HashMap<String, Vec<NodeId>>,
    lower: Vec<String>,
}

fn nodes(data: &SharedData) -> &[OrgNode] {
    match data.as_ref() {
        ResourceData::Hierarchy(nodes) => nodes,
        _ => &[],
    }
}

impl NodeIndex {
    /// The index of `sources` (the pages so far, or the whole list).
    pub fn build(sources: &[SharedData]) -> NodeIndex {
        let mut index = NodeIndex::default();
        for source in sources {
            index.append(source.clone());
        }
        index
    }

    /// Whether the index was built from exactly these sources (nothing to do).
    pub fn is_from(&self, sources: &[SharedData]) -> bool {
        self.sources.len() == sources.len()
            && self
                .sources
                .iter()
                .zip(sources)
                .all(|(a, b)| std::sync::Arc::ptr_eq(a, b))
    }

    /// Whether `sources` continue the ones indexed (more pages of the same read).
    pub fn is_continued_by(&self, sources: &[SharedData]) -> bool {
        !self.sources.is_empty()
            && sources.len() > self.sources.len()
            && self
                .sources
                .iter()
                .zip(sources)
                .all(|(a, b)| std::sync::Arc::ptr_eq(a, b))
    }

    /// Adds one page (or the whole list): its nodes, linked to the parents known, adopting
    /// the children that waited for them. Costs the page, plus re-sorting the child lists it
    /// touched.
    pub fn append(&mut self, source: SharedData) {
        let s = self.sources.len() as u32;
        let first = self.at.len() as NodeId;
        for (pos, node) in nodes(&source).iter().enumerate() {
            if self.by_id.contains_key(&node.id) {
                continue; // the same organization twice (a page boundary moved): keep the first
            }
            let me = self.at.len() as NodeId;
            self.at.push((s, pos as u32));
            self.by_id.insert(node.id.clone(), me);
            self.lower.push(crate::app::search::words::key(&node.name));
            self.parent.push(None);
            self.children.push(Vec::new());
        }
        self.sources.push(source);
        let added = first..self.at.len() as NodeId;
        let mut touched: Vec<NodeId> = Vec::new();
        let mut adopted = false;
        for me in added.clone() {
            let parent_id = self.node(me).parent.clone();
            match parent_id
                .as_deref()
                .map(|p| (p, self.by_id.get(p).copied()))
            {
                Some((_, Some(parent))) if parent != me => {
                    self.parent[me as usize] = Some(parent);
                    self.children[parent as usize].push(me);
                    touched.push(parent);
                }
                Some((p, _)) => {
                    self.waiting.entry(p.to_string()).or_default().push(me);
                    self.roots.push(me);
                }
                None => self.roots.push(me),
            }
            let id = self.node(me).id.clone();
            if let Some(kids) = self.waiting.remove(&id) {
                for kid in kids.into_iter().filter(|&kid| kid != me) {
                    self.parent[kid as usize] = Some(me);
                    self.children[me as usize].push(kid);
                }
                touched.push(me);
                adopted = true;
            }
        }
        if adopted {
            let parent = &self.parent;
            self.roots.retain(|&r| parent[r as usize].is_none());
        }
        touched.sort_unstable();
        touched.dedup();
        for node in touched {
            let mut kids = std::mem::take(&mut self.children[node as usize]);
            // A stable sort merges the sorted old part with the new run in linear time.
            kids.sort_by(|&a, &b| self.by_name(a, b));
            self.children[node as usize] = kids;
        }
        let mut roots = std::mem::take(&mut self.roots);
        roots.sort_by(|&a, &b| self.by_name(a, b));
        self.roots = roots;
    }

    fn by_name(&self, a: NodeId, b: NodeId) -> Ordering {
        self.lower[a as usize]
            .cmp(&self.lower[b as usize])
            .then_with(|| self.node(a).name.cmp(&self.node(b).name))
            .then_with(|| self.node(a).id.cmp(&self.node(b).id))
    }

    pub fn node(&self, n: NodeId) -> &OrgNode {
        let (s, pos) = self.at[n as usize];
        &nodes(&self.sources[s as usize])[pos as usize]
    }

    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&OrgNode> {
        self.find(id).map(|n| self.node(n))
    }

    pub fn roots(&self) -> &[NodeId] {
        &self.roots
    }

    pub fn children(&self, n: NodeId) -> &[NodeId] {
        &self.children[n as usize]
    }

    pub fn parent(&self, n: NodeId) -> Option<NodeId> {
        self.parent[n as usize]
    }

    pub fn lower_name(&self, n: NodeId) -> &str {
        &self.lower[n as usize]
    }

    /// Every node, in arrival order.
    pub fn nodes(&self) -> impl Iterator<Item = &OrgNode> {
        (0..self.len() as NodeId).map(|n| self.node(n))
    }

    /// The ancestors of `n`, nearest first (bounded, so a parent loop cannot hang).
    pub fn ancestors(&self, n: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(n), |&p| self.parent(p)).take(self.len())
    }

    /// The data the index is built from.
    pub fn sources(&self) -> &[SharedData] {
        &self.sources
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    pub fn node(id: &str, name: &str, parent: Option<&str>) -> OrgNode {
        OrgNode {
            id: id.into(),
            name: name.into(),
            parent: parent.map(str::to_string),
            status: "ACTIVE".into(),
            active: true,
            ..OrgNode::default()
        }
    }

    fn page(nodes: Vec<OrgNode>) -> SharedData {
        Arc::new(ResourceData::Hierarchy(nodes))
    }

    fn names(index: &NodeIndex, ids: &[NodeId]) -> Vec<String> {
        ids.iter().map(|&n| index.node(n).name.clone()).collect()
    }

    #[test]
    fn children_sort_by_name_and_a_late_parent_adopts_its_children() {
        let first = page(vec![
            node("b", "beta", Some("t")),
            node("u", "Zulu", None),
            node("a", "Alpha", Some("t")),
        ]);
        let mut index = NodeIndex::build(std::slice::from_ref(&first));
        // Before its parent arrives a child shows as a root.
        assert_eq!(names(&index, index.roots()), ["Alpha", "beta", "Zulu"]);
        let second = page(vec![
            node("t", "Tenant", None),
            node("c", "Gamma", Some("t")),
        ]);
        assert!(index.is_continued_by(&[first.clone(), second.clone()]));
        index.append(second);
        assert_eq!(names(&index, index.roots()), ["Tenant", "Zulu"]);
        let t = index.find("t").unwrap();
        assert_eq!(names(&index, index.children(t)), ["Alpha", "beta", "Gamma"]);
        assert_eq!(index.parent(index.find("a").unwrap()), Some(t));
    }
}
