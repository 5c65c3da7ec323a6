//! `y` and `Y` (issue 14): the selected row's id, or its whole record as JSON, handed to the
//! terminal's clipboard, on the tree and on a pushed screen alike.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

#[test]
fn y_copies_the_selected_organizations_id_and_shift_y_its_record() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.take_clipboard(),
        None,
        "the reseller's row has no record"
    );
    assert!(render(&app).contains("nothing to copy here"));

    select_acme(&mut app);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(app.take_clipboard().as_deref(), Some("o-acme"));
    assert!(render(&app).contains("copied the id o-acme to the clipboard"));

    press(&mut app, KeyCode::Char('Y'));
    let summary: Value = serde_json::from_str(&app.take_clipboard().unwrap()).unwrap();
    assert_eq!(summary["name"], "Acme AB");
    assert!(
        summary.get("vat").is_none(),
        "only the list row is loaded yet"
    );
    serve(&mut app);
    press(&mut app, KeyCode::Char('Y'));
    let full: Value = serde_json::from_str(&app.take_clipboard().unwrap()).unwrap();
    assert_eq!(
        full["vat"], "SE556000123401",
        "the full record once it is in"
    );
}

#[test]
fn a_pushed_screen_copies_its_focused_rows_id_and_cells() {
    let mut app = catalog_screen(false);
    press(&mut app, KeyCode::Char('y'));
    let id = app
        .take_clipboard()
        .expect("the selected E-store service's id");
    assert!(estore().iter().any(|s| s.id == id), "{id}");
    press(&mut app, KeyCode::Char('Y'));
    let row: Value = serde_json::from_str(&app.take_clipboard().unwrap()).unwrap();
    assert!(
        row.as_object().is_some_and(|cells| !cells.is_empty()),
        "{row}"
    );
}
