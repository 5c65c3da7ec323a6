//! Hierarchy changes (`Mutation::Node`) through the bulk engine, against the Pulse stand-in over
//! real HTTP with `PulseClient` as the provider: a status change of 300 organizations through
//! the worker, a worker killed mid-run and resumed, and answers lost after the server acted
//! settled by checking. The set-up here (`Rig`) also serves `node_bulk_settled.rs` (a single
//! edit's lost answer, undo, conflicts). Every result is read back through the API.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use tenantdeck::api::{
    ApiError, ApiRequest, Mutation, NodeChange, Provider, Resource, ResourceData,
};
use tenantdeck::bulk::journal::{self, Journal, JournalWriter, Outcome, RunRecord, Server};
use tenantdeck::bulk::plan::{BulkItem, BulkPlan, node_item};
use tenantdeck::bulk::runner::{self, BulkEvent};
use tenantdeck::bulk::undo::undo_plan;
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate, WorkerSetup, spawn_worker};
use tenantdeck::domain::hierarchy::OrgNode;
use tenantdeck::providers::pulse::PulseClient;
use tenantdeck::sandbox::{AfterServed, Seed};
use tokio::sync::mpsc::{self, UnboundedReceiver};

use crate::pulse_support::{self, Pulse};
use crate::support::count_requests;

pub(crate) const PROFILE: &str = "pulse-test";

/// A Pulse stand-in with demo data, a client signed in as its operator, and a journal.
pub(crate) struct Rig {
    pub(crate) pulse: Pulse,
    pub(crate) client: Arc<PulseClient>,
    pub(crate) journal: JournalWriter,
    pub(crate) path: PathBuf,
    pub(crate) _dir: tempfile::TempDir,
}

pub(crate) fn new_client(pulse: &Pulse) -> Arc<PulseClient> {
    let config = tenantdeck::demo::pulse_config(&pulse.handle, Duration::from_secs(10));
    Arc::new(PulseClient::new(config).unwrap())
}

pub(crate) fn server(pulse: &Pulse) -> Server {
    Server {
        api_url: pulse.handle.base_url(),
        account: pulse.operator().username,
        provider: "pulse".into(),
    }
}

pub(crate) fn open_journal(path: &Path, pulse: &Pulse) -> JournalWriter {
    JournalWriter::spawn(Journal::open(path).unwrap().with_server(server(pulse)))
}

pub(crate) async fn rig() -> Rig {
    let pulse = pulse_support::start(Seed::Demo).await;
    let client = new_client(&pulse);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let journal = open_journal(&path, &pulse);
    Rig {
        pulse,
        client,
        journal,
        path,
        _dir: dir,
    }
}

pub(crate) fn create(parent: &str, name: &str) -> NodeChange {
    NodeChange::Create {
        kind: tenantdeck::domain::hierarchy::NodeKind::Organization,
        profile: None,
        parent: Some(parent.to_string()),
        name: name.to_string(),
        active: true,
    }
}

pub(crate) fn move_to(node: &OrgNode, parent: &OrgNode, version: Option<String>) -> NodeChange {
    NodeChange::Move {
        id: node.id.clone(),
        name: node.name.clone(),
        parent: parent.id.clone(),
        version,
    }
}

/// A bulk move of `nodes` below `parent`, planned without versions as the screen plans it.
pub(crate) fn moves(nodes: &[OrgNode], parent: &OrgNode) -> BulkPlan {
    let items = nodes
        .iter()
        .map(|node| node_item(node, move_to(node, parent, None)))
        .collect();
    plan(&format!("move organizations to {}", parent.name), items)
}

pub(crate) fn plan(action: &str, items: Vec<BulkItem>) -> BulkPlan {
    BulkPlan {
        action: action.into(),
        items,
        invalid: Vec::new(),
    }
}

/// The outcomes of the items that finished, by item.
pub(crate) fn finished(events: &[BulkEvent]) -> Vec<(usize, Outcome)> {
    let mut done: Vec<(usize, Outcome)> = events
        .iter()
        .filter_map(|e| match e {
            BulkEvent::Finished { item, outcome } => Some((*item, outcome.clone())),
            _ => None,
        })
        .collect();
    done.sort_by_key(|(item, _)| *item);
    done
}

pub(crate) fn succeeded(events: &[BulkEvent]) -> usize {
    finished(events)
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Ok { .. }))
        .count()
}

/// The messages of the items that failed.
pub(crate) fn failures(events: &[BulkEvent]) -> Vec<(usize, String)> {
    finished(events)
        .into_iter()
        .filter_map(|(item, o)| match o {
            Outcome::Failed { message } => Some((item, message)),
            Outcome::Ok { .. } => None,
        })
        .collect()
}

impl Rig {
    pub(crate) async fn hierarchy(&self) -> Vec<OrgNode> {
        match self.client.fetch(&Resource::Hierarchy).await.unwrap() {
            ResourceData::Hierarchy(nodes) => nodes,
            other => panic!("a hierarchy, not {other:?}"),
        }
    }

    pub(crate) async fn node(&self, id: &str) -> Result<OrgNode, ApiError> {
        let resource = Resource::Node { id: id.into() };
        match self.client.fetch(&resource).await? {
            ResourceData::Node(node) => Ok(node),
            other => panic!("a node, not {other:?}"),
        }
    }

    /// The children of `parent` as the API has them, by name.
    pub(crate) async fn children(&self, parent: &str) -> Vec<OrgNode> {
        let mut kids: Vec<OrgNode> = self
            .hierarchy()
            .await
            .into_iter()
            .filter(|n| n.parent.as_deref() == Some(parent))
            .collect();
        kids.sort_by(|a, b| a.name.cmp(&b.name));
        kids
    }

    /// A new organization `name` below the first root tenant with `count` children, as read
    /// back: (it, its children by name).
    pub(crate) async fn fleet(&self, name: &str, count: usize) -> (OrgNode, Vec<OrgNode>) {
        let all = self.hierarchy().await;
        let root = all.iter().find(|n| n.parent.is_none()).expect("a root");
        let id = self.made(create(&root.id, name)).await;
        let units = (0..count).map(|n| self.made(create(&id, &format!("{name} unit {n:03}"))));
        futures_util::future::join_all(units).await;
        let kids = self.children(&id).await;
        assert_eq!(kids.len(), count);
        (self.node(&id).await.unwrap(), kids)
    }

    /// Makes `change` (a create) directly; the new id.
    pub(crate) async fn made(&self, change: NodeChange) -> String {
        let mutation = Mutation::Node(change);
        self.client.mutate(&mutation).await.unwrap().expect("an id")
    }

    /// Journals `plan` as run `run` and sends it with the runner; what it reported.
    pub(crate) async fn run_plan(&self, run: &str, plan: &BulkPlan) -> Vec<BulkEvent> {
        let record = runner::begin(&self.journal, run, PROFILE, plan)
            .await
            .unwrap();
        self.run(&record, false).await
    }

    /// Sends what `record` still needs (and its failed items when `retry_failed`).
    pub(crate) async fn run(&self, record: &RunRecord, retry_failed: bool) -> Vec<BulkEvent> {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let stop = Arc::new(AtomicBool::new(false));
        let (client, journal) = (self.client.clone(), self.journal.clone());
        runner::run(client, journal, record, retry_failed, 8, tx, stop).await;
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
        events
    }

    pub(crate) fn latest(&self) -> RunRecord {
        journal::read(&self.path).unwrap().pop().expect("a run")
    }

    /// Undoes the newest change of this profile on this server, as `z` does; what it reported.
    pub(crate) async fn undo(&self, run: &str) -> Vec<BulkEvent> {
        let runs = journal::read(&self.path).unwrap();
        let undo = undo_plan(&runs, PROFILE, &server(&self.pulse)).unwrap();
        self.run_plan(run, &undo).await
    }

    /// How many `METHOD /api/organizations/{id}` requests the stand-in saw.
    pub(crate) fn calls(&self, method: &str, id: &str) -> usize {
        count_requests(
            &self.pulse.handle,
            &format!("{method} /api/organizations/{id}"),
        )
    }
}

/// A worker's updates until its run ends: the events, and how many changes it announced.
pub(crate) async fn until_ended(
    updates: &mut UnboundedReceiver<BulkUpdate>,
) -> (Vec<BulkEvent>, usize) {
    let (mut all, mut changed) = (Vec::new(), 0);
    loop {
        let update = tokio::time::timeout(Duration::from_secs(60), updates.recv())
            .await
            .expect("progress within 60 s")
            .expect("the worker runs");
        match update {
            BulkUpdate::Progress { events, .. } => {
                let ended = events.iter().any(|e| matches!(e, BulkEvent::Ended { .. }));
                all.extend(events);
                if ended {
                    return (all, changed);
                }
            }
            BulkUpdate::Changed { mutations } => changed += mutations.len(),
            other => panic!("unexpected: {other:?}"),
        }
    }
}

pub(crate) fn worker_setup(
    client: Arc<PulseClient>,
    journal: JournalWriter,
    path: &Path,
    concurrency: usize,
) -> (
    WorkerSetup<PulseClient>,
    mpsc::UnboundedReceiver<ApiRequest>,
) {
    let (actor, forgets) = mpsc::unbounded_channel();
    let setup = WorkerSetup {
        provider: client,
        journal,
        profile: PROFILE.into(),
        concurrency,
        actor,
        journal_path: path.to_path_buf(),
        read_only: false,
    };
    (setup, forgets)
}

#[tokio::test]
pub(crate) async fn setting_300_organizations_inactive_through_the_worker_shows_in_the_api() {
    let rig = rig().await;
    let (_, units) = rig.fleet("Cold Chain", 300).await;
    let plan = BulkPlan::set_nodes_active(&units, false);
    assert_eq!((plan.items.len(), plan.invalid.len()), (300, 0));
    assert_eq!(
        (plan.items[0].before.as_str(), plan.items[0].after.as_str()),
        ("active", "inactive")
    );
    let (setup, _forgets) = worker_setup(rig.client.clone(), rig.journal.clone(), &rig.path, 8);
    let mut worker = spawn_worker(setup);
    let start = BulkCommand::Start {
        run: "run-300".into(),
        plan: plan.into(),
    };
    worker.commands.send(start).unwrap();
    let (events, changed) = until_ended(&mut worker.updates).await;
    assert_eq!(succeeded(&events), 300, "{:?}", failures(&events));
    assert_eq!(changed, 300, "the UI hears of each change");

    let after = rig.hierarchy().await;
    let inactive = units
        .iter()
        .filter(|u| {
            after
                .iter()
                .any(|n| n.id == u.id && !n.active && n.status == "INACTIVE")
        })
        .count();
    assert_eq!(inactive, 300, "every one is inactive on the server");
    assert!(!rig.latest().is_interrupted());
}

#[tokio::test]
pub(crate) async fn a_worker_killed_mid_run_is_resumed_with_nothing_lost_or_doubled() {
    let rig = rig().await;
    let (depot, _) = rig.fleet("Depot", 0).await;
    let names: Vec<String> = (0..120).map(|n| format!("Depot bay {n:03}")).collect();
    let items = names
        .iter()
        .map(|name| node_item(&depot, create(&depot.id, name)))
        .collect();
    let plan = plan("create organizations", items);
    // Each create is made at once and its answer held a little: a run long enough to be
    // killed in, with creates in flight that the server has made but the journal not seen.
    rig.pulse.handle.faults().after_served(
        "post /api/organizations",
        AfterServed::Delay(Duration::from_millis(50)),
        10_000,
    );

    // The console that crashes: its worker on a runtime of its own, with its own client.
    let doomed = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (setup, _forgets) = worker_setup(
        new_client(&rig.pulse),
        open_journal(&rig.path, &rig.pulse),
        &rig.path,
        3,
    );
    let mut worker = {
        let _inside = doomed.enter();
        spawn_worker(setup)
    };
    let start = BulkCommand::Start {
        run: "run-killed".into(),
        plan: plan.into(),
    };
    worker.commands.send(start).unwrap();
    let mut done = 0;
    while done < 10 {
        let update = tokio::time::timeout(Duration::from_secs(30), worker.updates.recv())
            .await
            .expect("progress")
            .expect("the worker runs");
        if let BulkUpdate::Progress { events, .. } = update {
            done += finished(&events).len();
        }
    }
    // The crash: every task of that console stops where it is.
    tokio::task::spawn_blocking(move || drop(doomed))
        .await
        .unwrap();
    drop(worker);

    let interrupted = rig.latest();
    assert!(interrupted.is_interrupted(), "killed before the end");
    let resumed = rig.run(&interrupted, false).await;
    assert!(failures(&resumed).is_empty(), "{:?}", failures(&resumed));
    let record = rig.latest();
    assert!(!record.is_interrupted(), "{:?}", record.states);
    assert_eq!(
        record.count(|s| matches!(
            s,
            journal::ItemState::Finished(Outcome::Ok {
                created: Some(_),
                ..
            })
        )),
        120,
        "every item done, with the id it made"
    );

    let made: Vec<String> = rig
        .children(&depot.id)
        .await
        .into_iter()
        .map(|n| n.name)
        .collect();
    assert_eq!(made, names, "every bay exactly once");
}

#[tokio::test]
pub(crate) async fn answers_lost_after_the_server_acted_are_settled_by_checking() {
    let rig = rig().await;
    let (harbour, units) = rig.fleet("Harbour", 2).await;
    let (airport, _) = rig.fleet("Airport", 0).await;
    let faults = rig.pulse.handle.faults();

    // A create whose answer became a gateway's 502.
    faults.after_served("post /api/organizations", AfterServed::Status(502), 1);
    let item = node_item(&harbour, create(&harbour.id, "Harbour crane 7"));
    let events = rig
        .run_plan("lost-create", &plan("create", vec![item]))
        .await;
    let outcomes = finished(&events);
    let [
        (
            0,
            Outcome::Ok {
                created: Some(id),
                verified: true,
            },
        ),
    ] = outcomes.as_slice()
    else {
        panic!("found done with its id: {events:?}");
    };
    let cranes: Vec<String> = rig
        .children(&harbour.id)
        .await
        .into_iter()
        .filter(|n| n.name == "Harbour crane 7")
        .map(|n| n.id)
        .collect();
    assert_eq!(cranes, vec![id.clone()], "made once, and that is the id");

    // A move whose connection was cut before the answer.
    let moved = &units[0];
    faults.after_served(
        &format!("put /api/organizations/{}", moved.id),
        AfterServed::Reset,
        1,
    );
    let item = node_item(moved, move_to(moved, &airport, None));
    let events = rig.run_plan("lost-move", &plan("move", vec![item])).await;
    assert!(
        matches!(
            finished(&events).as_slice(),
            [(0, Outcome::Ok { verified: true, .. })]
        ),
        "{events:?}"
    );
    let now = rig.node(&moved.id).await.unwrap();
    assert_eq!(now.parent.as_deref(), Some(airport.id.as_str()));
    assert_eq!(rig.calls("put", &moved.id), 1, "not sent again");

    // A delete whose answer became a 502.
    let gone = &units[1];
    faults.after_served(
        &format!("delete /api/organizations/{}", gone.id),
        AfterServed::Status(502),
        1,
    );
    let item = node_item(
        gone,
        NodeChange::Delete {
            kind: tenantdeck::domain::hierarchy::NodeKind::Organization,
            id: gone.id.clone(),
            name: gone.name.clone(),
        },
    );
    let events = rig
        .run_plan("lost-delete", &plan("delete", vec![item]))
        .await;
    assert!(
        matches!(
            finished(&events).as_slice(),
            [(0, Outcome::Ok { verified: true, .. })]
        ),
        "{events:?}"
    );
    assert_eq!(rig.node(&gone.id).await, Err(ApiError::NotFound));
    assert_eq!(rig.calls("delete", &gone.id), 1, "not sent again");
}
