//! End to end: `demo` runs all three stand-ins and `:profile` (or `P`) moves the running
//! console from one to another and back, the terminal staying the console's throughout.

use std::time::Duration;

use crate::pty::Console;

fn header_profile(screen: &str) -> Option<&str> {
    let first = screen.lines().next()?;
    let at = first.find("profile ")? + "profile ".len();
    first[at..].split_whitespace().next()
}

#[test]
fn the_demo_switches_among_its_cloudmore_pulse_and_metal_profiles() {
    let mut console = Console::start(&["demo"]);
    console.wait_for("the Cloudmore demo", Duration::from_secs(30), |s| {
        header_profile(s) == Some("demo") && s.contains("Aalto Office Supplies")
    });

    console.type_keys(":");
    console.type_keys("profile demo-pulse");
    console.wait_for("the profile listed", Duration::from_secs(10), |s| {
        s.contains("switch to it (Pulse IoT Center)")
    });
    console.type_keys("\r");
    console.wait_for("the Pulse profile", Duration::from_secs(30), |s| {
        header_profile(s) == Some("demo-pulse")
    });

    console.type_keys(":");
    console.type_keys("profile demo-metal");
    console.wait_for("the profile listed", Duration::from_secs(10), |s| {
        s.contains("switch to it (Equinix Metal)")
    });
    console.type_keys("\r");
    console.wait_for("the Metal profile", Duration::from_secs(30), |s| {
        header_profile(s) == Some("demo-metal") && s.contains("Aalto Render Farm")
    });

    // `P` lists the profiles with the one the console is on last: Enter goes back.
    console.type_keys("P");
    console.wait_for("the profiles", Duration::from_secs(10), |s| {
        s.contains("on it now (Equinix Metal)")
    });
    console.type_keys("\r");
    console.wait_for("Cloudmore again", Duration::from_secs(30), |s| {
        header_profile(s) == Some("demo") && s.contains("Aalto Office Supplies")
    });

    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}

#[test]
fn demo_can_open_on_pulse() {
    let mut console = Console::start(&["demo", "--provider", "pulse"]);
    console.wait_for("the Pulse profile", Duration::from_secs(30), |s| {
        header_profile(s) == Some("demo-pulse")
    });
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}

#[test]
fn demo_can_open_on_metal_and_browse_its_organizations_projects_and_members() {
    let mut console = Console::start(&["demo", "--provider", "metal"]);
    console.wait_for("the Metal profile", Duration::from_secs(30), |s| {
        header_profile(s) == Some("demo-metal") && s.contains("Aalto Render Farm")
    });
    // Its writes are offered, and a new organization from anywhere; no moves, no status.
    let screen = console.screen_text();
    assert!(screen.contains("N new organization"), "{screen}");
    assert!(!screen.contains("m move"), "{screen}");
    // The selected organization's people, read for it alone.
    console.wait_for("its members", Duration::from_secs(10), |s| {
        s.contains("Members (") && s.contains("owner")
    });
    console.type_keys("l");
    console.wait_for("its projects", Duration::from_secs(10), |s| {
        s.contains("Backups")
    });
    console.type_keys("j");
    console.wait_for("the project's record", Duration::from_secs(10), |s| {
        s.contains("Kind") && s.contains("project")
    });
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}

/// A profile that cannot be used (its URL is not one, or its secret is missing) is refused
/// when switched to: the console stays on the profile it was on and says why.
#[test]
fn a_profile_that_cannot_be_used_is_refused_and_the_console_stays() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(crate::pulse_support::start(tenantdeck::sandbox::Seed::Demo));
    let operator = stand.operator();
    let config = stand.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"iot\"\n\n[profiles.iot]\nprovider = \"pulse\"\napi_url = \"{}\"\nusername = \"{}\"\n\n[profiles.broken]\nprovider = \"pulse\"\napi_url = \"not a url\"\nusername = \"x\"\n\n[profiles.nosecret]\napi_url = \"http://127.0.0.1:9\"\nreseller_id = \"r\"\nusername = \"u\"\n",
            stand.handle.base_url(),
            operator.username
        ),
    )
    .unwrap();
    let mut console = Console::start_with_env(
        &[],
        &[
            ("TENANTDECK_CONFIG", config.to_str().unwrap()),
            ("TENANTDECK_PASSWORD", operator.password.as_str()),
        ],
    );
    let on_iot = |s: &str| header_profile(s) == Some("iot") && s.contains("Aurora Smart Buildings");
    console.wait_for("the Pulse profile", Duration::from_secs(30), on_iot);
    for (name, why) in [
        ("broken", "cannot switch to profile broken"),
        ("nosecret", "TENANTDECK_CLIENT_SECRET"),
    ] {
        console.type_keys(":");
        console.type_keys(&format!("profile {name}"));
        console.wait_for("the profile listed", Duration::from_secs(10), |s| {
            s.contains("switch to it")
        });
        console.type_keys("\r");
        let screen = console.wait_for("the refusal", Duration::from_secs(30), |s| {
            on_iot(s) && s.contains(why)
        });
        assert!(screen.contains("cannot switch to profile"), "{screen}");
    }
    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}
