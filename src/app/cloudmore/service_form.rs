//! The forms of an organization service's custom properties: adding an E-store service (its
//! properties, defaults prefilled), updating an added one (note + properties, PUT) and
//! changing its property data alone (PATCH). One field per property definition
//! (`property_fields.rs`).

use crate::api::Mutation;
use crate::domain::{
    CustomPropertyDefinition, CustomPropertySet, FieldErrors, OrganizationService,
    OrganizationServiceAdd, OrganizationServiceUpdate,
};

use super::property_fields;
use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};

const NOTE: &str = "Note";

#[derive(Debug, Clone, PartialEq)]
pub enum ServiceWrite {
    Add,
    Update,
    Patch,
    /// The values for a bulk add: given back to the preview, not sent.
    ForAll,
}

#[derive(Debug, Clone)]
pub struct ServiceForm {
    pub org: String,
    pub service: String,
    pub write: ServiceWrite,
    defs: Vec<CustomPropertyDefinition>,
}

impl ServiceForm {
    /// Adding `service` (named `name`) to `org`: defaults prefilled.
    pub fn add(
        org: &str,
        service: &str,
        name: &str,
        defs: &[CustomPropertyDefinition],
    ) -> FormDialog {
        let fields = defs
            .iter()
            .map(|d| property_fields::field(d, &d.default_value))
            .collect();
        let title = format!("Add {name}");
        ServiceForm::open(title, fields, org, service, ServiceWrite::Add, defs)
    }

    /// The property values of `service` for every organization of a bulk add (defaults
    /// prefilled); submitting gives them to the preview instead of sending anything.
    pub fn for_all(service: &str, title: &str, defs: &[CustomPropertyDefinition]) -> FormDialog {
        let fields = defs
            .iter()
            .map(|d| property_fields::field(d, &d.default_value))
            .collect();
        let mut dialog = ServiceForm::open(
            title.to_string(),
            fields,
            "",
            service,
            ServiceWrite::ForAll,
            defs,
        );
        // Straight to the first mandatory property without a value: that is why it opened.
        if let Some(i) = defs
            .iter()
            .position(|d| d.mandatory && d.default_value.is_empty())
        {
            dialog.form.focus = i;
        }
        dialog
    }

    /// Updating (`Update`: note and properties) or patching (`Patch`: properties only) an
    /// added service, prefilled with its current values.
    pub fn change(
        org: &str,
        current: &OrganizationService,
        defs: &[CustomPropertyDefinition],
        write: ServiceWrite,
    ) -> FormDialog {
        let value = |d: &CustomPropertyDefinition| {
            current
                .custom_properties
                .iter()
                .find(|p| p.property_id == d.property_id)
                .map_or("", |p| p.value.as_str())
                .to_string()
        };
        let mut fields: Vec<Field> = defs
            .iter()
            .map(|d| property_fields::field(d, &value(d)))
            .collect();
        let title = if write == ServiceWrite::Update {
            fields.insert(0, Field::text(NOTE, "Note").with_value(&current.note));
            format!("Update {}", current.name)
        } else {
            format!("Custom properties of {}", current.name)
        };
        ServiceForm::open(title, fields, org, &current.id, write, defs)
    }

    fn open(
        title: String,
        fields: Vec<Field>,
        org: &str,
        service: &str,
        write: ServiceWrite,
        defs: &[CustomPropertyDefinition],
    ) -> FormDialog {
        FormDialog::new(
            Form::new(title, fields),
            ServiceForm {
                org: org.into(),
                service: service.into(),
                write,
                defs: defs.to_vec(),
            },
        )
    }

    fn properties(&self, form: &Form) -> Vec<CustomPropertySet> {
        property_fields::values(form, &self.defs)
            .into_iter()
            // Adding: an unset property takes the service's default on the server.
            .filter(|p| {
                !matches!(self.write, ServiceWrite::Add | ServiceWrite::ForAll)
                    || !p.value.is_empty()
            })
            .collect()
    }
}

impl FormPurpose for ServiceForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        let mut errors = FieldErrors::default();
        property_fields::check(form, &self.defs, &mut errors);
        (errors, Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let (org, service) = (self.org.clone(), self.service.clone());
        let properties = self.properties(form);
        match self.write {
            ServiceWrite::Add | ServiceWrite::ForAll => Mutation::AddService {
                org,
                input: OrganizationServiceAdd {
                    service_id: service,
                    custom_properties: properties,
                },
            },
            ServiceWrite::Update => Mutation::UpdateService {
                org,
                service,
                input: OrganizationServiceUpdate {
                    note: Some(form.text(NOTE).to_string()),
                    custom_properties: properties,
                },
            },
            ServiceWrite::Patch => Mutation::PatchServiceProperties {
                org,
                service,
                properties,
            },
        }
    }

    fn fills_a_preview(&self) -> bool {
        self.write == ServiceWrite::ForAll
    }

    /// "Invalid value 'x' for Region; …" is about the Region field.
    fn business_field(&self, message: &str) -> Option<String> {
        property_fields::named_in(&self.defs, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cloudmore::property_fields::UNSET;
    use crate::app::form::FieldKind;
    use crate::domain::CustomPropertyValue;

    fn defs() -> Vec<CustomPropertyDefinition> {
        vec![
            CustomPropertyDefinition {
                property_id: "p-region".into(),
                name: "Region".into(),
                kind: "DropDown".into(),
                mandatory: false,
                default_value: "EU".into(),
                allowed_values: vec!["EU".into(), "US".into()],
            },
            CustomPropertyDefinition {
                property_id: "p-domain".into(),
                name: "Tenant domain".into(),
                kind: "TextBox".into(),
                mandatory: true,
                ..Default::default()
            },
        ]
    }

    #[test]
    fn add_prefills_defaults_requires_mandatory_and_offers_allowed_values() {
        let mut dialog = ServiceForm::add("o", "s", "Backup", &defs());
        assert_eq!(
            dialog.form.fields[0].kind,
            FieldKind::Choice(vec![UNSET.into(), "EU".into(), "US".into()])
        );
        assert_eq!(dialog.form.fields[0].choice, 1, "the default is chosen");
        assert!(dialog.form.fields[1].required);
        assert_eq!(dialog.submit(1), None, "the tenant domain is mandatory");
        assert_eq!(
            dialog.form.error_summary(),
            vec![("Tenant domain", "The Tenant domain field is required.")]
        );
        dialog.form.fields[1].input = "acme.onmicrosoft.com".to_string().into();
        let Some(Mutation::AddService { org, input }) = dialog.submit(2) else {
            panic!("a valid form sends");
        };
        assert_eq!(org, "o");
        assert_eq!(input.service_id, "s");
        assert_eq!(input.custom_properties.len(), 2);
        assert_eq!(input.custom_properties[0].value, "EU");
    }

    #[test]
    fn update_carries_the_note_and_patch_only_the_properties() {
        let current = OrganizationService {
            id: "s".into(),
            name: "Backup".into(),
            note: "old".into(),
            custom_properties: vec![CustomPropertyValue {
                property_id: "p-domain".into(),
                name: "Tenant domain".into(),
                value: "acme.example".into(),
            }],
            ..Default::default()
        };
        let mut update = ServiceForm::change("o", &current, &defs(), ServiceWrite::Update);
        assert_eq!(update.form.text(NOTE), "old");
        assert_eq!(
            update.form.text("CustomProperties[Tenant domain]"),
            "acme.example"
        );
        assert!(matches!(
            update.submit(1),
            Some(Mutation::UpdateService { input, .. }) if input.note.as_deref() == Some("old")
                && input.custom_properties.len() == 2
                && input.custom_properties[0].value.is_empty()
        ));
        let mut patch = ServiceForm::change("o", &current, &defs(), ServiceWrite::Patch);
        assert!(patch.form.fields.iter().all(|f| f.key != NOTE));
        assert!(matches!(
            patch.submit(2),
            Some(Mutation::PatchServiceProperties { properties, .. }) if properties.len() == 2
        ));
    }
}
