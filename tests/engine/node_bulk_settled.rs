//! More hierarchy changes through the bulk engine against the Pulse stand-in (the set-up is
//! `node_bulk.rs`'s): a single move whose answer was lost, undo of moves and status changes,
//! conflicts reported on their item alone, and a 401 met after the server acted.

use std::time::Duration;

use tenantdeck::api::{ApiError, Mutation, NodeChange, Provider};
use tenantdeck::bulk::journal::Outcome;
use tenantdeck::bulk::plan::{BulkPlan, node_item};
use tenantdeck::bulk::runner::BulkEvent;
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate, spawn_worker};
use tenantdeck::domain::hierarchy::OrgNode;
use tenantdeck::sandbox::AfterServed;

use crate::node_bulk::*;

#[tokio::test]
async fn a_single_move_made_from_a_version_whose_answer_was_lost_is_found_done() {
    let rig = rig().await;
    let (_, units) = rig.fleet("Rail", 1).await;
    let (yard, _) = rig.fleet("Rail Yard", 0).await;
    let unit = &units[0];
    rig.pulse.handle.faults().after_served(
        &format!("put /api/organizations/{}", unit.id),
        AfterServed::Status(502),
        1,
    );
    let (setup, _forgets) = worker_setup(rig.client.clone(), rig.journal.clone(), &rig.path, 1);
    let mut worker = spawn_worker(setup);
    // As the move picker sends it: from the version on screen. Sent again, it would meet the
    // version it moved on, and come back as a conflict.
    let change = move_to(unit, &yard, unit.version.clone());
    let item = Box::new(node_item(unit, change));
    worker
        .commands
        .send(BulkCommand::Single { id: 9, item })
        .unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(20), worker.updates.recv())
        .await
        .unwrap();
    let Some(BulkUpdate::Single {
        id: 9,
        result,
        found_done,
        ..
    }) = answer
    else {
        panic!("the edit's answer: {answer:?}");
    };
    assert_eq!(result, Ok(None));
    assert!(found_done, "checked and found done");
    let now = rig.node(&unit.id).await.unwrap();
    assert_eq!(now.parent.as_deref(), Some(yard.id.as_str()));
    assert_eq!(rig.calls("put", &unit.id), 1, "not sent again");
}

#[tokio::test]
async fn undoing_a_bulk_move_and_a_bulk_status_change_puts_the_api_back() {
    let rig = rig().await;
    let (mine, units) = rig.fleet("Mine", 5).await;
    let (quarry, _) = rig.fleet("Quarry", 0).await;
    let moves = moves(&units, &quarry);
    assert_eq!(moves.items.len(), 5);
    assert!(
        matches!(
            moves.items[0].undo.as_deref(),
            Some(Mutation::Node(NodeChange::Move { parent, .. })) if *parent == mine.id
        ),
        "the undo goes back below Mine: {:?}",
        moves.items[0].undo
    );
    let events = rig.run_plan("move", &moves).await;
    assert_eq!(succeeded(&events), 5, "{:?}", failures(&events));
    assert_eq!(rig.children(&quarry.id).await.len(), 5);

    let undone = rig.undo("undo-move").await;
    assert_eq!(succeeded(&undone), 5, "{:?}", failures(&undone));
    let back: Vec<String> = rig
        .children(&mine.id)
        .await
        .into_iter()
        .map(|n| n.id)
        .collect();
    let ids: Vec<String> = units.iter().map(|u| u.id.clone()).collect();
    assert_eq!(back, ids, "every one is below its old parent again");
    assert!(rig.children(&quarry.id).await.is_empty());

    let statuses = BulkPlan::set_nodes_active(&units[..3], false);
    let events = rig.run_plan("set inactive", &statuses).await;
    assert_eq!(succeeded(&events), 3);
    let inactive = |nodes: &[OrgNode]| nodes.iter().filter(|n| !n.active).count();
    assert_eq!(inactive(&rig.children(&mine.id).await), 3);
    let undone = rig.undo("undo-status").await;
    assert_eq!(succeeded(&undone), 3, "{:?}", failures(&undone));
    assert_eq!(
        inactive(&rig.children(&mine.id).await),
        0,
        "all active again"
    );
}

#[tokio::test]
async fn a_change_behind_the_runs_back_is_no_conflict_and_a_stale_version_fails_its_item_alone() {
    let rig = rig().await;
    let (wharf, units) = rig.fleet("Wharf", 4).await;
    let (dock, _) = rig.fleet("Dock", 0).await;
    let someone_else = new_client(&rig.pulse);
    let behind = |change: NodeChange| {
        let someone_else = someone_else.clone();
        async move {
            someone_else.mutate(&Mutation::Node(change)).await.unwrap();
        }
    };

    // Planned without versions, as bulk plans are: a rename made after the plan is kept, and
    // the move is made from the server's newest version.
    let moves = moves(&units[..2], &dock);
    let renamed = format!("{} (renamed)", units[0].name);
    behind(NodeChange::Update {
        kind: tenantdeck::domain::hierarchy::NodeKind::Organization,
        profile: None,
        id: units[0].id.clone(),
        name: renamed.clone(),
        active: true,
        version: None,
    })
    .await;
    let events = rig.run_plan("move", &moves).await;
    assert_eq!(succeeded(&events), 2, "{:?}", failures(&events));
    let first = rig.node(&units[0].id).await.unwrap();
    assert_eq!(first.parent.as_deref(), Some(dock.id.as_str()));
    assert_eq!(first.name, renamed, "the change made meanwhile is kept");

    // Planned from the versions the user saw: the one changed meanwhile is refused alone.
    let (stale, fresh) = (&units[2], &units[3]);
    let items = [stale, fresh]
        .iter()
        .map(|u| node_item(u, move_to(u, &dock, u.version.clone())))
        .collect();
    behind(NodeChange::SetActive {
        id: stale.id.clone(),
        name: stale.name.clone(),
        active: false,
    })
    .await;
    let events = rig
        .run_plan("move from versions", &plan("move", items))
        .await;
    let failed = failures(&events);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, 0, "the item changed meanwhile");
    assert!(
        failed[0].1.contains("changed by someone else"),
        "the server's words: {}",
        failed[0].1
    );
    assert_eq!(succeeded(&events), 1, "the run went on");
    assert_eq!(
        rig.calls("put", &stale.id),
        2,
        "the change behind its back and the one refused: a conflict is never sent again by itself"
    );
    let refused = rig.node(&stale.id).await.unwrap();
    assert_eq!(refused.parent.as_deref(), Some(wharf.id.as_str()));

    // Retry failed: made from the server's newest version, keeping the change made meanwhile.
    let retried = rig.run(&rig.latest(), true).await;
    assert_eq!(
        (succeeded(&retried), failures(&retried).len()),
        (1, 0),
        "{retried:?}"
    );
    let now = rig.node(&stale.id).await.unwrap();
    assert_eq!(now.parent.as_deref(), Some(dock.id.as_str()));
    assert!(!now.active, "the status set meanwhile is kept");
}

#[tokio::test]
async fn a_401_met_by_a_change_the_server_made_is_found_done_not_sent_again() {
    let rig = rig().await;
    let (_, units) = rig.fleet("Pipeline", 3).await;
    let faults = rig.pulse.handle.faults();
    let (status, gone, later) = (&units[0], &units[1], &units[2]);
    // A proxy's 401 after the server acted: sent again as it was, the status change would meet
    // the version it moved on and the delete would find nothing.
    for (method, unit) in [("put", status), ("delete", gone)] {
        let path = format!("{method} /api/organizations/{}", unit.id);
        faults.after_served(&path, AfterServed::Status(401), 1);
    }
    let items = vec![
        node_item(
            status,
            NodeChange::SetActive {
                id: status.id.clone(),
                name: status.name.clone(),
                active: false,
            },
        ),
        node_item(
            gone,
            NodeChange::Delete {
                kind: tenantdeck::domain::hierarchy::NodeKind::Organization,
                id: gone.id.clone(),
                name: gone.name.clone(),
            },
        ),
    ];
    let events = rig.run_plan("behind a 401", &plan("mixed", items)).await;
    let verified = |events: &[BulkEvent]| {
        finished(events)
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Ok { verified: true, .. }))
            .count()
    };
    assert_eq!(verified(&events), 2, "{events:?}");
    assert!(!rig.node(&status.id).await.unwrap().active);
    assert_eq!(rig.node(&gone.id).await, Err(ApiError::NotFound));
    assert_eq!(rig.calls("put", &status.id), 1, "not sent again");
    assert_eq!(rig.calls("delete", &gone.id), 1, "not sent again");

    // A session that ran out before the next run: the read each change starts with signs in
    // again, and the change goes through.
    rig.pulse.handle.expire_tokens();
    let item = node_item(
        later,
        NodeChange::SetActive {
            id: later.id.clone(),
            name: later.name.clone(),
            active: false,
        },
    );
    let events = rig.run_plan("expired", &plan("set", vec![item])).await;
    assert_eq!(succeeded(&events), 1, "{events:?}");
    assert!(!rig.node(&later.id).await.unwrap().active);
}
