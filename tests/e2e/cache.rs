//! End to end: the disk cache through the built binary. A second start draws the first one's
//! tree from the cache (marked "cached") while the stand-in sleeps, then the fresh list
//! replaces it in place with the selection kept; `--offline` browses it with writes refused;
//! `cache clear` removes it.

use std::path::Path;
use std::time::Duration;

use tenantdeck::api::Mutation;
use tenantdeck::domain::OrganizationInput;
use tenantdeck::providers::cloudmore::CloudmoreClient;

use crate::pty::Console;
use crate::support;

/// "N of M organizations" as the status bar shows it: M.
fn total(screen: &str) -> Option<usize> {
    let at = screen.find(" organizations")?;
    let words: Vec<&str> = screen[..at].split_whitespace().rev().take(2).collect();
    match words.as_slice() {
        [total, "of"] => total.parse().ok(),
        _ => None,
    }
}

/// The name on the selected tree row (marked `›`).
fn selected(screen: &str) -> Option<String> {
    let line = screen.lines().find(|l| l.contains('›'))?;
    let after = line.split('›').nth(1)?;
    let name = after
        .trim_start_matches([' ', '▸', '▾'])
        .split("  ")
        .next()?;
    Some(name.trim().to_string())
}

/// `q`, then a clean exit with the terminal restored.
fn quit(mut console: Console) {
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(20)), "clean exit");
    console.assert_restored();
}

/// A stand-in and a data dir in which a first console loaded the tree (`total`
/// organizations) and quit: the cache is written.
struct AfterFirstRun {
    runtime: tokio::runtime::Runtime,
    stand: support::Sandbox,
    data_dir: tempfile::TempDir,
    total: usize,
}

fn after_a_first_run() -> AfterFirstRun {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let data_dir = tempfile::tempdir().unwrap();
    let first = Console::on_stand_in(&stand.handle, Some(data_dir.path()));
    let screen = first.wait_for("the tree", Duration::from_secs(30), |s| {
        total(s).is_some_and(|n| n >= 200) && s.contains("loaded")
    });
    quit(first);
    AfterFirstRun {
        runtime,
        stand,
        data_dir,
        total: total(&screen).unwrap(),
    }
}

#[test]
fn a_warm_start_shows_the_cached_tree_while_the_stand_in_sleeps_then_updates_it_in_place() {
    let AfterFirstRun {
        runtime,
        stand,
        data_dir,
        total: cached,
    } = after_a_first_run();

    // One more organization behind the console's back, sorted first (the rows below it move
    // down: the selection must follow its organization), and an API that takes its time.
    let client: std::sync::Arc<CloudmoreClient> = support::client(&stand.handle);
    let create = Mutation::CreateOrganization(Box::new(OrganizationInput {
        name: "Aaa Newly Made Ltd".into(),
        is_active: true,
        ..Default::default()
    }));
    runtime.block_on(client.mutate(&create)).unwrap();
    stand
        .handle
        .faults()
        .slow("organizations", Duration::from_millis(2000));

    let mut second = Console::on_stand_in(&stand.handle, Some(data_dir.path()));
    let screen = second.wait_for("the cached tree", Duration::from_secs(10), |s| {
        total(s) == Some(cached) && s.contains("cached just now")
    });
    assert!(screen.contains("Aalto Office Supplies"), "{screen}");
    // The reseller's row, then its organizations in name order: the third is chosen.
    second.type_keys("jjj");
    let chosen = "Acme Industrial";
    second.wait_for("the selection to move", Duration::from_secs(5), |s| {
        selected(s).as_deref() == Some(chosen) && s.contains("cached just now")
    });
    let screen = second.wait_for("the fresh tree", Duration::from_secs(20), |s| {
        total(s) == Some(cached + 1) && !s.contains("cached ")
    });
    assert_eq!(selected(&screen).as_deref(), Some(chosen), "{screen}");
    assert!(screen.contains("Aaa Newly Made Ltd"), "{screen}");
    stand.handle.faults().clear();
    quit(second);
}

#[test]
fn offline_browses_the_cache_sends_nothing_and_refuses_changes() {
    let AfterFirstRun {
        runtime: _serving,
        stand,
        data_dir,
        total: cached,
    } = after_a_first_run();
    let sent = stand.handle.request_count();

    let mut offline =
        Console::on_stand_in_with(&stand.handle, Some(data_dir.path()), &["--offline"]);
    offline.wait_for("the cached tree", Duration::from_secs(10), |s| {
        total(s) == Some(cached) && s.contains("cached ") && s.contains("READ-ONLY")
    });
    offline.type_keys("n");
    offline.wait_for("the change refused", Duration::from_secs(5), |s| {
        s.contains("read-only")
    });
    quit(offline);
    assert_eq!(stand.handle.request_count(), sent, "nothing was sent");
}

/// `tenantdeck ARGS` with `data_dir` as its data dir; its standard output.
fn run(data_dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"))
        .args(args)
        .env("TENANTDECK_DATA_DIR", data_dir)
        .env("TENANTDECK_CONFIG", data_dir.join("absent.toml"))
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cache_clear_removes_the_profiles_cache_files_and_says_which() {
    let first = after_a_first_run();
    let data_dir = &first.data_dir;
    let folder = std::fs::read_dir(data_dir.path().join("cache"))
        .unwrap()
        .next()
        .expect("a profile's cache folder")
        .unwrap()
        .path();
    assert!(std::fs::read_dir(&folder).unwrap().count() > 0);

    let said = run(data_dir.path(), &["cache", "clear", "--profile", "nobody"]);
    assert!(said.contains("no cache files of profile nobody"), "{said}");
    assert!(folder.exists());
    let said = run(data_dir.path(), &["cache", "clear"]);
    assert!(
        said.contains("removed ") && said.contains(".sqlite3"),
        "{said}"
    );
    assert!(!folder.exists(), "removed");
}
