//! The reseller's organization groups (`b` on the tree): each group with how many
//! organizations it holds and its description, and below it the organizations of the selected
//! one, read for that group only. `Enter` filters the tree to the group.

use crate::api::{ApiError, GroupChange, Mutation, RequestId, Resource, ResourceData};
use crate::app::cloudmore::group_form::GroupForm;
use crate::app::commands::{CommandId, Scope};
use crate::app::confirm::Confirm;
use crate::app::screen::{Ctx, Effect, ScreenState, two_tables};
use crate::app::store::Store;
use crate::app::table::{Column, TableList, TableRow};
use crate::domain::reseller::groups::OrganizationGroup;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Groups,
    Members,
}

#[derive(Debug)]
pub struct Groups {
    pub groups: TableList,
    pub members: TableList,
    pub focus: Focus,
}

impl Groups {
    pub fn new(store: &Store) -> Groups {
        let mut screen = Groups {
            groups: TableList::new(
                "Organization groups",
                vec![
                    Column::text("Group", 0),
                    Column::plain("Organizations", 13),
                    Column::text("Description", 0),
                ],
            ),
            members: TableList::new(
                "Organizations in the group",
                vec![
                    Column::text("Organization", 0),
                    Column::text("Customer no.", 14),
                ],
            ),
            focus: Focus::Groups,
        };
        screen.sync(store);
        screen
    }

    /// The group under the cursor of the upper table.
    pub fn selected<'a>(&self, store: &'a Store) -> Option<&'a OrganizationGroup> {
        let id = self.groups.selected_id()?;
        listed(store)?.iter().find(|g| g.id == id)
    }

    fn members_resource(&self) -> Option<Resource> {
        let group = self.groups.selected_id()?.to_string();
        Some(Resource::GroupMembers { group })
    }
}

/// The groups as loaded.
pub fn listed(store: &Store) -> Option<&[OrganizationGroup]> {
    match store.data(&Resource::OrganizationGroups)?.as_ref() {
        ResourceData::Groups(list) => Some(list),
        _ => None,
    }
}

impl ScreenState for Groups {
    fn crumbs(&self) -> Vec<String> {
        vec!["Groups".into()]
    }

    fn scope(&self) -> Scope {
        Scope::Groups
    }

    fn shown(&self) -> Vec<Resource> {
        let mut shown = vec![Resource::OrganizationGroups];
        shown.extend(self.members_resource());
        shown
    }

    fn sync(&mut self, store: &Store) {
        if let Some(list) = listed(store) {
            let rows = list
                .iter()
                .map(|g| {
                    let count = g.members_count.to_string();
                    TableRow::new(
                        &g.id,
                        vec![g.name.clone(), count.clone(), g.description.clone()],
                    )
                    .sort_key(1, format!("{:020}", g.members_count))
                })
                .collect();
            self.groups.set_rows(rows);
        }
        let members = self
            .members_resource()
            .and_then(|r| store.data(&r).cloned());
        match members.as_deref() {
            Some(ResourceData::GroupMembers(list)) => {
                let rows = list
                    .iter()
                    .map(|m| TableRow::new(&m.id, vec![m.name.clone(), m.customer_number.clone()]))
                    .collect();
                self.members.set_rows(rows);
            }
            _ => self.members.set_rows(Vec::new()),
        }
    }

    two_tables!(groups: Focus::Groups, members: Focus::Members);

    fn selection_moved(&mut self, store: &Store) {
        self.sync(store);
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        if id == CommandId::GroupNew {
            ctx.open_form(GroupForm::create());
            return;
        }
        let Some(group) = self.selected(ctx.store).cloned() else {
            ctx.error("select a group first");
            return;
        };
        match id {
            CommandId::GroupShow => ctx.effects.push(Effect::ShowGroup {
                id: group.id,
                name: group.name,
            }),
            CommandId::GroupEdit => ctx.open_form(GroupForm::edit(&group)),
            CommandId::GroupDelete => {
                let change = GroupChange::Delete {
                    group: group.id,
                    name: group.name.clone(),
                };
                let confirm =
                    Confirm::new("Delete group", "delete", Mutation::Group(change)).line(format!(
                        "This deletes the group {}. Its {} stay, outside it; it cannot be undone.",
                        group.name,
                        crate::ui::text::count(group.members_count as usize, "organization")
                    ));
                ctx.confirm(confirm);
            }
            _ => {}
        }
    }

    /// A made group is selected once the list reloads.
    fn mutated(
        &mut self,
        _id: RequestId,
        mutation: &Mutation,
        result: &Result<Option<String>, ApiError>,
        ctx: &mut Ctx,
    ) {
        let (Mutation::Group(change), Ok(created)) = (mutation, result) else {
            return;
        };
        if let Some(id) = created {
            self.groups.select_id(id);
        }
        ctx.info(format!("{}: {}", change.describe(), change.target()));
    }
}
