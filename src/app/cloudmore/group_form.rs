//! The organization group form: a new group, or a group's name and description changed. The
//! name is checked as the stand-in checks it (`domain::reseller::groups`); "already exists",
//! which only the server knows, lands on the name.

use crate::api::{GroupChange, Mutation};
use crate::domain::FieldErrors;
use crate::domain::reseller::groups::{OrganizationGroup, OrganizationGroupInput, validate_group};

use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};

const NAME: &str = "Name";
const DESCRIPTION: &str = "Description";

#[derive(Debug, Clone)]
pub struct GroupForm {
    /// The group edited and what it had (None: a new group).
    editing: Option<(String, OrganizationGroupInput)>,
}

impl GroupForm {
    pub fn create() -> FormDialog {
        Self::dialog("New organization group", None)
    }

    pub fn edit(group: &OrganizationGroup) -> FormDialog {
        let before = OrganizationGroupInput {
            name: group.name.clone(),
            description: group.description.clone(),
        };
        Self::dialog(
            format!("Group {}", group.name),
            Some((group.id.clone(), before)),
        )
    }

    fn dialog(
        title: impl Into<String>,
        editing: Option<(String, OrganizationGroupInput)>,
    ) -> FormDialog {
        let had = editing
            .as_ref()
            .map(|(_, before)| before.clone())
            .unwrap_or_default();
        let fields = vec![
            Field::text(NAME, "Name").required().with_value(&had.name),
            Field::text(DESCRIPTION, "Description").with_value(&had.description),
        ];
        FormDialog::new(Form::new(title, fields), GroupForm { editing })
    }

    fn input(form: &Form) -> OrganizationGroupInput {
        OrganizationGroupInput {
            name: form.text(NAME).trim().to_string(),
            description: form.text(DESCRIPTION).to_string(),
        }
    }
}

impl FormPurpose for GroupForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        (validate_group(&Self::input(form)).fields, Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let input = Self::input(form);
        Mutation::Group(match &self.editing {
            Some((group, before)) => GroupChange::Update {
                group: group.clone(),
                input,
                before: Some(before.clone()),
            },
            None => GroupChange::Create { input },
        })
    }

    fn business_field(&self, message: &str) -> Option<String> {
        message.contains("already exists").then(|| NAME.to_string())
    }
}
