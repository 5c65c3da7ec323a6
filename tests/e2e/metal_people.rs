//! End to end on Equinix Metal: the real binary with a `provider = "metal"` profile from a
//! config file (the token from the environment), against a Metal stand-in started by the
//! test. It invites Sam into a project with roles from the people screen, Sam accepts through
//! the API with his own key, the console changes his roles in the project, and the API shows
//! the roles it was given.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tenantdeck::api::Mutation;
use tenantdeck::bulk::journal::{self, ItemState, Outcome};
use tenantdeck::sandbox::Seed;

use crate::metal_support::{self, MAIN, SAM};
use crate::pty::Console;

const WAIT: Duration = Duration::from_secs(30);
const ORG: &str = "E2E People";
const PROJECT: &str = "E2E Project";

/// Presses `j` until the row under the cursor (`│›`) holds `text`.
fn select_row(console: &mut Console, text: &str) {
    for _ in 0..60 {
        let screen = console.screen_text();
        if screen.lines().any(|l| l.contains("│›") && l.contains(text)) {
            return;
        }
        console.type_keys("j");
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("no row {text}:\n{}", console.screen_text());
}

/// Sam's roles in the project, as the API lists its memberships.
fn roles_of(memberships: &[Value], email: &str) -> Option<Value> {
    memberships
        .iter()
        .find(|m| m["user"]["email"] == email)
        .map(|m| m["roles"].clone())
}

#[test]
fn invite_into_a_project_accept_through_the_api_then_change_roles_in_the_console() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(metal_support::start(Seed::Demo));
    let morgan = stand.as_user(MAIN);
    let org = runtime.block_on(morgan.create_org(ORG));
    let org_id = org["id"].as_str().unwrap().to_string();
    let (status, project) = runtime.block_on(morgan.post(
        &format!("/organizations/{org_id}/projects"),
        &json!({ "name": PROJECT }),
    ));
    assert_eq!(status, StatusCode::CREATED, "{project}");
    let project_id = project["id"].as_str().unwrap().to_string();
    let sam = stand.account(SAM);

    let config = stand.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.metal]\nprovider = \"metal\"\napi_url = \"{}/metal/v1\"\n",
            stand.handle.base_url()
        ),
    )
    .unwrap();
    let token = stand.account(MAIN).token;
    let mut console = Console::start_with_env(
        &[],
        &[
            ("TENANTDECK_CONFIG", config.to_str().unwrap()),
            ("TENANTDECK_TOKEN", token.as_str()),
        ],
    );
    console.wait_for("the hierarchy", WAIT, |s| {
        s.contains("Equinix Metal") && s.contains("Brightline Hosting")
    });

    // The new organization's project, found with the filter.
    console.type_keys("/E2E\r");
    console.wait_for_text(PROJECT);
    select_row(&mut console, PROJECT);
    console.type_keys("p");
    console.wait_for("the project's people", WAIT, |s| {
        s.contains("People") && s.contains("Members ·") && s.contains("Morgan Lee")
    });

    // Invited with admin (collaborator is on already); the project is the one opened on.
    console.type_keys("n");
    console.wait_for_text("Invite someone to E2E People");
    console.type_keys(&sam.email);
    console.type_keys("\t ");
    console.type_keys("\r");
    console.wait_for_text("done: invite");
    console.wait_for("the invitation listed", WAIT, |s| s.contains(&sam.email));

    // Sam accepts with his own key.
    let as_sam = stand.as_user(SAM);
    let mine = runtime.block_on(as_sam.all("/invitations", "invitations"));
    let invitation = mine
        .iter()
        .find(|i| {
            i["organization"]["href"]
                .as_str()
                .is_some_and(|h| h.ends_with(&org_id))
        })
        .unwrap_or_else(|| panic!("Sam's invitation to {ORG}: {mine:?}"));
    let id = invitation["id"].as_str().unwrap();
    let (status, accepted) =
        runtime.block_on(as_sam.put(&format!("/invitations/{id}"), &json!({})));
    assert_eq!(status, StatusCode::OK, "{accepted}");
    let path = format!("/projects/{project_id}/memberships?include=user");
    let members = runtime.block_on(morgan.all(&path, "memberships"));
    assert_eq!(
        roles_of(&members, &sam.email),
        Some(json!(["admin", "collaborator"])),
        "{members:?}"
    );

    // The console reads the people again and changes Sam's roles: admin off, billing on.
    console.type_keys("r");
    console.wait_for("Sam a member", WAIT, |s| {
        s.lines()
            .any(|l| l.contains("Sam Okafor") && l.contains("admin, collaborator"))
    });
    select_row(&mut console, "Sam Okafor");
    console.type_keys("R");
    console.wait_for_text("Roles of Sam Okafor in E2E Project");
    console.type_keys(" \t ");
    console.type_keys("\r");
    console.wait_for("the new roles", WAIT, |s| {
        s.lines()
            .any(|l| l.contains("Sam Okafor") && l.contains("billing, collaborator"))
    });
    let members = runtime.block_on(morgan.all(&path, "memberships"));
    assert_eq!(
        roles_of(&members, &sam.email),
        Some(json!(["billing", "collaborator"])),
        "{members:?}"
    );

    // Both writes are in the journal, readable, each a one-item run that succeeded.
    let runs = journal::read(&console.data_dir().join("journal.jsonl")).unwrap();
    let people: Vec<_> = runs
        .iter()
        .filter(|r| matches!(r.items[0].mutation, Mutation::People(_)))
        .collect();
    assert_eq!(people.len(), 2, "{runs:?}");
    for run in people {
        assert!(
            run.states
                .iter()
                .all(|s| matches!(s, ItemState::Finished(Outcome::Ok { .. })))
        );
    }

    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}
