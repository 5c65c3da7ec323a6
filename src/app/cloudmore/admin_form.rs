//! The reseller-administrator create/edit form: every field of seed 003, checked as the user
//! types with `validate_administrator` (the stand-in's own rules). The role is picked from the
//! reseller roles, the country code completes from ISO 3166 (`→` takes the first match), MFA is
//! Email or SMS, and the password is masked and disabled while one is generated.

use crate::api::Mutation;
use crate::domain::countries::{complete_country, country_name};
use crate::domain::reseller::rules::validate_administrator;
use crate::domain::{Administrator, AdministratorInput, FieldErrors, MFA_EMAIL, MFA_SMS, Role};

use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};
use crate::app::people::{
    GENERATE, is_about_role, password_fields, picked_role, role_field, sync_password,
    typed_password,
};

const ROLE: &str = "RoleId";
const MFA: &str = "MfaOption";
const COUNTRY: &str = "Address.CountryCode";
/// The role picker follows this field, the MFA choice and the password pair the last one.
const ROLE_AFTER: &str = "DisplayName";

/// `(key, label, required)` of the text fields, in screen order.
const TEXT_FIELDS: &[(&str, &str, bool)] = &[
    ("Name", "Username (e-mail)", true),
    ("FirstName", "First name", true),
    ("LastName", "Last name", true),
    ("DisplayName", "Display name", true),
    ("Title", "Title", true),
    ("Email", "E-mail", true),
    ("HomePhonePrefix", "Home phone prefix", false),
    ("HomePhone", "Home phone", false),
    ("CellPhonePrefix", "Cell phone prefix", false),
    ("CellPhone", "Cell phone", false),
    ("Department", "Department", false),
    ("Office", "Office", false),
    ("Company", "Company", false),
    ("Address.Street", "Street", false),
    ("Address.PostalCode", "Postal code", false),
    ("Address.City", "City", false),
    (COUNTRY, "Country code", true),
];

fn slot<'a>(input: &'a mut AdministratorInput, key: &str) -> Option<&'a mut String> {
    Some(match key {
        "Name" => &mut input.name,
        "FirstName" => &mut input.first_name,
        "LastName" => &mut input.last_name,
        "DisplayName" => &mut input.display_name,
        "Title" => &mut input.title,
        "Email" => &mut input.email,
        "HomePhonePrefix" => &mut input.home_phone_prefix,
        "HomePhone" => &mut input.home_phone,
        "CellPhonePrefix" => &mut input.cell_phone_prefix,
        "CellPhone" => &mut input.cell_phone,
        "Department" => &mut input.department,
        "Office" => &mut input.office,
        "Company" => &mut input.company,
        "Address.Street" => &mut input.address.street,
        "Address.PostalCode" => &mut input.address.postal_code,
        "Address.City" => &mut input.address.city,
        "Address.CountryCode" => &mut input.address.country_code,
        _ => return None,
    })
}

/// Create or update one administrator of the reseller.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminForm {
    /// `None` when creating.
    pub id: Option<String>,
    pub roles: Vec<Role>,
    /// Kept from the record: not edited here, but a PUT replaces the whole resource.
    pub azure_ad_id: String,
}

impl AdminForm {
    pub fn create(roles: Vec<Role>) -> FormDialog {
        let purpose = AdminForm {
            id: None,
            roles,
            azure_ad_id: String::new(),
        };
        let defaults = AdministratorInput {
            generate_password: true,
            ..Default::default()
        };
        purpose.open("New administrator", defaults)
    }

    pub fn edit(admin: &Administrator, roles: Vec<Role>) -> FormDialog {
        let purpose = AdminForm {
            id: Some(admin.id.clone()),
            roles,
            azure_ad_id: admin.azure_ad_id.clone(),
        };
        let values = AdministratorInput {
            // The form keeps the Azure AD id aside (it is not a field).
            azure_ad_id: String::new(),
            ..AdministratorInput::from(admin)
        };
        purpose.open("Edit administrator", values)
    }

    fn open(self, title: &str, mut values: AdministratorInput) -> FormDialog {
        let mut fields = Vec::with_capacity(TEXT_FIELDS.len() + 4);
        for &(key, label, required) in TEXT_FIELDS {
            let value = slot(&mut values, key).map_or("", |s| s.as_str());
            let mut field = Field::text(key, label).with_value(value);
            field.required = required;
            if key == COUNTRY {
                field = field.completing(complete_country);
            }
            fields.push(field);
            if key == ROLE_AFTER {
                let current = (values.role_id > 0).then_some(values.role_id);
                fields.push(role_field(ROLE, "Role", &self.roles, "(choose)", current).required());
            }
        }
        let mfa = usize::from(values.mfa_option == MFA_SMS);
        fields.push(Field::choice(
            MFA,
            "MFA",
            vec!["Email".into(), "SMS".into()],
            mfa,
        ));
        fields.extend(password_fields(values.generate_password));
        FormDialog::new(Form::new(title, fields), self)
    }

    fn input(&self, form: &Form) -> AdministratorInput {
        let generate = form.is_on(GENERATE);
        let mut input = AdministratorInput {
            role_id: picked_role(form, ROLE, &self.roles).unwrap_or(0),
            mfa_option: if form.choice(MFA) == 1 {
                MFA_SMS
            } else {
                MFA_EMAIL
            },
            generate_password: generate,
            password: typed_password(form),
            azure_ad_id: self.azure_ad_id.clone(),
            ..Default::default()
        };
        for &(key, _, _) in TEXT_FIELDS {
            if let Some(slot) = slot(&mut input, key) {
                *slot = form.text(key).trim().to_string();
            }
        }
        // ISO codes are upper case; "ee" is plainly meant as "EE".
        input.address.country_code.make_ascii_uppercase();
        input
    }
}

impl FormPurpose for AdminForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        sync_password(form);
        let input = self.input(form);
        if let Some(field) = form.field_mut(COUNTRY) {
            field.note = country_name(&input.address.country_code).map(str::to_string);
        }
        let v = validate_administrator(&input, self.id.is_none());
        let business = v.business.into_iter().map(|e| e.error_message).collect();
        (v.fields, business)
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let input = self.input(form);
        match &self.id {
            None => Mutation::CreateAdministrator(Box::new(input)),
            Some(id) => Mutation::UpdateAdministrator {
                id: id.clone(),
                input: Box::new(input),
            },
        }
    }

    fn business_field(&self, message: &str) -> Option<String> {
        let lower = message.to_lowercase();
        if lower.contains("country") {
            Some(COUNTRY.into())
        } else if is_about_role(message) {
            Some(ROLE.into())
        } else if lower.contains("already exists") {
            Some("Name".into())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::domain::BusinessError;
    use crate::secret::Secret;

    fn roles() -> Vec<Role> {
        vec![
            Role {
                id: 24,
                name: "Global Admin".into(),
            },
            Role {
                id: 18,
                name: "Sales Agent".into(),
            },
        ]
    }

    fn fill(form: &mut FormDialog, key: &str, value: &str) {
        form.form.field_mut(key).unwrap().input = value.to_string().into();
        form.revalidate();
    }

    /// A create form holding seed 003's example (role Sales Agent, SMS).
    fn seed_003() -> FormDialog {
        let mut form = AdminForm::create(roles());
        for (key, value) in [
            ("Name", "johndoe@testddd.com"),
            ("FirstName", "John"),
            ("LastName", "Doe"),
            ("DisplayName", "John Doe"),
            ("Title", "Mr"),
            ("Email", "saadick.dhansay12@cloudmore.com"),
            ("HomePhonePrefix", "372"),
            ("HomePhone", "5678912"),
            ("CellPhonePrefix", "372"),
            ("CellPhone", "53564558"),
            (COUNTRY, "EE"),
        ] {
            fill(&mut form, key, value);
        }
        form.form.field_mut(ROLE).unwrap().choice = 2;
        form.form.field_mut(MFA).unwrap().choice = 1;
        form.revalidate();
        form
    }

    #[test]
    fn has_every_seed_003_field_and_sends_them() {
        let mut form = seed_003();
        assert_eq!(form.form.fields.len(), 21);
        let Some(Mutation::CreateAdministrator(input)) = form.submit(1) else {
            panic!("{:?}", form.form.error_summary());
        };
        assert_eq!(input.role_id, 18);
        assert_eq!(input.mfa_option, MFA_SMS);
        assert_eq!(input.address.country_code, "EE");
        assert!(input.generate_password);
        assert_eq!(input.password, None);
        assert_eq!(input.home_phone_prefix, "372");
    }

    #[test]
    fn a_plus_in_a_prefix_an_unpicked_role_and_sms_without_a_cell_phone_are_caught() {
        let mut form = seed_003();
        fill(&mut form, "HomePhonePrefix", "+372");
        fill(&mut form, "CellPhone", "");
        form.form.field_mut(ROLE).unwrap().choice = 0;
        assert!(form.submit(1).is_none());
        let summary = form.form.error_summary();
        for label in ["Home phone prefix", "Cell phone", "Role"] {
            assert!(
                summary.iter().any(|(l, _)| *l == label),
                "{label}: {summary:?}"
            );
        }
    }

    #[test]
    fn country_code_shows_its_name_and_completes() {
        let mut form = seed_003();
        let country = form.form.fields.iter().position(|f| f.key == COUNTRY);
        form.form.focus = country.unwrap();
        assert_eq!(
            form.form.focused().unwrap().note.as_deref(),
            Some("Estonia")
        );
        fill(&mut form, COUNTRY, "Fin");
        assert_eq!(form.form.completions()[0], ("FI", "Finland"));
        let right =
            ratatui::crossterm::event::Event::Key(ratatui::crossterm::event::KeyCode::Right.into());
        form.handle_key(&right);
        assert_eq!(form.form.text(COUNTRY), "FI");
        assert_eq!(
            form.form.focused().unwrap().note.as_deref(),
            Some("Finland")
        );
    }

    #[test]
    fn generate_password_disables_the_password_field() {
        let mut form = seed_003();
        let generate = form.form.fields.iter().position(|f| f.key == GENERATE);
        form.form.focus = generate.unwrap();
        form.form.cycle(1);
        form.revalidate();
        fill(&mut form, "Password", "Secr3t!pw");
        let Some(Mutation::CreateAdministrator(input)) = form.submit(1) else {
            panic!("{:?}", form.form.error_summary());
        };
        assert_eq!(
            input.password.as_ref().map(Secret::expose),
            Some("Secr3t!pw")
        );
        let debug = format!("{form:?}");
        assert!(!debug.contains("Secr3t"), "{debug}");
        form.failed(&ApiError::Business(vec![BusinessError::invalid_value(
            "Invalid country code",
        )]));
        assert_eq!(
            form.form.text("Password"),
            "Secr3t!pw",
            "kept for the retry"
        );
        form.form.focus = generate.unwrap();
        form.form.cycle(1);
        form.revalidate();
        assert!(form.form.field_mut("Password").unwrap().disabled);
        assert_eq!(form.form.text("Password"), "");
    }

    #[test]
    fn server_errors_land_on_their_fields() {
        let mut form = seed_003();
        form.submit(1).unwrap();
        let mut fields = FieldErrors::default();
        fields.add("Address.CountryCode", "Bad.");
        fields.add("CellPhonePrefix", "Phone number is not in valid format.");
        form.failed(&ApiError::Fields(fields));
        let summary = form.form.error_summary();
        assert!(summary.contains(&("Country code", "Bad.")));
        assert!(summary.contains(&("Cell phone prefix", "Phone number is not in valid format.")));
        assert_eq!(form.form.text("Name"), "johndoe@testddd.com");
        form.failed(&ApiError::Business(vec![BusinessError::invalid_value(
            "Invalid role id 99",
        )]));
        assert!(form.form.error_summary().iter().any(|(l, _)| *l == "Role"));
    }
}
