//! Whole-screen snapshots of the first milestone's screens on a 100x30 `TestBackend`.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;

#[test]
fn tree_with_organization_detail() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn expanded_path_to_subscription_users() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('l'));
        serve(&mut app);
        press(&mut app, KeyCode::Char('l'));
        serve(&mut app);
    }
    insta::assert_snapshot!(render(&app));
}

#[test]
fn filter_narrows_as_you_type() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "ac");
    serve(&mut app);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn the_filter_finds_a_name_by_what_is_shown_and_a_word_typed_with_a_letter_left_out() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('/'));
    // The name holds escape sequences and a bidi override between these letters.
    keys(&mut app, "evilredcorp");
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("1 of 4 organizations"), "{screen}");
    assert!(screen.contains("EvilRedCorp"), "{screen}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "sytems zeta");
    let screen = render(&app);
    assert!(screen.contains("1 of 4 organizations"), "{screen}");
    assert!(screen.contains("Zeta Systems Oy"), "{screen}");
}

#[test]
fn help_overlay() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(render(&app));
}

#[test]
fn org_form_with_inline_errors() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('n'));
    keys(&mut app, "x");
    press(&mut app, KeyCode::Backspace);
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "not-an-email");
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "12a");
    press(&mut app, KeyCode::Enter);
    assert!(reads(&app.take_requests()).is_empty());
    insta::assert_snapshot!(render(&app));
}

#[test]
fn delete_confirmation() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('d'));
    keys(&mut app, "Acme");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render(&app));
}

#[test]
fn read_only_refuses_new_organization() {
    let mut app = loaded_app(true);
    press(&mut app, KeyCode::Char('n'));
    insta::assert_snapshot!(render(&app));
}

#[test]
fn command_palette() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "org");
    insta::assert_snapshot!(render(&app));
}

#[test]
fn organization_list_failed_to_load() {
    use tenantdeck::api::{ApiError, ApiEvent, ApiRequest, Resource};
    let mut app = tenantdeck::app::App::new(session(false));
    let list = app.take_requests().into_iter().find(
        |r| matches!(r, ApiRequest::Fetch { resource, .. } if *resource == Resource::Organizations),
    );
    let Some(ApiRequest::Fetch { id, resource }) = list else {
        panic!("the list is asked for");
    };
    app.handle_api_event(ApiEvent::LoadFailed {
        id,
        resource,
        error: ApiError::Network("connection refused (127.0.0.1:8443)".into()),
    });
    press(&mut app, KeyCode::Char('j'));
    insta::assert_snapshot!(render(&app));
}

#[test]
fn the_list_read_ahead_at_start_is_the_one_each_provider_asks_for_first() {
    use tenantdeck::api::ApiRequest;
    use tenantdeck::app::{App, SessionInfo};
    use tenantdeck::providers::{cloudmore, metal, pulse};
    for capabilities in [
        cloudmore::CAPABILITIES,
        pulse::CAPABILITIES,
        metal::CAPABILITIES,
    ] {
        let mut app = App::new(SessionInfo {
            capabilities,
            ..Default::default()
        });
        let first = app.take_requests().into_iter().find_map(|r| match r {
            ApiRequest::Fetch { resource, .. } => Some(resource),
            _ => None,
        });
        assert_eq!(first, Some(App::first_list(&capabilities)));
    }
}
