//! End to end on Equinix Metal: the real binary with a `provider = "metal"` profile from a
//! config file and its API key in the environment, against a Metal stand-in started by the
//! test. It makes an organization with an address (a root, from wherever the cursor is) and a
//! project in it, and finds both through the API.

use std::time::Duration;

use serde_json::json;
use tenantdeck::sandbox::Seed;

use crate::metal_support::{self, MAIN};
use crate::pty::Console;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn an_organization_with_an_address_and_a_project_in_it_are_made_in_the_console() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let metal = runtime.block_on(metal_support::start(Seed::Demo));
    let api = metal.as_user(MAIN);
    let token = metal.account(MAIN).token;
    let config = metal.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.cloud]\nprovider = \"metal\"\napi_url = \"{}/metal/v1\"\n",
            metal.handle.base_url()
        ),
    )
    .unwrap();
    let mut console = Console::start_with_env(
        &[],
        &[
            ("TENANTDECK_CONFIG", config.to_str().unwrap()),
            ("TENANTDECK_TOKEN", token.as_str()),
        ],
    );
    console.wait_for("the hierarchy", WAIT, |s| {
        s.contains("Equinix Metal") && s.contains("Aalto Render Farm")
    });

    // Name, then (past description, website and twitter) street, city, postal code, country.
    console.type_keys("N");
    console.wait_for_text("New organization");
    console.type_keys("E2E Cloud\t\t\t\t1 Dam Square\t\tAmsterdam\t\t1012 JS\tnl");
    console.wait_for_text("Netherlands");
    console.type_keys("\r");
    console.wait_for_text("created organization E2E Cloud");
    let orgs = runtime.block_on(api.all("/organizations?per_page=1000", "organizations"));
    let org = orgs
        .iter()
        .find(|o| o["name"] == "E2E Cloud")
        .expect("made")
        .clone();
    assert_eq!(
        org["address"],
        json!({"address": "1 Dam Square", "city": "Amsterdam", "zip_code": "1012 JS",
               "country": "NL"})
    );
    let id = org["id"].as_str().unwrap().to_string();

    // Selected once the reload brings it: a project in it.
    console.wait_for("the new organization selected", WAIT, |s| {
        s.lines()
            .any(|l| l.contains('›') && l.contains("E2E Cloud"))
    });
    console.type_keys("n");
    console.wait_for_text("New project in E2E Cloud");
    console.type_keys("Edge Nodes\r");
    console.wait_for_text("created project Edge Nodes");
    let projects = runtime.block_on(api.ok(&format!("/organizations/{id}/projects")));
    let names: Vec<&str> = projects["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["Edge Nodes"]);

    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}
