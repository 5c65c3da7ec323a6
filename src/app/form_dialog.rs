//! A form on screen with what it is for. Any screen opens one with
//! `Ctx::open_form(FormDialog::new(form, purpose))`; the app then handles every form alike:
//! keys, local validation as you type, submit (once at a time), the saving state, server
//! errors mapped back onto the fields with a summary, retry (Enter again, input kept) and the
//! discard question on Esc.
//!
//! A [`FormPurpose`] is the only part a screen writes: it checks the values with the rules the
//! server applies and turns them into the [`Mutation`] to send.

use std::fmt::Debug;

use ratatui::crossterm::event::Event;

use crate::api::{ApiError, Mutation, RequestId, Resource, ResourceData};
use crate::domain::FieldErrors;

use super::choice_picker::{ChoicePicker, Picked};
use super::commands::CommandId;
use super::form::{FieldKind, Form};
use super::hierarchy::conflict::{Conflict, Resolution, Resolved};

/// What a form does on submit.
pub trait FormPurpose: Debug + Send {
    /// Checks the current values: errors by field key (the same keys the server uses), plus
    /// messages that belong to no field. May also set field notes.
    fn validate(&self, form: &mut Form) -> (FieldErrors, Vec<String>);

    /// The write for valid values.
    fn mutation(&self, form: &Form) -> Mutation;

    /// Whether the values go back to the screen below (a bulk preview that needs them for every
    /// item) instead of being sent: submitting then closes the form and nothing is written.
    fn fills_a_preview(&self) -> bool {
        false
    }

    /// The field a server business-error message is about, when the purpose can tell (a
    /// business error carries no field name).
    fn business_field(&self, _message: &str) -> Option<String> {
        None
    }

    /// A save failed (after the form said so): a purpose that wants the record read again
    /// (a stale save, for the conflict view) names it, and may change the form's message.
    fn failed(&mut self, _error: &ApiError, _form: &mut Form) -> Option<Resource> {
        None
    }

    /// Something loaded (or failed to) while the form is open.
    fn loaded(&mut self, _resource: &Resource, _data: Result<&ResourceData, &ApiError>) {}

    /// The conflict view to show over the form, when a save was refused as stale.
    fn conflict(&self) -> Option<&Conflict> {
        None
    }

    /// The user's choice in the conflict view.
    fn resolve(&mut self, _choice: Resolution, _form: &mut Form) -> Resolved {
        Resolved::Keep
    }
}

#[derive(Debug)]
pub struct FormDialog {
    pub form: Form,
    pub purpose: Box<dyn FormPurpose>,
    /// The id of the write in flight.
    pub pending: Option<RequestId>,
    /// The list of the focused choice field, open to pick from (a long one: `Space`), or of
    /// the focused field's suggestions (`Ctrl-Space`).
    pub picker: Option<ChoicePicker>,
    /// What the open list is of.
    listing: Listing,
}

/// What the open list's options are.
#[derive(Debug, Default)]
enum Listing {
    /// The focused choice field's options.
    #[default]
    Choice,
    /// The focused field's suggestions: picking one writes its value (a country's code).
    Suggestions(Vec<&'static str>),
}

impl FormDialog {
    pub fn new(form: Form, purpose: impl FormPurpose + 'static) -> FormDialog {
        let mut dialog = FormDialog {
            form,
            purpose: Box::new(purpose),
            pending: None,
            picker: None,
            listing: Listing::Choice,
        };
        // Errors stay hidden until a field is touched; this sets the notes and the error state.
        dialog.revalidate();
        dialog
    }

    /// An editing key: applied to the focused field, then everything is re-checked.
    pub fn handle_key(&mut self, event: &Event) {
        if let Some(picker) = &mut self.picker {
            picker.edit(event);
        } else if self.form.handle_key(event) {
            self.revalidate();
        }
    }

    /// `Space` on the focused field: a toggle flips and a short choice moves on; a long
    /// choice opens its list to pick from.
    pub fn toggle(&mut self) {
        let long = self
            .form
            .focused()
            .filter(|f| !f.disabled)
            .and_then(|f| match &f.kind {
                FieldKind::Choice(options) if ChoicePicker::wanted(options.len()) => {
                    Some(ChoicePicker::new(&f.label, options, Some(f.choice)))
                }
                _ => None,
            });
        match long {
            Some(picker) => {
                self.picker = Some(picker);
                self.listing = Listing::Choice;
            }
            None if self.form.cycle(1) => self.revalidate(),
            None => {}
        }
    }

    /// Whether the focused field has suggestions to list (`Ctrl-Space`).
    pub fn lists_suggestions(&self) -> bool {
        (self.form.focused()).is_some_and(|f| !f.disabled && f.completer.is_some())
    }

    /// `Ctrl-Space` on a field with suggestions (a country): every one of them in a list to
    /// type in and pick from, narrowed by what the field holds unless it is one already.
    pub fn list_suggestions(&mut self) {
        let Some(field) = self.form.focused().filter(|_| self.lists_suggestions()) else {
            return;
        };
        let Some(complete) = field.completer else {
            return;
        };
        let all = complete("");
        let typed = field.input.value().trim();
        let current = (all.iter()).position(|(value, _)| value.eq_ignore_ascii_case(typed));
        let options: Vec<String> = (all.iter())
            .map(|(value, label)| format!("{value}  {label}"))
            .collect();
        let mut picker = ChoicePicker::new(&field.label, &options, current);
        if current.is_none() && !typed.is_empty() {
            picker = picker.typed(typed);
        }
        self.picker = Some(picker);
        self.listing = Listing::Suggestions(all.into_iter().map(|(value, _)| value).collect());
    }

    /// A command of the open choice list: move in it, take the option (the field changes,
    /// nothing is sent) or close it.
    pub fn choice_command(&mut self, id: CommandId) {
        let Some(picker) = &mut self.picker else {
            return;
        };
        match picker.command(id) {
            Picked::Stay => {}
            Picked::Close => self.picker = None,
            Picked::Take(chosen) => {
                self.picker = None;
                let changed = match (chosen, std::mem::take(&mut self.listing)) {
                    (Some(chosen), Listing::Choice) => self.form.choose(chosen),
                    (Some(chosen), Listing::Suggestions(values)) => {
                        values.get(chosen).is_some_and(|v| self.form.set_text(v))
                    }
                    (None, _) => false,
                };
                if changed {
                    self.revalidate();
                }
            }
        }
    }

    /// Re-checks every field with the purpose's rules (after each edit).
    pub fn revalidate(&mut self) {
        let (mut fields, business) = self.purpose.validate(&mut self.form);
        let mut loose = Vec::new();
        for message in business {
            match self.purpose.business_field(&message) {
                Some(key) => fields.add(&key, message),
                None => loose.push(message),
            }
        }
        loose.extend(self.form.set_errors(&fields));
        if !loose.is_empty() {
            self.form.message = Some(loose.join("; "));
        }
    }

    /// Validates and, when clean, returns the write to send. An invalid form sends nothing and
    /// shows every error; a form already saving sends nothing either.
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
        Some(self.purpose.mutation(&self.form))
    }

    /// The write failed: keep everything typed and say why, where it belongs. Returns what
    /// the purpose wants read again (the record a stale save was refused for).
    pub fn failed(&mut self, error: &ApiError) -> Option<Resource> {
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
                    match self.purpose.business_field(&e.error_message) {
                        Some(key) => fields.add(&key, e.error_message.clone()),
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
        self.purpose.failed(error, &mut self.form)
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    use super::*;
    use crate::app::form::Field;

    #[derive(Debug)]
    struct Picked;

    impl FormPurpose for Picked {
        fn validate(&self, _form: &mut Form) -> (FieldErrors, Vec<String>) {
            (FieldErrors::default(), Vec::new())
        }

        fn mutation(&self, _form: &Form) -> Mutation {
            Mutation::DeleteOrganization { org: "o".into() }
        }
    }

    fn dialog(options: usize) -> FormDialog {
        let options = (1..=options).map(|n| format!("Country {n:02}")).collect();
        let fields = vec![Field::choice("Country", "Country", options, 0)];
        FormDialog::new(Form::new("t", fields), Picked)
    }

    #[test]
    fn space_on_a_long_choice_opens_its_list_and_enter_takes_what_was_typed_for() {
        let mut form = dialog(30);
        form.toggle();
        assert!(form.picker.is_some(), "30 options are picked, not cycled");
        for c in "country 17".chars() {
            form.handle_key(&Event::Key(KeyEvent::from(KeyCode::Char(c))));
        }
        assert_eq!(form.form.fields[0].choice, 0, "typing changes nothing yet");
        form.choice_command(CommandId::ChoicePick);
        assert!(form.picker.is_none());
        assert_eq!(form.form.fields[0].choice, 16);
        assert!(form.form.is_dirty());

        form.toggle();
        form.choice_command(CommandId::ChoiceDown);
        form.choice_command(CommandId::ChoiceCancel);
        assert_eq!(form.form.fields[0].choice, 16, "Esc keeps the choice");

        let mut short = dialog(3);
        short.toggle();
        assert!(short.picker.is_none());
        assert_eq!(short.form.fields[0].choice, 1, "a short choice moves on");
    }
}
