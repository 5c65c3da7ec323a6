//! A general confirmation for destructive writes: a title, lines saying what happens, an
//! optional list of what goes with it (fetched through the actor when it opens, e.g. the
//! subscriptions of a service being removed), and optionally a word the user must type.
//! Cancel is the default: Esc closes it, and without a word to type Enter only explains that
//! `y` confirms, so no stray Enter deletes anything.

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::{ApiError, Mutation, RequestId, Resource, ResourceData};

/// What goes with the target, read from a resource when the dialog opens.
#[derive(Debug, Clone)]
pub struct Listing {
    pub heading: String,
    pub resource: Resource,
    /// Turns the loaded data into one line per dependent item.
    pub describe: fn(&ResourceData) -> Vec<String>,
    /// `None` until the resource loaded.
    pub items: Option<Vec<String>>,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    /// The verb on the accept key ("delete", "remove", "cancel subscription").
    pub verb: String,
    /// What happens, in plain words (may hold server text; sanitized when drawn).
    pub lines: Vec<String>,
    pub listing: Option<Listing>,
    /// The exact text to type before Enter works (an organization's name).
    pub word: Option<String>,
    /// What the word is, for "type … to confirm" ("the organization's name").
    pub word_is: String,
    pub input: Input,
    pub action: Mutation,
    /// Why Enter did nothing, or why the write failed.
    pub message: Option<String>,
    pub pending: Option<RequestId>,
}

impl Confirm {
    pub fn new(title: impl Into<String>, verb: impl Into<String>, action: Mutation) -> Confirm {
        Confirm {
            title: title.into(),
            verb: verb.into(),
            lines: Vec::new(),
            listing: None,
            word: None,
            word_is: String::new(),
            input: Input::default(),
            action,
            message: None,
            pending: None,
        }
    }

    pub fn line(mut self, line: impl Into<String>) -> Confirm {
        self.lines.push(line.into());
        self
    }

    /// Asks for `word` to be typed exactly; `what` names it in the prompt.
    pub fn typing(mut self, what: impl Into<String>, word: impl Into<String>) -> Confirm {
        self.word_is = what.into();
        self.word = Some(word.into());
        self
    }

    pub fn listing(
        mut self,
        heading: impl Into<String>,
        resource: Resource,
        describe: fn(&ResourceData) -> Vec<String>,
    ) -> Confirm {
        self.listing = Some(Listing {
            heading: heading.into(),
            resource,
            describe,
            items: None,
            error: None,
        });
        self
    }

    /// Fills the listing from loaded data (or records why it could not load).
    pub fn fill(&mut self, resource: &Resource, data: Result<&ResourceData, &ApiError>) {
        if let Some(listing) = &mut self.listing
            && &listing.resource == resource
        {
            match data {
                Ok(data) => listing.items = Some((listing.describe)(data)),
                Err(error) => listing.error = Some(error.to_string()),
            }
        }
    }

    pub fn edit(&mut self, event: &Event) {
        if self.word.is_some() && self.input.handle_event(event).is_some_and(|c| c.value) {
            self.message = None;
        }
    }

    /// The write to send when everything asked for is there; otherwise says what is missing.
    /// `by_enter` tells Enter from `y`: without a word to type, only `y` confirms.
    pub fn accept(&mut self, id: RequestId, by_enter: bool) -> Option<Mutation> {
        if self.pending.is_some() {
            return None;
        }
        let missing = match (&self.word, &self.listing) {
            (_, Some(l)) if l.items.is_none() && l.error.is_none() => {
                Some("still loading what goes with it…".to_string())
            }
            (Some(word), _) if self.input.value() != word => {
                Some(if self.input.value().is_empty() {
                    format!("type {} to confirm", self.word_is)
                } else {
                    format!("{} does not match; type it exactly", self.word_is)
                })
            }
            (None, _) if by_enter => Some(format!("press y to {}, Esc to keep it", self.verb)),
            _ => None,
        };
        if missing.is_some() {
            self.message = missing;
            return None;
        }
        self.message = None;
        self.pending = Some(id);
        Some(self.action.clone())
    }

    pub fn failed(&mut self, error: &ApiError) {
        self.pending = None;
        self.message = Some(format!("{} failed: {error}", self.verb));
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn typed(confirm: &mut Confirm, text: &str) {
        for c in text.chars() {
            confirm.edit(&Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
    }

    fn delete() -> Mutation {
        Mutation::DeleteOrganization { org: "o1".into() }
    }

    #[test]
    fn only_the_exact_word_confirms() {
        let mut confirm = Confirm::new("Delete", "delete", delete()).typing("the name", "Acme AB");
        assert_eq!(confirm.accept(1, true), None);
        assert!(confirm.message.as_deref().unwrap().contains("type"));
        typed(&mut confirm, "acme ab");
        assert_eq!(confirm.accept(2, true), None);
        assert!(
            confirm
                .message
                .as_deref()
                .unwrap()
                .contains("does not match")
        );
        confirm.input = "Acme AB".to_string().into();
        assert_eq!(confirm.accept(3, true), Some(delete()));
        assert_eq!(confirm.accept(4, true), None, "one write at a time");
    }

    #[test]
    fn without_a_word_enter_explains_and_y_confirms_once_listed() {
        let subs = Resource::Subscriptions {
            org: "o".into(),
            service: "s".into(),
        };
        let mut confirm = Confirm::new("Remove", "remove", delete()).listing(
            "Subscriptions",
            subs.clone(),
            |_| vec!["one".into()],
        );
        assert_eq!(
            confirm.accept(1, false),
            None,
            "not before the listing loaded"
        );
        confirm.fill(&subs, Ok(&ResourceData::Subscriptions(vec![])));
        assert_eq!(
            confirm.listing.as_ref().unwrap().items.as_deref(),
            Some(&["one".to_string()][..])
        );
        assert_eq!(confirm.accept(2, true), None);
        assert!(confirm.message.as_deref().unwrap().contains("press y"));
        assert_eq!(confirm.accept(3, false), Some(delete()));
    }
}
