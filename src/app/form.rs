//! A reusable form: labelled fields (text, masked secret, toggle, choice) edited with tui-input,
//! focus movement, inline errors from the same rules the server applies, server errors mapped
//! back onto fields, and "did anything change" for the discard question. Fields can be disabled
//! (skipped by focus, not editable) and can offer completions (`→` at the end of the text takes
//! the first one). A secret field's value never shows in `{:?}` output.
//!
//! The form knows nothing about what it edits; a [`FormPurpose`](super::form_dialog::FormPurpose)
//! builds the fields, validates and turns the values into a write (see `form_dialog.rs`).
//! Keys and labels are strings, so fields can come from server data (custom properties).

use ratatui::crossterm::event::{Event, KeyCode};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::domain::FieldErrors;

use super::form_messages;

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    /// Drawn masked; otherwise a text field.
    Secret,
    Toggle,
    /// One of a fixed list of labels.
    Choice(Vec<String>),
}

/// Suggestions for what has been typed so far: `(value, description)`, best first.
pub type Completer = fn(&str) -> Vec<(&'static str, &'static str)>;

#[derive(Clone)]
pub struct Field {
    /// The property path the validation rules and the server use (`Contact.Email`).
    pub key: String,
    pub label: String,
    pub required: bool,
    pub kind: FieldKind,
    pub input: Input,
    pub on: bool,
    pub choice: usize,
    /// From the local rules, refreshed on every edit.
    pub error: Option<String>,
    /// From the server's last answer; cleared once the user edits the field.
    pub server_error: Option<String>,
    /// A helpful remark shown when there is no error (the country a code stands for).
    pub note: Option<String>,
    /// Shown but not editable and skipped by Tab (a password while one is generated).
    pub disabled: bool,
    pub completer: Option<Completer>,
    touched: bool,
}

/// Written by hand so a secret's value (or even its length) never reaches a log or a panic.
impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Field");
        d.field("key", &self.key).field("kind", &self.kind);
        match self.kind {
            FieldKind::Secret => d.field("input", &"[redacted]"),
            _ => d.field("input", &self.input.value()),
        };
        d.field("on", &self.on)
            .field("choice", &self.choice)
            .field("error", &self.error)
            .field("server_error", &self.server_error)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

impl Field {
    pub fn text(key: impl Into<String>, label: impl Into<String>) -> Field {
        Field {
            key: key.into(),
            label: label.into(),
            required: false,
            kind: FieldKind::Text,
            input: Input::default(),
            on: false,
            choice: 0,
            error: None,
            server_error: None,
            note: None,
            disabled: false,
            completer: None,
            touched: false,
        }
    }

    pub fn secret(key: impl Into<String>, label: impl Into<String>) -> Field {
        Field {
            kind: FieldKind::Secret,
            ..Field::text(key, label)
        }
    }

    pub fn toggle(key: impl Into<String>, label: impl Into<String>, on: bool) -> Field {
        Field {
            kind: FieldKind::Toggle,
            on,
            ..Field::text(key, label)
        }
    }

    pub fn choice(
        key: impl Into<String>,
        label: impl Into<String>,
        options: Vec<String>,
        selected: usize,
    ) -> Field {
        Field {
            kind: FieldKind::Choice(options),
            choice: selected,
            ..Field::text(key, label)
        }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    pub fn with_value(mut self, value: &str) -> Field {
        self.input = Input::new(value.to_string());
        self
    }

    pub fn completing(mut self, completer: Completer) -> Field {
        self.completer = Some(completer);
        self
    }

    pub fn is_text(&self) -> bool {
        matches!(self.kind, FieldKind::Text | FieldKind::Secret)
    }

    /// What the form compares to tell whether it changed. A secret is never prefilled, so
    /// "something typed" is all that is kept of it.
    fn value(&self) -> Value {
        match self.kind {
            FieldKind::Text => Value::Text(self.input.value().to_string()),
            FieldKind::Secret => Value::Secret(!self.input.value().is_empty()),
            FieldKind::Toggle => Value::Bool(self.on),
            FieldKind::Choice(_) => Value::Choice(self.choice),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Secret(bool),
    Bool(bool),
    Choice(usize),
}

/// Server keys may carry a prefix (`input.Contact.Email`) or camelCase (`contact.email`).
fn key_matches(field: &str, server: &str) -> bool {
    let (field, server) = (field.to_ascii_lowercase(), server.to_ascii_lowercase());
    server == field || server.ends_with(&format!(".{field}"))
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    initial: Vec<Value>,
    /// A form-level message: business errors, network failures, unmatched server fields.
    pub message: Option<String>,
    /// A submit was attempted: every error shows, with a summary.
    pub submitted: bool,
    /// A request is in flight.
    pub saving: bool,
    /// Esc was pressed on a changed form; the discard question is showing.
    pub confirm_discard: bool,
}

impl Form {
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        let initial = fields.iter().map(Field::value).collect();
        Form {
            title: title.into(),
            fields,
            focus: 0,
            initial,
            message: None,
            submitted: false,
            saving: false,
            confirm_discard: false,
        }
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn text(&self, key: &str) -> &str {
        self.field(key).map_or("", |f| f.input.value())
    }

    pub fn is_on(&self, key: &str) -> bool {
        self.field(key).is_some_and(|f| f.on)
    }

    pub fn choice(&self, key: &str) -> usize {
        self.field(key).map_or(0, |f| f.choice)
    }

    pub fn is_dirty(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, v)| f.value() != *v)
    }

    pub fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focus_next(&mut self) {
        self.step_focus(1);
    }

    pub fn focus_prev(&mut self) {
        self.step_focus(-1);
    }

    /// Moves the focus by one in `direction`, over disabled fields.
    fn step_focus(&mut self, direction: isize) {
        let n = self.fields.len().max(1) as isize;
        let mut at = self.focus as isize;
        for _ in 0..n {
            at = (at + direction).rem_euclid(n);
            if !self.fields.get(at as usize).is_some_and(|f| f.disabled) {
                break;
            }
        }
        self.focus = at as usize;
    }

    /// Enables or disables a field; a disabled field loses its value (and the focus).
    pub fn set_disabled(&mut self, key: &str, disabled: bool) {
        let Some(index) = self.fields.iter().position(|f| f.key == key) else {
            return;
        };
        let field = &mut self.fields[index];
        field.disabled = disabled;
        if disabled {
            field.input.reset();
            field.server_error = None;
            if self.focus == index {
                self.focus_next();
            }
        }
    }

    /// Completions for the focused field's text (none once it is exactly a suggestion).
    pub fn completions(&self) -> Vec<(&'static str, &'static str)> {
        let Some((field, complete)) = self
            .focused()
            .and_then(|f| f.completer.map(|c| (f, c)))
            .filter(|(f, _)| !f.disabled && !f.input.value().trim().is_empty())
        else {
            return Vec::new();
        };
        let typed = field.input.value().trim();
        let found = complete(typed);
        if found
            .first()
            .is_some_and(|(value, _)| value.eq_ignore_ascii_case(typed))
        {
            return Vec::new();
        }
        found
    }

    /// `→` at the end of a field with completions takes the first one.
    fn accept_completion(&mut self) -> bool {
        let Some(&(value, _)) = self.completions().first() else {
            return false;
        };
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        if field.input.cursor() < field.input.value().chars().count() {
            return false;
        }
        field.input = Input::new(value.to_string());
        self.edited();
        true
    }

    fn edited(&mut self) {
        let field = &mut self.fields[self.focus];
        field.touched = true;
        field.server_error = None;
    }

    /// Feeds a key to the focused text field; returns whether its value changed.
    pub fn edit(&mut self, event: &Event) -> bool {
        let Some(field) = self
            .fields
            .get_mut(self.focus)
            .filter(|f| f.is_text() && !f.disabled)
        else {
            return false;
        };
        let changed = field.input.handle_event(event).is_some_and(|c| c.value);
        if changed {
            self.edited();
        }
        changed
    }

    /// A key the registry did not claim: text editing in a text field, ←/→ on a toggle or
    /// choice. Returns whether a value changed.
    pub fn handle_key(&mut self, event: &Event) -> bool {
        let Event::Key(key) = event else {
            return false;
        };
        match (self.focused().map(Field::is_text), key.code) {
            (Some(true), KeyCode::Right) if self.accept_completion() => true,
            (Some(true), _) => self.edit(event),
            (Some(false), KeyCode::Left) => self.cycle(-1),
            (Some(false), KeyCode::Right) => self.cycle(1),
            _ => false,
        }
    }

    /// Sets the focused choice field to option `chosen`; returns whether a value changed.
    pub fn choose(&mut self, chosen: usize) -> bool {
        let Some(field) = self.fields.get_mut(self.focus).filter(|f| !f.disabled) else {
            return false;
        };
        match &field.kind {
            FieldKind::Choice(options) if chosen < options.len() && field.choice != chosen => {
                field.choice = chosen;
            }
            _ => return false,
        }
        self.edited();
        true
    }

    /// Puts `text` in the focused text field (a suggestion picked from its list); returns
    /// whether it changed.
    pub fn set_text(&mut self, text: &str) -> bool {
        let Some(field) = self.fields.get_mut(self.focus).filter(|f| !f.disabled) else {
            return false;
        };
        if field.input.value() == text {
            return false;
        }
        field.input = Input::new(text.to_string());
        self.edited();
        true
    }

    /// Flips a toggle or moves a choice by `step`; returns whether a value changed.
    pub fn cycle(&mut self, step: isize) -> bool {
        let Some(field) = self.fields.get_mut(self.focus).filter(|f| !f.disabled) else {
            return false;
        };
        match &field.kind {
            FieldKind::Toggle => field.on = !field.on,
            FieldKind::Choice(options) if !options.is_empty() => {
                let n = options.len() as isize;
                field.choice = (field.choice as isize + step).rem_euclid(n) as usize;
            }
            _ => return false,
        }
        self.edited();
        true
    }

    /// Replaces the local errors (in the form's words, see `form_messages`); errors for keys
    /// without a field are returned.
    pub fn set_errors(&mut self, errors: &FieldErrors) -> Vec<String> {
        for field in &mut self.fields {
            field.error = None;
        }
        self.place(errors, form_messages::local, |field, message| {
            field.error = Some(message)
        })
    }

    /// Puts a server's 400 dictionary on the fields; messages without a field are returned.
    pub fn set_server_errors(&mut self, errors: &FieldErrors) -> Vec<String> {
        self.place(
            errors,
            |fields, _, message| form_messages::server(fields, message),
            |field, message| field.server_error = Some(message),
        )
    }

    fn place(
        &mut self,
        errors: &FieldErrors,
        words: impl Fn(&[Field], usize, &str) -> String,
        mut put: impl FnMut(&mut Field, String),
    ) -> Vec<String> {
        let mut unmatched = Vec::new();
        for (key, messages) in &errors.0 {
            match self.fields.iter().position(|f| key_matches(&f.key, key)) {
                Some(index) => {
                    let said: Vec<String> = messages
                        .iter()
                        .map(|m| words(&self.fields, index, m))
                        .collect();
                    put(&mut self.fields[index], said.join(" "));
                }
                None => unmatched.push(format!("{key}: {}", messages.join(" "))),
            }
        }
        unmatched
    }

    /// The error shown next to a field: the server's until edited, the rules' once the field was
    /// touched or a submit was tried (a fresh form does not open covered in red).
    pub fn visible_error(&self, index: usize) -> Option<&str> {
        let field = self.fields.get(index)?;
        field.server_error.as_deref().or_else(|| {
            (field.touched || self.submitted)
                .then_some(field.error.as_deref())
                .flatten()
        })
    }

    /// `(label, message)` for every visible error, in field order.
    pub fn error_summary(&self) -> Vec<(&str, &str)> {
        (0..self.fields.len())
            .filter_map(|i| {
                self.visible_error(i)
                    .map(|e| (self.fields[i].label.as_str(), e))
            })
            .collect()
    }

    pub fn has_errors(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.error.is_some() || f.server_error.is_some())
    }

    /// Focuses the first field with an error, so the user lands where the work is.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = (0..self.fields.len()).find(|&i| self.visible_error(i).is_some()) {
            self.focus = i;
        }
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
