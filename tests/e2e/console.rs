//! End to end: the built binary in a pseudo-terminal, over the in-process demo stand-in.

use std::time::Duration;

use crate::pty::Console;

/// A filter that matches some but not all demo organizations, and a name it keeps.
const DEMO_FILTER: &str = "atlas";
const DEMO_FILTER_MATCH: &str = "Atlas Dental AG";

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
    console.type_keys(DEMO_FILTER);
    let screen = console.wait_for("the filter to narrow", Duration::from_secs(10), |s| {
        organization_count(s).is_some_and(|(shown, t)| t == total && shown > 0 && shown < total)
    });
    assert!(screen.contains(DEMO_FILTER_MATCH), "{screen}");

    console.type_keys("\r");
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
    assert_log_holds_no_secret(&console);
}

/// The log was written and holds neither the demo password, the client secret nor a token.
fn assert_log_holds_no_secret(console: &Console) {
    let log =
        std::fs::read_to_string(console.data_dir().join("tenantdeck.log")).expect("a log file");
    assert!(log.contains("signed in"), "the log is written: {log}");
    for secret in ["Demo-Passw0rd!", "demo-client-secret", "access_token"] {
        assert!(!log.contains(secret), "the log leaks {secret}: {log}");
    }
    let has_token_like_word = log
        .split(|c: char| !c.is_ascii_hexdigit())
        .any(|word| word.len() >= 40);
    assert!(
        !has_token_like_word,
        "the log holds a token-like string: {log}"
    );
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
fn a_panic_restores_the_terminal_and_reports() {
    let mut console = Console::start_with_env(&["demo"], &[("TENANTDECK_TEST_PANIC", "1")]);
    assert!(
        !console.wait_exit(Duration::from_secs(20)),
        "a panic is a failure exit"
    );
    console.assert_restored();
    let output = String::from_utf8_lossy(&console.raw_output()).into_owned();
    assert!(
        output.contains("panicking on purpose"),
        "the panic is reported: {output}"
    );
}

#[test]
fn without_a_profile_the_console_names_the_config_path_and_suggests_demo() {
    let folder = tempfile::tempdir().unwrap();
    let output = run_with_config(&folder, None);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let config = folder.path().join("config.toml");
    assert!(stderr.contains(&config.display().to_string()), "{stderr}");
    assert!(stderr.contains("tenantdeck demo"), "{stderr}");
}

#[test]
fn a_malformed_config_is_reported_with_its_line() {
    let folder = tempfile::tempdir().unwrap();
    let text = "[profiles.prod]\napi_url = \"http://x\"\nreseller_id = \n";
    let output = run_with_config(&folder, Some(text));
    assert_eq!(
        output.status.code(),
        Some(2),
        "a usage or configuration error"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // One plain line, as for every failure: no report with its source location.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("tenantdeck: error: "), "{stderr}");
    assert!(
        !stderr.contains("Location:") && !stderr.contains('\u{1b}'),
        "{stderr}"
    );
}

/// Runs the binary with `text` as its config file (none when `None`) and no secrets in the
/// environment.
fn run_with_config(folder: &tempfile::TempDir, text: Option<&str>) -> std::process::Output {
    let config = folder.path().join("config.toml");
    if let Some(text) = text {
        std::fs::write(&config, text).unwrap();
    }
    std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"))
        .env("TENANTDECK_CONFIG", &config)
        .env("TENANTDECK_DATA_DIR", folder.path())
        .env_remove("TENANTDECK_PASSWORD")
        .env_remove("TENANTDECK_CLIENT_SECRET")
        .output()
        .unwrap()
}

const PROFILE: &str = "[profiles.prod]\napi_url = \"http://127.0.0.1:9\"\nreseller_id = \"r\"\nusername = \"u@example.com\"\nclient_secret_command = \"echo cs\"\n";

#[test]
fn a_password_command_that_never_ends_is_stopped_with_a_message() {
    let folder = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let text =
        format!("{PROFILE}password_command = \"sleep 60\"\nsecret_command_timeout_secs = 1\n");
    let output = run_with_config(&folder, Some(&text));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("password_command did not finish within 1 s"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "it did not wait for sleep"
    );
}

#[test]
fn a_password_command_that_prints_nothing_is_refused_before_signing_in() {
    let folder = tempfile::tempdir().unwrap();
    let text = format!("{PROFILE}password_command = \"true\"\n");
    let output = run_with_config(&folder, Some(&text));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("password_command printed nothing"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_config_anyone_can_write_does_not_run_its_commands() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    let marker = folder.path().join("ran");
    let config = folder.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "{PROFILE}password_command = \"touch {}; echo pw\"\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o666)).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"))
        .env("TENANTDECK_CONFIG", &config)
        .env("TENANTDECK_DATA_DIR", folder.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("chmod 600"), "{stderr}");
    assert!(!marker.exists(), "the command was not run");
}

#[test]
fn a_timeout_of_zero_is_refused_with_its_key_and_line() {
    let folder = tempfile::tempdir().unwrap();
    let text = format!("{PROFILE}timeout_secs = 0\n");
    let output = run_with_config(&folder, Some(&text));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 6") && stderr.contains("timeout_secs = 0"),
        "{stderr}"
    );
}
