//! The tree narrowed to one organization group (`:group NAME`, or `Enter` on the groups
//! screen; `Esc` clears it after the text filter), and the marked organizations put into a
//! group or taken out of one (`+`, `-`), through a previewed, journaled bulk run whose group
//! is picked with `c`.

use std::collections::HashSet;

use crate::api::{Resource, ResourceData, SharedData};
use crate::app::bulk_run::BulkRun;
use crate::app::palette::GroupChoice;
use crate::app::screen::{Ctx, Screen};
use crate::app::store::Store;
use crate::app::{App, Mode};
use crate::bulk::plan::BulkPlan;
use crate::bulk::worker::new_run_id;

use super::ResellerTree;
use crate::app::cloudmore::groups::listed;

/// The group the tree is narrowed to.
#[derive(Debug, Clone)]
pub struct GroupFilter {
    pub id: String,
    pub name: String,
    /// The members list the index was last narrowed by (it is narrowed again only when a new
    /// one arrives: narrowing walks every organization).
    applied: Option<SharedData>,
}

impl App {
    /// The groups `:group` offers, on the reseller tree only, once "group" is typed: asked
    /// for then when not loaded (the palette lists them when they arrive).
    pub(crate) fn palette_asks_for_groups(&mut self) {
        let asks = self.palette.as_ref().is_some_and(|p| {
            p.groups.is_empty()
                && p.input
                    .value()
                    .trim_start()
                    .to_lowercase()
                    .starts_with("group")
        });
        if !asks || !matches!(self.screens.first(), Some(Screen::Tree(_))) {
            return;
        }
        let Some(groups) = listed(&self.store) else {
            self.store.ensure(&Resource::OrganizationGroups);
            return;
        };
        let groups = groups
            .iter()
            .map(|g| GroupChoice {
                id: g.id.clone(),
                name: g.name.clone(),
                members: g.members_count,
            })
            .collect();
        if let Some(palette) = &mut self.palette {
            palette.groups = groups;
        }
    }

    /// The groups arrived while the palette is open: it lists them now.
    pub(crate) fn palette_groups_loaded(&mut self, resource: &Resource) {
        if *resource == Resource::OrganizationGroups {
            self.palette_asks_for_groups();
        }
    }

    /// Back to the tree (the screens above it close), narrowed to group `id`.
    pub(crate) fn show_group(&mut self, id: &str, name: &str) {
        self.screens.truncate(1);
        self.detail_cursor = None;
        self.mode = Mode::Browse;
        if let Some(Screen::Tree(tree)) = self.screens.first_mut() {
            tree.show_group(id, name, &self.store);
        }
    }
}

impl ResellerTree {
    pub fn group(&self) -> Option<&GroupFilter> {
        self.group.as_ref()
    }

    /// Narrows the tree to the group; until its members load it shows none.
    pub fn show_group(&mut self, id: &str, name: &str, store: &Store) {
        self.group = Some(GroupFilter {
            id: id.to_string(),
            name: name.to_string(),
            applied: None,
        });
        self.tree.index.set_only(Some(HashSet::new()));
        self.sync_group(store);
        self.tree.rebuild(store);
    }

    /// Every organization again; false when the tree was not narrowed to a group.
    pub(super) fn clear_group(&mut self, store: &Store) -> bool {
        if self.group.take().is_none() {
            return false;
        }
        self.tree.index.set_only(None);
        self.tree.rebuild(store);
        true
    }

    /// The group's members, which the tree keeps loaded while it is narrowed to them.
    pub(super) fn group_shown(&self) -> Option<Resource> {
        let group = self.group.as_ref()?.id.clone();
        Some(Resource::GroupMembers { group })
    }

    /// A new members list narrows the index again (the caller rebuilds the rows).
    pub(super) fn sync_group(&mut self, store: &Store) {
        let Some(resource) = self.group_shown() else {
            return;
        };
        let Some(data) = store.data(&resource).cloned() else {
            return;
        };
        let Some(group) = self.group.as_mut() else {
            return;
        };
        if group
            .applied
            .as_ref()
            .is_some_and(|had| std::sync::Arc::ptr_eq(had, &data))
        {
            return;
        }
        if let ResourceData::GroupMembers(members) = data.as_ref() {
            let ids = members.iter().map(|m| m.id.clone()).collect();
            self.tree.index.set_only(Some(ids));
        }
        group.applied = Some(data);
    }

    /// `+` and `-`: a preview with one plan per group, none chosen until `c`. Organizations the
    /// chosen group's loaded members show already in (or not in) it are set aside.
    pub(crate) fn bulk_group(&self, ctx: &mut Ctx, add: bool) {
        let orgs: Vec<(String, String)> = self
            .marks
            .targets(&self.tree, ctx.store)
            .into_iter()
            .map(|o| (o.id.to_string(), o.name.to_string()))
            .collect();
        let key = if add { '+' } else { '-' };
        if orgs.is_empty() {
            ctx.error("mark organizations (Space) or select one to put in a group");
            return;
        }
        let Some(groups) = listed(ctx.store).map(<[_]>::to_vec) else {
            ctx.store.ensure(&Resource::OrganizationGroups);
            ctx.info(format!("loading the groups… press {key} again in a moment"));
            return;
        };
        if groups.is_empty() {
            ctx.error("the reseller has no organization groups");
            return;
        }
        // What each group's loaded members say now; the plans are built when `c` shows them,
        // so 100,000 marked organizations are planned for one group at a time.
        let known: Vec<Option<HashSet<String>>> = groups
            .iter()
            .map(|group| {
                let members = Resource::GroupMembers {
                    group: group.id.clone(),
                };
                match ctx.store.current(&members).map(|d| d.as_ref()) {
                    Some(ResourceData::GroupMembers(list)) => {
                        Some(list.iter().map(|m| m.id.clone()).collect())
                    }
                    _ => None,
                }
            })
            .collect();
        let names = groups.iter().map(|g| g.name.clone()).collect();
        let plan = move |option: usize| {
            BulkPlan::group_membership(&groups[option], &orgs, known[option].as_ref(), add)
        };
        let run = BulkRun::choose_on_demand(new_run_id(), "Group", names, plan);
        ctx.push(Screen::Bulk(Box::new(run)));
    }
}
