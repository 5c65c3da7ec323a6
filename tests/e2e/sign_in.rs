//! End to end: the real binary against a stand-in with a wrong password. The header says the
//! sign-in was refused, the details name where the password came from, and once the password
//! is fixed where a `password_command` reads it, `r` signs in without a restart. Also: the
//! `help` subcommand answers `--help` like every other one.

use std::time::Duration;

use crate::pty::Console;
use crate::support;

#[test]
fn a_refused_sign_in_names_the_password_command_and_r_signs_in_once_it_is_fixed() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let demo = stand.handle.credentials().clone();
    let folder = tempfile::tempdir().unwrap();
    let password_file = folder.path().join("password");
    std::fs::write(&password_file, "not-the-password\n").unwrap();
    let config = folder.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.e2e]\napi_url = \"{}\"\nreseller_id = \"{}\"\nusername = \"{}\"\npassword_command = \"cat {}\"\n",
            stand.handle.base_url(),
            demo.reseller_id,
            demo.username,
            password_file.display()
        ),
    )
    .unwrap();
    let config = config.display().to_string();
    let mut console = Console::start_with_env(
        &[],
        &[
            ("TENANTDECK_CONFIG", config.as_str()),
            ("TENANTDECK_CLIENT_SECRET", demo.client_secret.as_str()),
        ],
    );
    // The organization list's own read refused too: `r` before that would join a read still
    // under way with the old password (one read per list at a time) and be refused with it.
    let screen = console.wait_for("the refusal", Duration::from_secs(30), |s| {
        s.contains("sign-in refused") && s.contains("error: sign-in failed")
    });
    assert!(screen.contains("password_command (cat"), "{screen}");
    assert!(!screen.contains("Signed in as"), "{screen}");
    assert!(!screen.contains("Enter retries"), "{screen}");

    std::fs::write(&password_file, format!("{}\n", demo.password)).unwrap();
    console.type_keys("r");
    console.wait_for("the organizations", Duration::from_secs(30), |s| {
        s.contains(" organizations") && !s.contains("sign-in refused")
    });
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}

#[test]
fn help_answers_help_and_explains_a_subcommand() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"))
            .args(args)
            .output()
            .unwrap()
    };
    let output = run(&["help", "--help"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(stdout.contains("Usage: tenantdeck help"), "{stdout}");
    let output = run(&["help", "sandbox"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout.contains("--listen"),
        "the sandbox's own help: {stdout}"
    );
    assert_eq!(
        stdout,
        String::from_utf8_lossy(&run(&["sandbox", "--help"]).stdout),
        "the same text as `sandbox --help`"
    );
    let output = run(&["help"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Commands:"));
}
