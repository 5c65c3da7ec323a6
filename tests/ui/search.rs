//! Issue 13, one search: `Ctrl-K` over everything loaded, `Enter` to the hit on its own screen
//! with the screens below it built, `Esc` back up, `Ctrl-O` back to where the search started.

use crate::ui_support::*;
use ratatui::crossterm::event::KeyCode;
use tenantdeck::api::{Resource, ResourceData};
use tenantdeck::app::App;
use tenantdeck::app::screen::Screen;
use tenantdeck::domain::hierarchy::OrgNode;

/// Acme's users read once (the users screen opened and left), then the administrators
/// screen open: where the search starts.
fn users_seen_then_admins() -> App {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Char('u'));
    serve(&mut app);
    serve(&mut app);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('A'));
    serve(&mut app);
    serve(&mut app);
    assert!(render(&app).contains("Administrators"));
    app
}

fn selected_user(app: &App) -> Option<String> {
    match app.top() {
        Some(Screen::Users(users)) => users.users.selected_id().map(str::to_string),
        _ => None,
    }
}

#[test]
fn part_of_an_e_mail_finds_the_user_and_enter_lands_on_them_esc_walks_back_ctrl_o_returns() {
    let mut app = users_seen_then_admins();
    ctrl(&mut app, 'k');
    keys(&mut app, "nils@acm");
    let screen = render(&app);
    assert!(screen.contains("Nils Holm"), "{screen}");
    assert!(
        screen.contains("· Acme AB"),
        "with its organization: {screen}"
    );
    assert!(screen.contains("Users"), "grouped: {screen}");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(screen.contains("Acme AB › Users"), "{screen}");
    assert_eq!(selected_user(&app).as_deref(), Some("u-nils"));
    serve(&mut app);
    assert_eq!(
        selected_user(&app).as_deref(),
        Some("u-nils"),
        "still, once loaded"
    );

    press(&mut app, KeyCode::Esc);
    let screen = render(&app);
    assert!(screen.contains("reseller Nordic Cloud Partner"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains('›') && l.contains("Acme AB")),
        "the tree on the user's organization: {screen}"
    );
    ctrl(&mut app, 'o');
    let screen = render(&app);
    assert!(
        matches!(app.top(), Some(Screen::Admins(_))),
        "back where the search started: {screen}"
    );
}

#[test]
fn an_organization_hit_is_selected_in_the_tree_whatever_its_filter() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char('/'));
    keys(&mut app, "zeta");
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'k');
    keys(&mut app, "C-1002");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(
        screen
            .lines()
            .any(|l| l.contains('›') && l.contains("björk & Co")),
        "selected, the filter cleared: {screen}"
    );
    ctrl(&mut app, 'o');
    let screen = render(&app);
    assert!(
        screen.contains("/zeta") || screen.contains("zeta"),
        "{screen}"
    );
    assert!(!screen.contains("björk"), "the filter is back: {screen}");
}

#[test]
fn a_subscription_opens_its_service_subscriptions_over_the_catalog() {
    let mut app = loaded_app(false);
    select_acme(&mut app);
    serve(&mut app);
    keys(&mut app, "ll");
    serve(&mut app);
    keys(&mut app, "ll");
    serve(&mut app);
    ctrl(&mut app, 'k');
    keys(&mut app, "office e3");
    press(&mut app, KeyCode::Enter);
    serve(&mut app);
    let screen = render(&app);
    assert!(screen.contains("Subscriptions"), "{screen}");
    match app.top() {
        Some(Screen::Subscriptions(subs)) => {
            assert_eq!(subs.table.selected_id(), Some("sub-e3"));
        }
        other => panic!("the subscriptions screen, not {other:?}"),
    }
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.top(), Some(Screen::Catalog(_))),
        "Esc: the catalog below"
    );
}

#[test]
fn what_was_never_opened_is_said_not_searched() {
    let mut app = loaded_app(false);
    ctrl(&mut app, 'k');
    keys(&mut app, "lena@");
    let screen = render(&app);
    assert!(
        screen.contains("0 matches"),
        "Acme's users were never read: {screen}"
    );
    assert!(
        screen.contains("users of 4 organizations"),
        "and it says so: {screen}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(!render(&app).contains("not searched"), "Esc closes it");
}

#[test]
fn find_in_the_palette_opens_the_search_with_the_rest_typed() {
    let mut app = loaded_app(false);
    press(&mut app, KeyCode::Char(':'));
    keys(&mut app, "find acme");
    press(&mut app, KeyCode::Enter);
    let screen = render(&app);
    assert!(screen.contains("Find"), "{screen}");
    assert!(screen.contains("1 match"), "{screen}");
}

#[test]
fn hostile_names_are_drawn_as_text() {
    let mut app = users_seen_then_admins();
    // On the tree: the administrators' "last seen" would date the snapshot.
    press(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'k');
    keys(&mut app, "evil");
    let screen = render(&app);
    assert!(screen.contains("EvilRedCorp"), "{screen}");
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!screen.contains(bad), "{bad:?} reached the screen");
    }
    insta::assert_snapshot!("search_overlay", screen);
}

/// A Pulse console over a hierarchy of a root, two organizations below it and one below those.
fn pulse_app() -> App {
    let session = tenantdeck::app::SessionInfo {
        provider: "Pulse IoT Center",
        provider_key: "pulse",
        capabilities: tenantdeck::providers::pulse::CAPABILITIES,
        ..session(false)
    };
    let node = |id: &str, name: &str, parent: Option<&str>| OrgNode {
        id: id.into(),
        name: name.into(),
        parent: parent.map(str::to_string),
        status: "ACTIVE".into(),
        active: true,
        ..Default::default()
    };
    let nodes = vec![
        node("n-root", "Nordic Root", None),
        node("n-a", "Aalto Office Supplies", Some("n-root")),
        node("n-b", "Bjorn Logistics", Some("n-root")),
        node("n-deep", "Aalto Warehouse East", Some("n-a")),
    ];
    let mut app = App::new(session);
    serve_with(&mut app, |r| {
        (*r == Resource::Hierarchy).then(|| ResourceData::Hierarchy(nodes.clone()))
    });
    app
}

#[test]
fn a_hierarchy_node_below_closed_ones_is_opened_to_and_selected() {
    let mut app = pulse_app();
    ctrl(&mut app, 'k');
    keys(&mut app, "warehouse aalto");
    let screen = render(&app);
    assert!(screen.contains("Aalto Warehouse East"), "{screen}");
    assert!(
        screen.contains("· Nordic Root › Aalto Office Supplies"),
        "where it is, so namesakes under other parents are told apart: {screen}"
    );
    press(&mut app, KeyCode::Enter);
    match app.top() {
        Some(Screen::Hierarchy(root)) => {
            assert_eq!(root.selected().map(|n| n.id.as_str()), Some("n-deep"));
        }
        other => panic!("the hierarchy, not {other:?}"),
    }
    ctrl(&mut app, 'o');
    match app.top() {
        Some(Screen::Hierarchy(root)) => {
            assert_ne!(
                root.selected().map(|n| n.id.as_str()),
                Some("n-deep"),
                "back"
            );
        }
        other => panic!("the hierarchy, not {other:?}"),
    }
}

#[test]
fn a_metal_member_opens_their_node_people_screen_on_them() {
    use tenantdeck::domain::people::{Member, Person};
    let session = tenantdeck::app::SessionInfo {
        provider: "Equinix Metal",
        provider_key: "metal",
        capabilities: tenantdeck::providers::metal::CAPABILITIES,
        ..session(false)
    };
    let org = OrgNode {
        id: "m-org".into(),
        name: "Aalto Compute".into(),
        status: "active".into(),
        active: true,
        ..Default::default()
    };
    let member = |id: &str, name: &str, email: &str| Member {
        id: id.into(),
        person: Person {
            id: format!("p-{id}"),
            name: name.into(),
            email: email.into(),
            ..Person::default()
        },
        container: "m-org".into(),
        roles: vec!["collaborator".into()],
        ..Default::default()
    };
    let members = vec![
        member("ms-1", "Kim Tamm", "kim@aalto.example"),
        member("ms-2", "Jane Doe", "jane.doe@aalto.example"),
    ];
    let mut app = App::new(session);
    for _ in 0..3 {
        serve_with(&mut app, |r| match r {
            Resource::Hierarchy => Some(ResourceData::Hierarchy(vec![org.clone()])),
            Resource::Members { .. } => Some(ResourceData::Members(members.clone())),
            Resource::Invitations { .. } => Some(ResourceData::Invitations(vec![])),
            Resource::Node { .. } => Some(ResourceData::Node(org.clone())),
            _ => None,
        });
    }
    ctrl(&mut app, 'k');
    keys(&mut app, "jane.doe@");
    let screen = render(&app);
    assert!(screen.contains("Members"), "{screen}");
    assert!(screen.contains("· Aalto Compute"), "{screen}");
    press(&mut app, KeyCode::Enter);
    match app.top() {
        Some(Screen::People(people)) => assert_eq!(people.members.selected_id(), Some("ms-2")),
        other => panic!("the people screen, not {other:?}"),
    }
    press(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.top(), Some(Screen::Hierarchy(_))),
        "Esc: the hierarchy"
    );
}
