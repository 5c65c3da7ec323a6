//! The bulk worker against the stand-in, as the console uses it: started next to the API
//! actor, it runs a plan in the background, reports progress by run id, honours a stop, and
//! after each item tells the actor to forget what the item changed, so a read through the
//! actor right after the run sees the new data instead of the cached old one.

use std::time::Duration;

use tenantdeck::api::{self, ApiEvent, ApiRequest, Mutation, Resource, ResourceData};
use tenantdeck::bulk::journal::{self, Journal, JournalWriter};
use tenantdeck::bulk::plan::BulkPlan;
use tenantdeck::bulk::runner::BulkEvent;
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate, WorkerSetup, spawn_worker};
use tenantdeck::domain::{OrganizationInput, Role, User, UserInput};

use crate::support::{client, next_event, stand_in};

async fn users_through_actor(
    requests: &tokio::sync::mpsc::UnboundedSender<ApiRequest>,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<ApiEvent>,
    org: &str,
    id: u64,
) -> Vec<User> {
    let resource = Resource::Users { org: org.into() };
    requests.send(ApiRequest::Fetch { id, resource }).unwrap();
    loop {
        if let ApiEvent::Loaded { id: got, data, .. } = next_event(events).await
            && got == id
            && let ResourceData::Users(users) = data.as_ref()
        {
            return users.clone();
        }
    }
}

#[tokio::test]
async fn the_worker_runs_a_plan_and_the_actor_forgets_what_it_changed() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = client
        .mutate(&Mutation::CreateOrganization(Box::new(OrganizationInput {
            name: "Worker Test Ltd".into(),
            is_active: true,
            ..Default::default()
        })))
        .await
        .unwrap()
        .unwrap();
    for n in 0..20 {
        let input = UserInput {
            username: format!("w{n}@worker.example"),
            first_name: "W".into(),
            last_name: format!("{n}"),
            email: format!("w{n}@worker.example"),
            generate_password: true,
            ..Default::default()
        };
        let create = Mutation::CreateUser {
            org: org.clone(),
            input: Box::new(input),
        };
        client.mutate(&create).await.unwrap();
    }
    let api::ActorChannels {
        requests,
        mut events,
    } = api::spawn_actor(client.clone(), api::DEFAULT_FRESH_FOR);
    let before = users_through_actor(&requests, &mut events, &org, 1).await;
    assert!(before.iter().all(|u| u.role_id != Some(1)));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut worker = spawn_worker(WorkerSetup {
        provider: client.clone(),
        journal: JournalWriter::spawn(Journal::open(&path).unwrap()),
        profile: "test".into(),
        concurrency: 4,
        actor: requests.clone(),
        journal_path: path.clone(),
        read_only: false,
    });
    let role = Role {
        id: 1,
        name: "Organization Admin".into(),
    };
    let plan = BulkPlan::change_user_role(&org, &before, &role);
    let run = "run-1".to_string();
    worker
        .commands
        .send(BulkCommand::Start {
            run: run.clone(),
            plan: plan.into(),
        })
        .unwrap();
    let (mut finished, mut changed) = (0, 0);
    loop {
        let update = tokio::time::timeout(Duration::from_secs(20), worker.updates.recv())
            .await
            .expect("progress within 20 s")
            .expect("the worker runs");
        let (got, events) = match update {
            BulkUpdate::Progress { run, events } => (run, events),
            BulkUpdate::Changed { mutations } => {
                changed += mutations.len();
                continue;
            }
            other => panic!("unexpected: {other:?}"),
        };
        assert_eq!(got, run, "progress is tagged with its run");
        let mut ended = false;
        for event in events {
            match event {
                BulkEvent::Finished { .. } => finished += 1,
                BulkEvent::Ended { stopped, .. } => {
                    assert!(!stopped);
                    ended = true;
                }
                _ => {}
            }
        }
        if ended {
            break;
        }
    }
    assert_eq!(finished, 20);
    assert_eq!(changed, 20, "the UI hears of what each item changed");
    let after = users_through_actor(&requests, &mut events, &org, 2).await;
    assert!(
        after.iter().all(|u| u.role_id == Some(1)),
        "the actor's cached list was forgotten, so the new roles show"
    );
    let runs = journal::read(&path).unwrap();
    assert_eq!(runs.len(), 1);
    assert!(!runs[0].is_interrupted());
    assert_eq!(runs[0].profile, "test");
}

#[tokio::test]
async fn stop_ends_the_launching_and_leaves_the_rest_pending_in_the_journal() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = client
        .mutate(&Mutation::CreateOrganization(Box::new(OrganizationInput {
            name: "Stop Test Ltd".into(),
            is_active: true,
            ..Default::default()
        })))
        .await
        .unwrap()
        .unwrap();
    let users: Vec<User> = (0..30)
        .map(|n| User {
            id: format!("missing-{n}"),
            username: format!("s{n}@stop.example"),
            ..Default::default()
        })
        .collect();
    let api::ActorChannels { requests, .. } =
        api::spawn_actor(client.clone(), api::DEFAULT_FRESH_FOR);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut worker = spawn_worker(WorkerSetup {
        provider: client.clone(),
        journal: JournalWriter::spawn(Journal::open(&path).unwrap()),
        profile: "test".into(),
        concurrency: 2,
        actor: requests,
        journal_path: path.clone(),
        read_only: false,
    });
    stand
        .handle
        .faults()
        .slow("/users/", Duration::from_millis(100));
    let role = Role {
        id: 1,
        name: "Organization Admin".into(),
    };
    let plan = BulkPlan::change_user_role(&org, &users, &role);
    let run = "run-stop".to_string();
    let send = |command| worker.commands.send(command).unwrap();
    send(BulkCommand::Start {
        run: run.clone(),
        plan: plan.into(),
    });
    let mut finished = 0;
    loop {
        let update = tokio::time::timeout(Duration::from_secs(20), worker.updates.recv())
            .await
            .unwrap()
            .unwrap();
        let BulkUpdate::Progress { events, .. } = update else {
            continue;
        };
        let mut ended = false;
        for event in events {
            match event {
                BulkEvent::Finished { .. } => {
                    finished += 1;
                    if finished == 1 {
                        send(BulkCommand::Stop { run: run.clone() });
                    }
                }
                BulkEvent::Ended { stopped, .. } => {
                    assert!(stopped, "the run says it was stopped");
                    ended = true;
                }
                _ => {}
            }
        }
        if ended {
            break;
        }
    }
    assert!(
        finished < 30,
        "the stop ended the launching: {finished} finished"
    );
    let record = journal::read(&path).unwrap().pop().unwrap();
    assert!(
        record.is_interrupted(),
        "the rest stays pending, ready to resume"
    );
    assert_eq!(
        record.count(|s| matches!(s, tenantdeck::bulk::journal::ItemState::Unknown)),
        0,
        "the items in flight finished before the run ended"
    );
}

#[tokio::test]
async fn a_single_edit_is_journaled_without_its_password_and_read_back() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let api::ActorChannels { requests, .. } =
        api::spawn_actor(client.clone(), api::DEFAULT_FRESH_FOR);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut worker = spawn_worker(WorkerSetup {
        provider: client.clone(),
        journal: JournalWriter::spawn(Journal::open(&path).unwrap()),
        profile: "test".into(),
        concurrency: 1,
        actor: requests,
        journal_path: path.clone(),
        read_only: false,
    });
    let org = first_org(&client).await;
    let create = Mutation::CreateUser {
        org,
        input: Box::new(UserInput {
            username: "pw@x.example".into(),
            first_name: "Pw".into(),
            last_name: "Test".into(),
            email: "pw@x.example".into(),
            password: Some(tenantdeck::secret::Secret::new("Secr3t!pass")),
            ..Default::default()
        }),
    };
    let item = tenantdeck::bulk::plan::BulkItem {
        target: create.target(),
        before: String::new(),
        after: "create user".into(),
        mutation: create,
        undo: None,
    };
    worker
        .commands
        .send(BulkCommand::Single {
            id: 7,
            item: Box::new(item),
        })
        .unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(10), worker.updates.recv())
        .await
        .unwrap();
    let Some(BulkUpdate::Single { id: 7, result, .. }) = answer else {
        panic!("the edit's answer: {answer:?}");
    };
    let created = result.expect("the user is created");
    worker
        .commands
        .send(BulkCommand::ReadJournal {
            purpose: tenantdeck::bulk::worker::JournalPurpose::Activity,
        })
        .unwrap();
    let Some(BulkUpdate::Journal { runs: Ok(page), .. }) = worker.updates.recv().await else {
        panic!("the journal");
    };
    let runs = page.runs;
    assert_eq!(runs.len(), 1, "one one-item run");
    assert_eq!(runs[0].action, "create user");
    assert!(!runs[0].is_interrupted());
    assert_eq!(
        runs[0].states[0],
        tenantdeck::bulk::journal::ItemState::Finished(tenantdeck::bulk::journal::Outcome::Ok {
            created,
            verified: false
        }),
        "journaled with its outcome"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("Secr3t"),
        "no password in the journal: {text}"
    );
}

/// The id of some organization of the stand-in's demo data.
async fn first_org(client: &tenantdeck::providers::cloudmore::CloudmoreClient) -> String {
    let ResourceData::Organizations(orgs) = client.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!("organizations");
    };
    orgs[0].id.to_string()
}
