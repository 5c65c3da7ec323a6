//! Issue 10: `t` (show in tree) is a jump that `Ctrl-O` (or `Esc` in the tree) comes back
//! from, screens and all; and single edits are journaled with the names the console knew at
//! the time, so the activity view and undo show names instead of ids.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::Mutation;
use tenantdeck::app::App;
use tenantdeck::bulk::worker::BulkCommand;
use tenantdeck::domain::{OrganizationServiceAdd, SubscriptionUserSet};

/// Acme's users, the first user's first subscription focused, then `t`.
fn jump_from_users(app: &mut App) {
    select_acme(app);
    serve(app);
    press(app, KeyCode::Char('u'));
    serve(app);
    serve(app);
    press(app, KeyCode::Enter);
    press(app, KeyCode::Char('t'));
    serve(app);
    serve(app);
    let screen = render(app);
    assert!(
        screen.contains("reseller Nordic Cloud Partner"),
        "in the tree: {screen}"
    );
}

#[test]
fn ctrl_o_goes_back_from_show_in_tree_to_the_users_screen_as_it_was() {
    let mut app = loaded_app(false);
    jump_from_users(&mut app);
    ctrl(&mut app, 'o');
    let screen = render(&app);
    assert!(screen.contains("Acme AB › Users"), "back: {screen}");
    assert!(
        screen.contains("› Subscription") || screen.contains("Business Basic"),
        "with its subscriptions pane: {screen}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    let screen = render(&app);
    assert!(
        screen.contains("reseller Nordic Cloud Partner"),
        "Esc still leaves the users screen for the tree below: {screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains('›') && l.contains("Acme AB")),
        "where the tree was left: {screen}"
    );
}

#[test]
fn esc_in_the_tree_after_a_jump_goes_back_and_ctrl_o_without_one_says_so() {
    let mut app = loaded_app(false);
    jump_from_users(&mut app);
    press(&mut app, KeyCode::Esc);
    assert!(render(&app).contains("Acme AB › Users"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'o');
    assert!(render(&app).contains("no jump to go back to"));
}

/// What the worker is handed for a single edit: the journaled target.
fn journaled_target(app: &App, mutation: Mutation) -> String {
    match app.single_edit(1, mutation) {
        BulkCommand::Single { item, .. } => item.target,
        other => panic!("a single edit, not {other:?}"),
    }
}

#[test]
fn single_edits_are_journaled_with_names_not_ids() {
    let mut app = loaded_app(false);
    // Acme's services, subscriptions and the users of "Business Basic", as the tree shows them.
    select_acme(&mut app);
    serve(&mut app);
    keys(&mut app, "ll");
    serve(&mut app);
    keys(&mut app, "ll");
    serve(&mut app);
    keys(&mut app, "ll");
    serve(&mut app);
    let unassign = Mutation::UnassignUser {
        org: "o-acme".into(),
        service: "s-m365".into(),
        subscription: "sub-basic".into(),
        user: "u-lena".into(),
    };
    assert_eq!(
        journaled_target(&app, unassign),
        "Lena Berg on Microsoft 365 · Business Basic"
    );
    let cancel = Mutation::CancelSubscription {
        org: "o-acme".into(),
        service: "s-m365".into(),
        subscription: "sub-e3".into(),
    };
    assert_eq!(
        journaled_target(&app, cancel),
        "Microsoft 365 · Office 365 E3 in Acme AB"
    );
    // The catalog loads the E-store: a service being added is named from it.
    press(&mut app, KeyCode::Char('s'));
    serve(&mut app);
    let add = Mutation::AddService {
        org: "o-acme".into(),
        input: OrganizationServiceAdd {
            service_id: "s-backup".into(),
            custom_properties: vec![],
        },
    };
    assert_eq!(journaled_target(&app, add), "Cloud Backup in Acme AB");
    let unknown = Mutation::AssignUser {
        org: "o-acme".into(),
        service: "s-gone".into(),
        subscription: "sub-gone".into(),
        input: SubscriptionUserSet {
            user_id: "u-nobody".into(),
            ..Default::default()
        },
    };
    assert_eq!(
        journaled_target(&app, unknown),
        "u-nobody on sub-gone",
        "ids only where no name is known"
    );
}
