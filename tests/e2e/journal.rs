//! A damaged journal, end to end: the real binary in a pseudo-terminal starts on a journal with
//! a bad byte and a torn last line, says what it set aside, still offers the interrupted run of
//! its server, and leaves the live journal clean for the next run.

use std::time::Duration;

use crate::pty::Console;
use crate::support;
use tenantdeck::api::Mutation;
use tenantdeck::bulk::journal::{self, Entry, Server};
use tenantdeck::bulk::plan::BulkItem;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn a_damaged_journal_is_set_aside_and_the_console_starts() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let demo = stand.handle.credentials().clone();
    let base_url = stand.handle.base_url();
    let data_dir = tempfile::tempdir().unwrap();
    let path = data_dir.path().join("journal.jsonl");
    let server = Server {
        api_url: base_url.clone(),
        account: demo.reseller_id.clone(),
        provider: "cloudmore".into(),
    };
    let delete = |user: &str| {
        let mutation = Mutation::DeleteUser {
            org: "o-none".into(),
            user: user.into(),
        };
        BulkItem {
            target: format!("Müller {user}"),
            before: String::new(),
            after: "deleted".into(),
            mutation,
            undo: None,
        }
    };
    let header = Entry::Run {
        run: "cut-short".into(),
        at: "2026-11-23T05:00:00Z".into(),
        profile: "command line".into(),
        server: None,
        action: "delete users".into(),
        items: vec![delete("u1"), delete("u2")].into(),
    };
    let mut bytes = journal::encode(&header, Some(&server)).unwrap();
    bytes.extend_from_slice(b"\xFF stray byte\n");
    let next = journal::encode(&header, Some(&server)).unwrap();
    let inside_u_umlaut = next.iter().position(|b| *b == 0xC3).unwrap() + 1;
    bytes.extend_from_slice(&next[..inside_u_umlaut]);
    std::fs::write(&path, &bytes).unwrap();

    let mut console = Console::on_stand_in(&stand.handle, Some(data_dir.path()));
    let screen = console.wait_for("the set-aside message", WAIT, |s| {
        s.contains("1 damaged journal line and the journal's torn")
    });
    assert!(screen.contains("Interrupted run"), "{screen}");
    assert!(screen.contains("2 pending"), "{screen}");

    let side = std::fs::read(journal::upkeep::damaged_path(&path)).unwrap();
    assert!(side.starts_with(b"\xFF stray byte\n"));
    let live = journal::read_counted(&path).unwrap();
    assert_eq!(live.damaged, 0, "the live journal is clean");
    assert_eq!(live.runs.len(), 1);
    console.type_keys("\u{3}");
    assert!(console.wait_exit(WAIT));
}
