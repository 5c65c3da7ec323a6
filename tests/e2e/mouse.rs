//! Mouse capture (issue 14): the console asks the terminal for mouse reports and turns them
//! off again on every way out — `q`, SIGTERM and a panic — and with `mouse = false` in the
//! config it never asks.

use std::time::Duration;

use crate::pty::Console;

/// Capture on: press and release reports (1000), then SGR coordinates (1006); and off.
const ON: [&[u8]; 2] = [b"\x1b[?1000h", b"\x1b[?1006h"];
const OFF: [&[u8]; 2] = [b"\x1b[?1000l", b"\x1b[?1006l"];

fn last(raw: &[u8], pattern: &[u8]) -> Option<usize> {
    raw.windows(pattern.len()).rposition(|w| w == pattern)
}

/// Capture was turned on, and each part of it off after that.
fn assert_captured_then_released(raw: &[u8]) {
    for (on, off) in ON.iter().zip(OFF) {
        let on_at = last(raw, on).expect("mouse capture turned on");
        let off_at = last(raw, off).expect("mouse capture turned off");
        assert!(off_at > on_at, "turned off after it was turned on");
    }
}

fn started(env: &[(&str, &str)]) -> Console {
    let console = Console::start_with_env(&["demo"], env);
    console.wait_for("the tree", Duration::from_secs(30), |s| {
        s.contains(" organizations")
    });
    console
}

/// The ways a console ends; each must give the mouse back.
#[derive(Debug, Clone, Copy)]
enum WayOut {
    Quit,
    Sigterm,
    Panic,
}

#[test]
fn the_console_captures_the_mouse_and_releases_it_however_it_ends() {
    for way in [WayOut::Quit, WayOut::Sigterm, WayOut::Panic] {
        let mut console = match way {
            WayOut::Panic => Console::start_with_env(&["demo"], &[("TENANTDECK_TEST_PANIC", "1")]),
            _ => started(&[]),
        };
        match way {
            WayOut::Quit => {
                click_selects_the_first_organization(&mut console);
                console.type_keys("q");
            }
            WayOut::Sigterm => {
                let pid = console.child.process_id().expect("a pid").to_string();
                let sent = std::process::Command::new("kill")
                    .args(["-TERM", &pid])
                    .status();
                assert!(sent.unwrap().success());
            }
            WayOut::Panic => {}
        }
        let clean = console.wait_exit(Duration::from_secs(20));
        assert_eq!(clean, matches!(way, WayOut::Quit), "{way:?}");
        console.assert_restored();
        assert_captured_then_released(&console.raw_output());
    }
}

/// A click on the fourth line (an SGR report counts from 1): the tree's second row, the first
/// organization below the reseller, gets the pointer.
fn click_selects_the_first_organization(console: &mut Console) {
    console.type_keys("\x1b[<0;6;4M\x1b[<0;6;4m");
    console.wait_for("the clicked row selected", Duration::from_secs(10), |s| {
        let pointed = |n: usize| {
            let line = s.lines().nth(n).unwrap_or_default();
            line.chars().take(30).any(|c| c == '›')
        };
        pointed(3) && !pointed(2)
    });
}

#[test]
fn mouse_false_in_the_config_never_asks_for_mouse_reports() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("config.toml");
    std::fs::write(&config, "mouse = false\n").unwrap();
    let config = config.to_string_lossy().into_owned();
    let mut console = started(&[("TENANTDECK_CONFIG", config.as_str())]);
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    let raw = console.raw_output();
    for sequence in ON.iter().chain(&OFF) {
        assert!(
            last(&raw, sequence).is_none(),
            "{:?}",
            String::from_utf8_lossy(sequence)
        );
    }
}
