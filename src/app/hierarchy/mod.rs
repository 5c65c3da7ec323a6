//! The organization hierarchy screen, the root screen of a provider whose capabilities have
//! [`Capability::Hierarchy`] and not the reseller tree (Pulse IoT Center, Metal): the whole
//! hierarchy indented, opened and closed with `l`/`h`, shown as its pages arrive, filtered
//! to the matches and their ancestors, with marks, the selected organization's record in the
//! detail pane (with its members and pending invitations where the provider has them,
//! `people.rs`), and its writes as the capabilities offer them: a new child of the kind the
//! provider makes there, a new root, an edit, a move (picked, with the targets the rules
//! refuse greyed out), a delete, and bulk status, move and delete of the marked ones.
//!
//! It is an ordinary [`ScreenState`] pushed by `App::new`, never popped (`Esc` clears marks,
//! then the filter). Its rows are lent to its table by [`rows::HierarchyRows`] over the index
//! of `index.rs`, so a key or a frame costs the rows on screen, not the organizations loaded.
//! Every write is a [`Mutation::Node`]: single ones through the form or confirmation (the
//! event loop hands them to the bulk worker as one-item runs), bulk ones as previewed plans
//! (`plans.rs`).

pub mod conflict;
pub mod form;
pub mod index;
pub mod people;
pub mod people_forms;
pub mod people_plans;
pub mod people_screen;
pub mod picker;
pub mod plans;
pub mod rows;

use crate::app::list_view::ListView;
use std::collections::HashSet;

use ratatui::crossterm::event::Event;

use crate::api::{ApiError, Mutation, NodeChange, RequestId, Resource, ResourceData, SharedData};
use crate::bulk::worker::new_run_id;
use crate::domain::hierarchy::{Capabilities, Capability, NodeKind, OrgNode};

use super::bulk_run::BulkRun;
use super::commands::{CommandId, Scope};
use super::confirm::Confirm;
use super::screen::{Ctx, Screen, ScreenState};
use super::store::Store;
use super::table::{Column, TableList};
use form::NodeForm;
use index::NodeIndex;
use picker::MovePicker;
use rows::HierarchyRows;

/// Why a root is not moved, when the provider keeps its roots where they are
/// ([`Capabilities::roots_stay`]: Pulse refuses to move a root tenant).
pub const ROOT_STAYS: &str =
    "a root tenant stays a root: it cannot be moved below another organization";

#[derive(Debug)]
pub struct Hierarchy {
    /// Its rows are lent by a [`HierarchyRows`].
    pub table: TableList,
    pub capabilities: Capabilities,
    /// The move picker, while it is open.
    pub picker: Option<MovePicker>,
    /// Organizations deleted since the last load: their records are not asked for again.
    deleted: HashSet<String>,
}

impl Hierarchy {
    pub fn new(capabilities: Capabilities, store: &Store) -> Hierarchy {
        let mut table = TableList::new(
            "Organizations",
            vec![
                Column::text("Name", 0),
                Column::plain("Status", 10),
                Column::plain("Children", 8),
            ],
        );
        table.lend(Box::new(HierarchyRows::default()));
        let mut screen = Hierarchy {
            table,
            capabilities,
            picker: None,
            deleted: HashSet::new(),
        };
        screen.sync(store);
        screen
    }

    pub fn rows(&self) -> &HierarchyRows {
        self.table.lent().expect("the hierarchy lends its rows")
    }

    fn rows_mut(&mut self) -> &mut HierarchyRows {
        self.table.lent_mut().expect("the hierarchy lends its rows")
    }

    pub fn index(&self) -> &NodeIndex {
        self.rows().index()
    }

    /// The organization under the cursor (none while a created one is awaited).
    pub fn selected(&self) -> Option<&OrgNode> {
        self.table.selected_id()?;
        self.rows().node_at(self.table.selected())
    }

    /// The selected organization's full record, when it has been read.
    pub fn record<'a>(&self, store: &'a Store) -> Option<&'a OrgNode> {
        let id = self.selected()?.id.clone();
        match store.data(&Resource::Node { id })?.as_ref() {
            ResourceData::Node(node) => Some(node),
            _ => None,
        }
    }

    /// The name of the organization `id`, or the id when it is not loaded.
    pub fn name_of(&self, id: &str) -> String {
        self.index()
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.name.clone())
    }

    /// Levels below its root.
    fn depth(&self, id: &str) -> usize {
        let index = self.index();
        index.find(id).map_or(0, |n| index.ancestors(n).count())
    }

    /// The marked organizations, or the selected one when none is marked, in tree data order.
    fn targets(&self) -> Vec<&OrgNode> {
        if self.table.marked_count() == 0 {
            return self.selected().into_iter().collect();
        }
        let index = self.index();
        let mut nodes: Vec<&OrgNode> = self
            .table
            .marked_ids()
            .filter_map(|id| index.get(id))
            .collect();
        nodes.sort_by_cached_key(|n| n.name.to_lowercase());
        nodes
    }

    fn open_picker(&mut self, nodes: Vec<(String, String)>, ctx: &mut Ctx) {
        let what = match nodes.as_slice() {
            [] => return ctx.error("mark organizations (Space) or select one to move"),
            [(_, name)] => name.clone(),
            many => crate::ui::text::count(many.len(), "organization"),
        };
        let ids = nodes.into_iter().map(|(id, _)| id).collect();
        let picker = MovePicker::new(ids, what, self.index(), self.capabilities.max_depth);
        self.picker = Some(picker);
    }

    /// Enter in the picker: a refused target says why and stays; an allowed one opens the
    /// move's save (one organization) or the preview (several).
    fn pick(&mut self, ctx: &mut Ctx) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        let index = self.table.lent::<HierarchyRows>().expect("lent").index();
        if let Some(why) = picker.check_selected(index) {
            return ctx.error(format!("cannot move there: {why}"));
        }
        let Some(parent) = picker.target().map(|n| index.node(n).clone()) else {
            return ctx.error("no organization matches; change the search");
        };
        let moving: Vec<&OrgNode> = picker
            .moving
            .iter()
            .filter_map(|id| index.get(id))
            .collect();
        match moving.as_slice() {
            [one] if picker.moving.len() == 1 => ctx.open_form(NodeForm::moving(one, &parent)),
            _ => {
                let plan = plans::move_to(&moving, &parent, index, &self.capabilities);
                ctx.preview(plan);
            }
        }
        self.picker = None;
    }

    fn delete(&mut self, ctx: &mut Ctx) {
        if self.table.marked_count() > 0 {
            let plan = plans::delete(&self.targets(), self.index());
            return ctx.preview(plan);
        }
        let Some(node) = self.selected() else {
            return ctx.error("select an organization to delete");
        };
        let kind = node.kind.word();
        // What it would have below it, had it any (a Metal project holds nothing).
        let nothing_below = match self.capabilities.child_kind(node.kind) {
            Some(child) => format!(" (it has no {}s below it)", child.word()),
            None => String::new(),
        };
        let confirm = Confirm::new(
            format!("Delete {kind}"),
            "delete",
            Mutation::Node(NodeChange::Delete {
                id: node.id.clone(),
                kind: node.kind,
                name: node.name.clone(),
            }),
        )
        .line(format!(
            "This deletes {}{nothing_below}. It cannot be undone.",
            node.name
        ))
        .typing(format!("the {kind}'s name"), node.name.clone());
        ctx.confirm(confirm);
    }

    /// A new root: an organization with no parent.
    fn new_root(&self, ctx: &mut Ctx) {
        let form = NodeForm::create(None, NodeKind::Organization, &self.capabilities);
        ctx.open_form(form);
    }

    fn set_status(&self, ctx: &mut Ctx) {
        let nodes = self.targets();
        if nodes.is_empty() {
            return ctx.error("mark organizations (Space) or select one to set the status of");
        }
        let options = vec![
            ("INACTIVE".to_string(), plans::set_status(&nodes, false)),
            ("ACTIVE".to_string(), plans::set_status(&nodes, true)),
        ];
        // INACTIVE is shown at once (the usual ask); `c` shows ACTIVE instead.
        let run = BulkRun::choose_first(new_run_id(), "Set", options);
        ctx.push(Screen::Bulk(Box::new(run)));
    }

    /// Takes the pages so far, or the whole list, into the index: more pages of the same read
    /// cost only themselves; anything else is indexed again (what is open, the marks and the
    /// selection are kept by id).
    fn take(&mut self, sources: Vec<SharedData>) {
        let index = self.index();
        if index.is_from(&sources) {
            return;
        }
        if index.is_continued_by(&sources) {
            let new: Vec<SharedData> = sources[index.sources().len()..].to_vec();
            for source in new {
                self.rows_mut().append(source);
            }
        } else {
            let whole = sources.len() == 1;
            self.rows_mut().replace_index(NodeIndex::build(&sources));
            if whole {
                self.deleted.clear();
                let index = self.index();
                let present: HashSet<String> = self
                    .table
                    .marked_ids()
                    .filter(|id| index.find(id).is_some())
                    .map(str::to_string)
                    .collect();
                self.table.retain_marks(|id| present.contains(id));
            }
        }
        self.table.refresh();
    }
}

impl ScreenState for Hierarchy {
    /// The node as `tenantdeck get` writes it: every field, the provider's own ones too, from
    /// its full read once that is in.
    fn raw_resource(&self, _store: &Store) -> Option<Resource> {
        let id = self.selected()?.id.clone();
        Some(Resource::Node { id })
    }

    fn selected_record(&self, store: &Store) -> Option<(String, serde_json::Value)> {
        let node = self.record(store).or(self.selected())?.clone();
        let id = node.id.clone();
        let record = crate::script::records::records(&ResourceData::Node(node)).pop()?;
        Some((id, serde_json::Value::Object(record)))
    }

    fn crumbs(&self) -> Vec<String> {
        vec!["Organizations".into()]
    }

    fn scope(&self) -> Scope {
        if self.picker.is_some() {
            Scope::MovePicker
        } else {
            Scope::Hierarchy
        }
    }

    fn shown(&self) -> Vec<Resource> {
        let mut shown = vec![Resource::Hierarchy];
        if let Some(node) = self.selected()
            && !self.deleted.contains(&node.id)
        {
            shown.push(Resource::Node {
                id: node.id.clone(),
            });
            shown.extend(people::resources(node, &self.capabilities));
        }
        shown
    }

    fn sync(&mut self, store: &Store) {
        // While a reload is read page by page, the whole list loaded before stays on screen.
        let sources = match store.data(&Resource::Hierarchy) {
            Some(whole) => vec![whole.clone()],
            None => store.pages(&Resource::Hierarchy).to_vec(),
        };
        self.take(sources);
    }

    fn list(&self) -> &dyn ListView {
        &self.table
    }

    fn list_mut(&mut self) -> &mut dyn ListView {
        &mut self.table
    }

    fn typing(&self) -> bool {
        self.picker.is_some()
    }

    fn edit(&mut self, event: &Event) {
        if let Some(picker) = &mut self.picker {
            let index = self.table.lent::<HierarchyRows>().expect("lent").index();
            picker.edit(event, index);
        }
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        use CommandId as C;
        match id {
            C::OrgExpand => {
                let pos = self.table.selected();
                if self.rows_mut().expand(pos) {
                    self.table.refresh();
                }
            }
            C::OrgCollapse => {
                let pos = self.table.selected();
                match self.rows_mut().collapse(pos) {
                    Ok(()) => self.table.refresh(),
                    Err(Some(parent)) => {
                        self.table.select_id(&parent);
                    }
                    Err(None) => {}
                }
            }
            C::OrgCreate => match self.selected() {
                Some(parent) => {
                    // What is made below it is the provider's to say (`unavailable` has
                    // already refused a kind with nothing below it).
                    let kind = self
                        .capabilities
                        .child_kind(parent.kind)
                        .unwrap_or_default();
                    ctx.open_form(NodeForm::create(Some(parent), kind, &self.capabilities));
                }
                None if self.capabilities.has(Capability::CreateRoots) => self.new_root(ctx),
                None => ctx.error("select the organization to create one in"),
            },
            C::HierNewRoot => self.new_root(ctx),
            C::OrgEdit => {
                // The record read by id carries the newest version; the list row will do.
                let form = self
                    .record(ctx.store)
                    .or(self.selected())
                    .map(|node| NodeForm::edit(node, &self.capabilities));
                match form {
                    Some(form) => ctx.open_form(form),
                    None => ctx.error("select an organization to edit"),
                }
            }
            C::HierMove => {
                let one = self.selected().map(|n| (n.id.clone(), n.name.clone()));
                self.open_picker(one.into_iter().collect(), ctx);
            }
            C::HierBulkMove => {
                let nodes = self.targets();
                let nodes = nodes
                    .iter()
                    .map(|n| (n.id.clone(), n.name.clone()))
                    .collect();
                self.open_picker(nodes, ctx);
            }
            C::OrgDelete => self.delete(ctx),
            C::PeopleOpen => people_screen::open(self, ctx),
            C::OrgSetStatus => self.set_status(ctx),
            C::PickerUp | C::PickerDown | C::PickerPageUp | C::PickerPageDown => {
                let delta = match id {
                    C::PickerUp => -1,
                    C::PickerDown => 1,
                    C::PickerPageUp => -10,
                    _ => 10,
                };
                if let Some(picker) = &mut self.picker {
                    let index = self.table.lent::<HierarchyRows>().expect("lent").index();
                    picker.move_by(delta, index);
                }
            }
            C::PickerPick => self.pick(ctx),
            C::PickerCancel => self.picker = None,
            _ => {}
        }
    }

    fn unavailable(&self, id: CommandId, _store: &Store) -> Option<String> {
        use CommandId as C;
        let selected = self.selected();
        match id {
            C::ListSortNext | C::ListSortFlip => Some("the hierarchy is ordered by name".into()),
            C::OrgCreate
                if selected.is_none() && self.capabilities.has(Capability::CreateRoots) =>
            {
                None
            }
            C::OrgCreate | C::OrgEdit | C::HierMove | C::OrgExpand | C::OrgCollapse
                if selected.is_none() =>
            {
                Some("select an organization first".into())
            }
            C::HierMove
                if self.capabilities.roots_stay && selected.is_some_and(|n| n.parent.is_none()) =>
            {
                Some(ROOT_STAYS.into())
            }
            C::OrgCreate => {
                let node = selected?;
                if self.capabilities.child_kind(node.kind).is_none() {
                    return Some(format!("nothing can be made in a {}", node.kind.word()));
                }
                let max = self.capabilities.max_depth?;
                (self.depth(&node.id) >= max).then(|| {
                    format!(
                        "{} is {max} levels below its root, the deepest allowed: nothing more \
                         can go below it",
                        node.name
                    )
                })
            }
            C::OrgDelete if self.table.marked_count() == 0 => {
                let Some(node) = selected else {
                    return Some("select an organization to delete".into());
                };
                plans::below(self.index(), &node.id).map(|children| {
                    format!(
                        "{} has {children} below it: delete or move those first",
                        node.name
                    )
                })
            }
            _ => None,
        }
    }

    fn mutated(
        &mut self,
        _id: RequestId,
        mutation: &Mutation,
        result: &Result<Option<String>, ApiError>,
        ctx: &mut Ctx,
    ) {
        let (Mutation::Node(change), Ok(created)) = (mutation, result) else {
            return;
        };
        match change {
            NodeChange::Create {
                parent, name, kind, ..
            } => {
                if let Some(parent) = parent {
                    self.rows_mut().open(parent);
                }
                if let Some(new) = created {
                    // Selected once the reload brings it.
                    self.table.select_id(new);
                }
                ctx.info(format!("created {} {name}", kind.word()));
            }
            NodeChange::Update { name, kind, .. } => {
                ctx.info(format!("saved {} {name}", kind.word()))
            }
            NodeChange::Move {
                id, name, parent, ..
            } => {
                // The moved organization stays selected, in its new place, once the reload
                // brings it there.
                let rows = self.rows_mut();
                rows.reveal(parent);
                rows.open(parent);
                self.table.select_id(id);
                let to = self.name_of(parent);
                ctx.info(format!("moved {name} to {to}"));
            }
            NodeChange::Delete { id, name, kind } => {
                self.deleted.insert(id.clone());
                ctx.info(format!("deleted {} {name}", kind.word()));
            }
            NodeChange::SetActive { .. } => {}
        }
    }
}

/// Whether a session's provider gets this screen as its root.
pub fn is_root_for(capabilities: &Capabilities) -> bool {
    capabilities.has(Capability::Hierarchy) && !capabilities.has(Capability::ResellerTree)
}

#[cfg(test)]
mod tests;
