//! Tests of the journal: reading back, the format versions, damage and torn tails, upkeep
//! and the newest-first history.

use super::*;
use crate::api::Mutation;
use crate::domain::UserInput;
use std::io::Write;

fn create(username: &str) -> BulkItem {
    BulkItem {
        target: username.into(),
        before: String::new(),
        after: "created".into(),
        mutation: Mutation::CreateUser {
            org: "o".into(),
            input: Box::new(UserInput {
                username: username.into(),
                password: Some("Secr3t!pass".into()),
                ..Default::default()
            }),
        },
        undo: None,
    }
}

#[test]
fn a_cut_run_reads_back_with_done_unknown_and_pending_items() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut journal = Journal::open(&path).unwrap();
    let at = "2026-11-23T00:00:00Z".to_string();
    journal
        .append(&Entry::Run {
            run: "r1".into(),
            at: at.clone(),
            profile: "demo".into(),
            server: None,
            action: "import users".into(),
            items: vec![create("a@x.com"), create("b@x.com"), create("c@x.com")].into(),
        })
        .unwrap();
    for item in 0..2 {
        journal
            .append(&Entry::Start {
                run: "r1".into(),
                item,
                at: at.clone(),
            })
            .unwrap();
    }
    let ok = Outcome::Ok {
        created: Some("id-a".into()),
        verified: false,
    };
    journal
        .append(&Entry::Finish {
            run: "r1".into(),
            item: 0,
            at,
            outcome: ok.clone(),
        })
        .unwrap();
    // A line torn by a crash is skipped.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"{\"event\":\"fin")
        .unwrap();

    let runs = read(&path).unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(
        runs[0].states,
        vec![
            ItemState::Finished(ok),
            ItemState::Unknown,
            ItemState::Pending
        ]
    );
    assert!(runs[0].is_interrupted());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("Secr3t"),
        "passwords never reach the journal: {text}"
    );
}

#[test]
fn a_missing_journal_has_no_runs() {
    let dir = tempfile::tempdir().unwrap();
    assert!(read(&dir.path().join("none.jsonl")).unwrap().is_empty());
}

fn server(url: &str) -> Server {
    Server {
        api_url: url.into(),
        account: "r-1".into(),
        provider: "cloudmore".into(),
    }
}

/// A finished one-item run as its three lines, the way the console writes them.
fn edit_lines(run: &str, at: &str, target: &str, server: &Server) -> Vec<u8> {
    let header = Entry::Run {
        run: run.into(),
        at: at.into(),
        profile: "demo".into(),
        server: None,
        action: "create user".into(),
        items: vec![create(target)].into(),
    };
    let start = Entry::Start {
        run: run.into(),
        item: 0,
        at: at.into(),
    };
    let finish = Entry::Finish {
        run: run.into(),
        item: 0,
        at: at.into(),
        outcome: Outcome::Ok {
            created: None,
            verified: false,
        },
    };
    [header, start, finish]
        .iter()
        .flat_map(|e| encode(e, Some(server)).unwrap())
        .collect()
}

#[test]
fn todays_untagged_lines_read_as_version_one_with_no_server() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/journal_v1.jsonl");
    let reading = read_counted(&fixture).unwrap();
    assert_eq!(reading.damaged, 0);
    let [assign, import] = reading.runs.as_slice() else {
        panic!("{:?}", reading.runs);
    };
    assert_eq!(
        (assign.run.as_str(), assign.profile.as_str()),
        ("r1", "prod")
    );
    assert_eq!(assign.server, None, "version 1 recorded no server");
    assert!(matches!(
        assign.states[0],
        ItemState::Finished(Outcome::Ok { .. })
    ));
    assert_eq!(
        import.states,
        vec![
            ItemState::Finished(Outcome::Failed {
                message: "Username taken".into()
            }),
            ItemState::Unknown
        ]
    );
    assert!(!assign.belongs_to("prod", &server("https://api.cloudmore.test")));
}

#[test]
fn lines_are_tagged_with_the_version_and_headers_with_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let here = server("http://127.0.0.1:9");
    std::fs::write(&path, edit_lines("r1", "t", "a@x.com", &here)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.lines().all(|l| l.starts_with("{\"v\":3,\"event\":")),
        "{text}"
    );
    let runs = read(&path).unwrap();
    assert_eq!(runs[0].server.as_ref(), Some(&here));
    assert!(runs[0].belongs_to("demo", &here));
    assert!(!runs[0].belongs_to("demo", &server("http://127.0.0.1:10")));
    let newer = text.replacen("{\"v\":3,", "{\"v\":4,", 1);
    assert_eq!(
        decode(newer.lines().next().unwrap().as_bytes()),
        Err(Damage::NewerVersion)
    );
}

#[test]
fn damaged_lines_are_counted_set_aside_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let here = server("http://h");
    let mut bytes = edit_lines("r1", "t", "a@x.com", &here);
    let müller = edit_lines("r2", "t", "müller@x.com", &here);
    let cut = müller.iter().position(|b| *b == 0xC3).unwrap() + 1;
    bytes.extend_from_slice(&müller[..cut]); // cut inside "ü"
    bytes.extend_from_slice(b"\n\xFF\n\0\0\0\ngarbage\n{\"event\":\"teleport\",\"run\":\"r1\"}\n");
    bytes.extend(edit_lines("r3", "t", "c@x.com", &here));
    std::fs::write(&path, &bytes).unwrap();
    let reading = read_counted(&path).unwrap();
    assert_eq!(reading.damaged, 5);
    assert_eq!(reading.runs.len(), 2, "the runs around the damage are kept");

    let startup = upkeep::prepare(&path, upkeep::ARCHIVE_AFTER).unwrap();
    assert_eq!(startup.runs.len(), 2);
    let side = upkeep::damaged_path(&path);
    assert_eq!(
        startup.notes,
        vec![format!(
            "5 damaged journal lines set aside in {}",
            side.display()
        )]
    );
    assert_eq!(
        std::fs::read(&side).unwrap().split(|b| *b == b'\n').count(),
        6
    );
    assert_eq!(
        read_counted(&path).unwrap().damaged,
        0,
        "the live file is clean now"
    );
    assert!(
        upkeep::prepare(&path, upkeep::ARCHIVE_AFTER)
            .unwrap()
            .notes
            .is_empty()
    );
}

#[test]
fn a_tail_torn_at_any_byte_is_set_aside_and_the_next_run_is_not_lost() {
    let here = server("http://h");
    let done = edit_lines("r1", "t", "a@x.com", &here);
    let line_len = done.iter().position(|b| *b == b'\n').unwrap() + 1;
    let next = edit_lines("r2", "t", "b@x.com", &here);
    let torn_line = &next[..line_len.min(next.len())];
    for cut in 1..torn_line.len() {
        // Cut just before its newline, the line itself is whole and stays.
        let whole = cut == torn_line.len() - 1;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let mut bytes = done.clone();
        bytes.extend_from_slice(&torn_line[..cut]);
        std::fs::write(&path, &bytes).unwrap();

        let startup = upkeep::prepare(&path, upkeep::ARCHIVE_AFTER).unwrap();
        assert_eq!(
            startup.runs.len(),
            if whole { 2 } else { 1 },
            "cut at {cut}"
        );
        if !whole {
            assert!(
                startup.notes[0].contains("torn last line"),
                "cut at {cut}: {:?}",
                startup.notes
            );
            let side = std::fs::read(upkeep::damaged_path(&path)).unwrap();
            assert_eq!(&side[..cut], &torn_line[..cut], "the fragment is kept");
        }
        // The next process journals a run that dies after its header.
        let mut journal = Journal::open(&path).unwrap().with_server(here.clone());
        journal
            .append(&Entry::Run {
                run: "r3".into(),
                at: "t".into(),
                profile: "demo".into(),
                server: None,
                action: "import users".into(),
                items: vec![create("c@x.com"), create("d@x.com")].into(),
            })
            .unwrap();
        let reading = read_counted(&path).unwrap();
        assert_eq!(reading.damaged, 0, "cut at {cut}");
        let runs: Vec<_> = reading.runs.iter().map(|r| r.run.as_str()).collect();
        let expected: &[&str] = if whole {
            &["r1", "r2", "r3"]
        } else {
            &["r1", "r3"]
        };
        assert_eq!(runs, expected, "cut at {cut}");
        assert!(
            reading.runs.last().unwrap().is_interrupted(),
            "r3 is offered for resume"
        );
    }
}

#[test]
fn past_the_size_finished_runs_move_to_the_archive_and_interrupted_ones_stay() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let here = server("http://h");
    let mut bytes = Vec::new();
    for n in 0..50 {
        bytes.extend(edit_lines(&format!("r{n}"), "t", "a@x.com", &here));
    }
    let cut = encode(
        &Entry::Run {
            run: "cut".into(),
            at: "t".into(),
            profile: "demo".into(),
            server: None,
            action: "import users".into(),
            items: vec![create("z@x.com")].into(),
        },
        Some(&here),
    )
    .unwrap();
    bytes.extend(&cut);
    bytes.extend(edit_lines("r50", "t", "b@x.com", &here));
    std::fs::write(&path, &bytes).unwrap();

    let small = upkeep::prepare(&path, u64::MAX).unwrap();
    assert_eq!(
        (small.runs.len(), small.archived),
        (52, 0),
        "under the size: nothing moves"
    );
    let startup = upkeep::prepare(&path, 1024).unwrap();
    assert_eq!(startup.archived, 51);
    let live: Vec<_> = startup.runs.iter().map(|r| r.run.as_str()).collect();
    assert_eq!(live, ["cut"]);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        cut,
        "the live file holds only the cut run"
    );
    let archived = read(&upkeep::archive_path(&path)).unwrap();
    assert_eq!(archived.len(), 51);

    // The history still has everything, newest first, a page at a time.
    let first = history::Cursor::newest(&path).page(10).unwrap();
    let names: Vec<_> = first.runs.iter().map(|r| r.run.as_str()).collect();
    assert_eq!(
        names,
        [
            "r42", "r43", "r44", "r45", "r46", "r47", "r48", "r49", "r50", "cut"
        ]
    );
    let mut seen = first.runs.len();
    let mut older = first.older;
    while let Some(cursor) = older {
        let page = cursor.page(10).unwrap();
        assert!(page.runs.iter().all(|r| !r.is_interrupted()));
        seen += page.runs.len();
        older = page.older;
    }
    assert_eq!(seen, 52, "every run once");
}

#[test]
fn history_pages_join_lines_of_runs_that_straddle_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut journal = Journal::open(&path).unwrap();
    let at = String::from("t");
    let header = |run: &str, n: usize| Entry::Run {
        run: run.into(),
        at: at.clone(),
        profile: "demo".into(),
        server: None,
        action: "import users".into(),
        items: (0..n).map(|i| create(&format!("{run}{i}@x.com"))).collect(),
    };
    journal.append(&header("long", 3)).unwrap();
    journal.append(&header("short", 1)).unwrap();
    for (run, item) in [("long", 0), ("short", 0), ("long", 2)] {
        let outcome = Outcome::Ok {
            created: None,
            verified: false,
        };
        let finish = Entry::Finish {
            run: run.into(),
            item,
            at: at.clone(),
            outcome,
        };
        journal.append(&finish).unwrap();
    }
    let first = history::Cursor::newest(&path).page(1).unwrap();
    assert_eq!(first.runs.len(), 1);
    assert_eq!(first.runs[0].run, "short");
    let second = first.older.unwrap().page(1).unwrap();
    let long = &second.runs[0];
    assert_eq!(long.run, "long");
    assert!(matches!(long.states[0], ItemState::Finished(_)));
    assert_eq!(long.states[1], ItemState::Pending);
    assert!(matches!(long.states[2], ItemState::Finished(_)));
    assert!(second.older.is_none() || second.older.unwrap().page(1).unwrap().runs.is_empty());
    assert_eq!(
        read(&path).unwrap()[0].states,
        long.states,
        "same as reading forward"
    );
}

#[test]
fn upkeep_leaves_the_file_alone_while_another_console_has_it_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut bytes = edit_lines("r1", "t", "a@x.com", &server("http://h"));
    bytes.extend_from_slice(b"garbage\n");
    std::fs::write(&path, &bytes).unwrap();
    let other = Journal::open(&path).unwrap();
    let startup = upkeep::prepare(&path, 0).unwrap();
    assert_eq!(startup.runs.len(), 1);
    assert!(
        startup.notes[0].contains("another tenantdeck"),
        "{:?}",
        startup.notes
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "not replaced under its writer"
    );
    drop(other);
    let alone = upkeep::prepare(&path, u64::MAX).unwrap();
    assert!(
        alone.notes[0].contains("1 damaged journal line set aside"),
        "{:?}",
        alone.notes
    );
}

/// A journal written by the release before providers were named (version 2): its runs are
/// Cloudmore's, resume and undo on the same server, and lines written now say so.
#[test]
fn a_version_two_journal_still_resumes_and_undoes_as_cloudmore() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/journal_v2.jsonl");
    let reading = read_counted(&fixture).unwrap();
    assert_eq!(reading.damaged, 0);
    let [delete, set_inactive] = reading.runs.as_slice() else {
        panic!("{:?}", reading.runs);
    };
    let here = server("https://api.cloudmore.test");
    assert_eq!(set_inactive.server.as_ref(), Some(&here));
    assert_eq!(here.provider, "cloudmore");
    assert!(set_inactive.belongs_to("prod", &here));
    assert!(delete.is_interrupted(), "the second delete has no answer");

    let undo = crate::bulk::undo::undo_plan(&reading.runs, "prod", &here).unwrap();
    assert_eq!(
        undo.items[0].mutation,
        Mutation::SetOrganizationActive {
            org: "o-acme".into(),
            name: "Acme".into(),
            active: true,
        },
        "the newest run with an inverse is undone"
    );

    let pulse = Server {
        provider: "pulse".into(),
        ..here.clone()
    };
    assert!(
        !set_inactive.belongs_to("prod", &pulse),
        "another provider's"
    );
    let line = String::from_utf8(
        encode(
            &Entry::Start {
                run: "r3".into(),
                item: 0,
                at: "2026-12-02T09:00:00Z".into(),
            },
            Some(&pulse),
        )
        .unwrap(),
    )
    .unwrap();
    assert!(line.starts_with("{\"v\":3,"), "{line}");
}
