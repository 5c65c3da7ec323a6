//! Marks and bulk runs on the fixtures: Space/V/Ctrl-A/clear and what survives filter, sort
//! and reload; the preview (items left out, the word for large deletes), progress and result
//! snapshots; Esc stops; "retry failed" sends only the failed items again.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{Mutation, Resource};
use tenantdeck::app::App;
use tenantdeck::bulk::journal::{ItemState, Outcome};
use tenantdeck::bulk::plan::{BulkItem, BulkPlan, InvalidItem, SharedPlan};
use tenantdeck::bulk::runner::BulkEvent;
use tenantdeck::bulk::worker::{BulkCommand, BulkUpdate};

/// The users of Acme's active Business Basic subscription (Lena and Olof are assigned).
pub(crate) fn assignment() -> App {
    assignment_as(false)
}

pub(crate) fn assignment_as(read_only: bool) -> App {
    let mut app = loaded_app(read_only);
    select_acme(&mut app);
    serve(&mut app);
    for key in [
        KeyCode::Char('s'),
        KeyCode::Tab,
        KeyCode::Enter,
        KeyCode::Enter,
    ] {
        serve(&mut app);
        press(&mut app, key);
        serve(&mut app);
    }
    serve(&mut app);
    app
}

pub(crate) fn status_line(app: &App) -> String {
    let screen = render(app);
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len() - 2].to_string()
}

pub(crate) fn progress(app: &mut App, run: &str, event: BulkEvent) {
    app.handle_bulk_update(BulkUpdate::Progress {
        run: run.to_string(),
        events: vec![event],
    });
}

pub(crate) fn ok() -> Outcome {
    Outcome::Ok {
        created: None,
        verified: false,
    }
}

/// Marks all users, presses `a`, and returns the run the preview started after `y`.
pub(crate) fn start_assigning(app: &mut App) -> (String, SharedPlan) {
    ctrl(app, 'a');
    press(app, KeyCode::Char('a'));
    press(app, KeyCode::Char('y'));
    match app.take_bulk_commands().as_slice() {
        [BulkCommand::Start { run, plan }] => (run.clone(), plan.clone()),
        other => panic!("expected one start, got {other:?}"),
    }
}

#[test]
fn marks_follow_the_data_through_filter_sort_and_reload() {
    let mut app = assignment();
    press(&mut app, KeyCode::Char(' '));
    assert!(
        status_line(&app).contains("1 marked"),
        "{}",
        status_line(&app)
    );
    press(&mut app, KeyCode::Char('j'));
    keys(&mut app, "V");
    assert!(status_line(&app).contains("3 marked"));
    press(&mut app, KeyCode::Char('o'));
    press(&mut app, KeyCode::Char('O'));
    keys(&mut app, "/eva");
    press(&mut app, KeyCode::Enter);
    assert!(
        status_line(&app).contains("3 marked"),
        "sorting and filtering keep marks"
    );
    press(&mut app, KeyCode::Esc);
    assert!(
        !status_line(&app).contains("marked"),
        "Esc clears the marks first"
    );
    assert!(render(&app).contains("eva"), "the filter is still there");
    press(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'a');
    assert!(
        status_line(&app).contains("5 marked"),
        "Ctrl-A marks every shown row"
    );
    // A reload without Nils drops his mark.
    press(&mut app, KeyCode::Char('r'));
    let requests = app.take_requests();
    for (id, resource) in requests.iter().filter_map(|r| match r {
        tenantdeck::api::ApiRequest::Refresh { id, resource } => Some((*id, resource.clone())),
        _ => None,
    }) {
        let data = match &resource {
            Resource::Users { .. } => tenantdeck::api::ResourceData::Users(
                users().into_iter().filter(|u| u.id != "u-nils").collect(),
            ),
            other => fixture(other).unwrap(),
        };
        app.handle_api_event(loaded(id, resource, data));
    }
    assert!(
        status_line(&app).contains("4 marked"),
        "{}",
        status_line(&app)
    );
}

#[test]
fn marks_in_the_tree_and_esc_clears_them() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char(' '));
    assert!(status_line(&app).contains("2 marked"));
    insta::assert_snapshot!("tree_with_marks", render(&app));
    press(&mut app, KeyCode::Esc);
    assert!(!status_line(&app).contains("marked"));
    ctrl(&mut app, 'a');
    assert!(status_line(&app).contains("4 marked"));
}

#[test]
fn assigning_marked_users_previews_runs_and_retries_only_the_failed() {
    let mut app = assignment();
    ctrl(&mut app, 'a');
    press(&mut app, KeyCode::Char('a'));
    assert!(
        app.take_requests()
            .iter()
            .all(|r| !matches!(r, tenantdeck::api::ApiRequest::Mutate { .. }))
    );
    insta::assert_snapshot!("bulk_assign_preview", render(&app));
    press(&mut app, KeyCode::Enter);
    assert!(
        app.take_bulk_commands().is_empty(),
        "Enter is not yes: Cancel is the default"
    );
    assert!(
        render(&app).contains("Change: not assigned → assigned"),
        "Enter reads the selected item whole"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    let commands = app.take_bulk_commands();
    let [BulkCommand::Start { run, plan }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(
        plan.items.len(),
        2,
        "Nils and the hostile name; Lena and Olof are assigned already"
    );
    assert!(
        plan.items.iter().all(|i| i.target != "Eva Lind"),
        "Eva has no role, so the API would refuse her: she is left out, not sent"
    );
    let run = run.clone();
    progress(&mut app, &run, BulkEvent::Started { item: 0 });
    progress(&mut app, &run, BulkEvent::Started { item: 1 });
    progress(
        &mut app,
        &run,
        BulkEvent::Finished {
            item: 0,
            outcome: ok(),
        },
    );
    insta::assert_snapshot!("bulk_assign_progress", render(&app));
    let failed = Outcome::Failed {
        message: "The subscription has no free seats".into(),
    };
    progress(
        &mut app,
        &run,
        BulkEvent::Finished {
            item: 1,
            outcome: failed,
        },
    );
    progress(
        &mut app,
        &run,
        BulkEvent::Ended {
            stopped: false,
            gave_up: None,
        },
    );
    insta::assert_snapshot!("bulk_assign_result", render(&app));

    press(&mut app, KeyCode::Char('R'));
    let commands = app.take_bulk_commands();
    let [
        BulkCommand::Continue {
            record,
            retry_failed: true,
        },
    ] = commands.as_slice()
    else {
        panic!("{commands:?}");
    };
    assert_eq!(
        record.states[0],
        ItemState::Finished(ok()),
        "the done item stays done"
    );
    assert!(matches!(
        record.states[1],
        ItemState::Finished(Outcome::Failed { .. })
    ));
    assert!(
        render(&app).contains("pending"),
        "the failed item is queued again"
    );
}

#[test]
fn esc_stops_launching_and_the_result_says_what_was_not_sent() {
    let mut app = assignment();
    let (run, _) = start_assigning(&mut app);
    progress(&mut app, &run, BulkEvent::Started { item: 0 });
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.take_bulk_commands(),
        vec![BulkCommand::Stop { run: run.clone() }]
    );
    assert!(render(&app).contains("stopping"));
    progress(
        &mut app,
        &run,
        BulkEvent::Finished {
            item: 0,
            outcome: ok(),
        },
    );
    progress(
        &mut app,
        &run,
        BulkEvent::Ended {
            stopped: true,
            gave_up: None,
        },
    );
    assert!(
        render(&app).contains("stopped: 1 not sent"),
        "{}",
        render(&app)
    );
    press(&mut app, KeyCode::Esc);
    assert!(render(&app).contains("Subscription users") || render(&app).contains("Assigned"));
}

#[test]
fn a_successful_item_reloads_what_it_touched() {
    let mut app = assignment();
    let (run, plan) = start_assigning(&mut app);
    app.handle_bulk_update(BulkUpdate::Changed {
        mutations: vec![plan.items[0].mutation.clone()],
    });
    progress(
        &mut app,
        &run,
        BulkEvent::Finished {
            item: 0,
            outcome: ok(),
        },
    );
    progress(
        &mut app,
        &run,
        BulkEvent::Ended {
            stopped: false,
            gave_up: None,
        },
    );
    press(&mut app, KeyCode::Esc);
    let reads = reads(&app.take_requests());
    assert!(
        reads
            .iter()
            .any(|r| matches!(r, Resource::SubscriptionUsers { .. })),
        "the assigned users reload: {reads:?}"
    );
}

#[test]
fn deleting_more_than_ten_asks_for_a_word_and_shows_items_left_out() {
    let mut app = loaded_app(false);
    let items = (0..12)
        .map(|i| BulkItem {
            target: format!("user{i:02}@acme.se"),
            before: "exists".into(),
            after: "deleted".into(),
            mutation: Mutation::DeleteUser {
                org: "o-acme".into(),
                user: format!("u{i}"),
            },
            undo: None,
        })
        .collect();
    app.preview_bulk(BulkPlan {
        action: "delete users".into(),
        items,
        invalid: vec![InvalidItem {
            target: "ann@partner.test".into(),
            reason: "that is you".into(),
        }],
    });
    insta::assert_snapshot!("bulk_delete_preview", render(&app));
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Enter);
    assert!(app.take_bulk_commands().is_empty(), "y is typed, not a yes");
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "delete");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(
        app.take_bulk_commands().as_slice(),
        [BulkCommand::Start { .. }]
    ));
}

#[test]
fn read_only_refuses_to_run_a_bulk_plan() {
    let mut app = assignment_as(true);
    ctrl(&mut app, 'a');
    press(&mut app, KeyCode::Char('a'));
    assert!(render(&app).contains("read-only"));
    assert!(app.take_bulk_commands().is_empty());
}

#[test]
fn changing_the_role_of_marked_users_lets_the_preview_pick_the_role() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    serve(&mut app);
    ctrl(&mut app, 'a');
    press(&mut app, KeyCode::Char('R'));
    let unchosen = render(&app);
    assert!(
        unchosen.contains("Role: none chosen"),
        "no role is picked for the user: {unchosen}"
    );
    press(&mut app, KeyCode::Char('y'));
    assert!(app.take_bulk_commands().is_empty(), "nothing runs unchosen");
    assert!(render(&app).contains("choose a role first"));
    press(&mut app, KeyCode::Char('c'));
    let first = render(&app);
    assert!(
        first.contains("Role: Organization Admin (1 of 2"),
        "{first}"
    );
    press(&mut app, KeyCode::Char('c'));
    insta::assert_snapshot!("bulk_user_role_preview", render(&app));
    press(&mut app, KeyCode::Char('y'));
    let commands = app.take_bulk_commands();
    let [BulkCommand::Start { plan, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(plan.action, "change role to Organization User");
    assert!(plan.items.iter().all(|i| i.after == "Organization User"));
    assert!(plan.items.iter().all(
        |i| matches!(&i.mutation, Mutation::UpdateUser { input, .. } if input.role_id == Some(2))
    ));
}

#[test]
fn deleting_marked_administrators_previews_every_one() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    serve(&mut app);
    ctrl(&mut app, 'a');
    press(&mut app, KeyCode::Char('d'));
    let screen = render(&app);
    assert!(screen.contains("Bulk: delete administrators"), "{screen}");
    press(&mut app, KeyCode::Char('y'));
    let commands = app.take_bulk_commands();
    let [BulkCommand::Start { plan, .. }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert!(
        plan.items
            .iter()
            .all(|i| matches!(i.mutation, Mutation::DeleteAdministrator { .. }))
    );
    assert_eq!(plan.items.len(), 4);
}

#[test]
fn an_interrupted_run_is_offered_at_startup_and_y_resumes_it() {
    let mut app = loaded_app(false);
    let item = |n: usize| BulkItem {
        target: format!("user{n}@acme.se"),
        before: "not assigned".into(),
        after: "assigned".into(),
        mutation: Mutation::UnassignUser {
            org: "o-acme".into(),
            service: "s".into(),
            subscription: "sub".into(),
            user: format!("u{n}"),
        },
        undo: None,
    };
    let record = tenantdeck::bulk::journal::RunRecord {
        run: "r-cut".into(),
        at: "2026-11-23T05:00:00Z".into(),
        profile: "prod".into(),
        server: None,
        action: "unassign from Business Basic".into(),
        items: vec![item(0), item(1), item(2)].into(),
        states: vec![
            ItemState::Finished(ok()),
            ItemState::Unknown,
            ItemState::Pending,
        ],
    };
    app.offer_resume(vec![record.clone()]);
    insta::assert_snapshot!("bulk_interrupted_offer", render(&app));
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(
        app.take_bulk_commands(),
        vec![BulkCommand::Continue {
            record,
            retry_failed: false
        }],
        "the journaled run goes on where it stood; nothing is journaled anew"
    );
}

#[test]
fn backspace_while_running_stops_instead_of_leaving_the_run() {
    let mut app = assignment();
    let (run, _) = start_assigning(&mut app);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.take_bulk_commands(), vec![BulkCommand::Stop { run }]);
    assert!(
        render(&app).contains("Bulk run"),
        "still on the run's screen"
    );
}

#[test]
fn quitting_during_a_run_asks_for_a_second_q() {
    let mut app = assignment();
    let (run, _) = start_assigning(&mut app);
    progress(&mut app, &run, BulkEvent::Started { item: 0 });
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit(), "the first q only warns");
    assert!(render(&app).contains("press q again"), "{}", render(&app));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit());
}
