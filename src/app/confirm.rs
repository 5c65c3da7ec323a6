//! The delete-organization confirmation: lists what goes with the organization and only
//! proceeds once its exact name is typed. Cancel is the default (Esc, or just closing).

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::{ApiError, Mutation, RequestId};

#[derive(Debug, Clone)]
pub struct DeleteConfirm {
    pub org_id: String,
    pub org_name: String,
    pub input: Input,
    /// Why Enter did nothing, or why the delete failed.
    pub message: Option<String>,
    pub pending: Option<RequestId>,
}

impl DeleteConfirm {
    pub fn new(org_id: &str, org_name: &str) -> DeleteConfirm {
        DeleteConfirm {
            org_id: org_id.into(),
            org_name: org_name.into(),
            input: Input::default(),
            message: None,
            pending: None,
        }
    }

    pub fn edit(&mut self, event: &Event) {
        if self.input.handle_event(event).is_some_and(|c| c.value) {
            self.message = None;
        }
    }

    /// The delete to send when the typed name matches exactly; otherwise says so.
    pub fn accept(&mut self, id: RequestId) -> Option<Mutation> {
        if self.pending.is_some() {
            return None;
        }
        if self.input.value() != self.org_name {
            self.message = Some(if self.input.value().is_empty() {
                "type the organization's name to confirm".into()
            } else {
                "the name does not match; type it exactly".into()
            });
            return None;
        }
        self.message = None;
        self.pending = Some(id);
        Some(Mutation::DeleteOrganization {
            org: self.org_id.clone(),
        })
    }

    pub fn failed(&mut self, error: &ApiError) {
        self.pending = None;
        self.message = Some(format!("delete failed: {error}"));
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn typed(confirm: &mut DeleteConfirm, text: &str) {
        for c in text.chars() {
            confirm.edit(&Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
    }

    #[test]
    fn only_the_exact_name_deletes() {
        let mut confirm = DeleteConfirm::new("o1", "Acme AB");
        assert_eq!(confirm.accept(1), None);
        assert!(confirm.message.as_deref().unwrap().contains("type"));
        typed(&mut confirm, "acme ab");
        assert_eq!(confirm.accept(2), None);
        assert!(
            confirm
                .message
                .as_deref()
                .unwrap()
                .contains("does not match")
        );
        confirm.input = "Acme AB".to_string().into();
        assert_eq!(
            confirm.accept(3),
            Some(Mutation::DeleteOrganization { org: "o1".into() })
        );
        assert_eq!(confirm.accept(4), None, "one delete at a time");
    }
}
