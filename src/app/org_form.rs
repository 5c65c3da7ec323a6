//! The organization create/edit form: which fields it has, how they map to
//! [`OrganizationInput`], and how local and server errors land on them.

use crate::api::{ApiError, Mutation, RequestId};
use crate::domain::countries::country_name;
use crate::domain::rules::validate_organization;
use crate::domain::{FieldErrors, Organization, OrganizationInput};

use super::form::{Field, Form};

#[derive(Debug, Clone, PartialEq)]
pub enum OrgFormMode {
    Create,
    Edit { org: String },
}

#[derive(Debug, Clone)]
pub struct OrgForm {
    pub form: Form,
    pub mode: OrgFormMode,
    /// The id of the write in flight.
    pub pending: Option<RequestId>,
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

/// The rules report two checks as business errors without a field; the field they concern is
/// known, so they are shown there rather than in a detached list.
fn business_field(message: &str) -> Option<&'static str> {
    let lower = message.to_lowercase();
    if lower.contains("country") {
        Some(COUNTRY)
    } else if lower.contains("domain") {
        Some("PrimaryDomain")
    } else {
        None
    }
}

fn build(title: &str, mut values: OrganizationInput) -> Form {
    let mut fields = Vec::with_capacity(TEXT_FIELDS.len() + 1);
    for &(key, label, required) in TEXT_FIELDS {
        let value = slot(&mut values, key).map(|s| s.as_str()).unwrap_or("");
        let mut field = Field::text(key, label).with_value(value);
        field.required = required;
        fields.push(field);
        if key == TOGGLE_AFTER {
            fields.push(Field::toggle(ACTIVE, "Active", values.is_active));
        }
    }
    Form::new(title, fields)
}

impl OrgForm {
    pub fn create() -> OrgForm {
        let defaults = OrganizationInput {
            is_active: true,
            ..Default::default()
        };
        OrgForm::open(build("New organization", defaults), OrgFormMode::Create)
    }

    pub fn edit(org: &Organization) -> OrgForm {
        let mode = OrgFormMode::Edit {
            org: org.id.clone(),
        };
        OrgForm::open(
            build("Edit organization", OrganizationInput::from(org)),
            mode,
        )
    }

    fn open(form: Form, mode: OrgFormMode) -> OrgForm {
        let mut org_form = OrgForm {
            form,
            mode,
            pending: None,
        };
        // Errors stay hidden until a field is touched; this sets the notes and the error state.
        org_form.revalidate();
        org_form
    }

    pub fn input(&self) -> OrganizationInput {
        let mut input = OrganizationInput {
            is_active: self.form.is_on(ACTIVE),
            ..Default::default()
        };
        for &(key, _, _) in TEXT_FIELDS {
            if let Some(slot) = slot(&mut input, key) {
                *slot = self.form.text(key).to_string();
            }
        }
        input
    }

    /// An editing key: applied to the focused field, then everything is re-checked.
    pub fn handle_key(&mut self, event: &ratatui::crossterm::event::Event) {
        if self.form.handle_key(event) {
            self.revalidate();
        }
    }

    /// Re-checks every field with the shared rules (after each edit).
    pub fn revalidate(&mut self) {
        let input = self.input();
        if let Some(field) = self.form.field_mut(COUNTRY) {
            field.note = country_name(input.address.country_code.trim()).map(str::to_string);
        }
        let validation = validate_organization(&input);
        let mut fields = validation.fields;
        let mut loose = Vec::new();
        for error in validation.business {
            match business_field(&error.error_message) {
                Some(key) => fields.add(key, error.error_message),
                None => loose.push(error.error_message),
            }
        }
        loose.extend(self.form.set_errors(&fields));
        if !loose.is_empty() {
            self.form.message = Some(loose.join("; "));
        }
    }

    /// Validates and, when clean, returns the write to send. An invalid form sends nothing and
    /// shows every error.
    pub fn submit(&mut self, id: RequestId) -> Option<Mutation> {
        self.revalidate();
        self.form.submitted = true;
        if self.form.has_errors() || self.form.saving {
            self.form.focus_first_error();
            return None;
        }
        self.form.message = None;
        self.form.saving = true;
        self.pending = Some(id);
        let input = self.input();
        Some(match &self.mode {
            OrgFormMode::Create => Mutation::CreateOrganization(input),
            OrgFormMode::Edit { org } => Mutation::UpdateOrganization {
                org: org.clone(),
                input,
            },
        })
    }

    /// The write failed: keep everything typed and say why, where it belongs.
    pub fn failed(&mut self, error: &ApiError) {
        self.form.saving = false;
        self.pending = None;
        self.form.message = Some(match error {
            ApiError::Fields(fields) => {
                let unmatched = self.form.set_server_errors(fields);
                self.form.focus_first_error();
                if unmatched.is_empty() {
                    "the server rejected some fields; fix them and press Enter to retry".into()
                } else {
                    format!("the server rejected: {}", unmatched.join("; "))
                }
            }
            ApiError::Business(errors) => {
                let mut fields = FieldErrors::default();
                let mut loose = Vec::new();
                for e in errors {
                    match business_field(&e.error_message) {
                        Some(key) => fields.add(key, e.error_message.clone()),
                        None => loose.push(e.error_message.clone()),
                    }
                }
                self.form.set_server_errors(&fields);
                if loose.is_empty() {
                    "the server refused; see the marked fields".into()
                } else {
                    format!("the server refused: {}", loose.join("; "))
                }
            }
            other => format!("{other}; press Enter to retry"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let form = OrgForm::edit(&org);
        assert_eq!(form.input(), OrganizationInput::from(&org));
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
        let mut form = OrgForm::edit(&org);
        let note = |f: &OrgForm| f.form.fields.last().and_then(|f| f.note.clone());
        assert_eq!(note(&form).as_deref(), Some("Sweden"));
        form.form.fields.last_mut().unwrap().input = "XX".to_string().into();
        form.revalidate();
        assert_eq!(note(&form), None);
    }

    #[test]
    fn rule_keys_land_on_their_fields() {
        let mut form = OrgForm::create();
        form.form.fields.iter_mut().for_each(|f| {
            let value = match f.key {
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
        let mut form = OrgForm::create();
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
