//! The people screen's forms: an invitation (the e-mail, checked as the stand-in checks it;
//! the roles of the provider's enum as toggles, `collaborator` on; the organization's projects
//! as toggles, the project it was opened on already on) and a member's roles (toggles, the
//! roles held on; at least one, and never the last owner or admin of an organization left
//! without one — refused before sending, as the server would).

use crate::api::{Mutation, PeopleChange};
use crate::domain::FieldErrors;
use crate::domain::hierarchy::NodeKind;
use crate::domain::people::Member;
use crate::domain::people_rules::{
    DEFAULT_INVITATION_ROLE, INVITATION_ROLES, is_invitee, leaves_no_manager, roles_for,
};
use crate::domain::validation::{not_email_message, required_message};

use super::people_screen::People;
use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};
use crate::app::store::Store;

/// The invitee's field: the key of the API's body, so its 422s land on it.
pub const INVITEE: &str = "invitee";
const ROLE: &str = "role:";
const PROJECT: &str = "project:";

fn role_fields(offered: &[&str], on: impl Fn(&str) -> bool) -> Vec<Field> {
    offered
        .iter()
        .map(|role| Field::toggle(format!("{ROLE}{role}"), format!("Role {role}"), on(role)))
        .collect()
}

/// The words after `prefix` of the toggles that are on, in field order.
fn picked(form: &Form, prefix: &str) -> Vec<String> {
    form.fields
        .iter()
        .filter(|f| f.on)
        .filter_map(|f| f.key.strip_prefix(prefix).map(str::to_string))
        .collect()
}

/// `n`: someone asked into the screen's organization, and the projects toggled.
#[derive(Debug, Clone, PartialEq)]
pub struct InviteForm {
    organization: String,
    place: String,
}

impl InviteForm {
    pub fn open(screen: &People) -> FormDialog {
        let mut fields = vec![Field::text(INVITEE, "E-mail").required()];
        fields.extend(role_fields(INVITATION_ROLES, |r| {
            r == DEFAULT_INVITATION_ROLE
        }));
        for (id, name) in &screen.projects {
            let on = screen.node.kind == NodeKind::Project && *id == screen.node.id;
            fields.push(Field::toggle(
                format!("{PROJECT}{id}"),
                format!("Project {name}"),
                on,
            ));
        }
        let (organization, place) = screen.organization.clone();
        let mut form = Form::new(format!("Invite someone to {place}"), fields);
        form.message = Some("Space turns a role or project on or off".into());
        FormDialog::new(
            form,
            InviteForm {
                organization,
                place,
            },
        )
    }
}

impl FormPurpose for InviteForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        let mut errors = FieldErrors::default();
        let email = form.text(INVITEE).trim();
        if email.is_empty() {
            errors.add(INVITEE, required_message(INVITEE));
        } else if !is_invitee(email) {
            errors.add(INVITEE, not_email_message(INVITEE));
        }
        (errors, Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        Mutation::People(PeopleChange::Invite {
            organization: self.organization.clone(),
            email: form.text(INVITEE).trim().to_string(),
            roles: picked(form, ROLE),
            projects: picked(form, PROJECT),
            place: self.place.clone(),
        })
    }
}

/// `R`: the roles of one member, replaced by those toggled on.
#[derive(Debug, Clone, PartialEq)]
pub struct RolesForm {
    node: String,
    kind: NodeKind,
    member: Member,
    place: String,
    /// The node's members when the form opened, for the last-manager rule.
    members: Vec<Member>,
}

impl RolesForm {
    pub fn open(screen: &People, member: &Member, store: &Store) -> FormDialog {
        let held = |role: &str| member.roles.iter().any(|r| r == role);
        let fields = role_fields(roles_for(screen.node.kind), held);
        let title = format!("Roles of {} in {}", member.person.label(), screen.node.name);
        let purpose = RolesForm {
            node: screen.node.id.clone(),
            kind: screen.node.kind,
            member: member.clone(),
            place: screen.node.name.clone(),
            members: screen.all_members(store).to_vec(),
        };
        FormDialog::new(Form::new(title, fields), purpose)
    }
}

impl FormPurpose for RolesForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        let mut errors = FieldErrors::default();
        let roles = picked(form, ROLE);
        // On the first toggle, so a submit stops there.
        let first = form
            .fields
            .first()
            .map(|f| f.key.clone())
            .unwrap_or_default();
        if roles.is_empty() {
            errors.add(&first, "Pick at least one role.");
        } else if let Some(why) =
            leaves_no_manager(self.kind, &self.members, &self.member.id, Some(&roles))
        {
            errors.add(&first, format!("Keep owner or admin: {why}."));
        }
        (errors, Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        Mutation::People(PeopleChange::SetRoles {
            node: self.node.clone(),
            kind: self.kind,
            member: self.member.id.clone(),
            roles: picked(form, ROLE),
            before: self.member.roles.clone(),
            person: self.member.person.label().to_string(),
            place: self.place.clone(),
        })
    }
}
