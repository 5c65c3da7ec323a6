//! End to end: the built binary in a pseudo-terminal, over the in-process demo stand-in.

mod support;

use std::time::Duration;

use support::pty::Console;

/// "N of M organizations" as the status bar shows it.
fn organization_count(screen: &str) -> Option<(usize, usize)> {
    let at = screen.find(" organizations")?;
    let words: Vec<&str> = screen[..at].split_whitespace().rev().take(3).collect();
    match words.as_slice() {
        [total, "of", shown] => Some((shown.parse().ok()?, total.parse().ok()?)),
        _ => None,
    }
}

#[test]
fn demo_shows_the_tree_filters_as_you_type_and_restores_the_terminal() {
    let mut console = Console::start(&["demo"]);
    let screen = console.wait_for("the organization tree", Duration::from_secs(30), |s| {
        organization_count(s).is_some_and(|(shown, total)| shown == total && total >= 200)
    });
    let (_, total) = organization_count(&screen).unwrap();

    console.type_keys("/");
    console.type_keys(support::DEMO_FILTER);
    let screen = console.wait_for("the filter to narrow", Duration::from_secs(10), |s| {
        organization_count(s).is_some_and(|(shown, t)| t == total && shown > 0 && shown < total)
    });
    assert!(screen.contains(support::DEMO_FILTER_MATCH), "{screen}");

    console.type_keys("\r");
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut console = Console::start(&["demo"]);
    console.wait_for("the organization tree", Duration::from_secs(30), |s| {
        organization_count(s).is_some()
    });
    let pid = console.child.process_id().expect("a pid");
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    console.wait_exit(Duration::from_secs(10));
    console.assert_restored();
}

#[test]
fn without_a_profile_the_console_names_the_config_path_and_suggests_demo() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config.toml");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"))
        .env("TENANTDECK_CONFIG", &config)
        .env("TENANTDECK_DATA_DIR", folder.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&config.display().to_string()), "{stderr}");
    assert!(stderr.contains("tenantdeck demo"), "{stderr}");
}

#[test]
fn a_malformed_config_is_reported_with_its_line() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config.toml");
    std::fs::write(
        &config,
        "[profiles.prod]\napi_url = \"http://x\"\nreseller_id = \n",
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"))
        .env("TENANTDECK_CONFIG", &config)
        .env("TENANTDECK_DATA_DIR", folder.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
