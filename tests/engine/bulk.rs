//! Bulk runs against the stand-in over real HTTP: a 200-user role change, injected failures
//! reported exactly and completed by "retry failed", and a resume after a crash that neither
//! loses nor doubles an item (counted through the API), and a run that gives up when the
//! server stops answering; a bulk assign to a service that takes no users assigns nobody.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use tenantdeck::api::{Mutation, Resource, ResourceData};
use tenantdeck::bulk::journal::{self, Entry, ItemState, Journal, JournalWriter, Outcome};
use tenantdeck::bulk::plan::{BulkItem, BulkPlan, SubscriptionRef, UserRef};
use tenantdeck::bulk::runner::{self, BulkEvent};
use tenantdeck::domain::{
    OrganizationInput, OrganizationServiceAdd, Role, SubscriptionCreate, User, UserInput,
};
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tokio::sync::mpsc;

use crate::support::{client, stand_in};

/// A new organization with `count` users and no roles.
async fn organization_with_users(client: &CloudmoreClient, count: usize) -> String {
    let org = client
        .mutate(&Mutation::CreateOrganization(Box::new(OrganizationInput {
            name: "Bulk Test Ltd".into(),
            is_active: true,
            ..Default::default()
        })))
        .await
        .unwrap()
        .expect("new organization id");
    for n in 0..count {
        client.mutate(&new_user(&org, n)).await.unwrap();
    }
    org
}

fn new_user(org: &str, n: usize) -> Mutation {
    Mutation::CreateUser {
        org: org.to_string(),
        input: Box::new(UserInput {
            username: format!("user{n:04}@bulk.example"),
            first_name: "Bulk".into(),
            last_name: format!("User {n}"),
            display_name: format!("Bulk User {n}"),
            email: format!("user{n:04}@bulk.example"),
            generate_password: true,
            ..Default::default()
        }),
    }
}

async fn users(client: &CloudmoreClient, org: &str) -> Vec<User> {
    match client
        .fetch(&Resource::Users { org: org.into() })
        .await
        .unwrap()
    {
        ResourceData::Users(users) => users,
        other => panic!("expected users, got {other:?}"),
    }
}

fn admin_role() -> Role {
    Role {
        id: 1,
        name: "Organization Admin".into(),
    }
}

struct Run {
    events: Vec<BulkEvent>,
}

impl Run {
    fn failed(&self) -> usize {
        self.events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    BulkEvent::Finished {
                        outcome: Outcome::Failed { .. },
                        ..
                    }
                )
            })
            .count()
    }

    fn succeeded(&self) -> usize {
        self.events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    BulkEvent::Finished {
                        outcome: Outcome::Ok { .. },
                        ..
                    }
                )
            })
            .count()
    }
}

async fn run(
    client: Arc<CloudmoreClient>,
    journal: &JournalWriter,
    record: &journal::RunRecord,
    retry_failed: bool,
) -> Run {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let stop = Arc::new(AtomicBool::new(false));
    runner::run(client, journal.clone(), record, retry_failed, 8, tx, stop).await;
    let mut events = Vec::new();
    while let Ok(event) = rx.try_recv() {
        events.push(event);
    }
    assert!(matches!(
        events.last(),
        Some(BulkEvent::Ended {
            stopped: false,
            gave_up: None
        })
    ));
    Run { events }
}

fn open_journal(dir: &tempfile::TempDir) -> JournalWriter {
    JournalWriter::spawn(Journal::open(&dir.path().join("journal.jsonl")).unwrap())
}

fn latest_run(dir: &tempfile::TempDir) -> journal::RunRecord {
    journal::read(&dir.path().join("journal.jsonl"))
        .unwrap()
        .pop()
        .expect("a run in the journal")
}

#[tokio::test]
async fn a_role_change_of_200_users_succeeds() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = organization_with_users(&client, 200).await;
    let plan = BulkPlan::change_user_role(&org, &users(&client, &org).await, &admin_role());
    assert_eq!(plan.items.len(), 200);

    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    let record = runner::begin(&journal, "run-200", "test", &plan)
        .await
        .unwrap();
    let result = run(client.clone(), &journal, &record, false).await;
    assert_eq!((result.succeeded(), result.failed()), (200, 0));
    assert!(
        users(&client, &org)
            .await
            .iter()
            .all(|u| u.role_id == Some(1))
    );
    assert!(!latest_run(&dir).is_interrupted());
}

#[tokio::test]
async fn injected_failures_are_reported_exactly_and_retry_completes_them() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = organization_with_users(&client, 40).await;
    let plan = BulkPlan::change_user_role(&org, &users(&client, &org).await, &admin_role());
    stand
        .handle
        .fail_next(&format!("/organizations/{org}/users/"), 500, 7);

    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    let record = runner::begin(&journal, "run-faults", "test", &plan)
        .await
        .unwrap();
    let first = run(client.clone(), &journal, &record, false).await;
    assert_eq!((first.succeeded(), first.failed()), (33, 7));
    let without_role = users(&client, &org)
        .await
        .iter()
        .filter(|u| u.role_id.is_none())
        .count();
    assert_eq!(without_role, 7, "exactly the failed ones are unchanged");

    let record = latest_run(&dir);
    let failed = record.count(|s| matches!(s, ItemState::Finished(Outcome::Failed { .. })));
    assert_eq!(failed, 7);
    let retry = run(client.clone(), &journal, &record, true).await;
    assert_eq!(
        (retry.succeeded(), retry.failed()),
        (7, 0),
        "only the failed ones are sent again"
    );
    assert!(
        users(&client, &org)
            .await
            .iter()
            .all(|u| u.role_id == Some(1))
    );
}

#[tokio::test]
async fn a_resume_after_a_crash_neither_loses_nor_doubles_a_create() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = organization_with_users(&client, 0).await;
    let items: Vec<BulkItem> = (0..30)
        .map(|n| BulkItem {
            target: format!("user{n:04}@bulk.example"),
            before: String::new(),
            after: "created".into(),
            mutation: new_user(&org, n),
            undo: None,
        })
        .collect();
    let plan = BulkPlan {
        action: "import users".into(),
        items,
        invalid: Vec::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    let record = runner::begin(&journal, "run-crash", "test", &plan)
        .await
        .unwrap();

    // The crash: items 0..10 finished; items 10..13 were sent but their answers never reached
    // the journal (item 12's request never reached the server at all); the rest never started.
    for (n, item) in plan.items.iter().enumerate().take(13) {
        let start = Entry::Start {
            run: record.run.clone(),
            item: n,
            at: String::new(),
        };
        journal.append(&start).await.unwrap();
        if n == 12 {
            continue;
        }
        let created = client.mutate(&item.mutation).await.unwrap();
        if n < 10 {
            let outcome = Outcome::Ok {
                created,
                verified: false,
            };
            let finish = Entry::Finish {
                run: record.run.clone(),
                item: n,
                at: String::new(),
                outcome,
            };
            journal.append(&finish).await.unwrap();
        }
    }
    let interrupted = latest_run(&dir);
    assert_eq!(interrupted.count(|s| matches!(s, ItemState::Unknown)), 3);
    assert_eq!(interrupted.count(|s| matches!(s, ItemState::Pending)), 17);

    let resumed = run(client.clone(), &journal, &interrupted, false).await;
    assert_eq!((resumed.succeeded(), resumed.failed()), (20, 0));
    let verified = resumed
        .events
        .iter()
        .filter(|e| {
            matches!(
                e,
                BulkEvent::Finished {
                    outcome: Outcome::Ok { verified: true, .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(
        verified, 2,
        "the two creates that did reach the server are not sent again"
    );

    let mut names: Vec<String> = users(&client, &org)
        .await
        .into_iter()
        .map(|u| u.username)
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 30, "every user exactly once");
    assert_eq!(users(&client, &org).await.len(), 30);
    assert!(!latest_run(&dir).is_interrupted());
}

#[tokio::test]
async fn a_stop_leaves_the_rest_pending_for_a_resume() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = organization_with_users(&client, 30).await;
    let plan = BulkPlan::change_user_role(&org, &users(&client, &org).await, &admin_role());
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    let record = runner::begin(&journal, "run-stop", "test", &plan)
        .await
        .unwrap();
    let (tx, _rx) = mpsc::unbounded_channel();
    let stop = Arc::new(AtomicBool::new(true));
    runner::run(client.clone(), journal.clone(), &record, false, 8, tx, stop).await;
    assert_eq!(
        latest_run(&dir).count(|s| matches!(s, ItemState::Pending)),
        30
    );
    let resumed = run(client.clone(), &journal, &latest_run(&dir), false).await;
    assert_eq!(resumed.succeeded(), 30);
}

/// Every write to the organization's users answers 502 (and so do the reads that would check
/// them): after [`runner::GIVE_UP_AFTER`] items in a row without an answer the run launches no
/// more, says why, and `R` sends the rest once the server answers again — none doubled.
#[tokio::test]
async fn a_run_gives_up_when_the_server_stops_answering_and_retry_sends_the_rest() {
    let stand = stand_in().await;
    let mut config = crate::support::client_config(&stand.handle);
    config.retry = tenantdeck::api::RetryPolicy {
        retries: 1,
        base: std::time::Duration::from_millis(5),
    };
    let client = Arc::new(CloudmoreClient::new(config).unwrap());
    let org = organization_with_users(&client, 0).await;
    let items: Vec<BulkItem> = (0..200)
        .map(|n| BulkItem {
            target: format!("user{n:04}@bulk.example"),
            before: String::new(),
            after: "created".into(),
            mutation: new_user(&org, n),
            undo: None,
        })
        .collect();
    let plan = BulkPlan {
        action: "create users".into(),
        items,
        invalid: Vec::new(),
    };
    let users_path = format!("/organizations/{org}/users");
    stand.handle.fail_next(&users_path, 502, 100_000);
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    let record = runner::begin(&journal, "run-down", "test", &plan)
        .await
        .unwrap();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let stop = Arc::new(AtomicBool::new(false));
    runner::run(client.clone(), journal.clone(), &record, false, 8, tx, stop).await;
    let mut events = Vec::new();
    while let Ok(event) = rx.try_recv() {
        events.push(event);
    }
    let Some(BulkEvent::Ended {
        stopped: true,
        gave_up: Some(reason),
    }) = events.last()
    else {
        panic!("the run gives up: {:?}", events.last());
    };
    assert!(reason.contains("stopped answering"), "{reason}");
    let started = events
        .iter()
        .filter(|e| matches!(e, BulkEvent::Started { .. }))
        .count();
    // Those already launched when it gave up still go: up to twice the concurrency being
    // sent and as many answered but not yet counted.
    assert!(
        (runner::GIVE_UP_AFTER..=runner::GIVE_UP_AFTER + 4 * 8).contains(&started),
        "{started} of 200 sent: no more than those on their way when it gave up"
    );

    stand.handle.faults().clear();
    let record = latest_run(&dir);
    let retry = run(client.clone(), &journal, &record, true).await;
    assert_eq!(retry.failed(), 0);
    let created = users(&client, &org).await;
    assert_eq!(created.len(), 200, "each made once");
}

/// Issue 15.2: a bulk assign planned before the console knew its service (so it counted as
/// taking users) is refused item by item by the stand-in, with the reason; planned knowing the
/// service is not user-assigned, it sends nothing.
#[tokio::test]
async fn a_bulk_assign_to_a_service_that_takes_no_users_assigns_nobody() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = organization_with_users(&client, 3).await;
    // Every user gets a role, so only the service's rule stands in the way.
    let roles = BulkPlan::change_user_role(&org, &users(&client, &org).await, &admin_role());
    for item in &roles.items {
        client.mutate(&item.mutation).await.unwrap();
    }
    let ResourceData::Estore(estore) = client
        .fetch(&Resource::Estore { org: org.clone() })
        .await
        .unwrap()
    else {
        panic!("the E-store");
    };
    let service = estore
        .iter()
        .find(|s| s.name == "Acronis Cyber Protect Cloud")
        .expect("a service not marked user-assigned")
        .id
        .clone();
    let input = OrganizationServiceAdd {
        service_id: service.clone(),
        custom_properties: Vec::new(),
    };
    let add = Mutation::AddService {
        org: org.clone(),
        input,
    };
    client.mutate(&add).await.unwrap();
    let products = Resource::Products {
        org: org.clone(),
        service: service.clone(),
    };
    let ResourceData::Products(products) = client.fetch(&products).await.unwrap() else {
        panic!("products");
    };
    let order = Mutation::CreateSubscription {
        org: org.clone(),
        service: service.clone(),
        input: SubscriptionCreate {
            product_id: products[0].id.clone(),
            quantity: products[0].min_quantity,
        },
    };
    let subscription = client.mutate(&order).await.unwrap().expect("its id");
    let targets: Vec<UserRef> = users(&client, &org)
        .await
        .into_iter()
        .map(|u| UserRef {
            id: u.id,
            name: u.username,
            assigned: false,
            has_role: true,
        })
        .collect();
    let mut sub = SubscriptionRef {
        org: org.clone(),
        service: service.clone(),
        subscription: subscription.clone(),
        name: products[0].name.clone(),
        takes_users: true,
    };

    let plan = BulkPlan::assign(&sub, &targets);
    assert_eq!(plan.items.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    let record = runner::begin(&journal, "run-assign", "test", &plan)
        .await
        .unwrap();
    let result = run(client.clone(), &journal, &record, false).await;
    assert_eq!((result.succeeded(), result.failed()), (0, 3));
    assert!(result.events.iter().all(|e| match e {
        BulkEvent::Finished {
            outcome: Outcome::Failed { message },
            ..
        } => message.contains("is not a user-assigned service"),
        _ => true,
    }));
    let assigned = Resource::SubscriptionUsers {
        org,
        service,
        subscription,
    };
    let ResourceData::SubscriptionUsers(assigned) = client.fetch(&assigned).await.unwrap() else {
        panic!("subscription users");
    };
    assert!(assigned.is_empty());

    sub.takes_users = false;
    assert!(BulkPlan::assign(&sub, &targets).items.is_empty());
}
