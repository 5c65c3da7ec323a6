//! Issue 10 (items 2, 4, 5, 7, 14, 17): what the screen's state forbids is refused with the
//! reason and left out of the hints; read-only offers no writes anywhere; help and palette
//! columns do not collide; the main column keeps its width at 80x24 and `? help` stays on the
//! status bar; counts and wording read right; unknown keys say so. Whole screens at 80x24 are
//! insta snapshots.

use std::sync::Arc;

use crate::ui_support;
use crate::ui_support::people::normalize;
use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{ApiEvent, Mutation, Resource, ResourceData};
use tenantdeck::app::App;
use tenantdeck::domain::EstoreService;

/// The last line of a rendered screen: the key hints.
fn hints(screen: &str) -> String {
    screen.lines().last().unwrap_or_default().to_string()
}

/// The users of the cancelled Office 365 E3 subscription.
fn cancelled_assignment() -> App {
    let mut app = subscriptions_screen();
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    app
}

fn admins() -> App {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('A'));
    serve(&mut app);
    app
}

fn flash(app: &App) -> String {
    let screen = render_at(app, 160, 45);
    screen.lines().rev().nth(1).unwrap_or_default().to_string()
}

#[test]
fn a_cancelled_subscriptions_users_cannot_be_changed_and_its_hints_offer_no_change() {
    let mut app = cancelled_assignment();
    let screen = render_at(&app, 160, 45);
    assert!(screen.contains("can be viewed but not changed"), "{screen}");
    let offered = hints(&screen);
    for hint in ["a assign", "u unassign", "x external id"] {
        assert!(!offered.contains(hint), "{hint} offered: {offered}");
    }
    assert!(offered.contains("R set role"), "{offered}");
    for key in ['a', 'u', 'x'] {
        // Marked users too: the refusal comes before any preview.
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Char(key));
        assert!(
            mutations(&app.take_requests()).is_empty(),
            "{key} sent a write"
        );
        let screen = render_at(&app, 160, 45);
        assert!(
            flash(&app).contains("this subscription is cancelled"),
            "{key}: {screen}"
        );
        assert!(!screen.contains("Unassign user"), "{key} opened a dialog");
        assert!(!screen.contains("Bulk run"), "{key} opened a preview");
    }
}

#[test]
fn an_active_subscriptions_users_can_still_be_assigned() {
    let mut app = subscriptions_screen();
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    let offered = hints(&render_at(&app, 160, 45));
    assert!(offered.contains("a assign") && offered.contains("u unassign"));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('a'));
    let sent = mutations(&app.take_requests());
    assert!(
        matches!(sent.as_slice(), [(_, Mutation::AssignUser { .. })]),
        "{sent:?}"
    );
}

#[test]
fn a_cancelled_subscription_offers_no_quantity_or_cancel() {
    let mut app = subscriptions_screen();
    assert!(hints(&render_at(&app, 160, 45)).contains("d cancel"));
    press(&mut app, KeyCode::Char('j'));
    let offered = hints(&render_at(&app, 160, 45));
    assert!(
        !offered.contains("e quantity") && !offered.contains("d cancel"),
        "{offered}"
    );
    press(&mut app, KeyCode::Char('d'));
    assert!(flash(&app).contains("already cancelled"));
}

#[test]
fn read_only_hints_help_and_palette_offer_no_writes() {
    let mut app = loaded_app(true);
    select_acme(&mut app);
    serve(&mut app);
    let offered = hints(&render_at(&app, 160, 45));
    for write in ["n new", "e edit", "d delete", "z undo"] {
        assert!(!offered.contains(write), "{write}: {offered}");
    }
    assert!(
        offered.contains("s catalog") && offered.contains("? help"),
        "{offered}"
    );

    press(&mut app, KeyCode::Char('?'));
    let help = render_at(&app, 160, 45);
    let line = help
        .lines()
        .find(|l| l.contains("Create an organization"))
        .unwrap();
    assert!(line.contains("(off: read-only)"), "{line}");
    assert!(!help.contains("(writes)"), "no write is offered: {help}");
    press(&mut app, KeyCode::Esc);

    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "org.");
    let palette = render_at(&app, 160, 45);
    let line = palette.lines().find(|l| l.contains("org.create")).unwrap();
    assert!(line.contains("read-only: new is disabled"), "{line}");
    press(&mut app, KeyCode::Enter);
    assert!(
        reads(&app.take_requests())
            .iter()
            .all(|r| r != &Resource::Organizations)
    );

    // The same holds on every screen: the catalog's writes are not offered either.
    let app = catalog_screen(true);
    let offered = hints(&render_at(&app, 160, 45));
    assert!(!offered.contains("a add"), "{offered}");
}

#[test]
fn unknown_keys_say_there_is_no_command_but_typed_keys_are_text() {
    let mut app = loaded_app(false);
    for key in ['w', 'W', 'c', 'T'] {
        press(&mut app, KeyCode::Char(key));
        assert!(
            flash(&app).contains(&format!("no command on {key} here (? for help)")),
            "{key}: {}",
            flash(&app)
        );
    }
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "w");
    assert!(!flash(&app).contains("no command"), "typed into the filter");
    assert!(render_at(&app, 160, 45).contains("/ w"));

    let mut app = catalog_screen(false);
    press(&mut app, KeyCode::Char('w'));
    assert!(flash(&app).contains("no command on w here"));
}

#[test]
fn the_tree_hints_name_the_global_keys_and_always_end_with_help() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    let wide = hints(&render_at(&app, 160, 45));
    for hint in [
        "u users",
        "A admins",
        "L activity",
        "z undo",
        "q quit",
        "? help",
    ] {
        assert!(wide.contains(hint), "{hint}: {wide}");
    }
    for app in [
        loaded_app(false),
        catalog_screen(false),
        subscriptions_screen(),
        admins(),
    ] {
        let narrow = hints(&render_at(&app, 80, 24));
        assert!(
            narrow.trim_end_matches([' ', '"']).ends_with("? help"),
            "{narrow}"
        );
    }
}

#[test]
fn help_scrolls_with_g_and_pages_and_searches_with_slash() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('?'));
    let top = render_at(&app, 80, 24);
    assert!(top.contains("Organization tree (here)"), "{top}");
    press(&mut app, KeyCode::PageDown);
    let paged = render_at(&app, 80, 24);
    assert!(!paged.contains("Organization tree (here)"), "{paged}");
    press(&mut app, KeyCode::Char('G'));
    let bottom = render_at(&app, 80, 24);
    assert!(
        bottom.contains("Filter the tree to the selected group's or"),
        "the end: {bottom}"
    );
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(render_at(&app, 80, 24), top);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(render_at(&app, 80, 24), top);

    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "undo");
    let found = render_at(&app, 80, 24);
    assert!(found.contains("Revert the last single edit"), "{found}");
    assert!(!found.contains("Leave tenantdeck"), "{found}");
    assert!(!app.should_quit() && found.contains("/ undo"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(render_at(&app, 80, 24), top, "Esc clears the search");
    press(&mut app, KeyCode::Esc);
    assert!(
        !render_at(&app, 80, 24).contains("Help —"),
        "then Esc closes"
    );
}

#[test]
fn help_on_a_screen_starts_with_that_screens_commands() {
    let mut app = catalog_screen(false);
    press(&mut app, KeyCode::Char('?'));
    let screen = render_at(&app, 160, 45);
    let first = screen.lines().nth(2).unwrap();
    assert!(first.contains("Service catalog (here)"), "{screen}");
    let line = screen
        .lines()
        .find(|l| l.contains("Update the added service"))
        .unwrap();
    assert!(
        line.contains("(not now: Tab to the added services"),
        "{line}"
    );
}

#[test]
fn help_and_palette_columns_keep_two_spaces_apart() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "org.bulk");
    let screen = render_at(&app, 160, 45);
    let line = screen
        .lines()
        .find(|l| l.contains("org.bulk_add_service"))
        .unwrap();
    assert!(line.contains("org.bulk_add_service  S  "), "{line}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('?'));
    let screen = render_at(&app, 160, 45);
    for line in screen.lines().filter(|l| l.starts_with("│   ")) {
        let body = line.trim_start_matches('│');
        assert!(!body.contains("Enter subscriptionsOpen"), "{line}");
        assert!(!body.contains("firstSort"), "{line}");
        assert!(!body.contains("BackspaceClear"), "{line}");
    }
}

/// Four E-store services whose names differ only at the end.
fn similar_estore(app: &mut App) {
    let names = [
        "Microsoft 365 Business Basic",
        "Microsoft 365 Business Standard",
        "Microsoft 365 Business Premium",
        "Microsoft 365 Apps for business",
    ];
    let services = names
        .iter()
        .enumerate()
        .map(|(i, name)| EstoreService {
            id: format!("s-ms{i}"),
            name: name.to_string(),
            vendor_name: "Microsoft".into(),
            category: "Productivity".into(),
        })
        .collect();
    app.handle_api_event(ApiEvent::Loaded {
        id: 999,
        resource: Resource::Estore {
            org: "o-acme".into(),
        },
        data: Arc::new(ResourceData::Estore(services)),
        stale: false,
        skipped: 0,
    });
}

#[test]
fn at_80_columns_the_name_column_keeps_its_width() {
    let mut app = catalog_screen(false);
    similar_estore(&mut app);
    let screen = render_at(&app, 80, 24);
    // Each row tells its service apart (the longest may end in …; none is cut to "Microsoft…").
    for name in [
        "Microsoft 365 Business Basic",
        "Microsoft 365 Business Stand",
        "Microsoft 365 Business Premium",
        "Microsoft 365 Apps for bus",
    ] {
        assert!(screen.contains(name), "{name}: {screen}");
    }
    // Administrators: two roles that start alike stay apart, names whole.
    let mut app = admins();
    let mut list = ui_support::people::admins();
    list[0].role_name = "Key Account Manager".into();
    list[1].role_name = "Key Account View Only Manager".into();
    app.handle_api_event(loaded(
        997,
        Resource::Administrators,
        ResourceData::Administrators(list),
    ));
    let screen = render_at(&app, 80, 24);
    assert!(screen.contains("Liis Saar"), "{screen}");
    assert!(screen.contains("Key Account M"), "{screen}");
    assert!(screen.contains("Key Account V"), "{screen}");
}

#[test]
fn counts_and_wording_read_right() {
    let app = admins();
    let screen = render_at(&app, 160, 45);
    assert!(
        screen.contains("Administrators · 4 administrators"),
        "{screen}"
    );
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    let one = vec![ui_support::users().remove(0)];
    app.handle_api_event(loaded(
        998,
        Resource::Users {
            org: "o-acme".into(),
        },
        ResourceData::Users(one),
    ));
    let screen = render_at(&app, 160, 45);
    assert!(screen.contains("Users · 1 user "), "{screen}");
    assert!(!screen.contains("1 users"), "{screen}");

    // Cancelling a subscription: Esc keeps it, y cancels; not "cancel" for both.
    let mut app = subscriptions_screen();
    press(&mut app, KeyCode::Char('d'));
    serve(&mut app);
    let screen = render_at(&app, 160, 45);
    assert!(
        screen.contains("Esc keep it (default)   y cancel the subscription"),
        "{screen}"
    );
}

#[test]
fn a_cancelled_subscriptions_status_says_cancelled_once() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    for key in ['l', 'j', 'l', 'j', 'j'] {
        press(&mut app, KeyCode::Char(key));
        serve(&mut app);
    }
    let screen = render_at(&app, 160, 45);
    assert!(screen.contains("Office 365 E3"), "{screen}");
    let status = screen.lines().find(|l| l.contains("Status ")).unwrap();
    assert!(status.contains("Cancelled"), "{status}");
    assert!(!status.contains("Cancelled (cancelled)"), "{status}");
}

#[test]
fn deleting_an_organization_names_it() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('d'));
    keys(&mut app, "Acme AB");
    press(&mut app, KeyCode::Enter);
    let requests = app.take_requests();
    answer(&mut app, &requests, Ok(None));
    assert!(
        flash(&app).contains("deleted the organization Acme AB"),
        "{}",
        flash(&app)
    );
}

#[test]
fn tree_at_80x24() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    for key in ['l', 'j', 'l'] {
        press(&mut app, KeyCode::Char(key));
        serve(&mut app);
    }
    insta::assert_snapshot!(render_at(&app, 80, 24));
}

#[test]
fn estore_at_80x24() {
    let mut app = catalog_screen(false);
    similar_estore(&mut app);
    insta::assert_snapshot!(render_at(&app, 80, 24));
}

#[test]
fn subscriptions_at_80x24() {
    let app = subscriptions_screen();
    insta::assert_snapshot!(render_at(&app, 80, 24));
}

#[test]
fn administrators_at_80x24() {
    let app = admins();
    insta::assert_snapshot!(normalize(&render_at(&app, 80, 24)));
}

#[test]
fn help_at_80x24() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(render_at(&app, 80, 24));
}

#[test]
fn palette_at_80x24() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "org");
    insta::assert_snapshot!(render_at(&app, 80, 24));
}

#[test]
fn organization_commands_are_offered_only_on_an_organization() {
    let mut app = loaded_app(false);
    let offered = hints(&render_at(&app, 160, 45));
    assert!(!offered.contains("e edit"), "the reseller row: {offered}");
    press(&mut app, KeyCode::Char('e'));
    assert!(flash(&app).contains("select an organization to edit"));
    select_acme(&mut app);
    serve(&mut app);
    let offered = hints(&render_at(&app, 160, 45));
    assert!(
        offered.contains("e edit") && offered.contains("d delete"),
        "{offered}"
    );
}
