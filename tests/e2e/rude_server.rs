//! A rude server, seen through a real terminal: the built binary in a pty against a stand-in
//! the test owns.
//!
//! - Hostile names: organizations whose names carry each class of invisible or steering
//!   character. Nothing of them may reach the terminal: the raw output holds none of those
//!   characters, every row keeps the panel border in its column, and an edit form prefilled with
//!   an escape sequence shows no trace of it.
//! - A slow answer: the status bar says what it is still waiting for, and keys still work.

use std::time::Duration;

use crate::pty::Console;
use crate::support;
use tenantdeck::api::Mutation;
use tenantdeck::domain::OrganizationInput;

const ENTER: &str = "\r";
const TAG: &str = "Qzx";

/// One name per character class, each tagged so a filter shows them all.
fn hostile_names() -> Vec<(&'static str, String)> {
    [
        ("zero-width space", "\u{200b}"),
        ("zero-width joiner", "\u{200d}"),
        ("byte-order mark", "\u{feff}"),
        ("word joiner", "\u{2060}"),
        ("line separator", "\u{2028}"),
        ("paragraph separator", "\u{2029}"),
        ("bidi override", "\u{202e}"),
        ("soft hyphen", "\u{ad}"),
        (
            "OSC 52 clipboard write",
            "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}",
        ),
        ("C1 CSI clear", "\u{9b}2J"),
    ]
    .into_iter()
    .enumerate()
    .map(|(n, (class, chars))| (class, format!("{TAG} {n} Al{chars}pha{chars} Ltd")))
    .collect()
}

fn console_on(stand: &support::Sandbox) -> Console {
    Console::on_stand_in(&stand.handle, None)
}

#[test]
fn a_slow_answer_says_what_it_is_still_waiting_for_while_keys_work() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    stand
        .handle
        .faults()
        .slow("/organizations", Duration::from_secs(6));
    let mut console = console_on(&stand);
    let screen = console.wait_for("the wait to be named", Duration::from_secs(5), |s| {
        s.contains("still waiting for the organizations (")
    });
    assert!(!screen.contains(" of 210 organizations"), "{screen}");
    console.type_keys("?");
    console.wait_for_text("Help");
    console.type_keys("\u{3}");
    assert!(console.wait_exit(Duration::from_secs(10)));
}

#[test]
fn invisible_and_steering_characters_never_reach_the_terminal() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let client = support::client(&stand.handle);
    for (_, name) in hostile_names() {
        runtime
            .block_on(
                client.mutate(&Mutation::CreateOrganization(Box::new(OrganizationInput {
                    name,
                    is_active: true,
                    ..Default::default()
                }))),
            )
            .expect("the stand-in takes the name as data");
    }
    let mut console = console_on(&stand);
    let count = hostile_names().len();
    console.wait_for("the tree", Duration::from_secs(20), |s| {
        s.contains(" of ") && s.contains("organizations")
    });
    console.type_keys("/");
    console.type_keys(TAG);
    console.type_keys(ENTER);
    let screen = console.wait_for("the hostile names", Duration::from_secs(20), |s| {
        s.contains(&format!(" {count} of "))
    });

    // Every class, drawn: the border of the tree panel stays in its column on every row.
    let rows: Vec<&str> = screen.lines().collect();
    let header = rows.iter().find(|r| r.contains('┐')).expect("the panel");
    let column = header.chars().position(|c| c == '┐').expect("its corner");
    let named: Vec<&&str> = rows
        .iter()
        .filter(|r| r.contains(&format!("▸ {TAG}")))
        .collect();
    assert_eq!(named.len(), count, "{screen}");
    for row in named {
        assert_eq!(
            row.chars().nth(column),
            Some('│'),
            "shifted row: {row:?}\n{screen}"
        );
        assert!(row.contains("pha"), "the text around it stays: {row:?}");
    }
    let raw = String::from_utf8_lossy(&console.raw_output()).into_owned();
    for (class, name) in hostile_names() {
        // ESC is the terminal's own; what a server put after one is checked below.
        for c in name.chars().filter(|c| !c.is_ascii()) {
            assert!(
                !raw.contains(c),
                "{class}: U+{:04X} reached the terminal",
                c as u32
            );
        }
    }
    assert!(
        !raw.contains("]52;"),
        "the clipboard write never reached the terminal"
    );

    // The edit form prefilled with the OSC name shows none of it.
    let osc = hostile_names()
        .into_iter()
        .position(|(class, _)| class.starts_with("OSC"))
        .unwrap();
    for _ in 0..=osc {
        console.type_keys("j");
    }
    console.type_keys("e");
    let form = console.wait_for_text("Name");
    assert!(!form.contains("52;c") && !form.contains("ZWNo"), "{form}");
    assert!(form.contains(&format!("{TAG} {osc} Alpha Ltd")), "{form}");
    // Ctrl-C quits from a form too.
    console.type_keys("\u{3}");
    assert!(console.wait_exit(Duration::from_secs(10)));
}
