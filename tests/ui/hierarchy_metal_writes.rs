//! Writes from the Metal console's hierarchy screen over the Metal stand-in, checked through
//! the API: a new organization (a root, from wherever the cursor is) with its address, a
//! half address refused in the form before anything is sent, a project made in the selected
//! organization with the server's 422 landing on its name, renamed and deleted, an
//! organization edited (its form's snapshot; what was not touched stays) and deleted by its
//! typed name, one with projects refused up front, and a read-only profile offered none of it.

use ratatui::crossterm::event::KeyCode;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::hierarchy::{Console, render_at, selected_line};
use crate::hierarchy_metal::{metal_console_as, tall};
use crate::metal_support::Raw;

/// The organization named `name` as the API has it, if the main user sees one.
async fn org_named(console: &Console<Raw>, name: &str) -> Option<Value> {
    let all = console
        .raw
        .all("/organizations?per_page=1000", "organizations");
    all.await.into_iter().find(|o| o["name"] == name)
}

/// Replaces the text of the focused field.
fn retype(console: &mut Console<Raw>, text: &str) {
    console.key(KeyCode::End);
    for _ in 0..120 {
        console.key(KeyCode::Backspace);
    }
    console.keys(text);
}

fn tab(console: &mut Console<Raw>, times: usize) {
    for _ in 0..times {
        console.key(KeyCode::Tab);
    }
}

/// Selects the row `name` and waits for its record: its id.
async fn select_id(console: &mut Console<Raw>, name: &str) -> String {
    console.select(name);
    console
        .run_until(|c| c.detail("Name") == name && !c.detail("Link").is_empty())
        .await;
    console.detail("Id")
}

#[tokio::test]
async fn a_new_organization_is_a_root_with_its_address_checked_before_it_is_sent() {
    let mut console = metal_console_as(false).await;
    console.select("Brightline Hosting");
    console.key(KeyCode::Char('N'));
    console.until_shown("New organization").await;
    console.keys("Acme Render");
    tab(&mut console, 1);
    console.keys("GPU rendering");
    tab(&mut console, 1);
    console.keys("https://acme.example");
    tab(&mut console, 2); // no twitter
    console.keys("1 Dam Square");
    tab(&mut console, 2); // no second line
    console.keys("Amsterdam");
    tab(&mut console, 3); // no state, no postal code
    console.keys("nl");
    console.key(KeyCode::Enter);
    console.settle().await;
    let screen = tall(&console);
    insta::assert_snapshot!("metal_new_organization_half_address", screen);
    assert!(
        screen.contains("Netherlands"),
        "the code's country: {screen}"
    );
    assert!(
        screen.contains("an address needs it: fill it in, or clear every field"),
        "{screen}"
    );
    assert_eq!(
        org_named(&console, "Acme Render").await,
        None,
        "nothing sent"
    );

    // The submit put the cursor on the missing part.
    console.keys("1012 JS");
    console.key(KeyCode::Enter);
    console
        .until_shown("created organization Acme Render")
        .await;
    let made = org_named(&console, "Acme Render").await.expect("made");
    assert_eq!(
        made["address"],
        json!({"address": "1 Dam Square", "city": "Amsterdam", "zip_code": "1012 JS",
               "country": "NL"})
    );
    assert_eq!(made["description"], "GPU rendering");
    assert!(made.get("billing_address").is_none(), "left empty: none");
    console
        .run_until(|c| selected_line(&c.screen()).contains("Acme Render"))
        .await;
    console
        .run_until(|c| c.detail("Address") == "1 Dam Square, 1012 JS, Amsterdam, NL")
        .await;
}

#[tokio::test]
async fn a_project_is_made_in_the_selected_organization_renamed_and_deleted() {
    let mut console = metal_console_as(false).await;
    let org = select_id(&mut console, "Cobalt Games").await;
    console.key(KeyCode::Char('n'));
    console.until_shown("New project in Cobalt Games").await;
    // Metal takes at most 80 characters in a project's name; the server says so on the field.
    console.keys(&format!("Render queue {}", "x".repeat(80)));
    console.key(KeyCode::Enter);
    console.until_shown("fix them and press Enter").await;
    // The selected organization's people may still be arriving: the spinner is no part of it.
    console.settle().await;
    let screen = console.screen();
    insta::assert_snapshot!("metal_new_project_refused_by_the_server", screen);
    assert!(
        screen.contains("Name is too long (maximum is 80 characters)"),
        "{screen}"
    );
    retype(&mut console, "Render Queue");
    console.key(KeyCode::Enter);
    console.until_shown("created project Render Queue").await;
    let projects = console
        .raw
        .ok(&format!("/organizations/{org}/projects"))
        .await;
    assert_eq!(
        projects["projects"][0]["name"], "Render Queue",
        "{projects}"
    );
    let project = projects["projects"][0]["id"].as_str().unwrap().to_string();
    console
        .run_until(|c| c.detail("Id") == project && c.detail("Kind") == "project")
        .await;

    // A project's form has its name only.
    console.key(KeyCode::Char('e'));
    console.until_shown("Edit Render Queue").await;
    assert!(!console.screen().contains("Street"), "{}", console.screen());
    retype(&mut console, "Render Queue EU");
    console.key(KeyCode::Enter);
    console.until_shown("saved project Render Queue EU").await;
    let path = format!("/projects/{project}");
    assert_eq!(console.raw.ok(&path).await["name"], "Render Queue EU");

    console.settle().await;
    console.select("Render Queue EU");
    console.key(KeyCode::Char('d'));
    console.until_shown("Delete project").await;
    console.keys("Render Queue EU");
    console.key(KeyCode::Enter);
    console.until_shown("deleted project Render Queue EU").await;
    assert_eq!(console.raw.get(&path).await.0, StatusCode::NOT_FOUND);

    // With nothing below it, its organization goes once its name is typed.
    console.settle().await;
    console.select("Cobalt Games");
    console.key(KeyCode::Char('d'));
    console.until_shown("Delete organization").await;
    assert!(
        console.screen().contains("it has no projects below it"),
        "{}",
        console.screen()
    );
    console.keys("Cobalt Games");
    console.key(KeyCode::Enter);
    console
        .until_shown("deleted organization Cobalt Games")
        .await;
    let gone = console.raw.get(&format!("/organizations/{org}")).await;
    assert_eq!(gone.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_edit_changes_what_was_typed_and_an_organization_with_projects_stays() {
    let mut console = metal_console_as(false).await;
    let org = select_id(&mut console, "Brightline Hosting").await;
    let before = console.raw.ok(&format!("/organizations/{org}")).await;
    console.key(KeyCode::Char('e'));
    console.until_shown("Edit Brightline Hosting").await;
    // The form opens on what the organization has, its address in the spec's parts.
    console.settle().await;
    let form = render_at(&console.app, 120, 40);
    insta::assert_snapshot!("metal_edit_organization", form);
    assert!(form.contains("Amsterdam") && form.contains("NL"), "{form}");
    tab(&mut console, 1);
    retype(&mut console, "Managed hosting in Amsterdam");
    console.key(KeyCode::Enter);
    console
        .until_shown("saved organization Brightline Hosting")
        .await;
    let after = console.raw.ok(&format!("/organizations/{org}")).await;
    assert_eq!(after["description"], "Managed hosting in Amsterdam");
    for kept in ["name", "website", "twitter", "address"] {
        assert_eq!(after[kept], before[kept], "{kept}");
    }

    console.settle().await;
    console.select("Brightline Hosting");
    console.key(KeyCode::Char('d'));
    let screen = console.screen();
    assert!(
        screen.contains("Brightline Hosting has 4 projects below it: delete or move those first"),
        "{screen}"
    );
    assert!(!screen.contains("Delete organization"), "{screen}");
}

#[tokio::test]
async fn a_read_only_profile_makes_changes_and_deletes_nothing() {
    let mut console = metal_console_as(true).await;
    console.select("Cobalt Games");
    for (key, label) in [
        ('N', "new organization"),
        ('n', "new"),
        ('e', "edit"),
        ('d', "delete"),
    ] {
        console.key(KeyCode::Char(key));
        let screen = console.screen();
        assert!(
            screen.contains(&format!("read-only: {label} is disabled")),
            "{key}: {screen}"
        );
        assert!(!screen.contains("New organization"), "{screen}");
    }
    let metal = console.stand_in::<crate::metal_support::Metal>();
    let writes = metal
        .handle
        .request_log()
        .iter()
        .filter(|line| ["POST", "PUT", "DELETE"].iter().any(|m| line.contains(m)))
        .count();
    assert_eq!(writes, 0);
}
