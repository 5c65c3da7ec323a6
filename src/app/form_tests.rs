//! Unit tests of the form model: editing, focus, disabled fields, completions, errors and the
//! redacted `Debug` of secrets.

use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

use super::*;

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn form() -> Form {
    Form::new(
        "t",
        vec![
            Field::text("Name", "Name").required(),
            Field::secret("Password", "Password"),
            Field::toggle("IsActive", "Active", true),
            Field::choice("Mfa", "MFA", vec!["Email".into(), "SMS".into()], 0),
        ],
    )
}

#[test]
fn edits_go_to_the_focused_text_field_and_make_it_dirty() {
    let mut form = form();
    assert!(!form.is_dirty());
    assert!(form.edit(&key('a')));
    assert_eq!(form.text("Name"), "a");
    assert!(form.is_dirty());
    assert!(form.edit(&Event::Key(KeyEvent::new(
        KeyCode::Backspace,
        KeyModifiers::NONE
    ))));
    assert!(!form.is_dirty(), "back to the initial value");
}

#[test]
fn toggles_and_choices_cycle_but_text_does_not() {
    let mut form = form();
    assert!(!form.cycle(1));
    form.focus = 2;
    assert!(form.cycle(1));
    assert!(!form.is_on("IsActive"));
    form.focus_next();
    assert!(form.cycle(-1));
    assert_eq!(form.choice("Mfa"), 1);
    assert!(!form.edit(&key('x')), "a choice takes no text");
    form.focus_next();
    assert_eq!(form.focus, 0, "focus wraps");
    form.focus_prev();
    assert_eq!(form.focus, 3);
}

#[test]
fn local_errors_show_once_touched_or_submitted() {
    let mut form = form();
    let mut errors = FieldErrors::default();
    errors.add("Name", "The Name field is required.");
    assert!(form.set_errors(&errors).is_empty());
    assert_eq!(form.visible_error(0), None);
    form.submitted = true;
    assert_eq!(form.visible_error(0), Some("The Name field is required."));
    assert_eq!(
        form.error_summary(),
        vec![("Name", "The Name field is required.")]
    );
}

#[test]
fn a_secret_never_shows_in_debug_output() {
    let mut form = form();
    form.focus = 1;
    for c in "Hunter2!xyz".chars() {
        form.edit(&key(c));
    }
    assert!(form.is_dirty());
    let printed = format!("{form:?} {:?}", form.fields[1]);
    assert!(!printed.contains("Hunter2"), "{printed}");
    assert!(printed.contains("[redacted]"));
    assert!(format!("{:?}", form.fields[0]).contains("Name"));
}

#[test]
fn disabled_fields_are_skipped_cleared_and_not_editable() {
    let mut form = form();
    form.focus = 1;
    form.edit(&key('x'));
    form.set_disabled("Password", true);
    assert_eq!(form.text("Password"), "");
    assert_eq!(form.focus, 2, "the focus left the disabled field");
    form.focus = 0;
    form.focus_next();
    assert_eq!(form.focus, 2, "Tab skips it");
    form.focus_prev();
    assert_eq!(form.focus, 0, "so does Shift-Tab");
    form.focus = 1;
    assert!(!form.edit(&key('y')));
    form.set_disabled("Password", false);
    assert!(form.edit(&key('y')));
}

#[test]
fn right_arrow_at_the_end_takes_the_first_completion() {
    fn colours(typed: &str) -> Vec<(&'static str, &'static str)> {
        [("RD", "red"), ("GR", "green")]
            .into_iter()
            .filter(|(c, n)| c.starts_with(typed) || n.starts_with(typed))
            .collect()
    }
    let mut form = Form::new("t", vec![Field::text("C", "Colour").completing(colours)]);
    assert!(form.completions().is_empty(), "nothing typed yet");
    form.edit(&key('g'));
    assert_eq!(form.completions(), vec![("GR", "green")]);
    let right = Event::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    assert!(form.handle_key(&right));
    assert_eq!(form.text("C"), "GR");
    assert!(form.completions().is_empty(), "complete now");
    assert!(!form.handle_key(&right), "→ is a plain cursor key again");
}

#[test]
fn server_keys_match_with_prefix_or_camel_case_and_clear_on_edit() {
    let mut form = form();
    let mut errors = FieldErrors::default();
    errors.add("input.name", "taken");
    errors.add("Unknown", "odd");
    assert_eq!(
        form.set_server_errors(&errors),
        vec!["Unknown: odd".to_string()]
    );
    assert_eq!(form.visible_error(0), Some("taken"));
    form.edit(&key('b'));
    assert_eq!(form.visible_error(0), None);
}
