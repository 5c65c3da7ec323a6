//! The Metal console's hierarchy screen over the Metal stand-in (the real actor, client and
//! HTTP), drawn on `TestBackend`: the selected organization's members with their roles and
//! its pending invitations in the detail pane, a project's members and no invitations, each
//! read only for the node visited, in a box of their own below the record, and an invitee's
//! hostile address drawn as plain text.

use std::sync::Arc;

use ratatui::crossterm::event::KeyCode;
use reqwest::StatusCode;
use serde_json::json;
use tenantdeck::api::Provider;
use tenantdeck::app::SessionInfo;
use tenantdeck::providers::metal::MetalClient;
use tenantdeck::sandbox::Seed;

use crate::hierarchy::{Console, render_at};
use crate::metal_support::{self, MAIN, Metal, Raw, SAMS_PROJECT_INVITATION};

/// Escape sequences and a bidi override in an address the stand-in takes as an e-mail.
const HOSTILE_INVITEE: &str = "evil\u{1b}[31m\u{202e}red@x.example";

/// The console of the main demo user, settled on its first row.
pub async fn metal_console() -> Console<Raw> {
    metal_console_as(false).await
}

/// The console of the main demo user (a read-only profile when `read_only`), settled on its
/// first row.
pub async fn metal_console_as(read_only: bool) -> Console<Raw> {
    let metal = metal_support::start(Seed::Demo).await;
    let config = tenantdeck::demo::metal_config(&metal.handle, std::time::Duration::from_secs(10));
    let client = Arc::new(MetalClient::new(config).expect("client"));
    let account = metal.account(MAIN);
    let session = SessionInfo {
        profile: "demo-metal".into(),
        api_url: client.config().base_url.clone(),
        reseller_id: "demo-metal".into(),
        username: account.email.clone(),
        provider: "Equinix Metal",
        provider_key: "metal",
        capabilities: client.capabilities(),
        read_only,
        ..Default::default()
    };
    let raw = metal.as_user(MAIN);
    let mut console = Console::over(client, session, raw, Box::new(metal));
    console.settle().await;
    console
}

/// The screen tall and wide enough for a whole organization's pane.
pub fn tall(console: &Console<Raw>) -> String {
    render_at(&console.app, 140, 50)
}

/// Requests the stand-in logged whose line contains `needle`.
fn requests(console: &Console<Raw>, needle: &str) -> usize {
    let metal: &Metal = console.stand_in();
    let log = metal.handle.request_log();
    log.iter().filter(|line| line.contains(needle)).count()
}

#[tokio::test]
async fn the_selected_node_s_members_and_invitations_are_in_its_detail_pane() {
    let mut console = metal_console().await;
    let org = console.raw.org_named(SAMS_PROJECT_INVITATION).await;
    let path = format!("/organizations/{}/invitations", org["id"].as_str().unwrap());
    let (status, body) = console
        .raw
        .post(
            &path,
            &json!({"invitee": HOSTILE_INVITEE, "roles": ["billing"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let invitations_before = requests(&console, "/invitations");

    console.select(SAMS_PROJECT_INVITATION);
    console
        .run_until(|c| tall(c).contains("Pending invitations ("))
        .await;
    console.settle().await;
    let screen = tall(&console);
    insta::assert_snapshot!("metal_organization_people", screen);
    assert!(
        screen.contains("owner           Morgan Lee <morgan.lee@"),
        "{screen}"
    );
    assert!(screen.contains("Members (9)"), "{screen}");
    assert!(
        screen.contains("evilred@x.example · by Morgan Lee"),
        "{screen}"
    );
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{202e}'));
    // On an ordinary terminal the record gives way: the members are still in view.
    let normal = console.screen();
    assert!(normal.contains("┌ People"), "{normal}");
    assert!(normal.contains("owner           Morgan Lee"), "{normal}");
    // What the pane cuts, `f` reads whole.
    assert_eq!(
        console.detail("owner"),
        "Morgan Lee <morgan.lee@brightline.example>"
    );
    // Only the organization selected had its invitations read, not the 28 loaded.
    assert_eq!(requests(&console, "/invitations"), invitations_before + 1);

    // Its first project: its members, and no invitations of its own.
    console.key(KeyCode::Char('l'));
    console.key(KeyCode::Down);
    console.until_shown("Members (").await;
    console.settle().await;
    let screen = tall(&console);
    assert!(screen.contains("Kind            project"), "{screen}");
    assert!(!screen.contains("Pending invitations"), "{screen}");
    assert!(screen.contains("admin"), "{screen}");
    assert_eq!(requests(&console, "/memberships"), 1, "one project visited");
    assert_eq!(requests(&console, "/invitations"), invitations_before + 1);
}
