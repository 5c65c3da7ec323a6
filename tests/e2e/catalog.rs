//! End to end through the catalog screens: the built binary in a pseudo-terminal against a
//! stand-in this test starts (demo data), so the result can be checked through the API rather
//! than read off the screen. On one organization it adds an E-store service (typing its
//! mandatory property), creates a subscription, and assigns a user who has a role.

use std::time::Duration;

use crate::pty::Console;
use crate::support;
use tenantdeck::api::{Resource, ResourceData};
use tenantdeck::domain::{EstoreServiceDetail, User};
use tenantdeck::providers::cloudmore::CloudmoreClient;

const ENTER: &str = "\r";
const WAIT: Duration = Duration::from_secs(20);

/// What the test drives: names to type and ids to check.
struct Plan {
    org_id: String,
    org_name: String,
    service: EstoreServiceDetail,
    user: User,
}

async fn fetch(client: &CloudmoreClient, resource: Resource) -> ResourceData {
    client.fetch(&resource).await.expect("the stand-in answers")
}

/// Whether `needle` picks exactly one of `keys` by case-insensitive substring, as the filters do.
fn unique(needle: &str, keys: &[String]) -> bool {
    let needle = needle.to_lowercase();
    keys.iter()
        .filter(|k| k.to_lowercase().contains(&needle))
        .count()
        == 1
}

/// An organization whose name alone filters the tree to it, a user in it with a role and a
/// unique name, and an E-store service whose only property is one mandatory text field.
async fn plan(client: &CloudmoreClient) -> Plan {
    let ResourceData::Organizations(orgs) = fetch(client, Resource::Organizations).await else {
        panic!("organizations");
    };
    let org_keys: Vec<String> = orgs
        .iter()
        .map(|o| {
            format!(
                "{}\u{1}{}\u{1}{}",
                o.name, o.customer_number, o.primary_domain
            )
        })
        .collect();
    for org in orgs.iter().filter(|o| unique(&o.name, &org_keys)) {
        let ResourceData::Users(users) = fetch(
            client,
            Resource::Users {
                org: org.id.to_string(),
            },
        )
        .await
        else {
            continue;
        };
        let names: Vec<String> = users
            .iter()
            .map(|u| format!("{}\u{1}{}\u{1}{}", u.display_name, u.username, u.role_name))
            .collect();
        let Some(user) = users.iter().find(|u| {
            u.role_id.is_some() && !u.display_name.is_empty() && unique(&u.display_name, &names)
        }) else {
            continue;
        };
        let ResourceData::Estore(estore) = fetch(
            client,
            Resource::Estore {
                org: org.id.to_string(),
            },
        )
        .await
        else {
            continue;
        };
        let service_keys: Vec<String> = estore
            .iter()
            .map(|s| format!("{}\u{1}{}\u{1}{}", s.name, s.vendor_name, s.category))
            .collect();
        for candidate in estore.iter().filter(|s| unique(&s.name, &service_keys)) {
            let detail = Resource::EstoreDetail {
                org: org.id.to_string(),
                service: candidate.id.clone(),
            };
            let ResourceData::EstoreDetail(detail) = fetch(client, detail).await else {
                continue;
            };
            let simple = matches!(detail.custom_properties.as_slice(),
                [p] if p.mandatory && p.default_value.is_empty() && p.allowed_values.is_empty());
            if simple {
                return Plan {
                    org_id: org.id.to_string(),
                    org_name: org.name.to_string(),
                    service: detail,
                    user: user.clone(),
                };
            }
        }
    }
    panic!("the demo data has no organization fit for this test");
}

#[test]
fn add_a_service_subscribe_and_assign_a_user_then_check_it_through_the_api() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let client = support::client(&stand.handle);
    let plan = runtime.block_on(plan(&client));

    let mut console = Console::on_stand_in(&stand.handle, None);
    console.wait_for("the organization tree", WAIT, |s| {
        s.contains(" organizations")
    });

    // The organization, by name, then its catalog.
    console.type_keys("/");
    console.type_keys(&plan.org_name);
    console.type_keys(ENTER);
    console.wait_for_text("1 of");
    console.type_keys("j");
    console.type_keys("s");
    console.wait_for_text("› Services");

    // Add the service, typing its one mandatory property.
    console.wait_for_text("E-store ·");
    console.type_keys("/");
    console.type_keys(&plan.service.name);
    console.type_keys(ENTER);
    console.wait_for("the service alone in the list", WAIT, |s| {
        s.contains("E-store · 1 of")
    });
    console.type_keys("a");
    console.wait_for_text(&format!("Add {}", plan.service.name));
    console.type_keys("e2e.example");
    console.type_keys(ENTER);
    console.wait_for_text("service added");
    let short: String = plan.service.name.chars().take(12).collect();
    console.wait_for("the new service selected in the added list", WAIT, |s| {
        s.lines().any(|l| l.contains("›✓") && l.contains(&short))
    });

    // Its subscriptions: create one with the first product at its minimum quantity.
    console.type_keys(ENTER);
    console.wait_for_text("Subscriptions ·");
    console.type_keys("n");
    console.wait_for_text("New subscription");
    console.type_keys(ENTER);
    console.wait_for_text("subscription created");
    console.wait_for_text("Subscriptions · 1");

    // Its users: assign the planned user.
    console.type_keys(ENTER);
    console.wait_for_text("Organization users ·");
    console.wait_for_text(&plan.user.display_name);
    console.type_keys("/");
    console.type_keys(&plan.user.display_name);
    console.type_keys(ENTER);
    console.type_keys("a");
    console.wait_for_text("Assigned · 1");

    // Checked through the API, not the screen.
    let subscriptions = Resource::Subscriptions {
        org: plan.org_id.clone(),
        service: plan.service.id.clone(),
    };
    let stored = runtime.block_on(async {
        let ResourceData::Subscriptions(list) = fetch(&client, subscriptions).await else {
            panic!("subscriptions");
        };
        assert_eq!(list.len(), 1, "one subscription was created: {list:?}");
        let users = Resource::SubscriptionUsers {
            org: plan.org_id.clone(),
            service: plan.service.id.clone(),
            subscription: list[0].id.clone(),
        };
        fetch(&client, users).await
    });
    let ResourceData::SubscriptionUsers(assigned) = stored else {
        panic!("subscription users");
    };
    assert_eq!(
        assigned
            .iter()
            .map(|u| u.user_id.as_str())
            .collect::<Vec<_>>(),
        vec![plan.user.id.as_str()]
    );

    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
}
