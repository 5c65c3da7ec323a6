//! `keymap.toml` next to the config file (issue 14): the user's keys run the commands and the
//! hints show them; a keymap with a mistake stops the start with one plain line naming it.

use std::time::Duration;

use crate::pty::Console;

#[test]
fn the_users_keys_run_the_commands_and_the_hints_show_them() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("keymap.toml"),
        "# quit with Q only\n\"app.quit\" = \"Q\"\n\"org.expand\" = [\"L\", \"Enter\"]\n",
    )
    .unwrap();
    let config = folder.path().join("config.toml");
    let config = config.to_str().unwrap();
    let mut console = Console::start_with_env(&["demo"], &[("TENANTDECK_CONFIG", config)]);
    console.wait_for(
        "the tree with the user's hints",
        Duration::from_secs(30),
        |s| s.contains(" organizations") && s.contains("Q quit") && s.contains("L expand"),
    );
    console.type_keys("q");
    console.wait_for("q to be no command now", Duration::from_secs(10), |s| {
        s.contains("no command on q here")
    });
    console.type_keys("Q");
    assert!(console.wait_exit(Duration::from_secs(10)), "Q quits");
    console.assert_restored();
}

#[test]
fn a_keymap_with_a_mistake_is_refused_with_its_line() {
    let stderr = refused_start(
        "keymap.toml",
        "\"list.copy_id\" = \"c\"\n\"list.down\" = \"k\"\n",
    );
    assert!(
        stderr.contains("keymap.toml: line 2: k is bound to both list.up and list.down"),
        "{stderr}"
    );
}

/// `demo` started with `text` as the file `name` next to the config: it must refuse to start
/// with exit code 2 and one plain line, which is returned.
pub fn refused_start(name: &str, text: &str) -> String {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join(name), text).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenantdeck"))
        .arg("demo")
        .env("TENANTDECK_CONFIG", folder.path().join("config.toml"))
        .env("TENANTDECK_DATA_DIR", folder.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn y_sends_the_selected_id_to_the_terminal_clipboard_and_help_shows_rebound_keys() {
    use base64::Engine;
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("keymap.toml"),
        "\"list.copy_record\" = \"C-y\"\n",
    )
    .unwrap();
    let config = folder.path().join("config.toml");
    let mut console = Console::start_with_env(
        &["demo"],
        // Not inside tmux, whatever runs the tests: the sequence is sent bare.
        &[
            ("TENANTDECK_CONFIG", config.to_str().unwrap()),
            ("TMUX", ""),
        ],
    );
    console.wait_for("the tree", Duration::from_secs(30), |s| {
        s.contains(" organizations")
    });
    console.type_keys("jy");
    let screen = console.wait_for("the copy to be said", Duration::from_secs(10), |s| {
        s.contains("to the clipboard")
    });
    let id = screen
        .split("copied the id ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the id copied")
        .to_string();
    let encoded = base64::engine::general_purpose::STANDARD.encode(&id);
    let raw = String::from_utf8_lossy(&console.raw_output()).into_owned();
    assert!(
        raw.contains(&format!("\u{1b}]52;c;{encoded}\u{7}")),
        "the OSC 52 sequence for {id}"
    );
    console.type_keys("?");
    console.wait_for("help with the user's key", Duration::from_secs(10), |s| {
        s.contains("C-y") && s.contains("copy record")
    });
    console.type_keys("\u{1b}");
    console.wait_for("help to close", Duration::from_secs(10), |s| {
        !s.contains("C-y")
    });
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
}
