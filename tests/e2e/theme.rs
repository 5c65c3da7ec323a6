//! Colours (issue 14): `NO_COLOR` leaves every colour out, and a theme file with a mistake stops
//! the start with one plain line naming it.

use std::time::Duration;

use crate::keymap::refused_start;
use crate::pty::Console;

/// Whether the terminal was sent a foreground or background colour (SGR 30-37, 38, 40-47, 48,
/// 90-97, 100-107), as crossterm writes them: `ESC [ 38 ; 5 ; n m` and the like.
fn sets_a_colour(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(raw);
    text.split("\u{1b}[").skip(1).any(|sgr| {
        let Some(end) = sgr.find('m') else {
            return false;
        };
        let params = &sgr[..end];
        params.chars().all(|c| c.is_ascii_digit() || c == ';')
            && params
                .split(';')
                .next()
                .and_then(|p| p.parse::<u16>().ok())
                .is_some_and(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
    })
}

fn demo_output(env: &[(&str, &str)]) -> Vec<u8> {
    let mut console = Console::start_with_env(&["demo"], env);
    console.wait_for("the tree", Duration::from_secs(30), |s| {
        s.contains(" organizations")
    });
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
    console.raw_output()
}

#[test]
fn no_color_leaves_every_colour_out() {
    // An empty NO_COLOR asks for nothing, whatever the environment running the tests has.
    let coloured = demo_output(&[("NO_COLOR", "")]);
    assert!(sets_a_colour(&coloured), "the default theme has colours");
    assert!(!sets_a_colour(&demo_output(&[("NO_COLOR", "1")])));
}

#[test]
fn a_theme_with_a_mistake_is_refused_with_its_line() {
    let stderr = refused_start("theme.toml", "base = \"light\"\naccent = \"blurple\"\n");
    assert!(
        stderr.contains("theme.toml: line 2: \"blurple\" is not a colour"),
        "{stderr}"
    );
}
