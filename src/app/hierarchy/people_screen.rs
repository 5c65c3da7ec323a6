//! The people of one node on a screen of their own (`p` on the hierarchy): its members with
//! their roles, and (`Tab`) its organization's pending invitations — for a project, those
//! that name it. `n` invites someone, `R` changes the selected member's roles, `d` removes the
//! selected member or revokes the selected invitation; each is one journaled write. The
//! marked members take `R` and `d` together as a previewed run (`people_plans.rs`), and `I`
//! previews the invitations of a CSV file (`bulk::import_invites`).
//!
//! A list of their own rather than a pick in the detail pane, as k9s drills into a resource:
//! rows to move over, filter and mark, keys that act on the row under the cursor, and no
//! 50-line cap (a project may have thousands). The pane stays the glance it is.

use crate::app::path_prompt::PathPrompt;
use ratatui::crossterm::event::Event;

use crate::api::{Mutation, PeopleChange, Resource, ResourceData};
use crate::bulk::import_invites::{Destination, invites_from_csv};
use crate::domain::hierarchy::{Capabilities, Capability, NodeKind, OrgNode};
use crate::domain::people::{Invitation, Member};
use crate::domain::people_rules::leaves_no_manager;

use super::people_forms::{InviteForm, RolesForm};
use super::people_plans;
use crate::app::commands::{CommandId, Scope};
use crate::app::confirm::Confirm;
use crate::app::screen::{Ctx, ScreenState, two_tables};
use crate::app::store::Store;
use crate::app::table::{Column, TableList, TableRow};

/// Which list has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Members,
    Invitations,
}

/// A node as the screen names it: id and name.
pub type Named = (String, String);

#[derive(Debug)]
pub struct People {
    /// Whose people these are.
    pub node: OrgNode,
    /// Its organization (the node itself, or a project's parent): where invitations live.
    pub organization: Named,
    /// The organization's projects, which an invitation may also give.
    pub projects: Vec<Named>,
    pub members: TableList,
    pub invitations: TableList,
    pub focus: Pane,
    capabilities: Capabilities,
    /// `I` was pressed: the path of the CSV file being typed.
    pub import_path: PathPrompt,
}

impl People {
    pub fn new(
        node: OrgNode,
        organization: Named,
        projects: Vec<Named>,
        capabilities: Capabilities,
        store: &Store,
    ) -> People {
        let mut screen = People {
            node,
            organization,
            projects,
            members: TableList::new(
                "Members",
                vec![
                    Column::text("Name", 0),
                    Column::text("E-mail", 0),
                    Column::text("Roles", 30),
                ],
            ),
            invitations: TableList::new(
                "Pending invitations",
                vec![
                    Column::text("Invitee", 0),
                    Column::text("Roles", 30),
                    Column::text("Also for", 0),
                    Column::text("Sent by", 0),
                ],
            ),
            focus: Pane::Members,
            capabilities,
            import_path: PathPrompt::default(),
        };
        screen.sync(store);
        screen
    }

    pub fn members_list(&self) -> Resource {
        Resource::Members {
            node: self.node.id.clone(),
            kind: self.node.kind,
        }
    }

    pub fn invitations_list(&self) -> Option<Resource> {
        self.capabilities
            .has(Capability::Invitations)
            .then(|| Resource::Invitations {
                node: self.organization.0.clone(),
                kind: NodeKind::Organization,
            })
    }

    /// The members as loaded.
    pub fn all_members<'a>(&self, store: &'a Store) -> &'a [Member] {
        match store.data(&self.members_list()).map(|d| d.as_ref()) {
            Some(ResourceData::Members(list)) => list,
            _ => &[],
        }
    }

    /// The pending invitations this node shows: all of an organization's, those naming a
    /// project.
    pub fn shown_invitations<'a>(&self, store: &'a Store) -> Vec<&'a Invitation> {
        let Some(resource) = self.invitations_list() else {
            return Vec::new();
        };
        let Some(ResourceData::Invitations(list)) = store.data(&resource).map(|d| d.as_ref())
        else {
            return Vec::new();
        };
        let mine = |i: &&Invitation| {
            self.node.kind == NodeKind::Organization || i.also_for().contains(&self.node.id)
        };
        list.iter().filter(mine).collect()
    }

    pub fn selected_member<'a>(&self, store: &'a Store) -> Option<&'a Member> {
        let id = self.members.selected_id()?;
        self.all_members(store).iter().find(|m| m.id == id)
    }

    fn selected_invitation<'a>(&self, store: &'a Store) -> Option<&'a Invitation> {
        let id = self.invitations.selected_id()?;
        self.shown_invitations(store)
            .into_iter()
            .find(|i| i.id == id)
    }

    /// The marked members, or the selected one when none is marked.
    pub fn target_members<'a>(&self, store: &'a Store) -> Vec<&'a Member> {
        let all = self.all_members(store);
        if self.members.marked_count() == 0 {
            return self.selected_member(store).into_iter().collect();
        }
        let marked: Vec<&str> = self.members.marked_ids().collect();
        all.iter()
            .filter(|m| marked.contains(&m.id.as_str()))
            .collect()
    }

    /// The name of project (or organization) `id`, or the id.
    pub fn name_of(&self, id: &str) -> String {
        std::iter::once(&self.organization)
            .chain(&self.projects)
            .find(|(i, _)| i == id)
            .map_or_else(|| id.to_string(), |(_, name)| name.clone())
    }

    fn member_row(member: &Member) -> TableRow {
        let person = &member.person;
        TableRow::new(
            member.id.clone(),
            vec![
                person.label().to_string(),
                person.email.clone(),
                member.roles_text(),
            ],
        )
    }

    fn invitation_row(&self, invitation: &Invitation) -> TableRow {
        let also: Vec<String> = invitation
            .also_for()
            .iter()
            .map(|id| self.name_of(id))
            .collect();
        let by = invitation.inviter.as_ref().map(|p| p.label().to_string());
        TableRow::new(
            invitation.id.clone(),
            vec![
                invitation.invitee.clone(),
                invitation.roles_text(),
                also.join(", "),
                by.unwrap_or_default(),
            ],
        )
    }

    fn remove(&self, ctx: &mut Ctx) {
        if self.focus == Pane::Invitations {
            return self.revoke(ctx);
        }
        if self.members.marked_count() > 0 {
            let plan = people_plans::remove(self, ctx.store);
            return ctx.preview(plan);
        }
        let Some(member) = self.selected_member(ctx.store) else {
            return ctx.error("select a member to remove");
        };
        let members = self.all_members(ctx.store);
        if let Some(why) = leaves_no_manager(self.node.kind, members, &member.id, None) {
            return ctx.error(format!("cannot remove {}: {why}", member.person.label()));
        }
        let change = people_plans::removal(self, member);
        let leaving = if self.node.kind == NodeKind::Organization {
            " They also leave every project of it."
        } else {
            ""
        };
        let confirm = Confirm::new("Remove member", "remove", Mutation::People(change))
            .line(format!(
                "Remove {} ({}) from {}?{leaving}",
                member.person.label(),
                member.roles_text(),
                self.node.name
            ))
            .line("It cannot be undone: they can only be invited again.");
        ctx.confirm(confirm);
    }

    fn revoke(&self, ctx: &mut Ctx) {
        let Some(invitation) = self.selected_invitation(ctx.store) else {
            return ctx.error("select an invitation to revoke");
        };
        let change = PeopleChange::Revoke {
            organization: self.organization.0.clone(),
            invitation: invitation.id.clone(),
            email: invitation.invitee.clone(),
            place: self.organization.1.clone(),
        };
        let confirm = Confirm::new("Revoke invitation", "revoke", Mutation::People(change))
            .line(format!(
                "Revoke the invitation of {} to {}?",
                invitation.invitee, self.organization.1
            ))
            .line("The link they were sent stops working.");
        ctx.confirm(confirm);
    }

    /// Enter on the path: the invitations the file's rows make, previewed (rows that fail the
    /// form's checks, and people already in or invited, are listed as left out).
    fn import(&mut self, ctx: &mut Ctx) {
        if !self.import_path.is_open() {
            return;
        }
        let org = &self.organization.0;
        let invitations = Resource::Invitations {
            node: org.clone(),
            kind: NodeKind::Organization,
        };
        let org_members = Resource::Members {
            node: org.clone(),
            kind: NodeKind::Organization,
        };
        let (Some(members), Some(pending)) = (
            ctx.store.data(&org_members).cloned(),
            ctx.store.data(&invitations).cloned(),
        ) else {
            // Read now: who is in or invited already is checked before the preview.
            ctx.store.fetch(org_members, false);
            ctx.store.fetch(invitations, false);
            return ctx.error("reading who is a member or invited already; press Enter again");
        };
        let Some((path, text)) = self.import_path.read(ctx) else {
            return;
        };
        let into = Destination {
            organization: org,
            name: &self.organization.1,
            projects: &self.projects,
            members: match members.as_ref() {
                ResourceData::Members(list) => list,
                _ => &[],
            },
            pending: match pending.as_ref() {
                ResourceData::Invitations(list) => list,
                _ => &[],
            },
        };
        match invites_from_csv(&text, &into) {
            Ok(plan) => {
                self.import_path.close();
                ctx.preview(plan);
            }
            Err(why) => ctx.error(format!("{path}: {why}")),
        }
    }

    fn change_roles(&self, ctx: &mut Ctx) {
        if self.members.marked_count() > 0 {
            let options = people_plans::role_options(self, ctx.store);
            return ctx.preview_choice("Roles", options);
        }
        match self.selected_member(ctx.store) {
            Some(member) => ctx.open_form(RolesForm::open(self, member, ctx.store)),
            None => ctx.error("select a member to change the roles of"),
        }
    }
}

impl ScreenState for People {
    two_tables!(members: Pane::Members, invitations: Pane::Invitations);

    fn crumbs(&self) -> Vec<String> {
        vec![self.node.name.clone(), "People".into()]
    }

    fn scope(&self) -> Scope {
        self.import_path.scope(Scope::People)
    }

    fn typing(&self) -> bool {
        self.import_path.is_open()
    }

    fn edit(&mut self, event: &Event) {
        self.import_path.edit(event);
    }

    fn shown(&self) -> Vec<Resource> {
        let mut shown = vec![self.members_list()];
        shown.extend(self.invitations_list());
        if self.import_path.is_open() && self.node.kind == NodeKind::Project {
            // An import checks who is in the organization already.
            shown.push(Resource::Members {
                node: self.organization.0.clone(),
                kind: NodeKind::Organization,
            });
        }
        shown
    }

    fn sync(&mut self, store: &Store) {
        if let Some(data) = store.data(&self.members_list()).cloned() {
            // Built only when the list was read again (a project may have thousands).
            let rows = || match data.as_ref() {
                ResourceData::Members(list) => list.iter().map(Self::member_row).collect(),
                _ => Vec::new(),
            };
            self.members.sync_from(vec![data.clone()], rows);
        }
        if let Some(data) = self
            .invitations_list()
            .and_then(|r| store.data(&r).cloned())
        {
            let rows: Vec<TableRow> = self
                .shown_invitations(store)
                .into_iter()
                .map(|i| self.invitation_row(i))
                .collect();
            self.invitations.sync_from(vec![data], || rows);
        }
    }

    fn command(&mut self, id: CommandId, ctx: &mut Ctx) {
        match id {
            CommandId::PeopleInvite => ctx.open_form(InviteForm::open(self)),
            CommandId::PeopleRoles => self.change_roles(ctx),
            CommandId::PeopleRemove => self.remove(ctx),
            CommandId::PeopleImport => self.import_path.open(),
            CommandId::PromptCancel => self.import_path.close(),
            CommandId::PromptAccept => self.import(ctx),
            _ => {}
        }
    }

    fn unavailable(&self, id: CommandId, store: &Store) -> Option<String> {
        match (id, self.focus) {
            (CommandId::PeopleRoles, Pane::Invitations) => Some(
                "an invitation's roles cannot be changed: revoke it (d) and invite again (n)"
                    .into(),
            ),
            (CommandId::PeopleRoles | CommandId::PeopleRemove, Pane::Members)
                if self.members.marked_count() == 0 && self.selected_member(store).is_none() =>
            {
                Some("select a member first".into())
            }
            _ => None,
        }
    }

    fn mutated(
        &mut self,
        _id: crate::api::RequestId,
        mutation: &Mutation,
        result: &Result<Option<String>, crate::api::ApiError>,
        ctx: &mut Ctx,
    ) {
        if let (Mutation::People(change), Ok(_)) = (mutation, result) {
            ctx.info(format!("done: {} {}", change.describe(), change.target()));
        }
    }
}

/// `p` on the hierarchy: the selected node's people, with its organization and that
/// organization's projects from the hierarchy loaded.
pub fn open(hierarchy: &super::Hierarchy, ctx: &mut Ctx) {
    let Some(node) = hierarchy.selected() else {
        return ctx.error("select an organization or project first");
    };
    let index = hierarchy.index();
    let org_id = match node.kind {
        NodeKind::Organization => node.id.clone(),
        NodeKind::Project => node.parent.clone().unwrap_or_default(),
    };
    let projects = index
        .find(&org_id)
        .map(|n| index.children(n))
        .unwrap_or_default()
        .iter()
        .map(|&c| index.node(c))
        .filter(|p| p.kind == NodeKind::Project)
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let organization = (org_id.clone(), hierarchy.name_of(&org_id));
    let screen = People::new(
        node.clone(),
        organization,
        projects,
        hierarchy.capabilities,
        ctx.store,
    );
    ctx.push(crate::app::screen::Screen::People(Box::new(screen)));
}
