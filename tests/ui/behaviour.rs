//! Behaviour of the app through its public interface: which requests leave it, and how answers
//! (including stale and failed ones) change what it shows.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiError, ApiEvent, ApiRequest, Mutation, Resource, ResourceData};
use tenantdeck::domain::OrganizationSummary;

#[test]
fn startup_asks_for_the_organizations_once() {
    let mut app = tenantdeck::app::App::new(session(false));
    let requests = app.take_requests();
    // The organization custom-property definitions come with it, once (the tree keeps them).
    assert_eq!(
        reads(&requests),
        vec![Resource::Organizations, Resource::OrgPropertyDefinitions]
    );
    assert!(app.needs_ticks(), "the spinner turns while loading");
    assert!(app.take_requests().is_empty());
    assert!(render(&app).contains("loading…"));
}

#[test]
fn expand_fetches_children_lazily_with_fresh_ids() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    let detail = app.take_requests();
    assert_eq!(
        reads(&detail),
        vec![Resource::Organization {
            org: "o-acme".into()
        }]
    );
    press(&mut app, KeyCode::Char('l'));
    let expand = app.take_requests();
    assert_eq!(
        reads(&expand),
        vec![Resource::OrgServices {
            org: "o-acme".into()
        }]
    );
    assert!(matches!(expand[0], ApiRequest::Fetch { .. }));
    assert!(ids(&expand)[0] > ids(&detail)[0]);
    assert!(
        render(&app).contains("loading…"),
        "a loading row while pending"
    );
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Char('l'));
    assert!(
        app.take_requests().is_empty(),
        "no second fetch while one is pending"
    );
}

#[test]
fn failed_and_empty_children_show_as_rows() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('G'));
    press(&mut app, KeyCode::Char('l'));
    serve(&mut app);
    assert!(render(&app).contains("(none)"));
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('l'));
    let Some(ApiRequest::Fetch { id, resource }) = app.take_requests().into_iter().find(|r| {
        matches!(
            r,
            ApiRequest::Fetch {
                resource: Resource::OrgServices { .. },
                ..
            }
        )
    }) else {
        panic!("expanding asks for the services");
    };
    app.handle_api_event(ApiEvent::LoadFailed {
        id,
        resource,
        error: ApiError::Timeout(30),
    });
    let screen = render(&app);
    assert!(
        screen.contains("error: request timed out after 30 s"),
        "{screen}"
    );
}

#[test]
fn stale_answers_are_dropped_by_id() {
    let mut app = tenantdeck::app::App::new(session(false));
    let first = ids(&app.take_requests())[0];
    press(&mut app, KeyCode::Char('r'));
    let second = ids(&app.take_requests())[0];
    assert!(second > first);
    let newer = vec![OrganizationSummary {
        id: "o-new".into(),
        name: "Newer Data AB".into(),
        is_active: true,
        ..Default::default()
    }];
    app.handle_api_event(loaded(
        second,
        Resource::Organizations,
        ResourceData::Organizations(newer),
    ));
    app.handle_api_event(loaded(
        first,
        Resource::Organizations,
        ResourceData::Organizations(organizations()),
    ));
    let screen = render(&app);
    assert!(screen.contains("Newer Data AB"));
    assert!(!screen.contains("Acme AB"));
    assert!(screen.contains("1 of 1 organizations"));
}

#[test]
fn stale_flag_shows_data_at_once_and_keeps_the_spinner() {
    let mut app = tenantdeck::app::App::new(session(false));
    let id = ids(&app.take_requests())[0];
    app.handle_api_event(ApiEvent::Loaded {
        id,
        resource: Resource::Organizations,
        data: std::sync::Arc::new(ResourceData::Organizations(organizations())),
        stale: true,
        skipped: 0,
    });
    assert!(render(&app).contains("Acme AB"));
    assert!(app.needs_ticks());
}

#[test]
fn filter_counts_live_and_escape_clears() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "C-100");
    assert!(render(&app).contains("3 of 4 organizations"));
    keys(&mut app, "4");
    assert!(render(&app).contains("1 of 4 organizations"));
    press(&mut app, KeyCode::Enter);
    assert!(
        render(&app).contains("1 of 4 organizations"),
        "Enter keeps the filter"
    );
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Esc);
    assert!(render(&app).contains("4 of 4 organizations"));
}

#[test]
fn delete_needs_the_exact_name_and_refetches_after() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Enter);
    assert!(app.take_requests().is_empty());
    assert!(render(&app).contains("type the organization's name"));
    keys(&mut app, "Acme AB");
    press(&mut app, KeyCode::Enter);
    let sent = mutations(&app.take_requests());
    assert_eq!(
        sent[0].1,
        Mutation::DeleteOrganization {
            org: "o-acme".into()
        }
    );
    app.handle_api_event(ApiEvent::Mutated {
        id: sent[0].0,
        mutation: Box::new(sent[0].1.clone()),
        result: Ok(None),
    });
    assert_eq!(reads(&app.take_requests()), vec![Resource::Organizations]);
    assert!(render(&app).contains("deleted the organization"));
}

#[test]
fn escape_cancels_delete() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    press(&mut app, KeyCode::Char('d'));
    keys(&mut app, "Acme AB");
    press(&mut app, KeyCode::Esc);
    assert!(mutations(&app.take_requests()).is_empty());
    assert!(!render(&app).contains("Delete organization"));
}

#[test]
fn read_only_refuses_every_write_in_one_place() {
    let mut app = loaded_app(true);
    select_acme(&mut app);
    serve(&mut app);
    for (key, label) in [('n', "new"), ('e', "edit"), ('d', "delete")] {
        press(&mut app, KeyCode::Char(key));
        let screen = render(&app);
        assert!(
            screen.contains(&format!("read-only: {label} is disabled")),
            "{screen}"
        );
        assert!(!screen.contains("New organization") && !screen.contains("Delete organization"));
    }
    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "org.create");
    press(&mut app, KeyCode::Enter);
    assert!(
        render(&app).contains("read-only: new is disabled"),
        "the palette goes through the same gate"
    );
    assert!(mutations(&app.take_requests()).is_empty());
}

#[test]
fn refresh_bypasses_the_cache_for_the_selected_node() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    press(&mut app, KeyCode::Char('l'));
    serve(&mut app);
    press(&mut app, KeyCode::Char('r'));
    let requests = app.take_requests();
    assert!(
        requests
            .iter()
            .all(|r| matches!(r, ApiRequest::Refresh { .. }))
    );
    assert_eq!(
        reads(&requests),
        vec![
            Resource::Organization {
                org: "o-acme".into()
            },
            Resource::OrgServices {
                org: "o-acme".into()
            }
        ]
    );
}

#[test]
fn hostile_server_text_never_reaches_the_terminal() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("EvilRedCorp"));
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!screen.contains(bad), "{bad:?} leaked");
    }
    assert!(!screen.contains("pwned"));
}

#[test]
fn navigation_keys_and_quit() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::End);
    assert!(render(&app).contains("Zeta Systems Oy"));
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Char('h'));
    press(&mut app, KeyCode::Char('h'));
    assert!(
        !render(&app).contains("Zeta Systems Oy"),
        "collapsed the root"
    );
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'd');
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Char('?'));
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit(), "q closes help first");
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
    let mut app = loaded_app(false);
    ctrl(&mut app, 'c');
    assert!(app.should_quit());
}

#[test]
fn flash_expires_after_ticks() {
    let mut app = loaded_app(true);
    press(&mut app, KeyCode::Char('n'));
    assert!(app.needs_ticks());
    for _ in 0..100 {
        app.tick();
    }
    assert!(!app.needs_ticks(), "nothing animates: the loop can sleep");
    assert!(!render(&app).contains("read-only:"));
}

#[test]
fn tiny_terminals_never_panic() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut screens = Vec::new();
    for setup in ["", "?", "n", "jd", ":", "/x"] {
        let mut app = loaded_app(false);
        select_acme(&mut app);
        serve(&mut app);
        press(&mut app, KeyCode::Char('l'));
        serve(&mut app);
        keys(&mut app, setup);
        screens.push(app);
    }
    for app in &screens {
        for (w, h) in [
            (1, 1),
            (2, 3),
            (10, 4),
            (20, 6),
            (33, 9),
            (60, 12),
            (200, 60),
        ] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal
                .draw(|frame| tenantdeck::ui::draw(frame, app))
                .unwrap();
        }
    }
}

#[test]
fn moving_fast_fetches_only_the_record_where_the_selection_rests() {
    let mut app = loaded_app(false);
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('j'));
    }
    assert_eq!(
        reads(&app.take_requests()),
        vec![Resource::Organization {
            org: "o-evil".into()
        }]
    );
}
