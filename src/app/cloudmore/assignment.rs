//! Who uses one subscription: the organization's users on the left (assigned ones marked),
//! the users assigned to the subscription on the right. Assign, unassign, edit a subscription
//! user's external id, and — when the server refuses an assignment because the user has no
//! role — set the user's role right here, after which assigning works.

use crate::api::{ApiError, Mutation, RequestId, Resource, ResourceData};
use crate::bulk::plan::{BulkPlan, SubscriptionRef, UserRef};
use crate::domain::{Subscription, SubscriptionUser, SubscriptionUserSet, User};

use crate::app::assignment_forms::{ExternalIdForm, RoleForm};
use crate::app::commands::{CommandId, Scope};
use crate::app::confirm::Confirm;
use crate::app::screen::two_tables;
use crate::app::screen::{Ctx, ScreenState};
use crate::app::store::Store;
use crate::app::table::{Column, RowTone, TableList, TableRow};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Users,
    Assigned,
}

/// A user the server refused to assign because it has no role: `(id, name)`.
pub type NoRole = (String, String);

/// The name of `service` when the store knows it is not marked user-assigned (only marked
/// services take users, research §3.5). Not loaded counts as taking them, so the server, not a
/// guess, has the last word.
pub fn takes_no_users<'a>(store: &'a Store, org: &str, service: &str) -> Option<&'a str> {
    let list = Resource::OrgServices { org: org.into() };
    let one = Resource::OrgService {
        org: org.into(),
        service: service.into(),
    };
    let found = match store.data(&list).map(|d| d.as_ref()) {
        Some(ResourceData::OrgServices(services)) => services.iter().find(|s| s.id == service),
        _ => match store.data(&one).map(|d| d.as_ref()) {
            Some(ResourceData::OrgService(s)) => Some(s),
            _ => None,
        },
    };
    found.filter(|s| !s.user_assigned).map(|s| s.name.as_str())
}

/// Why a service's subscriptions offer no assignment.
pub fn no_users_reason(service: &str) -> String {
    format!("{service} is not a user-assigned service: its subscriptions take no users")
}

#[derive(Debug)]
pub struct Assignment {
    pub org: String,
    pub service: String,
    pub subscription: String,
    pub product_name: String,
    pub cancelled: bool,
    pub users: TableList,
    pub assigned: TableList,
    pub focus: Side,
    /// Shown as a notice with the way out (`R`) until the role is set.
    pub no_role: Option<NoRole>,
    /// `R` was pressed; the role form opens once this user's record and the roles are loaded.
    waiting_role: Option<String>,
}

fn name_of(display: &str, username: &str) -> String {
    if display.is_empty() {
        username
    } else {
        display
    }
    .to_string()
}

impl Assignment {
    pub fn new(org: &str, service: &str, subscription: &Subscription) -> Assignment {
        Assignment {
            org: org.into(),
            service: service.into(),
            subscription: subscription.id.clone(),
            product_name: subscription.product_name.clone(),
            cancelled: subscription.is_cancelled(),
            users: TableList::new(
                "Organization users",
                vec![
                    Column::text("Name", 0),
                    Column::text("Username", 0),
                    Column::text("Role", 18),
                ],
            ),
            assigned: TableList::new(
                "Assigned",
                vec![
                    Column::text("Name", 0),
                    Column::text("Username", 0),
                    Column::text("External id", 12),
                ],
            ),
            focus: Side::Users,
            no_role: None,
            waiting_role: None,
        }
    }

    pub fn users_list(&self) -> Resource {
        Resource::Users {
            org: self.org.clone(),
        }
    }

    pub fn assigned_list(&self) -> Resource {
        Resource::SubscriptionUsers {
            org: self.org.clone(),
            service: self.service.clone(),
            subscription: self.subscription.clone(),
        }
    }

    fn roles(&self) -> Resource {
        Resource::OrganizationRoles {
            org: self.org.clone(),
        }
    }

    fn user_record(&self, user: &str) -> Resource {
        Resource::User {
            org: self.org.clone(),
            user: user.into(),
        }
    }

    fn path(&self) -> (&str, &str, &str) {
        (&self.org, &self.service, &self.subscription)
    }

    /// How many of the organization's users are assigned: `(assigned, users)`.
    pub fn assigned_count(&self) -> (usize, usize) {
        (self.assigned.rows().len(), self.users.rows().len())
    }

    fn user<'a>(&self, store: &'a Store, id: &str) -> Option<&'a User> {
        match store.data(&self.users_list())?.as_ref() {
            ResourceData::Users(list) => list.iter().find(|u| u.id == id),
            _ => None,
        }
    }

    fn assigned_user<'a>(&self, store: &'a Store, id: &str) -> Option<&'a SubscriptionUser> {
        match store.data(&self.assigned_list())?.as_ref() {
            ResourceData::SubscriptionUsers(list) => list.iter().find(|u| u.user_id == id),
            _ => None,
        }
    }

    /// The selected row's user id and shown name, whichever pane has the focus.
    fn selected(&self) -> Option<(String, String)> {
        let row = match self.focus {
            Side::Users => self.users.selected_row()?,
            Side::Assigned => self.assigned.selected_row()?,
        };
        Some((
            row.id.clone(),
            row.cells.first().cloned().unwrap_or_default(),
        ))
    }

    fn sub_ref(&self, store: &Store) -> SubscriptionRef {
        SubscriptionRef {
            org: self.org.clone(),
            service: self.service.clone(),
            subscription: self.subscription.clone(),
            name: self.product_name.clone(),
            takes_users: takes_no_users(store, &self.org, &self.service).is_none(),
        }
    }

    /// The marked users of the focused pane, each with whether it is assigned; `None` when
    /// nothing is marked (the command then acts on the row under the cursor).
    fn marked_users(&self, store: &Store) -> Option<Vec<UserRef>> {
        let table = match self.focus {
            Side::Users => &self.users,
            Side::Assigned => &self.assigned,
        };
        if table.marked_count() == 0 {
            return None;
        }
        let users = table
            .targets()
            .into_iter()
            .map(|row| UserRef {
                id: row.id.clone(),
                name: row.cells.first().cloned().unwrap_or_default(),
                assigned: self.assigned_user(store, &row.id).is_some(),
                // The API refuses to assign a user without a role; unknown counts as having
                // one so the server, not a guess, has the last word.
                has_role: self
                    .user(store, &row.id)
                    .is_none_or(|u| u.role_id.is_some()),
            })
            .collect();
        Some(users)
    }

    fn assign(&mut self, ctx: &mut Ctx) {
        if let Some(users) = self.marked_users(ctx.store) {
            ctx.preview(BulkPlan::assign(&self.sub_ref(ctx.store), &users));
            return;
        }
        let Some((user, name)) = self.selected() else {
            return;
        };
        if self.assigned_user(ctx.store, &user).is_some() {
            ctx.info(format!("{name} is already assigned"));
            return;
        }
        ctx.send(Mutation::AssignUser {
            org: self.org.clone(),
            service: self.service.clone(),
            subscription: self.subscription.clone(),
            input: SubscriptionUserSet {
                user_id: user,
                external_user_id: String::new(),
            },
        });
        ctx.info(format!("assigning {name}…"));
    }

    /// Asks first: the user's external user id goes with the assignment.
    fn unassign(&mut self, ctx: &mut Ctx) {
        if let Some(users) = self.marked_users(ctx.store) {
            ctx.preview(BulkPlan::unassign(&self.sub_ref(ctx.store), &users));
            return;
        }
        let Some((user, name)) = self.selected() else {
            return;
        };
        let Some(current) = self.assigned_user(ctx.store, &user) else {
            ctx.error(format!("{name} is not assigned"));
            return;
        };
        let external = match current.external_user_id.as_str() {
            "" => String::new(),
            id => format!(" Its external user id {id} goes with it."),
        };
        let confirm = Confirm::new(
            "Unassign user",
            "unassign",
            Mutation::UnassignUser {
                org: self.org.clone(),
                service: self.service.clone(),
                subscription: self.subscription.clone(),
                user,
            },
        )
        .line(format!(
            "This removes {name} from the {} subscription.{external}",
            self.product_name
        ));
        ctx.confirm(confirm);
    }

    fn external_id(&mut self, ctx: &mut Ctx) {
        let Some((user, name)) = self.selected() else {
            return;
        };
        let Some(current) = self.assigned_user(ctx.store, &user) else {
            ctx.error(format!("{name} is not assigned; assign first (a)"));
            return;
        };
        let form = ExternalIdForm::open(self.path(), &user, &name, &current.external_user_id);
        ctx.open_form(form);
    }

    /// `R`: the role of the user refused for having none, else of the selected user.
    fn set_role(&mut self, ctx: &mut Ctx) {
        let user = match (&self.no_role, self.focus) {
            (_, Side::Users) => self.selected().map(|(id, _)| id),
            (Some((id, _)), Side::Assigned) => Some(id.clone()),
            (None, Side::Assigned) => self.selected().map(|(id, _)| id),
        };
        let Some(user) = user else {
            return;
        };
        ctx.store.ensure(&self.roles());
        ctx.store.ensure(&self.user_record(&user));
        self.waiting_role = Some(user);
        self.open_role_form(ctx);
    }

    /// Opens the role form when the user's record and the roles are both loaded.
    fn open_role_form(&mut self, ctx: &mut Ctx) {
        let Some(user) = self.waiting_role.clone() else {
            return;
        };
        let record = ctx.store.data(&self.user_record(&user)).cloned();
        let roles = ctx.store.data(&self.roles()).cloned();
        match (record.as_deref(), roles.as_deref()) {
            (Some(ResourceData::User(user)), Some(ResourceData::Roles(roles))) => {
                self.waiting_role = None;
                ctx.open_form(RoleForm::open(&self.org, user, roles));
            }
            _ => ctx.info("loading the user and the roles…"),
        }
    }

    fn on_assign_failed(&mut self, input: &SubscriptionUserSet, error: &ApiError, ctx: &mut Ctx) {
        let ApiError::Business(errors) = error else {
            return;
        };
        let about_role = errors
            .iter()
            .any(|e| e.error_message.to_lowercase().contains("role"));
        if !about_role {
            return;
        }
        let name = self
            .users
            .rows()
            .iter()
            .find(|r| r.id == input.user_id)
            .and_then(|r| r.cells.first().cloned())
            .unwrap_or_else(|| input.user_id.clone());
        ctx.error(format!(
            "{name} has no role, and a user needs one before assignment. Press R to set it."
        ));
        self.no_role = Some((input.user_id.clone(), name));
    }
}

fn user_row(u: &User, assigned: &[SubscriptionUser]) -> TableRow {
    let role = if u.role_name.is_empty() && u.role_id.is_none() {
        "(no role)".to_string()
    } else {
        u.role_name.clone()
    };
    let tone = if assigned.iter().any(|a| a.user_id == u.id) {
        RowTone::Marked
    } else {
        RowTone::Normal
    };
    TableRow::new(
        &u.id,
        vec![
            name_of(&u.display_name, &u.username),
            u.username.clone(),
            role,
        ],
    )
    .tone(tone)
}

fn assigned_row(u: &SubscriptionUser) -> TableRow {
    TableRow::new(
        &u.user_id,
        vec![
            name_of(&u.display_name, &u.username),
            u.username.clone(),
            u.external_user_id.clone(),
        ],
    )
}

impl ScreenState for Assignment {
    fn crumbs(&self) -> Vec<String> {
        vec![format!("Subscription {}", self.product_name)]
    }

    fn scope(&self) -> Scope {
        Scope::Assignment
    }

    fn shown(&self) -> Vec<Resource> {
        vec![self.users_list(), self.assigned_list()]
    }

    fn sync(&mut self, store: &Store) {
        let assigned = store.data(&self.assigned_list()).cloned();
        let assigned_list: &[SubscriptionUser] = match assigned.as_deref() {
            Some(ResourceData::SubscriptionUsers(list)) => list,
            _ => &[],
        };
        if let Some(data) = assigned.clone() {
            self.assigned.sync_from(vec![data], || {
                assigned_list.iter().map(assigned_row).collect()
            });
        }
        if let Some(users) = store.data(&self.users_list()).cloned()
            && let ResourceData::Users(list) = users.as_ref()
        {
            let sources = std::iter::once(users.clone())
                .chain(assigned.clone())
                .collect();
            self.users.sync_from(sources, || {
                list.iter().map(|u| user_row(u, assigned_list)).collect()
            });
        }
    }

    two_tables!(users: Side::Users, assigned: Side::Assigned);

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        match id {
            CommandId::AssignUser => self.assign(ctx),
            CommandId::UnassignUser => self.unassign(ctx),
            CommandId::SetExternalId => self.external_id(ctx),
            CommandId::SetRole => self.set_role(ctx),
            _ => {}
        }
    }

    fn unavailable(&self, id: CommandId, store: &Store) -> Option<String> {
        use CommandId as C;
        let changes_users = matches!(id, C::AssignUser | C::UnassignUser | C::SetExternalId);
        if changes_users && self.cancelled {
            return Some(
                "this subscription is cancelled: its users can be viewed but not changed".into(),
            );
        }
        // Marked users still get their preview, which says why each is left out.
        if id == C::AssignUser
            && self.list().marked_count() == 0
            && let Some(service) = takes_no_users(store, &self.org, &self.service)
        {
            return Some(no_users_reason(service));
        }
        (id == C::AssignUser && self.focus != Side::Users)
            .then(|| "Tab to the organization's users to pick someone to assign".into())
    }

    fn loaded(&mut self, resource: &Resource, ctx: &mut Ctx) {
        let waited = self
            .waiting_role
            .as_ref()
            .is_some_and(|u| resource == &self.user_record(u) || resource == &self.roles());
        if waited {
            self.open_role_form(ctx);
        }
    }

    fn mutated(
        &mut self,
        _id: RequestId,
        mutation: &Mutation,
        result: &Result<Option<String>, ApiError>,
        ctx: &mut Ctx,
    ) {
        let ours = |sub: &String| sub == &self.subscription;
        match (mutation, result) {
            (
                Mutation::AssignUser {
                    subscription,
                    input,
                    ..
                },
                Err(error),
            ) if ours(subscription) => self.on_assign_failed(input, error, ctx),
            (
                Mutation::AssignUser {
                    subscription,
                    input,
                    ..
                },
                Ok(_),
            ) if ours(subscription) => {
                if self
                    .no_role
                    .as_ref()
                    .is_some_and(|(id, _)| id == &input.user_id)
                {
                    self.no_role = None;
                }
                ctx.info("assigned");
            }
            (Mutation::UnassignUser { subscription, .. }, Ok(_)) if ours(subscription) => {
                ctx.info("unassigned")
            }
            (Mutation::SetExternalUserId { subscription, .. }, Ok(_)) if ours(subscription) => {
                ctx.info("external user id saved")
            }
            (Mutation::UpdateUser { org, user, .. }, Ok(_)) if org == &self.org => {
                if let Some((id, name)) = self.no_role.take_if(|(id, _)| id == user) {
                    // Back on the user, ready for the assignment that was refused.
                    self.focus = Side::Users;
                    self.users.select_id(&id);
                    ctx.info(format!("role set for {name}; press a to assign"));
                } else {
                    ctx.info("role saved");
                }
            }
            _ => {}
        }
    }
}
