//! `E` (issue 14): the list as it shows — filter, sort and columns — written to CSV or JSON at
//! the path typed, off the UI thread, with the outcome in the status bar; a path that cannot
//! be written says why and keeps the prompt with the path in it.

use std::path::Path;

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::app::App;

const COLUMNS: [&str; 6] = [
    "Display name",
    "Username",
    "E-mail",
    "Role",
    "Last access",
    "Activity",
];

/// Acme's users, filtered to the three organization users and sorted by name, descending.
fn filtered_users(read_only: bool) -> App {
    let mut app = users_screen_as(read_only);
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "organization user");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('O'));
    app
}

/// `E`, the suggested path cleared, `path` typed, Enter; then ticks until the answer shows.
fn export_to(app: &mut App, path: &Path) -> String {
    press(app, KeyCode::Char('E'));
    let prompt = render_at(app, 160, 30);
    assert!(prompt.contains("Export what the list shows"), "{prompt}");
    assert!(prompt.contains("./users-"), "a path is suggested: {prompt}");
    for _ in 0..80 {
        press(app, KeyCode::Backspace);
    }
    keys(app, path.to_str().unwrap());
    press(app, KeyCode::Enter);
    for _ in 0..500 {
        app.tick();
        let screen = render_at(app, 160, 30);
        if screen.contains("exported ") || screen.contains("cannot write") {
            return screen;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("no answer from the export");
}

#[test]
fn csv_export_writes_exactly_the_filtered_sorted_rows_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.csv");
    let mut app = filtered_users(false);
    let shown = render(&app);
    assert!(shown.contains("3 of 5"), "{shown}");
    let screen = export_to(&mut app, &path);
    assert!(
        screen.contains(&format!("exported 3 rows to {}", path.display())),
        "{screen}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], COLUMNS.join(","));
    assert_eq!(lines.len(), 4, "{text}");
    let names: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    // The hostile name is data: written as the server sent it, escape bytes and all.
    assert_eq!(names, ["Olof Ek", "Nils Holm", HOSTILE]);
}

#[test]
fn json_export_parses_and_read_only_profiles_may_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.json");
    let mut app = filtered_users(true);
    let screen = export_to(&mut app, &path);
    assert!(screen.contains("exported 3 rows"), "{screen}");
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["Display name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Olof Ek", "Nils Holm", HOSTILE]);
    let keys: Vec<&String> = rows[0].keys().collect();
    assert_eq!(keys.len(), COLUMNS.len());
    assert_eq!(rows[0]["E-mail"], "olof@acme.se");
}

#[test]
fn a_path_that_cannot_be_written_says_why_and_keeps_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("users.csv");
    let mut app = filtered_users(false);
    let screen = export_to(&mut app, &path);
    assert!(
        screen.contains(&format!("cannot write {}", path.display())),
        "{screen}"
    );
    assert!(
        screen.contains("Export what the list shows"),
        "the prompt is back: {screen}"
    );
    assert!(
        screen.contains("users.csv"),
        "with the path typed: {screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(!render(&app).contains("Export what the list shows"));
    assert!(!path.exists());
}

#[test]
fn colon_export_in_the_palette_opens_the_same_prompt_as_e() {
    let mut app = filtered_users(false);
    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "export");
    press(&mut app, KeyCode::Enter);
    assert!(render(&app).contains("Export what the list shows"));
}
