//! `Enter` on a hit: the hit's own screen with it selected, and the screens a person would
//! have opened to get there below it (the tree on its organization, then the catalog on its
//! service for a subscription), so `Esc` walks back up. Where the search started is kept as a
//! jump (`app/jumps.rs`): `Ctrl-O` goes back there.

use super::Target;
use crate::app::App;
use crate::app::admins::Admins;
use crate::app::catalog::{Catalog, Pane};
use crate::app::hierarchy::Hierarchy;
use crate::app::hierarchy::people_screen;
use crate::app::hierarchy::rows::HierarchyRows;
use crate::app::screen::Screen;
use crate::app::subscriptions::Subscriptions;
use crate::app::users::Users;
use crate::domain::dates;
use crate::domain::hierarchy::Capability;

impl App {
    pub(crate) fn jump_to(&mut self, target: &Target) {
        let Some(place) = self.leave_root() else {
            return;
        };
        self.remember_jump(place);
        let org = match target {
            Target::Organization { id }
            | Target::User { org: id, .. }
            | Target::Service { org: id, .. }
            | Target::Subscription { org: id, .. } => Some(id.as_str()),
            Target::Administrator { .. } => None,
            Target::Node { id } | Target::Member { node: id, .. } => {
                if let Some(Screen::Hierarchy(root)) = self.screens.first_mut() {
                    select_node(root, id, &self.store);
                }
                if let Target::Member { id, .. } = target {
                    self.open_member(id);
                }
                return;
            }
        };
        let org_name = org.map(|org| self.select_org(org)).unwrap_or_default();
        let (today, inactive) = (dates::today(), self.session.inactive_after_days);
        let store = &self.store;
        let mut screens = Vec::new();
        match target {
            Target::User { org, id } => {
                let mut users = Users::new(org, &org_name, today, inactive, store);
                users.users.select_id(id);
                screens.push(Screen::Users(Box::new(users)));
            }
            Target::Administrator { id } => {
                let mut admins = Admins::new(today, inactive, store);
                admins.me = self.session.username.clone();
                admins.list.select_id(id);
                screens.push(Screen::Admins(Box::new(admins)));
            }
            Target::Service { org, id } => {
                let catalog = catalog_on(org, &org_name, id, store);
                screens.push(Screen::Catalog(Box::new(catalog)));
            }
            Target::Subscription { org, service, id } => {
                let catalog = catalog_on(org, &org_name, service, store);
                let name = catalog.added.selected_row().map(|r| r.cells[0].clone());
                let name = name.unwrap_or_else(|| service.clone());
                let mut subscriptions = Subscriptions::new(org, service, &name);
                crate::app::screen::ScreenState::sync(&mut subscriptions, store);
                subscriptions.table.select_id(id);
                screens.push(Screen::Catalog(Box::new(catalog)));
                screens.push(Screen::Subscriptions(Box::new(subscriptions)));
            }
            Target::Organization { .. } | Target::Node { .. } | Target::Member { .. } => {}
        }
        for mut screen in screens {
            screen.state_mut().selection_moved(&self.store);
            self.screens.push(screen);
        }
    }

    /// A member: their node's people screen on them, where the provider writes people (else
    /// the hierarchy's detail pane shows them, the node selected).
    fn open_member(&mut self, id: &str) {
        if !self.session.capabilities.has(Capability::EditMembers) {
            return;
        }
        self.with_top(|screen, ctx| {
            if let Screen::Hierarchy(root) = screen {
                people_screen::open(root, ctx);
            }
        });
        if let Some(Screen::People(people)) = self.screens.last_mut() {
            people.members.select_id(id);
        }
    }

    /// Selects an organization in the tree (its filter already cleared); returns its name.
    fn select_org(&mut self, org: &str) -> String {
        let Some(Screen::Tree(root)) = self.screens.first_mut() else {
            return String::new();
        };
        root.tree.select_org(org);
        crate::app::screen::ScreenState::selection_moved(root.as_mut(), &self.store);
        let index = &root.tree.index;
        let found = index.position_of(org).and_then(|at| index.get(at));
        found.map_or_else(|| org.to_string(), |o| o.name.to_string())
    }
}

/// The catalog of `org` on its added service `service`.
fn catalog_on(org: &str, name: &str, service: &str, store: &crate::app::store::Store) -> Catalog {
    let mut catalog = Catalog::new(org, name, store);
    catalog.focus = Pane::Added;
    catalog.added.select_id(service);
    catalog
}

/// Opens the ancestors of node `id` in the hierarchy (its filter already cleared) and
/// selects it.
fn select_node(root: &mut Hierarchy, id: &str, store: &crate::app::store::Store) {
    if let Some(rows) = root.table.lent_mut::<HierarchyRows>() {
        rows.reveal(id);
    }
    root.table.refresh();
    root.table.select_id(id);
    crate::app::screen::ScreenState::selection_moved(root, store);
}
