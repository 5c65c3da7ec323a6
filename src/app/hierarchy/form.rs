//! The hierarchy's forms: a new node (a child, or a root where the provider makes roots), an
//! edit, and the save of a move picked in the picker (the form shows where it goes; saving
//! it is what can meet a conflict). A node has a name, a status where the provider keeps one
//! ([`Capability::NodeStatus`]), and an organization its profile where the provider keeps
//! one ([`Capability::OrganizationProfile`]: description, links, the address and billing
//! address, checked as the server checks them, `domain::profile`). Each is a
//! [`FormPurpose`]: the name is required and at most [`MAX_NAME`] characters (what the
//! stand-in refuses), and a stale save opens the conflict view (`conflict.rs`) with
//! everything typed kept.

use crate::api::{ApiError, Mutation, NodeChange, Resource, ResourceData};
use crate::domain::FieldErrors;
use crate::domain::countries::{complete_country, country_name};
use crate::domain::hierarchy::{Capabilities, Capability, NodeKind, OrgNode};
use crate::domain::profile::{
    ADDRESS, AddressPart, BILLING_ADDRESS, DESCRIPTION, NodeProfile, PostalAddress, TWITTER,
    WEBSITE,
};
use crate::domain::validation::required_message;

use super::conflict::{Conflict, Resolution, Resolved};
use crate::app::form::{Field, Form};
use crate::app::form_dialog::{FormDialog, FormPurpose};

/// Longest name a provider takes (Pulse: 128 characters).
pub const MAX_NAME: usize = 128;

const NAME: &str = "name";
const STATUS: &str = "status";
const PARENT: &str = "parentId";
const STATUSES: [&str; 2] = ["ACTIVE", "INACTIVE"];

/// Labels of the conflict view's rows.
pub const NAME_LABEL: &str = "Name";
pub const STATUS_LABEL: &str = "Status";
pub const PARENT_LABEL: &str = "Parent";

/// The profile's addresses: the key prefix and the words its labels start with.
const ADDRESSES: [(&str, &str); 2] = [(ADDRESS, ""), (BILLING_ADDRESS, "Billing ")];

#[derive(Debug, Clone, PartialEq)]
pub enum NodeFormMode {
    Create {
        parent: Option<String>,
        kind: NodeKind,
    },
    Edit {
        id: String,
        kind: NodeKind,
    },
    Move {
        id: String,
        name: String,
        parent: String,
    },
}

/// The purpose of a hierarchy form.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeForm {
    pub mode: NodeFormMode,
    /// The version the change is made from: the one the user saw, or the server's newest
    /// once the user chose to overwrite or take theirs.
    pub version: Option<String>,
    pub conflict: Option<Conflict>,
    /// The form has a status field (the provider keeps one).
    status: bool,
    /// The form has the profile's fields, and its change carries the profile.
    profile: bool,
}

fn status_field(active: bool) -> Field {
    let options = STATUSES.iter().map(|s| s.to_string()).collect();
    Field::choice(STATUS, "Status", options, usize::from(!active))
}

/// The profile's fields, filled from `profile`.
fn profile_fields(profile: &NodeProfile) -> Vec<Field> {
    let mut fields = vec![
        Field::text(DESCRIPTION, "Description").with_value(&profile.description),
        Field::text(WEBSITE, "Website").with_value(&profile.website),
        Field::text(TWITTER, "Twitter").with_value(&profile.twitter),
    ];
    for (prefix, words) in ADDRESSES {
        let address = match prefix {
            ADDRESS => profile.address.clone(),
            _ => profile.billing_address.clone(),
        }
        .unwrap_or_default();
        for part in AddressPart::ALL {
            let label = match words {
                "" => part.label().to_string(),
                _ => format!("{words}{}", part.label().to_lowercase()),
            };
            let field = Field::text(part.key_in(prefix), label).with_value(address.part(part));
            fields.push(match part {
                AddressPart::Country => field.completing(complete_country),
                _ => field,
            });
        }
    }
    fields
}

/// The profile as the form holds it.
fn profile_of(form: &Form) -> NodeProfile {
    let text = |key: &str| form.text(key).trim().to_string();
    let address = |prefix: &str| PostalAddress::from_parts(|part| text(&part.key_in(prefix)));
    NodeProfile {
        description: text(DESCRIPTION),
        website: text(WEBSITE),
        twitter: text(TWITTER),
        address: address(ADDRESS),
        billing_address: address(BILLING_ADDRESS),
    }
}

impl NodeForm {
    fn purpose(mode: NodeFormMode, kind: NodeKind, caps: &Capabilities) -> NodeForm {
        NodeForm {
            mode,
            version: None,
            conflict: None,
            status: caps.has(Capability::NodeStatus),
            profile: kind == NodeKind::Organization && caps.has(Capability::OrganizationProfile),
        }
    }

    /// The form's fields for a node of the purpose's shape, from `node`'s values.
    fn fields(&self, node: Option<&OrgNode>) -> Vec<Field> {
        let name = node.map_or("", |n| n.name.as_str());
        let mut fields = vec![Field::text(NAME, "Name").required().with_value(name)];
        if self.status {
            fields.push(status_field(node.is_none_or(|n| n.active)));
        }
        if self.profile {
            let profile = node.and_then(|n| n.profile.as_deref());
            fields.extend(profile_fields(profile.unwrap_or(&NodeProfile::default())));
        }
        fields
    }

    /// `n`: a new node of `kind` below `parent` (named in the title), or a new root.
    pub fn create(parent: Option<&OrgNode>, kind: NodeKind, caps: &Capabilities) -> FormDialog {
        let mode = NodeFormMode::Create {
            parent: parent.map(|p| p.id.clone()),
            kind,
        };
        let purpose = NodeForm::purpose(mode, kind, caps);
        let title = match parent {
            Some(parent) => format!("New {} in {}", kind.word(), parent.name),
            None => format!("New {}", kind.word()),
        };
        FormDialog::new(Form::new(title, purpose.fields(None)), purpose)
    }

    /// `e`: the name, status and profile of `node`, from the version it has.
    pub fn edit(node: &OrgNode, caps: &Capabilities) -> FormDialog {
        let mode = NodeFormMode::Edit {
            id: node.id.clone(),
            kind: node.kind,
        };
        let mut purpose = NodeForm::purpose(mode, node.kind, caps);
        purpose.version = node.version.clone();
        let form = Form::new(format!("Edit {}", node.name), purpose.fields(Some(node)));
        FormDialog::new(form, purpose)
    }

    /// The save of a move of `node` below `parent`, picked in the picker.
    pub fn moving(node: &OrgNode, parent: &OrgNode) -> FormDialog {
        let fields = vec![Field::choice(
            PARENT,
            "New parent",
            vec![parent.name.clone()],
            0,
        )];
        let purpose = NodeForm {
            mode: NodeFormMode::Move {
                id: node.id.clone(),
                name: node.name.clone(),
                parent: parent.id.clone(),
            },
            version: node.version.clone(),
            conflict: None,
            status: false,
            profile: false,
        };
        let mut form = Form::new(format!("Move {}", node.name), fields);
        form.message = Some("Enter moves it there; Esc leaves it where it is".into());
        FormDialog::new(form, purpose)
    }

    /// The name, and the status (active where the form has none).
    fn values(form: &Form) -> (String, bool) {
        (form.text(NAME).trim().to_string(), form.choice(STATUS) == 0)
    }

    fn profile_change(&self, form: &Form) -> Option<Box<NodeProfile>> {
        self.profile.then(|| Box::new(profile_of(form)))
    }

    /// The user's values as the conflict view lists them.
    fn mine(&self, form: &Form) -> Vec<(&'static str, String)> {
        match &self.mode {
            NodeFormMode::Move { .. } => vec![(PARENT_LABEL, form.text_of_choice(PARENT))],
            _ => {
                let (name, active) = Self::values(form);
                vec![
                    (NAME_LABEL, name),
                    (STATUS_LABEL, STATUSES[usize::from(!active)].to_string()),
                ]
            }
        }
    }

    fn id(&self) -> Option<&str> {
        match &self.mode {
            NodeFormMode::Create { .. } => None,
            NodeFormMode::Edit { id, .. } | NodeFormMode::Move { id, .. } => Some(id),
        }
    }
}

/// The choice shown in a choice field, as text.
trait ChoiceText {
    fn text_of_choice(&self, key: &str) -> String;
}

impl ChoiceText for Form {
    fn text_of_choice(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .and_then(|f| match &f.kind {
                crate::app::form::FieldKind::Choice(options) => options.get(f.choice).cloned(),
                _ => None,
            })
            .unwrap_or_default()
    }
}

/// Name checks shared by every form that names an organization.
pub fn check_name(name: &str) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        Some(required_message(NAME))
    } else if name.chars().count() > MAX_NAME {
        Some(format!(
            "The name is too long: at most {MAX_NAME} characters."
        ))
    } else {
        None
    }
}

impl FormPurpose for NodeForm {
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>) {
        let mut errors = FieldErrors::default();
        if !matches!(self.mode, NodeFormMode::Move { .. })
            && let Some(message) = check_name(form.text(NAME))
        {
            errors.add(NAME, message);
        }
        if self.profile {
            errors.0.extend(profile_of(form).check().0);
            for (prefix, _) in ADDRESSES {
                let key = AddressPart::Country.key_in(prefix);
                let code = form.text(&key).trim().to_ascii_uppercase();
                if let Some(field) = form.field_mut(&key) {
                    field.note = country_name(&code).map(str::to_string);
                }
            }
        }
        (errors, Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let (name, active) = Self::values(form);
        let version = self.version.clone();
        let profile = self.profile_change(form);
        Mutation::Node(match &self.mode {
            NodeFormMode::Create { parent, kind } => NodeChange::Create {
                parent: parent.clone(),
                kind: *kind,
                name,
                active,
                profile,
            },
            NodeFormMode::Edit { id, kind } => NodeChange::Update {
                id: id.clone(),
                kind: *kind,
                name,
                active,
                version,
                profile,
            },
            NodeFormMode::Move { id, name, parent } => NodeChange::Move {
                id: id.clone(),
                name: name.clone(),
                parent: parent.clone(),
                version,
            },
        })
    }

    fn failed(&mut self, error: &ApiError, form: &mut Form) -> Option<Resource> {
        let ApiError::Conflict { .. } = error else {
            return None;
        };
        let id = self.id()?.to_string();
        self.conflict = Some(Conflict::new(&id, self.mine(form)));
        form.message = Some(
            "it was changed on the server since you opened it: o overwrite with yours · \
             t take theirs · Esc keep editing"
                .into(),
        );
        Some(Resource::Node { id })
    }

    fn loaded(&mut self, resource: &Resource, data: Result<&ResourceData, &ApiError>) {
        if let (Some(conflict), Resource::Node { id }) = (&mut self.conflict, resource)
            && *id == conflict.id
        {
            conflict.fill(data);
        }
    }

    fn conflict(&self) -> Option<&Conflict> {
        self.conflict.as_ref()
    }

    fn resolve(&mut self, choice: Resolution, form: &mut Form) -> Resolved {
        let Some(conflict) = &self.conflict else {
            return Resolved::Keep;
        };
        if choice == Resolution::KeepEditing {
            self.conflict = None;
            form.message = None;
            return Resolved::Keep;
        }
        let Some(theirs) = conflict.theirs.clone() else {
            form.message = Some(match &conflict.error {
                Some(error) => format!("the server's copy could not be read: {error}"),
                None => "still reading the server's copy…".into(),
            });
            return Resolved::Keep;
        };
        self.conflict = None;
        form.message = None;
        // Either way the next save is made from what the server has now.
        self.version = theirs.version.clone();
        match (choice, &self.mode) {
            (Resolution::TakeTheirs, NodeFormMode::Move { .. }) => Resolved::Close,
            (Resolution::TakeTheirs, _) => {
                if let Some(field) = form.field_mut(NAME) {
                    field.input = theirs.name.clone().into();
                }
                if let Some(field) = form.field_mut(STATUS) {
                    field.choice = usize::from(!theirs.active);
                }
                if let (true, Some(profile)) = (self.profile, theirs.profile.as_deref()) {
                    for field in profile_fields(profile) {
                        if let Some(mine) = form.field_mut(&field.key) {
                            mine.input = field.input;
                        }
                    }
                }
                form.message = Some("the form now holds the server's values".into());
                Resolved::Keep
            }
            _ => Resolved::Submit,
        }
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
