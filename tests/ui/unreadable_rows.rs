//! A list with rows the client cannot read still loads, through the whole chain (app → actor →
//! client → a fake server sending broken rows), and the status bar says how many were left out.

use std::time::Duration;

use crate::fake::Fake;
use crate::ui_support::{press, render, session};
use ratatui::crossterm::event::KeyCode;
use serde_json::json;
use tenantdeck::api::{ActorChannels, DEFAULT_FRESH_FOR, Resource, spawn_actor};
use tenantdeck::app::App;

/// Relays the app's requests to the actor and its answers back until the screen shows `text`.
async fn until_shown(app: &mut App, actor: &mut ActorChannels, text: &str) -> String {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        for request in app.take_requests() {
            actor.requests.send(request).unwrap();
        }
        let screen = render(app);
        if screen.contains(text) {
            return screen;
        }
        match tokio::time::timeout_at(deadline, actor.events.recv()).await {
            Ok(Some(event)) => app.handle_api_event(event),
            _ => panic!("'{text}' never showed; the screen:\n{screen}"),
        }
    }
}

#[tokio::test]
async fn the_status_bar_counts_the_rows_left_out() {
    let fake = Fake::start().await;
    let org = || "o-1".to_string();
    fake.serve(
        &Resource::Organizations,
        &json!([
            {"id": "o-1", "name": "Acme AB", "customerNumber": null, "isActive": true},
            {"id": "o-2", "name": "Broken Oy", "isActive": "perhaps"},
            {"id": "o-3", "name": "Zeta AB", "customerNumber": 10003, "isActive": "true"},
        ]),
    );
    fake.serve(
        &Resource::Organization { org: org() },
        &json!({"id": "o-1", "name": "Acme AB"}),
    );
    fake.serve(
        &Resource::OrganizationRoles { org: org() },
        &json!([{"id": "1", "name": "User"}]),
    );
    fake.serve(&Resource::OrgServices { org: org() }, &json!([]));
    fake.serve(
        &Resource::Users { org: org() },
        &json!([
            {"id": "u-1", "username": "ann@acme.test", "displayName": "Ann", "roleId": "1"},
            {"id": "u-2", "roleId": "admin"},
            {"id": "u-3", "username": ["two", "names"]},
            7,
        ]),
    );
    let mut actor = spawn_actor(fake.client(), DEFAULT_FRESH_FOR);
    let mut app = App::new(session(false));

    let screen = until_shown(&mut app, &mut actor, "could not be read").await;
    assert!(
        screen.contains("1 organization could not be read (see log)"),
        "{screen}"
    );
    assert!(
        screen.contains("Acme AB") && screen.contains("Zeta AB"),
        "{screen}"
    );
    assert!(!screen.contains("Broken Oy"), "{screen}");

    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('u'));
    let screen = until_shown(&mut app, &mut actor, "3 users could not be read (see log)").await;
    assert!(screen.contains("ann@acme.test"), "{screen}");
}
