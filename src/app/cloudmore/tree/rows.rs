//! The organization tree: reseller → organizations → services → subscriptions → users.
//!
//! The flattened list of visible rows is rebuilt only when the structure changes (a load, an
//! expand or collapse, a filter keystroke). Rows are tiny (`u32` positions into loaded data) so
//! that 100,000 organizations cost a few megabytes, and drawing asks only for the window on screen.

use std::collections::HashSet;
use std::ops::Range;

use crate::api::{Resource, ResourceData};
use crate::domain::{OrganizationService, OrganizationSummary, Subscription, SubscriptionUser};

use super::index::OrgIndex;
use crate::app::store::{ListState, Store};
use crate::app::viewport::Viewport;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Reseller,
    Org(u32),
    /// Item `idx` of the child list `lists[list]`.
    Child {
        list: u32,
        idx: u32,
    },
    /// The loading / error / "(none)" placeholder of a child list.
    Status {
        list: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub depth: u8,
    pub kind: RowKind,
}

/// One item of a child list.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    Service(&'a OrganizationService),
    Subscription(&'a Subscription),
    User(&'a SubscriptionUser),
}

impl Item<'_> {
    fn id(&self) -> &str {
        match self {
            Item::Service(s) => &s.id,
            Item::Subscription(s) => &s.id,
            Item::User(u) => &u.user_id,
        }
    }
}

/// A row resolved against the loaded data, as screens see it.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Reseller,
    Org(&'a OrganizationSummary),
    Item { list: &'a Resource, item: Item<'a> },
    Status { list: &'a Resource },
}

/// A row's identity across rebuilds, so the selection survives reloads and filtering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RowKey {
    Reseller,
    Org(String),
    Item(Resource, String),
    Status(Resource),
}

#[derive(Debug)]
pub struct Tree {
    pub index: OrgIndex,
    root_expanded: bool,
    expanded_orgs: HashSet<String>,
    /// Opened service and subscription lists (their child list resources).
    expanded: HashSet<Resource>,
    rows: Vec<Row>,
    lists: Vec<Resource>,
    selected: usize,
    /// A row to select as soon as it shows (a subscription revealed from another screen whose
    /// lists are still loading).
    pending: Option<RowKey>,
    /// The rows on screen, moved by drawing to keep the selection visible.
    viewport: Viewport,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            index: OrgIndex::default(),
            root_expanded: true,
            expanded_orgs: HashSet::new(),
            expanded: HashSet::new(),
            rows: vec![Row {
                depth: 0,
                kind: RowKind::Reseller,
            }],
            lists: Vec::new(),
            selected: 0,
            pending: None,
            viewport: Viewport::new(20),
        }
    }
}

/// Item `idx` of a loaded child list.
pub fn item<'a>(store: &'a Store, list: &Resource, idx: u32) -> Option<Item<'a>> {
    let i = idx as usize;
    match store.data(list)?.as_ref() {
        ResourceData::OrgServices(v) => v.get(i).map(Item::Service),
        ResourceData::Subscriptions(v) => v.get(i).map(Item::Subscription),
        ResourceData::SubscriptionUsers(v) => v.get(i).map(Item::User),
        _ => None,
    }
}

fn list_len(store: &Store, list: &Resource) -> usize {
    match store.data(list).map(|d| d.as_ref()) {
        Some(ResourceData::OrgServices(v)) => v.len(),
        Some(ResourceData::Subscriptions(v)) => v.len(),
        Some(ResourceData::SubscriptionUsers(v)) => v.len(),
        _ => 0,
    }
}

/// The list an item opens into, if it has children.
pub fn child_list(list: &Resource, item: &Item) -> Option<Resource> {
    match (list, item) {
        (Resource::OrgServices { org }, Item::Service(s)) => Some(Resource::Subscriptions {
            org: org.clone(),
            service: s.id.clone(),
        }),
        (Resource::Subscriptions { org, service }, Item::Subscription(s)) => {
            Some(Resource::SubscriptionUsers {
                org: org.clone(),
                service: service.clone(),
                subscription: s.id.clone(),
            })
        }
        _ => None,
    }
}

pub fn services_of(org: &str) -> Resource {
    Resource::OrgServices { org: org.into() }
}

impl Tree {
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Resolves a row; items borrow from the store, everything else from the tree.
    pub fn resolve<'a>(&'a self, row: Row, store: &'a Store) -> Option<Node<'a>> {
        Some(match row.kind {
            RowKind::Reseller => Node::Reseller,
            RowKind::Org(i) => Node::Org(self.index.get(i)?),
            RowKind::Child { list, idx } => {
                let list = &self.lists[list as usize];
                Node::Item {
                    list,
                    item: item(store, list, idx)?,
                }
            }
            RowKind::Status { list } => Node::Status {
                list: &self.lists[list as usize],
            },
        })
    }

    pub fn selected_node<'a>(&'a self, store: &'a Store) -> Option<Node<'a>> {
        self.resolve(*self.rows.get(self.selected)?, store)
    }

    /// Whether a row shows as open (root, an expanded org, an opened service or subscription).
    pub fn is_expanded(&self, row: Row, store: &Store) -> Option<bool> {
        match self.resolve(row, store)? {
            Node::Reseller => Some(self.root_expanded),
            Node::Org(org) => Some(self.expanded_orgs.contains(org.id.as_str())),
            Node::Item { list, item } => {
                child_list(list, &item).map(|c| self.expanded.contains(&c))
            }
            Node::Status { .. } => None,
        }
    }

    fn key(&self, store: &Store) -> Option<RowKey> {
        Some(match self.selected_node(store)? {
            Node::Reseller => RowKey::Reseller,
            Node::Org(org) => RowKey::Org(org.id.to_string()),
            Node::Item { list, item } => RowKey::Item(list.clone(), item.id().to_string()),
            Node::Status { list } => RowKey::Status(list.clone()),
        })
    }

    /// Rebuilds the visible rows after a structural change, keeping the selection on the same
    /// node when it is still visible.
    pub fn rebuild(&mut self, store: &Store) {
        let key = self.key(store);
        self.rows.clear();
        self.lists.clear();
        self.rows.push(Row {
            depth: 0,
            kind: RowKind::Reseller,
        });
        if self.root_expanded && self.index.total() == 0 {
            // Not loaded yet, failed, or really empty: one placeholder row says which.
            self.lists.push(Resource::Organizations);
            self.rows.push(Row {
                depth: 1,
                kind: RowKind::Status { list: 0 },
            });
        } else if self.root_expanded {
            let check = !self.expanded_orgs.is_empty();
            for pos in 0..self.index.filtered().len() {
                let i = self.index.filtered()[pos];
                self.rows.push(Row {
                    depth: 1,
                    kind: RowKind::Org(i),
                });
                if check {
                    let id = &self.index.orgs()[i as usize].id;
                    if self.expanded_orgs.contains(id.as_str()) {
                        let list = services_of(id);
                        self.push_list(list, 2, store);
                    }
                }
            }
        }
        if let Some(wanted) = self.pending.clone()
            && let Some(row) = self.find(&wanted, store)
        {
            self.selected = row;
            self.pending = None;
            return;
        }
        self.reselect(key, store);
    }

    fn push_list(&mut self, list: Resource, depth: u8, store: &Store) {
        let list_pos = self.lists.len() as u32;
        let len = list_len(store, &list);
        let ready = store.list_state(&list) == ListState::Ready;
        self.lists.push(list);
        if !ready || len == 0 {
            self.rows.push(Row {
                depth,
                kind: RowKind::Status { list: list_pos },
            });
            return;
        }
        for idx in 0..len as u32 {
            self.rows.push(Row {
                depth,
                kind: RowKind::Child {
                    list: list_pos,
                    idx,
                },
            });
            let list = &self.lists[list_pos as usize];
            let child = item(store, list, idx).and_then(|it| child_list(list, &it));
            if let Some(child) = child.filter(|c| self.expanded.contains(c)) {
                self.push_list(child, depth + 1, store);
            }
        }
    }

    fn reselect(&mut self, key: Option<RowKey>, store: &Store) {
        let found = key.and_then(|key| self.find(&key, store));
        self.selected = found.unwrap_or(self.selected).min(self.rows.len() - 1);
    }

    /// The visible row with this identity.
    fn find(&self, key: &RowKey, store: &Store) -> Option<usize> {
        match key {
            RowKey::Reseller => Some(0),
            RowKey::Org(id) => {
                let pos = self.index.position_of(id)?;
                self.rows.iter().position(|r| r.kind == RowKind::Org(pos))
            }
            _ => self
                .rows
                .iter()
                .position(|&row| self.row_has_key(row, key, store)),
        }
    }

    fn row_has_key(&self, row: Row, key: &RowKey, store: &Store) -> bool {
        if matches!(row.kind, RowKind::Reseller | RowKind::Org(_)) {
            return false;
        }
        match (self.resolve(row, store), key) {
            (Some(Node::Item { list, item }), RowKey::Item(l, id)) => list == l && item.id() == id,
            (Some(Node::Status { list }), RowKey::Status(l)) => list == l,
            _ => false,
        }
    }

    pub fn select(&mut self, row: usize) {
        self.pending = None;
        self.selected = row.min(self.rows.len().saturating_sub(1));
    }

    pub fn move_by(&mut self, delta: isize) {
        self.select(self.selected.saturating_add_signed(delta));
    }

    /// Selects an organization by id (after a create or an edit); false when it is not visible.
    pub fn select_org(&mut self, id: &str) -> bool {
        let Some(pos) = self.index.position_of(id) else {
            return false;
        };
        match self.rows.iter().position(|r| r.kind == RowKind::Org(pos)) {
            Some(row) => {
                self.selected = row;
                true
            }
            None => false,
        }
    }

    /// Opens the selected node (loading its children if needed); on an open node, steps into
    /// its first child. Returns whether the rows changed.
    pub fn expand(&mut self, store: &mut Store) -> bool {
        let Some(row) = self.rows.get(self.selected).copied() else {
            return false;
        };
        let open_list = match self.resolve(row, store) {
            Some(Node::Reseller) if self.root_expanded => {
                self.step_into(row);
                return false;
            }
            Some(Node::Reseller) => {
                self.root_expanded = true;
                self.rebuild(store);
                return true;
            }
            Some(Node::Org(org)) => Some(services_of(&org.id)),
            Some(Node::Item { list, item }) => child_list(list, &item),
            Some(Node::Status { list }) => {
                // Enter on an error row retries the load.
                if store.error(list).is_some() {
                    let list = list.clone();
                    store.fetch(list, true);
                    self.rebuild(store);
                    return true;
                }
                None
            }
            None => None,
        };
        let Some(list) = open_list else {
            return false;
        };
        let already = match &list {
            Resource::OrgServices { org } => !self.expanded_orgs.insert(org.clone()),
            _ => !self.expanded.insert(list.clone()),
        };
        if already {
            self.step_into(row);
            return false;
        }
        store.ensure(&list);
        self.rebuild(store);
        true
    }

    /// Moves onto the first child of an open row.
    fn step_into(&mut self, row: Row) {
        if self
            .rows
            .get(self.selected + 1)
            .is_some_and(|r| r.depth > row.depth)
        {
            self.selected += 1;
        }
    }

    /// Closes the selected node, or moves to its parent when it is closed or a leaf.
    pub fn collapse(&mut self, store: &Store) -> bool {
        let Some(row) = self.rows.get(self.selected).copied() else {
            return false;
        };
        if self.is_expanded(row, store) == Some(true) {
            match self.resolve(row, store) {
                Some(Node::Reseller) => self.root_expanded = false,
                Some(Node::Org(org)) => {
                    let id = org.id.to_string();
                    self.expanded_orgs.remove(&id);
                }
                Some(Node::Item { list, item }) => {
                    if let Some(child) = child_list(list, &item) {
                        self.expanded.remove(&child);
                    }
                }
                _ => {}
            }
            self.rebuild(store);
            return true;
        }
        if let Some(parent) = (0..self.selected)
            .rev()
            .find(|&i| self.rows[i].depth < row.depth)
        {
            self.selected = parent;
        }
        false
    }

    /// Whether a resource shows in the tree, so its load needs a rebuild.
    pub fn shows(&self, resource: &Resource) -> bool {
        match resource {
            Resource::Organizations => true,
            Resource::OrgServices { org } => self.expanded_orgs.contains(org),
            other => self.expanded.contains(other),
        }
    }

    /// The expanded child list under the selected node, if it is open.
    pub fn open_list_of_selected(&self, store: &Store) -> Option<Resource> {
        let row = *self.rows.get(self.selected)?;
        if self.is_expanded(row, store) != Some(true) {
            return None;
        }
        match self.resolve(row, store)? {
            Node::Org(org) => Some(services_of(&org.id)),
            Node::Item { list, item } => child_list(list, &item),
            _ => None,
        }
    }

    /// Rows to draw for a viewport of `height`, scrolling just enough to show the selection.
    pub fn window(&self, height: usize) -> Range<usize> {
        self.viewport.window(self.selected, self.rows.len(), height)
    }

    /// Where the tree was drawn (drawing tells it; the mouse reads it).
    pub fn viewport(&self) -> &Viewport {
        &self.viewport
    }

    /// One screen of rows for page moves, from the last viewport drawn.
    pub fn page(&self) -> isize {
        self.viewport.page()
    }
}

mod places;

#[cfg(test)]
mod tests;
