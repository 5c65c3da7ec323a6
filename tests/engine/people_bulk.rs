//! People writes (`Mutation::People`) through the bulk engine, against the Metal stand-in over
//! real HTTP with `MetalClient` as the provider: invitations read from a CSV file, a worker
//! killed mid-run and resumed (every address invited once, each with the id it made), and an
//! invite whose answer was lost after the server made it, found done by checking.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use tenantdeck::api::{Mutation, PeopleChange};
use tenantdeck::bulk::import_invites::{Destination, invites_from_csv};
use tenantdeck::bulk::journal::{
    self, ItemState, Journal, JournalWriter, Outcome, RunRecord, Server,
};
use tenantdeck::bulk::plan::BulkPlan;
use tenantdeck::bulk::runner::{self, BulkEvent};
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate, WorkerSetup, spawn_worker};
use tenantdeck::providers::metal::MetalClient;
use tenantdeck::sandbox::{AfterServed, Seed};
use tokio::sync::mpsc;

use crate::metal_support::{self, MAIN, Metal};
use crate::support::count_requests;

const PROFILE: &str = "metal-test";

struct Rig {
    metal: Metal,
    client: Arc<MetalClient>,
    journal: JournalWriter,
    path: PathBuf,
    org: String,
    _dir: tempfile::TempDir,
}

fn new_client(metal: &Metal) -> Arc<MetalClient> {
    let config = tenantdeck::demo::metal_config(&metal.handle, Duration::from_secs(10));
    Arc::new(MetalClient::new(config).unwrap())
}

fn open_journal(path: &Path, metal: &Metal) -> JournalWriter {
    let server = Server {
        api_url: metal.handle.base_url(),
        account: PROFILE.into(),
        provider: "metal".into(),
    };
    JournalWriter::spawn(Journal::open(path).unwrap().with_server(server))
}

/// A stand-in with a fresh organization of the main user's, and a journal.
async fn rig() -> Rig {
    let metal = metal_support::start(Seed::Demo).await;
    let org = metal.as_user(MAIN).create_org("Import Works").await;
    let client = new_client(&metal);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    Rig {
        journal: open_journal(&path, &metal),
        client,
        path,
        org: org["id"].as_str().unwrap().into(),
        metal,
        _dir: dir,
    }
}

impl Rig {
    /// The invitations of `addresses` as the CSV import plans them.
    fn plan(&self, addresses: &[String]) -> BulkPlan {
        let mut text = String::from("email,roles\n");
        for address in addresses {
            text.push_str(&format!("{address},billing\n"));
        }
        let into = Destination {
            organization: &self.org,
            name: "Import Works",
            projects: &[],
            members: &[],
            pending: &[],
        };
        let plan = invites_from_csv(&text, &into).unwrap();
        assert_eq!(plan.items.len(), addresses.len(), "{:?}", plan.invalid);
        plan
    }

    /// Every pending invitation of the organization: (invitee, id).
    async fn pending(&self) -> Vec<(String, String)> {
        let path = format!("/organizations/{}/invitations", self.org);
        let listed = self.metal.as_user(MAIN).all(&path, "invitations").await;
        listed
            .iter()
            .map(|i| {
                let field = |k: &str| i[k].as_str().unwrap().to_string();
                (field("invitee"), field("id"))
            })
            .collect()
    }

    async fn run(&self, record: &RunRecord) -> Vec<BulkEvent> {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let stop = Arc::new(AtomicBool::new(false));
        let (client, journal) = (self.client.clone(), self.journal.clone());
        runner::run(client, journal, record, false, 4, tx, stop).await;
        let mut events = Vec::new();
        while let Ok(event) = rx.try_recv() {
            events.push(event);
        }
        events
    }

    fn latest(&self) -> RunRecord {
        journal::read(&self.path).unwrap().pop().expect("a run")
    }
}

fn finished(events: &[BulkEvent]) -> Vec<Outcome> {
    events
        .iter()
        .filter_map(|e| match e {
            BulkEvent::Finished { outcome, .. } => Some(outcome.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn invitations_from_a_file_survive_a_killed_worker_with_none_lost_or_doubled() {
    let rig = rig().await;
    let addresses: Vec<String> = (0..40)
        .map(|n| format!("new{n:02}@import.example"))
        .collect();
    let plan = rig.plan(&addresses);
    // Each invitation is made at once and its answer held: some are made by the server and
    // not yet seen by the journal when the console dies.
    rig.metal.handle.faults().after_served(
        &format!("post /metal/v1/organizations/{}/invitations", rig.org),
        AfterServed::Delay(Duration::from_millis(50)),
        10_000,
    );
    let doomed = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (actor, _forgets) = mpsc::unbounded_channel();
    let setup = WorkerSetup {
        provider: new_client(&rig.metal),
        journal: open_journal(&rig.path, &rig.metal),
        profile: PROFILE.into(),
        concurrency: 3,
        actor,
        journal_path: rig.path.clone(),
        read_only: false,
    };
    let mut worker = {
        let _inside = doomed.enter();
        spawn_worker(setup)
    };
    let start = BulkCommand::Start {
        run: "invites-killed".into(),
        plan: plan.into(),
    };
    worker.commands.send(start).unwrap();
    let mut done = 0;
    while done < 8 {
        let update = tokio::time::timeout(Duration::from_secs(30), worker.updates.recv())
            .await
            .expect("progress")
            .expect("the worker runs");
        if let BulkUpdate::Progress { events, .. } = update {
            done += finished(&events).len();
        }
    }
    tokio::task::spawn_blocking(move || drop(doomed))
        .await
        .unwrap();
    drop(worker);

    let interrupted = rig.latest();
    assert!(interrupted.is_interrupted(), "killed before the end");
    let resumed = rig.run(&interrupted).await;
    let failed: Vec<_> = finished(&resumed)
        .into_iter()
        .filter(|o| matches!(o, Outcome::Failed { .. }))
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
    let record = rig.latest();
    assert!(!record.is_interrupted(), "{:?}", record.states);
    let pending = rig.pending().await;
    let mut invited: Vec<&str> = pending.iter().map(|(who, _)| who.as_str()).collect();
    invited.sort();
    assert_eq!(invited, addresses, "every address exactly once");
    for (item, state) in record.items.iter().zip(&record.states) {
        let Mutation::People(PeopleChange::Invite { email, .. }) = &item.mutation else {
            panic!("an invite: {item:?}");
        };
        let made = pending
            .iter()
            .find(|(who, _)| who == email)
            .map(|(_, id)| id);
        let ItemState::Finished(Outcome::Ok { created, .. }) = state else {
            panic!("{email}: {state:?}");
        };
        assert_eq!(created.as_ref(), made, "{email}: the id it made");
    }
}

#[tokio::test]
async fn an_invite_whose_answer_was_lost_is_found_done_and_not_sent_again() {
    let rig = rig().await;
    let address = "lost.answer@import.example".to_string();
    let route = format!("post /metal/v1/organizations/{}/invitations", rig.org);
    rig.metal
        .handle
        .faults()
        .after_served(&route, AfterServed::Status(502), 1);
    let plan = rig.plan(std::slice::from_ref(&address));
    let record = runner::begin(&rig.journal, "lost-invite", PROFILE, &plan)
        .await
        .unwrap();
    let events = rig.run(&record).await;
    let pending = rig.pending().await;
    let [(who, id)] = pending.as_slice() else {
        panic!("one invitation: {pending:?}");
    };
    assert_eq!(who, &address);
    assert_eq!(
        finished(&events),
        [Outcome::Ok {
            created: Some(id.clone()),
            verified: true
        }],
        "found done, with its id"
    );
    assert_eq!(count_requests(&rig.metal.handle, &route), 1, "sent once");
}
