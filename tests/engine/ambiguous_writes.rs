//! A create whose answer is lost is never made twice. Against the stand-in over real HTTP, with
//! its after-served faults (the write is done, then its answer is replaced by a gateway's 502 or
//! a 401, cut off, or held past the client's timeout), a single edit goes through the worker:
//! the loss is checked by natural key at once, and the edit is reported done with exactly one
//! organization made; a 401 met before anything was done is sent again after checking.

use std::sync::Arc;
use std::time::Duration;

use tenantdeck::api::{ApiRequest, Mutation, Resource, ResourceData};
use tenantdeck::bulk::journal::{Journal, JournalWriter};
use tenantdeck::bulk::plan::BulkItem;
use tenantdeck::bulk::worker::{
    BulkCommand, BulkUpdate, WorkerChannels, WorkerSetup, spawn_worker,
};
use tenantdeck::domain::OrganizationInput;
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tenantdeck::sandbox::AfterServed;

use crate::support;
use crate::support::{Sandbox, client_config, stand_in};

struct Rig {
    stand: Sandbox,
    client: Arc<CloudmoreClient>,
    worker: WorkerChannels,
    _journal: tempfile::TempDir,
}

async fn rig(timeout: Duration) -> Rig {
    let stand = stand_in().await;
    let mut config = client_config(&stand.handle);
    config.timeout = timeout;
    let client = Arc::new(CloudmoreClient::new(config).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let (actor, _) = tokio::sync::mpsc::unbounded_channel::<ApiRequest>();
    let worker = spawn_worker(WorkerSetup {
        provider: client.clone(),
        journal: JournalWriter::spawn(Journal::open(&path).unwrap()),
        profile: "test".into(),
        concurrency: 1,
        actor,
        journal_path: path,
        read_only: false,
    });
    Rig {
        stand,
        client,
        worker,
        _journal: dir,
    }
}

fn create(name: &str) -> Mutation {
    Mutation::CreateOrganization(Box::new(OrganizationInput {
        name: name.into(),
        customer_number: "C-77001".into(),
        is_active: true,
        ..Default::default()
    }))
}

impl Rig {
    /// Sends `mutation` as a single edit; its answer and whether it was found done.
    async fn single(&mut self, mutation: Mutation) -> (Result<Option<String>, String>, bool) {
        let item = BulkItem {
            target: mutation.target(),
            before: String::new(),
            after: mutation.describe().into(),
            mutation,
            undo: None,
        };
        let command = BulkCommand::Single {
            id: 1,
            item: Box::new(item),
        };
        self.worker.commands.send(command).unwrap();
        loop {
            let update = tokio::time::timeout(Duration::from_secs(20), self.worker.updates.recv())
                .await
                .expect("an answer")
                .expect("the worker runs");
            if let BulkUpdate::Single {
                result, found_done, ..
            } = update
            {
                return (result.map_err(|e| e.to_string()), found_done);
            }
        }
    }

    async fn organizations_named(&self, name: &str) -> usize {
        let ResourceData::Organizations(orgs) =
            self.client.fetch(&Resource::Organizations).await.unwrap()
        else {
            panic!("organizations")
        };
        orgs.iter().filter(|o| o.name == name).count()
    }
}

#[tokio::test]
async fn an_answer_lost_after_the_create_was_done_makes_no_second_one() {
    let lost = [
        ("gateway 502", AfterServed::Status(502)),
        ("connection cut", AfterServed::Reset),
        ("401 after forwarding", AfterServed::Status(401)),
    ];
    for (how, fault) in lost {
        let mut rig = rig(Duration::from_secs(10)).await;
        let name = format!("Lost Answer {how}");
        rig.stand
            .handle
            .faults()
            .after_served("post /api/resellers", fault, 1);
        let (result, found_done) = rig.single(create(&name)).await;
        let created = result.unwrap_or_else(|e| panic!("{how}: {e}"));
        assert!(found_done, "{how}: reported as found done");
        assert!(created.is_some(), "{how}: with its id");
        assert_eq!(rig.organizations_named(&name).await, 1, "{how}: made once");
    }
}

#[tokio::test]
async fn a_server_slower_than_the_client_timeout_is_checked_before_anything_is_sent_again() {
    let mut rig = rig(Duration::from_secs(1)).await;
    let name = "Slow Answer Ltd";
    rig.stand.handle.faults().after_served(
        "post /api/resellers",
        AfterServed::Delay(Duration::from_secs(3)),
        1,
    );
    let (result, found_done) = rig.single(create(name)).await;
    assert!(
        result.is_ok() && found_done,
        "done by the server before its answer came too late: {result:?}"
    );
    assert_eq!(rig.organizations_named(name).await, 1);
    assert_eq!(
        support::count_requests(&rig.stand.handle, "post /api/resellers"),
        1,
        "never sent again"
    );
}

#[tokio::test]
async fn a_401_before_anything_was_done_is_sent_again_after_checking() {
    let mut rig = rig(Duration::from_secs(10)).await;
    let name = "Expired Token Ltd";
    // The first API call after signing in is the create.
    rig.stand.handle.fail_next("/api/resellers/", 401, 1);
    let (result, found_done) = rig.single(create(name)).await;
    assert!(result.is_ok(), "{result:?}");
    assert!(!found_done, "it was sent again, not found done");
    assert_eq!(rig.organizations_named(name).await, 1);
    assert_eq!(
        support::count_requests(&rig.stand.handle, "post /api/resellers"),
        2,
        "refused once, sent again once"
    );
}
