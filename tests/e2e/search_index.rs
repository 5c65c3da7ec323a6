//! End to end, the background index through the real binary: a user of an organization never
//! opened is found by part of their e-mail, `Enter` lands on them in their organization's
//! users screen, their role is changed there (read back through the API), and `Esc` walks back
//! to the tree; a console killed mid-walk starts again where it stopped, reading from the
//! disk what it had read and from the server only the rest.

use std::time::Duration;

use crate::pty::Console;
use crate::support;
use tenantdeck::api::{Resource, ResourceData};
use tenantdeck::domain::User;
use tenantdeck::providers::cloudmore::CloudmoreClient;

const WAIT: Duration = Duration::from_secs(30);
const CTRL_K: &str = "\x0b";
const ESC: &str = "\x1b";
const ENTER: &str = "\r";

/// "search index: 12 of 200 organizations read" in the status bar: 12 (the whole count once
/// all are read).
fn indexed(screen: &str) -> Option<usize> {
    let at = screen.find("search index")?;
    let digits: String = screen[at..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

async fn fetch(client: &CloudmoreClient, resource: Resource) -> ResourceData {
    client.fetch(&resource).await.expect("the stand-in answers")
}

/// The stand-in's organizations in the order the API lists them (the indexer's order).
async fn organizations(client: &CloudmoreClient) -> Vec<(String, String)> {
    match fetch(client, Resource::Organizations).await {
        ResourceData::Organizations(orgs) => (orgs.into_iter())
            .map(|o| (o.id.into(), o.name.into()))
            .collect(),
        other => panic!("{other:?}"),
    }
}

async fn users(client: &CloudmoreClient, org: &str) -> Vec<User> {
    match fetch(client, Resource::Users { org: org.into() }).await {
        ResourceData::Users(users) => users,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_user_of_an_organization_never_opened_is_found_by_e_mail_and_their_role_changed_there() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let client = support::client(&stand.handle);
    // Among the first organizations the indexer walks (not the first, which the tree may
    // show first), the first with a user who has an e-mail.
    let orgs = runtime.block_on(organizations(&client));
    let (org, org_name, user) = (orgs[1..12].iter())
        .find_map(|(org, name)| {
            let users = runtime.block_on(users(&client, org));
            let user = users.into_iter().find(|u| u.email.contains('@'))?;
            Some((org.clone(), name.clone(), user))
        })
        .expect("an organization with a user who has an e-mail");
    let reached = orgs.iter().position(|(id, _)| *id == org).unwrap() + 1;
    let part = &user.email[..user.email.len() - 3];
    let mut console = Console::on_stand_in_with(&stand.handle, None, &["--index-rate", "50"]);
    console.wait_for("the organization indexed", WAIT, |s| {
        indexed(s).is_some_and(|n| n >= reached)
    });

    console.type_keys(CTRL_K);
    console.wait_for_text("type part of a name");
    console.type_keys(part);
    let found = console.wait_for("the user among the hits", WAIT, |s| {
        s.contains(&user.display_name) && s.contains(&format!("· {org_name}"))
    });
    assert!(found.contains("Users"), "grouped as a user: {found}");
    console.type_keys(ENTER);
    console.wait_for("their organization's users, on them", WAIT, |s| {
        s.contains(&format!("{org_name} › Users"))
            && s.lines()
                .any(|l| l.contains('›') && l.contains(&user.display_name))
    });

    // The role picked on screen is the one the user does not have.
    let admin = user.role_name == "Organization Admin";
    let (new_role, presses) = match admin {
        true => ("Organization User", "cc"),
        false => ("Organization Admin", "c"),
    };
    // Pressed before the organization's roles are read, `R` opens the preview once they are.
    console.type_keys("R");
    console.wait_for_text("Role: none chosen");
    console.type_keys(presses);
    console.wait_for_text(&format!("Role: {new_role}"));
    console.type_keys("y");
    console.wait_for("the role changed", WAIT, |s| {
        s.contains("done: every item succeeded")
    });
    let after = runtime.block_on(users(&client, &org));
    let changed = after.iter().find(|u| u.id == user.id).expect("still there");
    assert_eq!(changed.role_name, new_role, "read back through the API");

    for _ in 0..3 {
        console.type_keys(ESC);
        std::thread::sleep(Duration::from_millis(300));
        if console.screen_text().contains("reseller ") {
            break;
        }
    }
    console.wait_for("back on the tree", WAIT, |s| s.contains("reseller "));
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(20)), "clean exit");
    console.assert_restored();
}

#[test]
fn a_console_killed_mid_walk_starts_again_where_it_stopped() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let client = support::client(&stand.handle);
    let orgs = runtime.block_on(organizations(&client));
    let data_dir = tempfile::tempdir().unwrap();
    let mut first = Console::on_stand_in_with(
        &stand.handle,
        Some(data_dir.path()),
        &["--index-rate", "50"],
    );
    let screen = first.wait_for("a few organizations indexed", WAIT, |s| {
        indexed(s).is_some_and(|n| n >= 10)
    });
    let reached = indexed(&screen).unwrap();
    let pid = first.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = first.child.wait();
    // Give the disk cache's writer no second chance: what it wrote before the kill is all.
    let users_read = |org: &str| support::count_requests(&stand.handle, &format!("{org}/users"));
    let before: Vec<usize> = orgs[..reached]
        .iter()
        .map(|(id, _)| users_read(id))
        .collect();
    assert!(before.iter().all(|n| *n == 1), "each read once: {before:?}");

    // At one request a second, reading them again would take many seconds; from the disk the
    // walk is past them at once.
    let second =
        Console::on_stand_in_with(&stand.handle, Some(data_dir.path()), &["--index-rate", "1"]);
    second.wait_for("the walk past where it stopped", WAIT, |s| {
        indexed(s).is_some_and(|n| n >= reached)
    });
    let again: Vec<usize> = orgs[..reached]
        .iter()
        .map(|(id, _)| users_read(id))
        .collect();
    // The kill may have come between the last lists' answers and their write to disk (the
    // writer thread is a moment behind): those last few may be read again, no earlier one.
    let settled = reached - 4;
    assert_eq!(
        again[..settled],
        before[..settled],
        "read again: {before:?} → {again:?}"
    );
}
