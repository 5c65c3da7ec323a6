//! CSV import on the users screen: `I`, the path, Enter; the preview lists every row, those
//! that fail the user form's rules left out with the reason; `y` creates the others.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::Mutation;
use tenantdeck::bulk::worker::BulkCommand;

#[test]
fn importing_a_csv_previews_valid_rows_and_leaves_out_the_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.csv");
    std::fs::write(
        &path,
        "username,firstName,lastName,email,role\n\
         kai@acme.se,Kai,Berg,kai@acme.se,Organization User\n\
         no-at-sign,Bo,Ek,bo@acme.se,\n\
         mia@acme.se,Mia,,mia@acme.se,Organization Admin\n",
    )
    .unwrap();
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('I'));
    keys(&mut app, path.to_str().unwrap());
    assert!(render(&app).contains("Import users from a CSV file"));
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(
        screen.contains("import users · 1 item · 2 left out"),
        "{screen}"
    );
    assert!(screen.contains("left out: row 3: The Userna"), "{screen}");
    assert!(screen.contains("left out: row 4: The LastNa"), "{screen}");
    // The path is machine-specific; the preview below it is not.
    let preview: Vec<&str> = screen.lines().skip(1).collect();
    insta::assert_snapshot!("import_preview", preview.join("\n"));
    press(&mut app, KeyCode::Char('y'));
    let commands = app.take_bulk_commands();
    let [BulkCommand::Start { plan, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    let [item] = &plan.items[..] else {
        panic!("one valid row: {plan:?}");
    };
    let Mutation::CreateUser { org, input } = &item.mutation else {
        panic!("a create");
    };
    assert_eq!(org, "o-acme");
    assert_eq!(input.username, "kai@acme.se");
    assert_eq!(input.role_id, Some(2));
}

#[test]
fn a_missing_file_says_so_and_esc_closes_the_prompt() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('I'));
    keys(&mut app, "/nonexistent/users.csv");
    press(&mut app, KeyCode::Enter);
    assert!(render(&app).contains("cannot read /nonexistent/users.csv"));
    press(&mut app, KeyCode::Esc);
    assert!(!render(&app).contains("Import users from a CSV file"));
}

#[test]
fn enter_before_the_roles_arrive_previews_the_import_when_they_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.csv");
    let csv = "username,firstName,lastName,email,role\nkai@acme.se,Kai,Berg,kai@acme.se,\n";
    std::fs::write(&path, csv).unwrap();
    let (mut app, held) = crate::people::acme_users_roles_held();
    press(&mut app, KeyCode::Char('I'));
    keys(&mut app, path.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(
        screen.contains("the import's preview opens when they arrive"),
        "{screen}"
    );
    crate::people::answer_held(&mut app, held);
    let screen = render(&app);
    assert!(screen.contains("import users · 1 item"), "{screen}");
}
