//! The hierarchy's forms: a new child (name, status), an edit of name and status, and the
//! save of a move picked in the picker (the form shows where it goes; saving it is what can
//! meet a conflict). Each is a [`FormPurpose`]: the name is required and at most
//! [`MAX_NAME`] characters (what the stand-in refuses), and a stale save opens the conflict
//! view (`conflict.rs`) with everything typed kept.

use crate::api::{ApiError, Mutation, NodeChange, Resource, ResourceData};
use crate::domain::FieldErrors;
use crate::domain::hierarchy::{NodeKind, OrgNode};
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

#[derive(Debug, Clone, PartialEq)]
pub enum NodeFormMode {
    Create {
        parent: Option<String>,
    },
    Edit {
        id: String,
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
}

fn status_field(active: bool) -> Field {
    let options = STATUSES.iter().map(|s| s.to_string()).collect();
    Field::choice(STATUS, "Status", options, usize::from(!active))
}

impl NodeForm {
    /// `n`: a new organization below `parent` (named in the title).
    pub fn create(parent: &OrgNode, kind: NodeKind) -> FormDialog {
        let fields = vec![Field::text(NAME, "Name").required(), status_field(true)];
        let purpose = NodeForm {
            mode: NodeFormMode::Create {
                parent: Some(parent.id.clone()),
            },
            version: None,
            conflict: None,
        };
        FormDialog::new(
            Form::new(format!("New {} in {}", kind.word(), parent.name), fields),
            purpose,
        )
    }

    /// `e`: the name and status of `node`, from the version it has.
    pub fn edit(node: &OrgNode) -> FormDialog {
        let fields = vec![
            Field::text(NAME, "Name").required().with_value(&node.name),
            status_field(node.active),
        ];
        let purpose = NodeForm {
            mode: NodeFormMode::Edit {
                id: node.id.clone(),
            },
            version: node.version.clone(),
            conflict: None,
        };
        FormDialog::new(Form::new(format!("Edit {}", node.name), fields), purpose)
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
        };
        let mut form = Form::new(format!("Move {}", node.name), fields);
        form.message = Some("Enter moves it there; Esc leaves it where it is".into());
        FormDialog::new(form, purpose)
    }

    fn values(form: &Form) -> (String, bool) {
        (form.text(NAME).trim().to_string(), form.choice(STATUS) == 0)
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
            NodeFormMode::Edit { id } | NodeFormMode::Move { id, .. } => Some(id),
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
        (errors, Vec::new())
    }

    fn mutation(&self, form: &Form) -> Mutation {
        let (name, active) = Self::values(form);
        let version = self.version.clone();
        Mutation::Node(match &self.mode {
            NodeFormMode::Create { parent } => NodeChange::Create {
                parent: parent.clone(),
                name,
                active,
            },
            NodeFormMode::Edit { id } => NodeChange::Update {
                id: id.clone(),
                name,
                active,
                version,
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
                form.message = Some("the form now holds the server's values".into());
                Resolved::Keep
            }
            _ => Resolved::Submit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node() -> OrgNode {
        OrgNode {
            id: "o1".into(),
            name: "Depot".into(),
            status: "ACTIVE".into(),
            active: true,
            version: Some("3".into()),
            ..OrgNode::default()
        }
    }

    #[test]
    fn a_name_is_required_and_what_was_typed_stays_after_a_failure() {
        let mut form = NodeForm::create(&node(), NodeKind::Organization);
        assert_eq!(form.submit(1), None, "no name");
        assert_eq!(
            form.form.error_summary(),
            vec![("Name", "The Name field is required.")]
        );
        form.form.fields[0].input = "  Cold store  ".to_string().into();
        form.revalidate();
        let sent = form.submit(2).expect("valid");
        assert_eq!(
            sent,
            Mutation::Node(NodeChange::Create {
                parent: Some("o1".into()),
                name: "Cold store".into(),
                active: true,
            })
        );
        form.failed(&ApiError::Server {
            status: 500,
            message: "boom".into(),
        });
        assert_eq!(form.form.text(NAME), "  Cold store  ");
        assert!(form.form.message.as_deref().unwrap().contains("retry"));
    }

    #[test]
    fn a_conflict_keeps_the_form_and_overwrite_sends_mine_from_their_version() {
        let mut form = NodeForm::edit(&node());
        form.form.fields[0].input = "Depot North".to_string().into();
        form.submit(1).expect("valid");
        let read = form.failed(&ApiError::Conflict {
            message: "stale".into(),
        });
        assert_eq!(read, Some(Resource::Node { id: "o1".into() }));
        let theirs = OrgNode {
            name: "Depot South".into(),
            version: Some("4".into()),
            ..node()
        };
        form.purpose.loaded(
            &Resource::Node { id: "o1".into() },
            Ok(&ResourceData::Node(theirs)),
        );
        let conflict = form.purpose.conflict().expect("shown");
        assert_eq!(conflict.mine[0], (NAME_LABEL, "Depot North".to_string()));
        assert_eq!(
            form.purpose.resolve(Resolution::Overwrite, &mut form.form),
            Resolved::Submit
        );
        assert_eq!(
            form.submit(2),
            Some(Mutation::Node(NodeChange::Update {
                id: "o1".into(),
                name: "Depot North".into(),
                active: true,
                version: Some("4".into()),
            }))
        );
    }

    #[test]
    fn taking_theirs_fills_the_form_with_the_server_values() {
        let mut form = NodeForm::edit(&node());
        form.form.fields[0].input = "Mine".to_string().into();
        form.submit(1);
        form.failed(&ApiError::Conflict {
            message: "stale".into(),
        });
        let theirs = OrgNode {
            name: "Theirs".into(),
            active: false,
            version: Some("9".into()),
            ..node()
        };
        form.purpose.loaded(
            &Resource::Node { id: "o1".into() },
            Ok(&ResourceData::Node(theirs)),
        );
        assert_eq!(
            form.purpose.resolve(Resolution::TakeTheirs, &mut form.form),
            Resolved::Keep
        );
        assert_eq!(form.form.text(NAME), "Theirs");
        assert_eq!(form.form.choice(STATUS), 1);
        assert!(form.purpose.conflict().is_none());
    }
}
