//! One write path, against the stand-in: a single edit is journaled before its request leaves
//! and verified on resume like a bulk item when the process died in between; a read-only
//! profile's actor and worker refuse writes without a request; `z` only offers changes made
//! against the server the console is on.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tenantdeck::api::{
    self, ApiError, ApiEvent, ApiRequest, Mutation, Provider, Resource, ResourceData,
};
use tenantdeck::bulk::journal::{self, Entry, ItemState, Journal, JournalWriter, Outcome, Server};
use tenantdeck::bulk::plan::{BulkItem, BulkPlan};
use tenantdeck::bulk::runner::BulkEvent;
use tenantdeck::bulk::worker::{
    BulkCommand, BulkUpdate, WorkerChannels, WorkerSetup, spawn_worker,
};
use tenantdeck::domain::{OrganizationInput, UserInput};
use tenantdeck::providers::cloudmore::CloudmoreClient;

use crate::support;
use crate::support::{client, next_event, stand_in};

/// The real client, watched: whether the journal held the edit's start line when the request
/// left, and (when `die`) a process that never hears the answer, as if killed right after.
struct Watched {
    client: Arc<CloudmoreClient>,
    journal: PathBuf,
    started_first: AtomicBool,
    die: bool,
}

impl Provider for Watched {
    async fn fetch(&self, resource: &Resource) -> Result<ResourceData, ApiError> {
        self.client.fetch(resource).await
    }

    async fn mutate(&self, mutation: &Mutation) -> Result<Option<String>, ApiError> {
        let lines = std::fs::read_to_string(&self.journal).unwrap_or_default();
        let last = lines.lines().last().unwrap_or_default().to_string();
        let started = last.contains("\"event\":\"start\"") && lines.contains(&mutation.target());
        self.started_first.store(started, Ordering::SeqCst);
        let result = self.client.mutate(mutation).await;
        if self.die {
            std::future::pending::<()>().await;
        }
        result
    }

    fn capabilities(&self) -> tenantdeck::domain::hierarchy::Capabilities {
        self.client.capabilities()
    }
}

fn server(stand: &support::Sandbox) -> Server {
    Server {
        api_url: stand.handle.base_url(),
        account: stand.handle.credentials().reseller_id.clone(),
        provider: "cloudmore".into(),
    }
}

fn worker<P: Provider>(
    provider: Arc<P>,
    path: &Path,
    server: Server,
    read_only: bool,
) -> WorkerChannels {
    // The cache the worker tells to forget is not under test here.
    let (requests, _) = tokio::sync::mpsc::unbounded_channel();
    spawn_worker(WorkerSetup {
        provider,
        journal: JournalWriter::spawn(Journal::open(path).unwrap().with_server(server)),
        profile: "test".into(),
        concurrency: 2,
        actor: requests,
        journal_path: path.to_path_buf(),
        read_only,
    })
}

async fn next(worker: &mut WorkerChannels) -> BulkUpdate {
    tokio::time::timeout(Duration::from_secs(10), worker.updates.recv())
        .await
        .expect("an update within 10 s")
        .expect("the worker is running")
}

async fn some_org(client: &CloudmoreClient) -> String {
    let ResourceData::Organizations(orgs) = client.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!("organizations");
    };
    orgs[0].id.to_string()
}

fn create_user(org: &str, username: &str) -> BulkItem {
    let mutation = Mutation::CreateUser {
        org: org.into(),
        input: Box::new(UserInput {
            username: username.into(),
            first_name: "Once".into(),
            last_name: "Only".into(),
            email: username.into(),
            generate_password: true,
            ..Default::default()
        }),
    };
    BulkItem {
        target: mutation.target(),
        before: String::new(),
        after: mutation.describe().into(),
        mutation,
        undo: None,
    }
}

async fn users_named(client: &CloudmoreClient, org: &str, username: &str) -> usize {
    let users = client
        .fetch(&Resource::Users { org: org.into() })
        .await
        .unwrap();
    let ResourceData::Users(users) = users else {
        panic!("users");
    };
    users.iter().filter(|u| u.username == username).count()
}

#[tokio::test]
async fn a_single_edit_is_journaled_before_it_leaves_and_verified_on_resume_after_a_crash() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = some_org(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let watched = Arc::new(Watched {
        client: client.clone(),
        journal: path.clone(),
        started_first: AtomicBool::new(false),
        die: true,
    });
    let dying = worker(watched.clone(), &path, server(&stand), false);
    let item = create_user(&org, "once@only.example");
    let single = BulkCommand::Single {
        id: 1,
        item: Box::new(item),
    };
    dying.commands.send(single).unwrap();
    // The request reaches the server; the process "dies" before it hears the answer.
    let arrived = async {
        while users_named(&client, &org, "once@only.example").await == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(10), arrived)
        .await
        .expect("the create reaches the stand-in");
    assert!(
        watched.started_first.load(Ordering::SeqCst),
        "the edit's start was on disk before its request left"
    );
    drop(dying);

    // The next start finds a one-item run of unknown outcome, and resume checks the API.
    let record = journal::read(&path).unwrap().pop().unwrap();
    assert!(record.belongs_to("test", &server(&stand)));
    assert_eq!(record.states, vec![ItemState::Unknown]);
    let mut resumed = worker(client.clone(), &path, server(&stand), false);
    let resume = BulkCommand::Continue {
        record,
        retry_failed: false,
    };
    resumed.commands.send(resume).unwrap();
    'heard: loop {
        if let BulkUpdate::Progress { events, .. } = next(&mut resumed).await {
            for event in events {
                if let BulkEvent::Finished { outcome, .. } = event {
                    assert!(
                        matches!(outcome, Outcome::Ok { verified: true, .. }),
                        "{outcome:?}"
                    );
                    break 'heard;
                }
            }
        }
    }
    assert_eq!(
        users_named(&client, &org, "once@only.example").await,
        1,
        "not created twice"
    );
}

#[tokio::test]
async fn a_read_only_profile_refuses_writes_at_the_actor_and_the_worker_with_no_request() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let before = stand.handle.request_count();
    let create = Mutation::CreateOrganization(Box::new(OrganizationInput {
        name: "Never Made Ltd".into(),
        is_active: true,
        ..Default::default()
    }));

    let mut actor = api::spawn_actor_for(client.clone(), api::DEFAULT_FRESH_FOR, true);
    let write = ApiRequest::Mutate {
        id: 1,
        mutation: Box::new(create.clone()),
    };
    actor.requests.send(write).unwrap();
    let ApiEvent::Mutated { id: 1, result, .. } = next_event(&mut actor.events).await else {
        panic!("the write is answered");
    };
    assert_eq!(result, Err(ApiError::ReadOnly));
    assert!(ApiError::ReadOnly.to_string().contains("read-only"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut worker = worker(client.clone(), &path, server(&stand), true);
    let item = BulkItem {
        target: create.target(),
        before: String::new(),
        after: String::new(),
        mutation: create,
        undo: None,
    };
    let single = BulkCommand::Single {
        id: 2,
        item: Box::new(item.clone()),
    };
    worker.commands.send(single).unwrap();
    let BulkUpdate::Single { id: 2, result, .. } = next(&mut worker).await else {
        panic!("the single edit is answered");
    };
    assert_eq!(result, Err(ApiError::ReadOnly));
    let plan = BulkPlan {
        action: "create organizations".into(),
        items: vec![item],
        invalid: Vec::new(),
    };
    let run = BulkCommand::Start {
        run: "r".into(),
        plan: plan.into(),
    };
    worker.commands.send(run).unwrap();
    let BulkUpdate::Refused { message, .. } = next(&mut worker).await else {
        panic!("the run is refused");
    };
    assert!(message.contains("read-only"), "{message}");

    assert_eq!(
        stand.handle.request_count(),
        before,
        "no HTTP request was made"
    );
    assert!(
        journal::read(&path).unwrap().is_empty(),
        "nothing journaled"
    );
}

#[tokio::test]
async fn z_on_a_fresh_console_does_not_offer_a_change_made_against_another_server() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = some_org(&client).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    // An earlier process assigned a user against another stand-in (another port).
    let elsewhere = Server {
        api_url: "http://127.0.0.1:1".into(),
        ..server(&stand)
    };
    let mut old = Journal::open(&path).unwrap().with_server(elsewhere);
    let assign = Mutation::UnassignUser {
        org,
        service: "s".into(),
        subscription: "sub".into(),
        user: "u".into(),
    };
    let item = BulkItem {
        target: assign.target(),
        before: "assigned".into(),
        after: "not assigned".into(),
        mutation: assign,
        undo: None,
    };
    let header = Entry::Run {
        run: "old".into(),
        at: "2026-11-23T05:00:00Z".into(),
        profile: "test".into(),
        server: None,
        action: "unassign user".into(),
        items: vec![item].into(),
    };
    old.append(&header).unwrap();
    let done = Entry::Finish {
        run: "old".into(),
        item: 0,
        at: "2026-11-23T05:00:01Z".into(),
        outcome: Outcome::Ok {
            created: None,
            verified: false,
        },
    };
    old.append(&done).unwrap();

    let mut worker = worker(client, &path, server(&stand), false);
    let mut app = tenantdeck::app::App::new(tenantdeck::app::SessionInfo {
        profile: "test".into(),
        api_url: stand.handle.base_url(),
        reseller_id: stand.handle.credentials().reseller_id.clone(),
        ..Default::default()
    });
    let z =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('z'));
    app.handle_terminal_event(ratatui::crossterm::event::Event::Key(z));
    for command in app.take_bulk_commands() {
        worker.commands.send(command).unwrap();
    }
    app.handle_bulk_update(next(&mut worker).await);
    let screen = {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 30)).unwrap();
        terminal.draw(|f| tenantdeck::ui::draw(f, &app)).unwrap();
        terminal.backend().to_string()
    };
    assert!(screen.contains("nothing to undo here"), "{screen}");
    assert!(!screen.contains("undo: unassign"), "no preview: {screen}");
}

/// The users of `org` as the actor answers them (from its cache when it has them).
async fn users_through_actor(actor: &mut api::ActorChannels, org: &str, id: u64) -> Vec<String> {
    let resource = Resource::Users { org: org.into() };
    actor
        .requests
        .send(ApiRequest::Fetch { id, resource })
        .unwrap();
    loop {
        if let ApiEvent::Loaded { id: got, data, .. } = next_event(&mut actor.events).await
            && got == id
            && let ResourceData::Users(users) = data.as_ref()
        {
            return users.iter().map(|u| u.username.clone()).collect();
        }
    }
}

#[tokio::test]
async fn after_a_single_edit_the_actor_has_forgotten_what_it_touched() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let org = some_org(&client).await;
    let mut actor = api::spawn_actor(client.clone(), api::DEFAULT_FRESH_FOR);
    let before = users_through_actor(&mut actor, &org, 1).await;
    assert!(!before.contains(&"fresh@only.example".to_string()));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut worker = spawn_worker(WorkerSetup {
        provider: client.clone(),
        journal: JournalWriter::spawn(Journal::open(&path).unwrap().with_server(server(&stand))),
        profile: "test".into(),
        concurrency: 2,
        actor: actor.requests.clone(),
        journal_path: path.clone(),
        read_only: false,
    });
    let single = BulkCommand::Single {
        id: 2,
        item: Box::new(create_user(&org, "fresh@only.example")),
    };
    worker.commands.send(single).unwrap();
    let BulkUpdate::Single { result, .. } = next(&mut worker).await else {
        panic!("the answer");
    };
    assert!(result.is_ok(), "{result:?}");
    // Within the cache's freshness: only a forgotten entry shows the new user.
    let after = users_through_actor(&mut actor, &org, 3).await;
    assert!(
        after.contains(&"fresh@only.example".to_string()),
        "{after:?}"
    );
}
