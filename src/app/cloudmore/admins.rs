//! The reseller's administrators: name, display name, e-mail, role, last access and the
//! active/inactive mark, with the selected one's every field beside the list. `n`, `e` and `d`
//! create, edit and delete them through the administrator form and a confirmation.

use crate::api::{ApiError, Mutation, RequestId, Resource, ResourceData};
use crate::app::list_view::ListView;
use crate::bulk::plan::BulkPlan;
use crate::domain::{Administrator, Role};

use crate::app::admin_form::AdminForm;
use crate::app::commands::{CommandId, Scope};
use crate::app::confirm::Confirm;
use crate::app::people::{self, access_row};
use crate::app::screen::{Ctx, ScreenState};
use crate::app::store::Store;
use crate::app::table::{Column, TableList, TableRow};

#[derive(Debug)]
pub struct Admins {
    pub list: TableList,
    pub today: i64,
    pub inactive_after_days: u32,
    /// The username signed in: a bulk delete leaves it out.
    pub me: String,
    awaiting_form: people::AwaitingRoles,
}

impl Admins {
    pub fn new(today: i64, inactive_after_days: u32, store: &Store) -> Admins {
        let mut screen = Admins {
            list: TableList::new(
                "Administrators",
                vec![
                    // Role before the usernames: at 80 columns it is what tells rows apart,
                    // and the e-mail mostly repeats the username.
                    Column::text("Name", 0),
                    Column::text("Role", 0),
                    Column::text("Username", 0),
                    Column::text("E-mail", 0),
                    Column::plain("Last access", 25),
                    Column::plain(people::ACTIVITY, 10),
                ],
            ),
            today,
            inactive_after_days,
            me: String::new(),
            awaiting_form: Default::default(),
        };
        screen.sync(store);
        screen
    }

    pub fn selected<'a>(&self, store: &'a Store) -> Option<&'a Administrator> {
        let id = self.list.selected_id()?;
        match store.data(&Resource::Administrators)?.as_ref() {
            ResourceData::Administrators(list) => list.iter().find(|a| a.id == id),
            _ => None,
        }
    }

    fn roles(store: &Store) -> Option<Vec<Role>> {
        match store.data(&Resource::ResellerRoles)?.as_ref() {
            ResourceData::Roles(roles) => Some(roles.clone()),
            _ => None,
        }
    }

    /// Whether `admin` is the account this console signed in with.
    fn is_me(&self, admin: &Administrator) -> bool {
        !self.me.is_empty() && admin.name.eq_ignore_ascii_case(&self.me)
    }

    fn row(&self, admin: &Administrator) -> TableRow {
        let mut name = display_name(admin);
        if self.is_me(admin) {
            name.push_str(" (you)");
        }
        let cells = vec![
            name,
            admin.role_name.clone(),
            admin.name.clone(),
            admin.email.clone(),
        ];
        access_row(
            &admin.id,
            cells,
            admin.last_accessed_date.as_deref(),
            self.today,
            self.inactive_after_days,
        )
    }

    fn open_form(&mut self, ctx: &mut Ctx, edit: bool) {
        let Some(roles) = Self::roles(ctx.store) else {
            self.awaiting_form.wait(people::Awaited::Form { edit }, ctx);
            return;
        };
        if !edit {
            ctx.open_form(AdminForm::create(roles));
            return;
        }
        match self.selected(ctx.store) {
            Some(admin) => {
                let form = AdminForm::edit(admin, roles);
                ctx.open_form(form);
            }
            None => ctx.error("select an administrator to edit"),
        }
    }

    /// The marked administrators, or the selected one when nothing is marked.
    fn targets(&self, store: &Store) -> Vec<Administrator> {
        let Some(ResourceData::Administrators(list)) =
            store.data(&Resource::Administrators).map(|d| d.as_ref())
        else {
            return Vec::new();
        };
        let ids: Vec<&str> = self.list.targets().iter().map(|r| r.id.as_str()).collect();
        list.iter()
            .filter(|a| ids.contains(&a.id.as_str()))
            .cloned()
            .collect()
    }

    /// `R`: a preview of the role change, one plan per role (`c` there picks the role).
    fn change_role(&self, ctx: &mut Ctx) {
        let Some(roles) = Self::roles(ctx.store) else {
            ctx.error("the administrator roles are still loading; try again in a moment");
            return;
        };
        let admins = self.targets(ctx.store);
        if admins.is_empty() {
            ctx.error("mark administrators (Space) or select one to change the role of");
            return;
        }
        let options = roles
            .iter()
            .map(|role| {
                (
                    role.name.clone(),
                    BulkPlan::change_admin_role(&admins, role),
                )
            })
            .collect();
        ctx.preview_choice("Role", options);
    }

    fn delete(&self, ctx: &mut Ctx) {
        if self.list.marked_count() > 0 {
            let plan = BulkPlan::delete_admins(&self.targets(ctx.store), &self.me);
            ctx.preview(plan);
            return;
        }
        let Some(admin) = self.selected(ctx.store) else {
            ctx.error("select an administrator to delete");
            return;
        };
        if self.is_me(admin) {
            ctx.error(format!(
                "{} is the account this console signed in with; it cannot delete itself",
                admin.name
            ));
            return;
        }
        let confirm = Confirm::new(
            "Delete administrator",
            "delete",
            Mutation::DeleteAdministrator {
                id: admin.id.clone(),
            },
        )
        .line(format!(
            "Delete {} ({}, {})?",
            admin.display_name, admin.name, admin.role_name
        ))
        .line("They can no longer sign in to manage this reseller. It cannot be undone.");
        ctx.confirm(confirm);
    }
}

/// The name a person goes by: the display name, else first and last name, else the username.
pub fn display_name(admin: &Administrator) -> String {
    let full = format!("{} {}", admin.first_name.trim(), admin.last_name.trim());
    [admin.display_name.trim(), full.trim(), admin.name.as_str()]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_default()
        .to_string()
}

impl ScreenState for Admins {
    fn raw_resource(&self, _store: &Store) -> Option<Resource> {
        let id = self.list.selected_id()?.to_string();
        Some(Resource::Administrator { id })
    }

    fn crumbs(&self) -> Vec<String> {
        vec!["Administrators".into()]
    }

    fn scope(&self) -> Scope {
        Scope::Admins
    }

    fn shown(&self) -> Vec<Resource> {
        vec![Resource::Administrators, Resource::ResellerRoles]
    }

    fn sync(&mut self, store: &Store) {
        if let Some(ResourceData::Administrators(list)) =
            store.data(&Resource::Administrators).map(|d| d.as_ref())
        {
            let rows = list.iter().map(|a| self.row(a)).collect();
            self.list.set_rows(rows);
        }
    }

    fn list(&self) -> &dyn ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut dyn ListView {
        &mut self.list
    }

    fn loaded(&mut self, resource: &Resource, ctx: &mut Ctx) {
        let awaited = (self.awaiting_form).arrived(resource, &Resource::ResellerRoles);
        if let Some(people::Awaited::Form { edit }) = awaited {
            self.open_form(ctx, edit);
        }
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        match id {
            CommandId::AdminNew => self.open_form(ctx, false),
            CommandId::AdminEdit => self.open_form(ctx, true),
            CommandId::AdminDelete => self.delete(ctx),
            // Activity sorts by days since last access, so ascending is inactive first.
            CommandId::AdminInactiveFirst => self.list.sort_by(people::ACTIVITY, true),
            CommandId::AdminRole => self.change_role(ctx),
            _ => {}
        }
    }

    fn mutated(
        &mut self,
        _id: RequestId,
        mutation: &Mutation,
        result: &Result<Option<String>, ApiError>,
        ctx: &mut Ctx,
    ) {
        if result.is_err() {
            return;
        }
        match mutation {
            Mutation::CreateAdministrator(input) => {
                if let Ok(Some(id)) = result {
                    self.list.select_id(id);
                }
                let mut said = format!("created administrator {}", input.name);
                if input.generate_password {
                    said = people::generated_password_sent(&said, &input.email);
                }
                ctx.info(said);
            }
            Mutation::UpdateAdministrator { input, .. } => {
                ctx.info(format!("saved administrator {}", input.name));
            }
            Mutation::DeleteAdministrator { .. } => ctx.info("deleted the administrator"),
            _ => {}
        }
    }
}
