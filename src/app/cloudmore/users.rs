//! The users of one organization: a list with last access and an active/inactive mark, and
//! (second pane, `Tab` or `Enter`) the subscriptions the selected user is assigned to. `n`, `e`
//! and `d` create, edit and delete users; `Enter` on a subscription shows it in the tree.
//!
//! A user's subscriptions are gathered by the actor from the organization's lists (cached, so
//! each next user costs no request); still, they are asked for only once the cursor rests on a
//! user for [`REST_TICKS`] ticks, so a held `j` asks for the one it stops on, not every one.

use crate::api::{ApiError, Mutation, RequestId, Resource, ResourceData};
use crate::bulk::import::users_from_csv;
use crate::bulk::plan::BulkPlan;
use crate::domain::{Role, Subscription, User, UserAssignment};

use crate::app::path_prompt::PathPrompt;
use ratatui::crossterm::event::Event;

use crate::app::assignment::Assignment;
use crate::app::commands::{CommandId, Scope};
use crate::app::confirm::Confirm;
use crate::app::people::{self, Awaited, access_row};
use crate::app::screen::two_tables;
use crate::app::screen::{Ctx, Effect, Screen, ScreenState};
use crate::app::store::Store;
use crate::app::table::{Column, RowTone, TableList, TableRow};
use crate::app::user_form::UserForm;

/// Ticks of the app's clock (100 ms) the cursor rests on a user before their subscriptions
/// are asked for: the second tick after the last move, 100–200 ms.
pub const REST_TICKS: u8 = 2;

/// Which list has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Users,
    Assignments,
}

#[derive(Debug)]
pub struct Users {
    pub org: String,
    pub org_name: String,
    pub users: TableList,
    pub assignments: TableList,
    pub focus: Pane,
    /// Whose subscriptions the second list holds.
    assignments_of: Option<String>,
    /// Ticks left before the selected user's subscriptions are asked for (0: they are).
    rest: u8,
    pub today: i64,
    pub inactive_after_days: u32,
    /// `I` was pressed: the path of the CSV file being typed.
    pub import_path: PathPrompt,
    awaiting_roles: people::AwaitingRoles,
}

impl Users {
    pub fn new(
        org: &str,
        org_name: &str,
        today: i64,
        inactive_after_days: u32,
        store: &Store,
    ) -> Users {
        let mut screen = Users {
            org: org.into(),
            org_name: org_name.into(),
            users: TableList::new(
                "Users",
                vec![
                    Column::text("Display name", 0),
                    Column::text("Username", 0),
                    Column::text("E-mail", 0),
                    Column::text("Role", 18),
                    Column::plain("Last access", 25),
                    Column::plain(people::ACTIVITY, 10),
                ],
            ),
            assignments: TableList::new(
                "Subscriptions",
                vec![
                    Column::text("Service", 0),
                    Column::text("Product", 0),
                    Column::text("Status", 9),
                    Column::text("External id", 12),
                ],
            ),
            focus: Pane::Users,
            assignments_of: None,
            rest: 0,
            today,
            inactive_after_days,
            import_path: PathPrompt::default(),
            awaiting_roles: Default::default(),
        };
        screen.sync(store);
        screen
    }

    pub fn users_list(&self) -> Resource {
        Resource::Users {
            org: self.org.clone(),
        }
    }

    pub fn roles_list(&self) -> Resource {
        Resource::OrganizationRoles {
            org: self.org.clone(),
        }
    }

    /// The subscriptions of the selected user.
    pub fn assignments_list(&self) -> Option<Resource> {
        Some(Resource::UserAssignments {
            org: self.org.clone(),
            user: self.users.selected_id()?.to_string(),
        })
    }

    pub fn selected_user<'a>(&self, store: &'a Store) -> Option<&'a User> {
        let id = self.users.selected_id()?;
        match store.data(&self.users_list())?.as_ref() {
            ResourceData::Users(list) => list.iter().find(|u| u.id == id),
            _ => None,
        }
    }

    fn roles(&self, store: &Store) -> Option<Vec<Role>> {
        match store.data(&self.roles_list())?.as_ref() {
            ResourceData::Roles(roles) => Some(roles.clone()),
            _ => None,
        }
    }

    fn selected_assignment<'a>(&self, store: &'a Store) -> Option<&'a UserAssignment> {
        let id = self.assignments.selected_id()?;
        match store.data(&self.assignments_list()?)?.as_ref() {
            ResourceData::UserAssignments(list) => list.iter().find(|a| a.subscription_id == id),
            _ => None,
        }
    }

    fn user_row(&self, user: &User) -> TableRow {
        let role = if user.role_id.is_some() {
            user.role_name.clone()
        } else {
            "(no role)".into()
        };
        let cells = vec![
            user.display_name.clone(),
            user.username.clone(),
            user.email.clone(),
            role,
        ];
        access_row(
            &user.id,
            cells,
            user.last_accessed_date.as_deref(),
            self.today,
            self.inactive_after_days,
        )
    }

    /// Refills the subscriptions list for the selected user (empty until it is loaded).
    fn sync_assignments(&mut self, store: &Store) {
        let selected = self.users.selected_id().map(str::to_string);
        if selected != self.assignments_of {
            self.assignments = TableList::new("Subscriptions", self.assignments.columns.clone());
            self.assignments_of = selected;
        }
        let Some(list) = self.assignments_list() else {
            return;
        };
        if let Some(ResourceData::UserAssignments(items)) = store.data(&list).map(|d| d.as_ref()) {
            self.assignments
                .set_rows(items.iter().map(assignment_row).collect());
        }
    }

    fn open_form(&mut self, ctx: &mut Ctx, edit: bool) {
        let Some(roles) = self.roles(ctx.store) else {
            self.awaiting_roles.wait(Awaited::Form { edit }, ctx);
            return;
        };
        if !edit {
            ctx.open_form(UserForm::create(&self.org, roles));
            return;
        }
        match self.selected_user(ctx.store) {
            Some(user) => {
                let form = UserForm::edit(&self.org, user, roles);
                ctx.open_form(form);
            }
            None => ctx.error("select a user to edit"),
        }
    }

    /// The marked users, or the selected one when nothing is marked.
    fn targets(&self, store: &Store) -> Vec<User> {
        let Some(ResourceData::Users(list)) = store.data(&self.users_list()).map(|d| d.as_ref())
        else {
            return Vec::new();
        };
        let ids: Vec<&str> = self.users.targets().iter().map(|r| r.id.as_str()).collect();
        list.iter()
            .filter(|u| ids.contains(&u.id.as_str()))
            .cloned()
            .collect()
    }

    /// Enter on the path: reads the CSV file and previews the users it creates (rows that
    /// fail the form's rules are listed as left out). Nothing is sent before `y` there.
    fn import(&mut self, ctx: &mut Ctx) {
        if !self.import_path.is_open() {
            return;
        }
        let Some(roles) = self.roles(ctx.store) else {
            self.awaiting_roles.wait(Awaited::Import, ctx);
            return;
        };
        let Some((path, text)) = self.import_path.read(ctx) else {
            return;
        };
        match users_from_csv(&text, &self.org, &roles) {
            Ok(plan) => {
                self.import_path.close();
                ctx.preview(plan);
            }
            Err(why) => ctx.error(format!("{path}: {why}")),
        }
    }

    /// `R`: a preview of the role change, one plan per role (`c` there picks the role).
    fn change_role(&mut self, ctx: &mut Ctx) {
        let Some(roles) = self.roles(ctx.store) else {
            self.awaiting_roles.wait(Awaited::RoleChange, ctx);
            return;
        };
        let users = self.targets(ctx.store);
        if users.is_empty() {
            ctx.error("mark users (Space) or select one to change the role of");
            return;
        }
        let options = roles
            .iter()
            .map(|role| {
                let plan = BulkPlan::change_user_role(&self.org, &users, role);
                (role.name.clone(), plan)
            })
            .collect();
        ctx.preview_choice("Role", options);
    }

    fn delete(&self, ctx: &mut Ctx) {
        if self.users.marked_count() > 0 {
            ctx.preview(BulkPlan::delete_users(&self.org, &self.targets(ctx.store)));
            return;
        }
        let Some(user) = self.selected_user(ctx.store) else {
            ctx.error("select a user to delete");
            return;
        };
        let confirm = Confirm::new(
            "Delete user",
            "delete",
            Mutation::DeleteUser {
                org: self.org.clone(),
                user: user.id.clone(),
            },
        )
        .line(format!("Delete {} ({})?", user.display_name, user.username))
        .line("They lose access and are removed from every subscription listed below.")
        .listing(
            "Assigned subscriptions",
            Resource::UserAssignments {
                org: self.org.clone(),
                user: user.id.clone(),
            },
            describe_assignments,
        );
        ctx.confirm(confirm);
    }

    /// `Enter`: from a user to their subscriptions; from a subscription to its users (the
    /// assignment screen).
    fn open(&mut self, ctx: &mut Ctx) {
        if self.focus == Pane::Users {
            self.focus = Pane::Assignments;
            return;
        }
        let Some(a) = self.selected_assignment(ctx.store) else {
            return ctx.error("select a subscription to open it");
        };
        let subscription = Subscription {
            id: a.subscription_id.clone(),
            product_name: a.product_name.clone(),
            status: a.status.clone(),
            ..Default::default()
        };
        let screen = Assignment::new(&self.org, &a.service_id, &subscription);
        ctx.push(Screen::Assignment(Box::new(screen)));
    }

    /// `t`: the selected subscription in the organization tree.
    fn show_in_tree(&mut self, ctx: &mut Ctx) {
        match self.selected_assignment(ctx.store) {
            Some(a) if self.focus == Pane::Assignments => ctx.effects.push(Effect::Reveal {
                org: self.org.clone(),
                service: a.service_id.clone(),
                subscription: a.subscription_id.clone(),
            }),
            _ => ctx.error("select a subscription (Tab to the list) to show it in the tree"),
        }
    }
}

fn assignment_row(a: &UserAssignment) -> TableRow {
    let cancelled = a
        .status
        .eq_ignore_ascii_case(crate::domain::SUBSCRIPTION_CANCELLED);
    TableRow::new(
        &a.subscription_id,
        vec![
            a.service_name.clone(),
            a.product_name.clone(),
            a.status.clone(),
            a.external_user_id.clone(),
        ],
    )
    .tone(if cancelled {
        RowTone::Dim
    } else {
        RowTone::Normal
    })
}

fn describe_assignments(data: &ResourceData) -> Vec<String> {
    match data {
        ResourceData::UserAssignments(items) => items
            .iter()
            .map(|a| format!("{} · {} ({})", a.service_name, a.product_name, a.status))
            .collect(),
        _ => Vec::new(),
    }
}

impl ScreenState for Users {
    fn raw_resource(&self, _store: &Store) -> Option<Resource> {
        let user = self
            .users
            .selected_id()
            .filter(|_| self.focus == Pane::Users)?;
        Some(Resource::User {
            org: self.org.clone(),
            user: user.to_string(),
        })
    }

    fn crumbs(&self) -> Vec<String> {
        vec![self.org_name.clone(), "Users".into()]
    }

    fn scope(&self) -> Scope {
        self.import_path.scope(Scope::Users)
    }

    fn typing(&self) -> bool {
        self.import_path.is_open()
    }

    fn edit(&mut self, event: &Event) {
        self.import_path.edit(event);
    }

    fn shown(&self) -> Vec<Resource> {
        let mut shown = vec![self.users_list(), self.roles_list()];
        if self.rest == 0 {
            shown.extend(self.assignments_list());
        }
        shown
    }

    fn sync(&mut self, store: &Store) {
        if let Some(ResourceData::Users(list)) = store.data(&self.users_list()).map(|d| d.as_ref())
        {
            let rows = list.iter().map(|u| self.user_row(u)).collect();
            self.users.set_rows(rows);
        }
        self.sync_assignments(store);
    }

    two_tables!(users: Pane::Users, assignments: Pane::Assignments);

    fn selection_moved(&mut self, store: &Store) {
        // The first user shown is asked for at once; a move waits for the cursor to rest.
        let moved = self.assignments_of.is_some()
            && self.users.selected_id() != self.assignments_of.as_deref();
        if moved {
            self.rest = REST_TICKS;
        }
        self.sync_assignments(store);
    }

    fn settling(&self) -> bool {
        self.rest > 0
    }

    fn tick(&mut self, store: &Store) {
        self.rest = self.rest.saturating_sub(1);
        if self.rest == 0 {
            // An answer that came while resting was not synced (it was not shown yet).
            self.sync_assignments(store);
        }
    }

    fn loaded(&mut self, resource: &Resource, ctx: &mut Ctx) {
        match self.awaiting_roles.arrived(resource, &self.roles_list()) {
            Some(Awaited::Form { edit }) => self.open_form(ctx, edit),
            Some(Awaited::RoleChange) => self.change_role(ctx),
            Some(Awaited::Import) => self.import(ctx),
            None => {}
        }
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        match id {
            CommandId::UserNew => self.open_form(ctx, false),
            CommandId::UserEdit => self.open_form(ctx, true),
            CommandId::UserDelete => self.delete(ctx),
            CommandId::UserRole => self.change_role(ctx),
            CommandId::UserImport => self.import_path.open(),
            CommandId::PromptCancel => self.import_path.close(),
            CommandId::PromptAccept => self.import(ctx),
            CommandId::UserOpen => self.open(ctx),
            CommandId::UserShowInTree => self.show_in_tree(ctx),
            // Activity sorts by days since last access, so ascending is inactive first.
            CommandId::UserInactiveFirst => self.users.sort_by(people::ACTIVITY, true),
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
            Mutation::CreateUser { org, input } if *org == self.org => {
                if let Ok(Some(id)) = result {
                    self.users.select_id(id);
                }
                let mut said = format!("created user {}", input.username);
                if input.generate_password {
                    said = people::generated_password_sent(&said, &input.email);
                }
                ctx.info(said);
            }
            Mutation::UpdateUser { org, input, .. } if *org == self.org => {
                ctx.info(format!("saved user {}", input.username));
            }
            Mutation::DeleteUser { org, .. } if *org == self.org => {
                ctx.info("deleted the user");
            }
            _ => {}
        }
    }
}
