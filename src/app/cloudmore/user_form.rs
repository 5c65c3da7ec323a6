//! The organization-user create/edit form: its fields, how they map to [`UserInput`], and which
//! field a business error is about. The role is picked from the organization's roles; a new
//! user's password is typed (masked) or generated. Saving and retry are [`FormDialog`]'s.

use crate::api::Mutation;
use crate::domain::reseller::rules::validate_user;
use crate::domain::{FieldErrors, Role, User, UserInput};

use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};
use crate::app::people::{
    GENERATE, is_about_role, password_fields, picked_role, role_field, sync_password,
    typed_password,
};

const ROLE: &str = "RoleId";

/// `(key, label, required)` of the text fields, in screen order; the role follows them.
const TEXT_FIELDS: &[(&str, &str, bool)] = &[
    ("Username", "Username (e-mail)", true),
    ("FirstName", "First name", true),
    ("LastName", "Last name", true),
    ("DisplayName", "Display name", false),
    ("Email", "E-mail", true),
    ("PhonePrefix", "Phone prefix", false),
    ("Phone", "Phone", false),
];

fn slot<'a>(input: &'a mut UserInput, key: &str) -> Option<&'a mut String> {
    Some(match key {
        "Username" => &mut input.username,
        "FirstName" => &mut input.first_name,
        "LastName" => &mut input.last_name,
        "DisplayName" => &mut input.display_name,
        "Email" => &mut input.email,
        "PhonePrefix" => &mut input.phone_prefix,
        "Phone" => &mut input.phone,
        _ => return None,
    })
}

/// Create or update one user of `org`.
#[derive(Debug, Clone, PartialEq)]
pub struct UserForm {
    pub org: String,
    /// `None` when creating.
    pub user: Option<String>,
    pub roles: Vec<Role>,
}

impl UserForm {
    pub fn create(org: &str, roles: Vec<Role>) -> FormDialog {
        let purpose = UserForm {
            org: org.into(),
            user: None,
            roles,
        };
        purpose.open("New user", &UserInput::default())
    }

    pub fn edit(org: &str, user: &User, roles: Vec<Role>) -> FormDialog {
        let purpose = UserForm {
            org: org.into(),
            user: Some(user.id.clone()),
            roles,
        };
        let values = UserInput {
            username: user.username.clone(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            display_name: user.display_name.clone(),
            email: user.email.clone(),
            phone_prefix: user.phone_prefix.clone(),
            phone: user.phone.clone(),
            role_id: user.role_id,
            ..Default::default()
        };
        purpose.open("Edit user", &values)
    }

    fn open(self, title: &str, values: &UserInput) -> FormDialog {
        let mut values = values.clone();
        let mut fields: Vec<Field> = TEXT_FIELDS
            .iter()
            .map(|&(key, label, required)| {
                let value = slot(&mut values, key).map_or("", |s| s.as_str());
                let mut field = Field::text(key, label).with_value(value);
                field.required = required;
                field
            })
            .collect();
        fields.push(role_field(
            ROLE,
            "Role",
            &self.roles,
            "(no role)",
            values.role_id,
        ));
        // A password is set when the user is created; an edit leaves it alone.
        if self.user.is_none() {
            fields.extend(password_fields(true));
        }
        FormDialog::new(Form::new(title, fields), self)
    }

    fn input(&self, form: &Form) -> UserInput {
        let mut input = UserInput {
            role_id: picked_role(form, ROLE, &self.roles),
            ..Default::default()
        };
        for &(key, _, _) in TEXT_FIELDS {
            if let Some(slot) = slot(&mut input, key) {
                *slot = form.text(key).trim().to_string();
            }
        }
        if self.user.is_none() {
            input.generate_password = form.is_on(GENERATE);
            input.password = typed_password(form);
        }
        input
    }
}

impl FormPurpose for UserForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        if self.user.is_none() {
            sync_password(form);
        }
        let v = validate_user(&self.input(form), self.user.is_none());
        let business = v.business.into_iter().map(|e| e.error_message).collect();
        (v.fields, business)
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let input = self.input(form);
        match &self.user {
            None => Mutation::CreateUser {
                org: self.org.clone(),
                input: Box::new(input),
            },
            Some(user) => Mutation::UpdateUser {
                org: self.org.clone(),
                user: user.clone(),
                input: Box::new(input),
            },
        }
    }

    fn business_field(&self, message: &str) -> Option<String> {
        if is_about_role(message) {
            Some(ROLE.into())
        } else if message.to_lowercase().contains("username") {
            Some("Username".into())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles() -> Vec<Role> {
        vec![
            Role {
                id: 1,
                name: "Organization Admin".into(),
            },
            Role {
                id: 2,
                name: "Organization User".into(),
            },
        ]
    }

    fn fill(form: &mut FormDialog, key: &str, value: &str) {
        form.form.field_mut(key).unwrap().input = value.to_string().into();
        form.revalidate();
    }

    #[test]
    fn create_sends_the_picked_role_id_and_a_generated_password() {
        let mut form = UserForm::create("o1", roles());
        assert!(
            form.form
                .fields
                .iter()
                .any(|f| f.key == "Password" && f.disabled)
        );
        fill(&mut form, "Username", "ann@acme.se");
        fill(&mut form, "FirstName", "Ann");
        fill(&mut form, "LastName", "Lee");
        fill(&mut form, "Email", "ann@acme.se");
        form.form.focus = TEXT_FIELDS.len();
        form.form.cycle(1);
        form.form.cycle(1);
        let Some(Mutation::CreateUser { org, input }) = form.submit(1) else {
            panic!("{:?}", form.form.error_summary());
        };
        assert_eq!(org, "o1");
        assert_eq!(input.role_id, Some(2), "Organization User");
        assert!(input.generate_password);
        assert_eq!(input.password, None);
    }

    #[test]
    fn username_must_be_an_e_mail_and_a_typed_password_must_pass_the_policy() {
        let mut form = UserForm::create("o1", roles());
        fill(&mut form, "Username", "ann");
        let generate = form.form.fields.iter().position(|f| f.key == GENERATE);
        form.form.focus = generate.unwrap();
        form.form.cycle(1);
        form.revalidate();
        fill(&mut form, "Password", "weak");
        assert!(form.submit(1).is_none());
        let summary = form.form.error_summary();
        assert!(summary.iter().any(|(l, _)| l.starts_with("Username")));
        assert!(
            summary
                .iter()
                .any(|(l, e)| *l == "Password" && e.contains("8"))
        );
    }

    #[test]
    fn edit_prefills_has_no_password_and_sends_an_update() {
        let user = User {
            id: "u1".into(),
            username: "ann@acme.se".into(),
            first_name: "Ann".into(),
            last_name: "Lee".into(),
            email: "ann@acme.se".into(),
            role_id: Some(1),
            ..Default::default()
        };
        let mut form = UserForm::edit("o1", &user, roles());
        assert!(!form.form.fields.iter().any(|f| f.key == "Password"));
        let Some(Mutation::UpdateUser { user, input, .. }) = form.submit(3) else {
            panic!("{:?}", form.form.error_summary());
        };
        assert_eq!(user, "u1");
        assert_eq!(input.role_id, Some(1));
        assert_eq!(input.password, None);
    }
}
