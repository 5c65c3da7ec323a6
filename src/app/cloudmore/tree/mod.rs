//! The reseller tree: the root screen of a Cloudmore session. The reseller, its organizations,
//! their services, subscriptions and subscription users as one tree (`rows.rs`), over an index
//! of every organization (`index.rs`) that sorts and filters 100,000 of them; marks on
//! organizations (`marks.rs`), the bulk runs started from them (`bulk.rs`) and the
//! organization form (`form.rs`).
//!
//! It is an ordinary [`ScreenState`] pushed first and never popped, so the list commands
//! (move, sort, mark, filter, `Esc`) reach it through [`ListView`] like any other list. What
//! it shows it does not keep loaded on every pass (see [`ScreenState::shows`]): its lists are
//! reloaded by the app once per bulk batch, while the selected organization's full record,
//! which the detail pane shows, is, and so are the organization custom-property definitions
//! (read once; they name the record's properties and shape the organization form).

pub mod bulk;
pub mod form;
pub mod groups;
pub mod index;
pub mod marks;
mod order;
pub mod rows;
mod shown;

use std::sync::Arc;

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::{ApiError, Mutation, RequestId, Resource, ResourceData};
use crate::app::admins::Admins;
use crate::app::catalog::Catalog;
use crate::app::commands::{CommandId, Scope};
use crate::app::confirm::Confirm;
use crate::app::list_view::ListView;
use crate::app::screen::{Ctx, Screen, ScreenState};
use crate::app::store::Store;
use crate::app::users::Users;

use form::OrgForm;
use marks::OrgMarks;
use rows::{Node, RowKey, RowKind, Tree};

/// The reseller tree with its marks, filter and what waits for a load.
#[derive(Debug)]
pub struct ResellerTree {
    pub tree: Tree,
    pub marks: OrgMarks,
    pub filter: Input,
    /// The organization form was asked for before what it needs arrived.
    pending: Option<PendingForm>,
    /// Select this organization once the list reloads (after a create or edit).
    select_after_load: Option<String>,
    /// Deleted, and still in the list until it reloads: its record is not asked for (404).
    deleted: Option<String>,
    /// The signed-in account, marked in the administrators screen.
    me: String,
    /// Users and administrators not seen for this many days are marked inactive.
    inactive_after_days: u32,
    /// The group the tree is narrowed to (`:group`).
    group: Option<groups::GroupFilter>,
}

/// An organization form waiting for its data: the custom-property definitions, and for an
/// edit the organization's full record.
#[derive(Debug, Clone, PartialEq)]
enum PendingForm {
    Create,
    Edit(String),
}

/// Where the tree was when a jump left it (see `app/jumps.rs`).
#[derive(Debug)]
pub struct TreePlace {
    filter: String,
    at: Option<RowKey>,
}

impl ResellerTree {
    pub fn new(me: &str, inactive_after_days: u32, store: &Store) -> ResellerTree {
        let mut tree = ResellerTree {
            tree: Tree::default(),
            marks: OrgMarks::default(),
            filter: Input::default(),
            pending: None,
            select_after_load: None,
            deleted: None,
            me: me.to_string(),
            inactive_after_days,
            group: None,
        };
        tree.tree.rebuild(store);
        tree
    }

    /// The selected organization's id and name, when an organization row is selected.
    fn selected_org(&self, store: &Store) -> Option<(String, String)> {
        match self.tree.selected_node(store) {
            Some(Node::Org(org)) => Some((org.id.to_string(), org.name.to_string())),
            _ => None,
        }
    }

    /// The organization the selected row belongs to: itself, or the one whose service,
    /// subscription or user it is.
    fn row_org(&self, store: &Store) -> Option<(String, String)> {
        let id = match self.tree.selected_node(store)? {
            Node::Org(org) => return Some((org.id.to_string(), org.name.to_string())),
            Node::Item { list, .. } | Node::Status { list } => list.organization()?,
            Node::Reseller => return None,
        };
        let index = &self.tree.index;
        let org = index.get(index.position_of(id)?)?;
        Some((org.id.to_string(), org.name.to_string()))
    }

    /// The selection moved: a pending edit of another organization is dropped.
    fn moved(&mut self, store: &Store) {
        if let Some(PendingForm::Edit(pending)) = &self.pending
            && self
                .selected_org(store)
                .is_none_or(|(id, _)| &id != pending)
        {
            self.pending = None;
        }
    }

    /// Leaves for a subscription: the filter is cleared so its organization shows, and the
    /// path down to it opens. Returns where the tree was, for [`ResellerTree::return_to`].
    pub fn reveal(
        &mut self,
        org: &str,
        service: &str,
        subscription: &str,
        store: &mut Store,
    ) -> TreePlace {
        let place = self.leave(store);
        self.tree.reveal(org, service, subscription, store);
        self.moved(store);
        place
    }

    /// Leaves for a jump: the filter is cleared so every organization shows. Returns where
    /// the tree was, for [`ResellerTree::return_to`].
    pub fn leave(&mut self, store: &Store) -> TreePlace {
        let place = TreePlace {
            filter: self.filter.value().to_string(),
            at: self.tree.bookmark(store),
        };
        self.filter.reset();
        self.tree.set_filter("", store);
        place
    }

    /// Back to where a jump left the tree: its filter and selected row.
    pub fn return_to(&mut self, place: &TreePlace, store: &Store) {
        self.filter = place.filter.as_str().into();
        self.tree.set_filter(&place.filter, store);
        if let Some(at) = &place.at {
            self.tree.go_to(at, store);
        }
        self.moved(store);
    }

    fn open_users(&self, ctx: &mut Ctx) {
        let Some((org, name)) = self.row_org(ctx.store) else {
            ctx.error("select an organization to see its users");
            return;
        };
        let today = crate::domain::dates::today();
        let users = Users::new(&org, &name, today, self.inactive_after_days, ctx.store);
        ctx.push(Screen::Users(Box::new(users)));
    }

    fn open_catalog(&self, ctx: &mut Ctx) {
        let Some((org, name)) = self.row_org(ctx.store) else {
            ctx.error("select an organization to see its services");
            return;
        };
        let catalog = Catalog::new(&org, &name, ctx.store);
        ctx.push(Screen::Catalog(Box::new(catalog)));
    }

    fn open_admins(&self, ctx: &mut Ctx) {
        let today = crate::domain::dates::today();
        let mut admins = Admins::new(today, self.inactive_after_days, ctx.store);
        admins.me = self.me.clone();
        ctx.push(Screen::Admins(Box::new(admins)));
    }

    /// The edit form of the selected organization (see [`Self::open_org_form`]).
    fn edit_selected(&mut self, ctx: &mut Ctx) {
        let Some((org, _)) = self.selected_org(ctx.store) else {
            ctx.error("select an organization to edit");
            return;
        };
        self.open_org_form(PendingForm::Edit(org), ctx);
    }

    /// The form at once when what it needs is loaded; otherwise it is asked for and the form
    /// opens when it arrives (see [`ScreenState::loaded`]). Definitions that could not be
    /// read leave the form without properties rather than without a form.
    fn open_org_form(&mut self, wanted: PendingForm, ctx: &mut Ctx) {
        let defs_key = Resource::OrgPropertyDefinitions;
        let defs = match ctx.store.data(&defs_key).map(|d| d.as_ref()) {
            Some(ResourceData::PropertyDefinitions(defs)) => Some(defs.clone()),
            _ if ctx.store.error(&defs_key).is_some() => Some(Vec::new()),
            _ => None,
        };
        let record = match &wanted {
            PendingForm::Create => None,
            PendingForm::Edit(org) => Some(Resource::Organization { org: org.clone() }),
        };
        let full = record
            .as_ref()
            .and_then(|r| match ctx.store.data(r)?.as_ref() {
                ResourceData::Organization(full) => Some(full.clone()),
                _ => None,
            });
        match (defs, &wanted, full) {
            (Some(defs), PendingForm::Create, _) => ctx.open_form(OrgForm::create(&defs)),
            (Some(defs), PendingForm::Edit(_), Some(full)) => {
                ctx.open_form(OrgForm::edit(&full, &defs))
            }
            (defs, _, _) => {
                if defs.is_none() {
                    ctx.store.ensure(&defs_key);
                }
                if let Some(record) = &record {
                    ctx.store.ensure(record);
                }
                self.pending = Some(wanted);
                ctx.info("loading the organization…");
                return;
            }
        }
        self.pending = None;
    }

    fn delete_selected(&self, ctx: &mut Ctx) {
        let Some((id, name)) = self.selected_org(ctx.store) else {
            ctx.error("select an organization to delete");
            return;
        };
        let confirm = Confirm::new(
            "Delete organization",
            "delete",
            Mutation::DeleteOrganization { org: id },
        )
        .line(format!(
            "This deletes {name} and everything that goes with it: its services, their \
             subscriptions and the users assigned to them. It cannot be undone."
        ))
        .typing("the organization's name", name);
        ctx.confirm(confirm);
    }

    fn name_of(&self, org: &str) -> Option<String> {
        let index = &self.tree.index;
        index
            .get(index.position_of(org)?)
            .map(|o| o.name.to_string())
    }
}

impl ScreenState for ResellerTree {
    fn raw_resource(&self, store: &Store) -> Option<Resource> {
        let (org, _) = self.selected_org(store)?;
        Some(Resource::Organization { org })
    }

    fn crumbs(&self) -> Vec<String> {
        Vec::new()
    }

    fn scope(&self) -> Scope {
        Scope::Tree
    }

    /// The selected organization's full record: the one record kept loaded, so holding `j`
    /// over 500 rows costs one fetch per frame, not one per row. The organization
    /// custom-property definitions too, on every row: read once with the tree, they name the
    /// record's properties and let the organization form open at once.
    fn shown(&self) -> Vec<Resource> {
        let mut shown = vec![Resource::OrgPropertyDefinitions];
        shown.extend(self.group_shown());
        let Some(&row) = self.tree.rows().get(self.tree.selected()) else {
            return shown;
        };
        let RowKind::Org(i) = row.kind else {
            return shown;
        };
        let org = self.tree.index.get(i).map(|o| o.id.to_string());
        if let Some(org) = org.filter(|id| self.deleted.as_ref() != Some(id)) {
            shown.insert(0, Resource::Organization { org });
        }
        shown
    }

    fn shows(&self, resource: &Resource) -> bool {
        self.tree.shows(resource) || self.group_shown().as_ref() == Some(resource)
    }

    /// The selected node's list (the organizations on the reseller's row) and the list it has
    /// open below it.
    fn refresh(&self, store: &Store) -> Vec<Resource> {
        let mut targets = Vec::new();
        match self.tree.selected_node(store) {
            Some(Node::Reseller) | None => targets.push(Resource::Organizations),
            Some(Node::Org(org)) => targets.push(Resource::Organization {
                org: org.id.to_string(),
            }),
            Some(Node::Item { list, .. } | Node::Status { list }) => targets.push(list.clone()),
        }
        targets.extend(self.tree.open_list_of_selected(store));
        targets
    }

    /// A new organizations list goes into the index (marks of organizations gone are
    /// dropped); anything else the tree shows only rebuilds the rows.
    fn sync(&mut self, store: &Store) {
        self.sync_group(store);
        let fresh = store.data(&Resource::Organizations).filter(|data| {
            self.tree
                .index
                .shared()
                .is_none_or(|had| !Arc::ptr_eq(had, data))
        });
        let Some(data) = fresh.cloned() else {
            self.tree.rebuild(store);
            return;
        };
        // An organization row is found through the index: note which one is selected before
        // the new list replaces it, so a revalidated list (rows added above) keeps it.
        let kept = self.selected_org(store).map(|(id, _)| id);
        self.tree.index.set_data(data);
        self.marks.retain(&self.tree.index);
        self.deleted = None;
        self.tree.rebuild(store);
        if let Some(org) = self.select_after_load.take().or(kept) {
            self.tree.select_org(&org);
        }
        self.moved(store);
    }

    fn list(&self) -> &dyn ListView {
        self
    }

    fn list_mut(&mut self) -> &mut dyn ListView {
        self
    }

    fn selection_moved(&mut self, store: &Store) {
        self.moved(store);
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        use CommandId as C;
        match id {
            C::OrgExpand => {
                self.tree.expand(ctx.store);
            }
            C::OrgCollapse => {
                self.tree.collapse(ctx.store);
            }
            C::OpenCatalog => self.open_catalog(ctx),
            C::OpenUsers => self.open_users(ctx),
            C::OpenAdmins => self.open_admins(ctx),
            C::OrgCreate => self.open_org_form(PendingForm::Create, ctx),
            C::OrgEdit => self.edit_selected(ctx),
            C::OrgDelete => self.delete_selected(ctx),
            C::TreeAddService => self.bulk_add_service(ctx),
            C::OrgSetStatus => self.bulk_set_active(ctx),
            C::TreeGroupAdd => self.bulk_group(ctx, true),
            C::TreeGroupRemove => self.bulk_group(ctx, false),
            C::GroupsOpen => ctx.push(Screen::Groups(Box::new(
                crate::app::cloudmore::groups::Groups::new(ctx.store),
            ))),
            _ => {}
        }
        self.moved(ctx.store);
    }

    /// Editing and deleting need an organization under the cursor; its catalog and users need
    /// a row that belongs to one (not the reseller's own row).
    fn unavailable(&self, id: CommandId, store: &Store) -> Option<String> {
        let node = self.tree.selected_node(store);
        let on_org = matches!(node, Some(Node::Org(_)));
        let on_reseller = matches!(node, Some(Node::Reseller) | None);
        match id {
            CommandId::ListNextPane => Some("the tree is one list".into()),
            CommandId::OpenCatalog if on_reseller => {
                Some("select an organization to see its services".into())
            }
            CommandId::OpenUsers if on_reseller => {
                Some("select an organization to see its users".into())
            }
            CommandId::OrgEdit if !on_org => Some("select an organization to edit".into()),
            CommandId::OrgDelete if !on_org => Some("select an organization to delete".into()),
            // Deleting one takes everything below it: each is named and typed on its own.
            CommandId::OrgDelete if self.marks.count() > 0 => Some(
                "marked organizations are not deleted together here: clear the marks (Esc) and \
                 delete them one at a time"
                    .into(),
            ),
            _ => None,
        }
    }

    /// Its bulk previews check the organizations list themselves; the record of the selected
    /// organization reloading is no reason to refuse one.
    fn rows_outdated(&self, _store: &Store) -> bool {
        false
    }

    /// What a pending form waited for: it opens now if it has everything.
    fn loaded(&mut self, resource: &Resource, ctx: &mut Ctx) {
        let waited = match (&self.pending, resource) {
            (Some(_), Resource::OrgPropertyDefinitions) => true,
            (Some(PendingForm::Edit(pending)), Resource::Organization { org }) => pending == org,
            _ => false,
        };
        if !waited {
            return;
        }
        if let Some(wanted) = self.pending.take() {
            self.open_org_form(wanted, ctx);
            if self.pending.is_none() {
                ctx.clear_flash();
            }
        }
    }

    /// A record that could not be read drops the edit waiting for it; definitions that could
    /// not be read open the form without them when it is asked for again.
    fn load_failed(&mut self, resource: &Resource) {
        let gone = match (&self.pending, resource) {
            (Some(_), Resource::OrgPropertyDefinitions) => true,
            (Some(PendingForm::Edit(pending)), Resource::Organization { org }) => pending == org,
            _ => false,
        };
        if gone {
            self.pending = None;
        }
    }

    /// After an organization write: select what was created or saved once the list reloads,
    /// and name what was deleted.
    fn mutated(
        &mut self,
        _id: RequestId,
        mutation: &Mutation,
        result: &Result<Option<String>, ApiError>,
        ctx: &mut Ctx,
    ) {
        let Ok(created) = result else {
            return;
        };
        match mutation {
            Mutation::CreateOrganization(_) => self.select_after_load = created.clone(),
            Mutation::UpdateOrganization { org, .. } => self.select_after_load = Some(org.clone()),
            Mutation::DeleteOrganization { org } => {
                let name = self.name_of(org).unwrap_or_else(|| org.clone());
                self.deleted = Some(org.clone());
                ctx.info(format!(
                    "deleted the organization {name} with its services, subscriptions and users"
                ));
            }
            _ => {}
        }
    }
}

/// The tree as a list: its rows move and page, its organizations sort, filter and take marks.
impl ListView for ResellerTree {
    fn move_by(&mut self, delta: isize) {
        self.tree.move_by(delta);
    }

    fn page(&self) -> isize {
        self.tree.page()
    }

    fn cycle_sort(&mut self, store: &Store) {
        let (sort, _) = self.tree.index.sort();
        self.tree.set_sort(sort.next(), false, store);
    }

    fn flip_sort(&mut self, store: &Store) {
        let (sort, descending) = self.tree.index.sort();
        self.tree.set_sort(sort, !descending, store);
    }

    fn toggle_mark(&mut self, store: &Store) -> Result<(), String> {
        if self.marks.toggle(&mut self.tree, store) {
            Ok(())
        } else {
            Err("only organizations can be marked".into())
        }
    }

    fn mark_range(&mut self, store: &Store) {
        self.marks.range(&self.tree, store);
    }

    fn mark_all_shown(&mut self) {
        self.marks.all(&self.tree.index);
    }

    fn clear_marks(&mut self) -> bool {
        self.marks.clear()
    }

    fn marked_count(&self) -> usize {
        self.marks.count()
    }

    fn filter_text(&self) -> &str {
        self.filter.value()
    }

    fn narrowed(&self) -> bool {
        !self.filter.value().is_empty() || self.group.is_some()
    }

    fn edit_filter(&mut self, event: &Event, store: &Store) -> bool {
        let changed = self.filter.handle_event(event).is_some_and(|c| c.value);
        if changed {
            self.tree.set_filter(self.filter.value(), store);
        }
        changed
    }

    fn clear_filter(&mut self, store: &Store) -> bool {
        if self.filter.value().is_empty() {
            return self.clear_group(store);
        }
        self.filter.reset();
        self.tree.set_filter("", store);
        true
    }

    /// An organization's full record when it is loaded (else its list row), or the service,
    /// subscription or user selected, as the API sent them.
    fn selected_record(&self, store: &Store) -> Option<(String, serde_json::Value)> {
        use rows::Item;
        let value = match self.tree.selected_node(store)? {
            Node::Org(org) => {
                let full = Resource::Organization {
                    org: org.id.to_string(),
                };
                match store.data(&full).map(|d| d.as_ref()) {
                    Some(ResourceData::Organization(full)) => serde_json::to_value(full),
                    _ => serde_json::to_value(org),
                }
            }
            Node::Item { item, .. } => match item {
                Item::Service(s) => serde_json::to_value(s),
                Item::Subscription(s) => serde_json::to_value(s),
                Item::User(u) => serde_json::to_value(u),
            },
            Node::Reseller | Node::Status { .. } => return None,
        };
        let value = value.ok()?;
        let id = value.get("id")?.as_str()?.to_string();
        Some((id, value))
    }

    fn viewport(&self) -> &crate::app::viewport::Viewport {
        self.tree.viewport()
    }

    fn position(&self) -> (usize, usize) {
        (self.tree.selected(), self.tree.rows().len())
    }

    fn name(&self) -> &str {
        "organizations"
    }

    fn shown_cells(&self, store: &Store) -> crate::app::list_view::ShownCells {
        shown::cells(&self.tree, store)
    }

    fn summary(&self) -> String {
        let index = &self.tree.index;
        if !index.is_loaded() {
            return String::new();
        }
        let count = crate::ui::text::thousands;
        let (shown, total) = (count(index.filtered().len()), count(index.total()));
        format!("{shown} of {total} organizations")
    }
}

#[cfg(test)]
mod tests;
