//! The two small forms of the assignment screen: a subscription user's external user id (the
//! PUT on the users collection) and an organization user's role (the fix for "a user must have
//! a role before assignment": the user's current record plus `roleId`).

use crate::api::Mutation;
use crate::domain::{FieldErrors, Role, SubscriptionUserSet, User, UserInput};

use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};

const EXTERNAL_ID: &str = "ExternalUserId";
const ROLE: &str = "RoleId";

#[derive(Debug, Clone)]
pub struct ExternalIdForm {
    org: String,
    service: String,
    subscription: String,
    user: String,
}

impl ExternalIdForm {
    pub fn open(
        (org, service, subscription): (&str, &str, &str),
        user: &str,
        name: &str,
        current: &str,
    ) -> FormDialog {
        let field = Field::text(EXTERNAL_ID, "External user id").with_value(current);
        FormDialog::new(
            Form::new(format!("External user id of {name}"), vec![field]),
            ExternalIdForm {
                org: org.into(),
                service: service.into(),
                subscription: subscription.into(),
                user: user.into(),
            },
        )
    }
}

impl FormPurpose for ExternalIdForm {
    fn validate(&self, _form: &mut Form) -> (FieldErrors, Vec<String>) {
        // Any text, empty included (clears it); the server has no format rule we know of.
        (FieldErrors::default(), Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        Mutation::SetExternalUserId {
            org: self.org.clone(),
            service: self.service.clone(),
            subscription: self.subscription.clone(),
            input: SubscriptionUserSet {
                user_id: self.user.clone(),
                external_user_id: form.text(EXTERNAL_ID).trim().to_string(),
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct RoleForm {
    org: String,
    user: User,
    roles: Vec<Role>,
}

impl RoleForm {
    /// `user` is the full record: the PUT replaces every field, so all of them are sent back.
    pub fn open(org: &str, user: &User, roles: &[Role]) -> FormDialog {
        let names = roles.iter().map(|r| r.name.clone()).collect();
        let current = roles
            .iter()
            .position(|r| Some(r.id) == user.role_id)
            .unwrap_or(0);
        let name = if user.display_name.is_empty() {
            &user.username
        } else {
            &user.display_name
        };
        FormDialog::new(
            Form::new(
                format!("Role of {name}"),
                vec![Field::choice(ROLE, "Role", names, current).required()],
            ),
            RoleForm {
                org: org.into(),
                user: user.clone(),
                roles: roles.to_vec(),
            },
        )
    }
}

impl FormPurpose for RoleForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        let mut errors = FieldErrors::default();
        if self.roles.get(form.choice(ROLE)).is_none() {
            errors.add(ROLE, "The organization has no roles to choose from.");
        }
        (errors, Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let u = &self.user;
        Mutation::UpdateUser {
            org: self.org.clone(),
            user: u.id.clone(),
            input: Box::new(UserInput {
                username: u.username.clone(),
                first_name: u.first_name.clone(),
                last_name: u.last_name.clone(),
                display_name: u.display_name.clone(),
                email: u.email.clone(),
                phone_prefix: u.phone_prefix.clone(),
                phone: u.phone.clone(),
                role_id: self.roles.get(form.choice(ROLE)).map(|r| r.id),
                password: None,
                generate_password: false,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_form_sends_the_whole_record_with_the_chosen_role() {
        let user = User {
            id: "u1".into(),
            username: "eva@acme.se".into(),
            first_name: "Eva".into(),
            display_name: "Eva Lind".into(),
            phone: "123".into(),
            ..Default::default()
        };
        let roles = vec![
            Role {
                id: 1,
                name: "Organization Admin".into(),
            },
            Role {
                id: 2,
                name: "Organization User".into(),
            },
        ];
        let mut dialog = RoleForm::open("o", &user, &roles);
        dialog.form.cycle(1);
        let Some(Mutation::UpdateUser {
            org,
            user: id,
            input,
        }) = dialog.submit(1)
        else {
            panic!("sends an update");
        };
        assert_eq!((org.as_str(), id.as_str()), ("o", "u1"));
        assert_eq!(input.role_id, Some(2));
        assert_eq!(input.first_name, "Eva");
        assert_eq!(input.phone, "123");
        assert_eq!(input.password, None);
    }

    #[test]
    fn external_id_is_set_for_the_named_user() {
        let mut dialog = ExternalIdForm::open(("o", "s", "sub"), "u1", "Eva", "old");
        dialog.form.fields[0].input = " aad-9 ".to_string().into();
        assert_eq!(
            dialog.submit(1),
            Some(Mutation::SetExternalUserId {
                org: "o".into(),
                service: "s".into(),
                subscription: "sub".into(),
                input: SubscriptionUserSet {
                    user_id: "u1".into(),
                    external_user_id: "aad-9".into()
                }
            })
        );
    }
}
