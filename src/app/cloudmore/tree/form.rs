//! The organization create/edit form: which fields it has (the record's, then one per
//! organization custom-property definition), how they map to [`OrganizationInput`], and which
//! field a business error is about. Saving, retry and error display are the generic
//! [`FormDialog`]'s.

use crate::api::Mutation;
use crate::domain::countries::{complete_country, country_name};
use crate::domain::reseller::rules::validate_organization;
use crate::domain::{CustomPropertyDefinition, FieldErrors, Organization, OrganizationInput};

use crate::app::cloudmore::property_fields;
use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};

#[derive(Debug, Clone, PartialEq)]
pub enum OrgFormMode {
    Create,
    Edit { org: String },
}

/// The organization form's purpose: create or update one organization.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgForm {
    pub mode: OrgFormMode,
    /// The broker's organization custom properties, a field each.
    defs: Vec<CustomPropertyDefinition>,
}

/// `(validation key, label, required)` of every text field, in screen order; `IsActive` (a
/// toggle) follows the notification e-mail.
const TEXT_FIELDS: &[(&str, &str, bool)] = &[
    ("Name", "Name", true),
    ("CustomerNumber", "Customer number", false),
    ("RegistrationNumber", "Registration number", false),
    ("Vat", "VAT", false),
    ("PrimaryDomain", "Primary domain", false),
    ("NotificationEmail", "Notification e-mail", false),
    ("Contact.Name", "Contact name", false),
    ("Contact.JobTitle", "Job title", false),
    ("Contact.Email", "Contact e-mail", false),
    ("Contact.PhonePrefix", "Phone prefix", false),
    ("Contact.Phone", "Phone", false),
    ("Contact.CellPhonePrefix", "Cell prefix", false),
    ("Contact.CellPhone", "Cell phone", false),
    ("Address.Address", "Street", false),
    ("Address.PostalCode", "Postal code", false),
    ("Address.City", "City", false),
    ("Address.CountryCode", "Country code", false),
];

const ACTIVE: &str = "IsActive";
const COUNTRY: &str = "Address.CountryCode";
const TOGGLE_AFTER: &str = "NotificationEmail";

/// The one place that says which input field a key edits (used both to prefill and to read).
fn slot<'a>(input: &'a mut OrganizationInput, key: &str) -> Option<&'a mut String> {
    Some(match key {
        "Name" => &mut input.name,
        "CustomerNumber" => &mut input.customer_number,
        "RegistrationNumber" => &mut input.registration_number,
        "Vat" => &mut input.vat,
        "PrimaryDomain" => &mut input.primary_domain,
        "NotificationEmail" => &mut input.notification_email,
        "Contact.Name" => &mut input.contact.name,
        "Contact.JobTitle" => &mut input.contact.job_title,
        "Contact.Email" => &mut input.contact.email,
        "Contact.PhonePrefix" => &mut input.contact.phone_prefix,
        "Contact.Phone" => &mut input.contact.phone,
        "Contact.CellPhonePrefix" => &mut input.contact.cell_phone_prefix,
        "Contact.CellPhone" => &mut input.contact.cell_phone,
        "Address.Address" => &mut input.address.street,
        "Address.PostalCode" => &mut input.address.postal_code,
        "Address.City" => &mut input.address.city,
        "Address.CountryCode" => &mut input.address.country_code,
        _ => return None,
    })
}

fn build(title: &str, mut values: OrganizationInput, defs: &[CustomPropertyDefinition]) -> Form {
    let mut fields = Vec::with_capacity(TEXT_FIELDS.len() + 1 + defs.len());
    for &(key, label, required) in TEXT_FIELDS {
        let value = slot(&mut values, key).map(|s| s.as_str()).unwrap_or("");
        let mut field = Field::text(key, label).with_value(value);
        field.required = required;
        if key == COUNTRY {
            field = field.completing(complete_country);
        }
        fields.push(field);
        if key == TOGGLE_AFTER {
            fields.push(Field::toggle(ACTIVE, "Active", values.is_active));
        }
    }
    for def in defs {
        let current = values
            .custom_properties
            .iter()
            .find(|p| p.property_id == def.property_id);
        let value = current.map_or(def.default_value.as_str(), |p| p.value.as_str());
        fields.push(property_fields::field(def, value));
    }
    Form::new(title, fields)
}

/// The values of the form as an organization body. Properties without a definition are not
/// sent: the form cannot show them, and an update keeps what it leaves out.
pub fn input(form: &Form, defs: &[CustomPropertyDefinition]) -> OrganizationInput {
    let mut input = OrganizationInput {
        is_active: form.is_on(ACTIVE),
        custom_properties: property_fields::values(form, defs),
        ..Default::default()
    };
    for &(key, _, _) in TEXT_FIELDS {
        if let Some(slot) = slot(&mut input, key) {
            *slot = form.text(key).to_string();
        }
    }
    // ISO codes are upper case; "se" is plainly meant as "SE".
    input.address.country_code = input.address.country_code.trim().to_ascii_uppercase();
    input
}

impl OrgForm {
    /// A new organization, the properties' defaults prefilled.
    pub fn create(defs: &[CustomPropertyDefinition]) -> FormDialog {
        let defaults = OrganizationInput {
            is_active: true,
            ..Default::default()
        };
        FormDialog::new(
            build("New organization", defaults, defs),
            OrgForm {
                mode: OrgFormMode::Create,
                defs: defs.to_vec(),
            },
        )
    }

    pub fn edit(org: &Organization, defs: &[CustomPropertyDefinition]) -> FormDialog {
        let mode = OrgFormMode::Edit {
            org: org.id.clone(),
        };
        FormDialog::new(
            build("Edit organization", OrganizationInput::from(org), defs),
            OrgForm {
                mode,
                defs: defs.to_vec(),
            },
        )
    }
}

impl FormPurpose for OrgForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        let input = input(form, &self.defs);
        if let Some(field) = form.field_mut(COUNTRY) {
            field.note = country_name(input.address.country_code.trim()).map(str::to_string);
        }
        let mut validation = validate_organization(&input);
        property_fields::check(form, &self.defs, &mut validation.fields);
        let business = validation
            .business
            .into_iter()
            .map(|e| e.error_message)
            .collect();
        (validation.fields, business)
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let input = input(form, &self.defs);
        match &self.mode {
            OrgFormMode::Create => Mutation::CreateOrganization(Box::new(input)),
            OrgFormMode::Edit { org } => Mutation::UpdateOrganization {
                org: org.clone(),
                input: Box::new(input),
            },
        }
    }

    /// The rules report two checks as business errors without a field; the field they concern
    /// is known, so they are shown there rather than in a detached list.
    fn business_field(&self, message: &str) -> Option<String> {
        if let Some(key) = property_fields::named_in(&self.defs, message) {
            return Some(key);
        }
        let lower = message.to_lowercase();
        if lower.contains("country") {
            Some(COUNTRY.into())
        } else if lower.contains("domain") {
            Some("PrimaryDomain".into())
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

    #[test]
    fn every_text_field_maps_to_the_input() {
        let mut probe = OrganizationInput::default();
        for &(key, _, _) in TEXT_FIELDS {
            assert!(slot(&mut probe, key).is_some(), "{key}");
        }
        let org = Organization {
            id: "o1".into(),
            name: "Acme".into(),
            vat: "SE1".into(),
            is_active: false,
            contact: crate::domain::OrganizationContact {
                email: "a@acme.com".into(),
                ..Default::default()
            },
            address: crate::domain::OrganizationAddress {
                street: "Main 1".into(),
                country_code: "SE".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let form = OrgForm::edit(&org, &[]);
        assert_eq!(input(&form.form, &[]), OrganizationInput::from(&org));
        assert_eq!(form.form.fields.len(), 18);
    }

    #[test]
    fn country_code_gets_the_country_name_as_a_note() {
        let org = Organization {
            name: "Acme".into(),
            address: crate::domain::OrganizationAddress {
                country_code: "SE".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let mut form = OrgForm::edit(&org, &[]);
        let note = |f: &FormDialog| f.form.fields.last().and_then(|f| f.note.clone());
        assert_eq!(note(&form).as_deref(), Some("Sweden"));
        form.form.fields.last_mut().unwrap().input = "XX".to_string().into();
        form.revalidate();
        assert_eq!(note(&form), None);
    }

    #[test]
    fn rule_keys_land_on_their_fields() {
        let mut form = OrgForm::create(&[]);
        form.form.fields.iter_mut().for_each(|f| {
            let value = match f.key.as_str() {
                "NotificationEmail" | "Contact.Email" => "nope",
                "Contact.Phone" | "Contact.CellPhonePrefix" => "12a",
                "Address.CountryCode" => "XX",
                "PrimaryDomain" => "https://acme.com",
                _ => "",
            };
            f.input = value.to_string().into();
        });
        assert_eq!(form.submit(1), None);
        let errored: Vec<_> = form.form.error_summary().iter().map(|(l, _)| *l).collect();
        assert_eq!(
            errored,
            [
                "Name",
                "Primary domain",
                "Notification e-mail",
                "Contact e-mail",
                "Phone",
                "Cell prefix",
                "Country code"
            ]
        );
        assert_eq!(form.form.focus, 0);
        assert!(form.form.message.is_none());
    }

    #[test]
    fn valid_form_submits_and_failure_keeps_values() {
        let mut form = OrgForm::create(&[]);
        form.form.fields[0].input = "Acme".to_string().into();
        let mutation = form.submit(7).expect("valid");
        assert!(
            matches!(mutation, Mutation::CreateOrganization(ref i) if i.name == "Acme" && i.is_active)
        );
        assert!(form.submit(8).is_none(), "no second send while saving");
        form.failed(&ApiError::Business(vec![BusinessError::invalid_value(
            "Name already exists",
        )]));
        assert_eq!(form.form.text("Name"), "Acme");
        assert!(
            form.form
                .message
                .as_deref()
                .unwrap()
                .contains("Name already exists")
        );
        assert!(form.submit(9).is_some(), "retry is one more submit");
    }
}
