//! Writes to Metal's people from the console (`p` on the hierarchy opens a node's people),
//! over the Metal stand-in with the real actor, worker and journal, checked through the API:
//! an invitation into a project with roles (the e-mail checked as typed; the form's
//! snapshot) and its undo, which revokes it; a member's roles changed (snapshots of the
//! people screen and the roles form), a member removed after the confirmation, the last owner
//! refused before anything is sent, an invitation revoked, and bulk roles of marked members.

use ratatui::crossterm::event::KeyCode;
use serde_json::Value;

use crate::hierarchy::{Console, render_at};
use crate::hierarchy_metal::metal_console;
use crate::metal_support::{MAIN, Metal, PRIYA, Raw, SAMS_PROJECT_INVITATION, TOMAS, id_of};

/// Brightline Hosting as the API has it, with its projects.
async fn brightline(console: &Console<Raw>) -> Value {
    let org = console.raw.org_named(SAMS_PROJECT_INVITATION).await;
    let id = org["id"].as_str().unwrap();
    console
        .raw
        .ok(&format!(
            "/organizations/{id}?include=projects,memberships.user"
        ))
        .await
}

/// The organization's own memberships, as (e-mail, roles).
fn roles_in(org: &Value, email: &str) -> Option<Vec<String>> {
    org["memberships"].as_array()?.iter().find_map(|m| {
        (m["user"]["email"] == email).then(|| serde_json::from_value(m["roles"].clone()).unwrap())
    })
}

fn metal(console: &Console<Raw>) -> &Metal {
    console.stand_in()
}

/// Opens the people of the selected node and waits for its members.
async fn open_people(console: &mut Console<Raw>) {
    console.key(KeyCode::Char('p'));
    console.until_shown("Members").await;
    console.settle().await;
}

/// Moves the focused list's selection to the row containing `text`.
fn select_row(console: &mut Console<Raw>, text: &str) {
    console.key(KeyCode::Home);
    for _ in 0..100 {
        let screen = console.screen();
        if screen.lines().any(|l| l.contains('›') && l.contains(text)) {
            return;
        }
        console.key(KeyCode::Down);
    }
    panic!("no row {text}:\n{}", console.screen());
}

/// Moves the form's focus `tabs` fields on and flips the field there.
fn toggle(console: &mut Console<Raw>, tabs: usize) {
    for _ in 0..tabs {
        console.key(KeyCode::Tab);
    }
    console.key(KeyCode::Char(' '));
}

/// Whether a form is open (its save hint is in the status bar).
fn form_open(console: &Console<Raw>) -> bool {
    console.screen().contains("save")
}

#[tokio::test]
async fn someone_is_invited_into_a_project_with_roles() {
    let mut console = metal_console().await;
    let org = brightline(&console).await;
    let project = &org["projects"][0];
    let project_name = project["name"].as_str().unwrap().to_string();
    console.select(SAMS_PROJECT_INVITATION);
    console.key(KeyCode::Char('l'));
    console.select(&project_name);
    open_people(&mut console).await;
    console.key(KeyCode::Char('n'));
    let form = render_at(&console.app, 120, 32);
    insta::assert_snapshot!("metal_invite_form", form);
    assert!(
        form.contains("Invite someone to Brightline Hosting"),
        "{form}"
    );

    console.keys("lena.new@example");
    console.key(KeyCode::Enter);
    let screen = console.screen();
    assert!(screen.contains("not a valid e-mail address"), "{screen}");
    console.keys(".org");
    toggle(&mut console, 2);
    console.key(KeyCode::Enter);
    console.until_shown("lena.new@example.org").await;
    console.settle().await;

    let org_id = org["id"].as_str().unwrap();
    let pending = console
        .raw
        .all(
            &format!("/organizations/{org_id}/invitations"),
            "invitations",
        )
        .await;
    let lena = pending
        .iter()
        .find(|i| i["invitee"] == "lena.new@example.org")
        .expect("invited");
    assert_eq!(
        lena["roles"],
        serde_json::json!(["billing", "collaborator"])
    );
    let projects: Vec<String> = lena["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(projects, [project["id"].as_str().unwrap()]);

    // Undo revokes the invitation the invite made (its id came back in the answer).
    console.key(KeyCode::Char('z'));
    console.until_shown("undo: invite").await;
    let preview = console.screen();
    assert!(
        preview.contains("lena.new@example.org in Brightline Hosting")
            && preview.contains("revoke invitation"),
        "{preview}"
    );
    console.key(KeyCode::Char('y'));
    console
        .run_until(|c| c.screen().contains("every item succeeded"))
        .await;
    let left = console
        .raw
        .all(
            &format!("/organizations/{org_id}/invitations"),
            "invitations",
        )
        .await;
    assert!(
        left.iter().all(|i| i["invitee"] != "lena.new@example.org"),
        "{left:?}"
    );
}

#[tokio::test]
async fn a_member_s_roles_change_and_a_member_is_removed() {
    let mut console = metal_console().await;
    let tomas = metal(&console).account(TOMAS).email;
    console.select(SAMS_PROJECT_INVITATION);
    open_people(&mut console).await;
    console.until_shown("sam.okafor@example.com").await;
    console.settle().await;
    insta::assert_snapshot!("metal_people_screen", render_at(&console.app, 120, 32));

    select_row(&mut console, &tomas);
    console.key(KeyCode::Char('R'));
    let form = render_at(&console.app, 120, 32);
    insta::assert_snapshot!("metal_roles_form", form);
    assert!(form.contains("Tomas Berg"), "{form}");
    // Owner, admin, billing: the third toggle.
    toggle(&mut console, 2);
    console.key(KeyCode::Enter);
    console.run_until(|c| !form_open(c)).await;
    console.settle().await;
    let org = brightline(&console).await;
    assert_eq!(roles_in(&org, &tomas).unwrap(), ["billing", "collaborator"]);
    assert!(console.screen().contains("billing, collaborator"));

    select_row(&mut console, &tomas);
    console.key(KeyCode::Char('d'));
    let screen = console.screen();
    assert!(screen.contains("Remove member"), "{screen}");
    assert!(screen.contains("leave every project"), "{screen}");
    console.key(KeyCode::Char('y'));
    console.run_until(|c| !c.screen().contains(&tomas)).await;
    let org = brightline(&console).await;
    assert_eq!(roles_in(&org, &tomas), None, "removed");
    assert!(roles_in(&org, &metal(&console).account(PRIYA).email).is_some());
}

#[tokio::test]
async fn the_last_owner_is_refused_before_sending_and_an_invitation_is_revoked() {
    let mut console = metal_console().await;
    console.raw.create_org("Solo Works").await;
    console.key(KeyCode::Char('r'));
    console.settle().await;
    console.select("Solo Works");
    open_people(&mut console).await;
    let morgan = metal(&console).account(MAIN).email;
    select_row(&mut console, &morgan);
    let before = metal(&console).handle.request_log().len();
    console.key(KeyCode::Char('d'));
    let screen = console.screen();
    assert!(screen.contains("cannot remove Morgan Lee"), "{screen}");
    assert!(
        !screen.contains("Remove member"),
        "no confirmation: {screen}"
    );
    console.key(KeyCode::Char('R'));
    toggle(&mut console, 0);
    console.key(KeyCode::Enter);
    let screen = console.screen();
    assert!(screen.contains("Pick at least one role"), "{screen}");
    // A failed save focuses the first toggle again: billing is two on.
    toggle(&mut console, 2);
    console.key(KeyCode::Enter);
    let screen = console.screen();
    assert!(screen.contains("Keep owner or admin"), "{screen}");
    assert_eq!(
        metal(&console).handle.request_log().len(),
        before,
        "nothing sent"
    );
    console.key(KeyCode::Esc);
    console.key(KeyCode::Char('y'));

    // Sam's invitation to Brightline Hosting, revoked from its organization's people.
    console.key(KeyCode::Esc);
    console.select(SAMS_PROJECT_INVITATION);
    open_people(&mut console).await;
    console.key(KeyCode::Tab);
    select_row(&mut console, "sam.okafor@");
    console.key(KeyCode::Char('d'));
    assert!(console.screen().contains("Revoke invitation"));
    console.key(KeyCode::Char('y'));
    console.settle().await;
    let org = brightline(&console).await;
    let id = org["id"].as_str().unwrap();
    let pending = console
        .raw
        .all(&format!("/organizations/{id}/invitations"), "invitations")
        .await;
    // He had one to Brightline Hosting (into two projects); his other is elsewhere.
    let left = pending
        .iter()
        .filter(|i| i["invitee"] == "sam.okafor@example.com");
    assert_eq!(left.count(), 0, "{pending:?}");
}

#[tokio::test]
async fn marked_members_get_one_role_together_and_undo_puts_theirs_back() {
    let mut console = metal_console().await;
    let (tomas, ana) = (
        metal(&console).account(TOMAS).email,
        metal(&console).account("Ana").email,
    );
    console.select(SAMS_PROJECT_INVITATION);
    open_people(&mut console).await;
    select_row(&mut console, &tomas);
    console.key(KeyCode::Char(' '));
    select_row(&mut console, &ana);
    console.key(KeyCode::Char(' '));
    assert_eq!(console.app.marked_count(), 2);
    console.key(KeyCode::Char('R'));
    // Nothing is chosen until `c`; collaborator comes first, then the others in turn.
    console.until_shown("no roles is chosen yet").await;
    console.key(KeyCode::Char('c'));
    console.until_shown("set roles to collaborator").await;
    assert!(console.screen().contains("already collaborator"));
    while !console.screen().contains("set roles to billing") {
        console.key(KeyCode::Char('c'));
        assert!(
            !console.screen().contains("set roles to collaborator"),
            "went round"
        );
    }
    console.key(KeyCode::Char('y'));
    console
        .run_until(|c| c.screen().contains("every item succeeded"))
        .await;
    let org = brightline(&console).await;
    assert_eq!(roles_in(&org, &tomas).unwrap(), ["billing"]);
    assert_eq!(roles_in(&org, &ana).unwrap(), ["billing"], "set aside");

    console.key(KeyCode::Esc);
    console.settle().await;
    console.key(KeyCode::Char('z'));
    console.until_shown("undo: set roles to billing").await;
    console.key(KeyCode::Char('y'));
    console
        .run_until(|c| c.screen().contains("every item succeeded"))
        .await;
    let org = brightline(&console).await;
    assert_eq!(roles_in(&org, &tomas).unwrap(), ["collaborator"]);
}

#[tokio::test]
async fn marked_members_are_removed_together_but_never_the_last_owner() {
    let mut console = metal_console().await;
    let made = console.raw.create_org("Solo Works").await;
    let id = made["id"].as_str().unwrap().to_string();
    let kenji = metal(&console).account("Kenji").email;
    let (status, body) = console
        .raw
        .post(
            &format!("/organizations/{id}/invitations"),
            &serde_json::json!({"invitee": kenji, "roles": ["billing"]}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    let invitation = body["id"].as_str().unwrap();
    let as_kenji = metal(&console).as_user("Kenji");
    let (status, body) = as_kenji
        .put(
            &format!("/invitations/{invitation}"),
            &serde_json::json!({}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    console.key(KeyCode::Char('r'));
    console.settle().await;
    console.select("Solo Works");
    open_people(&mut console).await;
    console.ctrl('a');
    assert_eq!(console.app.marked_count(), 2);
    console.key(KeyCode::Char('d'));
    console.until_shown("remove from Solo Works").await;
    let screen = console.screen();
    assert!(
        screen.contains("left out: an organization must keep"),
        "{screen}"
    );
    console.key(KeyCode::Char('y'));
    console
        .run_until(|c| c.screen().contains("every item succeeded"))
        .await;
    let org = console
        .raw
        .ok(&format!("/organizations/{id}?include=memberships.user"))
        .await;
    assert_eq!(roles_in(&org, &kenji), None, "removed");
    let morgan = metal(&console).account(MAIN).email;
    assert_eq!(roles_in(&org, &morgan).unwrap(), ["owner"], "kept");
}

#[tokio::test]
async fn people_of_a_csv_file_are_invited_and_those_in_or_invited_already_left_out() {
    let mut console = metal_console().await;
    let tomas = metal(&console).account(TOMAS).email;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("invites.csv");
    std::fs::write(
        &file,
        format!(
            "E-mail,Roles,Projects\n\
             lena@import.example,admin;billing,ci runners\n\
             sam.okafor@example.com,,\n\
             {tomas},,\n\
             not-an-address,,\n"
        ),
    )
    .unwrap();
    console.select(SAMS_PROJECT_INVITATION);
    open_people(&mut console).await;
    console.key(KeyCode::Char('I'));
    assert!(console.screen().contains("from a CSV file"));
    console.keys(file.to_str().unwrap());
    console.key(KeyCode::Enter);
    console.until_shown("invite to Brightline Hosting").await;
    let screen = console.screen();
    assert!(screen.contains("1 item · 3 left out"), "{screen}");
    assert!(screen.contains("already invited"), "{screen}");
    assert!(screen.contains("already a member"), "{screen}");
    console.key(KeyCode::Char('y'));
    console
        .run_until(|c| c.screen().contains("every item succeeded"))
        .await;
    let org = brightline(&console).await;
    let id = org["id"].as_str().unwrap();
    let pending = console
        .raw
        .all(&format!("/organizations/{id}/invitations"), "invitations")
        .await;
    let lena = pending
        .iter()
        .find(|i| i["invitee"] == "lena@import.example")
        .expect("invited");
    assert_eq!(lena["roles"], serde_json::json!(["admin", "billing"]));
    let ci = org["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "CI Runners")
        .unwrap();
    assert_eq!(id_of(&lena["projects"][0]), ci["id"].as_str().unwrap());
}
