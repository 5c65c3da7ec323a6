//! A bulk run killed mid-way, end to end: the real binary in a pseudo-terminal against a
//! stand-in this test owns (slowed on the subscription's path so requests are in flight),
//! assigns many users to a subscription, is killed with SIGKILL, is started again with the same
//! data dir, offers the interrupted run, resumes it — and the API shows every user assigned
//! exactly once (the stand-in refuses a second assignment, so a doubled item would fail).

use std::time::Duration;

use crate::pty::Console;
use crate::support;
use tenantdeck::api::{Mutation, Resource, ResourceData};
use tenantdeck::bulk::journal::{self, ItemState, Outcome};
use tenantdeck::domain::UserInput;
use tenantdeck::providers::cloudmore::CloudmoreClient;

const ENTER: &str = "\r";
const CTRL_A: &str = "\u{1}";
const WAIT: Duration = Duration::from_secs(30);
/// How many users the run assigns.
const USERS: usize = 120;
/// Every user this test creates has this in its name, so a filter shows only them.
const TAG: &str = "killtest";

async fn fetch(client: &CloudmoreClient, resource: Resource) -> ResourceData {
    client.fetch(&resource).await.expect("the stand-in answers")
}

/// Where the users go: an organization findable by its name, its first added service and that
/// service's first subscription (the ones the screens select first), which must be active.
struct Target {
    org: String,
    org_name: String,
    service: String,
    subscription: String,
}

async fn target(client: &CloudmoreClient) -> Target {
    let ResourceData::Organizations(orgs) = fetch(client, Resource::Organizations).await else {
        panic!("organizations");
    };
    for org in &orgs {
        let unique = orgs
            .iter()
            .filter(|o| {
                o.name
                    .to_lowercase()
                    .contains(org.name.to_lowercase().as_str())
            })
            .count()
            == 1;
        let services = Resource::OrgServices {
            org: org.id.to_string(),
        };
        let ResourceData::OrgServices(services) = fetch(client, services).await else {
            continue;
        };
        let Some(service) = services.first().filter(|_| unique) else {
            continue;
        };
        let subs = Resource::Subscriptions {
            org: org.id.to_string(),
            service: service.id.clone(),
        };
        let ResourceData::Subscriptions(subs) = fetch(client, subs).await else {
            continue;
        };
        if let Some(sub) = subs.first().filter(|s| !s.is_cancelled()) {
            return Target {
                org: org.id.to_string(),
                org_name: org.name.to_string(),
                service: service.id.clone(),
                subscription: sub.id.clone(),
            };
        }
    }
    panic!("the demo data has no organization with an active subscription");
}

/// Creates the users (with a role: assignment needs one); returns their ids.
async fn create_users(client: &CloudmoreClient, org: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for n in 0..USERS {
        let input = UserInput {
            username: format!("{TAG}{n:03}@kill.example"),
            first_name: "Kill".into(),
            last_name: format!("Test {n:03}"),
            display_name: format!("{TAG} {n:03}"),
            email: format!("{TAG}{n:03}@kill.example"),
            role_id: Some(2),
            generate_password: true,
            ..Default::default()
        };
        let create = Mutation::CreateUser {
            org: org.to_string(),
            input: Box::new(input),
        };
        let id = client
            .mutate(&create)
            .await
            .unwrap()
            .expect("a new user id");
        ids.push(id);
    }
    ids
}

fn start(handle: &tenantdeck::sandbox::SandboxHandle, data_dir: &std::path::Path) -> Console {
    let console = Console::on_stand_in(handle, Some(data_dir));
    console.wait_for("the organization tree", WAIT, |s| {
        s.contains("organizations")
    });
    console
}

/// `done N` from the gauge label, when the run screen shows one.
fn done_count(screen: &str) -> Option<usize> {
    let at = screen.find(" · done ")? + " · done ".len();
    screen[at..].split(' ').next()?.parse().ok()
}

#[test]
fn a_run_killed_mid_way_resumes_with_nothing_lost_and_nothing_doubled() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let client = support::client(&stand.handle);
    let target = runtime.block_on(target(&client));
    let users = runtime.block_on(create_users(&client, &target.org));
    let data_dir = tempfile::tempdir().unwrap();

    // To the subscription's users, mark the test's users and start assigning them.
    let mut console = start(&stand.handle, data_dir.path());
    console.type_keys("/");
    console.type_keys(&target.org_name);
    console.type_keys(ENTER);
    console.wait_for_text("1 of");
    console.type_keys("j");
    console.type_keys("s");
    console.wait_for_text("› Services");
    console.type_keys("\t");
    // Enter on the added services before they have loaded selects nothing (seen under load).
    console.wait_for_text(" added · loaded");
    console.type_keys(ENTER);
    // The list, not only its title: Enter on a list still loading selects nothing.
    console.wait_for("the subscriptions", WAIT, |s| {
        s.contains("Subscriptions ·") && s.contains("Active")
    });
    console.type_keys(ENTER);
    console.wait_for_text("Organization users ·");
    console.type_keys("/");
    console.type_keys(TAG);
    console.type_keys(ENTER);
    // Only the test's users are shown ("120", or "120 of N" when the organization has others).
    console.wait_for_text(&format!("Organization users · {USERS}"));
    console.type_keys(CTRL_A);
    console.wait_for_text(&format!("{USERS} marked"));
    console.type_keys("a");
    console.wait_for_text(&format!("{USERS} items"));
    stand
        .handle
        .faults()
        .slow(&target.subscription, Duration::from_millis(150));
    // More than 100 items: the count is typed to confirm.
    console.type_keys(&USERS.to_string());
    console.type_keys(ENTER);
    console.wait_for("the run well under way", WAIT, |s| {
        done_count(s).is_some_and(|n| n >= 16)
    });

    // Killed without a chance to write anything more.
    let pid = console.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = console.child.wait();
    let path = data_dir.path().join("journal.jsonl");
    let cut = journal::read(&path)
        .unwrap()
        .pop()
        .expect("the run is journaled");
    let pending = cut.count(|s| matches!(s, ItemState::Pending));
    let unknown = cut.count(|s| matches!(s, ItemState::Unknown));
    eprintln!("killed with {pending} pending and {unknown} in flight (unknown)");
    assert!(
        cut.is_interrupted() && pending > 0,
        "killed mid-way: {pending} pending"
    );
    stand.handle.faults().clear();

    // Started again on the same data dir: the interrupted run is offered, and resumed.
    let mut again = Console::on_stand_in(&stand.handle, Some(data_dir.path()));
    again.wait_for_text("Interrupted run:");
    again.type_keys("y");
    again.wait_for("the resumed run to end", WAIT, |s| {
        s.contains("done: every item succeeded")
    });

    // Through the API: every user assigned, each once.
    let assigned = runtime.block_on(fetch(
        &client,
        Resource::SubscriptionUsers {
            org: target.org.clone(),
            service: target.service.clone(),
            subscription: target.subscription.clone(),
        },
    ));
    let ResourceData::SubscriptionUsers(assigned) = assigned else {
        panic!("subscription users");
    };
    for id in &users {
        let times = assigned.iter().filter(|a| &a.user_id == id).count();
        assert_eq!(times, 1, "user {id} assigned {times} times");
    }
    let run = journal::read(&path).unwrap().pop().unwrap();
    assert_eq!(run.run, cut.run, "the same run was resumed, not a new one");
    assert!(
        run.states
            .iter()
            .all(|s| matches!(s, ItemState::Finished(Outcome::Ok { .. }))),
        "every item ended OK (a doubled assignment would have failed): {:?}",
        run.states
    );
    again.type_keys("q");
    assert!(again.wait_exit(Duration::from_secs(10)), "clean exit");
}
