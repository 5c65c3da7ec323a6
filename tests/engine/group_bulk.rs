//! Organizations put into a group through the bulk engine against the Cloudmore stand-in over
//! real HTTP (journaled, as `+` runs it), then undone as `z` does: the group holds exactly what
//! it held before, read back through the API. A member already in the group is set aside by
//! the plan, and a resumed run whose answers were lost sends nothing twice.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use tenantdeck::api::{Resource, ResourceData};
use tenantdeck::bulk::journal::{self, Journal, JournalWriter, Outcome, RunRecord, Server};
use tenantdeck::bulk::plan::BulkPlan;
use tenantdeck::bulk::runner::{self, BulkEvent};
use tenantdeck::bulk::undo::undo_plan;
use tenantdeck::domain::reseller::groups::OrganizationGroup;
use tenantdeck::providers::cloudmore::CloudmoreClient;
use tokio::sync::mpsc;

use crate::support::{client, count_requests, stand_in};

const PROFILE: &str = "groups-test";

async fn members(client: &CloudmoreClient, group: &str) -> HashSet<String> {
    let resource = Resource::GroupMembers {
        group: group.into(),
    };
    match client.fetch(&resource).await.unwrap() {
        ResourceData::GroupMembers(list) => list.into_iter().map(|m| m.id).collect(),
        other => panic!("{other:?}"),
    }
}

async fn run(client: &Arc<CloudmoreClient>, journal: &JournalWriter, record: &RunRecord) -> usize {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let stop = Arc::new(AtomicBool::new(false));
    runner::run(client.clone(), journal.clone(), record, false, 8, tx, stop).await;
    let mut ok = 0;
    while let Ok(event) = rx.try_recv() {
        if let BulkEvent::Finished {
            outcome: Outcome::Ok { .. },
            ..
        } = event
        {
            ok += 1;
        }
    }
    ok
}

#[tokio::test]
async fn a_bulk_add_to_a_group_is_undone_back_to_what_it_held() {
    let stand = stand_in().await;
    let client = client(&stand.handle);
    let ResourceData::Groups(groups) = client.fetch(&Resource::OrganizationGroups).await.unwrap()
    else {
        panic!("groups")
    };
    let group: OrganizationGroup = groups
        .into_iter()
        .find(|g| g.name == "Key accounts")
        .unwrap();
    let before = members(&client, &group.id).await;
    let ResourceData::Organizations(orgs) = client.fetch(&Resource::Organizations).await.unwrap()
    else {
        panic!("organizations")
    };
    // Ten organizations outside the group, and one already in it.
    let mut targets: Vec<(String, String)> = orgs
        .iter()
        .filter(|o| !before.contains(o.id.as_str()))
        .take(10)
        .map(|o| (o.id.to_string(), o.name.to_string()))
        .collect();
    let inside = orgs
        .iter()
        .find(|o| before.contains(o.id.as_str()))
        .unwrap();
    targets.push((inside.id.to_string(), inside.name.to_string()));
    let plan = BulkPlan::group_membership(&group, &targets, Some(&before), true);
    assert_eq!((plan.items.len(), plan.invalid.len()), (10, 1));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let server = Server {
        api_url: stand.handle.base_url(),
        account: stand.handle.credentials().reseller_id.clone(),
        provider: "cloudmore".into(),
    };
    let journal = JournalWriter::spawn(Journal::open(&path).unwrap().with_server(server.clone()));
    let record = runner::begin(&journal, "add", PROFILE, &plan)
        .await
        .unwrap();
    assert_eq!(run(&client, &journal, &record).await, 10);
    let after = members(&client, &group.id).await;
    assert_eq!(after.len(), before.len() + 10);
    assert!(targets.iter().all(|(id, _)| after.contains(id)));

    // Sent again as a resume would after lost answers: every item is found done, none re-sent.
    let posts = || count_requests(&stand.handle, "POST /api/resellers");
    let sent = posts();
    let checks = || count_requests(&stand.handle, "/members");
    let checked = checks();
    let mut resumed = journal::read(&path).unwrap().pop().unwrap();
    for state in &mut resumed.states {
        *state = journal::ItemState::Unknown;
    }
    run(&client, &journal, &resumed).await;
    assert_eq!(posts(), sent, "checked, not sent twice");
    assert!(
        checks() >= checked + 10,
        "each item was checked against the members"
    );

    let runs = journal::read(&path).unwrap();
    let undo = undo_plan(&runs, PROFILE, &server).unwrap();
    assert_eq!(undo.items.len(), 10, "{:?}", undo.invalid);
    let record = runner::begin(&journal, "undo", PROFILE, &undo)
        .await
        .unwrap();
    assert_eq!(run(&client, &journal, &record).await, 10);
    assert_eq!(members(&client, &group.id).await, before);
}
