//! Writes from the Pulse console's hierarchy screen, checked through the Pulse API: a new
//! child, an edit, a move, a delete (and one refused up front), a save that meets a change
//! made behind the console's back (the conflict view, then "overwrite with mine"), and a bulk
//! status change of marked organizations.

use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

use crate::hierarchy::{Console, selected_line};

/// The organization `id` as the API has it.
async fn org(console: &Console, id: &str) -> Option<Value> {
    let (status, body) = console.raw.get(&format!("/api/organizations/{id}")).await;
    status.is_success().then_some(body)
}

/// The organization named `name` below `parent`, as the API has it (demo names repeat
/// across campuses).
async fn child_named(console: &Console, parent: &str, name: &str) -> Option<Value> {
    let all = console.raw.all_orgs().await;
    all.into_iter()
        .find(|o| o["name"] == name && o["parentId"] == parent)
}

/// Selects the row `name` and waits for its record: its id.
async fn select_id(console: &mut Console, name: &str) -> String {
    console.select(name);
    console
        .run_until(|c| !c.detail("Update version").is_empty() && c.detail("Name") == name)
        .await;
    console.detail("Id")
}

/// Opens the first tenant and its first campus (Aurora Smart Buildings › Amsterdam Zuidas
/// Campus › Tower A, Tower B).
fn open_amsterdam(console: &mut Console) {
    console.key(KeyCode::Char('l'));
    console.key(KeyCode::Down);
    console.key(KeyCode::Char('l'));
}

/// Replaces the text of the focused field.
fn retype(console: &mut Console, text: &str) {
    console.key(KeyCode::End);
    for _ in 0..80 {
        console.key(KeyCode::Backspace);
    }
    console.keys(text);
}

#[tokio::test]
async fn a_new_child_is_created_below_the_selection_and_selected() {
    let mut console = Console::start().await;
    open_amsterdam(&mut console);
    let tower = select_id(&mut console, "Tower B").await;
    console.key(KeyCode::Char('n'));
    // Saving without a name says what is missing and sends nothing.
    console.key(KeyCode::Enter);
    assert!(console.screen().contains("The Name field is required."));
    console.keys("Floor 9");
    console.key(KeyCode::Enter);
    console.until_shown("created organization Floor 9").await;
    console
        .run_until(|c| selected_line(&c.screen()).contains("Floor 9"))
        .await;
    let created = child_named(&console, &tower, "Floor 9")
        .await
        .expect("created");
    assert_eq!(created["status"], "ACTIVE");
    assert_eq!(console.detail("Id"), created["id"].as_str().unwrap());
}

#[tokio::test]
async fn an_edit_and_a_move_are_saved_and_a_leaf_is_deleted_by_its_name() {
    let mut console = Console::start().await;
    open_amsterdam(&mut console);
    let tower = select_id(&mut console, "Tower B").await;
    console.key(KeyCode::Char('e'));
    retype(&mut console, "Tower B East");
    console.key(KeyCode::Tab);
    console.key(KeyCode::Char(' ')); // ACTIVE → INACTIVE
    console.key(KeyCode::Enter);
    console.until_shown("saved organization Tower B East").await;
    let edited = org(&console, &tower).await.unwrap();
    assert_eq!(edited["name"], "Tower B East");
    assert_eq!(edited["status"], "INACTIVE");

    // Move it below Berlin Mitte Campus through the picker and the move's save.
    console.settle().await;
    console.select("Tower B East");
    console.key(KeyCode::Char('m'));
    console.keys("berlin mitte");
    console.key(KeyCode::Enter);
    console.until_shown("New parent").await;
    console.key(KeyCode::Enter);
    console
        .until_shown("moved Tower B East to Berlin Mitte Campus")
        .await;
    let moved = org(&console, &tower).await.unwrap();
    console
        .run_until(|c| selected_line(&c.screen()).contains("Tower B East"))
        .await;
    // The record read again after the write names the new parent.
    console
        .run_until(|c| c.detail("Parent") == "Berlin Mitte Campus")
        .await;
    let berlin = moved["parentId"].as_str().unwrap().to_string();

    // An organization with children is refused up front; a leaf goes once its name is typed.
    console.key(KeyCode::Char('d'));
    assert!(
        console.screen().contains("delete or move those first"),
        "{}",
        console.screen()
    );
    let leaf = console.raw.create_child(&berlin, "Spare Room").await;
    console.key(KeyCode::Char('r'));
    console.settle().await;
    console.select("Spare Room");
    console.key(KeyCode::Char('d'));
    console.key(KeyCode::Enter);
    assert!(org(&console, &leaf).await.is_some(), "not before the name");
    console.keys("Spare Room");
    console.key(KeyCode::Enter);
    console.until_shown("deleted organization Spare Room").await;
    let (status, _) = console.raw.get(&format!("/api/organizations/{leaf}")).await;
    assert_eq!(status, reqwest::StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_save_after_a_change_behind_the_back_shows_theirs_and_overwrites_with_mine() {
    let mut console = Console::start().await;
    open_amsterdam(&mut console);
    let tower = select_id(&mut console, "Tower A").await;
    console.key(KeyCode::Char('e'));
    retype(&mut console, "Tower A (mine)");
    // Someone renames it meanwhile.
    let body = json!({"id": tower, "name": "Tower A (theirs)", "status": "INACTIVE"});
    let (status, answer) = console
        .raw
        .put(&format!("/api/organizations/{tower}"), &body)
        .await;
    assert!(status.is_success(), "{answer}");
    console.key(KeyCode::Enter);
    console.until_shown("Changed on the server meanwhile").await;
    console.until_shown("Tower A (theirs)").await;
    insta::assert_snapshot!("hierarchy_conflict", console.screen());
    // Nothing typed is lost: overwriting sends mine, made from their version.
    console.key(KeyCode::Char('o'));
    console
        .until_shown("saved organization Tower A (mine)")
        .await;
    let saved = org(&console, &tower).await.unwrap();
    assert_eq!(saved["name"], "Tower A (mine)", "mine won");
    assert_eq!(saved["status"], "ACTIVE");
}

#[tokio::test]
async fn taking_theirs_fills_the_form_with_the_server_values() {
    let mut console = Console::start().await;
    open_amsterdam(&mut console);
    let tower = select_id(&mut console, "Tower A").await;
    console.key(KeyCode::Char('e'));
    retype(&mut console, "Mine");
    let body = json!({"id": tower, "name": "Theirs", "status": "ACTIVE"});
    console
        .raw
        .put(&format!("/api/organizations/{tower}"), &body)
        .await;
    console.key(KeyCode::Enter);
    console.until_shown("Theirs").await;
    console.key(KeyCode::Char('t'));
    let screen = console.screen();
    assert!(
        screen.contains("the form now holds the server's values"),
        "{screen}"
    );
    assert!(
        !screen.contains("Changed on the server meanwhile"),
        "{screen}"
    );
    // Saving now goes through: it is made from their version.
    retype(&mut console, "Theirs, then mine");
    console.key(KeyCode::Enter);
    console
        .until_shown("saved organization Theirs, then mine")
        .await;
    assert_eq!(
        org(&console, &tower).await.unwrap()["name"],
        "Theirs, then mine"
    );
}

#[tokio::test]
async fn marked_organizations_are_set_inactive_in_one_previewed_run() {
    let mut console = Console::start().await;
    open_amsterdam(&mut console);
    let a = select_id(&mut console, "Tower A").await;
    console.key(KeyCode::Char(' '));
    let b = select_id(&mut console, "Tower B").await;
    console.key(KeyCode::Char(' '));
    assert_eq!(console.app.marked_count(), 2);
    console.key(KeyCode::Char('x'));
    // The preview shows INACTIVE first (c would show ACTIVE).
    console.until_shown("set organizations inactive").await;
    console.key(KeyCode::Char('y'));
    console
        .run_until(|c| c.screen().contains("every item succeeded"))
        .await;
    for id in [a, b] {
        assert_eq!(org(&console, &id).await.unwrap()["status"], "INACTIVE");
    }
    // Back on the hierarchy, the reload shows it.
    console.key(KeyCode::Esc);
    console.settle().await;
    console.select("Tower A");
    assert!(selected_line(&console.screen()).contains("INACTIVE"));
}

#[tokio::test]
async fn marked_organizations_move_together_and_those_the_rules_refuse_are_listed() {
    let mut console = Console::start().await;
    open_amsterdam(&mut console);
    let a = select_id(&mut console, "Tower A").await;
    console.key(KeyCode::Char(' '));
    let b = select_id(&mut console, "Tower B").await;
    console.key(KeyCode::Char(' '));
    // A root tenant, marked too, is listed as not possible.
    console.select("Aurora Smart Buildings");
    console.key(KeyCode::Char(' '));
    assert_eq!(console.app.marked_count(), 3);
    console.key(KeyCode::Char('M'));
    console.keys("berlin mitte");
    console.key(KeyCode::Enter);
    console
        .until_shown("move organizations to Berlin Mitte Campus")
        .await;
    let screen = console.screen();
    assert!(screen.contains("a root tenant stays a root"), "{screen}");
    console.key(KeyCode::Char('y'));
    console
        .run_until(|c| c.screen().contains("every item succeeded"))
        .await;
    for id in [a, b] {
        let moved = org(&console, &id).await.unwrap();
        let parent = org(&console, moved["parentId"].as_str().unwrap())
            .await
            .unwrap();
        assert_eq!(parent["name"], "Berlin Mitte Campus");
    }
}
