//! The conflict view of a hierarchy form: a save (edit or move) that the server refused as
//! stale ([`crate::api::ApiError::Conflict`]) keeps the form open, reads the organization
//! again and shows the server's values next to the user's. The user then overwrites with
//! theirs made from the server's newest version (`o`: the same change, re-sent with
//! [`crate::api::NodeChange::from_version`]), takes the server's values into the form (`t`),
//! or goes back to editing (`Esc`). Nothing typed is lost either way until the user chooses.

use crate::api::{ApiError, ResourceData};
use crate::domain::hierarchy::OrgNode;

/// What the user chose in the conflict view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// Send the user's values again, made from the server's newest version.
    Overwrite,
    /// Put the server's values into the form.
    TakeTheirs,
    /// Close the view and go on editing (the next save is checked again).
    KeepEditing,
}

/// What the form does after a resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// Save now.
    Submit,
    /// Stay open for more editing.
    Keep,
    /// Nothing is left to save (a move whose parent the server already has its own way).
    Close,
}

/// One refused save and the server's record as read after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub id: String,
    /// The user's values, as labelled rows, when the save was refused.
    pub mine: Vec<(&'static str, String)>,
    /// The server's record, once read again.
    pub theirs: Option<OrgNode>,
    /// Why it could not be read again.
    pub error: Option<String>,
}

impl Conflict {
    pub fn new(id: &str, mine: Vec<(&'static str, String)>) -> Conflict {
        Conflict {
            id: id.to_string(),
            mine,
            theirs: None,
            error: None,
        }
    }

    /// The server's answer to the read of the organization.
    pub fn fill(&mut self, data: Result<&ResourceData, &ApiError>) {
        match data {
            Ok(ResourceData::Node(node)) => {
                self.theirs = Some(node.clone());
                self.error = None;
            }
            Ok(_) => {}
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// `(label, theirs, mine)` per field; theirs is empty until it is read. `theirs_of`
    /// reads a field of the server's record by its label.
    pub fn rows(&self, theirs_of: impl Fn(&OrgNode, &str) -> String) -> Vec<(&str, String, &str)> {
        self.mine
            .iter()
            .map(|(label, mine)| {
                let theirs = self
                    .theirs
                    .as_ref()
                    .map(|t| theirs_of(t, label))
                    .unwrap_or_default();
                (*label, theirs, mine.as_str())
            })
            .collect()
    }
}
