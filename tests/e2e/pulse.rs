//! End to end on Pulse IoT Center: the real binary with a `provider = "pulse"` profile from a
//! config file, against a Pulse stand-in started by the test. It creates a child organization,
//! moves it through the picker, edits it while the test changes it behind the console's back
//! through the API, overwrites with its own values from the conflict view, and checks each
//! step through the API.

use std::time::Duration;

use serde_json::{Value, json};
use tenantdeck::sandbox::Seed;

use crate::pty::Console;
use crate::pulse_support::{self, Raw};

const END: &str = "\x1b[F";
const BACKSPACE: &str = "\x7f";
const WAIT: Duration = Duration::from_secs(30);

fn named<'a>(orgs: &'a [Value], name: &str) -> Option<&'a Value> {
    orgs.iter().find(|o| o["name"] == name)
}

#[test]
fn create_move_and_resolve_a_conflict_on_pulse_then_find_it_all_through_the_api() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(pulse_support::start(Seed::Demo));
    let operator = stand.operator();
    let raw = runtime.block_on(Raw::login(&stand.handle, &operator));
    let config = stand.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.iot]\nprovider = \"pulse\"\napi_url = \"{}\"\nusername = \"{}\"\n",
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
    console.wait_for("the hierarchy", WAIT, |s| {
        s.contains("Pulse IoT Center") && s.contains("Aurora Smart Buildings")
    });

    // A child of Aurora's first campus.
    console.type_keys("l");
    console.wait_for("Aurora open", WAIT, |s| {
        s.contains("Amsterdam Zuidas Campus")
    });
    console.type_keys("j");
    console.wait_for("the campus selected", WAIT, |s| {
        s.contains("› ▸ Amsterdam Zuidas Campus") || s.contains("›   ▸ Amsterdam Zuidas Campus")
    });
    console.type_keys("n");
    console.wait_for_text("Name");
    console.type_keys("E2E Gateway\r");
    console.wait_for_text("created organization E2E Gateway");
    let orgs = runtime.block_on(raw.all_orgs());
    let campus = named(&orgs, "Amsterdam Zuidas Campus").unwrap()["id"].clone();
    let gateway = named(&orgs, "E2E Gateway").expect("created").clone();
    assert_eq!(gateway["parentId"], campus);
    let id = gateway["id"].as_str().unwrap().to_string();

    // Move it below Berlin Mitte Campus: type to search in the picker, then save the move.
    console.wait_for("the new child selected", WAIT, |s| {
        s.lines()
            .any(|l| l.contains('›') && l.contains("E2E Gateway"))
    });
    console.type_keys("m");
    console.type_keys("berlin mitte");
    console.wait_for_text("Berlin Mitte Campus");
    console.type_keys("\r");
    console.wait_for_text("New parent");
    console.type_keys("\r");
    console.wait_for_text("moved E2E Gateway to Berlin Mitte Campus");
    let orgs = runtime.block_on(raw.all_orgs());
    let berlin = named(&orgs, "Berlin Mitte Campus").unwrap()["id"].clone();
    assert_eq!(named(&orgs, "E2E Gateway").unwrap()["parentId"], berlin);

    // Edit it; meanwhile someone renames it and sets it inactive through the API.
    console.wait_for("the record read again", WAIT, |s| {
        s.contains("Berlin Mitte Campus")
    });
    console.type_keys("e");
    console.wait_for_text("Name");
    console.type_keys(END);
    console.type_keys(&BACKSPACE.repeat(40));
    console.type_keys("E2E Gateway (mine)");
    let theirs = json!({"id": id, "name": "E2E Gateway (theirs)", "status": "INACTIVE"});
    let (status, body) = runtime.block_on(raw.put(&format!("/api/organizations/{id}"), &theirs));
    assert!(status.is_success(), "{body}");
    console.type_keys("\r");
    let screen = console.wait_for("the conflict view", WAIT, |s| {
        s.contains("Changed on the server meanwhile") && s.contains("E2E Gateway (theirs)")
    });
    assert!(
        screen.contains("E2E Gateway (mine)"),
        "what was typed is kept: {screen}"
    );
    let (_, before) = runtime.block_on(raw.get(&format!("/api/organizations/{id}")));
    assert_eq!(before["name"], "E2E Gateway (theirs)", "nothing sent yet");

    // Overwrite with mine: sent again, made from their version.
    console.type_keys("o");
    console.wait_for_text("saved organization E2E Gateway (mine)");
    let (_, after) = runtime.block_on(raw.get(&format!("/api/organizations/{id}")));
    assert_eq!(after["name"], "E2E Gateway (mine)");
    assert_eq!(after["status"], "ACTIVE", "mine, not theirs");
    assert_eq!(after["parentId"], berlin, "the move stands");

    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}
