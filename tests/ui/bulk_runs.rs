//! Bulk runs of many items from the tree (the set-up is `bulk.rs`'s): what reloads once per
//! batch and after the run, runs that ask for their count, and the last message read whole.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{Mutation, Resource};
use tenantdeck::app::App;
use tenantdeck::bulk::plan::{BulkItem, BulkPlan};
use tenantdeck::bulk::runner::BulkEvent;
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate};

use crate::bulk::*;

/// Setting many organizations inactive, as a run's batches report it.
fn org_updates(n: usize) -> Vec<Mutation> {
    (0..n)
        .map(|i| Mutation::UpdateOrganization {
            org: format!("o-{i}"),
            input: Default::default(),
        })
        .collect()
}

fn organization_reads(app: &mut App) -> usize {
    reads(&app.take_requests())
        .iter()
        .filter(|r| matches!(r, Resource::Organizations))
        .count()
}

#[test]
fn a_batch_of_changes_reloads_the_organization_list_once() {
    let mut app = loaded_app(false);
    app.take_requests();
    app.handle_bulk_update(BulkUpdate::Changed {
        mutations: org_updates(5000),
    });
    assert_eq!(
        organization_reads(&mut app),
        1,
        "5,000 organizations changed: one reload of the list"
    );
}

#[test]
fn what_the_tree_shows_reloads_after_the_run_not_during_it() {
    let mut app = assignment();
    let (run, _) = start_assigning(&mut app);
    app.take_requests();
    app.handle_bulk_update(BulkUpdate::Changed {
        mutations: org_updates(3),
    });
    assert_eq!(organization_reads(&mut app), 0, "not while the run goes");
    progress(
        &mut app,
        &run,
        BulkEvent::Ended {
            stopped: false,
            gave_up: None,
        },
    );
    assert_eq!(organization_reads(&mut app), 1, "once it ended");
    assert_eq!(organization_reads(&mut app), 0, "and only once");
}

#[test]
fn a_run_of_more_than_a_hundred_items_asks_for_its_count() {
    let mut app = loaded_app(false);
    let items = (0..150)
        .map(|i| BulkItem {
            target: format!("org {i:03}"),
            before: "active".into(),
            after: "inactive".into(),
            mutation: Mutation::SetOrganizationActive {
                org: format!("o{i}"),
                name: format!("org {i:03}"),
                active: false,
            },
            undo: None,
        })
        .collect();
    app.preview_bulk(BulkPlan {
        action: "set organizations inactive".into(),
        items,
        invalid: Vec::new(),
    });
    assert!(
        render(&app).contains("Changes 150 items. Type their count, 150"),
        "{}",
        render(&app)
    );
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Enter);
    assert!(
        app.take_bulk_commands().is_empty(),
        "one key never runs 150"
    );
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "150");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.take_bulk_commands().as_slice(),
        [BulkCommand::Start { plan, .. }] if plan.items.len() == 150
    ));
}

#[test]
fn bang_shows_the_last_message_whole_after_its_flash_is_gone() {
    let mut app = assignment();
    let long = "the server refused: ".to_string() + &"a long reason that goes on ".repeat(8);
    app.handle_api_event(tenantdeck::api::ApiEvent::LoadFailed {
        id: u64::MAX,
        resource: Resource::Organizations,
        error: tenantdeck::api::ApiError::Server {
            status: 500,
            message: long.clone(),
        },
    });
    for _ in 0..500 {
        app.tick();
    }
    keys(&mut app, "!");
    let screen = render(&app);
    assert!(screen.contains("Last message"), "{screen}");
    assert!(
        screen.contains("goes on a long reason that goes on"),
        "wrapped, not cut: {screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(!render(&app).contains("Last message"));
}

#[test]
fn a_preview_waits_while_the_list_it_is_built_from_reloads_after_a_run() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    serve(&mut app);
    ctrl(&mut app, 'a');
    // A run just changed a user's role: the list on screen says what was so before.
    let lena = users().into_iter().find(|u| u.id == "u-lena").unwrap();
    app.handle_bulk_update(BulkUpdate::Changed {
        mutations: vec![Mutation::UpdateUser {
            org: "o-acme".into(),
            user: lena.id.clone(),
            input: Box::new(tenantdeck::bulk::plan::user_input(&lena)),
        }],
    });
    press(&mut app, KeyCode::Char('R'));
    assert!(
        render(&app).contains("the list is reloading after a change"),
        "{}",
        render(&app)
    );
    assert!(
        !render(&app).contains("Bulk run"),
        "no preview from old rows"
    );
    serve(&mut app);
    press(&mut app, KeyCode::Char('R'));
    assert!(render(&app).contains("Bulk run"), "{}", render(&app));
}

/// 150 active organizations, loaded.
fn many_organizations() -> App {
    use tenantdeck::api::ResourceData;
    use tenantdeck::domain::OrganizationSummary;
    let mut app = App::new(session(false));
    let requests = app.take_requests();
    let orgs = (0..150)
        .map(|n| OrganizationSummary {
            id: format!("o-{n:03}").into(),
            name: format!("Org {n:03}").into(),
            is_active: true,
            ..Default::default()
        })
        .collect();
    let list = requests
        .iter()
        .zip(ids(&requests))
        .find(|(r, _)| {
            matches!(
                r,
                tenantdeck::api::ApiRequest::Fetch {
                    resource: Resource::Organizations,
                    ..
                }
            )
        })
        .map(|(_, id)| id)
        .expect("the list is asked for");
    app.handle_api_event(loaded(
        list,
        Resource::Organizations,
        ResourceData::Organizations(orgs),
    ));
    app
}

#[test]
fn a_preview_that_asks_for_its_count_still_browses_and_switches_its_option() {
    let mut app = many_organizations();
    ctrl(&mut app, 'a');
    press(&mut app, KeyCode::Char('x'));
    let screen = render(&app);
    assert!(screen.contains("Type their count, 150"), "{screen}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let screen = render(&app);
    assert!(
        screen.contains("› Org 002"),
        "arrows move through the items while the count is asked for:\n{screen}"
    );
    press(&mut app, KeyCode::Char('c'));
    let screen = render(&app);
    assert!(
        screen.contains("0 items · 150 left out"),
        "c shows the other option (set active: every one is already active):\n{screen}"
    );
    assert!(
        !screen.contains("to confirm: c"),
        "c is not typed into the count:\n{screen}"
    );
    press(&mut app, KeyCode::Char('c'));
    keys(&mut app, "150");
    assert!(render(&app).contains("to confirm: 150"));
    press(&mut app, KeyCode::Enter);
    let commands = app.take_bulk_commands();
    assert!(
        matches!(commands.as_slice(), [BulkCommand::Start { plan, .. }] if plan.items.len() == 150),
        "{commands:?}"
    );
}

#[test]
fn backspace_in_the_count_deletes_a_digit_and_keeps_the_preview() {
    let mut app = many_organizations();
    ctrl(&mut app, 'a');
    press(&mut app, KeyCode::Char('x'));
    keys(&mut app, "1599");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Backspace);
    let screen = render(&app);
    assert!(screen.contains("to confirm: 19"), "{screen}");
    assert!(
        screen.contains("Bulk run"),
        "still on the preview:\n{screen}"
    );
}
