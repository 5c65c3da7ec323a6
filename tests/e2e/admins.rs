//! End to end: the real binary against a stand-in started by the test, signed in with command
//! line options and secrets from the environment. It opens the administrators, creates one
//! with a bad phone prefix, sees the inline error, fixes it, saves, and the administrator is
//! then read back through the API with the role picked on screen.

use std::time::Duration;

use crate::pty::{self, Console};
use crate::support;
use tenantdeck::api::{Resource, ResourceData};

const NEW_ADMIN: &str = "e2e.admin@northwind.example";
const TAB: &str = "\t";
const RIGHT: &str = "\x1b[C";
const BACKSPACE: &str = "\x7f";

#[test]
fn create_an_administrator_through_the_form_and_find_it_through_the_api() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let stand = runtime.block_on(support::stand_in());
    let demo = stand.handle.credentials().clone();
    let base = stand.handle.base_url();
    let mut console = Console::start_with_env(
        &[
            "--api-url",
            &base,
            "--reseller-id",
            &demo.reseller_id,
            "--username",
            &demo.username,
        ],
        &[
            ("TENANTDECK_PASSWORD", demo.password.as_str()),
            ("TENANTDECK_CLIENT_SECRET", demo.client_secret.as_str()),
        ],
    );
    console.wait_for("the organization tree", Duration::from_secs(30), |s| {
        s.contains(" organizations")
    });

    console.type_keys("A");
    // The form needs the reseller roles, read next to the list (`n` before they arrive opens
    // it when they do); the spinner stopping says everything is in.
    let listed =
        |s: &str| s.contains("Administrators ·") && s.contains("@") && s.contains("active");
    console.wait_for(
        "the administrators and roles",
        Duration::from_secs(20),
        |s| listed(s) && pty::idle(s),
    );
    console.type_keys("n");
    console.wait_for_text("New administrator");
    for value in [NEW_ADMIN, "Eve", "Tester", "Eve Tester"] {
        console.type_keys(value);
        console.type_keys(TAB);
    }
    // The reseller roles in the API's order: the eighth is Sales Agent.
    console.type_keys(&RIGHT.repeat(8));
    console.wait_for_text("‹ Sales Agent ›");
    for value in ["QA lead", "eve.tester@northwind.example", "+372"] {
        console.type_keys(TAB);
        console.type_keys(value);
    }
    console.wait_for_text("✗ Phone number is not in valid format.");
    console.type_keys(&BACKSPACE.repeat(4));
    console.type_keys("372");
    console.wait_for("the error to clear", Duration::from_secs(10), |s| {
        !s.contains("✗ Phone number")
    });
    console.type_keys(TAB);
    console.type_keys("5678912");
    console.type_keys(&TAB.repeat(9));
    console.type_keys("est");
    console.wait_for_text("EE Estonia");
    console.type_keys(RIGHT);
    console.wait_for_text("Estonia");
    console.type_keys("\r");
    console.wait_for_text(&format!("created administrator {NEW_ADMIN}"));

    let client = support::client(&stand.handle);
    let data = runtime
        .block_on(client.fetch(&Resource::Administrators))
        .expect("the administrators list");
    let ResourceData::Administrators(admins) = data else {
        panic!("{data:?}");
    };
    let created = admins
        .iter()
        .find(|a| a.name == NEW_ADMIN)
        .expect("the new administrator is listed");
    assert_eq!(created.role_id, 18);
    assert_eq!(created.role_name, "Sales Agent");
    assert_eq!(created.home_phone_prefix, "372");
    assert_eq!(created.address.country_code, "EE");
    assert_eq!(created.display_name, "Eve Tester");

    console.type_keys("q");
    assert!(console.wait_exit(Duration::from_secs(10)), "clean exit");
    console.assert_restored();
}
